/// BLAKE2b (RFC 7693): the hash of the snarkjs/circom file formats — snarkjs hashes `.ptau` and `.zkey`
/// transcripts, contributions and the circuit (`csHash`) with unkeyed BLAKE2b-512 (`blake2b-wasm`).
///
/// Invariants: `h` is the chain value h[0..7]; `buffer` holds `bufferCount` (0…128) bytes not yet compressed —
/// a full block is kept back until more input arrives, because the last block is compressed with the final flag
/// (RFC 7693 §3.3); `byteCount` counts the bytes compressed so far (the 128-bit counter t, low and high words).
/// Variable time (no secret-dependent branches, but not reviewed as constant time).
public struct BLAKE2b: Sendable {
    /// Block size in bytes.
    public static let blockByteCount = 128

    // RFC 7693 §2.6: the SHA-512 initialisation vector.
    private static let iv: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
        0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179
    )

    // RFC 7693 §2.7: message word schedule σ[0…9], 16 entries per row; rounds 10 and 11
    // reuse σ[0] and σ[1].
    private static let sigma: [UInt8] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ]

    private var h: [UInt64]
    private var buffer: [UInt8]
    private var bufferCount = 0
    private var byteCount: (low: UInt64, high: UInt64) = (0, 0)
    /// Digest length in bytes (1…64).
    public let digestByteCount: Int

    /// A fresh hash with a `digestByteCount`-byte output (default 64: BLAKE2b-512) and an optional key of up to
    /// 64 bytes (RFC 7693 §3.3: the key, zero-padded to a block, is the first block). Returns nil for lengths
    /// outside those ranges.
    public init?(digestByteCount: Int = 64, key: [UInt8] = []) {
        guard (1...64).contains(digestByteCount), key.count <= 64 else { return nil }
        self.digestByteCount = digestByteCount
        let v = Self.iv
        h = [v.0, v.1, v.2, v.3, v.4, v.5, v.6, v.7]
        // Parameter block word 0: digest length, key length, fanout 1, depth 1 (sequential mode).
        h[0] ^= 0x0101_0000 ^ (UInt64(key.count) << 8) ^ UInt64(digestByteCount)
        buffer = [UInt8](repeating: 0, count: Self.blockByteCount)
        if !key.isEmpty {
            buffer.replaceSubrange(0..<key.count, with: key)
            bufferCount = Self.blockByteCount
        }
    }

    /// A fresh unkeyed BLAKE2b-512.
    public init() { self.init(digestByteCount: 64)! }

    /// Resumes an unkeyed BLAKE2b-512 from a saved state: the chain value, the bytes not yet compressed (0…128)
    /// and the number of bytes compressed so far (snarkjs stores such a state as a `.ptau` contribution's
    /// `partialHash`). Returns nil for an impossible state.
    public init?(chainValue: [UInt64], buffer: [UInt8], compressedByteCount: UInt64) {
        guard chainValue.count == 8, buffer.count <= Self.blockByteCount else { return nil }
        digestByteCount = 64
        h = chainValue
        self.buffer = buffer + [UInt8](repeating: 0, count: Self.blockByteCount - buffer.count)
        bufferCount = buffer.count
        byteCount = (compressedByteCount, 0)
    }

    /// The state `init(chainValue:buffer:compressedByteCount:)` resumes from.
    public var resumableState: (chainValue: [UInt64], buffer: [UInt8], compressedByteCount: UInt64) {
        (h, Array(buffer[0..<bufferCount]), byteCount.low)
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(contiguous: $0) }
        if done == nil { Array(bytes).withUnsafeBufferPointer { update(contiguous: $0) } }
    }

    private mutating func update(contiguous input: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < input.count {
            if bufferCount == Self.blockByteCount {
                // More input follows, so the buffered block is not the last one.
                increment(by: UInt64(Self.blockByteCount))
                compress(final: false)
                bufferCount = 0
            }
            let n = min(Self.blockByteCount - bufferCount, input.count - index)
            buffer.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n { dst[bufferCount + i] = input[index + i] }
            }
            bufferCount += n
            index += n
        }
    }

    private mutating func increment(by n: UInt64) {
        let (low, carry) = byteCount.low.addingReportingOverflow(n)
        byteCount = (low, carry ? byteCount.high &+ 1 : byteCount.high)
    }

    /// The digest of everything absorbed so far (`self` is unchanged).
    public func finalize() -> [UInt8] {
        var copy = self
        copy.increment(by: UInt64(copy.bufferCount))
        for i in copy.bufferCount..<Self.blockByteCount { copy.buffer[i] = 0 }
        copy.compress(final: true)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for word in copy.h {
            for j in 0..<8 { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(j)))) }
        }
        return Array(out.prefix(digestByteCount))
    }

    /// One-shot unkeyed BLAKE2b-512.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var b = BLAKE2b()
        b.update(bytes)
        return b.finalize()
    }

    /// RFC 7693 §3.2: function F on the buffered block, with the counter already advanced.
    private mutating func compress(final: Bool) {
        let counter = byteCount
        // Stack scratch: m[0..15] the message words, then the working vector v[0..15].
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 32) { scratch in
            let m = UnsafeMutableBufferPointer(rebasing: scratch[0..<16])
            let v = UnsafeMutableBufferPointer(rebasing: scratch[16..<32])
            buffer.withUnsafeBytes { raw in
                for i in 0..<16 {
                    m[i] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                }
            }
            let iv = Self.iv
            for i in 0..<8 { v[i] = h[i] }
            (v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]) = iv
            v[12] ^= counter.low
            v[13] ^= counter.high
            if final { v[14] = ~v[14] }
            Self.sigma.withUnsafeBufferPointer { sigma in
                for round in 0..<12 {
                    let s = UnsafeBufferPointer(rebasing: sigma[(round % 10) * 16..<(round % 10) * 16 + 16])
                    Self.mix(v, 0, 4, 8, 12, m[Int(s[0])], m[Int(s[1])])
                    Self.mix(v, 1, 5, 9, 13, m[Int(s[2])], m[Int(s[3])])
                    Self.mix(v, 2, 6, 10, 14, m[Int(s[4])], m[Int(s[5])])
                    Self.mix(v, 3, 7, 11, 15, m[Int(s[6])], m[Int(s[7])])
                    Self.mix(v, 0, 5, 10, 15, m[Int(s[8])], m[Int(s[9])])
                    Self.mix(v, 1, 6, 11, 12, m[Int(s[10])], m[Int(s[11])])
                    Self.mix(v, 2, 7, 8, 13, m[Int(s[12])], m[Int(s[13])])
                    Self.mix(v, 3, 4, 9, 14, m[Int(s[14])], m[Int(s[15])])
                }
            }
            for i in 0..<8 { h[i] ^= v[i] ^ v[i + 8] }
        }
    }

    /// RFC 7693 §3.1: mixing function G with rotations (R1, R2, R3, R4) = (32, 24, 16, 63).
    @inline(__always)
    private static func mix(
        _ v: UnsafeMutableBufferPointer<UInt64>, _ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64
    ) {
        v[a] = v[a] &+ v[b] &+ x
        v[d] = rotr(v[d] ^ v[a], 32)
        v[c] = v[c] &+ v[d]
        v[b] = rotr(v[b] ^ v[c], 24)
        v[a] = v[a] &+ v[b] &+ y
        v[d] = rotr(v[d] ^ v[a], 16)
        v[c] = v[c] &+ v[d]
        v[b] = rotr(v[b] ^ v[c], 63)
    }

    @inline(__always)
    private static func rotr(_ x: UInt64, _ n: UInt64) -> UInt64 { (x >> n) | (x << (64 - n)) }
}
