import BN254
import Groth16
import R1CS
import TestSupport
import Testing

/// Proofs whose witness is shaped like a quantised model's (range-check bits, small signed values stored as
/// r − |v|, zeros, a few full-size values, a variable absent from A): every MSM of the prover then runs the
/// size-aware paths (1-bit, small and full groups, negated points). The proof must verify, and a changed
/// public input or a proof for another witness must not.
@Suite struct Groth16SmallScalarTests {
    /// Blocks of p = x·y (small signed), the 12 bits of p + 2^11 and their recomposition; one full-size square.
    static func circuit(blocks: Int, seed: UInt64) -> (ConstraintMatrices, Witness) {
        var rng = SeededRNG(seed: seed)
        let cs = ConstraintSystem(recordLabels: false)
        let input = cs.allocatePublicInput(Fr(Int64(-3)), label: "x")
        let big = cs.allocateWitness(Fr.random(using: &rng))
        let square = cs.allocateWitness(cs.value(of: big) * cs.value(of: big))
        cs.enforce(LinearCombination(big), LinearCombination(big), LinearCombination(square))
        var x = input
        for _ in 0..<blocks {
            let y = cs.allocateWitness(Fr(Int64(rng.next() % 31) - 15))
            let p = cs.allocateWitness(cs.value(of: x) * cs.value(of: y))
            cs.enforce(LinearCombination(x), LinearCombination(y), LinearCombination(p))
            let shifted = (cs.value(of: p) + Fr(1 << 11)).canonicalLimbs.0
            var recomposed = LinearCombination()
            for j in 0..<12 {
                let bit = cs.allocateWitness(Fr((shifted >> UInt64(j)) & 1))
                cs.enforce(LinearCombination(bit), LinearCombination(bit), LinearCombination(bit))
                recomposed.add(bit, coefficient: Fr(UInt64(1) << UInt64(j)))
            }
            cs.enforce(recomposed, .one, LinearCombination(p) + Fr(1 << 11))
            // The next x: a small signed value derived from p (|x| ≤ 7), pinned by x·1 = x' in C only.
            let next = cs.allocateWitness(Fr(Int64(shifted % 15) - 7))
            cs.enforce(.one, LinearCombination(constant: cs.value(of: next)), LinearCombination(next))
            x = next
        }
        return cs.finalize()
    }

    @Test(arguments: [1, 2])
    func zkmlShapedWitnessProvesAndVerifies(threads: Int) throws {
        let (r1cs, witness) = Self.circuit(blocks: 40, seed: 0x515 &+ UInt64(threads))
        #expect(r1cs.isSatisfied(by: witness) == nil)
        let (pk, vk) = Groth16Setup.generateSeededForTestsOnly(r1cs: r1cs, seed: 77)
        let proof = try Groth16Prover.prove(provingKey: pk, r1cs: r1cs, witness: witness, threads: threads)
        let inputs = Array(witness.publicValues)
        #expect(try Groth16Verifier.verify(verifyingKey: vk, publicInputs: inputs, proof: proof))
        // Tampering: another public input, or a proof element negated, is rejected.
        #expect(try !Groth16Verifier.verify(verifyingKey: vk, publicInputs: [Fr(3)], proof: proof))
        let negatedC = Proof(a: proof.a, b: proof.b, c: proof.c.negated())
        #expect(try !Groth16Verifier.verify(verifyingKey: vk, publicInputs: inputs, proof: negatedC))
    }
}
