/// Geometry of a 2-D window operation over an NCHW tensor with batch 1 (convolution or pooling).
///
/// Invariant: `outputHeight == (inputHeight + padTop + padBottom − kernelHeight) / strideHeight + 1` (floor),
/// likewise for the width; padding taps are skipped (zero padding for convolution, "not counted" for pooling).
public struct WindowGeometry: Codable, Sendable, Equatable {
    /// C, channels of the input tensor.
    public var inputChannels: Int
    /// H, input height.
    public var inputHeight: Int
    /// W, input width.
    public var inputWidth: Int
    /// Output channels (convolution: the filter count; pooling: equal to `inputChannels`).
    public var outputChannels: Int
    /// Window height kH.
    public var kernelHeight: Int
    /// Window width kW.
    public var kernelWidth: Int
    /// Vertical step between windows (≥ 1).
    public var strideHeight: Int
    /// Horizontal step between windows (≥ 1).
    public var strideWidth: Int
    /// Padding rows above the input (< kH).
    public var padTop: Int
    /// Padding columns left of the input (< kW).
    public var padLeft: Int
    /// Padding rows below the input (< kH).
    public var padBottom: Int
    /// Padding columns right of the input (< kW).
    public var padRight: Int

    /// Rejects geometry that would make the window loops misbehave (from a tampered compiled model).
    func validate(layer: String) throws(CompilerError) {
        let all = [
            inputChannels, inputHeight, inputWidth, outputChannels, kernelHeight, kernelWidth, strideHeight,
            strideWidth,
        ]
        let pads = [padTop, padLeft, padBottom, padRight]
        guard all.allSatisfy({ $0 > 0 && $0 < 1 << 16 }), pads.allSatisfy({ $0 >= 0 }),
            padTop < kernelHeight, padBottom < kernelHeight, padLeft < kernelWidth, padRight < kernelWidth,
            inputHeight + padTop + padBottom >= kernelHeight, inputWidth + padLeft + padRight >= kernelWidth,
            inputCount <= 1 << 24, outputCount <= 1 << 24
        else {
            throw .invalidCompiledModel("layer '\(layer)' has invalid window geometry")
        }
    }

    /// Output height, ⌊(H + padTop + padBottom − kH) / strideHeight⌋ + 1.
    public var outputHeight: Int { (inputHeight + padTop + padBottom - kernelHeight) / strideHeight + 1 }
    /// Output width, ⌊(W + padLeft + padRight − kW) / strideWidth⌋ + 1.
    public var outputWidth: Int { (inputWidth + padLeft + padRight - kernelWidth) / strideWidth + 1 }
    /// Elements of the input tensor, C·H·W.
    public var inputCount: Int { inputChannels * inputHeight * inputWidth }
    /// Elements of the output tensor.
    public var outputCount: Int { outputChannels * outputHeight * outputWidth }

    /// Calls `body(ky, kx, inputOffsetWithinChannel)` for every kernel tap of output pixel (oy, ox) that falls
    /// inside the input (padding taps are skipped).
    @inline(__always)
    func forEachTap(oy: Int, ox: Int, _ body: (Int, Int, Int) -> Void) {
        for ky in 0..<kernelHeight {
            let iy = oy * strideHeight + ky - padTop
            if iy < 0 || iy >= inputHeight { continue }
            for kx in 0..<kernelWidth {
                let ix = ox * strideWidth + kx - padLeft
                if ix < 0 || ix >= inputWidth { continue }
                body(ky, kx, iy * inputWidth + ix)
            }
        }
    }
}

/// The structure of an affine map y = W·x + b between flattened tensors; the numbers live in
/// `LinearOperator.weights` / `.bias`, indexed as documented per case.
public enum LinearKind: Codable, Sendable, Equatable {
    /// Fully connected: `weights[o * inputs + i]`, `bias[o]` (Gemm, MatMul).
    case dense(inputs: Int, outputs: Int)
    /// 2-D convolution, group 1, dilation 1: `weights[((oc * C + ic) * kH + ky) * kW + kx]`, `bias[oc]`.
    case conv(WindowGeometry)
    /// Grouped 2-D convolution (ONNX Conv `group` = G > 1; depthwise when G = C): output channel oc reads the
    /// C/G input channels of its group g = oc / (M/G), `weights[((oc * (C/G) + j) * kH + ky) * kW + kx]` for input
    /// channel g·(C/G) + j, `bias[oc]`. Invariant: G ≥ 2 divides both C and M.
    case groupedConv(WindowGeometry, groups: Int)
    /// Elementwise y[i] = weights[i]·x[i] + bias[i] (Mul/Add/Sub by a constant, BatchNormalization alone).
    case elementwise(count: Int)
    /// Average pooling (depthwise; `outputChannels == inputChannels`): `weights[d − 1]` is the factor 1/d for a
    /// window of d counted taps (`countIncludesPadding` makes d = kH·kW everywhere); bias is empty.
    case averagePool(WindowGeometry, countIncludesPadding: Bool)
    /// The same fully connected map applied to each of `rows` rows (MatMul of a [.., rows, inputs] activation by
    /// constant weights): y[r·outputs + o] = Σ_i weights[o·inputs + i]·x[r·inputs + i] + bias[o].
    case denseRows(rows: Int, inputs: Int, outputs: Int)
}

/// One output row of a linear operator in sparse form: y = Σ weights[weightIndex[k]]·x[input[k]] + bias[biasIndex].
struct SparseRow {
    var inputs: [Int32]
    var weightIndices: [Int32]
    /// −1 when the row has no bias.
    var biasIndex: Int32
}

/// An affine layer: structure (`kind`) plus numbers. `Scalar` is `Double` in the float program and `Int64`
/// (fixed point, weights at scale 2^s, bias at the product's scale) in the quantized program.
///
/// Invariant: `weights.count` and `bias.count` match what `kind` documents (checked by `validate`).
public struct LinearOperator<Scalar: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The structure: which inputs feed which output and how `weights`/`bias` are indexed.
    public var kind: LinearKind
    /// The weights, indexed as `kind` documents.
    public var weights: [Scalar]
    /// The bias, indexed as `kind` documents (empty for average pooling).
    public var bias: [Scalar]

    /// An operator from its parts, unchecked (a loaded compiled model is checked by `validate`).
    public init(kind: LinearKind, weights: [Scalar], bias: [Scalar]) {
        self.kind = kind
        self.weights = weights
        self.bias = bias
    }

    /// Length of the flattened input x.
    public var inputCount: Int {
        switch kind {
        case let .dense(inputs, _): return inputs
        case let .conv(g), let .groupedConv(g, _): return g.inputCount
        case let .elementwise(count): return count
        case let .averagePool(g, _): return g.inputCount
        case let .denseRows(rows, inputs, _): return rows * inputs
        }
    }

    /// Length of the flattened output y.
    public var outputCount: Int {
        switch kind {
        case let .dense(_, outputs): return outputs
        case let .conv(g), let .groupedConv(g, _): return g.outputCount
        case let .elementwise(count): return count
        case let .averagePool(g, _): return g.outputCount
        case let .denseRows(rows, _, outputs): return rows * outputs
        }
    }

    /// Checks the array sizes against the structure.
    func validate(layer: String) throws(CompilerError) {
        let (w, b): (Int, Int)
        switch kind {
        case let .dense(inputs, outputs): (w, b) = (inputs * outputs, outputs)
        case let .conv(g):
            (w, b) = (g.outputChannels * g.inputChannels * g.kernelHeight * g.kernelWidth, g.outputChannels)
        case let .groupedConv(g, groups):
            guard groups >= 2, g.inputChannels % groups == 0, g.outputChannels % groups == 0 else {
                throw .invalidCompiledModel("layer '\(layer)': \(groups) groups do not divide the channels")
            }
            (w, b) = (g.outputChannels * g.inputChannels / groups * g.kernelHeight * g.kernelWidth, g.outputChannels)
        case let .elementwise(count): (w, b) = (count, count)
        case let .averagePool(g, _): (w, b) = (g.kernelHeight * g.kernelWidth, 0)
        case let .denseRows(rows, inputs, outputs):
            guard rows > 0, inputs > 0, outputs > 0, rows < 1 << 24, inputs < 1 << 24, outputs < 1 << 24 else {
                throw .invalidCompiledModel("layer '\(layer)': invalid dense-rows sizes")
            }
            (w, b) = (inputs * outputs, outputs)
        }
        guard weights.count == w, bias.count == b || (bias.isEmpty && b > 0) else {
            throw .invalidCompiledModel(
                "layer '\(layer)': \(weights.count) weights / \(bias.count) biases, expected \(w) / \(b)")
        }
    }

    /// The operator as sparse rows (one per output element), in output order.
    func rows() -> [SparseRow] {
        var rows: [SparseRow] = []
        rows.reserveCapacity(outputCount)
        let hasBias = !bias.isEmpty
        switch kind {
        case let .dense(inputs, outputs):
            let inputIndices = (0..<inputs).map { Int32($0) }
            for o in 0..<outputs {
                rows.append(
                    SparseRow(
                        inputs: inputIndices, weightIndices: (0..<inputs).map { Int32(o * inputs + $0) },
                        biasIndex: hasBias ? Int32(o) : -1))
            }
        case let .conv(g):
            let plane = g.inputHeight * g.inputWidth
            for oc in 0..<g.outputChannels {
                for oy in 0..<g.outputHeight {
                    for ox in 0..<g.outputWidth {
                        var row = SparseRow(inputs: [], weightIndices: [], biasIndex: hasBias ? Int32(oc) : -1)
                        for ic in 0..<g.inputChannels {
                            g.forEachTap(oy: oy, ox: ox) { ky, kx, offset in
                                row.inputs.append(Int32(ic * plane + offset))
                                row.weightIndices.append(
                                    Int32(((oc * g.inputChannels + ic) * g.kernelHeight + ky) * g.kernelWidth + kx))
                            }
                        }
                        rows.append(row)
                    }
                }
            }
        case let .groupedConv(g, groups):
            let plane = g.inputHeight * g.inputWidth
            let perGroupIn = g.inputChannels / groups
            let perGroupOut = g.outputChannels / groups
            for oc in 0..<g.outputChannels {
                let firstInput = oc / perGroupOut * perGroupIn
                for oy in 0..<g.outputHeight {
                    for ox in 0..<g.outputWidth {
                        var row = SparseRow(inputs: [], weightIndices: [], biasIndex: hasBias ? Int32(oc) : -1)
                        for j in 0..<perGroupIn {
                            g.forEachTap(oy: oy, ox: ox) { ky, kx, offset in
                                row.inputs.append(Int32((firstInput + j) * plane + offset))
                                row.weightIndices.append(
                                    Int32(((oc * perGroupIn + j) * g.kernelHeight + ky) * g.kernelWidth + kx))
                            }
                        }
                        rows.append(row)
                    }
                }
            }
        case let .denseRows(count, inputs, outputs):
            for r in 0..<count {
                let inputIndices = (0..<inputs).map { Int32(r * inputs + $0) }
                for o in 0..<outputs {
                    let weightIndices = (0..<inputs).map { Int32(o * inputs + $0) }
                    rows.append(
                        SparseRow(
                            inputs: inputIndices, weightIndices: weightIndices, biasIndex: hasBias ? Int32(o) : -1))
                }
            }
        case let .elementwise(count):
            for i in 0..<count {
                rows.append(
                    SparseRow(inputs: [Int32(i)], weightIndices: [Int32(i)], biasIndex: hasBias ? Int32(i) : -1))
            }
        case let .averagePool(g, includesPadding):
            let plane = g.inputHeight * g.inputWidth
            for c in 0..<g.outputChannels {
                for oy in 0..<g.outputHeight {
                    for ox in 0..<g.outputWidth {
                        var taps: [Int32] = []
                        g.forEachTap(oy: oy, ox: ox) { _, _, offset in taps.append(Int32(c * plane + offset)) }
                        let divisor = includesPadding ? g.kernelHeight * g.kernelWidth : taps.count
                        let factors = Array(repeating: Int32(divisor - 1), count: taps.count)
                        rows.append(SparseRow(inputs: taps, weightIndices: factors, biasIndex: -1))
                    }
                }
            }
        }
        return rows
    }
}
