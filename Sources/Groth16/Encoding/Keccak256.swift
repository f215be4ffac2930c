/// Keccak-256 as Ethereum uses it (the original Keccak submission's padding 0x01…0x80, not SHA3-256's 0x06),
/// needed only for Solidity function selectors. Built from the Keccak-f[1600] permutation of FIPS 202 §3;
/// the round constants (Algorithm 5, rc) and rotation offsets (Algorithm 2, ρ) are derived here from their
/// definitions rather than pasted. Not a hot path.
enum Keccak256 {
    /// rc(t) of FIPS 202 Algorithm 5: the output bit of an 8-bit LFSR with feedback x^8 + x^6 + x^5 + x^4 + 1.
    private static func rc(_ t: Int) -> UInt64 {
        if t % 255 == 0 { return 1 }
        var r: UInt16 = 1  // bit i of r is R[i]; R = 10000000
        for _ in 1...(t % 255) {
            r <<= 1  // R = 0 ‖ R
            let r8 = (r >> 8) & 1
            r ^= r8 | (r8 << 4) | (r8 << 5) | (r8 << 6)
            r &= 0xFF
        }
        return UInt64(r & 1)
    }

    /// The ι-step constants: RC_ir has bit 2^j − 1 equal to rc(j + 7·ir).
    private static let roundConstants: [UInt64] = (0..<24).map { round in
        var value: UInt64 = 0
        for j in 0...6 { value |= rc(j + 7 * round) << UInt64((1 << j) - 1) }
        return value
    }

    /// ρ offsets by lane index x + 5y: (t + 1)(t + 2)/2 mod 64 along the walk (x, y) ← (y, 2x + 3y).
    private static let rotationOffsets: [Int] = {
        var offsets = [Int](repeating: 0, count: 25)
        var (x, y) = (1, 0)
        for t in 0..<24 {
            offsets[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64
            (x, y) = (y, (2 * x + 3 * y) % 5)
        }
        return offsets
    }()

    @inline(__always)
    private static func rotl(_ v: UInt64, _ n: Int) -> UInt64 { n == 0 ? v : (v << UInt64(n)) | (v >> UInt64(64 - n)) }

    private static func permute(_ a: inout [UInt64]) {
        var b = [UInt64](repeating: 0, count: 25)
        var c = [UInt64](repeating: 0, count: 5)
        for round in 0..<24 {
            // θ
            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1)
                for y in 0..<5 { a[x + 5 * y] ^= d }
            }
            // ρ and π: B[y, 2x + 3y] = rot(A[x, y], r[x, y])
            for x in 0..<5 {
                for y in 0..<5 {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], rotationOffsets[x + 5 * y])
                }
            }
            // χ
            for y in 0..<5 {
                for x in 0..<5 {
                    a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y])
                }
            }
            // ι
            a[0] ^= roundConstants[round]
        }
    }

    /// The 32-byte Keccak-256 digest.
    static func hash(_ message: [UInt8]) -> [UInt8] {
        let rate = 136
        var padded = message
        padded.append(0x01)
        while padded.count % rate != 0 { padded.append(0) }
        padded[padded.count - 1] |= 0x80
        var state = [UInt64](repeating: 0, count: 25)
        for blockStart in stride(from: 0, to: padded.count, by: rate) {
            for lane in 0..<(rate / 8) {
                var word: UInt64 = 0
                for byte in 0..<8 { word |= UInt64(padded[blockStart + 8 * lane + byte]) << UInt64(8 * byte) }
                state[lane] ^= word
            }
            permute(&state)
        }
        var digest: [UInt8] = []
        for lane in 0..<4 {
            for byte in 0..<8 { digest.append(UInt8(truncatingIfNeeded: state[lane] >> UInt64(8 * byte))) }
        }
        return digest
    }
}
