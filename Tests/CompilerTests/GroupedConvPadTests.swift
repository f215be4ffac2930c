import Compiler
import Foundation
import TestSupport
import Testing

/// Grouped/depthwise Conv and Pad (issue 12), each checked three ways by `OpTests.check`: within the documented
/// bound of a naive float reference written here, circuit outputs == executor outputs, perturbation breaks a
/// constraint. Plus the refusals (one-line errors naming op, node and attribute).
@Suite struct GroupedConvPadTests {
    static let ulp = OpTests.ulp

    /// Rounding bound of one rescaled linear layer: ½ulp per rounded weight times Σ|x| (≤ taps·max|x|), ½ulp per
    /// rounded input times Σ|w|, ½ulp for the bias and ½ulp for the final rescale.
    static func linearBound(weights: [Double], perOutput: Int, taps: Int, maxInput: Double) -> Double {
        var worst = 0.0
        for o in 0..<(weights.count / perOutput) {
            worst = max(worst, weights[(o * perOutput)..<((o + 1) * perOutput)].reduce(0) { $0 + abs($1) })
        }
        return 0.5 * ulp * (worst + Double(taps) * maxInput + 2) + 0.5 * ulp * ulp * Double(taps + 1)
    }

    @Test(arguments: [
        (c: 3, o: 3, groups: 3, stride: 2, pad: 1), (c: 4, o: 6, groups: 2, stride: 1, pad: 0),
        (c: 4, o: 8, groups: 4, stride: 1, pad: 1),
    ])
    func groupedConvolution(c: Int, o: Int, groups: Int, stride: Int, pad: Int) throws {
        let seed = UInt64(30 + c * 7 + o * 3 + groups)
        var rng = SeededRNG(seed: seed)
        let h = 5
        let w = 5
        let cg = c / groups
        let x = OpTests.random(c * h * w, &rng)
        let k = OpTests.random(o * cg * 9, &rng, range: -0.5...0.5)
        let b = OpTests.random(o, &rng)
        let conv = Node(
            opType: "Conv", name: "dw", inputs: ["x", "K", "b"], outputs: ["y"],
            attributes: [
                "kernel_shape": .ints([3, 3]), "strides": .ints([Int64(stride), Int64(stride)]),
                "pads": .ints(Array(repeating: Int64(pad), count: 4)),
                "group": .int(Int64(groups)),
            ])
        let model = OpTests.model(
            [conv], inputShape: [1, c, h, w],
            constants: [
                "K": ConstantTensor(shape: [o, cg, 3, 3], values: k), "b": ConstantTensor(shape: [o], values: b),
            ])
        let ref = OpTests.conv(
            x, c: c, h: h, w: w, k, o: o, groups: groups, kh: 3, kw: 3, bias: b,
            stride: stride, pad: pad)
        let bound = Self.linearBound(weights: k, perOutput: cg * 9, taps: cg * 9, maxInput: x.map(abs).max()!)
        let syn = try OpTests.check(
            model, input: Tensor(shape: [1, c, h, w], data: x), reference: ref, bound: bound,
            seed: seed)
        #expect(syn.spans.map(\.op).contains("grouped-conv"))
    }

    /// MobileNet block: depthwise conv → BatchNorm (folded into the grouped conv) → Clip(0, 6) → pointwise conv.
    @Test func depthwiseSeparableBlockWithBatchNormAndRelu6() throws {
        let seed: UInt64 = 41
        var rng = SeededRNG(seed: seed)
        let c = 4
        let h = 6
        let w = 6
        let o = 5
        let x = OpTests.random(c * h * w, &rng)
        let dk = OpTests.random(c * 9, &rng, range: -0.6...0.6)
        let pk = OpTests.random(o * c, &rng, range: -0.5...0.5)
        let pb = OpTests.random(o, &rng)
        let gamma = OpTests.random(c, &rng, range: 0.5...1.5)
        let beta = OpTests.random(c, &rng)
        let mean = OpTests.random(c, &rng)
        let variance = OpTests.random(c, &rng, range: 0.5...2)
        let nodes = [
            Node(
                opType: "Conv", name: "dw", inputs: ["x", "DK"], outputs: ["d"],
                attributes: ["kernel_shape": .ints([3, 3]), "pads": .ints([1, 1, 1, 1]), "group": .int(Int64(c))]),
            Node(opType: "BatchNormalization", name: "bn", inputs: ["d", "g", "be", "m", "v"], outputs: ["n"]),
            Node(opType: "Clip", name: "relu6", inputs: ["n", "lo", "hi"], outputs: ["r"]),
            Node(
                opType: "Conv", name: "pw", inputs: ["r", "PK", "pb"], outputs: ["y"],
                attributes: ["kernel_shape": .ints([1, 1])]),
        ]
        let model = OpTests.model(
            nodes, inputShape: [1, c, h, w],
            constants: [
                "DK": ConstantTensor(shape: [c, 1, 3, 3], values: dk),
                "PK": ConstantTensor(shape: [o, c, 1, 1], values: pk),
                "pb": ConstantTensor(shape: [o], values: pb), "g": ConstantTensor(shape: [c], values: gamma),
                "be": ConstantTensor(shape: [c], values: beta), "m": ConstantTensor(shape: [c], values: mean),
                "v": ConstantTensor(shape: [c], values: variance), "lo": ConstantTensor(shape: [], values: [0]),
                "hi": ConstantTensor(shape: [], values: [6]),
            ])
        let d = OpTests.conv(
            x, c: c, h: h, w: w, dk, o: c, groups: c, kh: 3, kw: 3,
            bias: Array(repeating: 0, count: c), stride: 1, pad: 1)
        let a = (0..<c).map { gamma[$0] / (variance[$0] + 1e-5).squareRoot() }
        let r = d.enumerated().map { i, v in
            min(max(a[i / (h * w)] * (v - mean[i / (h * w)]) + beta[i / (h * w)], 0), 6)
        }
        let ref = OpTests.conv(r, c: c, h: h, w: w, pk, o: o, kh: 1, kw: 1, bias: pb, stride: 1, pad: 0)
        // Stage 1 (folded a·K) error e1 ≤ linearBound; stage 2 adds Σ|pk|·e1 and its own rounding.
        let folded = (0..<(c * 9)).map { dk[$0] * a[$0 / 9] }
        let e1 = Self.linearBound(weights: folded, perOutput: 9, taps: 9, maxInput: 1)
        let maxR = r.map(abs).max()!
        let pkSum = (0..<o).map { oc in pk[(oc * c)..<((oc + 1) * c)].reduce(0) { $0 + abs($1) } }.max()!
        let bound = pkSum * e1 + Self.linearBound(weights: pk, perOutput: c, taps: c, maxInput: maxR + e1)
        try OpTests.check(model, input: Tensor(shape: [1, c, h, w], data: x), reference: ref, bound: bound, seed: seed)
    }

    /// Naive Pad of an NCHW tensor on H and W (begin/end per axis), the given mode.
    static func pad(
        _ x: [Double], c: Int, h: Int, w: Int, top: Int, left: Int, bottom: Int, right: Int,
        mode: String
    ) -> [Double] {
        func source(_ i: Int, _ n: Int) -> Int? {
            if i >= 0 && i < n { return i }
            switch mode {
            case "reflect": return i < 0 ? -i : 2 * (n - 1) - i
            case "edge": return min(max(i, 0), n - 1)
            case "wrap": return (i % n + n) % n
            default: return nil
            }
        }
        var out: [Double] = []
        for ch in 0..<c {
            for y in 0..<(h + top + bottom) {
                for xx in 0..<(w + left + right) {
                    if let sy = source(y - top, h), let sx = source(xx - left, w) {
                        out.append(x[(ch * h + sy) * w + sx])
                    } else {
                        out.append(0)
                    }
                }
            }
        }
        return out
    }

    @Test(arguments: ["constant", "reflect", "edge", "wrap"])
    func padModesThenConv(mode: String) throws {
        let seed: UInt64 = 50 + UInt64(mode.count)
        var rng = SeededRNG(seed: seed)
        let c = 2
        let h = 4
        let w = 5
        let o = 3
        let x = OpTests.random(c * h * w, &rng)
        let k = OpTests.random(o * c * 9, &rng, range: -0.4...0.4)
        let b = OpTests.random(o, &rng)
        // pads [N, C, H, W begin…, N, C, H, W end…] as opset ≥ 11 passes them (an input).
        let pads: [Double] = [0, 0, 1, 2, 0, 0, 2, 1]
        let nodes = [
            Node(
                opType: "Pad", name: "pad", inputs: ["x", "pads"], outputs: ["p"],
                attributes: ["mode": .string(mode)]),
            Node(
                opType: "Conv", name: "conv", inputs: ["p", "K", "b"], outputs: ["y"],
                attributes: ["kernel_shape": .ints([3, 3])]),
        ]
        let model = OpTests.model(
            nodes, inputShape: [1, c, h, w],
            constants: [
                "pads": ConstantTensor(shape: [8], values: pads, elementType: .int64),
                "K": ConstantTensor(shape: [o, c, 3, 3], values: k), "b": ConstantTensor(shape: [o], values: b),
            ])
        let padded = Self.pad(x, c: c, h: h, w: w, top: 1, left: 2, bottom: 2, right: 1, mode: mode)
        let ref = OpTests.conv(padded, c: c, h: h + 3, w: w + 3, k, o: o, kh: 3, kw: 3, bias: b, stride: 1, pad: 0)
        let bound = Self.linearBound(weights: k, perOutput: c * 9, taps: c * 9, maxInput: 1)
        let syn = try OpTests.check(
            model, input: Tensor(shape: [1, c, h, w], data: x), reference: ref, bound: bound,
            seed: seed)
        #expect(syn.spans.map(\.op).contains("relabel"))
    }

    /// A zero-padded tensor as the model output: the padding is the constant 0 in the circuit (exact).
    @Test func zeroPadAsOutputAndOpset2Attributes() throws {
        let seed: UInt64 = 60
        var rng = SeededRNG(seed: seed)
        let x = OpTests.random(6, &rng)
        let pad = Node(
            opType: "Pad", name: "pad", inputs: ["x"], outputs: ["y"],
            attributes: ["pads": .ints([0, 1, 0, 2]), "mode": .string("constant")])
        var model = OpTests.model([pad], inputShape: [2, 3])
        model.opsetVersion = 9
        let q = x.map { ($0 * Double(1 << OpTests.s)).rounded() / Double(1 << OpTests.s) }
        let ref: [Double] = [0, q[0], q[1], q[2], 0, 0, 0, q[3], q[4], q[5], 0, 0]
        try OpTests.check(model, input: Tensor(shape: [2, 3], data: x), reference: ref, bound: 1e-12, seed: seed)
    }

    /// Negative pads crop (here the last column and the first row, with axes given). The cropped input elements
    /// feed nothing, so the perturbation sweep of `OpTests.check` does not apply; the rest is checked directly.
    @Test func negativePadsCrop() throws {
        let seed: UInt64 = 61
        var rng = SeededRNG(seed: seed)
        let x = OpTests.random(12, &rng)
        let pad = Node(opType: "Pad", name: "pad", inputs: ["x", "pads", "", "axes"], outputs: ["y"])
        var model = OpTests.model(
            [pad], inputShape: [3, 4],
            constants: [
                "pads": ConstantTensor(shape: [4], values: [-1, 1, 0, -1], elementType: .int64),
                "axes": ConstantTensor(shape: [2], values: [0, -1], elementType: .int64),
            ])
        model.opsetVersion = 18
        let input = Tensor(shape: [3, 4], data: x)
        let compiled = try ModelCompiler.compile(
            model: model, options: CompileOptions(scaleBits: OpTests.s, sampleInput: input))
        let syn = try compiled.synthesize(input: input)
        #expect(syn.r1cs.isSatisfied(by: syn.witness) == nil)
        let q = x.map { ($0 * Double(1 << OpTests.s)).rounded() / Double(1 << OpTests.s) }
        #expect(syn.output.shape == [2, 4])
        let expected: [Double] = [0, q[4], q[5], q[6], 0, q[8], q[9], q[10]]
        #expect(syn.output.values == expected)
        let n = syn.output.integers.count
        #expect(syn.publicSignals.prefix(n).map { CompiledModel.signedInteger($0)! } == syn.output.integers)
        #expect(perturbed(syn, at: 2) != nil, "a changed output must break the circuit")
    }

    @Test func refusals() throws {
        func compile(_ nodes: [Node], _ shape: [Int], _ constants: [String: ConstantTensor]) -> String {
            do {
                _ = try ModelCompiler.compile(model: OpTests.model(nodes, inputShape: shape, constants: constants))
                return "accepted"
            } catch { return error.description }
        }
        let k = ConstantTensor(shape: [6, 2, 3, 3], values: Array(repeating: 0.1, count: 108))
        let conv = { (g: Int64) in
            Node(
                opType: "Conv", name: "c", inputs: ["x", "K"], outputs: ["y"],
                attributes: ["group": .int(g), "kernel_shape": .ints([3, 3])])
        }
        #expect(compile([conv(3)], [1, 4, 5, 5], ["K": k]).contains("group 3 does not divide the 4 input channels"))
        #expect(compile([conv(0)], [1, 4, 5, 5], ["K": k]).contains("group 0 does not divide"))
        #expect(compile([conv(2)], [1, 4, 5, 5], ["K": k]) == "accepted")
        let k5 = ConstantTensor(shape: [5, 2, 3, 3], values: Array(repeating: 0.1, count: 90))
        #expect(compile([conv(2)], [1, 4, 5, 5], ["K": k5]).contains("does not divide the 5 output channels"))
        let kBad = ConstantTensor(shape: [6, 4, 3, 3], values: Array(repeating: 0.1, count: 216))
        #expect(compile([conv(2)], [1, 4, 5, 5], ["K": kBad]).contains("shape"))

        let pads = ConstantTensor(shape: [4], values: [0, 3, 0, 3], elementType: .int64)
        let value = ConstantTensor(shape: [], values: [1.5])
        let padNode = { (mode: String, inputs: [String]) in
            Node(opType: "Pad", name: "p", inputs: inputs, outputs: ["y"], attributes: ["mode": .string(mode)])
        }
        let constants = ["pads": pads, "v": value]
        #expect(
            compile([padNode("constant", ["x", "pads", "v"])], [2, 3], constants)
                .contains("only 0 can pad a computed tensor"))
        #expect(compile([padNode("reflect", ["x", "pads"])], [2, 3], constants).contains("reflect padding by 3"))
        #expect(compile([padNode("wrap", ["x", "pads"])], [2, 3], constants) == "accepted")
        #expect(compile([padNode("mirror", ["x", "pads"])], [2, 3], constants).contains("unknown mode 'mirror'"))
        let crop = ConstantTensor(shape: [4], values: [0, -3, 0, 0], elementType: .int64)
        #expect(compile([padNode("constant", ["x", "pads"])], [2, 3], ["pads": crop]).contains("shape"))
        let odd = ConstantTensor(shape: [3], values: [0, 1, 0], elementType: .int64)
        #expect(compile([padNode("constant", ["x", "pads"])], [2, 3], ["pads": odd]).contains("4 pads"))
    }
}
