/// One step of the float program (the reference semantics of the model after graph normalization).
enum FloatOp: Sendable {
    case linear(LinearOperator<Double>)
    case sum(signs: [Int])
    case relu
    case leakyRelu(alpha: Double)
    case maxPool(WindowGeometry)
    case sigmoid
    case tanh
    case softmax(SoftmaxGeometry)
    case layerNorm(LayerNormFloat)
    case clip(lower: Double?, upper: Double?)
    /// x·clip(x + 3, 0, 6)/6.
    case hardSwish
    case table(TableFunction)
    case argmax
    /// y[i] = x[p[i]], or 0 where p[i] == −1 (zero padding).
    case permute([Int])
    /// Product of two computed tensors (inputs [left, right]).
    case product(ProductGeometry)
    /// Embedding lookup: the input holds integer ids (the model's token-id input).
    case embedding(EmbeddingTable)
    /// y[i] = input #sources[i] at element indices[i] (Concat of computed tensors).
    case concat(sources: [Int], indices: [Int])
    /// √x (the standalone Sqrt).
    case sqrt
    /// left / right elementwise over the broadcast maps of the geometry (m = k = n = 1; inputs [left, right]).
    case divide(ProductGeometry)
}

/// A float layer; tensor ids as in `FixedPointLayer`.
struct FloatLayer: Sendable {
    var name: String
    var op: FloatOp
    var inputs: [Int]
    var output: Int
    var shape: [Int]
}

/// The model as a straight-line float program: the result of `GraphLowering`, the input of `Quantizer`, and
/// the reference (`FloatExecutor`) the fixed-point error is measured against.
///
/// Invariant: `layers[i].output == i + 1`, tensor 0 is the input; a final single-row Softmax became `outputHead`;
/// BatchNormalization and constant Mul/Add after a linear layer are folded into it.
struct FloatProgram: Sendable {
    var modelName: String
    var inputName: String
    var inputShape: [Int]
    var layers: [FloatLayer]
    var outputHead: OutputHead
    var declaredInputRange: ClosedRange<Double>?
    /// The input holds integer token ids in 0…vocabulary − 1 (it feeds only embedding lookups); nil for real inputs.
    var tokenVocabulary: Int? = nil
    var outputShape: [Int] { layers.last?.shape ?? inputShape }
}

/// Float reference executor (Double arithmetic, the model's real-number semantics).
enum FloatExecutor {
    static func run(_ program: FloatProgram, input: [Double]) -> [[Double]] {
        var tensors: [[Double]] = [input]
        for layer in program.layers {
            let x = tensors[layer.inputs[0]]
            var y: [Double]
            switch layer.op {
            case let .linear(op):
                y = op.rows().map { row in
                    var acc = row.biasIndex >= 0 ? op.bias[Int(row.biasIndex)] : 0
                    for k in 0..<row.inputs.count {
                        acc += op.weights[Int(row.weightIndices[k])] * x[Int(row.inputs[k])]
                    }
                    return acc
                }
            case let .sum(signs):
                y = Array(repeating: 0, count: x.count)
                for (k, t) in layer.inputs.enumerated() {
                    for i in 0..<x.count { y[i] += Double(signs[k]) * tensors[t][i] }
                }
            case .relu: y = x.map { max($0, 0) }
            case let .leakyRelu(alpha): y = x.map { $0 >= 0 ? $0 : alpha * $0 }
            case let .maxPool(g):
                y = []
                IntervalAnalysis.forEachPoolWindow(g) { taps in y.append(taps.map { x[$0] }.max()!) }
            case .sigmoid: y = x.map(Activation.sigmoid)
            case .tanh: y = x.map(Activation.tanh)
            case let .softmax(g): y = g.apply(x)
            case let .layerNorm(f): y = f.apply(x)
            case let .clip(lo, hi): y = x.map { min(max($0, lo ?? -.infinity), hi ?? .infinity) }
            case .hardSwish: y = x.map { $0 * min(max($0 + 3, 0), 6) / 6 }
            case let .table(f): y = x.map { f($0) }
            case .argmax:
                var best = 0
                for i in 1..<x.count where x[i] > x[best] { best = i }
                y = [Double(best)]
            case let .permute(p): y = p.map { $0 < 0 ? 0 : x[$0] }
            case let .product(g): y = g.apply(x, tensors[layer.inputs[1]])
            case let .embedding(e): y = e.apply(x)
            case let .concat(sources, indices): y = zip(sources, indices).map { tensors[layer.inputs[$0]][$1] }
            case .sqrt: y = x.map { Swift.max($0, 0).squareRoot() }
            case let .divide(g):
                let d = tensors[layer.inputs[1]]
                y = (0..<g.outputCount).map { x[g.leftOffsets[$0]] / d[g.rightOffsets[$0]] }
            }
            tensors.append(y)
        }
        return tensors
    }
}
