/// Runs a `FixedPointProgram` on integers (Int64 with overflow checks). Its trace is the circuit's witness:
/// the lowering allocates exactly these values, so the circuit's output equals `run(…).last` bit for bit.
///
/// Failure: an input element outside the compiled bound → `.outOfBound` naming the input tensor; a value
/// outside its static bound in any layer (impossible if interval analysis is sound) → `.outOfBound` naming
/// the layer, never a silent wrap.
public enum FixedPointExecutor {
    /// All tensors (index = tensor id) for an already quantized input.
    public static func run(_ program: FixedPointProgram, input: [Int64], bounds: [TensorBounds]) throws(CompilerError)
        -> [[Int64]]
    {
        guard input.count == program.inputCount else {
            throw .invalidInput(
                "the model expects \(program.inputCount) input values (shape \(program.inputShape)), "
                    + "got \(input.count)")
        }
        let scale = Double(1 << program.inputScale)
        for (i, v) in input.enumerated() where v < program.inputLower || v > program.inputUpper {
            throw .outOfBound(
                tensor: program.inputName, index: i, value: Double(v) / scale,
                bound: Double(program.inputLower) / scale...Double(program.inputUpper) / scale)
        }
        var tensors: [[Int64]] = [input]
        tensors.reserveCapacity(program.tensorCount)
        for layer in program.layers {
            let x = tensors[layer.inputs[0]]
            let name = layer.name
            var y: [Int64]
            switch layer.op {
            case let .linear(op):
                let rows = op.rows()
                y = []
                y.reserveCapacity(rows.count)
                for row in rows {
                    var acc: Int64 = row.biasIndex >= 0 ? op.bias[Int(row.biasIndex)] : 0
                    for k in 0..<row.inputs.count {
                        let p = try IntegerMath.mul(op.weights[Int(row.weightIndices[k])], x[Int(row.inputs[k])], name)
                        acc = try IntegerMath.add(acc, p, name)
                    }
                    y.append(acc)
                }
            case let .sum(signs):
                y = Array(repeating: 0, count: x.count)
                for (k, t) in layer.inputs.enumerated() {
                    for i in 0..<x.count {
                        y[i] = try IntegerMath.add(y[i], signs[k] >= 0 ? tensors[t][i] : -tensors[t][i], name)
                    }
                }
            case let .rescale(shift, relu):
                y = x.map { IntegerMath.rescale($0, shift: shift) }
                if relu { y = y.map { max($0, 0) } }
            case .relu:
                y = x.map { max($0, 0) }
            case let .leakyRelu(alpha, shift):
                y = []
                for v in x {
                    y.append(
                        IntegerMath.rescale(
                            try IntegerMath.mul(v, v >= 0 ? Int64(1) << Int64(shift) : alpha, name), shift: shift))
                }
            case let .maxPool(g):
                y = []
                IntervalAnalysis.forEachPoolWindow(g) { taps in y.append(taps.map { x[$0] }.max()!) }
            case let .piecewiseLinear(t):
                y = x.map { IntegerMath.evaluate(t, $0) }
            case .argmax:
                var best = 0
                for i in 1..<x.count where x[i] > x[best] { best = i }
                y = [Int64(best)]
            case let .permute(p):
                y = p.map { $0 < 0 ? 0 : x[$0] }
            case let .product(g):
                y = try g.apply(x, tensors[layer.inputs[1]], layer: name)
            case let .softmax(g, t, s):
                y = try g.apply(x, exp: t, outputBits: s, layer: name)
            case let .layerNorm(p):
                y = try p.apply(x, layer: name)
            case let .clip(lo, hi):
                y = x.map { min(max($0, lo ?? .min), hi ?? .max) }
            case let .embedding(e):
                y = try e.apply(x, layer: name)
            case let .concat(sources, indices):
                y = zip(sources, indices).map { tensors[layer.inputs[$0]][$1] }
            case let .sqrt(shift):
                y = []
                for v in x { y.append(try RootAndQuotient.squareRoot(v, shift: shift, layer: name)) }
            case let .divide(g, shift):
                y = try RootAndQuotient.divide(x, tensors[layer.inputs[1]], g, shift: shift, layer: name)
            case let .rescaleClip(shift, lo, hi):
                y = x.map { IntegerMath.rescaleClip($0, shift: shift, lower: lo, upper: hi) }
            case let .hardSwish(shift, scale):
                y = x.map { IntegerMath.hardSwish(IntegerMath.rescale($0, shift: shift), scale: scale) }
            }
            let b = bounds[layer.output]
            for i in 0..<y.count where y[i] < b.lower[i] || y[i] > b.upper[i] {
                let s = Double(1 << layer.scale)
                throw .outOfBound(
                    tensor: name, index: i, value: Double(y[i]) / s,
                    bound: Double(b.lower[i]) / s...Double(b.upper[i]) / s)
            }
            tensors.append(y)
        }
        return tensors
    }
}
