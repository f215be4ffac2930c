import BN254
import R1CS
import TestSupport
import Testing

/// The optimized Poseidon (sparse partial rounds, template-built gadget) against its straightforward twins.
@Suite struct PoseidonOptimizedTests {
    @Test(arguments: Array(PoseidonParameters.supportedWidths))
    func optimizedPermutationEqualsReference(t: Int) throws {
        let seed = UInt64(0x0F7_0000 + t)
        var rng = SeededRNG(seed: seed)
        let o = try #require(PoseidonOptimizedParameters.forWidth(t))
        let rp = o.plain.partialRounds
        #expect(o.preSparse.count == t * t && o.partialConstants.count == rp)
        #expect(o.sparse.count == rp * (2 * t - 1) && o.firstFullConstants.count == t)
        var states: [[Fr]] = [[Fr](repeating: .zero, count: t), [Fr](repeating: .minusOne, count: t)]
        for _ in 0..<4 { states.append((0..<t).map { _ in Fr.random(using: &rng) }) }
        for state in states {
            var fast = state
            var slow = state
            Poseidon.permute(&fast)
            Poseidon.permuteReference(&slow)
            #expect(fast == slow, "t = \(t), seed \(seed)")
        }
        #expect(PoseidonOptimizedParameters.forWidth(1) == nil && PoseidonOptimizedParameters.forWidth(18) == nil)
    }

    /// The template-built gadget produces exactly the reference gadget's R1CS (constraints, labels, digest)
    /// and witness, for every input count, with inputs that are general linear combinations.
    @Test(arguments: Array(1...16))
    func gadgetEqualsReferenceGadget(k: Int) throws {
        let seed = UInt64(0x6AD6_E700 + k)
        var rng = SeededRNG(seed: seed)
        func build(_ gadget: (ConstraintSystem, [LinearCombination]) -> Variable) -> (ConstraintMatrices, Witness, Fr) {
            var local = SeededRNG(seed: seed)
            let cs = ConstraintSystem(recordLabels: true)
            let pub = cs.allocatePublicInput(Fr.random(using: &local), label: "x")
            let vars = (0..<k).map { _ in cs.allocateWitness(Fr.random(using: &local)) }
            // Mixed inputs: a variable, a constant, a sum with a constant, a repeated variable, zero.
            let inputs: [LinearCombination] = (0..<k).map { i in
                switch i % 5 {
                case 0: return LinearCombination(vars[i])
                case 1: return LinearCombination(constant: Fr(UInt64(i + 1)))
                case 2: return vars[i] * Fr(UInt64(3)) + pub + Fr(UInt64(7))
                case 3: return LinearCombination(vars[i]) + LinearCombination(vars[0])
                default: return LinearCombination.zero
                }
            }
            let out = gadget(cs, inputs)
            let (r1cs, witness) = cs.finalize()
            return (r1cs, witness, witness.values[out.index])
        }
        _ = rng.next()
        let (fastR1CS, fastWitness, fastOut) = build { cs, inputs in cs.poseidon(inputs) }
        let (slowR1CS, slowWitness, slowOut) = build { cs, inputs in cs.poseidonReference(inputs) }
        #expect(fastOut == slowOut, "k = \(k), seed \(seed)")
        #expect(fastR1CS.constraints.count == slowR1CS.constraints.count)
        #expect(fastR1CS.constraints == slowR1CS.constraints, "k = \(k), seed \(seed)")
        #expect(fastR1CS.labels == slowR1CS.labels)
        #expect(fastR1CS.digest == slowR1CS.digest)
        #expect(fastWitness.values == slowWitness.values, "k = \(k), seed \(seed)")
        #expect(fastR1CS.isSatisfied(by: fastWitness) == nil)
    }

    /// Two hashes in one system (the second fed by the first), so the template's variable offsets are
    /// exercised at a base other than the first free index; same system as the reference gadget's.
    @Test func chainedCallsEqualReference() {
        func build(_ gadget: (ConstraintSystem, [LinearCombination]) -> Variable) -> (ConstraintMatrices, Witness) {
            let cs = ConstraintSystem(recordLabels: false)
            let a = cs.allocateWitness(Fr(UInt64(5)))
            let h1 = gadget(cs, [LinearCombination(a), LinearCombination(constant: Fr(UInt64(9)))])
            let b = cs.allocateWitness(Fr(UInt64(6)))
            _ = gadget(cs, [LinearCombination(h1), LinearCombination(b), h1 + b])
            return cs.finalize()
        }
        let fast = build { cs, inputs in cs.poseidon(inputs) }
        let slow = build { cs, inputs in cs.poseidonReference(inputs) }
        #expect(fast.0.constraints == slow.0.constraints)
        #expect(fast.1.values == slow.1.values)
        #expect(fast.0.isSatisfied(by: fast.1) == nil)
    }
}
