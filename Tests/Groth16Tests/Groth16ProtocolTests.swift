import BN254
import Groth16
import R1CS
import Testing

/// Completeness and soundness of setup → prove → verify on random circuits (public API only).
@Suite struct Groth16ProtocolTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        let seed: UInt64, publicCount: Int, constraintCount: Int
        var testDescription: String { "seed \(seed): \(publicCount) public, \(constraintCount) constraints" }
    }

    static let shapes: [Shape] = [
        Shape(seed: 1, publicCount: 0, constraintCount: 1),  // one constraint, no public input
        Shape(seed: 2, publicCount: 1, constraintCount: 1),
        Shape(seed: 3, publicCount: 0, constraintCount: 37),  // no public inputs
        Shape(seed: 4, publicCount: 24, constraintCount: 40),  // many public inputs
        Shape(seed: 5, publicCount: 3, constraintCount: 100),  // not a power of two (domain 128)
        Shape(seed: 6, publicCount: 2, constraintCount: 1021),  // domain 1024 exactly (1021 + 2 + 1)
        Shape(seed: 7, publicCount: 5, constraintCount: 2000),
    ]

    @Test(arguments: shapes)
    func completeness(shape: Shape) throws {
        let circuit = RandomCircuit(
            seed: shape.seed, publicCount: shape.publicCount,
            constraintCount: shape.constraintCount)
        #expect(circuit.r1cs.isSatisfied(by: circuit.witness) == nil, "seed \(shape.seed)")
        let (pk, vk) = Groth16Setup.generateSeededForTestsOnly(r1cs: circuit.r1cs, seed: shape.seed &+ 100)
        #expect(vk.publicInputCount == shape.publicCount)
        #expect(pk.domainSize >= shape.constraintCount + shape.publicCount + 1)
        let proof = try Groth16Prover.prove(provingKey: pk, r1cs: circuit.r1cs, witness: circuit.witness)
        #expect(
            try Groth16Verifier.verify(verifyingKey: vk, publicInputs: circuit.publicInputs, proof: proof),
            "seed \(shape.seed)")
        // A second proof of the same statement is different (fresh r, s) and also verifies.
        let again = try Groth16Prover.prove(provingKey: pk, r1cs: circuit.r1cs, witness: circuit.witness)
        #expect(again != proof)
        let prepared = try PreparedVerifyingKey(vk)
        #expect(try Groth16Verifier.verify(preparedKey: prepared, publicInputs: circuit.publicInputs, proof: again))
    }

    @Test func seededProverIsDeterministic() throws {
        let circuit = RandomCircuit(seed: 11, publicCount: 2, constraintCount: 30)
        let (pk, vk) = Groth16Setup.generateSeededForTestsOnly(r1cs: circuit.r1cs, seed: 12)
        let (pk2, vk2) = Groth16Setup.generateSeededForTestsOnly(r1cs: circuit.r1cs, seed: 12)
        #expect(pk == pk2 && vk == vk2)
        let p1 = try Groth16Prover.proveSeededForTestsOnly(
            provingKey: pk, r1cs: circuit.r1cs,
            witness: circuit.witness, seed: 5)
        let p2 = try Groth16Prover.proveSeededForTestsOnly(
            provingKey: pk, r1cs: circuit.r1cs,
            witness: circuit.witness, seed: 5)
        #expect(p1 == p2)
        #expect(try Groth16Verifier.verify(verifyingKey: vk, publicInputs: circuit.publicInputs, proof: p1))
    }

    /// Setup and prover split their work over `threads` (MSM, NTT, QAP evaluation, fixed-base tables): the keys
    /// and the proof are the same bytes for every thread count.
    @Test func resultsDoNotDependOnTheThreadCount() throws {
        let circuit = RandomCircuit(seed: 17, publicCount: 3, constraintCount: 1500)
        let (pk, vk) = Groth16Setup.generateSeededForTestsOnly(r1cs: circuit.r1cs, seed: 18, threads: 1)
        let proof = try Groth16Prover.proveSeededForTestsOnly(
            provingKey: pk, r1cs: circuit.r1cs, witness: circuit.witness, seed: 19, threads: 1)
        for threads in [2, 3, nil] {
            let (pkT, vkT) = Groth16Setup.generateSeededForTestsOnly(r1cs: circuit.r1cs, seed: 18, threads: threads)
            #expect(pkT == pk && vkT == vk, "setup, threads \(String(describing: threads))")
            let proofT = try Groth16Prover.proveSeededForTestsOnly(
                provingKey: pk, r1cs: circuit.r1cs, witness: circuit.witness, seed: 19, threads: threads)
            #expect(proofT == proof, "prove, threads \(String(describing: threads))")
        }
        #expect(try Groth16Verifier.verify(verifyingKey: vk, publicInputs: circuit.publicInputs, proof: proof))
    }

    /// The verifying key matches the toxic-waste-free relation e(α,β) = e(α,β): two setups differ.
    @Test func differentSeedsGiveDifferentKeys() {
        let circuit = RandomCircuit(seed: 13, publicCount: 1, constraintCount: 8)
        let (_, vk1) = Groth16Setup.generateSeededForTestsOnly(r1cs: circuit.r1cs, seed: 1)
        let (_, vk2) = Groth16Setup.generateSeededForTestsOnly(r1cs: circuit.r1cs, seed: 2)
        let (_, vk3) = Groth16Setup.generate(r1cs: circuit.r1cs)
        #expect(vk1 != vk2 && vk1 != vk3 && vk2 != vk3)
    }

    // MARK: Soundness

    struct Fixture {
        let circuit: RandomCircuit
        let pk: ProvingKey
        let vk: VerifyingKey
        let proof: Proof
    }

    static func makeFixture(seed: UInt64 = 21, publicCount: Int = 3, constraints: Int = 60) throws -> Fixture {
        let circuit = RandomCircuit(seed: seed, publicCount: publicCount, constraintCount: constraints)
        let (pk, vk) = Groth16Setup.generateSeededForTestsOnly(r1cs: circuit.r1cs, seed: seed &* 7)
        let proof = try Groth16Prover.prove(provingKey: pk, r1cs: circuit.r1cs, witness: circuit.witness)
        return Fixture(circuit: circuit, pk: pk, vk: vk, proof: proof)
    }

    @Test func changedPublicInputFails() throws {
        let f = try Self.makeFixture()
        #expect(try Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: f.circuit.publicInputs, proof: f.proof))
        for i in 0..<f.circuit.publicInputs.count {
            var inputs = f.circuit.publicInputs
            inputs[i] += Fr.one
            #expect(try !Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: inputs, proof: f.proof), "input \(i)")
        }
        var swapped = f.circuit.publicInputs
        swapped.swapAt(0, 1)
        #expect(try !Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: swapped, proof: f.proof))
    }

    @Test func swappedOrForeignProofElementsFail() throws {
        let f = try Self.makeFixture()
        let inputs = f.circuit.publicInputs
        let swappedAC = Proof(a: f.proof.c, b: f.proof.b, c: f.proof.a)
        #expect(try !Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: inputs, proof: swappedAC))
        // B from another valid proof of the same statement (different r, s).
        let other = try Groth16Prover.prove(provingKey: f.pk, r1cs: f.circuit.r1cs, witness: f.circuit.witness)
        #expect(try Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: inputs, proof: other))
        for mixed in [
            Proof(a: f.proof.a, b: other.b, c: f.proof.c), Proof(a: other.a, b: f.proof.b, c: f.proof.c),
            Proof(a: f.proof.a, b: f.proof.b, c: other.c),
        ] {
            #expect(try !Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: inputs, proof: mixed))
        }
        // Negated elements.
        let negatedA = Proof(a: f.proof.a.negated(), b: f.proof.b, c: f.proof.c)
        #expect(try !Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: inputs, proof: negatedA))
    }

    @Test func proofFromAnotherCircuitsKeyFails() throws {
        let f = try Self.makeFixture()
        // Same circuit, another setup.
        let (pk2, vk2) = Groth16Setup.generateSeededForTestsOnly(r1cs: f.circuit.r1cs, seed: 999)
        let proof2 = try Groth16Prover.prove(provingKey: pk2, r1cs: f.circuit.r1cs, witness: f.circuit.witness)
        #expect(try Groth16Verifier.verify(verifyingKey: vk2, publicInputs: f.circuit.publicInputs, proof: proof2))
        #expect(try !Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: f.circuit.publicInputs, proof: proof2))
        // Another circuit with the same number of public inputs.
        let g = try Self.makeFixture(seed: 22, publicCount: 3, constraints: 60)
        #expect(try !Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: g.circuit.publicInputs, proof: g.proof))
        #expect(try !Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: f.circuit.publicInputs, proof: g.proof))
        // A proving key for another circuit is refused by the prover.
        let h = RandomCircuit(seed: 23, publicCount: 3, constraintCount: 61)
        #expect(throws: Groth16Error.self) {
            try Groth16Prover.prove(provingKey: f.pk, r1cs: h.r1cs, witness: h.witness)
        }
    }

    @Test func wrongWitnessIsRefusedWithTheViolatedConstraint() throws {
        let f = try Self.makeFixture()
        let r1cs = f.circuit.r1cs
        // Corrupt the product variable of constraint 7 (a multiplication row; its output is the variable
        // allocated for it). Find it through the public API: the C-side single variable of constraint 7.
        let target = try #require(r1cs.constraints[7].c.singleVariable)
        var values = f.circuit.witness.values
        values[target.index] += Fr.one
        let bad = Witness(values: values, publicInputCount: r1cs.publicInputCount)
        let expected = try #require(r1cs.isSatisfied(by: bad))
        #expect(throws: Groth16Error.unsatisfiedConstraint(index: expected.index, label: expected.label)) {
            try Groth16Prover.prove(provingKey: f.pk, r1cs: r1cs, witness: bad)
        }
        #expect(expected.index == 7 && expected.label == "c7")
        let message = Groth16Error.unsatisfiedConstraint(index: 7, label: "c7").description
        #expect(message.contains("#7") && message.contains("c7"))
        // A changed public input also violates a constraint using it (or none, if unused: then the
        // proof is produced but for the changed statement). Constant wire ≠ 1 is refused.
        var notOne = f.circuit.witness.values
        notOne[0] = Fr(2)
        #expect(throws: Groth16Error.witnessConstantNotOne) {
            try Groth16Prover.prove(
                provingKey: f.pk, r1cs: r1cs,
                witness: Witness(values: notOne, publicInputCount: r1cs.publicInputCount))
        }
    }

    @Test func wrongWitnessLengthIsAClearError() throws {
        let f = try Self.makeFixture()
        let r1cs = f.circuit.r1cs
        let short = Witness(values: Array(f.circuit.witness.values.dropLast()), publicInputCount: r1cs.publicInputCount)
        #expect(throws: Groth16Error.invalidWitnessLength(expected: r1cs.variableCount, got: r1cs.variableCount - 1)) {
            try Groth16Prover.prove(provingKey: f.pk, r1cs: r1cs, witness: short)
        }
    }

    @Test func wrongPublicInputCountThrows() throws {
        let f = try Self.makeFixture()
        let inputs = f.circuit.publicInputs
        #expect(throws: Groth16Error.wrongPublicInputCount(expected: 3, got: 2)) {
            try Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: Array(inputs.dropLast()), proof: f.proof)
        }
        #expect(throws: Groth16Error.wrongPublicInputCount(expected: 3, got: 4)) {
            try Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: inputs + [Fr.one], proof: f.proof)
        }
    }

    @Test func publicInputsAsTextAreStrict() throws {
        let f = try Self.makeFixture()
        let texts = f.circuit.publicInputs.map(\.decimalString)
        #expect(try Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: texts, proof: f.proof))
        // x + r is the same residue but is not canonical: rejected, never reduced.
        for bad in [
            Fr.modulusDecimal, "0" + texts[0], "-1", " 1", "1 ", "", "0x10", "1e3",
            "115792089237316195423570985008687907853269984665640564039457584007913129639936",
        ] {
            var candidate = texts
            candidate[1] = bad
            #expect(throws: Groth16Error.nonCanonicalPublicInput(index: 1, text: bad)) {
                try Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: candidate, proof: f.proof)
            }
        }
        var bytes = f.circuit.publicInputs.map(\.bigEndianBytes)
        #expect(try Groth16Verifier.parsePublicInputs(bytes: bytes) == f.circuit.publicInputs)
        bytes[2] = [UInt8](repeating: 0xFF, count: 32)
        #expect(throws: Groth16Error.self) { try Groth16Verifier.parsePublicInputs(bytes: bytes) }
    }

    @Test func invalidVerifyingKeysAreRefused() throws {
        let f = try Self.makeFixture()
        var offCurve = f.vk
        offCurve.alphaG1 = G1Affine(uncheckedX: f.vk.alphaG1.x, y: f.vk.alphaG1.y + Fq.one)
        #expect(throws: Groth16Error.invalidPoint(field: "vk.alpha", reason: .pointNotOnCurve)) {
            try PreparedVerifyingKey(offCurve)
        }
        var outside = f.vk
        outside.deltaG2 = try #require(TwistPoints.pointOutsideSubgroup())
        #expect(throws: Groth16Error.invalidPoint(field: "vk.delta", reason: .pointNotInSubgroup)) {
            try Groth16Verifier.verify(verifyingKey: outside, publicInputs: f.circuit.publicInputs, proof: f.proof)
        }
        var noIC = f.vk
        noIC.gammaABCG1 = []
        #expect(throws: Groth16Error.self) { try PreparedVerifyingKey(noIC) }
    }

    @Test func invalidProofPointsThrowInsteadOfVerifying() throws {
        let f = try Self.makeFixture()
        let inputs = f.circuit.publicInputs
        let offCurve = G1Affine(uncheckedX: f.proof.a.x, y: f.proof.a.y + Fq.one)
        #expect(throws: Groth16Error.invalidPoint(field: "proof.A", reason: .pointNotOnCurve)) {
            try Groth16Verifier.verify(
                verifyingKey: f.vk, publicInputs: inputs,
                proof: Proof(a: offCurve, b: f.proof.b, c: f.proof.c))
        }
        #expect(throws: Groth16Error.unexpectedInfinity(field: "proof.C")) {
            try Groth16Verifier.verify(
                verifyingKey: f.vk, publicInputs: inputs,
                proof: Proof(a: f.proof.a, b: f.proof.b, c: .infinity))
        }
        // A point on the twist outside the order-r subgroup: (x, y) with x = 1..n until x³ + b' is a square.
        let outside = try #require(TwistPoints.pointOutsideSubgroup())
        #expect(throws: Groth16Error.invalidPoint(field: "proof.B", reason: .pointNotInSubgroup)) {
            try Groth16Verifier.verify(
                verifyingKey: f.vk, publicInputs: inputs,
                proof: Proof(a: f.proof.a, b: outside, c: f.proof.c))
        }
    }
}

/// Twist points for negative tests.
enum TwistPoints {
    /// b' = 3/ξ, the twist's constant.
    static var twistB: Fq2 { Fq2(Fq(3), .zero) * Fq2.xi.inverse! }

    /// A square root in F_q2 = F_q[u]/(u² + 1) (complex method), or nil.
    static func sqrt(_ a: Fq2) -> Fq2? {
        if a.isZero { return .zero }
        guard let n = a.norm.squareRoot else { return nil }
        let half = Fq(2).inverse!
        for candidate in [(a.c0 + n) * half, (a.c0 - n) * half] {
            if let x0 = candidate.squareRoot, !x0.isZero {
                let x1 = a.c1 * (x0 + x0).inverse!
                let root = Fq2(x0, x1)
                if root * root == a { return root }
            }
        }
        return nil
    }

    /// The first point (k, y) on the twist (k = 1, 2, …) that is not in the order-r subgroup. The twist's
    /// cofactor is ≈ q, so essentially every such point lies outside.
    static func pointOutsideSubgroup() -> G2Affine? {
        for k in 1...100 {
            let x = Fq2(Fq(UInt64(k)), Fq.one)
            if let y = sqrt(x * x * x + twistB) {
                let p = G2Affine(uncheckedX: x, y: y)
                if p.isOnCurve && !p.isInSubgroup { return p }
            }
        }
        return nil
    }
}
