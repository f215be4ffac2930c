import BN254
import TestSupport
import Testing

/// F_q2, F_q6, F_q12: field laws, sparse/special products against the general ones, and every Frobenius map
/// against plain exponentiation by q^k (the constants are derived at run time, so this is their check).
@Suite("Extension tower")
struct FieldTowerTests {
    static let q = GMPInteger.modulus(of: Fq.self)

    static func qPower(_ k: UInt) -> [UInt64] { q.pow(k).limbs() }

    @Test func laws() {
        var rng = SeededRNG(seed: testSeed(fallback: 21))
        #expect(fieldLawViolations(Fq2.self, count: 1000) { randomFq2(&rng) } == [])
        #expect(fieldLawViolations(Fq6.self, count: 200) { randomFq6(&rng) } == [])
        #expect(fieldLawViolations(Fq12.self, count: 100) { randomFq12(&rng) } == [])
    }

    @Test func fq2AgainstSchoolbook() {
        var rng = SeededRNG(seed: testSeed(fallback: 22))
        let nine = Fq(9)
        for _ in 0..<1000 {
            let a = randomFq2(&rng)
            let b = randomFq2(&rng)
            let k = Fq.random(using: &rng)
            #expect(a * b == Fq2(a.c0 * b.c0 - a.c1 * b.c1, a.c0 * b.c1 + a.c1 * b.c0))  // u² = −1
            #expect(a * k == Fq2(a.c0 * k, a.c1 * k))
            #expect(a.mulByNonResidue() == Fq2(nine * a.c0 - a.c1, a.c0 + nine * a.c1))
            #expect(a.mulByNonResidue() == a * Fq2.xi)
            #expect(a.halved().doubled() == a)
            #expect(a.norm == a.c0 * a.c0 + a.c1 * a.c1)
            #expect(a.conjugate() == a.frobenius(power: 1) && a.frobenius(power: 2) == a)
        }
        // Shared-reduction bounds (`Fq.sumOfProducts`): extreme coefficients (p − 1, p − 2, 0, 1, R mod p) crossed.
        let edges: [Fq] = [.zero, .one, .minusOne, Fq.minusOne - .one, Fq(UInt64.max), Fq(montgomeryLimbs: 1, 0, 0, 0)]
        for x0 in edges {
            for x1 in edges {
                for y0 in edges {
                    for y1 in edges {
                        let a = Fq2(x0, x1)
                        let b = Fq2(y0, y1)
                        #expect(a * b == Fq2(x0 * y0 - x1 * y1, x0 * y1 + x1 * y0))
                        #expect(a * b == Fq2.mulReference(a, b))
                    }
                }
            }
        }
        for _ in 0..<1000 {
            let a = randomFq2(&rng)
            let b = randomFq2(&rng)
            #expect(a * b == Fq2.mulReference(a, b))
        }
        let a = randomFq2(&rng)
        #expect(a.pow(Self.qPower(1)) == a.conjugate())
        #expect(a.pow([3]) == a * a * a && a.pow([]) == Fq2.one)
    }

    @Test func fq6SpecialProducts() {
        var rng = SeededRNG(seed: testSeed(fallback: 23))
        let v = Fq6(.zero, .one, .zero)
        #expect(v * v * v == Fq6(Fq2.xi, .zero, .zero))  // v³ = ξ
        for _ in 0..<300 {
            let a = randomFq6(&rng)
            let b0 = randomFq2(&rng)
            let b1 = randomFq2(&rng)
            #expect(a.mulBy01(b0, b1) == a * Fq6(b0, b1, .zero))
            #expect(a.mulByNonResidue() == a * v)
            #expect(a * b0 == a * Fq6(b0, .zero, .zero))
            #expect(a.squared() == a * a)
        }
    }

    @Test func fq12SpecialProducts() {
        var rng = SeededRNG(seed: testSeed(fallback: 24))
        let w = Fq12(.zero, .one)
        #expect(w * w == Fq12(Fq6(.zero, .one, .zero), .zero))  // w² = v
        for _ in 0..<200 {
            let a = randomFq12(&rng)
            let d0 = randomFq2(&rng)
            let d3 = randomFq2(&rng)
            let d4 = randomFq2(&rng)
            #expect(a.mulBy034(d0, d3, d4) == a * Fq12(Fq6(d0, .zero, .zero), Fq6(d3, d4, .zero)))
            #expect(a.squared() == a * a)
            #expect(a.conjugate() == a.frobenius(power: 6))
            #expect(a * a.inverse! == .one)
        }
    }

    @Test func frobeniusMatchesPow() {
        var rng = SeededRNG(seed: testSeed(fallback: 25))
        let a = randomFq12(&rng)
        for k in 1...3 {
            let viaPow = a.pow(Self.qPower(UInt(k)))
            #expect(a.frobenius(power: k) == viaPow, "Fq12 frobenius \(k)")
            let sub = Fq12(a.c0, .zero)
            #expect(Fq12(a.c0.frobenius(power: k), .zero) == sub.pow(Self.qPower(UInt(k))), "Fq6 frobenius \(k)")
        }
        // Composition covers every power 0…11 and wraps mod 12, including negative powers.
        var iterated = a
        for k in 1...12 {
            iterated = iterated.frobenius(power: 1)
            #expect(a.frobenius(power: k) == iterated, "frobenius \(k)")
        }
        #expect(iterated == a)
        #expect(a.frobenius(power: -1).frobenius(power: 1) == a && a.frobenius(power: 0) == a)
        #expect(a.c0.frobenius(power: 6) == a.c0 && a.c0.frobenius(power: 3).frobenius(power: 3) == a.c0)
    }

    @Test func cyclotomicSubgroup() {
        var rng = SeededRNG(seed: testSeed(fallback: 26))
        for _ in 0..<20 {
            let f = randomFq12(&rng)
            var g = f.conjugate() * f.inverse!  // f^(q⁶ − 1)
            g = g.frobenius(power: 2) * g  // ^(q² + 1): now in the cyclotomic subgroup
            #expect(g.cyclotomicSquared() == g.squared())
            #expect(g * g.conjugate() == .one)  // conjugate = inverse there
            #expect(g.cyclotomicPowU() == g.pow([4_965_661_367_192_848_881]))
            // Outside the subgroup the fast squaring is (expectedly) wrong: the test distinguishes the two.
            #expect(f.cyclotomicSquared() != f.squared())
        }
    }
}
