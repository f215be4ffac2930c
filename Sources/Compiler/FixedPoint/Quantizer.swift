/// Float program → fixed-point program at scale 2^s (s = `scaleBits`).
///
/// Quantization: every data tensor is kept at scale 2^s. A linear layer's weights are rounded to scale 2^s
/// (w_q = round(w·2^s), ties away from zero) and its bias to the product's scale 2^(2s); the product-sum (scale
/// 2^(2s)) is followed by `rescale(shift: s)` (`RoundingRule.toNearestOrUp`), fused with a directly following ReLU. The input
/// bound [a, b] becomes [⌊a·2^s⌋, ⌈b·2^s⌉]. LeakyReLU's α is rounded to scale 2^s; sigmoid and tanh become
/// `PiecewiseLinearTable`s (32 segments on [−8, 8) and [−4, 4)).
enum Quantizer {
    static func quantize(_ program: FloatProgram, scaleBits s: Int, inputRange: ClosedRange<Double>)
        throws(CompilerError) -> FixedPointProgram
    {
        let one = Double(1 << s)
        // An integer input (token ids) is taken as it is: scale 2^0.
        let integerInput = program.tokenVocabulary != nil
        let inputOne = integerInput ? 1 : one
        let lower = (inputRange.lowerBound * inputOne).rounded(.down)
        let upper = (inputRange.upperBound * inputOne).rounded(.up)
        guard lower.magnitude < 0x1p52, upper.magnitude < 0x1p52 else {
            throw .overflow(
                layer: program.inputName, reason: "input range \(inputRange) at scale 2^\(s) does not fit in 52 bits")
        }
        var layers: [FixedPointLayer] = []
        var map: [Int: Int] = [0: 0]  // float tensor id → fixed tensor id
        var scales: [Int] = [integerInput ? 0 : s]  // scale of each fixed tensor
        var consumers: [Int: Int] = [:]
        for l in program.layers { for i in l.inputs { consumers[i, default: 0] += 1 } }
        var skip = Set<Int>()
        func emit(_ name: String, _ op: FixedPointOp, _ inputs: [Int], _ shape: [Int], _ scale: Int) -> Int {
            let id = layers.count + 1
            layers.append(FixedPointLayer(name: name, op: op, inputs: inputs, output: id, shape: shape, scale: scale))
            scales.append(scale)
            return id
        }
        for (index, layer) in program.layers.enumerated() where !skip.contains(layer.output) {
            let inputs = layer.inputs.map { map[$0]! }
            let inScale = scales[inputs[0]]
            switch layer.op {
            case let .linear(op):
                let w = op.weights.map { q($0 * one) }
                try checkWeightsSurvive(op, w, s, layer.name)
                let b = op.bias.map { q($0 * Double(1 << (inScale + s))) }
                let qop = LinearOperator(
                    kind: op.kind, weights: try checked(w, layer.name), bias: try checked(b, layer.name))
                let product = emit(layer.name, .linear(qop), inputs, layer.shape, inScale + s)
                // Fuse a following Clip or HardSwish that is the only consumer: its comparisons reuse the rescale's bits.
                if let next = index + 1 < program.layers.count ? program.layers[index + 1] : nil,
                    next.inputs == [layer.output], consumers[layer.output] == 1,
                    layer.output != program.layers.last?.output
                {
                    let fused: FixedPointOp?
                    switch next.op {
                    case let .clip(lo, hi):
                        fused = .rescaleClip(
                            shift: s, lower: clipBound(lo, scale: inScale), upper: clipBound(hi, scale: inScale))
                    case .hardSwish: fused = .hardSwish(shift: s, scale: inScale)
                    default: fused = nil
                    }
                    if let fused {
                        let y = emit("\(next.name)/\(fused.name)", fused, [product], next.shape, inScale)
                        map[layer.output] = y
                        map[next.output] = y
                        skip.insert(next.output)
                        continue
                    }
                }
                // Fuse a following ReLU that is the only consumer.
                var relu = false
                var last = layer  // the float layer whose output the rescale stands for
                if index + 1 < program.layers.count, case .relu = program.layers[index + 1].op,
                    program.layers[index + 1].inputs == [layer.output], consumers[layer.output] == 1,
                    layer.output != program.layers.last?.output
                {
                    relu = true
                    last = program.layers[index + 1]
                    skip.insert(last.output)
                }
                // Max pooling before the rescale: relu∘rescale is monotone, so max_i f(x_i) = f(max_i x_i) exactly;
                // the pool then compares the wider product-sums but only one rescale per window remains.
                var input = product
                let next = index + (relu ? 2 : 1)
                if next < program.layers.count, case let .maxPool(g) = program.layers[next].op,
                    program.layers[next].inputs == [last.output], consumers[last.output] == 1,
                    last.output != program.layers.last?.output
                {
                    let pool = program.layers[next]
                    input = emit(pool.name, .maxPool(g), [product], pool.shape, inScale + s)
                    map[last.output] = input  // not consumed elsewhere; mapped for completeness
                    last = pool
                    skip.insert(pool.output)
                }
                let rescaled = emit(
                    relu ? "\(last.name)/rescale+relu" : "\(last.name)/rescale", .rescale(shift: s, relu: relu),
                    [input], last.shape, inScale)
                map[layer.output] = rescaled
                map[last.output] = rescaled
                if relu { map[program.layers[index + 1].output] = input == product ? rescaled : input }
            case let .sum(signs):
                guard Set(inputs.map { scales[$0] }).count == 1 else {
                    throw .overflow(layer: layer.name, reason: "summands have different scales")
                }
                map[layer.output] = emit(layer.name, .sum(signs: signs), inputs, layer.shape, inScale)
            case .relu:
                map[layer.output] = emit(layer.name, .relu, inputs, layer.shape, inScale)
            case let .leakyRelu(alpha):
                let a = q(alpha * one)
                guard a.isFinite, a.magnitude < 0x1p52 else {
                    throw .overflow(
                        layer: layer.name, reason: "LeakyRelu alpha \(alpha) at scale 2^\(s) does not fit in 52 bits")
                }
                map[layer.output] = emit(
                    layer.name, .leakyRelu(alpha: Int64(a), shift: s), inputs, layer.shape, inScale)
            case let .maxPool(g):
                map[layer.output] = emit(layer.name, .maxPool(g), inputs, layer.shape, inScale)
            case .sigmoid:
                map[layer.output] = emit(
                    layer.name, .piecewiseLinear(table("sigmoid", Activation.sigmoid, domain: 8, scale: inScale)),
                    inputs, layer.shape, inScale)
            case .tanh:
                map[layer.output] = emit(
                    layer.name, .piecewiseLinear(table("tanh", Activation.tanh, domain: 4, scale: inScale)),
                    inputs, layer.shape, inScale)
            case .argmax:
                map[layer.output] = emit(layer.name, .argmax, inputs, layer.shape, 0)
            case let .permute(p):
                map[layer.output] = emit(layer.name, .permute(p), inputs, layer.shape, inScale)
            case let .product(g):
                // Product at scale s_a + s_b, rescaled back to s.
                let productScale = inScale + scales[inputs[1]]
                let product = emit(layer.name, .product(g), inputs, layer.shape, productScale)
                map[layer.output] = emit(
                    "\(layer.name)/rescale", .rescale(shift: productScale - s, relu: false),
                    [product], layer.shape, s)
            case let .clip(lo, hi):
                map[layer.output] = emit(
                    layer.name, .clip(lower: clipBound(lo, scale: inScale), upper: clipBound(hi, scale: inScale)),
                    inputs, layer.shape, inScale)
            case .hardSwish:
                map[layer.output] = emit(
                    layer.name, .hardSwish(shift: 0, scale: inScale), inputs, layer.shape, inScale)
            case let .table(f):
                if f == .exp {
                    try checkExpDomain(layers, program, s, lower, upper, integerInput, inputs[0], layer.name)
                }
                map[layer.output] = emit(
                    layer.name, .piecewiseLinear(f.table(scale: inScale)), inputs, layer.shape,
                    inScale)
            case let .layerNorm(f):
                // K depends on the input's static bound: run the interval analysis on the program so far.
                let partial = FixedPointProgram(
                    inputName: program.inputName, inputShape: program.inputShape,
                    scaleBits: s, inputLower: Int64(lower), inputUpper: Int64(upper),
                    layers: layers, outputHead: .none,
                    integerInput: integerInput ? true : nil)
                let inputBounds = try IntervalAnalysis.run(partial)[inputs[0]]
                let p = try LayerNormParameters.quantize(
                    f, inputScale: inScale, outputScale: s, input: inputBounds,
                    layer: layer.name)
                map[layer.output] = emit(layer.name, .layerNorm(p), inputs, layer.shape, s)
            case let .concat(sources, indices):
                guard Set(inputs.map { scales[$0] }).count == 1 else {
                    throw .overflow(layer: layer.name, reason: "concatenated tensors have different scales")
                }
                map[layer.output] = emit(
                    layer.name, .concat(sources: sources, indices: indices), inputs, layer.shape,
                    inScale)
            case .sqrt:
                map[layer.output] = emit(layer.name, .sqrt(shift: inScale), inputs, layer.shape, inScale)
            case let .divide(g):
                let shift = s - inScale + scales[inputs[1]]
                guard shift >= 0 else { throw .overflow(layer: layer.name, reason: "divisor scale too small") }
                map[layer.output] = emit(layer.name, .divide(g, shift: shift), inputs, layer.shape, s)
            case let .embedding(f):
                let e = try EmbeddingParameters.quantize(f, scaleBits: s, layer: layer.name)
                map[layer.output] = emit(layer.name, .embedding(e), inputs, layer.shape, s)
            case let .softmax(g):
                let exp = SoftmaxGeometry.expTable(scale: inScale)
                map[layer.output] = emit(layer.name, .softmax(g, exp: exp, outputBits: s), inputs, layer.shape, s)
            }
        }
        return FixedPointProgram(
            inputName: program.inputName, inputShape: program.inputShape, scaleBits: s,
            inputLower: Int64(lower), inputUpper: Int64(upper), layers: layers,
            outputHead: program.outputHead, integerInput: integerInput ? true : nil)
    }

    /// Exp's table ends at x = 8 (values e^8·2^a must stay below 2^32, so a ≤ 20): an input whose static bound
    /// passes 8 is refused here rather than clamped in the circuit.
    private static func checkExpDomain(
        _ layers: [FixedPointLayer], _ program: FloatProgram, _ s: Int, _ lower: Double, _ upper: Double,
        _ integerInput: Bool, _ input: Int, _ name: String
    ) throws(CompilerError) {
        let partial = FixedPointProgram(
            inputName: program.inputName, inputShape: program.inputShape, scaleBits: s, inputLower: Int64(lower),
            inputUpper: Int64(upper), layers: layers, outputHead: .none, integerInput: integerInput ? true : nil)
        let bound = try IntervalAnalysis.run(partial)[input].maximum
        let a = input == 0 ? partial.inputScale : layers[input - 1].scale
        guard a <= 20 else { throw .overflow(layer: name, reason: "Exp needs a scale ≤ 2^20, got 2^\(a)") }
        guard bound <= Int64(TableFunction.exp.domain) << Int64(a) else {
            throw .overflow(
                layer: name,
                reason: "Exp's input may reach \(Double(bound) / Double(1 << a)) by its static bound; "
                    + "supported up to \(TableFunction.exp.domain)")
        }
    }

    /// A linear layer whose nonzero weights all round to 0 at scale 2^s (a global average over N > 2^(s+1)
    /// elements: 1/N·2^s < ½), or an average pool with a window weight rounding to 0, would silently output zeros:
    /// refused, naming the scale that keeps them (calibration skips such a scale).
    private static func checkWeightsSurvive(
        _ op: LinearOperator<Double>, _ w: [Double], _ s: Int, _ layer: String
    ) throws(CompilerError) {
        let lost: [Double]
        if case .averagePool = op.kind {
            lost = zip(op.weights, w).filter { $0.0 != 0 && $0.1 == 0 }.map(\.0)
        } else {
            lost = w.allSatisfy({ $0 == 0 }) ? op.weights.filter { $0 != 0 && $0.isFinite } : []
        }
        guard let smallest = lost.map(abs).min() else { return }
        var needed = s
        while needed < 52, q(smallest * Double(1 << needed)) == 0 { needed += 1 }
        throw .overflow(
            layer: layer,
            reason: "underflow: weight \(smallest) rounds to 0 at scale 2^\(s), so the layer would output zeros; "
                + "use a scale of at least 2^\(needed) (--scale \(needed))")
    }

    /// A Clip bound at scale 2^scale. A bound beyond ±2^61 lies outside every static bound: clamping it there has
    /// the same effect.
    static func clipBound(_ v: Double?, scale: Int) -> Int64? {
        v.map { Int64(Swift.min(Swift.max(q($0 * Double(1 << scale)), -0x1p61), 0x1p61)) }
    }

    /// Rounds to the nearest integer, ties away from zero (`Double.rounded()`).
    static func q(_ x: Double) -> Double { x.rounded() }

    private static func checked(_ v: [Double], _ layer: String) throws(CompilerError) -> [Int64] {
        var out: [Int64] = []
        out.reserveCapacity(v.count)
        for x in v {
            guard x.isFinite else {
                throw .overflow(layer: layer, reason: "a weight or bias is not a finite number (\(x))")
            }
            guard x.magnitude < 0x1p52 else {
                throw .overflow(layer: layer, reason: "a quantized weight (\(x)) exceeds 2^52; use fewer scale bits")
            }
            out.append(Int64(x))
        }
        return out
    }

    /// Sigmoid: 32 segments on [−8, 8) (h = 0.5); tanh: 32 segments on [−4, 4) (h = 0.25). The segment width in
    /// fixed point is 2^m with m = s − log2(1/h) (fewer, wider segments if s is too small).
    static func table(_ name: String, _ f: (Double) -> Double, domain: Int, scale s: Int) -> PiecewiseLinearTable {
        let segments = 32
        let width = Int64(2 * domain) << Int64(s)  // domain width in fixed point
        var m = 0
        while (Int64(1) << Int64(m + 1)) * Int64(segments) <= width { m += 1 }
        let n = Int(width >> Int64(m))
        let lowerBound = -Int64(domain) << Int64(s)
        let one = Double(1 << s)
        let values = (0...n).map { j in Int64(q(f(Double(lowerBound + Int64(j) << Int64(m)) / one) * one)) }
        return PiecewiseLinearTable(function: name, lowerBound: lowerBound, segmentBits: m, values: values)
    }
}
