import BN254
import Foundation
import Groth16
import R1CS
import Testing

/// The phase-2 ceremony on a key derived from a real snarkjs `.ptau` (pot12_0001): keys prove and verify after
/// contributions and a beacon, and every kind of tampering fails `Phase2Ceremony.verify` naming what is wrong.
@Suite struct Phase2CeremonyTests {
    static let ptauPath = PowersOfTauTests.path("pot12_0001.ptau")

    struct Ceremony {
        let circuit: RandomCircuit
        let initial: ProvingKey
        let csHash: [UInt8]
        let key: ProvingKey
        let transcript: Phase2Transcript
    }

    /// A random circuit (full-size and small coefficients), its initial key, three contributions and a beacon.
    static func ceremony() throws -> Ceremony {
        let circuit = RandomCircuit(seed: 11, publicCount: 3, constraintCount: 40)
        let ptau = try PowersOfTau(path: ptauPath)
        let (initial, csHash) = try Phase2Setup.initialKey(r1cs: circuit.r1cs, ptau: ptau)
        var key = initial
        var transcript = Phase2Transcript(circuitHash: csHash)
        for name in ["alice", "bob", "carol"] {
            (key, transcript, _) = Phase2Ceremony.contribute(
                key: key, transcript: transcript, entropy: name, name: name)
        }
        (key, transcript, _) = Phase2Ceremony.beacon(
            key: key, transcript: transcript, beaconHash: [0xab, 0xcd], iterationsExponent: 10, name: "beacon")
        return Ceremony(circuit: circuit, initial: initial, csHash: csHash, key: key, transcript: transcript)
    }

    func verify(_ c: Ceremony, key: ProvingKey? = nil, transcript: Phase2Transcript? = nil) throws
        -> [Phase2Ceremony.VerifiedContribution]
    {
        try Phase2Ceremony.verify(
            key: key ?? c.key, transcript: transcript ?? c.transcript, initial: c.initial, csHash: c.csHash,
            keyFile: "proving.key", transcriptFile: "phase2.transcript")
    }

    /// The failure message of `body`, or a recorded issue when it does not fail.
    func failure(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        Issue.record("a tampered ceremony verified")
        return ""
    }

    @Test func keysFromTheCeremonyProveAndVerify() throws {
        let c = try Self.ceremony()
        let report = try verify(c)
        #expect(report.map(\.name) == ["alice", "bob", "carol", "beacon"])
        #expect(report.map(\.isBeacon) == [false, false, false, true])
        #expect(report.map(\.hash) == c.transcript.contributions.map(Phase2Ceremony.contributionHash))
        for key in [c.initial, c.key] {
            let proof = try Groth16Prover.prove(provingKey: key, r1cs: c.circuit.r1cs, witness: c.circuit.witness)
            #expect(
                try Groth16Verifier.verify(
                    verifyingKey: key.verifyingKey, publicInputs: c.circuit.publicInputs, proof: proof))
        }
        // The transcript's file (zkey section 10 in a binfile) round-trips.
        #expect(try Phase2Transcript(fileBytes: c.transcript.fileBytes, file: "t") == c.transcript)
    }

    @Test func wrongProofOfKnowledgeFails() throws {
        let c = try Self.ceremony()
        var t = c.transcript
        t.contributions[1].g2SPX = t.contributions[0].g2SPX
        let message = failure { _ = try verify(c, transcript: t) }
        #expect(
            message == "phase2.transcript: verification failed: contribution #2 (bob): invalid proof of knowledge "
                + "(s, x·s and x·s' do not share one x)")
    }

    @Test func unscaledLOrHFails() throws {
        let c = try Self.ceremony()
        var k = c.key
        k.lQuery = c.initial.lQuery
        #expect(
            failure { _ = try verify(c, key: k) }
                == "proving.key: verification failed: L section: the points are not the initial ones scaled by 1/δ")
        k = c.key
        k.hQuery[3] = c.initial.hQuery[3]
        #expect(
            failure { _ = try verify(c, key: k) }
                == "proving.key: verification failed: H section: the points are not the initial ones scaled by 1/δ")
        k = c.key
        k.deltaG1 = c.transcript.contributions[2].deltaAfter
        #expect(failure { _ = try verify(c, key: k) }.contains("δ·G1 is not the δ after the last contribution"))
    }

    @Test func removedContributionFails() throws {
        let c = try Self.ceremony()
        var t = c.transcript
        t.contributions.remove(at: 1)
        #expect(
            failure { _ = try verify(c, transcript: t) }
                == "phase2.transcript: verification failed: contribution #2 (carol): its transcript hash does not "
                + "extend the previous contributions")
        // Dropping the last one leaves a chain that is valid but does not end in the key's δ.
        t = c.transcript
        t.contributions.removeLast()
        #expect(failure { _ = try verify(c, transcript: t) }.contains("δ·G1 is not the δ after the last contribution"))
    }

    @Test func tamperedBeaconFails() throws {
        let c = try Self.ceremony()
        var t = c.transcript
        t.contributions[3].kind = .beacon(hash: [0xab, 0xce], iterationsExponent: 10)
        #expect(
            failure { _ = try verify(c, transcript: t) }.contains("contribution #4 (beacon): the key is not the one"))
    }

    /// A .ptau with one altered point (point 5 of section 2 replaced by point 6, both valid curve points).
    @Test func alteredPtauPointFails() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.ptauPath)))
        let section2 = 80  // payload offset of section 2 in this file (see the section table)
        bytes.replaceSubrange(
            (section2 + 5 * 64)..<(section2 + 6 * 64), with: bytes[(section2 + 6 * 64)..<(section2 + 7 * 64)])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("altered-\(UUID().uuidString).ptau")
        try Data(bytes).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let ptau = try PowersOfTau(path: path.path)
        let message = failure { _ = try ptau.verify() }
        #expect(message.hasPrefix(path.lastPathComponent + ": verification failed: section 2: "))
        // And the setup refuses to build on it via the recomputation path as well (different initial key).
        let c = try Self.ceremony()
        let (other, otherHash) = try Phase2Setup.initialKey(r1cs: c.circuit.r1cs, ptau: ptau)
        #expect(
            failure {
                _ = try Phase2Ceremony.verify(
                    key: c.key, transcript: c.transcript, initial: other, csHash: otherHash, keyFile: "proving.key",
                    transcriptFile: "phase2.transcript")
            }.contains("the circuit hash differs"))
    }

    /// The FFT over G1 and G2 gives [L_j(τ)] for a known τ (checked against the scalar formula).
    @Test func groupFFTGivesTheLagrangeBasis() throws {
        let domain = try #require(EvaluationDomain(size: 16))
        let tau = Fr(123_456_789)
        let powers = (0..<16).map { tau.pow(UInt64($0)) }
        let g1 = domain.lagrangeBasis(fromPowers: powers.map { (G1Affine.generator * $0).toAffine() })
        let g2 = domain.lagrangeBasis(fromPowers: powers.map { (G2Affine.generator * $0).toAffine() })
        // L_j(τ) = Π_{k≠j} (τ − ω^k)/(ω^j − ω^k)
        for j in 0..<16 {
            var l = Fr.one
            for k in 0..<16 where k != j {
                l = l * (tau - domain.element(k)) * (domain.element(j) - domain.element(k)).inverse!
            }
            #expect(g1[j] == (G1Affine.generator * l).toAffine())
            #expect(g2[j] == (G2Affine.generator * l).toAffine())
        }
    }
}
