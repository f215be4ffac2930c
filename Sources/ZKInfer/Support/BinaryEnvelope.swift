/// The header every binary zkinfer artifact starts with, so that a reader can say what a file is, which
/// format version it has, and refuse what it does not understand before parsing the payload.
///
/// Layout (all integers little-endian):
/// ```
/// offset  size  field
/// 0       8     magic  "ZKINFER\0"
/// 8       1     kind length k (1…64)
/// 9       k     kind, ASCII (e.g. "r1cs", "groth16-proving-key")
/// 9+k     4     formatVersion (UInt32)
/// 13+k    8     payload length n (UInt64)
/// 21+k    n     payload (the owning module's own encoding)
/// 21+k+n  32    SHA-256 of the payload
/// ```
/// Invariant: a value of this type has a kind of 1…64 ASCII bytes; `decode` accepts exactly the bytes
/// `encode` produces (no trailing data, checksum verified).
public struct BinaryEnvelope: Sendable, Equatable {
    /// The first 8 bytes of every envelope: "ZKINFER" and a NUL.
    public static let magic: [UInt8] = Array("ZKINFER".utf8) + [0]

    /// What the payload is (1…64 ASCII bytes, e.g. "r1cs"); readers refuse another kind.
    public let kind: String
    /// Version of the payload's encoding; readers refuse versions they do not support.
    public let formatVersion: UInt32
    /// The owning module's encoding of the artifact.
    public let payload: [UInt8]

    /// An envelope. Precondition: `kind` is 1…64 ASCII bytes.
    public init(kind: String, formatVersion: UInt32, payload: [UInt8]) {
        precondition((1...64).contains(kind.utf8.count) && kind.utf8.allSatisfy { $0 < 0x80 })
        self.kind = kind
        self.formatVersion = formatVersion
        self.payload = payload
    }

    /// The file bytes.
    public func encode() -> [UInt8] {
        var out = Self.magic
        out.append(UInt8(kind.utf8.count))
        out += Array(kind.utf8)
        out += withUnsafeBytes(of: formatVersion.littleEndian, Array.init)
        out += withUnsafeBytes(of: UInt64(payload.count).littleEndian, Array.init)
        out += payload
        out += Digest.sha256(payload)
        return out
    }

    /// Whether `bytes` start with the envelope magic (cheap sniffing for `inspect`).
    public static func hasMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic
    }

    /// Reads the header and payload, checking the magic, length and checksum. `path` is used in messages.
    public static func decode(_ bytes: [UInt8], path: String) throws(ZKInferError) -> BinaryEnvelope {
        guard hasMagic(bytes) else {
            throw .malformed(path: path, reason: "not a zkinfer binary file (bad magic)")
        }
        var offset = magic.count
        func take(_ n: Int, _ field: String) throws(ZKInferError) -> ArraySlice<UInt8> {
            guard n >= 0, bytes.count - offset >= n else {
                throw .malformed(path: path, reason: "truncated in field '\(field)'")
            }
            defer { offset += n }
            return bytes[offset..<offset + n]
        }
        let kindLength = Int(try take(1, "kind length").first!)
        guard (1...64).contains(kindLength) else {
            throw .invalidField(path: path, field: "kind length", reason: "must be 1...64, found \(kindLength)")
        }
        let kindBytes = try take(kindLength, "kind")
        guard kindBytes.allSatisfy({ (0x20..<0x7f).contains($0) }) else {
            throw .invalidField(path: path, field: "kind", reason: "not printable ASCII")
        }
        let version = try take(4, "formatVersion").reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let length = try take(8, "payload length").reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(bytes.count) else {
            throw .malformed(path: path, reason: "truncated in field 'payload' (declares \(length) bytes)")
        }
        let payload = Array(try take(Int(length), "payload"))
        let checksum = Array(try take(32, "checksum"))
        guard offset == bytes.count else {
            throw .malformed(path: path, reason: "\(bytes.count - offset) unexpected bytes after the checksum")
        }
        guard Digest.sha256(payload) == checksum else {
            throw .invalidField(
                path: path, field: "checksum", reason: "payload does not match its SHA-256 (file corrupted)")
        }
        return BinaryEnvelope(
            kind: String(decoding: kindBytes, as: UTF8.self), formatVersion: version, payload: payload)
    }

    /// Decodes and checks that the file holds `expectedKind` in one of the `supported` versions.
    public static func decode(
        _ bytes: [UInt8], path: String, expectedKind: String, supported: ClosedRange<UInt32>
    ) throws(ZKInferError) -> BinaryEnvelope {
        let envelope = try decode(bytes, path: path)
        guard envelope.kind == expectedKind else {
            throw .invalidField(
                path: path, field: "kind", reason: "expected \"\(expectedKind)\", found \"\(envelope.kind)\"")
        }
        guard supported.contains(envelope.formatVersion) else {
            throw .unsupportedVersion(
                path: path, field: "formatVersion", found: "\(envelope.formatVersion)",
                supported: "\(expectedKind) version \(supported.lowerBound)...\(supported.upperBound)")
        }
        return envelope
    }
}
