/// The rounding rule of every rescale, named as in swift-numerics' `RoundingRule` (IntegerUtilities):
/// `toNearestOrUp`, round to nearest with ties towards +∞ ("round half up"), q = ⌊(x + 2^(k−1)) / 2^k⌋ for
/// k ≥ 1 (q = x for k = 0). Both the fixed-point executor and the circuit (quotient q and remainder
/// r = x + 2^(k−1) − q·2^k ∈ [0, 2^k)) use exactly this rule.
///
/// Encoded as its case name. Format 1 files written before the rename spell it `"roundHalfUp"`; that spelling
/// decodes to the same rule (the bytes of an existing `circuit.json`, and so its circuit digest, are unchanged).
public enum RoundingRule: String, Sendable {
    /// Round to nearest, ties towards +∞: ⌊(x + 2^(k−1)) / 2^k⌋.
    case toNearestOrUp

    /// The spelling of `toNearestOrUp` in files written before it was renamed.
    static let legacySpellings: [String: RoundingRule] = ["roundHalfUp": .toNearestOrUp]
}

extension RoundingRule: Codable {
    /// Decodes the case name, or a legacy spelling (`legacySpellings`); any other string is a decoding error.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let rule = RoundingRule(rawValue: text) ?? Self.legacySpellings[text] else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: "unknown rounding rule '\(text)'"))
        }
        self = rule
    }

    /// Encodes the case name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A sigmoid/tanh approximation: f is linearly interpolated between `values[j] ≈ f(x_j)·2^s` at the points
/// x_j = (lowerBound + j·2^segmentBits)/2^s, j = 0…N (N = values.count − 1 segments). Inputs outside
/// [lowerBound, lowerBound + N·2^segmentBits − 1] are clamped first. Evaluation, with t = clamp(q) − lowerBound,
/// j = t >> segmentBits, l = t mod 2^segmentBits:
///   y = toNearestOrUp((values[j]·2^m + (values[j+1] − values[j])·l) / 2^m), m = segmentBits.
/// Error (documented in README.md, "Models"): |y/2^s − f(x)| ≤ interpolation error + clamp tail + 2^−s.
public struct PiecewiseLinearTable: Codable, Sendable, Equatable {
    /// "sigmoid" or "tanh" (also the layer's op name in reports).
    public var function: String
    /// The first interpolation point x_0, as an integer at the input's scale 2^s.
    public var lowerBound: Int64
    /// m: each segment spans 2^m input steps.
    public var segmentBits: Int
    /// f(x_j)·2^s rounded, j = 0…N; at least 2 entries (checked when a compiled model is loaded).
    public var values: [Int64]
    /// N, the number of segments.
    public var segmentCount: Int { values.count - 1 }
    /// The last input with a segment of its own, lowerBound + N·2^m − 1; larger inputs are clamped to it.
    public var upperBound: Int64 { lowerBound + Int64(segmentCount) << Int64(segmentBits) - 1 }
}

/// One step of the fixed-point program. Every tensor is a flat array of integers v at a scale 2^e (real value
/// v / 2^e); `FixedPointLayer.scale` records e for the layer's output.
public enum FixedPointOp: Codable, Sendable, Equatable {
    /// y = W·x + b with integer weights at scale 2^s; output scale = input scale + s. No constraints.
    case linear(LinearOperator<Int64>)
    /// y = Σ signs[k]·x_k over the layer's inputs (same shape and scale). No constraints.
    case sum(signs: [Int])
    /// y = toNearestOrUp(x / 2^shift), then max(y, 0) when `relu` (rescale fused with ReLU).
    case rescale(shift: Int, relu: Bool)
    /// y = max(x, 0).
    case relu
    /// y = toNearestOrUp(x·(x ≥ 0 ? 2^shift : alpha) / 2^shift), alpha = LeakyRelu α at scale 2^shift.
    case leakyRelu(alpha: Int64, shift: Int)
    /// y = max over each window (padding taps skipped); `outputChannels == inputChannels`.
    case maxPool(WindowGeometry)
    /// Sigmoid or tanh by `PiecewiseLinearTable`.
    case piecewiseLinear(PiecewiseLinearTable)
    /// y = [index of the first maximum of x] (scale 0).
    case argmax
    /// y[i] = x[permutation[i]], or 0 where permutation[i] == −1 (Transpose, Slice, Gather with constant indices,
    /// zero or reflect/edge Pad). No constraints.
    case permute([Int])
    /// y = left ⊗ right by `ProductGeometry` (inputs [left, right]); output scale = sum of the input scales.
    case product(ProductGeometry)
    /// Softmax per row of `SoftmaxGeometry` (max, exp table, sum, range-checked division); output at 2^outputBits.
    case softmax(SoftmaxGeometry, exp: PiecewiseLinearTable, outputBits: Int)
    /// LayerNormalization per row with a proved inverse square root (`LayerNormParameters`).
    case layerNorm(LayerNormParameters)
    /// y = min(max(x, lower), upper) (a missing bound is not applied).
    case clip(lower: Int64?, upper: Int64?)
    /// Embedding lookup of the integer input (token ids) by `EmbeddingParameters`; proved by one-hot rows.
    case embedding(EmbeddingParameters)
    /// y[i] = (input #sources[i])[indices[i]] (Concat; inputs at one scale). No constraints.
    case concat(sources: [Int], indices: [Int])
    /// y = ⌊√(max(x, 0)·2^shift)⌋ (`RootAndQuotient`); output at the input's scale when shift is that scale.
    case sqrt(shift: Int)
    /// y = left·2^shift / max(right, 1) rounded half up, over the broadcast maps of the geometry (`RootAndQuotient`).
    case divide(ProductGeometry, shift: Int)
    /// y = min(max(toNearestOrUp(x / 2^shift), lower), upper): a linear layer's rescale fused with the Clip (ReLU6,
    /// HardSigmoid) that follows it; the comparisons reuse the rescale's bits (`IntegerMath.rescaleClip`).
    case rescaleClip(shift: Int, lower: Int64?, upper: Int64?)
    /// y = HardSwish(q) = q·clip(q + 3, 0, 6)/6 rounded half up, q = toNearestOrUp(x / 2^shift), at scale 2^scale
    /// (`IntegerMath.hardSwish`); shift is the preceding linear layer's rescale (fused) or 0.
    case hardSwish(shift: Int, scale: Int)

    /// Short op name for reports.
    public var name: String {
        switch self {
        case let .linear(op):
            switch op.kind {
            case .dense, .denseRows: return "dense"
            case .conv: return "conv"
            case .groupedConv: return "grouped-conv"
            case .elementwise: return "elementwise-affine"
            case .averagePool: return "average-pool"
            }
        case .sum: return "sum"
        case let .rescale(_, relu): return relu ? "rescale+relu" : "rescale"
        case .relu: return "relu"
        case .leakyRelu: return "leaky-relu"
        case .maxPool: return "max-pool"
        case let .piecewiseLinear(t): return t.function
        case .argmax: return "argmax"
        case .permute: return "relabel"
        case let .product(g): return g.rows * g.inner * g.columns == 1 ? "mul" : "matmul"
        case .softmax: return "softmax"
        case .layerNorm: return "layer-norm"
        case .clip: return "clip"
        case .embedding: return "embedding"
        case .concat: return "concat"
        case .sqrt: return "sqrt"
        case .divide: return "divide"
        case .rescaleClip: return "rescale+clip"
        case .hardSwish: return "hard-swish"
        }
    }
}

/// One layer: op, input tensor ids, output tensor id (tensor 0 is the model input; ids increase along
/// the program, so the program is in topological order), output shape and scale exponent.
public struct FixedPointLayer: Codable, Sendable, Equatable {
    /// The layer's name (ONNX node name or JSON layer name), used in reports, labels and errors.
    public var name: String
    /// What the layer computes.
    public var op: FixedPointOp
    /// Tensor ids read (all < `output`; `sum` reads several, every other op one).
    public var inputs: [Int]
    /// Tensor id written: always the layer's index + 1.
    public var output: Int
    /// Shape of the output tensor.
    public var shape: [Int]
    /// Scale exponent e of the output (real value = integer / 2^e); 0 for argmax.
    public var scale: Int
}

/// What the model computes after its proved output (outside the circuit, not proved).
public enum OutputHead: String, Codable, Sendable {
    /// The circuit's output is the model's output.
    case none
    /// The model ends in Softmax; the circuit proves the logits (Softmax's input). argmax(logits) equals
    /// argmax(softmax(logits)); the probabilities are computed outside the circuit and are NOT proved.
    case softmaxNotProved
}

/// The quantized model: a straight-line program over integer tensors. This is what `CompiledModel` stores
/// and what both the fixed-point executor and the circuit lowering interpret.
///
/// Invariants: `layers[i].output == i + 1`; inputs refer to earlier tensors; tensor 0 is the input at scale
/// `scaleBits` with elements in `inputLower…inputUpper` (integers at that scale).
public struct FixedPointProgram: Codable, Sendable, Equatable {
    /// Name of the model input tensor (used in error messages).
    public var inputName: String
    /// Shape of the model input (batch 1, at most 2^24 elements).
    public var inputShape: [Int]
    /// The scale exponent s of the input and of every rescaled tensor, in 0…30.
    public var scaleBits: Int
    /// Integer bound of every input element (real bound × 2^scaleBits, rounded outward).
    public var inputLower: Int64
    /// Upper integer bound of every input element (≥ `inputLower`, magnitude < 2^52).
    public var inputUpper: Int64
    /// The program, in topological order (`layers[i].output == i + 1`).
    public var layers: [FixedPointLayer]
    /// What happens after the proved output, outside the circuit.
    public var outputHead: OutputHead
    /// The rescale rounding rule (the only rule is `.toNearestOrUp`; recorded so the file states it).
    public var rounding: RoundingRule = .toNearestOrUp
    /// true: the input elements are integers taken as they are (token ids, scale 2^0), in `inputLower…inputUpper`,
    /// and only `embedding` layers read the input. nil (not written) or false: reals at scale 2^`scaleBits`.
    public var integerInput: Bool? = nil

    /// The scale exponent of the input tensor: 0 for an integer input, else `scaleBits`.
    public var inputScale: Int { integerInput == true ? 0 : scaleBits }

    /// Number of input elements.
    public var inputCount: Int { inputShape.reduce(1, *) }
    /// Id of the proved output tensor (the last layer's output; 0 for an empty program).
    public var outputTensor: Int { layers.last?.output ?? 0 }
    /// Shape of the proved output tensor.
    public var outputShape: [Int] { layers.last?.shape ?? inputShape }
    /// Scale exponent of the proved output tensor.
    public var outputScale: Int { layers.last?.scale ?? scaleBits }
    /// Number of tensors: the input plus one per layer.
    public var tensorCount: Int { layers.count + 1 }

    private func isEmbedding(_ op: FixedPointOp) -> Bool {
        if case .embedding = op { return true }
        return false
    }

    /// Structural checks for a program read from disk (ids, sizes, weight arrays).
    func validate() throws(CompilerError) {
        guard (0...30).contains(scaleBits), inputLower <= inputUpper, inputLower.magnitude < 1 << 52,
            inputUpper.magnitude < 1 << 52,
            !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 && $0 < 1 << 24 }),
            inputShape.checkedProduct(atMost: 1 << 24) != nil,
            layers.allSatisfy({
                !$0.shape.isEmpty && $0.shape.allSatisfy { $0 > 0 && $0 < 1 << 24 }
                    && $0.shape.checkedProduct(atMost: 1 << 24) != nil
            })
        else {
            throw .invalidCompiledModel("scale bits \(scaleBits) or input bound [\(inputLower), \(inputUpper)] invalid")
        }
        var sizes = [inputCount]
        for (i, layer) in layers.enumerated() {
            guard layer.output == i + 1, !layer.inputs.isEmpty, layer.inputs.allSatisfy({ $0 >= 0 && $0 <= i }) else {
                throw .invalidCompiledModel("layer \(i) ('\(layer.name)') has inconsistent tensor ids")
            }
            let n = layer.shape.reduce(1, *)
            let inSize = sizes[layer.inputs[0]]
            switch layer.op {
            case let .linear(op):
                if case let .conv(g) = op.kind { try g.validate(layer: layer.name) }
                if case let .groupedConv(g, _) = op.kind { try g.validate(layer: layer.name) }
                if case let .averagePool(g, _) = op.kind { try g.validate(layer: layer.name) }
                guard op.inputCount == inSize, op.outputCount == n else {
                    throw .invalidCompiledModel("layer '\(layer.name)' sizes do not match")
                }
                try op.validate(layer: layer.name)
            case let .sum(signs):
                guard signs.count == layer.inputs.count, layer.inputs.allSatisfy({ sizes[$0] == n }) else {
                    throw .invalidCompiledModel("layer '\(layer.name)' sum inputs do not match")
                }
            case let .rescale(shift, _), let .leakyRelu(_, shift):
                guard (0...62).contains(shift), inSize == n else {
                    throw .invalidCompiledModel("layer '\(layer.name)' invalid")
                }
            case .relu:
                guard inSize == n else { throw .invalidCompiledModel("layer '\(layer.name)' invalid") }
            case let .maxPool(g):
                try g.validate(layer: layer.name)
                guard g.inputCount == inSize, g.outputCount == n, g.inputChannels == g.outputChannels else {
                    throw .invalidCompiledModel("layer '\(layer.name)' pool geometry does not match")
                }
            case let .piecewiseLinear(t):
                // Quantizer.table writes segmentBits ≤ 22 and |values| ≤ 2^24 (s ≤ 24); these limits keep the
                // interpolation values[j]·2^m + (values[j+1] − values[j])·l below 2^58.
                guard inSize == n, t.values.count >= 2, t.values.count <= 1 << 12, (0...24).contains(t.segmentBits),
                    t.lowerBound.magnitude < 1 << 40, t.values.allSatisfy({ $0.magnitude < 1 << 32 })
                else {
                    throw .invalidCompiledModel("layer '\(layer.name)' table invalid")
                }
            case .argmax:
                guard n == 1, inSize >= 1 else { throw .invalidCompiledModel("layer '\(layer.name)' argmax invalid") }
            case let .permute(p):
                guard p.count == n, p.allSatisfy({ $0 >= -1 && $0 < inSize }) else {
                    throw .invalidCompiledModel("layer '\(layer.name)' permutation invalid")
                }
            case let .product(g):
                guard layer.inputs.count == 2 else {
                    throw .invalidCompiledModel("layer '\(layer.name)' needs two inputs")
                }
                try g.validate(layer: layer.name, leftCount: inSize, rightCount: sizes[layer.inputs[1]], outputCount: n)
            case let .softmax(g, t, s):
                guard inSize == n else { throw .invalidCompiledModel("layer '\(layer.name)' invalid") }
                try g.validate(layer: layer.name, inputCount: n, exp: t, outputBits: s)
            case let .clip(lo, hi):
                guard inSize == n, (lo ?? Int64.min) <= (hi ?? Int64.max), (lo?.magnitude ?? 0) < 1 << 62,
                    (hi?.magnitude ?? 0) < 1 << 62
                else { throw .invalidCompiledModel("layer '\(layer.name)' clip invalid") }
            case let .layerNorm(p):
                guard inSize == n else { throw .invalidCompiledModel("layer '\(layer.name)' invalid") }
                try p.validate(layer: layer.name, count: n)
            case let .embedding(e):
                guard layer.inputs == [0], integerInput == true, inputLower >= 0,
                    inputUpper < Int64(e.vocabulary)
                else {
                    throw .invalidCompiledModel("layer '\(layer.name)' embedding must read the integer input")
                }
                try e.validate(layer: layer.name, tokens: inSize, outputCount: n)
            case let .concat(sources, indices):
                guard sources.count == n, indices.count == n,
                    zip(sources, indices).allSatisfy({ k, i in
                        k >= 0 && k < layer.inputs.count && i >= 0 && i < sizes[layer.inputs[k]]
                    })
                else { throw .invalidCompiledModel("layer '\(layer.name)' concat invalid") }
            case let .rescaleClip(shift, lo, hi):
                guard inSize == n, (0...62).contains(shift), (lo ?? Int64.min) <= (hi ?? Int64.max),
                    (lo?.magnitude ?? 0) < 1 << 62, (hi?.magnitude ?? 0) < 1 << 62
                else { throw .invalidCompiledModel("layer '\(layer.name)' clip invalid") }
            case let .hardSwish(shift, scale):
                guard inSize == n, (0...62).contains(shift), (0...24).contains(scale) else {
                    throw .invalidCompiledModel("layer '\(layer.name)' invalid")
                }
            case let .sqrt(shift):
                guard inSize == n, (0...30).contains(shift) else {
                    throw .invalidCompiledModel("layer '\(layer.name)' invalid")
                }
            case let .divide(g, shift):
                guard layer.inputs.count == 2, g.rows == 1, g.inner == 1, g.columns == 1, (0...40).contains(shift)
                else { throw .invalidCompiledModel("layer '\(layer.name)' division invalid") }
                try g.validate(layer: layer.name, leftCount: inSize, rightCount: sizes[layer.inputs[1]], outputCount: n)
            }
            if integerInput == true, layer.inputs.contains(0), !isEmbedding(layer.op) {
                throw .invalidCompiledModel("layer '\(layer.name)' reads the integer input; only embeddings may")
            }
            sizes.append(n)
        }
    }
}
