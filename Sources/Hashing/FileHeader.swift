/// The header every binary file zkinfer writes starts with, so that any reader (and `zkinfer inspect`) can say
/// what a file is and which format version it has before parsing the rest:
///
/// ```
/// offset  size  field
/// 0       8     magic "ZKINFER\0"
/// 8       1     kind length k (1…64)
/// 9       k     kind, printable ASCII ("r1cs", "groth16-proving-key", "ledger", …)
/// 9+k     4     format version, u32 little-endian
/// 13+k    …     the body, in the format (kind, version) defines
/// ```
///
/// A format that wants an end-to-end check is *sealed*: its last 32 bytes are the SHA-256 of everything before
/// them, header included (`seal`/`unseal`). Whether a (kind, version) is sealed is part of its definition.
/// The layout is the first fields of zkinfer's earlier `BinaryEnvelope`, so old envelope files read as a header
/// of version 1 (whose body was a u64 length, the payload and its SHA-256).
///
/// Invariant: `kind` is 1…64 printable ASCII bytes; `read` accepts exactly what `write` produces.
public struct FileHeader: Sendable, Equatable {
    /// The 8 bytes every zkinfer binary file starts with.
    public static let magic: [UInt8] = Array("ZKINFER".utf8) + [0]
    /// Length of a seal (a SHA-256 digest).
    public static let sealByteCount = 32

    /// What the file holds ("r1cs", "ledger", …).
    public let kind: String
    /// The format version of `kind`.
    public let version: UInt32

    /// Precondition: `kind` is 1…64 printable ASCII bytes.
    public init(kind: String, version: UInt32) {
        precondition(Self.isValidKind(kind.utf8), "file kind must be 1...64 printable ASCII bytes")
        self.kind = kind
        self.version = version
    }

    /// Bytes the header takes.
    public var byteCount: Int { Self.magic.count + 1 + kind.utf8.count + 4 }

    /// Appends the header's bytes.
    public func write(to writer: inout ByteWriter) {
        writer.append(Self.magic)
        writer.append(UInt8(kind.utf8.count))
        writer.append(kind.utf8)
        writer.append(version, .littleEndian)
    }

    /// The header's bytes.
    public var bytes: [UInt8] {
        var writer = ByteWriter(capacity: byteCount)
        write(to: &writer)
        return writer.bytes
    }

    /// Whether `bytes` start with the header magic (cheap sniffing).
    public static func hasMagic(_ bytes: some Collection<UInt8>) -> Bool { bytes.starts(with: magic) }

    /// Reads and checks magic and kind; the version is returned as found (the caller decides what it reads).
    public static func read(from reader: inout ByteReader) throws(ByteCodecError) -> FileHeader {
        let found = try reader.take(magic.count, "file magic")
        guard found.elementsEqual(magic) else {
            throw ByteCodecError.invalid("file magic", at: 0, "not a zkinfer file (no \"ZKINFER\" magic)")
        }
        let length = Int(try reader.readByte("file kind length"))
        let kind = try reader.take(length, "file kind")
        guard isValidKind(kind) else {
            throw ByteCodecError.invalid("file kind", at: magic.count, "not 1...64 printable ASCII bytes")
        }
        let version = try reader.read(UInt32.self, .littleEndian, "file format version")
        return FileHeader(kind: String(decoding: kind, as: UTF8.self), version: version)
    }

    /// Reads the header and checks that the file holds `kind` in one of the `supported` versions; the message for
    /// anything else names both.
    public static func read(
        from reader: inout ByteReader, kind expected: String, supported: ClosedRange<UInt32>
    ) throws(ByteCodecError) -> FileHeader {
        let header = try read(from: &reader)
        guard header.kind == expected else {
            throw ByteCodecError.invalid(
                "file kind", at: magic.count, "this is a \"\(header.kind)\" file, not \"\(expected)\"")
        }
        guard supported.contains(header.version) else {
            let (low, high) = (supported.lowerBound, supported.upperBound)
            let range = low == high ? "version \(low)" : "versions \(low) to \(high)"
            let advice = header.version > supported.upperBound ? "written by a newer zkinfer" : "no longer supported"
            throw ByteCodecError.invalid(
                "file format version", at: header.byteCount - 4,
                "\(expected) version \(header.version) is \(advice) (this build reads \(range))")
        }
        return header
    }

    /// Appends the SHA-256 of all of `bytes` to them (a sealed format's last step).
    public static func seal(_ bytes: inout [UInt8]) {
        bytes += SHA256.hash(bytes)
    }

    /// The bytes of a sealed file without its seal, after checking the seal; a mismatch means the file was damaged.
    public static func unseal(_ bytes: [UInt8]) throws(ByteCodecError) -> ArraySlice<UInt8> {
        guard bytes.count >= sealByteCount else {
            throw ByteCodecError(
                field: "SHA-256 seal", offset: 0, reason: .truncated(needed: sealByteCount, available: bytes.count))
        }
        let end = bytes.count - sealByteCount
        guard SHA256.hash(bytes[..<end]).elementsEqual(bytes[end...]) else {
            throw ByteCodecError.invalid("SHA-256 seal", at: end, "does not match the file's contents (file damaged)")
        }
        return bytes[..<end]
    }

    private static func isValidKind(_ kind: some Collection<UInt8>) -> Bool {
        (1...64).contains(kind.count) && kind.allSatisfy { (0x20..<0x7F).contains($0) }
    }
}
