/// Errors of the R1CS module: decoding of serialized constraint systems and witnesses.
/// Each case says what was expected and what was found, and where (byte offset / constraint index).
public enum R1CSError: Error, Equatable, CustomStringConvertible {
    /// The input ended early: `needed` bytes were required at `offset`, only `available` remain.
    case truncated(offset: Int, needed: Int, available: Int)
    /// The first 8 bytes are not the expected magic.
    case badMagic(expected: [UInt8], got: [UInt8])
    /// A format version this build does not understand.
    case unsupportedVersion(expected: UInt32, got: UInt32)
    /// Reserved flag bits were set.
    case unknownFlags(UInt32)
    /// A count is larger than the format or the remaining input allows.
    case countTooLarge(field: String, value: UInt64, limit: UInt64)
    /// A coefficient or value is ≥ r (non-canonical encodings are rejected, never reduced).
    case nonCanonicalFieldElement(offset: Int)
    /// A linear combination stores a zero coefficient (not normal form).
    case zeroCoefficient(constraint: Int, offset: Int)
    /// A linear combination's variable indices are not strictly increasing (not normal form).
    case termsNotStrictlyIncreasing(constraint: Int, offset: Int)
    /// A variable index is ≥ the system's variable count.
    case variableIndexOutOfRange(constraint: Int, index: Int, variableCount: Int)
    /// A label is not valid UTF-8.
    case invalidLabel(offset: Int)
    /// Bytes remain after a complete encoding.
    case trailingBytes(count: Int)
    /// A witness's first value (the constant wire) is not 1.
    case constantWireNotOne

    /// The one-line message shown to users, with the offsets, counts or indices involved.
    public var description: String {
        switch self {
        case let .truncated(offset, needed, available):
            return "truncated input: needed \(needed) bytes at offset \(offset), only \(available) remain"
        case let .badMagic(expected, got):
            return "wrong magic: expected \(expected), got \(got)"
        case let .unsupportedVersion(expected, got):
            return "unsupported format version \(got) (this build reads version \(expected))"
        case let .unknownFlags(flags):
            return "unknown flag bits set: \(flags)"
        case let .countTooLarge(field, value, limit):
            return "\(field) = \(value) exceeds the limit \(limit)"
        case let .nonCanonicalFieldElement(offset):
            return "field element at offset \(offset) is not canonical (≥ r)"
        case let .zeroCoefficient(constraint, offset):
            return "constraint #\(constraint): zero coefficient at offset \(offset) (not normal form)"
        case let .termsNotStrictlyIncreasing(constraint, offset):
            return "constraint #\(constraint): variable indices not strictly increasing at offset \(offset)"
        case let .variableIndexOutOfRange(constraint, index, variableCount):
            return "constraint #\(constraint): variable index \(index) out of range (variable count \(variableCount))"
        case let .invalidLabel(offset):
            return "label at offset \(offset) is not valid UTF-8"
        case let .trailingBytes(count):
            return "\(count) unexpected trailing bytes"
        case .constantWireNotOne:
            return "witness value z[0] must be 1"
        }
    }
}
