import BN254
import Groth16
import R1CS
import TestSupport
import Testing

/// The zkey prover's evaluation paths and the conversion of a zkinfer proving key to a zkey.
@Suite struct ZKeyProverTests {
    /// A·z, B·z from the circuit (one evaluation shared with the witness check), from section 4 in row order
    /// (parallel chunks), and from section 4 shuffled (one thread) give the same proof for the same r, s.
    @Test func evaluationPathsAgree() throws {
        let circuit = RandomCircuit(seed: 71, publicCount: 4, constraintCount: 300)
        let zkey = Groth16Setup.generateZKeySeededForTestsOnly(r1cs: circuit.r1cs, seed: 3)
        let z = circuit.witness.values
        let fromCircuit = try Groth16Prover.proveSeededForTestsOnly(
            zkey: zkey, witness: z, r1cs: circuit.r1cs, seed: 9)
        let fromKey = try Groth16Prover.proveSeededForTestsOnly(zkey: zkey, witness: z, seed: 9)
        var shuffled = zkey
        var rng = SeededRNG(seed: 5)
        shuffled.coefficients.shuffle(using: &rng)
        #expect(shuffled.coefficients != zkey.coefficients)
        let fromShuffled = try Groth16Prover.proveSeededForTestsOnly(zkey: shuffled, witness: z, seed: 9)
        #expect(fromCircuit == fromKey)
        #expect(fromShuffled == fromKey)
        #expect(
            try Groth16Verifier.verify(
                verifyingKey: zkey.verifyingKey, publicInputs: circuit.publicInputs,
                proof: fromKey))
        // A circuit of the same shape with other constraints: refused when the witness does not satisfy it.
        let other = RandomCircuit(seed: 72, publicCount: 4, constraintCount: 300)
        try #require(other.r1cs.variableCount == circuit.r1cs.variableCount)
        #expect(throws: Groth16Error.self) { try Groth16Prover.prove(zkey: zkey, witness: z, r1cs: other.r1cs) }
        #expect(throws: Groth16Error.self) {
            try Groth16Prover.prove(zkey: zkey, witness: Array(z.dropLast()), r1cs: nil)
        }
    }

    /// `ZKey(provingKey:r1cs:)` from the key of the same toxic waste as `generateZKey`: every section but H
    /// is the same, H'_i = H_i − ω_{2N}^{2i+1}/(2N)·X for one point X (the [τ^{N−1}·t(τ)/δ]₁ that needs τ),
    /// and proofs with the same r, s are identical; they verify, and fail for a changed public input.
    @Test func provingKeyConvertsToZKey() throws {
        let circuit = RandomCircuit(seed: 43, publicCount: 3, constraintCount: 90)
        let (pk, vk) = Groth16Setup.generateSeededForTestsOnly(r1cs: circuit.r1cs, seed: 17)
        let exact = Groth16Setup.generateZKeySeededForTestsOnly(r1cs: circuit.r1cs, seed: 17)
        let converted = try ZKey(provingKey: pk, r1cs: circuit.r1cs)
        #expect(converted.verifyingKey == vk && exact.verifyingKey == vk)
        var sameButH = converted
        sameButH.hQuery = exact.hQuery
        #expect(sameButH == exact)
        #expect(converted.hQuery != exact.hQuery)

        let n = exact.domainSize
        var omega2N = Fr.rootOfUnity
        for _ in 0..<(Fr.twoAdicity - n.trailingZeroBitCount - 1) { omega2N.square() }
        var missing: G1Affine?
        for i in 0..<n {
            // X = (H_i − H'_i)·2N/ω_{2N}^{2i+1}
            let weight = try #require(omega2N.pow(UInt64(2 * i + 1)).inverse) * Fr(UInt64(2 * n))
            let x = ((G1Jacobian(exact.hQuery[i]) - G1Jacobian(converted.hQuery[i])) * weight).toAffine()
            if let missing { #expect(x == missing, "point \(i)") } else { missing = x }
        }
        #expect(missing.map { !$0.isInfinity } == true)

        let z = circuit.witness.values
        let fromConverted = try Groth16Prover.proveSeededForTestsOnly(zkey: converted, witness: z, seed: 23)
        let fromExact = try Groth16Prover.proveSeededForTestsOnly(zkey: exact, witness: z, seed: 23)
        #expect(fromConverted == fromExact)
        #expect(try Groth16Verifier.verify(verifyingKey: vk, publicInputs: circuit.publicInputs, proof: fromConverted))
        var wrong = circuit.publicInputs
        wrong[0] += .one
        #expect(try !Groth16Verifier.verify(verifyingKey: vk, publicInputs: wrong, proof: fromConverted))
        // The converted key survives the zkey writer and reader, with the circuit hash setup --zkey records.
        let decoded = try ZKey(bytes: converted.serialized(), file: "converted.zkey", checkProvingKeySubgroup: true)
        #expect(decoded == converted)
        #expect(decoded.transcript?.circuitHash == exact.circuitHash(monomialHQuery: pk.hQuery))
        // A key for another circuit shape is refused.
        let other = RandomCircuit(seed: 44, publicCount: 2, constraintCount: 90)
        #expect(throws: Groth16Error.self) { try ZKey(provingKey: pk, r1cs: other.r1cs) }
    }
}
