import Hashing

/// Errors of the R1CS module: decoding of serialized constraint systems and witnesses.
///
/// Invariant: the one case names the format ("R1CS", "witness") and carries the codec error, which says which
/// field, at which byte offset, and what was wrong (truncation, a count beyond the input, a non-canonical or
/// zero coefficient, indices out of order or range, invalid UTF-8, trailing bytes, an unknown version).
public enum R1CSError: Error, Equatable, CustomStringConvertible {
    /// `format` ("R1CS", "witness") could not be decoded, for the reason the codec error gives.
    case malformed(format: String, ByteCodecError)

    /// One line: the format, the field, the byte offset and what was wrong.
    public var description: String {
        switch self {
        case let .malformed(format, error): "malformed \(format) encoding: \(error)"
        }
    }

    /// Runs a decoder, turning its codec errors into this module's error (the one place that mapping happens).
    static func decoding<T>(_ format: String, _ decode: () throws(ByteCodecError) -> T) throws(R1CSError) -> T {
        do { return try decode() } catch { throw .malformed(format: format, error) }
    }
}
