import Compiler
import Foundation
import TestSupport
import Testing

/// Concat of a computed tensor with a constant (the constant becomes a zero-constraint tensor), and a global
/// average whose 1/N weight rounds to 0 at the chosen scale: refused with the scale that keeps it, never zeros.
@Suite struct ConcatConstantPoolScaleTests {
    static let u = 1 / Double(1 << OpTests.s)

    /// Relu(x) ++ c along axis 1, then the same with the constant first: values equal the float reference within the
    /// constant's rounding (½u), the constant costs no constraint, and the usual soundness sweep holds.
    @Test func concatComputedWithConstant() throws {
        var rng = SeededRNG(seed: 81)
        let x = OpTests.random(5, &rng).map { ($0 / Self.u).rounded() * Self.u }
        let c = [0.3, -1.7, 2.25]
        for constantFirst in [false, true] {
            let inputs = constantFirst ? ["c", "r"] : ["r", "c"]
            let nodes = [
                Node(opType: "Relu", name: "relu", inputs: ["x"], outputs: ["r"]),
                Node(opType: "Concat", name: "cat", inputs: inputs, outputs: ["y"], attributes: ["axis": .int(1)]),
            ]
            let model = OpTests.model(
                nodes, inputShape: [1, 5], constants: ["c": ConstantTensor(shape: [1, 3], values: c)])
            let relu = x.map { max($0, 0) }
            let syn = try OpTests.check(
                model, input: Tensor(shape: [1, 5], data: x), reference: constantFirst ? c + relu : relu + c,
                bound: 0.5 * Self.u + 1e-12, seed: 81)
            #expect(syn.output.shape == [1, 8])
            let constantSpans = syn.spans.filter { $0.layer.hasPrefix("cat/constant") }
            #expect(!constantSpans.isEmpty && constantSpans.allSatisfy { $0.constraints.isEmpty })
        }
    }

    /// GlobalAveragePool and ReduceMean over 256 elements: 1/256 rounds to 0 below s = 7, so `--scale 4` is refused
    /// with a message naming the layer and s = 7; calibration (no scale given) skips such scales and averages.
    @Test func globalAverageWhoseWeightRoundsToZero() throws {
        var rng = SeededRNG(seed: 82)
        let x = OpTests.random(256, &rng, range: 0...1)
        let gap = [Node(opType: "GlobalAveragePool", name: "gap", inputs: ["x"], outputs: ["y"])]
        let mean = [
            Node(
                opType: "ReduceMean", name: "mean", inputs: ["x"], outputs: ["y"],
                attributes: ["axes": .ints([2, 3]), "keepdims": .int(1)])
        ]
        for (nodes, layer) in [(gap, "gap"), (mean, "mean")] {
            let model = OpTests.model(nodes, inputShape: [1, 1, 16, 16])
            let input = Tensor(shape: [1, 1, 16, 16], data: x)
            do {
                _ = try ModelCompiler.compile(
                    model: model, options: CompileOptions(scaleBits: 4, sampleInput: input, inputRange: 0...1))
                Issue.record("\(layer): a 1/256 weight at scale 2^4 compiled")
            } catch {
                let message = String(describing: error)
                #expect(message.contains("'\(layer)"), "\(message)")
                #expect(message.contains("rounds to 0") && message.contains("--scale 7"), "\(message)")
            }
            let compiled = try ModelCompiler.compile(
                model: model, options: CompileOptions(sampleInput: input, inputRange: 0...1))
            #expect(compiled.scaleBits >= 7)
            let syn = try compiled.synthesize(input: input, recordLabels: false)
            let average = x.reduce(0, +) / 256
            #expect(abs(syn.output.values[0] - average) <= 0.01, "\(syn.output.values[0]) vs \(average)")
        }
    }
}
