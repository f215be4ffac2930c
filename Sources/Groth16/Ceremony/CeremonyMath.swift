import BN254
import Hashing

/// The checks and derivations both ceremony phases share (snarkjs `misc.js`, `keypair.js`).
enum CeremonyMath {
    /// snarkjs `sameRatio(g1s, g1sx, g2s, g2sx)`: no point is infinity (snarkjs refuses those) and the pairs
    /// hide the same ratio (`Phase2Verification.sameRatio`).
    static func sameRatio(_ a1: G1Affine, _ b1: G1Affine, _ a2: G2Affine, _ b2: G2Affine) -> Bool {
        if a1.isInfinity || b1.isInfinity || a2.isInfinity || b2.isInfinity { return false }
        return Phase2Verification.sameRatio(a1, b1, a2, b2)
    }

    /// A fresh 128-bit random scalar (batched checks: a wrong batch passes with probability ≤ 2^−128 per
    /// check, as the pairing equation is then a non-zero linear form in the random coefficients).
    static func randomCoefficient<R: RandomNumberGenerator>(_ rng: inout R) -> Fr {
        Fr(canonicalLimbs: rng.next(), rng.next(), 0, 0)!
    }

    /// The uncompressed (U) encoding transcripts hash (= EIP-196/197 bytes).
    static func hashU(_ h: inout BLAKE2b, _ p: G1Affine) { h.update(p.uncompressedBytes) }
    static func hashU(_ h: inout BLAKE2b, _ p: G2Affine) { h.update(p.uncompressedBytes) }

    /// snarkjs `rngFromBeaconParams`: SHA-256 iterated 2^exponent times over the beacon hash, the result
    /// seeding a `SnarkJSChaCha` (big-endian words).
    static func beaconStream(hash: [UInt8], iterationsExponent: Int) -> SnarkJSChaCha {
        var current = hash
        let iterations: UInt64 = iterationsExponent >= 64 ? .max : (1 << UInt64(iterationsExponent))
        var i: UInt64 = 0
        while i < iterations {
            current = SHA256.hash(current)
            i += 1
        }
        return SnarkJSChaCha(hash: current)
    }

    /// [k]P for a scalar that is usually small (circuit coefficients: ±1, powers of two): double-and-add over
    /// the bits of min(k, r − k), negating for the latter. Large scalars fall back to the windowed product.
    /// Either group (specialised per group inside this module).
    static func multiply<P: AffinePoint>(_ p: P, _ k: Fr) -> Jacobian<P.Field> {
        if k == .one { return Jacobian(p) }
        if k == .minusOne { return Jacobian(p.negated()) }
        let negated = -k
        let (small, negate) = bitLength(k) <= bitLength(negated) ? (k, false) : (negated, true)
        let limbs = small.canonicalLimbs
        guard limbs.1 == 0, limbs.2 == 0, limbs.3 == 0 else { return Jacobian(p) * k }
        var acc = Jacobian<P.Field>.infinity
        let base = negate ? p.negated() : p
        let bits = 64 - limbs.0.leadingZeroBitCount
        for bit in stride(from: bits - 1, through: 0, by: -1) {
            acc = acc.doubled()
            if (limbs.0 >> UInt64(bit)) & 1 == 1 { acc = acc + base }
        }
        return acc
    }

    static func bitLength(_ k: Fr) -> Int {
        let l = k.canonicalLimbs
        if l.3 != 0 { return 192 + 64 - l.3.leadingZeroBitCount }
        if l.2 != 0 { return 128 + 64 - l.2.leadingZeroBitCount }
        if l.1 != 0 { return 64 + 64 - l.1.leadingZeroBitCount }
        return 64 - l.0.leadingZeroBitCount
    }
}
