import Compiler
import Foundation
import TestSupport
import Testing

/// Slice/Gather with constant indices (free relabelings) and ReduceSum/ReduceMean/ReduceMax over constant axes.
@Suite struct SelectReduceOpTests {
    static let s = OpTests.s
    static var u: Double { OpTests.ulp }
    static func grid(_ v: [Double]) -> [Double] { v.map { ($0 / u).rounded() * u } }

    /// x[:, -1, :] by Gather (axis 1, index −1) and by Slice (starts −1, ends 2^62), and a strided reversed Slice;
    /// each followed by a Relu; the selections cost 0 constraints. The input is private (range-checked): the
    /// dropped elements of a public input would be unconstrained public signals, as they do not affect the output.
    @Test func lastTokenAndStridedSlices() throws {
        let seed: UInt64 = 71
        var rng = SeededRNG(seed: seed)
        let x = Self.grid(OpTests.random(12, &rng))
        let gather = [
            Node(opType: "Gather", name: "last", inputs: ["x", "i"], outputs: ["g"], attributes: ["axis": .int(1)]),
            Node(opType: "Relu", name: "r", inputs: ["g"], outputs: ["y"]),
        ]
        let last = (8..<12).map { max(x[$0], 0) }
        let syn = try OpTests.check(
            OpTests.model(
                gather, inputShape: [1, 3, 4],
                constants: ["i": ConstantTensor(shape: [], values: [-1], elementType: .int64)]),
            input: Tensor(shape: [1, 3, 4], data: x), reference: last, bound: 0, visibility: .private, seed: seed)
        #expect(syn.output.shape == [1, 4])
        #expect(syn.spans.filter { $0.op == "relabel" }.allSatisfy { $0.constraints.isEmpty })
        let slice = [
            Node(opType: "Slice", name: "last", inputs: ["x", "st", "en", "ax"], outputs: ["g"]),
            Node(opType: "Relu", name: "r", inputs: ["g"], outputs: ["y"]),
        ]
        let big = Double(Int64.max)
        try OpTests.check(
            OpTests.model(
                slice, inputShape: [1, 3, 4],
                constants: [
                    "st": ConstantTensor(shape: [1], values: [-1], elementType: .int64),
                    "en": ConstantTensor(shape: [1], values: [big], elementType: .int64),
                    "ax": ConstantTensor(shape: [1], values: [1], elementType: .int64),
                ]),
            input: Tensor(shape: [1, 3, 4], data: x), reference: last, bound: 0, visibility: .private, seed: seed)
        // x[:, ::-2, 1:3] → rows 2, 0; columns 1, 2.
        let strided = [
            Node(opType: "Slice", name: "s", inputs: ["x", "st", "en", "ax", "sp"], outputs: ["g"]),
            Node(opType: "Relu", name: "r", inputs: ["g"], outputs: ["y"]),
        ]
        let ref: [Double] = [x[9], x[10], x[1], x[2]].map { max($0, 0) }
        try OpTests.check(
            OpTests.model(
                strided, inputShape: [1, 3, 4],
                constants: [
                    "st": ConstantTensor(shape: [2], values: [-1, 1], elementType: .int64),
                    "en": ConstantTensor(shape: [2], values: [-big, 3], elementType: .int64),
                    "ax": ConstantTensor(shape: [2], values: [1, 2], elementType: .int64),
                    "sp": ConstantTensor(shape: [2], values: [-2, 1], elementType: .int64),
                ]),
            input: Tensor(shape: [1, 3, 4], data: x), reference: ref, bound: 0, visibility: .private, seed: seed)
    }

    @Test func gatherWithComputedIndicesIsRejected() throws {
        let nodes = [Node(opType: "Gather", name: "emb", inputs: ["E", "x"], outputs: ["y"])]
        let model = OpTests.model(
            nodes, inputShape: [1, 4], constants: ["E": ConstantTensor(shape: [3, 2], values: [1, 2, 3, 4, 5, 6])])
        #expect(throws: CompilerError.self) {
            try ModelCompiler.compile(model: model, options: CompileOptions(scaleBits: 8))
        }
    }

    /// Mean pooling over tokens (axis 1 of [1, 3, 4], keepdims 0), a sum over the last axis (opset 13 input axes),
    /// and a max over axis 1 (keepdims 1).
    @Test func reduceSumMeanMax() throws {
        let seed: UInt64 = 72
        var rng = SeededRNG(seed: seed)
        let x = Self.grid(OpTests.random(12, &rng))
        let mean = [
            Node(
                opType: "ReduceMean", name: "mean", inputs: ["x"], outputs: ["y"],
                attributes: ["axes": .ints([1]), "keepdims": .int(0)])
        ]
        var meanRef: [Double] = []
        for j in 0..<4 { meanRef.append((x[j] + x[4 + j] + x[8 + j]) / 3) }
        // 1/3 rounded at 2^8: |1/3 − 85/256| ≤ 1.3e−3 per unit of Σ|x| ≤ 3; plus the rescale's ½u.
        let syn = try OpTests.check(
            OpTests.model(mean, inputShape: [1, 3, 4]), input: Tensor(shape: [1, 3, 4], data: x),
            reference: meanRef, bound: 3 * 1.31e-3 + 0.5 * Self.u, seed: seed)
        #expect(syn.output.shape == [1, 4])
        let sum = [Node(opType: "ReduceSum", name: "sum", inputs: ["x", "axes"], outputs: ["y"])]
        var sumRef: [Double] = []
        for r in 0..<3 { sumRef.append(x[r * 4] + x[r * 4 + 1] + x[r * 4 + 2] + x[r * 4 + 3]) }
        let sumSyn = try OpTests.check(
            OpTests.model(
                sum, inputShape: [1, 3, 4],
                constants: ["axes": ConstantTensor(shape: [1], values: [-1], elementType: .int64)]),
            input: Tensor(shape: [1, 3, 4], data: x), reference: sumRef, bound: 0, seed: seed)
        #expect(sumSyn.output.shape == [1, 3, 1])
        let maxNodes = [
            Node(opType: "ReduceMax", name: "max", inputs: ["x"], outputs: ["y"], attributes: ["axes": .ints([1])])
        ]
        var maxRef: [Double] = []
        for j in 0..<4 { maxRef.append(max(x[j], x[4 + j], x[8 + j])) }
        let maxSyn = try OpTests.check(
            OpTests.model(maxNodes, inputShape: [1, 3, 4]), input: Tensor(shape: [1, 3, 4], data: x),
            reference: maxRef, bound: 0, seed: seed)
        #expect(maxSyn.output.shape == [1, 1, 4])
    }
}
