import BN254
import Foundation
import Hashing
import TestSupport
import Testing

@Suite("Pairing")
struct PairingTests {
    struct GethVector: Decodable {
        let Input: String
        let Expected: String
        let Name: String
    }

    static func loadGethVectors() throws -> [GethVector] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Vectors/bn256Pairing.json")
        return try JSONDecoder().decode([GethVector].self, from: Data(contentsOf: url))
    }

    @Test("go-ethereum bn256Pairing precompile vectors (EIP-197)")
    func gethVectors() throws {
        let vectors = try Self.loadGethVectors()
        #expect(vectors.count >= 12)
        for vector in vectors {
            let input = try #require(Hex.decode(vector.Input), "\(vector.Name): bad hex")
            let expected = try #require(Hex.decode(vector.Expected))
            #expect(expected.count == 32 && expected[0..<31].allSatisfy { $0 == 0 })
            let pairs = try PrecompileInput.pairs(input)
            let prepared = pairs.map { ($0.0, G2Prepared($0.1)) }
            let result = Pairing.productIsOne(prepared)
            #expect(result == (expected[31] == 1), "\(vector.Name)")
        }
    }

    struct PyEccFile: Decodable {
        struct Case: Decodable {
            let g1Scalar: Int
            let g2Scalar: Int
            let g1: [String]
            let g2: [String]
            let pairing: [String]
        }
        let cases: [Case]
    }

    @Test("pairing values equal py_ecc's bn128.pairing (basis-converted, see Scripts/gen_pairing_vectors.py)")
    func pyEccValues() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Vectors/pyecc_pairing.json")
        let file = try JSONDecoder().decode(PyEccFile.self, from: Data(contentsOf: url))
        #expect(file.cases.count >= 2)
        for c in file.cases {
            let fq = try c.g1.map { try #require(Fq(decimal: $0)) }
            let fq2 = try c.g2.map { try #require(Fq(decimal: $0)) }
            let p = G1Affine(uncheckedX: fq[0], y: fq[1])
            let q = G2Affine(uncheckedX: Fq2(fq2[0], fq2[1]), y: Fq2(fq2[2], fq2[3]))
            // The points themselves are checked against our own scalar multiplication of the generators.
            #expect(p == AffineArithmetic.multiply(G1Affine.generator, Fr(UInt64(c.g1Scalar))))
            #expect(q == AffineArithmetic.multiply(G2Affine.generator, Fr(UInt64(c.g2Scalar))))
            let e = Pairing.pairing(p, q)
            let ours = [e.c0.c0, e.c0.c1, e.c0.c2, e.c1.c0, e.c1.c1, e.c1.c2].flatMap { [$0.c0, $0.c1] }
            let theirs = try c.pairing.map { try #require(Fq(decimal: $0)) }
            #expect(ours == theirs, "e([\(c.g1Scalar)]G1, [\(c.g2Scalar)]G2)")
        }
    }

    @Test("final exponentiation equals f^((q¹² − 1)/r) computed by plain pow")
    func finalExponentiationMatchesPow() {
        var rng = SeededRNG(seed: testSeed(fallback: 0xF1A1))
        let exponent = exponentLimbs(qPower: 12, minus: 1, dividedBy: GMPInteger.modulus(of: Fr.self))
        for _ in 0..<2 {
            let f = randomFq12(&rng)
            #expect(Pairing.finalExponentiation(f) == f.pow(exponent), "seed \(rng.state)")
        }
    }

    @Test("bilinearity e(aP, bQ) = e(P, Q)^(ab), e(P, Q)·e(−P, Q) = 1, non-degeneracy, order r")
    func bilinearity() {
        let seed = testSeed(fallback: 0xB111)
        var rng = SeededRNG(seed: seed)
        let p = G1Affine.generator
        let q = G2Affine.generator
        let base = Pairing.pairing(p, q)
        #expect(base != .one)
        #expect(base.pow(AffineArithmetic.limbArray(Fr.minusOne)) * base == .one, "e(P,Q)^r = 1")
        for _ in 0..<2 {
            let a = Fr.random(using: &rng)
            let b = Fr.random(using: &rng)
            let ap = AffineArithmetic.multiply(p, a)
            let bq = AffineArithmetic.multiply(q, b)
            #expect(Pairing.pairing(ap, bq) == base.pow(a * b), "seed \(seed)")
            #expect(Pairing.pairing(ap, q) == Pairing.pairing(p, AffineArithmetic.multiply(q, a)), "seed \(seed)")
            let negative = AffineArithmetic.negate(ap)
            #expect(Pairing.pairing(ap, bq) * Pairing.pairing(negative, bq) == .one)
            #expect(Pairing.productIsOne([(ap, G2Prepared(bq)), (negative, G2Prepared(bq))]))
            #expect(!Pairing.productIsOne([(ap, G2Prepared(bq)), (ap, G2Prepared(bq))]))
        }
    }

    @Test("multiPairing equals the product of single pairings; infinity contributes 1")
    func multiPairing() {
        let seed = testSeed(fallback: 0x3333)
        var rng = SeededRNG(seed: seed)
        var pairs: [(G1Affine, G2Affine)] = []
        for _ in 0..<3 {
            pairs.append(
                (
                    AffineArithmetic.multiply(G1Affine.generator, Fr.random(using: &rng)),
                    AffineArithmetic.multiply(G2Affine.generator, Fr.random(using: &rng))
                ))
        }
        let product = pairs.map { Pairing.pairing($0.0, $0.1) }.reduce(Fq12.one, *)
        let prepared = pairs.map { ($0.0, G2Prepared($0.1)) }
        #expect(Pairing.multiPairing(prepared) == product, "seed \(seed)")
        let withInfinity =
            prepared + [(G1Affine.infinity, G2Prepared(pairs[0].1)), (pairs[1].0, G2Prepared(.infinity))]
        #expect(Pairing.multiPairing(withInfinity) == product)
        #expect(Pairing.pairing(.infinity, G2Affine.generator) == .one)
        #expect(Pairing.pairing(G1Affine.generator, .infinity) == .one)
        #expect(Pairing.multiPairing([]) == .one)
        #expect(Pairing.productIsOne([]))
        #expect(G2Prepared(.infinity).lines.isEmpty && G2Prepared(.infinity).isInfinity)
    }
}
