/// Keccak-256 as used by Ethereum (the original Keccak submission padding `0x01…0x80`, NOT FIPS 202 SHA3-256,
/// which pads with `0x06`). Sponge over Keccak-f[1600] with rate 1088 bits (136 bytes), capacity 512, 32-byte output.
///
/// Reference: "The Keccak reference", version 3.0 (Bertoni, Daemen, Peeters, Van Assche), §1.2 (Keccak-f) and
/// §1.1 (sponge, pad10*1); FIPS 202 §3.2 gives the same step mappings θ ρ π χ ι.
/// Invariants: `state` is the 5×5 lane array A[x + 5y] (little-endian lanes); `bufferCount` (< 136) bytes of the
/// current block are already XORed into the state (absorbing in place, no separate buffer).
/// Used here only for Ethereum ABI function selectors; not optimised for bulk hashing (a few MB/s is plenty).
public struct Keccak256: Sendable {
    /// Rate in bytes (1088 bits).
    public static let rateByteCount = 136

    private var state: [UInt64]
    private var bufferCount: Int

    /// A fresh sponge (all-zero state).
    public init() {
        state = [UInt64](repeating: 0, count: 25)
        bufferCount = 0
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { absorb(byte) }
    }

    private mutating func absorb(_ byte: UInt8) {
        state[bufferCount >> 3] ^= UInt64(byte) << (8 * UInt64(bufferCount & 7))
        bufferCount += 1
        if bufferCount == Keccak256.rateByteCount {
            Keccak256.permute(&state)
            bufferCount = 0
        }
    }

    /// The 32-byte digest of everything absorbed so far (`self` is unchanged).
    public func finalize() -> [UInt8] {
        var copy = self
        // pad10*1 with the Keccak domain byte 0x01: first pad bit at the message end, last at rate end.
        copy.state[copy.bufferCount >> 3] ^= 0x01 << (8 * UInt64(copy.bufferCount & 7))
        let last = Keccak256.rateByteCount - 1
        copy.state[last >> 3] ^= 0x80 << (8 * UInt64(last & 7))
        Keccak256.permute(&copy.state)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for i in 0..<32 { out.append(UInt8(truncatingIfNeeded: copy.state[i >> 3] >> (8 * UInt64(i & 7)))) }
        return out
    }

    /// One-shot Keccak-256.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var k = Keccak256()
        k.update(bytes)
        return k.finalize()
    }

    /// Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι on 25 64-bit lanes.
    private static func permute(_ a: inout [UInt64]) {
        let constants = KeccakConstants.shared
        var b = [UInt64](repeating: 0, count: 25)
        var c = [UInt64](repeating: 0, count: 5)
        for round in 0..<24 {
            // θ: C[x] = ⊕_y A[x,y];  A[x,y] ^= C[x−1] ⊕ rot(C[x+1], 1)
            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1)
                for y in 0..<5 { a[x + 5 * y] ^= d }
            }
            // ρ and π: B[y, 2x+3y] = rot(A[x,y], r[x,y])
            for x in 0..<5 {
                for y in 0..<5 {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], constants.rotationOffsets[x + 5 * y])
                }
            }
            // χ: A[x,y] = B[x,y] ⊕ (¬B[x+1,y] ∧ B[x+2,y])
            for y in 0..<5 {
                for x in 0..<5 {
                    a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y])
                }
            }
            // ι
            a[0] ^= constants.roundConstants[round]
        }
    }
}

@inline(__always)
private func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { n == 0 ? x : (x << n) | (x >> (64 - n)) }

/// Keccak-f[1600] constants derived from their definitions (Keccak reference §1.2), not pasted:
/// - ρ offsets: r[0,0] = 0; starting at (x,y) = (1,0), for t = 0…23: r[x,y] = (t+1)(t+2)/2 mod 64,
///   then (x,y) ← (y, 2x+3y mod 5).
/// - ι round constants: RC[i] has bit 2^j − 1 set to rc(j + 7i) for j = 0…6, where rc is the output of the LFSR
///   with polynomial x^8 + x^6 + x^5 + x^4 + 1 (taps 0x71 in the shift-left form), seeded with 1.
private struct KeccakConstants: Sendable {
    let rotationOffsets: [UInt64]
    let roundConstants: [UInt64]

    static let shared = KeccakConstants()

    init() {
        var offsets = [UInt64](repeating: 0, count: 25)
        var x = 1
        var y = 0
        for t in 0..<24 {
            offsets[x + 5 * y] = UInt64(((t + 1) * (t + 2) / 2) % 64)
            (x, y) = (y, (2 * x + 3 * y) % 5)
        }
        rotationOffsets = offsets

        var lfsr: UInt8 = 1
        func nextBit() -> Bool {
            let bit = lfsr & 1 != 0
            lfsr = lfsr & 0x80 != 0 ? (lfsr << 1) ^ 0x71 : lfsr << 1
            return bit
        }
        var constants: [UInt64] = []
        for _ in 0..<24 {
            var rc: UInt64 = 0
            for j in 0..<7 where nextBit() { rc |= 1 << ((1 << UInt64(j)) - 1) }
            constants.append(rc)
        }
        roundConstants = constants
    }
}
