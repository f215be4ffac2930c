import Compiler
import Foundation
import Testing

/// onnxruntime as an outside float oracle for every ONNX model in Circuits/ (found by listing the directory, so
/// new examples are covered when they land): `Tests/Oracle/onnxruntime_eval.py` runs the model on the sample
/// input and on the first 20 images of `test-split.json` (100 with ZK_LONG_TESTS=1) when the model has one, and
/// - zkinfer's float semantics (the compile report's float output) equals onnxruntime's within float32 rounding
///   (10⁻⁴ of the output magnitude): the graph lowering reads the model as onnxruntime does;
/// - on the sample input, the fixed-point executor is within the compiler's stated bound: the calibration target,
///   1% of the output magnitude, and the error the report states (plus float32 rounding; both on the logits when
///   the model ends in an unproved Softmax head);
/// - on the other inputs, within 5% of the output magnitude (the bound `CircuitsModelTests` uses), with the same
///   argmax unless onnxruntime's top two logits are closer than twice that error.
/// Needs python3 with `onnxruntime` (pinned in .ci/run): the test FAILS without it, unless ZK_SKIP_ONNXRUNTIME=1
/// skips it.
@Suite("onnxruntime oracle for Circuits/ models")
struct OnnxRuntimeOracleTests {
    static let skipped = ProcessInfo.processInfo.environment["ZK_SKIP_ONNXRUNTIME"] == "1"
    static let script: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Oracle/onnxruntime_eval.py").path
    }()
    /// Test images per model: 20, or 100 with ZK_LONG_TESTS=1 (STYLE.md §5 tiers).
    static let testImages = ProcessInfo.processInfo.environment["ZK_LONG_TESTS"] == "1" ? 100 : 20

    /// Every Circuits/ directory with a `model.onnx` and an `input.json`.
    static let models: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.circuits)) ?? []
        return names.sorted().filter {
            FileManager.default.fileExists(atPath: Fixtures.path($0, "model.onnx"))
                && FileManager.default.fileExists(atPath: Fixtures.path($0, "input.json"))
        }
    }()

    @Test func everyONNXExampleIsFound() {
        #expect(Set(["digits-mlp", "small-cnn", "lenet5", "mobilenet-cnn", "resnet-cnn"]).isSubset(of: Self.models))
    }

    @Test(
        .enabled(if: !skipped, "ZK_SKIP_ONNXRUNTIME=1: the onnxruntime oracle test is skipped"),
        arguments: models)
    func executorMatchesOnnxRuntime(name: String) throws {
        let probe = try Self.python(["-c", "import onnxruntime, numpy"])
        guard probe.status == 0 else {
            Issue.record(
                """
                python3 with onnxruntime is required: python3 -m pip install onnxruntime==1.32.0 numpy \
                (or set ZK_SKIP_ONNXRUNTIME=1 to skip this test). \(probe.stderr)
                """)
            return
        }
        let sample = try Fixtures.input(name)
        let compiled = try ModelCompiler.compile(
            model: try Fixtures.model(name), options: CompileOptions(sampleInput: sample))
        var inputs = [sample]
        if let images = try Self.testImages(name) {
            inputs += images.prefix(Self.testImages).map { Tensor(shape: sample.shape, data: $0) }
        }
        let oracle = try Self.onnxruntime(model: Fixtures.path(name, "model.onnx"), inputs: inputs.map(\.data))
        try #require(oracle.count == inputs.count)
        let report = compiled.report
        var agree = 0
        for (k, input) in inputs.enumerated() {
            let out = try compiled.evaluate(input: input)
            let fixed = out.unprovedProbabilities ?? out.values
            let reference = oracle[k]
            try #require(
                reference.count == fixed.count,
                "\(name): onnxruntime gives \(reference.count) values, zkinfer \(fixed.count)")
            let magnitude = max(1, reference.map(abs).max()!)
            let float32 = 1e-4 * magnitude
            let error = zip(fixed, reference).map { abs($0 - $1) }.max()!
            if k == 0 {
                let float = try #require(report.floatOutput, "\(name): no float output in the report")
                let floatValues = out.unprovedProbabilities == nil ? float : Self.softmax(float)
                let floatError = zip(floatValues, reference).map { abs($0 - $1) }.max()!
                #expect(
                    floatError <= float32, "\(name): zkinfer's float program differs from onnxruntime by \(floatError)")
                // The stated error is on the proved tensor (the logits under an unproved Softmax head; softmax is
                // 1/2-Lipschitz in the max norm, so the probabilities' error is below it too).
                let stated = try #require(report.maxAbsoluteError)
                let provedMagnitude = max(1, float.map(abs).max()!)
                #expect(
                    stated <= 0.01 * provedMagnitude, "\(name): stated error \(stated) above 1% of \(provedMagnitude)")
                #expect(error <= stated + float32, "\(name): sample error \(error) vs onnxruntime, stated \(stated)")
            } else {
                #expect(error <= 0.05 * magnitude, "\(name) test image \(k - 1): error \(error) vs onnxruntime")
                let sorted = reference.sorted(by: >)
                let best = reference.indices.max { reference[$0] < reference[$1] }!
                if out.argmax == best { agree += 1 }
                if sorted[0] - sorted[1] > 2 * error {
                    #expect(out.argmax == best, "\(name) test image \(k - 1): argmax \(out.argmax) vs \(best)")
                }
            }
        }
        if inputs.count > 1 {
            print("\(name): fixed-point argmax = onnxruntime argmax on \(agree)/\(inputs.count - 1) test images")
        }
    }

    static func softmax(_ x: [Double]) -> [Double] {
        let m = x.max() ?? 0
        let e = x.map { Foundation.exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    /// The images of `test-split.json` (`{"images": [[…]], …}`), if the model has them.
    static func testImages(_ name: String) throws -> [[Double]]? {
        let path = Fixtures.path(name, "test-split.json")
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        let split = object as? [String: Any]
        return (split?["images"] ?? split?["X"]) as? [[Double]]
    }

    static func onnxruntime(model: String, inputs: [[Double]]) throws -> [[Double]] {
        let request = FileManager.default.temporaryDirectory
            .appendingPathComponent("ort-request-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: request) }
        let body = try JSONSerialization.data(withJSONObject: ["model": model, "inputs": inputs])
        try body.write(to: request)
        let r = try python([script, request.path])
        try #require(r.status == 0, "onnxruntime_eval.py failed: \(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return try #require(object?["outputs"] as? [[Double]], "onnxruntime_eval.py: no outputs")
    }

    static func python(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        // stderr goes to a file and stdout is read to the end before waiting, so no pipe can fill and block.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("ort-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? Data(contentsOf: errURL)) ?? Data()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self),
            String(decoding: stderr, as: UTF8.self)
        )
    }
}
