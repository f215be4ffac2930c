import BN254
import Groth16
import R1CS
import TestSupport
import Testing

/// `Groth16Verifier.verifyBatch`: several proofs under different keys in one pairing check. Every valid batch
/// passes; any tampered proof, swapped key or changed public input makes the whole batch fail.
@Suite struct BatchVerifyTests {
    struct Item {
        let key: PreparedVerifyingKey
        let inputs: [Fr]
        let proof: Proof
    }

    static func items() throws -> [Item] {
        try (0..<3).map { i in
            let circuit = RandomCircuit(seed: 70 + UInt64(i), publicCount: 2 + i, constraintCount: 20)
            let (pk, vk) = Groth16Setup.generateSeededForTestsOnly(r1cs: circuit.r1cs, seed: 170 + UInt64(i))
            let proof = try Groth16Prover.prove(provingKey: pk, r1cs: circuit.r1cs, witness: circuit.witness)
            return Item(key: try PreparedVerifyingKey(vk), inputs: Array(circuit.witness.publicValues), proof: proof)
        }
    }

    static func batch(_ items: [Item]) throws -> Bool {
        try Groth16Verifier.verifyBatch(items.map { ($0.key, $0.inputs, $0.proof) })
    }

    @Test func validBatchPassesAndEveryTamperFails() throws {
        let items = try Self.items()
        #expect(try Self.batch(items))
        #expect(try Self.batch([items[1]]))
        #expect(try !Self.batch([]))
        for i in items.indices {
            var changed = items
            var inputs = items[i].inputs
            inputs[0] += Fr.one
            changed[i] = Item(key: items[i].key, inputs: inputs, proof: items[i].proof)
            #expect(try !Self.batch(changed), "changed input of item \(i)")
            var swapped = items
            let other = items[(i + 1) % items.count].proof
            swapped[i] = Item(
                key: items[i].key, inputs: items[i].inputs,
                proof: Proof(a: other.a, b: items[i].proof.b, c: items[i].proof.c))
            #expect(try !Self.batch(swapped), "foreign A in item \(i)")
            var negated = items
            let p = items[i].proof
            negated[i] = Item(
                key: items[i].key, inputs: items[i].inputs, proof: Proof(a: p.a, b: p.b, c: p.c.negated()))
            #expect(try !Self.batch(negated), "negated C in item \(i)")
        }
        // A proof under another item's key (these keys expect different input counts): unusable, not "valid".
        var pair = items
        pair.swapAt(0, 1)
        pair[0] = Item(key: items[1].key, inputs: items[0].inputs, proof: items[0].proof)
        #expect(throws: Groth16Error.self) { try Self.batch(pair) }  // input count differs from that key's
    }
}
