/// Per-element static bounds [lower[i], upper[i]] of one integer tensor.
public struct TensorBounds: Sendable, Equatable {
    /// lower[i] ≤ element i for every input in the compiled range.
    public var lower: [Int64]
    /// element i ≤ upper[i] for every input in the compiled range; `lower.count == upper.count`.
    public var upper: [Int64]
    /// The smallest lower bound (0 for an empty tensor).
    public var minimum: Int64 { lower.min() ?? 0 }
    /// The largest upper bound (0 for an empty tensor).
    public var maximum: Int64 { upper.max() ?? 0 }
}

/// Interval analysis over a `FixedPointProgram` (interval arithmetic, per element): from the input bound,
/// each op's output bound is derived exactly for monotone ops (rescale, ReLU, max) and by Σ min/max(w·lo, w·hi)
/// for linear ops. Two bounds use what the constraints enforce about a row rather than its elements: a product
/// whose left rows are a Softmax's (`softmaxWeightedBounds`) and a linear layer reading LayerNorm outputs
/// (`layerNormRowBounds`). The circuit sizes every range check from these bounds, and the lowering is sound only for
/// values inside them; the executor rejects any input outside `inputLower…inputUpper`.
public enum IntervalAnalysis {
    /// Bounds for every tensor (index = tensor id). Throws `.overflow` if a bound leaves ±2^62.
    public static func run(_ program: FixedPointProgram) throws(CompilerError) -> [TensorBounds] {
        let n = program.inputCount
        var bounds = [
            TensorBounds(
                lower: Array(repeating: program.inputLower, count: n),
                upper: Array(repeating: program.inputUpper, count: n))
        ]
        let limit: Int64 = 1 << 62
        for layer in program.layers {
            let input = bounds[layer.inputs[0]]
            let name = layer.name
            var out: TensorBounds
            switch layer.op {
            case let .linear(op):
                let rows = op.rows()
                let fedByLayerNorm = readsLayerNorm(program, tensor: layer.inputs[0])
                out = TensorBounds(lower: [], upper: [])
                out.lower.reserveCapacity(rows.count)
                out.upper.reserveCapacity(rows.count)
                for row in rows {
                    var lo: Int64 = row.biasIndex >= 0 ? op.bias[Int(row.biasIndex)] : 0
                    var hi = lo
                    for k in 0..<row.inputs.count {
                        let w = op.weights[Int(row.weightIndices[k])]
                        let i = Int(row.inputs[k])
                        let a = try IntegerMath.mul(w, input.lower[i], name)
                        let b = try IntegerMath.mul(w, input.upper[i], name)
                        lo = try IntegerMath.add(lo, min(a, b), name)
                        hi = try IntegerMath.add(hi, max(a, b), name)
                    }
                    if fedByLayerNorm,
                        let (a, b) = try layerNormRowBounds(
                            program, op, row, input: layer.inputs[0], input, layer: name)
                    {
                        lo = max(lo, a)
                        hi = min(hi, b)
                    }
                    out.lower.append(lo)
                    out.upper.append(hi)
                }
            case let .sum(signs):
                let count = input.lower.count
                out = TensorBounds(lower: Array(repeating: 0, count: count), upper: Array(repeating: 0, count: count))
                for (k, t) in layer.inputs.enumerated() {
                    for i in 0..<count {
                        let (a, b) =
                            signs[k] >= 0
                            ? (bounds[t].lower[i], bounds[t].upper[i]) : (-bounds[t].upper[i], -bounds[t].lower[i])
                        out.lower[i] = try IntegerMath.add(out.lower[i], a, name)
                        out.upper[i] = try IntegerMath.add(out.upper[i], b, name)
                    }
                }
            case let .rescale(shift, relu):
                out = TensorBounds(
                    lower: input.lower.map { IntegerMath.rescale($0, shift: shift) },
                    upper: input.upper.map { IntegerMath.rescale($0, shift: shift) })
                if relu {
                    out.lower = out.lower.map { max($0, 0) }
                    out.upper = out.upper.map { max($0, 0) }
                }
            case .relu:
                out = TensorBounds(lower: input.lower.map { max($0, 0) }, upper: input.upper.map { max($0, 0) })
            case let .leakyRelu(alpha, shift):
                func f(_ x: Int64) throws(CompilerError) -> Int64 {
                    IntegerMath.rescale(
                        try IntegerMath.mul(x, x >= 0 ? Int64(1) << Int64(shift) : alpha, name), shift: shift)
                }
                out = TensorBounds(lower: [], upper: [])
                for i in 0..<input.lower.count {
                    let a = try f(input.lower[i])
                    let b = try f(input.upper[i])
                    // f is monotone for α ≥ 0 but not for α < 0: include f(0) = 0 and both ends.
                    out.lower.append(min(a, b, 0))
                    out.upper.append(max(a, b, 0))
                }
            case let .maxPool(g):
                out = TensorBounds(lower: [], upper: [])
                forEachPoolWindow(g) { taps in
                    out.lower.append(taps.map { input.lower[$0] }.max()!)
                    out.upper.append(taps.map { input.upper[$0] }.max()!)
                }
            case let .piecewiseLinear(t):
                let lo = t.values.min()!
                let hi = t.values.max()!
                out = TensorBounds(
                    lower: Array(repeating: lo, count: input.lower.count),
                    upper: Array(repeating: hi, count: input.lower.count))
            case .argmax:
                out = TensorBounds(lower: [0], upper: [Int64(input.lower.count - 1)])
            case let .permute(p):
                out = TensorBounds(
                    lower: p.map { $0 < 0 ? 0 : input.lower[$0] },
                    upper: p.map { $0 < 0 ? 0 : input.upper[$0] })
            case let .product(g):
                out = try g.bounds(input, bounds[layer.inputs[1]], layer: name)
                if layer.inputs[0] > 0, case let .softmax(sg, _, s) = program.layers[layer.inputs[0] - 1].op {
                    out = try g.softmaxWeightedBounds(
                        out, softmax: sg, outputBits: s, input, bounds[layer.inputs[1]], layer: name)
                }
                if layer.inputs[0] == layer.inputs[1], g.inner == 1, g.rows == 1, g.columns == 1,
                    g.leftOffsets == g.rightOffsets
                {
                    // x·x (Pow by 2, Mul(x, x)): never negative.
                    out.lower = out.lower.map { max($0, 0) }
                }
            case let .softmax(g, t, s):
                out = g.bounds(input, exp: t, outputBits: s)
            case let .layerNorm(p):
                out = try p.bounds(layer: name)
            case let .clip(lo, hi):
                let f: (Int64) -> Int64 = { min(max($0, lo ?? .min), hi ?? .max) }
                out = TensorBounds(lower: input.lower.map(f), upper: input.upper.map(f))
            case let .embedding(e):
                out = try e.bounds(tokens: input.lower.count, layer: name)
            case let .concat(sources, indices):
                out = TensorBounds(
                    lower: zip(sources, indices).map { bounds[layer.inputs[$0]].lower[$1] },
                    upper: zip(sources, indices).map { bounds[layer.inputs[$0]].upper[$1] })
            case let .sqrt(shift):
                out = TensorBounds(lower: [], upper: [])
                for i in 0..<input.lower.count {
                    out.lower.append(try RootAndQuotient.squareRoot(input.lower[i], shift: shift, layer: name))
                    out.upper.append(try RootAndQuotient.squareRoot(input.upper[i], shift: shift, layer: name))
                }
            case let .divide(g, shift):
                out = try RootAndQuotient.divisionBounds(input, bounds[layer.inputs[1]], g, shift: shift, layer: name)
            case let .rescaleClip(shift, lo, hi):  // monotone
                let f: (Int64) -> Int64 = { IntegerMath.rescaleClip($0, shift: shift, lower: lo, upper: hi) }
                out = TensorBounds(lower: input.lower.map(f), upper: input.upper.map(f))
            case let .hardSwish(shift, scale):
                out = TensorBounds(lower: [], upper: [])
                for i in 0..<input.lower.count {
                    let b = IntegerMath.hardSwishBounds(
                        IntegerMath.rescale(input.lower[i], shift: shift),
                        IntegerMath.rescale(input.upper[i], shift: shift), scale: scale)
                    out.lower.append(b.lower)
                    out.upper.append(b.upper)
                }
            }
            if out.minimum < -limit || out.maximum > limit {
                throw .overflow(
                    layer: name,
                    reason: "the static bound [\(out.minimum), \(out.maximum)] exceeds ±2^62; use fewer scale bits")
            }
            bounds.append(out)
        }
        return bounds
    }

    /// Calls `body(inputIndices)` per output element of a depthwise window op, in output order.
    static func forEachPoolWindow<E: Error>(_ g: WindowGeometry, _ body: ([Int]) throws(E) -> Void) throws(E) {
        let plane = g.inputHeight * g.inputWidth
        for c in 0..<g.outputChannels {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    var taps: [Int] = []
                    g.forEachTap(oy: oy, ox: ox) { _, _, offset in taps.append(c * plane + offset) }
                    try body(taps)
                }
            }
        }
    }
}
