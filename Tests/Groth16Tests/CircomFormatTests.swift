import BN254
import Foundation
import Groth16
import Hashing
import R1CS
import TestSupport
import Testing

/// Loads a committed binary fixture (Tests/Groth16Tests/Fixtures/…).
func binaryFixture(_ path: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/" + path)
    return [UInt8](try Data(contentsOf: url))
}

/// The circom/snarkjs binary formats against real circom and snarkjs output (Fixtures/snarkjs, see its README):
/// a Poseidon Merkle-inclusion circuit, its witness, its phase-2 keys before and after one contribution, and
/// the verifying key, proof and public signals snarkjs made with them.
@Suite struct CircomFormatTests {
    static func r1cs() throws -> CircomR1CS {
        try CircomR1CS(bytes: try binaryFixture("snarkjs/merkleInclusion.r1cs"), file: "merkleInclusion.r1cs")
    }

    static func witness() throws -> CircomWitness {
        try CircomWitness(bytes: try binaryFixture("snarkjs/witness.wtns"), file: "witness.wtns")
    }

    static func zkey(_ name: String) throws -> ZKey {
        try ZKey(bytes: try binaryFixture("snarkjs/\(name).zkey"), file: "\(name).zkey")
    }

    /// circom's witness satisfies circom's constraint system, as read by our codecs; the r1cs sections come in
    /// the order 2, 1, 3 and our reader follows the table; both files survive a write/read round trip.
    @Test func circomWitnessSatisfiesCircomR1CS() throws {
        let circom = try Self.r1cs()
        let bin = try BinFile(
            bytes: try binaryFixture("snarkjs/merkleInclusion.r1cs"), file: "r1cs", magic: "r1cs",
            versions: 1...1)
        #expect(bin.sections.map(\.type) == [2, 1, 3])
        let values = try Self.witness().values
        #expect(values.count == circom.r1cs.variableCount)
        let witness = try #require(
            CircomWitness(values: values).witness(publicInputCount: circom.r1cs.publicInputCount))
        #expect(circom.r1cs.isSatisfied(by: witness) == nil)
        // A changed private value is caught.
        var broken = witness
        broken.values[broken.values.count - 1] += .one
        #expect(circom.r1cs.isSatisfied(by: broken) != nil)

        let again = try CircomR1CS(bytes: circom.serialized(), file: "round trip")
        #expect(again == circom)
        let wtnsBytes = try binaryFixture("snarkjs/witness.wtns")
        #expect(CircomWitness(values: values).serialized() == wtnsBytes)
    }

    /// The final zkey's verifying key is snarkjs's verification_key.json; the key survives our writer byte
    /// for byte (the contribution's file has snarkjs's section order 1…10).
    @Test func zkeyVerifyingKeyMatchesSnarkjs() throws {
        let zkey = try Self.zkey("merkleInclusion_final")
        let vk = try SnarkJS.parseVerificationKey(json: try fixture("snarkjs/verification_key.json"))
        #expect(zkey.verifyingKey == vk)
        #expect(zkey.serialized() == (try binaryFixture("snarkjs/merkleInclusion_final.zkey")))
        let initial = try Self.zkey("merkleInclusion_0000")
        #expect(try ZKey(bytes: initial.serialized(), file: "round trip") == initial)
        // Section 4 is the circuit's A and B matrices plus one row per public signal and the constant.
        let circom = try Self.r1cs()
        #expect(zkey.constraintCount == circom.r1cs.constraints.count)
        #expect(Set(zkey.coefficients) == Set(ZKey.coefficients(of: circom.r1cs)))
    }

    /// zkinfer's prover, given snarkjs's zkey and circom's witness, makes a proof that verifies against
    /// snarkjs's verification_key.json and public.json; a wrong public input is refused.
    @Test func proofFromSnarkjsZKeyVerifies() throws {
        let zkey = try Self.zkey("merkleInclusion_final")
        let values = try Self.witness().values
        let circom = try Self.r1cs()
        let vk = try SnarkJS.parseVerificationKey(json: try fixture("snarkjs/verification_key.json"))
        let inputs = try SnarkJS.parsePublic(json: try fixture("snarkjs/public.json"))
        #expect(Array(values[1...zkey.publicCount]) == inputs)
        let proof = try Groth16Prover.prove(zkey: zkey, witness: values, r1cs: circom.r1cs)
        #expect(try Groth16Verifier.verify(verifyingKey: vk, publicInputs: inputs, proof: proof))
        #expect(
            try !Groth16Verifier.verify(
                verifyingKey: vk, publicInputs: [inputs[0] + .one] + inputs.dropFirst(),
                proof: proof))
        // snarkjs's own proof verifies with the key read from the zkey.
        let theirs = try SnarkJS.parseProof(json: try fixture("snarkjs/proof.json"))
        #expect(try Groth16Verifier.verify(verifyingKey: zkey.verifyingKey, publicInputs: inputs, proof: theirs))
        // A witness that does not satisfy the circuit is refused when the circuit is given …
        var bad = values
        bad[bad.count - 1] += .one
        #expect(throws: Groth16Error.self) { try Groth16Prover.prove(zkey: zkey, witness: bad, r1cs: circom.r1cs) }
        // … and without it the proof does not verify.
        let forged = try Groth16Prover.proveSeededForTestsOnly(zkey: zkey, witness: bad, seed: 7)
        #expect(try !Groth16Verifier.verify(verifyingKey: vk, publicInputs: inputs, proof: forged))
    }

    /// Section 10 of the final key: one contribution whose proof of knowledge holds and whose δ is the key's;
    /// _0000 has δ = 1 and no contribution; L and H were divided by the same δ-ratio. (Without the phase-1
    /// file, the initial key's points and the circuit hash cannot be recomputed; see Phase2Verification.)
    @Test func snarkjsContributionVerifies() throws {
        let initial = try Self.zkey("merkleInclusion_0000")
        let final = try Self.zkey("merkleInclusion_final")
        #expect(initial.deltaG1 == .generator && initial.deltaG2 == .generator)
        #expect(try Phase2Verification.verifyContributions(initial).isEmpty)
        let hashes = try Phase2Verification.verifyContributions(final)
        #expect(hashes.count == 1)
        let contribution = try #require(final.transcript?.contributions.first)
        #expect(contribution.kind == .contribution)
        #expect(contribution.deltaAfter == final.deltaG1)
        var rng = SeededRNG(seed: testSeed(fallback: 11))
        try Phase2Verification.verifyUpdate(initial: initial, final: final, using: &rng)
    }

    /// Soundness of the phase-2 checks: L or H not scaled by δ, a wrong proof of knowledge, a removed
    /// contribution, a changed δ — each refused, naming the section or contribution.
    @Test func phase2TamperingIsRejected() throws {
        let initial = try Self.zkey("merkleInclusion_0000")
        let final = try Self.zkey("merkleInclusion_final")
        var rng = SeededRNG(seed: testSeed(fallback: 12))
        func updateError(_ key: ZKey) -> String? {
            do {
                try Phase2Verification.verifyUpdate(initial: initial, final: key, using: &rng)
                return nil
            } catch { return error.description }
        }
        func chainError(_ key: ZKey) -> String? {
            do {
                _ = try Phase2Verification.verifyContributions(key)
                return nil
            } catch { return error.description }
        }
        var unscaledL = final
        unscaledL.cQuery = initial.cQuery
        #expect(updateError(unscaledL)?.contains("section 8") == true)
        var unscaledH = final
        unscaledH.hQuery[3] = initial.hQuery[3]
        #expect(updateError(unscaledH)?.contains("section 9") == true)
        var wrongPoK = final
        wrongPoK.transcript!.contributions[0].g2SPX = G2Affine.generator
        #expect(chainError(wrongPoK)?.contains("contribution 1") == true)
        var wrongG1 = final
        wrongG1.transcript!.contributions[0].g1SX =
            (G1Jacobian(final.transcript!.contributions[0].g1SX) + G1Affine.generator).toAffine()
        #expect(chainError(wrongG1)?.contains("contribution 1") == true)
        var removed = final
        removed.transcript!.contributions.removeAll()
        #expect(chainError(removed)?.contains("delta1") == true)
        var otherDelta = final
        otherDelta.deltaG1 = (G1Jacobian(final.deltaG1) + G1Affine.generator).toAffine()
        #expect(chainError(otherDelta) != nil)
    }

    /// Damaged files of each format: every truncation point and byte flips across the file end in a one-line
    /// `BinFileError` naming the file (never a crash); flips inside point data name the section.
    @Test func damagedFilesAreRejected() throws {
        let files: [(String, ([UInt8]) throws -> Void)] = [
            ("snarkjs/merkleInclusion.r1cs", { _ = try CircomR1CS(bytes: $0, file: "x.r1cs") }),
            ("snarkjs/witness.wtns", { _ = try CircomWitness(bytes: $0, file: "x.wtns") }),
            ("snarkjs/merkleInclusion_final.zkey", { _ = try ZKey(bytes: $0, file: "x.zkey") }),
        ]
        for (path, decode) in files {
            let bytes = try binaryFixture(path)
            var cuts = Array(stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)))
            cuts += [1, 3, 4, 11, 12, 23, 24, bytes.count - 1]
            for cut in cuts {
                #expect(throws: BinFileError.self, "\(path) cut at \(cut)") { try decode(Array(bytes[..<cut])) }
            }
            var rng = SeededRNG(seed: testSeed(fallback: 99))
            for _ in 0..<60 {
                var damaged = bytes
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                damaged[at] ^= UInt8.random(in: 1...255, using: &rng)
                do { try decode(damaged) } catch let error as BinFileError {
                    #expect(!error.description.contains("\n") && error.description.hasPrefix("x."))
                }
            }
        }
        // A flipped coordinate byte in the H section is reported with its section and point.
        var zkey = try binaryFixture("snarkjs/merkleInclusion_final.zkey")
        let bin = try BinFile(bytes: zkey, file: "x", magic: "zkey", versions: 1...1)
        let h = try #require(bin.sections.first { $0.type == 9 })
        zkey[h.range.lowerBound + 64 * 5 + 3] ^= 0x10
        #expect {
            _ = try ZKey(bytes: zkey, file: "final.zkey")
        } throws: { error in
            "\(error)".hasPrefix("final.zkey: section 9 (H points): point 5")
        }
    }

    /// zkinfer's development setup in the zkey convention: the prover over the odd coset makes proofs that
    /// verify; the key survives the zkey writer and reader; proofs from it fail for a wrong public input.
    @Test func developmentZKeyProvesAndRoundTrips() throws {
        let circuit = RandomCircuit(seed: 41, publicCount: 3, constraintCount: 50)
        let zkey = Groth16Setup.generateZKeySeededForTestsOnly(r1cs: circuit.r1cs, seed: 5)
        #expect(zkey.domainSize == ProvingKey.domainSize(constraintCount: 50, publicInputCount: 3))
        let proof = try Groth16Prover.prove(zkey: zkey, witness: circuit.witness.values, r1cs: circuit.r1cs)
        #expect(
            try Groth16Verifier.verify(
                verifyingKey: zkey.verifyingKey, publicInputs: circuit.publicInputs,
                proof: proof))
        var wrong = circuit.publicInputs
        wrong[1] += .one
        #expect(try !Groth16Verifier.verify(verifyingKey: zkey.verifyingKey, publicInputs: wrong, proof: proof))
        let decoded = try ZKey(bytes: zkey.serialized(), file: "dev.zkey", checkProvingKeySubgroup: true)
        #expect(decoded == zkey)
        #expect(decoded.transcript?.circuitHash.count == 64)
    }
}
