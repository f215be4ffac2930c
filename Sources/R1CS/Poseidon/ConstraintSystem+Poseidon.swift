import BN254

extension ConstraintSystem {
    /// x^5 as a fresh variable: x² = x·x, x⁴ = x²·x², x⁵ = x⁴·x. **3 constraints**.
    func pow5(_ x: LinearCombination, label: @autoclosure () -> String) -> Variable {
        let x2 = mul(x, x, label: "\(label()): x²")
        let x4 = mul(x2, x2, label: "\(label()): x⁴")
        return mul(x4, x, label: "\(label()): x⁵")
    }

    /// Poseidon (circomlib parameters) of 1…16 inputs as a fresh variable, equal to
    /// `Poseidon.hash(inputs' values)`. Round-constant additions and MDS products are linear (free);
    /// **3·(R_F·t + R_P) + 1 constraints** with t = k + 1 (3 per S-box, plus binding the output):
    /// k = 1: 3·(16 + 56) + 1 = 217; k = 2: 244; k = 3: 265; k = 4: 301; k = 5: 325; k = 16: 613.
    ///
    /// Per S-box with input u (an affine form): u·u = x², x²·x² = x⁴, x⁴·u = y. Builds exactly the same
    /// constraints and witness as `poseidonReference`, but from a per-width `PoseidonCircuitTemplate`
    /// (forms precomputed once) and the native permutation's S-box inputs, so a call costs one native
    /// permutation plus copying the terms: no field multiplication on linear combinations, no sort/merge.
    public func poseidon(_ inputs: [LinearCombination], label: @autoclosure () -> String = "poseidon") -> Variable {
        precondition(
            (1...Poseidon.maxInputCount).contains(inputs.count),
            "poseidon gadget takes 1...16 inputs (got \(inputs.count))")
        let t = inputs.count + 1
        let template = PoseidonCircuitTemplate.forWidth(t)!
        let p = PoseidonParameters.forWidth(t)!
        let n = template.sboxCount

        // Witness: the native permutation's S-box inputs u, then x², x⁴, y per S-box.
        var state = [Fr.zero]
        state.reserveCapacity(t)
        for lc in inputs { state.append(value(of: lc)) }
        var trace: [Fr] = []
        trace.reserveCapacity(n)
        Poseidon.permute(&state, trace: &trace, record: true)
        let base = variableCount
        values.reserveCapacity(values.count + 3 * n + 1)
        for u in trace {
            let x2 = u.squared()
            let x4 = x2.squared()
            values.append(x2)
            values.append(x4)
            values.append(x4 * u)
        }
        knownBoolean.append(contentsOf: repeatElement(false, count: 3 * n))
        let out = allocateWitness(state[0])

        // Constraints, in the order of `poseidonReference`.
        constraints.reserveCapacity(constraints.count + 3 * n + 1)
        for k in 0..<n {
            let u: LinearCombination
            if k == 0 {
                u = LinearCombination(constant: template.firstRoundConstants[0])
            } else if k < t {
                u = inputs[k - 1] + template.firstRoundConstants[k]
            } else {
                u = template.linearCombination(template.inputs[k - t], base: base)
            }
            let x2 = LinearCombination(Variable(index: base + 3 * k))
            let x4 = LinearCombination(Variable(index: base + 3 * k + 1))
            let y = LinearCombination(Variable(index: base + 3 * k + 2))
            if recordLabels {
                let (r, i) = Self.poseidonRound(ordinal: k, width: t, parameters: p)
                let name = "\(label()): round \(r) S-box \(i)"
                enforce(u, u, x2, "\(name): x²")
                enforce(x2, x2, x4, "\(name): x⁴")
                enforce(x4, u, y, "\(name): x⁵")
            } else {
                enforce(u, u, x2)
                enforce(x2, x2, x4)
                enforce(x4, u, y)
            }
        }
        enforce(
            template.linearCombination(template.output, base: base), LinearCombination.one,
            LinearCombination(out), "\(label()): output")
        return out
    }

    /// (round, element) of S-box number `ordinal` (execution order, see `PoseidonCircuitTemplate`).
    private static func poseidonRound(ordinal k: Int, width t: Int, parameters p: PoseidonParameters) -> (Int, Int) {
        let half = p.fullRounds / 2
        if k < half * t { return (k / t, k % t) }
        if k < half * t + p.partialRounds { return (half + k - half * t, 0) }
        let rest = k - half * t - p.partialRounds
        return (half + p.partialRounds + rest / t, rest % t)
    }

    /// The straightforward Poseidon gadget (round by round on linear combinations, dense MDS products):
    /// the reference twin of `poseidon`, same constraints and witness, much slower (the partial-round
    /// forms grow to t + R_P terms and are rebuilt every round). Kept for tests.
    public func poseidonReference(_ inputs: [LinearCombination], label: @autoclosure () -> String = "poseidon")
        -> Variable
    {
        precondition(
            (1...Poseidon.maxInputCount).contains(inputs.count),
            "poseidon gadget takes 1...16 inputs (got \(inputs.count))")
        let p = PoseidonParameters.forWidth(inputs.count + 1)!
        let t = p.width
        var state = [LinearCombination.zero] + inputs
        for r in 0..<(p.fullRounds + p.partialRounds) {
            for i in 0..<t { state[i] = state[i] + p.roundConstants[r * t + i] }
            let sboxCount = p.isFullRound(r) ? t : 1
            for i in 0..<sboxCount {
                state[i] = LinearCombination(pow5(state[i], label: "\(label()): round \(r) S-box \(i)"))
            }
            // Last round: only state[0] is needed.
            let rows = r == p.fullRounds + p.partialRounds - 1 ? 1 : t
            var next: [LinearCombination] = []
            next.reserveCapacity(t)
            for i in 0..<rows {
                var pairs: [(Variable, Fr)] = []
                for j in 0..<t {
                    let m = p.mds[i * t + j]
                    for term in state[j].terms { pairs.append((term.variable, m * term.coefficient)) }
                }
                next.append(LinearCombination(terms: pairs))
            }
            state = next
        }
        let out = allocateWitness(value(of: state[0]))
        enforce(state[0], LinearCombination.one, LinearCombination(out), "\(label()): output")
        return out
    }

    /// `poseidon` for variables.
    public func poseidon(_ inputs: [Variable], label: @autoclosure () -> String = "poseidon") -> Variable {
        poseidon(inputs.map { LinearCombination($0) }, label: label())
    }

    /// `Poseidon.chainHash` in the circuit (length-prefixed chain of `poseidon` calls over chunks of 15):
    /// ⌈k/15⌉ calls, each costing as `poseidon` with 1 + chunk size inputs; 0 constraints for k = 0
    /// (the result is then the constant 0, bound to a variable by 1 constraint).
    public func poseidonChain(_ inputs: [LinearCombination], label: @autoclosure () -> String = "poseidonChain")
        -> Variable
    {
        var h = LinearCombination(constant: Fr(UInt64(inputs.count)))
        var start = 0
        var block = 0
        while start < inputs.count {
            let end = Swift.min(start + Poseidon.chainChunkSize, inputs.count)
            h = LinearCombination(poseidon([h] + inputs[start..<end], label: "\(label()): block \(block)"))
            start = end
            block += 1
        }
        if let v = h.singleVariable { return v }
        let out = allocateWitness(value(of: h))
        enforce(h, LinearCombination.one, LinearCombination(out), "\(label()): output")
        return out
    }
}
