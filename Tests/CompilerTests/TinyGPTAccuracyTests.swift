import Compiler
import Foundation
import Testing

/// Issue 12 targets for Circuits/tiny-gpt, long tier (`ZK_LONG_TESTS=1`; driven by
/// Benchmarks/transformer_accuracy.py, which first writes onnxruntime's float logits into prompts.json): top-1
/// next-token agreement of the fixed-point executor (the circuit's output, bit for bit) with onnxruntime over the
/// 200 held-out prompts (asserted ≥ 98%), the max |logit error| (printed; asserted ≤ 0.05 from s = 11), the
/// constraint count (asserted ≤ 10^6) and the constraints per op type. Prints the figures.
@Suite struct TinyGPTAccuracyTests {
    struct Prompts: Decodable {
        var prompts: [[Double]]
        var logits: [[Double]]?
    }

    static var long: Bool { ProcessInfo.processInfo.environment["ZK_LONG_TESTS"] == "1" }

    @Test(
        .enabled(if: long, "long tier: set ZK_LONG_TESTS=1 (run by Benchmarks/transformer_accuracy.py)"),
        arguments: [8, 11, 12])
    func agreementWithOnnxruntime(scaleBits: Int) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("tiny-gpt", "prompts.json")))
        let doc = try JSONDecoder().decode(Prompts.self, from: data)
        guard let logits = doc.logits, logits.count == doc.prompts.count else {
            Issue.record("prompts.json has no onnxruntime logits: run Benchmarks/transformer_accuracy.py")
            return
        }
        let compiled = try ModelCompiler.compile(
            model: try Fixtures.model("tiny-gpt"),
            options: CompileOptions(scaleBits: scaleBits, sampleInput: try Fixtures.input("tiny-gpt")))
        let bounds = try IntervalAnalysis.run(compiled.program)
        var agree = 0
        var maxError = 0.0
        for (prompt, reference) in zip(doc.prompts, logits) {
            let out = try compiled.evaluate(input: Tensor(shape: [1, prompt.count], data: prompt), bounds: bounds)
            let best = reference.indices.max { reference[$0] < reference[$1] }!
            if out.argmax == best { agree += 1 }
            maxError = max(maxError, zip(out.values, reference).map { abs($0 - $1) }.max()!)
        }
        var perOp: [String: Int] = [:]
        for layer in compiled.report.layers { perOp[layer.op, default: 0] += layer.constraints }
        let tag = "tiny-gpt (s = \(scaleBits))"
        print("\(tag): \(compiled.constraintCount) constraints")
        print(
            "\(tag): top-1 agreement with onnxruntime \(agree)/\(doc.prompts.count), max |logit error| "
                + String(format: "%.4f", maxError))
        for (op, n) in perOp.sorted(by: { $0.value > $1.value }) where n > 0 {
            print("\(tag) constraints \(op): \(n)")
        }
        // The issue's agreement and size targets (met at every scale here); its max |logit error| ≤ 0.05 from s = 11
        // on (0.27 at the calibrated s = 8, which is printed above but not asserted; see the README).
        #expect(Double(agree) >= 0.98 * Double(doc.prompts.count), "agreement \(agree)/\(doc.prompts.count)")
        #expect(compiled.constraintCount <= 1_000_000)
        if scaleBits >= 11 { #expect(maxError <= 0.05, "max |logit error| \(maxError) at s = \(scaleBits)") }
    }
}
