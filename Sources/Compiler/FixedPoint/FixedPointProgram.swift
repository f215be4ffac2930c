/// The rounding rule of every rescale, named as in swift-numerics' `RoundingRule`: round half up,
/// q = ⌊(x + 2^(k−1)) / 2^k⌋ for k ≥ 1 (ties go towards +∞; for k = 0, q = x). Both the fixed-point
/// executor and the circuit (quotient q and remainder r = x + 2^(k−1) − q·2^k ∈ [0, 2^k)) use exactly this rule.
public enum RoundingRule: String, Codable, Sendable {
    case roundHalfUp
}

/// A sigmoid/tanh approximation: f is linearly interpolated between `values[j] ≈ f(x_j)·2^s` at the points
/// x_j = (lowerBound + j·2^segmentBits)/2^s, j = 0…N (N = values.count − 1 segments). Inputs outside
/// [lowerBound, lowerBound + N·2^segmentBits − 1] are clamped first. Evaluation, with t = clamp(q) − lowerBound,
/// j = t >> segmentBits, l = t mod 2^segmentBits:
///   y = roundHalfUp((values[j]·2^m + (values[j+1] − values[j])·l) / 2^m), m = segmentBits.
/// Error (documented in README.md, "Models"): |y/2^s − f(x)| ≤ interpolation error + clamp tail + 2^−s.
public struct PiecewiseLinearTable: Codable, Sendable, Equatable {
    public var function: String
    public var lowerBound: Int64
    public var segmentBits: Int
    public var values: [Int64]
    public var segmentCount: Int { values.count - 1 }
    public var upperBound: Int64 { lowerBound + Int64(segmentCount) << Int64(segmentBits) - 1 }
}

/// One step of the fixed-point program. Every tensor is a flat array of integers v at a scale 2^e (real value
/// v / 2^e); `FixedPointLayer.scale` records e for the layer's output.
public enum FixedPointOp: Codable, Sendable, Equatable {
    /// y = W·x + b with integer weights at scale 2^s; output scale = input scale + s. No constraints.
    case linear(LinearOperator<Int64>)
    /// y = Σ signs[k]·x_k over the layer's inputs (same shape and scale). No constraints.
    case sum(signs: [Int])
    /// y = roundHalfUp(x / 2^shift), then max(y, 0) when `relu` (rescale fused with ReLU).
    case rescale(shift: Int, relu: Bool)
    /// y = max(x, 0).
    case relu
    /// y = roundHalfUp(x·(x ≥ 0 ? 2^shift : alpha) / 2^shift), alpha = LeakyRelu α at scale 2^shift.
    case leakyRelu(alpha: Int64, shift: Int)
    /// y = max over each window (padding taps skipped); `outputChannels == inputChannels`.
    case maxPool(WindowGeometry)
    /// Sigmoid or tanh by `PiecewiseLinearTable`.
    case piecewiseLinear(PiecewiseLinearTable)
    /// y = [index of the first maximum of x] (scale 0).
    case argmax
    /// y[i] = x[permutation[i]] (Flatten, Reshape, Transpose, Identity, Dropout). No constraints.
    case permute([Int])

    /// Short op name for reports.
    public var name: String {
        switch self {
        case let .linear(op):
            switch op.kind {
            case .dense: return "dense"
            case .conv: return "conv"
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
        }
    }
}

/// One layer: op, input tensor ids, output tensor id (tensor 0 is the model input; ids increase along
/// the program, so the program is in topological order), output shape and scale exponent.
public struct FixedPointLayer: Codable, Sendable, Equatable {
    public var name: String
    public var op: FixedPointOp
    public var inputs: [Int]
    public var output: Int
    public var shape: [Int]
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
/// `scaleBits` with elements in `inputBound` (integers at that scale).
public struct FixedPointProgram: Codable, Sendable, Equatable {
    public var inputName: String
    public var inputShape: [Int]
    public var scaleBits: Int
    /// Integer bound of every input element (real bound × 2^scaleBits, rounded outward).
    public var inputLower: Int64
    public var inputUpper: Int64
    public var layers: [FixedPointLayer]
    public var outputHead: OutputHead
    public var rounding: RoundingRule = .roundHalfUp

    public var inputCount: Int { inputShape.reduce(1, *) }
    public var outputTensor: Int { layers.last?.output ?? 0 }
    public var outputShape: [Int] { layers.last?.shape ?? inputShape }
    public var outputScale: Int { layers.last?.scale ?? scaleBits }
    public var tensorCount: Int { layers.count + 1 }

    /// Structural checks for a program read from disk (ids, sizes, weight arrays).
    func validate() throws(CompilerError) {
        guard (0...30).contains(scaleBits), inputLower <= inputUpper, inputLower.magnitude < 1 << 52, inputUpper.magnitude < 1 << 52,
              !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 && $0 < 1 << 24 }), inputShape.checkedProduct(atMost: 1 << 24) != nil,
              layers.allSatisfy({ !$0.shape.isEmpty && $0.shape.allSatisfy { $0 > 0 && $0 < 1 << 24 } && $0.shape.checkedProduct(atMost: 1 << 24) != nil }) else {
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
                guard (0...62).contains(shift), inSize == n else { throw .invalidCompiledModel("layer '\(layer.name)' invalid") }
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
                      t.lowerBound.magnitude < 1 << 40, t.values.allSatisfy({ $0.magnitude < 1 << 32 }) else {
                    throw .invalidCompiledModel("layer '\(layer.name)' table invalid")
                }
            case .argmax:
                guard n == 1, inSize >= 1 else { throw .invalidCompiledModel("layer '\(layer.name)' argmax invalid") }
            case let .permute(p):
                guard p.count == n, p.allSatisfy({ $0 >= 0 && $0 < inSize }) else {
                    throw .invalidCompiledModel("layer '\(layer.name)' permutation invalid")
                }
            }
            sizes.append(n)
        }
    }
}
