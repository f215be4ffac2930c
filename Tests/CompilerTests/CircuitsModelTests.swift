import BN254
import Compiler
import Foundation
import R1CS
import Testing

/// Every example model in Circuits/ compiles, its witness satisfies the circuit, the circuit's public outputs equal
/// the fixed-point executor's, and the output matches the float reference computed by onnx.reference (make_models.py).
@Suite struct CircuitsModelTests {
    static let models = [
        "tiny-mlp", "digits-mlp", "small-cnn", "mlp-784-64-10", "lenet5",
        // Mobile CNNs (issue 12): depthwise-separable and residual convolutions.
        "mobilenet-cnn", "resnet-cnn",
        // Transformers (issue 12): token-id inputs, attention, LayerNorm, GELU.
        "tiny-gpt", "bert-classifier",
    ]

    @Test(arguments: models)
    func compilesAndSatisfies(name: String) throws {
        let model = try Fixtures.model(name)
        let input = try Fixtures.input(name)
        let compiled = try ModelCompiler.compile(model: model, options: CompileOptions(sampleInput: input))
        let s = try compiled.synthesize(input: input)
        #expect(s.r1cs.isSatisfied(by: s.witness) == nil)
        // Public outputs = executor output.
        let n = compiled.outputShape.reduce(1, *)
        let outputs = s.publicSignals.prefix(n).map { CompiledModel.signedInteger($0)! }
        #expect(outputs == s.output.integers)
        let expected = try Fixtures.expected(name)
        let values = s.output.unprovedProbabilities ?? s.output.values
        #expect(s.output.argmax == expected.argmax)
        let err = zip(values, expected.output).map { abs($0 - $1) }.max()!
        #expect(err < 0.05 * max(1, expected.output.map(abs).max()!), "max error \(err)")
    }
}
