import BN254
import Compiler
import Foundation
import R1CS
import TestSupport
import Testing

/// Per-op checks, each three ways: (1) the fixed-point output is within the documented error bound of an
/// independent naive float reference written here (not the compiler's float executor); (2) the circuit's
/// public outputs equal the fixed-point executor's output and the witness satisfies the circuit; (3) adding 1
/// to any witness variable a layer allocated violates a constraint (soundness).
@Suite struct OpTests {
    static let s = 8
    static var ulp: Double { 1 / Double(1 << s) }

    /// Builds a one-input model from nodes (the input is "x"; the last node's first output is the model output).
    static func model(_ nodes: [Node], inputShape: [Int], constants: [String: ConstantTensor] = [:]) -> Model {
        Model(
            name: "op-test", opsetVersion: 13, inputs: [ValueInfo(name: "x", shape: inputShape)],
            outputs: [ValueInfo(name: nodes.last!.outputs[0], shape: [])], initializers: constants, nodes: nodes)
    }

    static func random(_ n: Int, _ rng: inout SeededRNG, range: ClosedRange<Double> = -1...1) -> [Double] {
        (0..<n).map { _ in Double.random(in: range, using: &rng) }
    }

    /// Runs the three checks; returns the synthesis.
    @discardableResult
    static func check(
        _ model: Model, input: Tensor, reference: [Double], bound: Double, range: ClosedRange<Double> = -1...1,
        scaleBits: Int = s, visibility: InputVisibility = .public, seed: UInt64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Synthesis {
        let options = CompileOptions(
            scaleBits: scaleBits, inputVisibility: visibility, sampleInput: input, inputRange: range)
        let compiled = try ModelCompiler.compile(model: model, options: options)
        let syn = try compiled.synthesize(input: input, recordLabels: true)
        #expect(syn.r1cs.isSatisfied(by: syn.witness) == nil, "seed \(seed)", sourceLocation: sourceLocation)
        let n = syn.output.integers.count
        #expect(
            syn.publicSignals.prefix(n).map { CompiledModel.signedInteger($0)! } == syn.output.integers,
            "circuit output ≠ executor output, seed \(seed)", sourceLocation: sourceLocation)
        #expect(syn.output.values.count == reference.count, sourceLocation: sourceLocation)
        let err = zip(syn.output.values, reference).map { abs($0 - $1) }.max() ?? 0
        #expect(
            err <= bound, "max error \(err) > documented bound \(bound), seed \(seed)", sourceLocation: sourceLocation)
        // Labels are built on request (recordLabels): one per constraint.
        #expect(syn.r1cs.labels?.count == syn.r1cs.constraintCount, sourceLocation: sourceLocation)
        let layerNames = Set(compiled.program.layers.map(\.name))
        // Soundness: every variable allocated by a layer is pinned by some constraint, and the first violated
        // constraint is one of that layer's, labelled "<layer>[<element>]…".
        for span in syn.spans where !span.variables.isEmpty {
            for v in span.variables.prefix(300) {
                let violation = perturbed(syn, at: v)
                #expect(
                    violation != nil,
                    "perturbing variable \(v) of layer \(span.layer) (\(span.op)) kept the circuit satisfied, seed \(seed)",
                    sourceLocation: sourceLocation)
                if let violation, layerNames.contains(span.layer) {
                    #expect(
                        span.constraints.contains(violation.index)
                            && violation.label?.hasPrefix(span.layer + "[") == true,
                        "variable \(v) of layer \(span.layer): first violation \(violation.index) '\(violation.label ?? "nil")'",
                        sourceLocation: sourceLocation)
                }
            }
        }
        // Changing a public output must break the circuit too.
        #expect(perturbed(syn, at: 1) != nil, sourceLocation: sourceLocation)
        return syn
    }

    // MARK: naive references

    static func dense(_ w: [Double], _ b: [Double], _ x: [Double], outputs: Int) -> [Double] {
        var out: [Double] = []
        for o in 0..<outputs {
            var acc = b[o]
            for i in 0..<x.count { acc += w[o * x.count + i] * x[i] }
            out.append(acc)
        }
        return out
    }

    /// Bound of a dense layer + rescale: weight, input and bias rounding, plus the rescale's rounding:
    /// ½ulp·(Σ|w| + Σ|x| + 1) + ½ulp²·(count + 1) (documented in README.md, "Models").
    static func linearBound(_ w: [Double], _ x: [Double], outputs: Int) -> Double {
        let k = x.count
        var worst = 0.0
        for o in 0..<outputs {
            var sw = 0.0
            for i in 0..<k { sw += abs(w[o * k + i]) }
            worst = max(worst, sw)
        }
        let sx = x.reduce(0) { $0 + abs($1) }
        return 0.5 * ulp * (worst + sx + 1) + 0.5 * ulp * ulp * Double(k + 1)
    }

    // MARK: tests

    @Test func gemmWithTransposesAlphaBeta() throws {
        let seed: UInt64 = 11
        var rng = SeededRNG(seed: seed)
        let k = 6
        let n = 4
        let x = Self.random(k, &rng)
        let bt = Self.random(n * k, &rng, range: -0.5...0.5)
        let c = Self.random(n, &rng)
        // transB = 1 (B is [n, k]), alpha = 0.5, beta = 2.
        let node = Node(
            opType: "Gemm", name: "gemm", inputs: ["x", "B", "C"], outputs: ["y"],
            attributes: ["transB": .int(1), "alpha": .float(0.5), "beta": .float(2)])
        let model = Self.model(
            [node], inputShape: [1, k],
            constants: [
                "B": ConstantTensor(shape: [n, k], values: bt), "C": ConstantTensor(shape: [n], values: c),
            ])
        let w = bt.map { 0.5 * $0 }
        let ref = Self.dense(w, c.map { 2 * $0 }, x, outputs: n)
        try Self.check(
            model, input: Tensor(shape: [1, k], data: x), reference: ref, bound: Self.linearBound(w, x, outputs: n),
            seed: seed)
        // transA = 1 with A of shape [k, 1], B not transposed ([k, n]).
        var b = Array(repeating: 0.0, count: k * n)
        for o in 0..<n { for i in 0..<k { b[i * n + o] = bt[o * k + i] } }
        let node2 = Node(
            opType: "Gemm", name: "gemmA", inputs: ["x", "B"], outputs: ["y"], attributes: ["transA": .int(1)])
        let model2 = Self.model(
            [node2], inputShape: [k, 1], constants: ["B": ConstantTensor(shape: [k, n], values: b)])
        try Self.check(
            model2, input: Tensor(shape: [k, 1], data: x),
            reference: Self.dense(bt, Array(repeating: 0, count: n), x, outputs: n),
            bound: Self.linearBound(bt, x, outputs: n), seed: seed)
    }

    @Test func matMulAddSubMulDiv() throws {
        let seed: UInt64 = 12
        var rng = SeededRNG(seed: seed)
        let k = 5
        let n = 3
        let x = Self.random(k, &rng)
        let w = Self.random(k * n, &rng)
        let add = Self.random(n, &rng)
        let mul = Self.random(n, &rng)
        // y = ((x·W + add) − 0.25) · mul / 2, all folded into one dense layer.
        let nodes = [
            Node(opType: "MatMul", name: "mm", inputs: ["x", "W"], outputs: ["a"]),
            Node(opType: "Add", name: "add", inputs: ["a", "bias"], outputs: ["b"]),
            Node(opType: "Sub", name: "sub", inputs: ["b", "quarter"], outputs: ["c"]),
            Node(opType: "Mul", name: "mul", inputs: ["m", "c"], outputs: ["d"]),
            Node(opType: "Div", name: "div", inputs: ["d", "two"], outputs: ["y"]),
        ]
        let model = Self.model(
            nodes, inputShape: [1, k],
            constants: [
                "W": ConstantTensor(shape: [k, n], values: w), "bias": ConstantTensor(shape: [n], values: add),
                "quarter": ConstantTensor(shape: [], values: [0.25]), "m": ConstantTensor(shape: [1, n], values: mul),
                "two": ConstantTensor(shape: [1], values: [2]),
            ])
        var wt = Array(repeating: 0.0, count: k * n)
        for i in 0..<k { for o in 0..<n { wt[o * k + i] = w[i * n + o] * mul[o] / 2 } }
        var ref: [Double] = []
        for o in 0..<n {
            var acc = add[o]
            for i in 0..<k { acc += x[i] * w[i * n + o] }
            ref.append((acc - 0.25) * mul[o] / 2)
        }
        let syn = try Self.check(
            model, input: Tensor(shape: [1, k], data: x), reference: ref,
            bound: Self.linearBound(wt, x, outputs: n), seed: seed)
        // Folded: exactly one rescale of n outputs; no separate layers for Add/Sub/Mul/Div.
        #expect(syn.spans.filter { $0.op == "rescale" }.count == 1)
    }

    @Test func addAndSubOfTwoTensors() throws {
        let seed: UInt64 = 13
        var rng = SeededRNG(seed: seed)
        let x = Self.random(4, &rng)
        let nodes = [
            Node(opType: "Relu", name: "r", inputs: ["x"], outputs: ["r"]),
            Node(opType: "Add", name: "sum", inputs: ["x", "r"], outputs: ["s"]),
            Node(opType: "Sub", name: "diff", inputs: ["s", "x"], outputs: ["y"]),
        ]
        let ref = x.map { max($0, 0) }
        try Self.check(
            Self.model(nodes, inputShape: [1, 4]), input: Tensor(shape: [1, 4], data: x), reference: ref,
            bound: Self.ulp, seed: seed)
    }

    /// Naive (grouped) convolution: X [C, H, W], K [M, C/G, kh, kw], symmetric zero padding.
    static func conv(
        _ x: [Double], c: Int, h: Int, w: Int, _ k: [Double], o: Int, groups: Int = 1, kh: Int, kw: Int,
        bias: [Double], stride: Int, pad: Int
    ) -> [Double] {
        let oh = (h + 2 * pad - kh) / stride + 1
        let ow = (w + 2 * pad - kw) / stride + 1
        let cg = c / groups
        let og = o / groups
        var out: [Double] = []
        for oc in 0..<o {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var acc = bias[oc]
                    for j in 0..<cg {
                        let ic = oc / og * cg + j
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let iy = oy * stride + ky - pad
                                let ix = ox * stride + kx - pad
                                guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                acc += k[((oc * cg + j) * kh + ky) * kw + kx] * x[(ic * h + iy) * w + ix]
                            }
                        }
                    }
                    out.append(acc)
                }
            }
        }
        return out
    }

    @Test func convWithStridePaddingAndBatchNorm() throws {
        let seed: UInt64 = 14
        var rng = SeededRNG(seed: seed)
        let c = 2
        let h = 5
        let w = 5
        let o = 3
        let x = Self.random(c * h * w, &rng)
        let k = Self.random(o * c * 9, &rng, range: -0.3...0.3)
        let b = Self.random(o, &rng)
        let gamma = Self.random(o, &rng, range: 0.5...1.5)
        let beta = Self.random(o, &rng)
        let mean = Self.random(o, &rng)
        let variance = Self.random(o, &rng, range: 0.5...2)
        let nodes = [
            Node(
                opType: "Conv", name: "conv", inputs: ["x", "K", "b"], outputs: ["c"],
                attributes: ["kernel_shape": .ints([3, 3]), "strides": .ints([2, 2]), "pads": .ints([1, 1, 1, 1])]),
            Node(opType: "BatchNormalization", name: "bn", inputs: ["c", "g", "be", "m", "v"], outputs: ["y"]),
        ]
        let model = Self.model(
            nodes, inputShape: [1, c, h, w],
            constants: [
                "K": ConstantTensor(shape: [o, c, 3, 3], values: k), "b": ConstantTensor(shape: [o], values: b),
                "g": ConstantTensor(shape: [o], values: gamma), "be": ConstantTensor(shape: [o], values: beta),
                "m": ConstantTensor(shape: [o], values: mean), "v": ConstantTensor(shape: [o], values: variance),
            ])
        let raw = Self.conv(x, c: c, h: h, w: w, k, o: o, kh: 3, kw: 3, bias: b, stride: 2, pad: 1)
        let plane = raw.count / o
        let ref = raw.enumerated().map { i, v in
            let ch = i / plane
            return gamma[ch] * (v - mean[ch]) / (variance[ch] + 1e-5).squareRoot() + beta[ch]
        }
        // Bound: folded weights a·K, per-output Σ|a·K| ≤ max_ch a_ch·Σ|K_ch|.
        let a = (0..<o).map { gamma[$0] / (variance[$0] + 1e-5).squareRoot() }
        let folded = (0..<(o * c * 9)).map { k[$0] * a[$0 / (c * 9)] }
        var worst = 0.0
        for ch in 0..<o { worst = max(worst, folded[(ch * c * 9)..<((ch + 1) * c * 9)].reduce(0) { $0 + abs($1) }) }
        let window = Double(c * 9) * x.map(abs).max()!
        let bound = 0.5 * Self.ulp * (worst + window + 1) + 0.5 * Self.ulp * Self.ulp * Double(c * 9 + 1)
        try Self.check(model, input: Tensor(shape: [1, c, h, w], data: x), reference: ref, bound: bound, seed: seed)
    }

    /// Conv → ReLU → MaxPool: the pool is moved before the (fused) rescale+ReLU (exact, since relu∘rescale is
    /// monotone); the output equals pooling the rescaled values.
    @Test func convReluMaxPoolPoolsBeforeRescale() throws {
        let seed: UInt64 = 20
        var rng = SeededRNG(seed: seed)
        let c = 1
        let h = 6
        let w = 6
        let o = 2
        let x = Self.random(c * h * w, &rng)
        let k = Self.random(o * c * 9, &rng, range: -0.5...0.5)
        let b = Self.random(o, &rng)
        let nodes = [
            Node(
                opType: "Conv", name: "conv", inputs: ["x", "K", "b"], outputs: ["c"],
                attributes: ["kernel_shape": .ints([3, 3])]),
            Node(opType: "Relu", name: "relu", inputs: ["c"], outputs: ["r"]),
            Node(
                opType: "MaxPool", name: "pool", inputs: ["r"], outputs: ["y"],
                attributes: ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2])]),
        ]
        let model = Self.model(
            nodes, inputShape: [1, c, h, w],
            constants: [
                "K": ConstantTensor(shape: [o, c, 3, 3], values: k), "b": ConstantTensor(shape: [o], values: b),
            ])
        let conv = Self.conv(x, c: c, h: h, w: w, k, o: o, kh: 3, kw: 3, bias: b, stride: 1, pad: 0).map { max($0, 0) }
        var ref: [Double] = []
        for ch in 0..<o {
            for oy in 0..<2 {
                for ox in 0..<2 {
                    var m = -Double.infinity
                    for ky in 0..<2 { for kx in 0..<2 { m = max(m, conv[(ch * 4 + oy * 2 + ky) * 4 + ox * 2 + kx]) } }
                    ref.append(m)
                }
            }
        }
        var worst = 0.0
        for ch in 0..<o { worst = max(worst, k[(ch * 9)..<((ch + 1) * 9)].reduce(0) { $0 + abs($1) }) }
        let bound = 0.5 * Self.ulp * (worst + 9 * x.map(abs).max()! + 1) + 0.5 * Self.ulp * Self.ulp * 10
        let syn = try Self.check(
            model, input: Tensor(shape: [1, c, h, w], data: x), reference: ref, bound: bound, seed: seed)
        #expect(syn.spans.map(\.op) == ["input(public)", "conv", "max-pool", "rescale+relu", "bind public outputs"])
    }

    @Test func reluLeakyReluOnSignedInput() throws {
        let seed: UInt64 = 15
        var rng = SeededRNG(seed: seed)
        let x = Self.random(16, &rng)
        try Self.check(
            Self.model([Node(opType: "Relu", name: "relu", inputs: ["x"], outputs: ["y"])], inputShape: [1, 16]),
            input: Tensor(shape: [1, 16], data: x), reference: x.map { max($0, 0) }, bound: 0.5 * Self.ulp, seed: seed)
        let leaky = Node(
            opType: "LeakyRelu", name: "leaky", inputs: ["x"], outputs: ["y"], attributes: ["alpha": .float(0.1)])
        // Bound: input rounding (½ulp·α for x < 0) + α rounding (½ulp·|x|) + final rounding ½ulp ≤ 1.1 ulp for |x| ≤ 1.
        try Self.check(
            Self.model([leaky], inputShape: [1, 16]), input: Tensor(shape: [1, 16], data: x),
            reference: x.map { $0 >= 0 ? $0 : 0.1 * $0 }, bound: 1.1 * Self.ulp, seed: seed)
    }

    @Test func maxPoolAveragePoolGlobalAveragePool() throws {
        let seed: UInt64 = 16
        var rng = SeededRNG(seed: seed)
        let c = 2
        let h = 4
        let w = 4
        let x = Self.random(c * h * w, &rng)
        func pool(_ f: ([Double]) -> Double, k: Int, stride: Int) -> [Double] {
            let oh = (h - k) / stride + 1
            let ow = (w - k) / stride + 1
            var out: [Double] = []
            for ch in 0..<c {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var window: [Double] = []
                        for ky in 0..<k {
                            for kx in 0..<k { window.append(x[(ch * h + oy * stride + ky) * w + ox * stride + kx]) }
                        }
                        out.append(f(window))
                    }
                }
            }
            return out
        }
        let attrs: [String: AttributeValue] = ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2])]
        let input = Tensor(shape: [1, c, h, w], data: x)
        try Self.check(
            Self.model(
                [Node(opType: "MaxPool", name: "max", inputs: ["x"], outputs: ["y"], attributes: attrs)],
                inputShape: [1, c, h, w]),
            input: input, reference: pool({ $0.max()! }, k: 2, stride: 2), bound: 0.5 * Self.ulp, seed: seed)
        // Average: weights 1/4 exact at 2^8; bound ½ulp(input) + ½ulp(rescale).
        let overlapping: [String: AttributeValue] = ["kernel_shape": .ints([3, 3]), "strides": .ints([1, 1])]
        try Self.check(
            Self.model(
                [Node(opType: "AveragePool", name: "avg", inputs: ["x"], outputs: ["y"], attributes: overlapping)],
                inputShape: [1, c, h, w]),
            input: input, reference: pool({ $0.reduce(0, +) / 9 }, k: 3, stride: 1),
            bound: Self.ulp * (0.5 + 0.5 + 0.5 * 9 / 2), seed: seed)
        try Self.check(
            Self.model(
                [Node(opType: "GlobalAveragePool", name: "gap", inputs: ["x"], outputs: ["y"])],
                inputShape: [1, c, h, w]),
            input: input, reference: pool({ $0.reduce(0, +) / 16 }, k: 4, stride: 1), bound: Self.ulp, seed: seed)
    }

    @Test func relabelingsFlattenReshapeTransposeIdentityDropout() throws {
        let seed: UInt64 = 17
        var rng = SeededRNG(seed: seed)
        let x = Self.random(24, &rng)
        let nodes = [
            Node(opType: "Identity", name: "id", inputs: ["x"], outputs: ["a"]),
            Node(
                opType: "Transpose", name: "tr", inputs: ["a"], outputs: ["b"],
                attributes: ["perm": .ints([0, 2, 3, 1])]),
            Node(opType: "Dropout", name: "drop", inputs: ["b"], outputs: ["c"]),
            Node(opType: "Reshape", name: "rs", inputs: ["c", "shape"], outputs: ["d"]),
            Node(opType: "Flatten", name: "fl", inputs: ["d"], outputs: ["e"]),
            Node(opType: "Relu", name: "relu", inputs: ["e"], outputs: ["y"]),
        ]
        let model = Self.model(
            nodes, inputShape: [1, 2, 3, 4],
            constants: ["shape": ConstantTensor(shape: [3], values: [1, -1, 6], elementType: .int64)])
        // NCHW [1,2,3,4] → NHWC [1,3,4,2]: out[(h*4 + w)*2 + c] = x[(c*3 + h)*4 + w].
        var ref: [Double] = []
        for hh in 0..<3 { for ww in 0..<4 { for cc in 0..<2 { ref.append(max(0, x[(cc * 3 + hh) * 4 + ww])) } } }
        let syn = try Self.check(
            model, input: Tensor(shape: [1, 2, 3, 4], data: x), reference: ref, bound: 0.5 * Self.ulp, seed: seed)
        // Only the ReLU costs constraints.
        #expect(syn.spans.filter { $0.op == "relabel" }.allSatisfy { $0.constraints.isEmpty })
        #expect(syn.output.shape == [1, 24])
    }

    /// Sigmoid: 32 segments of 0.5 on [−8, 8): interpolation ≤ max|σ''|·h²/8 = 0.0962·0.25/8 ≈ 0.0031, clamp tail
    /// 1 − σ(8) ≈ 3.4e−4, table and final rounding ≤ 1 ulp, input rounding ≤ ¼·½ulp. Tanh: 32 segments of 0.25
    /// on [−4, 4): 0.770·0.0625/8 ≈ 0.0061, tail 6.7e−4, rounding ≤ 1 ulp, input rounding ≤ ½ulp.
    @Test func sigmoidAndTanhWithinDocumentedBound() throws {
        let seed: UInt64 = 18
        var rng = SeededRNG(seed: seed)
        let x = Self.random(48, &rng, range: -10...10) + [-10, -8, -7.99, 0, 3.999, 4, 8, 10]
        let n = x.count
        let sig = Self.model([Node(opType: "Sigmoid", name: "sig", inputs: ["x"], outputs: ["y"])], inputShape: [1, n])
        try Self.check(
            sig, input: Tensor(shape: [1, n], data: x), reference: x.map { 1 / (1 + Foundation.exp(-$0)) },
            bound: 0.0031 + 3.4e-4 + 1.125 * Self.ulp, range: -10...10, seed: seed)
        let th = Self.model([Node(opType: "Tanh", name: "tanh", inputs: ["x"], outputs: ["y"])], inputShape: [1, n])
        try Self.check(
            th, input: Tensor(shape: [1, n], data: x), reference: x.map { Foundation.tanh($0) },
            bound: 0.0061 + 6.8e-4 + 1.5 * Self.ulp, range: -10...10, seed: seed)
    }

    @Test func argmaxHeadIsProved() throws {
        let seed: UInt64 = 19
        var rng = SeededRNG(seed: seed)
        var x = Self.random(7, &rng)
        x[5] = 0.9
        x[2] = 0.9  // tie: the first maximum wins, as in ONNX (select_last_index = 0)
        let nodes = [
            Node(opType: "Softmax", name: "sm", inputs: ["x"], outputs: ["p"]),
            Node(opType: "ArgMax", name: "am", inputs: ["p"], outputs: ["y"], attributes: ["axis": .int(1)]),
        ]
        let syn = try Self.check(
            Self.model(nodes, inputShape: [1, 7]), input: Tensor(shape: [1, 7], data: x), reference: [2], bound: 0,
            seed: seed)
        #expect(syn.output.argmax == 2)
        #expect(syn.output.integers == [2])
    }

    @Test func finalSoftmaxIsAnUnprovedHead() throws {
        let x: [Double] = [0.5, -0.25, 0.75]
        let nodes = [
            Node(opType: "Identity", name: "id", inputs: ["x"], outputs: ["a"]),
            Node(opType: "Softmax", name: "sm", inputs: ["a"], outputs: ["y"]),
        ]
        let compiled = try ModelCompiler.compile(
            model: Self.model(nodes, inputShape: [1, 3]), options: CompileOptions(scaleBits: 8))
        let out = try compiled.synthesize(input: Tensor(shape: [1, 3], data: x)).output
        #expect(out.values == x)
        let e = x.map { Foundation.exp($0) }
        let ref = e.map { $0 / e.reduce(0, +) }
        #expect(zip(out.unprovedProbabilities!, ref).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(compiled.report.notes.contains { $0.contains("NOT proved") })
    }
}
