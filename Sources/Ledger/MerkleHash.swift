import Hashing

/// A 32-byte SHA-256 value in the Merkle log: a leaf hash, an interior node hash or a root hash.
///
/// Invariant: exactly 32 bytes, stored as four big-endian 64-bit words (`w0` holds bytes 0…7), so the type is a
/// fixed-size value (no heap). Textual form: 64 lower-case hex digits (`hex`), which the JSON forms use.
public struct MerkleHash: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline var w0, w1, w2, w3: UInt64

    /// The 32 bytes, or nil for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (i, byte) in bytes.enumerated() { words[i / 8] = words[i / 8] << 8 | UInt64(byte) }
        (w0, w1, w2, w3) = (words[0], words[1], words[2], words[3])
    }

    /// Parses 64 hex digits (optional `0x`); nil otherwise.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex), let value = MerkleHash(bytes: bytes) else { return nil }
        self = value
    }

    /// Reads 32 bytes from `raw` (precondition: at least 32 bytes).
    init(raw: UnsafeRawBufferPointer) {
        precondition(raw.count >= 32)
        w0 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        w1 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        w2 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        w3 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// Writes the 32 bytes to `raw` at `offset`.
    func store(to raw: UnsafeMutableRawBufferPointer, at offset: Int) {
        raw.storeBytes(of: w0.bigEndian, toByteOffset: offset, as: UInt64.self)
        raw.storeBytes(of: w1.bigEndian, toByteOffset: offset + 8, as: UInt64.self)
        raw.storeBytes(of: w2.bigEndian, toByteOffset: offset + 16, as: UInt64.self)
        raw.storeBytes(of: w3.bigEndian, toByteOffset: offset + 24, as: UInt64.self)
    }

    /// The 32 bytes.
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            store(to: UnsafeMutableRawBufferPointer(buffer), at: 0)
            count = 32
        }
    }

    /// 64 lower-case hex digits.
    public var hex: String { Hex.encode(bytes) }

    /// The 64 lower-case hex digits, as `hex`.
    public var description: String { hex }

    /// SHA-256 of raw memory as a `MerkleHash` (allocation-free).
    static func sha256(_ data: UnsafeRawBufferPointer) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data)
        return withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { out in
            hasher.finalize(into: out)
            return MerkleHash(raw: UnsafeRawBufferPointer(out))
        }
    }
}
