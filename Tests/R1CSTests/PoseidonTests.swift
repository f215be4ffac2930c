import BN254
import R1CS
import TestSupport
import Testing

private func hex(_ s: String) -> Fr { Fr(hex: s)! }

@Suite struct PoseidonTests {
    /// Published circomlib / circomlibjs vectors (circomlibjs test/poseidon.js; light-poseidon tests).
    @Test func circomlibVectors() {
        #expect(
            Poseidon.hash([f(1), f(2)]) == hex("0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"))
        #expect(
            Poseidon.hash([f(1), f(2), f(3), f(4)])
                == hex("0x299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465"))
        #expect(Poseidon.hash([f(1)]) == hex("0x29176100eaa962bdc1fe6c654d6a3c130e96a4d1168b33848b897dc502820133"))
        #expect(
            Poseidon.hash([f(0), f(0)]) == hex("0x2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864"))
    }

    /// The generated tables reproduce circomlibjs poseidon_constants.js (first/last constants of t = 2 and
    /// t = 3, the last MDS rows of t = 17 — the LFSR stream runs through all constants before the matrix).
    @Test func generatedParametersMatchCircomlib() throws {
        let p2 = try #require(PoseidonParameters.forWidth(2))
        #expect(p2.partialRounds == 56 && p2.roundConstants.count == 64 * 2 && p2.mds.count == 4)
        #expect(p2.roundConstants[0] == hex("0x09c46e9ec68e9bd4fe1faaba294cba38a71aa177534cdd1b6c7dc0dbd0abd7a7"))
        #expect(p2.roundConstants.last == hex("0x269e4b5b7a2eb21afd567970a717ceec5bd4184571c254fdc06e03a7ff8378f0"))
        let p3 = try #require(PoseidonParameters.forWidth(3))
        #expect(p3.partialRounds == 57)
        #expect(p3.roundConstants[0] == hex("0x0ee9a592ba9a9518d05986d656f40c2114c4993c11bb29938d21d47304cd8e6e"))
        #expect(
            p3.roundConstants[64 * 3 + 2] == hex("0x1da55cc900f0d21f4a3e694391918a1b3c23b2ac773c6b3ef88e2e4228325161"))
        #expect(p3.mds[0] == hex("0x109b7f411ba0e4c9b2b70caf5c36a7b194be7c11ad24378bfedb68592ba8118b"))
        let p17 = try #require(PoseidonParameters.forWidth(17))
        #expect(p17.partialRounds == 68)
        #expect(p17.mds[16 * 17] == hex("0x14c09d155c5d428198c234b553da338f227cbc12b0e42f2b9ce71563ee1495c0"))
        #expect(p17.mds[16 * 17 + 16] == hex("0x1d3ee85f078fbeecda2473efc2bedd1ba7ec6f4795faaeae3b0de48d3080c625"))
        #expect(p17.mds[15 * 17] == hex("0x2234546f5e8541e8f72ad794891950b32b1cd891cc66775c5b635961642e9c15"))
        #expect(PoseidonParameters.forWidth(1) == nil && PoseidonParameters.forWidth(18) == nil)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 8, 16])
    func gadgetMatchesNativeAndCountsConstraints(k: Int) {
        let seed = UInt64(0xB0_5E1D + k)
        var rng = SeededRNG(seed: seed)
        let values = (0..<k).map { _ in Fr.random(using: &rng) }
        let cs = ConstraintSystem()
        let inputs = values.map { cs.allocateWitness($0) }
        let before = cs.constraintCount
        let out = cs.poseidon(inputs)
        #expect(cs.value(of: out) == Poseidon.hash(values), "seed \(seed)")
        let p = PoseidonParameters.forWidth(k + 1)!
        #expect(cs.constraintCount - before == 3 * (p.fullRounds * (k + 1) + p.partialRounds) + 1)
        expectSatisfied(cs, "poseidon k = \(k), seed \(seed)")
    }

    @Test func gadgetWithLinearInputsAndSoundness() throws {
        // Inputs are linear combinations (x + 3, 2y), and every wire the gadget adds is pinned down.
        let cs = ConstraintSystem()
        let x = cs.allocatePublicInput(f(11), label: "x")
        let y = cs.allocateWitness(f(-7))
        let start = cs.variableCount
        let h = cs.poseidon([x + f(3), y * f(2)])
        #expect(cs.value(of: h) == Poseidon.hash([f(14), f(-14)]))
        let (r1cs, witness) = expectSatisfied(cs)
        expectEveryWitnessValueMatters(r1cs, witness, indices: start..<r1cs.variableCount, "poseidon")
        // Changing an input (without recomputing) breaks the hash constraints.
        var bad = witness
        bad.values[x.index] = f(12)
        #expect(r1cs.isSatisfied(by: bad) != nil)
    }

    @Test(arguments: [0, 1, 14, 15, 16, 31])
    func chainHashDefinitionAndGadget(k: Int) {
        var rng = SeededRNG(seed: UInt64(k) &+ 77)
        let values = (0..<k).map { _ in Fr.random(using: &rng) }
        // The documented definition, spelled out with single hash calls.
        var h = Fr(UInt64(k))
        var i = 0
        while i < k {
            h = Poseidon.hash([h] + values[i..<Swift.min(i + 15, k)])
            i += 15
        }
        #expect(Poseidon.chainHash(values) == h)
        let cs = ConstraintSystem(recordLabels: false)
        let inputs = values.map { LinearCombination(cs.allocateWitness($0)) }
        let out = cs.poseidonChain(inputs)
        #expect(cs.value(of: out) == h)
        expectSatisfied(cs, "chain k = \(k)")
    }

    @Test func chainHashSeparatesLengths() {
        // A 16-element message and the 2-element message [chain state, last element] differ.
        let values = (1...16).map { f($0) }
        let inner = Poseidon.hash([f(16)] + values[0..<15])
        #expect(Poseidon.chainHash(values) != Poseidon.chainHash([inner, f(16)]))
        #expect(Poseidon.chainHash([f(0)]) != Poseidon.chainHash([]))
    }
}
