import BN254
import R1CS

/// Which witness variables and constraints one layer added (for reports and soundness tests).
public struct LayerSpan: Sendable, Equatable {
    public var layer: String
    public var op: String
    /// Indices into `R1CS.constraints`.
    public var constraints: Range<Int>
    /// Indices into the z vector (`Witness.values`) of the variables the layer allocated.
    public var variables: Range<Int>
}

/// Lowers a `FixedPointProgram` to R1CS, op by op (one `lower…` function per op below, each with its constraint
/// count). Linear ops (dense, conv, elementwise, average pool, sum, relabel) are linear combinations of their
/// input wires with the weights as constant coefficients: **0 constraints**. Only rescale/ReLU, max pooling,
/// LeakyReLU, the sigmoid/tanh tables and argmax cost constraints.
///
/// Public signals, in order: the output tensor's elements (scale 2^outputScale, signed integers mod r),
/// then either the input elements (`.public`), the input's Poseidon hash (`.hashed`), or nothing (`.private`).
/// Every value the circuit computes is checked against the fixed-point executor's trace as it is built.
enum CircuitLowering {
    struct Result {
        var system: ConstraintSystem
        var spans: [LayerSpan]
    }

    static func build(program: FixedPointProgram, bounds: [TensorBounds], trace: [[Int64]], visibility: InputVisibility,
                      recordLabels: Bool) throws(CompilerError) -> Result {
        let cs = ConstraintSystem(recordLabels: recordLabels)
        var spans: [LayerSpan] = []
        // 1. Public outputs first (public inputs must precede private witnesses).
        let output = trace[program.outputTensor]
        let outputVars = output.enumerated().map { cs.allocatePublicInput(Fr($0.element), label: "output[\($0.offset)]") }
        // 2. The input.
        let input = trace[0]
        var inputVars: [Variable] = []
        let start = (cs.constraintCount, cs.variableCount)
        switch visibility {
        case .public:
            inputVars = input.enumerated().map { cs.allocatePublicInput(Fr($0.element), label: "input[\($0.offset)]") }
        case .private, .hashed:
            var hashVar: Variable?
            if visibility == .hashed {
                let digest = InputHash.hash(input)
                hashVar = cs.allocatePublicInput(digest, label: "inputHash")
            }
            inputVars = input.map { cs.allocateWitness(Fr($0)) }
            // Range checks: inputLower ≤ x ≤ inputUpper (two n-bit checks unless the width is a power of two).
            let width = program.inputUpper - program.inputLower
            let n = IntegerMath.bitsFor(width + 1)
            for (i, v) in inputVars.enumerated() {
                let lower = LinearCombination(v) - LinearCombination(constant: Fr(program.inputLower))
                cs.rangeCheck(lower, bitCount: n, label: "input[\(i)] ≥ lower bound")
                if width + 1 != Int64(1) << Int64(n) {
                    cs.rangeCheck(LinearCombination(constant: Fr(program.inputUpper)) - LinearCombination(v), bitCount: n,
                                  label: "input[\(i)] ≤ upper bound")
                }
            }
            if let hashVar {
                InputHash.enforce(cs, inputs: inputVars, equals: hashVar)
            }
        }
        spans.append(LayerSpan(layer: program.inputName, op: "input(\(visibility.rawValue))",
                               constraints: start.0..<cs.constraintCount, variables: start.1..<cs.variableCount))
        var wires: [[Wire]] = [inputVars.map { Wire(lc: LinearCombination($0), lower: program.inputLower, upper: program.inputUpper) }]
        wires.reserveCapacity(program.tensorCount)
        // 3. Layers.
        for layer in program.layers {
            let before = (cs.constraintCount, cs.variableCount)
            let x = wires[layer.inputs[0]]
            let name = layer.name
            let out: [Wire]
            switch layer.op {
            case let .linear(op): out = lowerLinear(op, x, bounds[layer.output])
            case let .sum(signs):
                out = (0..<x.count).map { i in
                    var lc = LinearCombination()
                    for (k, t) in layer.inputs.enumerated() { lc.add(wires[t][i].lc, scaledBy: Fr(Int64(signs[k]))) }
                    return Wire(lc: lc, lower: bounds[layer.output].lower[i], upper: bounds[layer.output].upper[i])
                }
            case let .rescale(shift, relu):
                out = x.enumerated().map { cs.rescale($0.element, shift: shift, relu: relu, label: "\(name)[\($0.offset)]") }
            case .relu:
                out = x.enumerated().map { lowerReLU(cs, $0.element, label: "\(name)[\($0.offset)]") }
            case let .leakyRelu(alpha, shift):
                out = x.enumerated().map { lowerLeakyReLU(cs, $0.element, alpha: alpha, shift: shift, label: "\(name)[\($0.offset)]") }
            case let .maxPool(g):
                var o: [Wire] = []
                IntervalAnalysis.forEachPoolWindow(g) { taps in
                    var m = x[taps[0]]
                    for t in taps.dropFirst() { m = cs.maximum(m, x[t], label: "\(name)[\(o.count)]") }
                    o.append(m)
                }
                out = o
            case let .piecewiseLinear(table):
                out = x.enumerated().map { lowerPiecewiseLinear(cs, $0.element, table, label: "\(name)[\($0.offset)]") }
            case .argmax:
                out = [lowerArgmax(cs, x, label: name)]
            case let .permute(p):
                out = p.map { x[$0] }
            }
            // Check the circuit's values against the executor's trace (catches any executor/gadget divergence).
            let expected = trace[layer.output]
            guard out.count == expected.count else {
                throw .invalidCompiledModel("layer '\(name)' produced \(out.count) wires, expected \(expected.count)")
            }
            for i in 0..<out.count where cs.value(of: out[i].lc) != Fr(expected[i]) {
                throw .invalidCompiledModel("layer '\(name)': circuit value at index \(i) differs from the fixed-point executor (\(expected[i]))")
            }
            wires.append(out)
            spans.append(LayerSpan(layer: name, op: layer.op.name, constraints: before.0..<cs.constraintCount,
                                   variables: before.1..<cs.variableCount))
        }
        // 4. Bind the public outputs to the computed output wires. 1 constraint per output element.
        let before = (cs.constraintCount, cs.variableCount)
        for (i, w) in wires[program.outputTensor].enumerated() {
            cs.assertEqual(w.lc, outputVars[i], label: "output[\(i)] binding")
        }
        spans.append(LayerSpan(layer: "output", op: "bind public outputs", constraints: before.0..<cs.constraintCount,
                               variables: before.1..<cs.variableCount))
        return Result(system: cs, spans: spans)
    }

    /// Linear layer: output i = Σ w·x + b as one linear combination. **0 constraints.**
    static func lowerLinear(_ op: LinearOperator<Int64>, _ x: [Wire], _ bounds: TensorBounds) -> [Wire] {
        let weights = op.weights.map { Fr($0) }
        return op.rows().enumerated().map { i, row in
            var terms: [LinearCombination.Term] = []
            terms.reserveCapacity(row.inputs.count + 1)
            for k in 0..<row.inputs.count {
                let w = weights[Int(row.weightIndices[k])]
                if w.isZero { continue }
                for t in x[Int(row.inputs[k])].lc.terms {
                    terms.append(LinearCombination.Term(variable: t.variable, coefficient: t.coefficient * w))
                }
            }
            if row.biasIndex >= 0 { terms.append(LinearCombination.Term(variable: .one, coefficient: Fr(op.bias[Int(row.biasIndex)]))) }
            return Wire(lc: LinearCombination(unsortedTerms: terms), lower: bounds.lower[i], upper: bounds.upper[i])
        }
    }

    /// ReLU of a wire: free when the bound decides the sign; else **n + 2 constraints** (sign, product).
    static func lowerReLU(_ cs: ConstraintSystem, _ x: Wire, label: String) -> Wire {
        if x.lower >= 0 { return x }
        if x.upper <= 0 { return cs.constantWire(0) }
        let s = cs.sign(x, label: "\(label): sign")
        return Wire(lc: LinearCombination(cs.mul(s, x.lc, label: "\(label): relu")), lower: 0, upper: x.upper)
    }

    /// LeakyReLU: s = [x ≥ 0], p = x·(α + s·(2^k − α)), y = rescale(p, k).
    /// **(n + 1) + 1 + (k + B + 2) constraints.**
    static func lowerLeakyReLU(_ cs: ConstraintSystem, _ x: Wire, alpha: Int64, shift k: Int, label: String) -> Wire {
        let s = cs.sign(x, label: "\(label): sign")
        let one = Int64(1) << Int64(k)
        let factor = LinearCombination(constant: Fr(alpha)) + LinearCombination(s, coefficient: Fr(one - alpha))
        let p = cs.mul(x.lc, factor, label: "\(label): scale")
        let candidates = [x.lower * one, x.upper * one, x.lower * alpha, x.upper * alpha, 0]
        let pw = Wire(lc: LinearCombination(p), lower: candidates.min()!, upper: candidates.max()!)
        return cs.rescale(pw, shift: k, relu: false, label: label)
    }

    /// Sigmoid/tanh table (see `PiecewiseLinearTable`): clamp (two `maximum`/`minimum`, skipped when the bound is
    /// inside), one-hot segment e_j (N booleans + 1 sum), offset bits (m + 1), one product, one rescale by m.
    /// **≈ 2(n + 2) + N + m + 3 + (m + B + 2) constraints.**
    static func lowerPiecewiseLinear(_ cs: ConstraintSystem, _ x: Wire, _ table: PiecewiseLinearTable, label: String) -> Wire {
        var c = x
        if c.lower < table.lowerBound { c = cs.maximum(c, cs.constantWire(table.lowerBound), label: "\(label): clamp low") }
        if c.upper > table.upperBound { c = cs.minimum(c, cs.constantWire(table.upperBound), label: "\(label): clamp high") }
        let m = table.segmentBits
        let n = table.segmentCount
        let t = cs.value(of: c.lc) - Fr(table.lowerBound)
        // Segment index from the executor semantics (t is in [0, N·2^m)).
        let tInt = IntegerMath.evaluateOffset(c: t, table: table)
        let j = Int(tInt >> Int64(m))
        var e: [Variable] = []
        for i in 0..<n {
            let v = cs.allocateWitness(i == j ? .one : .zero)
            cs.assertBoolean(v, label: "\(label): segment \(i) boolean")
            e.append(v)
        }
        cs.assertEqual(LinearCombination(terms: e.map { ($0, Fr.one) }), LinearCombination.one, label: "\(label): one segment")
        let index = LinearCombination(terms: e.enumerated().map { ($0.element, Fr(UInt64($0.offset) << UInt64(m))) })
        let offset = c.lc - LinearCombination(constant: Fr(table.lowerBound)) - index
        cs.rangeCheck(offset, bitCount: m, label: "\(label): segment offset")
        let a = LinearCombination(terms: e.enumerated().map { ($0.element, Fr(table.values[$0.offset])) })
        let d = LinearCombination(terms: e.enumerated().map { ($0.element, Fr(table.values[$0.offset + 1] - table.values[$0.offset])) })
        let p = cs.mul(d, offset, label: "\(label): interpolate")
        let span = (Int64(1) << Int64(m)) - 1
        var lo = Int64.max, hi = Int64.min
        for i in 0..<n {
            let base = table.values[i] << Int64(m)
            let delta = table.values[i + 1] - table.values[i]
            lo = min(lo, base + min(0, delta * span))
            hi = max(hi, base + max(0, delta * span))
        }
        let v = Wire(lc: a * fieldPowerOfTwo(m) + LinearCombination(p), lower: lo, upper: hi)
        return cs.rescale(v, shift: m, relu: false, label: label)
    }

    /// Index of the first maximum: a running (max, index) pair; step j replaces it when x_j > max.
    /// **Σ (n_j + 1) + 2 constraints per element after the first** (strict comparison x_j − max − 1 ≥ 0, two products).
    static func lowerArgmax(_ cs: ConstraintSystem, _ x: [Wire], label: String) -> Wire {
        var best = x[0]
        var index = LinearCombination()
        for j in 1..<x.count {
            let d = Wire(lc: x[j].lc - best.lc - LinearCombination.one, lower: x[j].lower - best.upper - 1,
                         upper: x[j].upper - best.lower - 1)
            let s = cs.sign(d, label: "\(label)[\(j)]: compare")
            let dm = cs.mul(s, x[j].lc - best.lc, label: "\(label)[\(j)]: select max")
            let di = cs.mul(s, LinearCombination(constant: Fr(UInt64(j))) - index, label: "\(label)[\(j)]: select index")
            best = Wire(lc: best.lc + LinearCombination(dm), lower: max(best.lower, x[j].lower), upper: max(best.upper, x[j].upper))
            index = index + LinearCombination(di)
        }
        return Wire(lc: index, lower: 0, upper: Int64(x.count - 1))
    }
}

extension IntegerMath {
    /// The integer t = clamp(q) − lowerBound ∈ [0, N·2^m) from its field value (small, so one limb).
    static func evaluateOffset(c t: Fr, table: PiecewiseLinearTable) -> Int64 {
        Int64(truncatingIfNeeded: t.canonicalLimbs.0)
    }
}
