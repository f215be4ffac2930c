import BN254
import TestSupport
import Testing

/// The ψ-based G2 subgroup test against the definitional [r]P = O check, and the binary-Euclid field
/// inversion against Fermat's a^(p−2) and GMP's mpz_invert.
@Suite("G2 subgroup (ψ) and binary inversion")
struct SubgroupAndInverseTests {
    static let seed: UInt64 = 0x5EED_62_5B_17

    // MARK: G2 subgroup

    @Test func psiActsAsMultiplicationByQOnG2() throws {
        // ψ has eigenvalue q mod r on G2; q mod r computed independently by GMP.
        let q = GMPInteger.modulus(of: Fq.self)
        let r = GMPInteger.modulus(of: Fr.self)
        let lambda = try #require(q.mod(r).fieldElement(Fr.self))
        var rng = SeededRNG(seed: Self.seed)
        for _ in 0..<3 {
            let p = (G2Affine.generator * Fr.random(using: &rng)).toAffine()
            #expect(G2Jacobian(p.psi()) == p * lambda, "seed \(Self.seed)")
            #expect(p.psi().isOnCurve)
        }
        // ψ maps twist points outside G2 onto the twist as well.
        let outside = randomTwistPointOutsideG2(using: &rng)
        #expect(outside.psi().isOnCurve, "seed \(Self.seed)")
        #expect(G2Affine.infinity.psi().isInfinity)
    }

    @Test func psiCriterionAgreesWithOrderCheck() {
        var rng = SeededRNG(seed: Self.seed ^ 1)
        // Generator multiples (in G2), including small ones and r − 1.
        var inside: [G2Affine] = [G2Affine.generator, (G2Affine.generator * Fr.minusOne).toAffine()]
        for k in [2, 3, 6] as [UInt64] { inside.append((G2Affine.generator * Fr(k)).toAffine()) }
        for _ in 0..<8 { inside.append((G2Affine.generator * Fr.random(using: &rng)).toAffine()) }
        for p in inside {
            #expect(p.isInSubgroupReference)
            #expect(p.isInSubgroup, "seed \(Self.seed ^ 1): \(p)")
        }
        // Random twist points (cofactor ≈ 2^254, so almost surely outside G2), and G2 + such a point.
        for _ in 0..<10 {
            let p = randomTwistPointOutsideG2(using: &rng)
            #expect(p.isOnCurve)
            #expect(p.isInSubgroup == p.isInSubgroupReference, "seed \(Self.seed ^ 1): \(p)")
            #expect(!p.isInSubgroup, "seed \(Self.seed ^ 1): \(p)")
            let mixed = (p + inside[inside.count - 1]).toAffine()
            #expect(mixed.isInSubgroup == mixed.isInSubgroupReference, "seed \(Self.seed ^ 1)")
        }
        // Infinity is in G2; an off-curve point is not.
        #expect(G2Affine.infinity.isInSubgroup && G2Affine.infinity.isInSubgroupReference)
        let offCurve = G2Affine(uncheckedX: G2Affine.generator.x, y: G2Affine.generator.x)
        #expect(!offCurve.isInSubgroup && !offCurve.isInSubgroupReference)
    }

    // MARK: inversion

    static func checkInversion<F: PrimeField>(_: F.Type, seed: UInt64) {
        let p = GMPInteger.modulus(of: F.self)
        let r = GMPInteger(2).pow(256)
        let l = F.modulusLimbs
        var values: [GMPInteger] = [
            GMPInteger(1), GMPInteger(2), p - GMPInteger(1), p - GMPInteger(2), r.mod(p), (r * r).mod(p),
            (p - GMPInteger(1)) / GMPInteger(2), GMPInteger(limbs: [0, 1, 0, 0]), GMPInteger(limbs: [0, 0, 1, 0]),
            GMPInteger(limbs: [0, 0, 0, 1]), GMPInteger(limbs: [0, 0, 0, l.3 - 1]), GMPInteger(UInt64.max),
        ]
        var rng = SeededRNG(seed: seed)
        for _ in 0..<10_000 { values.append(GMPInteger(F.random(using: &rng))) }
        for v in values where v.signum != 0 {
            guard let a = v.fieldElement(F.self) else {
                Issue.record("edge value \(v) not < p")
                continue
            }
            let expected = v.inverseMod(p)?.fieldElement(F.self)
            let binary = a.inverseBinary
            #expect(binary != nil && binary == expected, "seed \(seed): a = \(v)")
            #expect(binary == a.inverseFermat, "seed \(seed): a = \(v)")
            #expect(a.inverse == binary)
        }
        #expect(F.zero.inverse == nil && F.zero.inverseBinary == nil && F.zero.inverseFermat == nil)
    }

    @Test func binaryInversionMatchesGMPAndFermat() {
        Self.checkInversion(Fr.self, seed: Self.seed ^ 3)
        Self.checkInversion(Fq.self, seed: Self.seed ^ 4)
    }

    @Test func batchInvertStillMatches() {
        var rng = SeededRNG(seed: Self.seed ^ 5)
        var values = (0..<50).map { _ in Fq.random(using: &rng) }
        values[7] = .zero
        var inverted = values
        Fq.batchInvert(&inverted)
        for (a, b) in zip(values, inverted) { #expect(a.isZero ? b.isZero : a * b == .one, "seed \(Self.seed ^ 5)") }
    }
}
