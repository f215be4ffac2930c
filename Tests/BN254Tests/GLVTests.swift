import BN254
import TestSupport
import Testing

/// `G1Jacobian.multipliedGLV(by:)` against the plain windowed multiplication: the endomorphism is [λ], and the
/// products agree on edge scalars (0, 1, −1, λ, −λ, r − 2^127…, powers of two) and seeded random ones.
@Suite struct GLVTests {
    static let seed: UInt64 = 0x676c_7600_0000_0001
    static let lambda = Fr(canonicalLimbs: 0x8b17_ea66_b99c_90dd, 0x5bfc_4108_8d8d_aaa7, 0xb3c4_d79d_41a9_1758, 0)!

    @Test func endomorphismIsMultiplicationByLambda() {
        let g = G1Jacobian.generator
        #expect(g.endomorphism() == g * Self.lambda)
        #expect(Self.lambda * Self.lambda + Self.lambda + .one == .zero)
        var rng = SeededRNG(seed: Self.seed)
        let p = g * Fr.random(using: &rng)
        #expect(p.endomorphism() == p * Self.lambda)
        #expect(p.endomorphism().toAffine().isOnCurve)
    }

    @Test func agreesWithThePlainMultiplication() {
        var rng = SeededRNG(seed: Self.seed)
        let points = [G1Jacobian.generator, G1Jacobian.generator * Fr.random(using: &rng), .infinity]
        var scalars: [Fr] = [.zero, .one, .minusOne, Fr(2), Self.lambda, -Self.lambda, Self.lambda + .one]
        scalars += (0..<254).map { Fr(2).pow(UInt64($0)) }
        let twoTo127 = Fr(canonicalLimbs: 0, 0x8000_0000_0000_0000, 0, 0)!
        scalars += [twoTo127, -twoTo127, twoTo127 - .one]
        scalars += (0..<300).map { _ in Fr.random(using: &rng) }
        for p in points {
            for (i, k) in scalars.enumerated() {
                #expect(p.multipliedGLV(by: k) == p * k, "seed \(Self.seed), scalar \(i)")
            }
        }
    }

    /// On G2, φ(x, y) = (β²·x, y) is [λ] (the twist's other cube root), and the GLV product agrees with the
    /// windowed one on edge and random scalars.
    @Test func g2EndomorphismAndProduct() {
        var rng = SeededRNG(seed: Self.seed ^ 2)
        let g = G2Jacobian.generator
        let p = g * Fr.random(using: &rng)
        #expect(g.endomorphism() == g * Self.lambda)
        #expect(p.endomorphism() == p * Self.lambda)
        var scalars: [Fr] = [.zero, .one, .minusOne, Self.lambda, -Self.lambda]
        scalars += (0..<40).map { _ in Fr.random(using: &rng) }
        for q in [g, p, .infinity] {
            for (i, k) in scalars.enumerated() {
                #expect(q.multipliedGLV(by: k) == q * k, "seed \(Self.seed ^ 2), scalar \(i)")
            }
        }
    }
}
