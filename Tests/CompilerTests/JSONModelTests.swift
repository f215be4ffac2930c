import Compiler
import Foundation
import R1CS
import TestSupport
import Testing

@Suite struct JSONModelTests {
    /// A JSON model using every layer kind of the format.
    static let allLayers = """
        {
          "format": "zkinfer-model", "version": 1, "name": "all-layers",
          "input": { "name": "img", "shape": [1, 1, 6, 6], "range": [0, 1] },
          "layers": [
            { "op": "conv2d", "name": "c1", "weights": [[[[0.2, -0.1, 0.3], [0.1, 0.5, -0.2], [0.0, 0.1, 0.2]]],
                                                        [[[-0.3, 0.2, 0.1], [0.4, -0.1, 0.0], [0.2, 0.2, -0.4]]]],
              "bias": [0.05, -0.02], "pads": [1, 1, 1, 1] },
            { "op": "batchnorm", "scale": [1.2, 0.8], "bias": [0.1, -0.1], "mean": [0.05, 0.0], "var": [0.9, 1.1] },
            { "op": "leakyrelu", "alpha": 0.1 },
            { "op": "maxpool", "kernel": [2, 2] },
            { "op": "avgpool", "kernel": [3, 3], "strides": [1, 1] },
            { "op": "flatten" },
            { "op": "scale", "factor": 2.0, "offset": -0.5 },
            { "op": "tanh" },
            { "op": "dense", "weights": [[0.5, -0.5], [0.25, 0.75], [-1.0, 0.5]], "bias": [0.0, 0.1, -0.1] },
            { "op": "sigmoid" },
            { "op": "relu" },
            { "op": "argmax" }
          ]
        }
        """

    @Test func everyLayerKindCompilesAndSatisfies() throws {
        let model = try JSONModelReader.read(Array(Self.allLayers.utf8))
        #expect(model.inputRange == 0...1)
        var rng = SeededRNG(seed: testSeed(fallback: 31))
        for _ in 0..<3 {
            let input = Tensor(shape: [1, 1, 6, 6], data: (0..<36).map { _ in Double.random(in: 0...1, using: &rng) })
            let compiled = try ModelCompiler.compile(model: model, options: CompileOptions(sampleInput: input))
            let s = try compiled.synthesize(input: input, recordLabels: true)
            #expect(s.r1cs.isSatisfied(by: s.witness) == nil)
            #expect(s.output.integers.count == 1 && (0..<3).contains(s.output.argmax))
            #expect(CompiledModel.signedInteger(s.publicSignals[0]) == Int64(s.output.argmax))
            #expect(
                compiled.report.layers.contains { $0.op == "tanh" }
                    && compiled.report.layers.contains { $0.op == "sigmoid" })
        }
    }

    @Test func numericFieldsAreRead() throws {
        let text = """
            {"format": "zkinfer-model", "version": 1, "input": {"shape": [1, 2], "range": [-2, 2]},
             "layers": [{"op": "leakyrelu", "alpha": 0.25}]}
            """
        let c = try ModelCompiler.compile(
            model: try JSONModelReader.read(Array(text.utf8)), options: CompileOptions(scaleBits: 8))
        #expect(c.program.layers.map(\.op) == [.leakyRelu(alpha: 64, shift: 8)])
        #expect(c.inputRange == -2...2)
        #expect(try c.evaluate(input: Tensor(shape: [1, 2], data: [-2, 1.5])).values == [-0.5, 1.5])
    }

    @Test func invalidJSONModels() {
        func fails(_ text: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try ModelCompiler.compile(model: try JSONModelReader.read(Array(text.utf8)))
                Issue.record("accepted: \(text)", sourceLocation: sourceLocation)
            } catch {
                #expect(error.description.contains(message), "\(error.description)", sourceLocation: sourceLocation)
            }
        }
        let head = #""format": "zkinfer-model", "version": 1, "input": {"shape": [1, 2]}"#
        fails("{", "not valid JSON")
        fails(#"{"format": "other", "version": 1}"#, "\"format\" must be \"zkinfer-model\"")
        fails(#"{"format": "zkinfer-model", "version": 2}"#, "\"version\" must be 1")
        fails("{\(head), \"layers\": []}", "\"layers\" must be a non-empty array")
        fails("{\(head), \"layers\": [{\"op\": \"dense\"}]}", "needs \"weights\"")
        fails("{\(head), \"layers\": [{\"op\": \"lstm\"}]}", "unsupported op 'lstm'")
        fails("{\(head), \"layers\": [{\"op\": \"dense\", \"weights\": [[1, 2, 3]]}]}", "shape mismatch")
        fails("{\(head), \"layers\": [{\"op\": \"dense\", \"weights\": [[1, 2], [3]]}]}", "ragged")
    }

    @Test func constantFoldingOfShapeConstantAndCast() throws {
        // y = Reshape(Cast(x), Shape(x)[...]) with a Constant-node shape: all folded, only the Relu costs.
        let nodes = [
            Node(opType: "Cast", name: "cast", inputs: ["x"], outputs: ["xf"], attributes: ["to": .int(1)]),
            Node(opType: "Shape", name: "shape", inputs: ["xf"], outputs: ["s"]),
            Node(
                opType: "Constant", name: "k", inputs: [], outputs: ["minus"],
                attributes: ["value": .tensor(ConstantTensor(shape: [2], values: [0, 0], elementType: .int64))]),
            Node(opType: "Add", name: "shape+0", inputs: ["s", "minus"], outputs: ["s2"]),
            Node(opType: "Reshape", name: "rs", inputs: ["xf", "s2"], outputs: ["r"]),
            Node(opType: "Relu", name: "relu", inputs: ["r"], outputs: ["y"]),
        ]
        let model = Model(
            name: "fold", opsetVersion: 13, inputs: [ValueInfo(name: "x", shape: [1, 3])],
            outputs: [ValueInfo(name: "y", shape: [])], initializers: [:], nodes: nodes)
        let c = try ModelCompiler.compile(model: model, options: CompileOptions(scaleBits: 8))
        let s = try c.synthesize(input: Tensor(shape: [1, 3], data: [-0.5, 0.25, 1]))
        #expect(s.output.values == [0, 0.25, 1])
        #expect(c.report.layers.map(\.op) == ["input(public)", "relu", "bind public outputs"])
    }
}
