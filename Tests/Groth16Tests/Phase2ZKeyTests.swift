import BN254
import Foundation
import Groth16
import R1CS
import Testing

/// The phase-2 ceremony on a snarkjs `.zkey` (what `setup --ptau` writes when the ptau holds τ^(2N−1)): the
/// odd-coset H query derived from the powers equals the scalar formula for a known τ (synthetic ptau), keys prove
/// and verify through the zkey prover before and after contributions, and tampering fails naming the section.
@Suite struct Phase2ZKeyTests {
    struct Ceremony {
        let circuit: RandomCircuit
        let initial: ZKey
        let monomialH: [G1Affine]
        let key: ZKey
    }

    static func ceremony() throws -> Ceremony {
        let circuit = RandomCircuit(seed: 12, publicCount: 3, constraintCount: 40)
        let ptau = try PowersOfTau(path: Phase2CeremonyTests.ptauPath)
        let (initial, monomialH) = try Phase2Setup.initialZKey(r1cs: circuit.r1cs, ptau: ptau)
        var key = initial
        for name in ["alice", "bob"] { key = Phase2Ceremony.contribute(zkey: key, entropy: name, name: name).zkey }
        key = Phase2Ceremony.beacon(zkey: key, beaconHash: [1, 2, 3], iterationsExponent: 10, name: "beacon").zkey
        return Ceremony(circuit: circuit, initial: initial, monomialH: monomialH, key: key)
    }

    func verify(_ c: Ceremony, _ key: ZKey) throws -> [Phase2Ceremony.VerifiedContribution] {
        try Phase2Ceremony.verify(zkey: key, initial: c.initial, monomialH: c.monomialH, file: "k.zkey")
    }

    func failure(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        Issue.record("a tampered zkey verified")
        return ""
    }

    @Test func zkeysFromTheCeremonyProveAndVerify() throws {
        let c = try Self.ceremony()
        #expect(try verify(c, c.key).map(\.name) == ["alice", "bob", "beacon"])
        for key in [c.initial, c.key] {
            let proof = try Groth16Prover.prove(zkey: key, witness: c.circuit.witness.values, r1cs: c.circuit.r1cs)
            #expect(
                try Groth16Verifier.verify(
                    verifyingKey: key.verifyingKey, publicInputs: c.circuit.publicInputs, proof: proof))
        }
        // The contributions are snarkjs's section 10: the no-ptau chain check agrees, and the file round-trips.
        #expect(try Phase2Verification.verifyContributions(c.key).count == 3)
        #expect(try ZKey(bytes: c.key.serialized(), file: "k.zkey") == c.key)
        // The circuit hash is snarkjs's csHash of the initial key (monomial H points).
        let csHash = c.initial.circuitHash(monomialHQuery: Array(c.monomialH.dropLast()))
        #expect(c.initial.transcript?.circuitHash == csHash)
    }

    @Test func tamperingFailsNamingTheSection() throws {
        let c = try Self.ceremony()
        var k = c.key
        k.hQuery[5] = c.initial.hQuery[5]
        #expect(
            failure { _ = try verify(c, k) }
                == "k.zkey: verification failed: section 9 (H): the points are not the ptau's odd-coset H query "
                + "scaled by 1/δ")
        k = c.key
        k.cQuery = c.initial.cQuery
        #expect(failure { _ = try verify(c, k) }.contains("section 8 (C, the L query)"))
        k = c.key
        k.transcript?.contributions.remove(at: 0)
        #expect(failure { _ = try verify(c, k) }.contains("contribution #1 (bob): its transcript hash"))
        k = c.key
        k.transcript?.contributions[1].g2SPX = c.key.transcript!.contributions[0].g2SPX
        #expect(failure { _ = try verify(c, k) }.contains("contribution #2 (bob): invalid proof of knowledge"))
        k = c.key
        k.aQuery[2] = c.key.aQuery[3]
        #expect(failure { _ = try verify(c, k) }.contains("section 5 (A)"))
    }

    /// A synthetic ptau (known τ) verifies like a real one, and the H query derived from it by the group FFT is
    /// [L_{2i+1}(τ)]₁ over the 2N-th roots, computed from τ directly.
    @Test func oddCosetHMatchesTheScalarFormula() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("synthetic-\(UUID().uuidString).ptau")
        defer { try? FileManager.default.removeItem(at: path) }
        let tau = try SyntheticPtauForTestsOnly.write(path: path.path, power: 8, seed: 99)
        let ptau = try PowersOfTau(path: path.path)
        let report = try ptau.verify()
        #expect(report.contributions.count == 1)
        let circuit = RandomCircuit(seed: 13, publicCount: 2, constraintCount: 50)
        let (zkey, _) = try Phase2Setup.initialZKey(r1cs: circuit.r1cs, ptau: ptau)
        let n = zkey.domainSize
        let doubled = try #require(EvaluationDomain(size: 2 * n))
        // L_k(τ) = (τ^{2N} − 1)/(2N) · ω^k/(τ − ω^k)
        let factor = (tau.pow(UInt64(2 * n)) - .one) * Fr(UInt64(2 * n)).inverse!
        for i in 0..<n {
            let w = doubled.omega.pow(UInt64(2 * i + 1))
            let expected = (G1Affine.generator * (factor * w * (tau - w).inverse!)).toAffine()
            #expect(zkey.hQuery[i] == expected, "H point \(i)")
        }
        let proof = try Groth16Prover.prove(zkey: zkey, witness: circuit.witness.values, r1cs: circuit.r1cs)
        #expect(
            try Groth16Verifier.verify(
                verifyingKey: zkey.verifyingKey, publicInputs: circuit.publicInputs,
                proof: proof))
        // A ptau of exactly the domain's size lacks τ^(2N−1): no zkey (zkinfer's own key format instead).
        let small = FileManager.default.temporaryDirectory.appendingPathComponent("small-\(UUID().uuidString).ptau")
        defer { try? FileManager.default.removeItem(at: small) }
        try SyntheticPtauForTestsOnly.write(path: small.path, power: n.trailingZeroBitCount, seed: 5)
        let exact = try PowersOfTau(path: small.path)
        #expect(!Phase2Setup.servesZKey(exact, domainSize: n))
        #expect(throws: CeremonyError.self) { try Phase2Setup.initialZKey(r1cs: circuit.r1cs, ptau: exact) }
        #expect(try Phase2Setup.initialKey(r1cs: circuit.r1cs, ptau: exact).key.hQuery.count == n - 1)
    }
}
