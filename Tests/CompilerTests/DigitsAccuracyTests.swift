import Compiler
import Foundation
import R1CS
import Testing

/// The scikit-learn digits classifier (Circuits/digits-mlp): accuracy of the fixed-point model on the held-out
/// test split, and its agreement with the float model (scikit-learn's own predictions, stored by make_models.py).
@Suite struct DigitsAccuracyTests {
    struct Split: Decodable {
        var X: [[Double]]
        var y: [Int]
        var sklearn_pred: [Int]
        var sklearn_accuracy: Double
    }

    @Test func fixedPointAccuracyAndAgreement() throws {
        let split = try JSONDecoder().decode(
            Split.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("digits-mlp", "test-split.json"))))
        let compiled = try ModelCompiler.compile(
            model: try Fixtures.model("digits-mlp"),
            options: CompileOptions(sampleInput: try Fixtures.input("digits-mlp")))
        var correct = 0
        var agree = 0
        for (i, row) in split.X.enumerated() {
            let out = try compiled.evaluate(input: Tensor(shape: [1, 64], data: row))
            if out.argmax == split.y[i] { correct += 1 }
            if out.argmax == split.sklearn_pred[i] { agree += 1 }
            // Spot-check that the circuit agrees with the executor on a few samples.
            if i % 90 == 0 {
                let s = try compiled.synthesize(input: Tensor(shape: [1, 64], data: row))
                #expect(s.r1cs.isSatisfied(by: s.witness) == nil)
                #expect(s.output == out)
            }
        }
        let n = Double(split.y.count)
        #expect(
            Double(correct) / n >= split.sklearn_accuracy - 0.01,
            "fixed-point accuracy \(correct)/\(split.y.count) at scale 2^\(compiled.scaleBits); float \(split.sklearn_accuracy)"
        )
        #expect(Double(agree) / n >= 0.98, "agreement with the float model \(agree)/\(split.y.count)")
    }
}
