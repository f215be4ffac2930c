import Compiler
import Foundation
import TestSupport
import Testing

/// Activation × activation products (`ProductGeometry`): MatMul of two computed tensors with batch
/// broadcasting, and Mul of two tensors with broadcasting. Inputs and weights lie on the 2^−s grid, so the
/// only error is the documented rounding of the rescale after each product (½u), plus propagated errors.
@Suite struct ProductOpTests {
    static let s = OpTests.s
    static var u: Double { OpTests.ulp }

    /// Values rounded to the 2^−s grid (exactly representable, so quantization adds no error).
    static func grid(_ v: [Double]) -> [Double] { v.map { ($0 / u).rounded() * u } }

    /// Attention scores: Q·Kᵀ per head, Q = K = the input [1, 2, 3, 4] (2 heads, 3 tokens, 4 dims); one
    /// constraint per product term (2·3·3·4 = 72) and an exact result up to the rescale's ½u.
    @Test func matMulOfTwoActivations() throws {
        let seed: UInt64 = 31
        var rng = SeededRNG(seed: seed)
        let x = Self.grid(OpTests.random(24, &rng))
        let nodes = [
            Node(
                opType: "Transpose", name: "kT", inputs: ["x"], outputs: ["kT"],
                attributes: ["perm": .ints([0, 1, 3, 2])]),
            Node(opType: "MatMul", name: "scores", inputs: ["x", "kT"], outputs: ["y"]),
        ]
        var ref: [Double] = []
        for h in 0..<2 {
            for i in 0..<3 {
                for j in 0..<3 {
                    var acc = 0.0
                    for t in 0..<4 { acc += x[(h * 3 + i) * 4 + t] * x[(h * 3 + j) * 4 + t] }
                    ref.append(acc)
                }
            }
        }
        let syn = try OpTests.check(
            OpTests.model(nodes, inputShape: [1, 2, 3, 4]), input: Tensor(shape: [1, 2, 3, 4], data: x),
            reference: ref, bound: 0.5 * Self.u, seed: seed)
        #expect(syn.output.shape == [1, 2, 3, 3])
        #expect(syn.spans.first { $0.op == "matmul" }?.constraints.count == 72)
    }

    /// Batch broadcasting: A [2, 3, 2] (computed) times B [2, 2] (computed, broadcast over the batch).
    @Test func matMulBroadcastsBatchDimensions() throws {
        let seed: UInt64 = 32
        var rng = SeededRNG(seed: seed)
        let x = Self.grid(OpTests.random(12, &rng))
        let a = x
        let r = x.map { max($0, 0) }
        // A = x as [2, 3, 2] times B = relu(x) as [6, 2], transposed to [2, 6] (broadcast over the batch of 2).
        let nodes = [
            Node(opType: "Reshape", name: "a", inputs: ["x", "shapeA"], outputs: ["a"]),
            Node(opType: "Relu", name: "r", inputs: ["x"], outputs: ["r"]),
            Node(opType: "Reshape", name: "rs", inputs: ["r", "shapeR"], outputs: ["rr"]),
            Node(opType: "Transpose", name: "b", inputs: ["rr"], outputs: ["b"], attributes: ["perm": .ints([1, 0])]),
            Node(opType: "MatMul", name: "mm", inputs: ["a", "b"], outputs: ["y"]),
        ]
        let model = OpTests.model(
            nodes, inputShape: [1, 12],
            constants: [
                "shapeA": ConstantTensor(shape: [3], values: [2, 3, 2], elementType: .int64),
                "shapeR": ConstantTensor(shape: [2], values: [6, 2], elementType: .int64),
            ])
        var ref: [Double] = []
        for bt in 0..<2 {
            for i in 0..<3 {
                for j in 0..<6 {
                    ref.append(a[(bt * 3 + i) * 2] * r[j * 2] + a[(bt * 3 + i) * 2 + 1] * r[j * 2 + 1])
                }
            }
        }
        let syn = try OpTests.check(
            model, input: Tensor(shape: [1, 12], data: x), reference: ref, bound: 0.5 * Self.u, seed: seed)
        #expect(syn.output.shape == [2, 3, 6])
    }

    /// Mul of two tensors with broadcasting: x [1, 4] times (x·w) [1, 1]; and x ⊙ x.
    @Test func mulOfTwoTensors() throws {
        let seed: UInt64 = 33
        var rng = SeededRNG(seed: seed)
        let x = Self.grid(OpTests.random(4, &rng))
        let w = Self.grid(OpTests.random(4, &rng, range: -0.5...0.5))
        let nodes = [
            Node(opType: "MatMul", name: "dot", inputs: ["x", "W"], outputs: ["d"]),
            Node(opType: "Mul", name: "scaled", inputs: ["x", "d"], outputs: ["y"]),
        ]
        let model = OpTests.model(
            nodes, inputShape: [1, 4], constants: ["W": ConstantTensor(shape: [4, 1], values: w)])
        let d = zip(x, w).map { $0 * $1 }.reduce(0, +)
        // The dot product is exact before its rescale (½u); that error times |x| ≤ 1, plus the product's ½u.
        try OpTests.check(
            model, input: Tensor(shape: [1, 4], data: x), reference: x.map { $0 * d }, bound: Self.u, seed: seed)
        let square = OpTests.model(
            [Node(opType: "Mul", name: "sq", inputs: ["x", "x"], outputs: ["y"])], inputShape: [1, 4])
        let syn = try OpTests.check(
            square, input: Tensor(shape: [1, 4], data: x), reference: x.map { $0 * $0 },
            bound: 0.5 * Self.u, seed: seed)
        #expect(syn.spans.first { $0.op == "mul" }?.constraints.count == 4)
    }

    @Test func incompatibleShapesAreRejected() throws {
        let nodes = [
            Node(opType: "Reshape", name: "a", inputs: ["x", "shapeA"], outputs: ["a"]),
            Node(opType: "MatMul", name: "mm", inputs: ["a", "a"], outputs: ["y"]),
        ]
        let model = OpTests.model(
            nodes, inputShape: [1, 6],
            constants: [
                "shapeA": ConstantTensor(shape: [2], values: [2, 3], elementType: .int64)
            ])
        #expect(throws: CompilerError.shapeMismatch(node: "mm", expected: [2, 3], got: [2, 3])) {
            try ModelCompiler.compile(model: model, options: CompileOptions(scaleBits: 8))
        }
    }

    /// MatMul of a [1, 3, 4] activation by constant weights [4, 2] (a projection applied to each token) followed by
    /// a bias Add: one `denseRows` layer with the bias folded in, one rescale per output.
    @Test func matMulOfRowsByConstantWeights() throws {
        let seed: UInt64 = 34
        var rng = SeededRNG(seed: seed)
        let x = Self.grid(OpTests.random(12, &rng))
        let w = Self.grid(OpTests.random(8, &rng))
        let bias = Self.grid(OpTests.random(2, &rng))
        let nodes = [
            Node(opType: "MatMul", name: "proj", inputs: ["x", "W"], outputs: ["p"]),
            Node(opType: "Add", name: "bias", inputs: ["p", "b"], outputs: ["y"]),
        ]
        let model = OpTests.model(
            nodes, inputShape: [1, 3, 4],
            constants: [
                "W": ConstantTensor(shape: [4, 2], values: w), "b": ConstantTensor(shape: [2], values: bias),
            ])
        var ref: [Double] = []
        for r in 0..<3 {
            for o in 0..<2 { ref.append(bias[o] + (0..<4).map { x[r * 4 + $0] * w[$0 * 2 + o] }.reduce(0, +)) }
        }
        let syn = try OpTests.check(
            model, input: Tensor(shape: [1, 3, 4], data: x), reference: ref, bound: 0.5 * Self.u, seed: seed)
        #expect(syn.output.shape == [1, 3, 2])
        #expect(syn.spans.map(\.op) == ["input(public)", "dense", "rescale", "bind public outputs"])
    }
}
