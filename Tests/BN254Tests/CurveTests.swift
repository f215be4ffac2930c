import BN254
import TestSupport
import Testing

/// Group laws and known multiples for G1 and G2 (Jacobian and affine).
@Suite struct CurveTests {
    static let seed: UInt64 = 0x6375_7276_6573_0001

    private func g1(_ x: String, _ y: String) -> G1Affine {
        G1Affine(uncheckedX: Fq(hex: x)!, y: Fq(hex: y)!)
    }

    @Test func generatorMultiplesMatchPublishedValues() {
        // [2]G: go-ethereum bn256Add vector "cdetrio11" (G + G); [3]G: the value every BN254 library lists.
        let twoG = g1(
            "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3",
            "15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4")
        let threeG = g1(
            "0769bf9ac56bea3ff40232bcb1b6bd159315d84715b8e679f2d355961915abf0",
            "2ab799bee0489429554fdb7c8d086475319e63b40b9c5b57cdf1ff3dd9fe2261")
        let g = G1Affine.generator
        #expect((g * Fr(1)).toAffine() == g)
        #expect((g * Fr(2)).toAffine() == twoG)
        #expect((g * Fr(3)).toAffine() == threeG)
        #expect(G1Jacobian(g).doubled().toAffine() == twoG)
        #expect((g + g).toAffine() == twoG)
        #expect((G1Jacobian(g).doubled() + g).toAffine() == threeG)
        #expect(twoG.isOnCurve && threeG.isOnCurve)
        #expect((g * Fr.zero).isInfinity)
        #expect((g * Fr.minusOne).toAffine() == g.negated())
    }

    @Test func twistConstantAndG2Generator() {
        // b' = 3/ξ as published (e.g. py_ecc's b2, gnark's bTwistCurveCoeff).
        let expected = Fq2(
            Fq(decimal: "19485874751759354771024239261021720505790618469301721065564631296452457478373")!,
            Fq(decimal: "266929791119991161246907387137283842545076965332900288569378510910307636690")!)
        #expect(G2Affine.b == expected)
        #expect(G2Affine.generator.isOnCurve)
        #expect(G2Affine.generator.isInSubgroup)
        #expect(G2Jacobian(G2Affine.generator).multiplied(byLimbs: Fr.modulusLimbs).isInfinity)
        #expect((G2Affine.generator * Fr.minusOne).toAffine() == G2Affine.generator.negated())
    }

    @Test func orderOfG1IsR() {
        var rng = SeededRNG(seed: Self.seed)
        #expect(G1Jacobian.generator.multiplied(byLimbs: Fr.modulusLimbs).isInfinity)
        for _ in 0..<3 {
            let p = randomG1(using: &rng)
            #expect(G1Jacobian(p).multiplied(byLimbs: Fr.modulusLimbs).isInfinity, "seed \(Self.seed)")
        }
    }

    @Test func g1GroupLaws() {
        var rng = SeededRNG(seed: Self.seed)
        for _ in 0..<20 {
            let a = Fr.random(using: &rng)
            let b = Fr.random(using: &rng)
            let c = Fr.random(using: &rng)
            let p = G1Affine.generator * a
            let q = G1Affine.generator * b
            let s = G1Affine.generator * c
            let qa = q.toAffine()
            #expect((p + p.negated()).isInfinity, "seed \(Self.seed)")
            #expect(p - p == .infinity)
            #expect(p + q == q + p)
            #expect((p + q) + s == p + (q + s))
            #expect(p + qa == p + q, "mixed add agrees with Jacobian add")
            #expect(p + p == p.doubled())
            #expect(p + p.toAffine() == p.doubled(), "mixed add falls back to doubling")
            #expect((p + p.toAffine().negated()).isInfinity)
            #expect(p + G1Jacobian.infinity == p && G1Jacobian.infinity + p == p)
            #expect(p + G1Affine.infinity == p)
            #expect(G1Affine.generator * (a + b) == p + q)
            #expect(G1Affine.generator * (a * b) == p * b)
            #expect((p + q).isOnCurve && p.doubled().isOnCurve)
            #expect((p + q).toAffine().isOnCurve)
            // The same point in another representation (λ²X, λ³Y, λZ) is equal.
            let l = Fq.random(using: &rng)
            let scaled = G1Jacobian(x: p.x * l.squared(), y: p.y * l.squared() * l, z: p.z * l)
            #expect(scaled == p && scaled.toAffine() == p.toAffine())
            #expect(p != q)
        }
    }

    @Test func scalarMultiplicationMatchesRepeatedAddition() {
        var rng = SeededRNG(seed: Self.seed ^ 1)
        let p = randomG1(using: &rng)
        let p2 = randomG2(using: &rng)
        var acc = G1Jacobian.infinity
        var acc2 = G2Jacobian.infinity
        for n in 0..<40 {
            #expect(p * Fr(UInt64(n)) == acc, "n = \(n)")
            #expect(p2 * Fr(UInt64(n)) == acc2, "n = \(n)")
            acc = acc + p
            acc2 = acc2 + p2
        }
    }

    @Test func g2GroupLaws() {
        var rng = SeededRNG(seed: Self.seed ^ 2)
        for _ in 0..<6 {
            let a = Fr.random(using: &rng)
            let b = Fr.random(using: &rng)
            let c = Fr.random(using: &rng)
            let p = G2Affine.generator * a
            let q = G2Affine.generator * b
            let s = G2Affine.generator * c
            #expect((p + p.negated()).isInfinity, "seed \(Self.seed ^ 2)")
            #expect(p + q == q + p)
            #expect((p + q) + s == p + (q + s))
            #expect(p + q.toAffine() == p + q)
            #expect(p + p == p.doubled())
            #expect(p + p.toAffine() == p.doubled())
            #expect((p + p.toAffine().negated()).isInfinity)
            #expect(G2Affine.generator * (a + b) == p + q)
            #expect(G2Affine.generator * (a * b) == p * b)
            #expect((p + q).isOnCurve && (p + q).toAffine().isInSubgroup)
            #expect(p.multiplied(byLimbs: Fr.modulusLimbs).isInfinity)
        }
    }

    @Test func batchToAffineMatchesToAffine() {
        var rng = SeededRNG(seed: Self.seed ^ 3)
        var points: [G1Jacobian] = (0..<9).map { _ in G1Affine.generator * Fr.random(using: &rng) }
        points.insert(.infinity, at: 0)
        points.insert(.infinity, at: 5)
        points.append(.infinity)
        #expect(G1Jacobian.batchToAffine(points) == points.map { $0.toAffine() })
        #expect(G1Jacobian.batchToAffine([]).isEmpty)
        var points2: [G2Jacobian] = (0..<5).map { _ in G2Affine.generator * Fr.random(using: &rng) }
        points2.insert(.infinity, at: 2)
        #expect(G2Jacobian.batchToAffine(points2) == points2.map { $0.toAffine() })
    }

    @Test func twistPointsOutsideG2AreDetected() {
        var rng = SeededRNG(seed: Self.seed ^ 4)
        for _ in 0..<3 {
            let p = randomTwistPointOutsideG2(using: &rng)
            #expect(p.isOnCurve)
            #expect(!p.isInSubgroup, "seed \(Self.seed ^ 4)")
        }
        #expect(!G1Affine(uncheckedX: Fq(1), y: Fq(3)).isOnCurve)
        #expect(!G2Affine(uncheckedX: G2Affine.generator.x, y: G2Affine.generator.x).isInSubgroup)
    }

    @Test func fq2SquareRoot() {
        var rng = SeededRNG(seed: Self.seed ^ 5)
        var nonSquares = 0
        for _ in 0..<40 {
            let a = Fq2(Fq.random(using: &rng), Fq.random(using: &rng))
            let root = a.squared().squareRoot
            #expect(root != nil && root!.squared() == a.squared(), "seed \(Self.seed ^ 5)")
            if let r = a.squareRoot { #expect(r.squared() == a) } else { nonSquares += 1 }
        }
        #expect(nonSquares > 5, "about half of F_q2 is a non-square")
        // Cases of Algorithm 9's α = −1 branch: elements of F_q that are non-squares in F_q are squares in F_q2.
        let four = Fq2(Fq(4), .zero).squareRoot!
        #expect(four.squared() == Fq2(Fq(4), .zero))
        let minusOne = Fq2(.minusOne, .zero).squareRoot!
        #expect(minusOne.squared() == Fq2(.minusOne, .zero))
        #expect(Fq2.zero.squareRoot == .zero)
    }
}
