import BN254
import R1CS

/// Which witness variables and constraints one layer added (for reports and soundness tests).
public struct LayerSpan: Sendable, Equatable {
    /// The layer's name (the ONNX node or JSON layer name), or the input's name, or "output" for the binding.
    public var layer: String
    /// The op's short name (`FixedPointOp.name`), "input(<visibility>)" or "bind public outputs".
    public var op: String
    /// Indices into `R1CS.constraints`.
    public var constraints: Range<Int>
    /// Indices into the z vector (`Witness.values`) of the variables the layer allocated.
    public var variables: Range<Int>
}

/// Lowers a `FixedPointProgram` to R1CS, op by op (one `lower…` function per op below, each with its constraint
/// count). Linear ops (dense, conv, elementwise, average pool, sum, relabel) are linear combinations of their
/// input variables with the weights as constant coefficients: **0 constraints**. Only rescale/ReLU, max pooling,
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

    static func build(
        program: FixedPointProgram, bounds: [TensorBounds], trace: [[Int64]], visibility: InputVisibility,
        segment: SegmentSpec? = nil, recordLabels: Bool
    ) throws(CompilerError) -> Result {
        let cs = ConstraintSystem(recordLabels: recordLabels)
        var spans: [LayerSpan] = []
        // tensors[t]: the elements of tensor t (tensor 0 is the input) as bounded linear combinations; empty for
        // tensors a segment neither receives nor computes.
        var tensors = [[BoundedCombination]](repeating: [], count: program.tensorCount)
        // 1. Public outputs first (public inputs must precede private witnesses): the model output, or for a
        // segment before the last the hash of the tensors leaving it.
        var outputVars: [Variable] = []
        var outputLink: (link: SegmentLink, hash: Variable)?
        if let segment, !segment.isLast {
            let link = try SegmentLink(tensors: segment.outputTensors, bounds: bounds)
            let value = link.hash(try linkedValues(segment.outputTensors, trace, link))
            outputLink = (link, cs.allocatePublicInput(value, label: "segmentOutputHash"))
        } else {
            outputVars = trace[program.outputTensor].enumerated().map {
                cs.allocatePublicInput(Fr($0.element), label: "output[\($0.offset)]")
            }
        }
        // 2. The input: the model input, or for a segment after the first the linked tensors.
        let start = (cs.constraintCount, cs.variableCount)
        if let segment, !segment.isFirst {
            let link = try SegmentLink(tensors: segment.inputTensors, bounds: bounds)
            let values = try linkedValues(segment.inputTensors, trace, link)
            let hash = cs.allocatePublicInput(link.hash(values), label: "segmentInputHash")
            var elements = link.enforceInput(cs, values: values, equals: hash)[...]
            for t in segment.inputTensors {
                tensors[t] = Array(elements.prefix(bounds[t].lower.count))
                elements = elements.dropFirst(bounds[t].lower.count)
            }
            spans.append(
                LayerSpan(
                    layer: "segment input", op: "input(segment link)",
                    constraints: start.0..<cs.constraintCount, variables: start.1..<cs.variableCount))
        } else {
            tensors[0] = lowerInput(cs, program: program, input: trace[0], visibility: visibility).map {
                BoundedCombination(lc: LinearCombination($0), lower: program.inputLower, upper: program.inputUpper)
            }
            spans.append(
                LayerSpan(
                    layer: program.inputName, op: "input(\(visibility.rawValue))",
                    constraints: start.0..<cs.constraintCount, variables: start.1..<cs.variableCount))
        }
        // 3. Layers: only the elements the output depends on — in a segment, also every element that leaves it, since
        // the link hashes them — are constrained (`Liveness`); a dead element is the constant 0 and no live element
        // reads it.
        let live = Liveness.run(program, alsoLive: segment?.outputTensors ?? [])
        let dead = cs.boundedConstant(0)
        for layer in program.layers[segment?.layers ?? 0..<program.layers.count] {
            let alive = live[layer.output]
            let before = (cs.constraintCount, cs.variableCount)
            let x = tensors[layer.inputs[0]]
            let name = layer.name
            let out: [BoundedCombination]
            switch layer.op {
            case let .linear(op): out = lowerLinear(op, x, bounds[layer.output])
            case let .sum(signs):
                out = (0..<x.count).map { i in
                    var lc = LinearCombination()
                    for (k, t) in layer.inputs.enumerated() { lc.add(tensors[t][i].lc, scaledBy: Fr(Int64(signs[k]))) }
                    return BoundedCombination(
                        lc: lc, lower: bounds[layer.output].lower[i], upper: bounds[layer.output].upper[i])
                }
            case let .rescale(shift, relu):
                out = x.enumerated().map {
                    !alive[$0.offset]
                        ? dead
                        : cs.rescale($0.element, shift: shift, relu: relu, label: "\(name)[\($0.offset)]")
                }
            case .relu:
                out = x.enumerated().map {
                    !alive[$0.offset] ? dead : lowerReLU(cs, $0.element, label: "\(name)[\($0.offset)]")
                }
            case let .leakyRelu(alpha, shift):
                out = x.enumerated().map {
                    !alive[$0.offset]
                        ? dead
                        : lowerLeakyReLU(cs, $0.element, alpha: alpha, shift: shift, label: "\(name)[\($0.offset)]")
                }
            case let .maxPool(g):
                var o: [BoundedCombination] = []
                IntervalAnalysis.forEachPoolWindow(g) { taps in
                    var m = x[taps[0]]
                    for t in taps.dropFirst() { m = cs.maximum(m, x[t], label: "\(name)[\(o.count)]") }
                    o.append(m)
                }
                out = o
            case let .piecewiseLinear(table):
                out = x.enumerated().map {
                    !alive[$0.offset]
                        ? dead
                        : lowerPiecewiseLinear(cs, $0.element, table, label: "\(name)[\($0.offset)]")
                }
            case .argmax:
                out = [lowerArgmax(cs, x, label: name)]
            case let .permute(p):
                out = p.map { $0 < 0 ? BoundedCombination(lc: .zero, lower: 0, upper: 0) : x[$0] }
            case let .product(g):
                out = try lowerProduct(cs, g, x, tensors[layer.inputs[1]], bounds[layer.output], alive, label: name)
            case let .softmax(g, t, s):
                out = lowerSoftmax(cs, g, exp: t, outputBits: s, x, alive, label: name)
            case let .clip(lo, hi):
                out = x.enumerated().map { i, w in
                    guard alive[i] else { return dead }
                    var c = w
                    if let lo, c.lower < lo {
                        c = cs.maximum(c, cs.boundedConstant(lo), label: "\(name)[\(i)]: clip low")
                    }
                    if let hi, c.upper > hi {
                        c = cs.minimum(c, cs.boundedConstant(hi), label: "\(name)[\(i)]: clip high")
                    }
                    return c
                }
            case let .layerNorm(p):
                out = try lowerLayerNorm(cs, p, x, bounds[layer.inputs[0]], alive, label: name)
            case let .embedding(e):
                out = lowerEmbedding(cs, e, x, alive, label: name)
            case let .concat(sources, indices):
                out = zip(sources, indices).map { tensors[layer.inputs[$0]][$1] }
            case let .sqrt(shift):
                let b = bounds[layer.output]
                out = x.enumerated().map {
                    !alive[$0.offset]
                        ? dead
                        : lowerSquareRoot(
                            cs, $0.element, shift: shift, (b.lower[$0.offset], b.upper[$0.offset]),
                            label: "\(name)[\($0.offset)]")
                }
            case let .divide(g, shift):
                out = lowerDivision(
                    cs, g, shift: shift, x, tensors[layer.inputs[1]], bounds[layer.output], alive, label: name)
            case let .rescaleClip(shift, lo, hi):
                out = x.enumerated().map {
                    !alive[$0.offset]
                        ? dead
                        : lowerRescaleClip(
                            cs, $0.element, shift: shift, lower: lo, upper: hi, label: "\(name)[\($0.offset)]")
                }
            case let .hardSwish(shift, scale):
                out = x.enumerated().map {
                    !alive[$0.offset]
                        ? dead
                        : lowerHardSwish(cs, $0.element, shift: shift, scale: scale, label: "\(name)[\($0.offset)]")
                }
            }
            // Check the circuit's values against the executor's trace (catches any executor/gadget divergence).
            let expected = trace[layer.output]
            guard out.count == expected.count else {
                throw .invalidCompiledModel("layer '\(name)' produced \(out.count) values, expected \(expected.count)")
            }
            for i in 0..<out.count where alive[i] && cs.value(of: out[i].lc) != Fr(expected[i]) {
                throw .invalidCompiledModel(
                    "layer '\(name)': circuit value at index \(i) differs from the fixed-point executor "
                        + "(\(expected[i]))")
            }
            tensors[layer.output] = out
            spans.append(
                LayerSpan(
                    layer: name, op: layer.op.name, constraints: before.0..<cs.constraintCount,
                    variables: before.1..<cs.variableCount))
        }
        // 4. Bind the public outputs to the computed output values (1 constraint per output element), or the
        // output link hash to the tensors leaving the segment.
        let before = (cs.constraintCount, cs.variableCount)
        if let segment, let outputLink {
            let lcs = segment.outputTensors.flatMap { tensors[$0].map(\.lc) }
            outputLink.link.enforceOutput(cs, lcs, equals: outputLink.hash)
            spans.append(
                LayerSpan(
                    layer: "segment output", op: "hash linked outputs",
                    constraints: before.0..<cs.constraintCount, variables: before.1..<cs.variableCount))
            return Result(system: cs, spans: spans)
        }
        for (i, w) in tensors[program.outputTensor].enumerated() {
            cs.assertEqual(w.lc, outputVars[i], label: "output[\(i)] binding")
        }
        spans.append(
            LayerSpan(
                layer: "output", op: "bind public outputs", constraints: before.0..<cs.constraintCount,
                variables: before.1..<cs.variableCount))
        return Result(system: cs, spans: spans)
    }

    /// The model input's variables: public inputs, or private witnesses range-checked to the input bound (and,
    /// when hashed, bound to the public `inputHash`).
    private static func lowerInput(
        _ cs: ConstraintSystem, program: FixedPointProgram, input: [Int64],
        visibility: InputVisibility
    ) -> [Variable] {
        if visibility == .public {
            return input.enumerated().map { cs.allocatePublicInput(Fr($0.element), label: "input[\($0.offset)]") }
        }
        var hashVar: Variable?
        if visibility == .hashed {
            let digest = InputHash.hash(input)
            hashVar = cs.allocatePublicInput(digest, label: "inputHash")
        }
        let inputVars = input.map { cs.allocateWitness(Fr($0)) }
        // Range checks: inputLower ≤ x ≤ inputUpper (two n-bit checks unless the width is a power of two).
        let width = program.inputUpper - program.inputLower
        let n = IntegerMath.bitsFor(width + 1)
        for (i, v) in inputVars.enumerated() {
            let lower = LinearCombination(v) - LinearCombination(constant: Fr(program.inputLower))
            cs.rangeCheck(lower, bitCount: n, label: "input[\(i)] ≥ lower bound")
            if width + 1 != Int64(1) << Int64(n) {
                let upper = LinearCombination(constant: Fr(program.inputUpper)) - LinearCombination(v)
                cs.rangeCheck(upper, bitCount: n, label: "input[\(i)] ≤ upper bound")
            }
        }
        if let hashVar {
            InputHash.enforce(cs, inputs: inputVars, equals: hashVar)
        }
        return inputVars
    }

    /// The trace values of the linked `tensors`, concatenated; each must lie in its static bound (the executor
    /// checks bounds, so a failure here means a corrupted trace).
    private static func linkedValues(_ tensors: [Int], _ trace: [[Int64]], _ link: SegmentLink) throws(CompilerError)
        -> [Int64]
    {
        let values = tensors.flatMap { trace[$0] }
        guard link.contains(values) else {
            throw .invalidCompiledModel("the linked tensors \(tensors) are not in their static bounds")
        }
        return values
    }
}
