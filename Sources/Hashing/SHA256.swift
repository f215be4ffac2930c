/// SHA-256 (FIPS 180-4 §6.2), incremental.
///
/// Invariants: `state` holds the eight 32-bit working hash words H0…H7 after every complete 64-byte block absorbed
/// so far; `buffer` holds the `bufferCount` (< 64) bytes of the current incomplete block; `byteCount` is the total
/// number of message bytes absorbed (the message length must stay below 2^61 bytes, FIPS 180-4 §5.1.1).
///
/// Performance: whole blocks are compressed straight from the caller's memory (no copy, no allocation);
/// `update(_:)` with an `Array`/`ArraySlice`/`Data`-like contiguous collection takes that path too.
/// Not constant-time with respect to the message *length*; constant-time in the message contents.
///
/// ```swift
/// var h = SHA256()
/// h.update("ab".utf8)
/// h.update("c".utf8)
/// let digest = h.finalize()   // ba7816bf…f20015ad (FIPS 180-4 example "abc")
/// ```
public struct SHA256: Sendable {
    /// Digest length in bytes (256 bits).
    public static let digestByteCount = 32
    /// Block length in bytes (512 bits).
    public static let blockByteCount = 64

    @usableFromInline var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    @usableFromInline var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    @usableFromInline var bufferCount: Int
    @usableFromInline var byteCount: UInt64

    /// A fresh hasher, state = H(0) of FIPS 180-4 §5.3.3.
    public init() {
        let h = SHA256Constants.initialHash
        state = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
        buffer = (0, 0, 0, 0, 0, 0, 0, 0)
        bufferCount = 0
        byteCount = 0
    }

    /// Absorbs `bytes`. Contiguous collections are hashed in place; other sequences byte by byte
    /// (still allocation-free).
    @inlinable
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { self.update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            for byte in bytes { updateByte(byte) }
        }
    }

    /// Absorbs the bytes of `buf` (any length, including 0; `buf.baseAddress` may be nil when empty).
    public mutating func update(_ buf: UnsafeRawBufferPointer) {
        guard var base = buf.baseAddress, buf.count > 0 else { return }
        var remaining = buf.count
        byteCount &+= UInt64(remaining)
        if bufferCount > 0 {
            let take = min(64 - bufferCount, remaining)
            let filled = bufferCount
            withUnsafeMutableBytes(of: &buffer) { dst in
                (dst.baseAddress! + filled).copyMemory(from: base, byteCount: take)
            }
            bufferCount += take
            base += take
            remaining -= take
            if bufferCount < 64 { return }
            compressBuffer()
            bufferCount = 0
        }
        let blocks = remaining / 64
        if blocks > 0 {
            SHA256.compress(state: &state, blocks: base, count: blocks)
            base += blocks * 64
            remaining -= blocks * 64
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { dst in
                dst.baseAddress!.copyMemory(from: base, byteCount: remaining)
            }
            bufferCount = remaining
        }
    }

    /// Absorbs one byte (the slow path for non-contiguous sequences).
    @usableFromInline
    mutating func updateByte(_ byte: UInt8) {
        let index = bufferCount
        withUnsafeMutableBytes(of: &buffer) { $0[index] = byte }
        bufferCount += 1
        byteCount &+= 1
        if bufferCount == 64 {
            compressBuffer()
            bufferCount = 0
        }
    }

    private mutating func compressBuffer() {
        var block = buffer
        withUnsafeBytes(of: &block) { SHA256.compress(state: &state, blocks: $0.baseAddress!, count: 1) }
    }

    /// The digest of everything absorbed so far (32 bytes). Does not change `self`: more bytes may be absorbed
    /// afterwards, giving the digest of the longer message.
    public func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, initialized in
            finalize(into: UnsafeMutableRawBufferPointer(out))
            initialized = 32
        }
    }

    /// Writes the digest into the first 32 bytes of `out` (precondition: `out.count >= 32`). Allocation-free.
    public func finalize(into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= 32, "SHA256.finalize(into:) needs 32 bytes")
        var copy = self
        // Padding (FIPS 180-4 §5.1.1): 0x80, zeros to 56 mod 64, then the bit length as UInt64 big-endian.
        let bitLength = byteCount &* 8
        copy.updatePadByte(0x80)
        while copy.bufferCount != 56 { copy.updatePadByte(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            copy.updatePadByte(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        let s = copy.state
        out.storeBytes(of: s.0.bigEndian, toByteOffset: 0, as: UInt32.self)
        out.storeBytes(of: s.1.bigEndian, toByteOffset: 4, as: UInt32.self)
        out.storeBytes(of: s.2.bigEndian, toByteOffset: 8, as: UInt32.self)
        out.storeBytes(of: s.3.bigEndian, toByteOffset: 12, as: UInt32.self)
        out.storeBytes(of: s.4.bigEndian, toByteOffset: 16, as: UInt32.self)
        out.storeBytes(of: s.5.bigEndian, toByteOffset: 20, as: UInt32.self)
        out.storeBytes(of: s.6.bigEndian, toByteOffset: 24, as: UInt32.self)
        out.storeBytes(of: s.7.bigEndian, toByteOffset: 28, as: UInt32.self)
    }

    private mutating func updatePadByte(_ byte: UInt8) {
        let index = bufferCount
        withUnsafeMutableBytes(of: &buffer) { $0[index] = byte }
        bufferCount += 1
        if bufferCount == 64 {
            compressBuffer()
            bufferCount = 0
        }
    }

    /// One-shot SHA-256 of `bytes` (32-byte digest).
    @inlinable
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }

    /// One-shot SHA-256 of raw memory (32-byte digest).
    public static func hash(_ buf: UnsafeRawBufferPointer) -> [UInt8] {
        var h = SHA256()
        h.update(buf)
        return h.finalize()
    }
}
