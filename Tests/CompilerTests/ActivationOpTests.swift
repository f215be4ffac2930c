import Compiler
import Foundation
import TestSupport
import Testing

/// Clip (ReLU6), HardSigmoid, HardSwish, Erf and Gelu (both export forms), at s = 10 on grid inputs; bounds as
/// documented in README.md ("Error bounds") and `TableFunction`.
@Suite struct ActivationOpTests {
    static let s = 10
    static var u: Double { 1 / Double(1 << s) }
    static func grid(_ v: [Double]) -> [Double] { v.map { ($0 / u).rounded() * u } }
    static func inputs(_ seed: UInt64) -> [Double] {
        var rng = SeededRNG(seed: seed)
        return grid(OpTests.random(40, &rng, range: -4...4) + [-4, -3, 0, 3, 3.5, 6 / 4])
    }

    static func run(
        _ nodes: [Node], _ x: [Double], _ ref: [Double], bound: Double, seed: UInt64,
        constants: [String: ConstantTensor] = [:], opset: Int = 13
    ) throws -> Synthesis {
        var model = OpTests.model(nodes, inputShape: [1, x.count], constants: constants)
        model.opsetVersion = opset
        return try OpTests.check(
            model, input: Tensor(shape: [1, x.count], data: x), reference: ref, bound: bound,
            range: -4...4, scaleBits: Self.s, seed: seed)
    }

    @Test func clipAsRelu6AndLegacyAttributes() throws {
        let x = Self.inputs(61).map { $0 * 2 }
        let relu6 = [Node(opType: "Clip", name: "relu6", inputs: ["x", "zero", "six"], outputs: ["y"])]
        var model = OpTests.model(
            relu6, inputShape: [1, x.count],
            constants: [
                "zero": ConstantTensor(shape: [], values: [0]), "six": ConstantTensor(shape: [], values: [6]),
            ])
        model.opsetVersion = 13
        try OpTests.check(
            model, input: Tensor(shape: [1, x.count], data: x), reference: x.map { min(max($0, 0), 6) },
            bound: 1e-12, range: -8...8, scaleBits: Self.s, seed: 61)
        let legacy = [
            Node(
                opType: "Clip", name: "clip", inputs: ["x"], outputs: ["y"],
                attributes: ["min": .float(-1), "max": .float(2)])
        ]
        let y = Self.inputs(62)
        _ = try Self.run(legacy, y, y.map { min(max($0, -1), 2) }, bound: 1e-12, seed: 62, opset: 9)
    }

    @Test func hardSigmoidAndHardSwish() throws {
        let x = Self.inputs(63)
        let hs = [Node(opType: "HardSigmoid", name: "hs", inputs: ["x"], outputs: ["y"])]
        _ = try Self.run(hs, x, x.map { max(0, min(1, 0.2 * $0 + 0.5)) }, bound: 0.5 * Self.u * 5 + 1e-9, seed: 63)
        let hw = [Node(opType: "HardSwish", name: "hw", inputs: ["x"], outputs: ["y"])]
        // HardSwish of grid inputs is the exact h(q) rounded once: ½u.
        let syn = try Self.run(
            hw, x, x.map { $0 * max(0, min(1, $0 / 6 + 0.5)) }, bound: 0.5 * Self.u + 1e-12, seed: 64)
        #expect(syn.spans.contains { $0.op == "hard-swish" })
    }

    /// Every grid point of [−4, 4) at s = 6 (all branches and both sides of the minimum at −1.5): HardSwish is h(q)
    /// rounded once, so |error| ≤ ½u, and the static bound holds for each (the executor checks it).
    @Test func hardSwishEveryGridPoint() throws {
        let x = (-256..<256).map { Double($0) / 64 }
        var model = OpTests.model(
            [Node(opType: "HardSwish", name: "hw", inputs: ["x"], outputs: ["y"])], inputShape: [1, x.count])
        model.opsetVersion = 14
        try OpTests.check(
            model, input: Tensor(shape: [1, x.count], data: x), reference: x.map { $0 * min(max($0 + 3, 0), 6) / 6 },
            bound: 0.5 / 64 + 1e-12, range: -4...4, scaleBits: 6, seed: 70)
    }

    /// MatMul + Add followed by HardSwish, ReLU6 (Clip 0…6) or HardSigmoid: the rescale is fused with the activation
    /// (`rescale+clip`, `hard-swish` layers; HardSigmoid's affine step folds into the MatMul). Pre-activations span
    /// every branch (below −3, between, above 3 and 6). Bounds: the dense bound e (weight, input, bias and rescale
    /// rounding); clip is 1-Lipschitz, HardSwish 1.5-Lipschitz plus its own ½u.
    @Test func fusedRescaleClipAndHardSwish() throws {
        var rng = SeededRNG(seed: 69)
        let (k, n) = (6, 48)
        let x = Self.grid(OpTests.random(k, &rng))
        let w = Self.grid(OpTests.random(k * n, &rng, range: -2.5...2.5))
        let bias = Self.grid(OpTests.random(n, &rng, range: -2...2))
        func linearBound(_ w: [Double]) -> Double {
            let worst = (0..<n).map { o in (0..<k).reduce(0.0) { $0 + abs(w[$1 * n + o]) } }.max()!
            return 0.5 * Self.u * (worst + x.reduce(0) { $0 + abs($1) } + 1) + 0.5 * Self.u * Self.u * Double(k + 1)
        }
        let z = (0..<n).map { o in bias[o] + (0..<k).reduce(0.0) { $0 + w[$1 * n + o] * x[$1] } }
        #expect(z.min()! < -3 && z.max()! > 6, "the pre-activations cover every branch")
        let constants = [
            "W": ConstantTensor(shape: [k, n], values: w), "b": ConstantTensor(shape: [n], values: bias),
            "zero": ConstantTensor(shape: [], values: [0]), "six": ConstantTensor(shape: [], values: [6]),
        ]
        let cases: [(Node, [Double], Double, String)] = [
            (
                Node(opType: "HardSwish", name: "act", inputs: ["z"], outputs: ["y"]),
                z.map { $0 * min(max($0 + 3, 0), 6) / 6 }, 1.5 * linearBound(w) + 0.5 * Self.u, "hard-swish"
            ),
            (
                Node(opType: "Clip", name: "act", inputs: ["z", "zero", "six"], outputs: ["y"]),
                z.map { min(max($0, 0), 6) }, linearBound(w), "rescale+clip"
            ),
            (
                Node(opType: "HardSigmoid", name: "act", inputs: ["z"], outputs: ["y"]),
                z.map { min(max(0.2 * $0 + 0.5, 0), 1) }, linearBound(w.map { 0.2 * $0 }) + 0.5 * Self.u * Self.u,
                "rescale+clip"
            ),
        ]
        for (act, reference, bound, op) in cases {
            let nodes = [
                Node(opType: "MatMul", name: "mm", inputs: ["x", "W"], outputs: ["m"]),
                Node(opType: "Add", name: "add", inputs: ["m", "b"], outputs: ["z"]), act,
            ]
            var model = OpTests.model(nodes, inputShape: [1, k], constants: constants)
            model.opsetVersion = 13
            let syn = try OpTests.check(
                model, input: Tensor(shape: [1, k], data: x), reference: reference, bound: bound, range: -1...1,
                scaleBits: Self.s, seed: 69)
            #expect(
                syn.spans.map(\.op).filter { $0 != "input(public)" && $0 != "bind public outputs" } == ["dense", op])
        }
    }

    @Test func erfTable() throws {
        let x = Self.inputs(65)
        _ = try Self.run(
            [Node(opType: "Erf", name: "erf", inputs: ["x"], outputs: ["y"])], x, x.map { Foundation.erf($0) },
            bound: 4.7e-4 + Self.u, seed: 65)
    }

    static func gelu(_ x: Double) -> Double { 0.5 * x * (1 + Foundation.erf(x / Double(2).squareRoot())) }

    /// Gelu op (opset 20) in both forms: |x|·(table error + u) + ½u.
    @Test func geluOpExactAndTanh() throws {
        let x = Self.inputs(66)
        let exact = [Node(opType: "Gelu", name: "gelu", inputs: ["x"], outputs: ["y"])]
        _ = try Self.run(exact, x, x.map(Self.gelu), bound: 4 * (1.2e-4 + Self.u) + 0.5 * Self.u, seed: 66, opset: 20)
        let tanhForm = [
            Node(
                opType: "Gelu", name: "gelu", inputs: ["x"], outputs: ["y"],
                attributes: ["approximate": .string("tanh")])
        ]
        let ref = x.map {
            0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0)))
        }
        _ = try Self.run(tanhForm, x, ref, bound: 4 * (1.3e-4 + Self.u) + 0.5 * Self.u, seed: 67, opset: 20)
    }

    /// GELU as torch exports it below opset 20: Div(x, √2) → Erf → Add 1 → Mul x → Mul 0.5.
    @Test func geluDecomposedErfForm() throws {
        let x = Self.inputs(68)
        let nodes = [
            Node(opType: "Div", name: "div", inputs: ["x", "sqrt2"], outputs: ["a"]),
            Node(opType: "Erf", name: "erf", inputs: ["a"], outputs: ["b"]),
            Node(opType: "Add", name: "add", inputs: ["b", "one"], outputs: ["c"]),
            Node(opType: "Mul", name: "mul", inputs: ["x", "c"], outputs: ["d"]),
            Node(opType: "Mul", name: "half", inputs: ["d", "h"], outputs: ["y"]),
        ]
        let constants = [
            "sqrt2": ConstantTensor(shape: [], values: [Double(2).squareRoot()]),
            "one": ConstantTensor(shape: [], values: [1]),
            "h": ConstantTensor(shape: [], values: [0.5]),
        ]
        let bound = 0.5 * 4 * (1.13 * Self.u * 2.5 + 4.7e-4 + Self.u) + Self.u
        _ = try Self.run(nodes, x, x.map(Self.gelu), bound: bound, seed: 68, constants: constants)
    }
}
