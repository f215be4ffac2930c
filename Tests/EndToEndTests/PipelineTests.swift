import Foundation
import Testing

/// compile → setup → prove → verify through the built binary, and `verify`'s exit codes.
@Suite("Pipeline end to end")
struct PipelineTests {
    static let quickConstraintLimit = 20_000

    @Test("demo runs the whole pipeline and leaves a ledger that verifies")
    func demo() throws {
        try withTemporaryDirectory { dir in
            let r = try runZKInfer(["demo", "--dir", dir.path])
            #expect(r.status == 0, "\(r)")
            for step in ["compile", "setup", "prove", "verify", "ledger"] { #expect(r.stdout.contains(step), "\(r)") }
            #expect(r.stdout.contains("valid"), "\(r)")
            let ledger = dir.appendingPathComponent("zkinfer.ledger").path
            let check = try runZKInfer(["ledger", "verify", "--ledger", ledger])
            #expect(check.status == 0, "\(check)")
            let head = try runZKInfer(["ledger", "show", "--ledger", ledger, "--json"])
            #expect(try head.jsonObject()["treeSize"] as? Int == 1, "\(head)")
        }
    }

    @Test(
        "compile, setup, prove, verify on each Circuits/ model of at most 20k constraints (stats.csv)",
        arguments: Fixtures.models(upTo: quickConstraintLimit).quick)
    func eachModel(model: Fixtures.ExampleModel) throws {
        try withTemporaryDirectory { dir in
            let bundle = dir.appendingPathComponent("b").path
            try Self.compileChecked(model, bundle: bundle, maximumConstraints: Self.quickConstraintLimit)
            try Self.setupProveVerify(model, bundle: bundle, proofDirectory: dir.appendingPathComponent("p").path)
        }
    }

    @Test("compile each larger Circuits/ model", arguments: Fixtures.models(upTo: quickConstraintLimit).large)
    func eachLargeModelCompiles(model: Fixtures.ExampleModel) throws {
        try withTemporaryDirectory { dir in
            try Self.compileChecked(model, bundle: dir.appendingPathComponent("b").path, maximumConstraints: nil)
        }
    }

    /// Large circuits (lenet5: ~116k constraints) are set up and proved only in the long tier, to keep
    /// `swift test` fast (ARCHITECTURE.md §5 tiers); without ZK_LONG_TESTS=1 this test is reported as skipped.
    @Test(
        "setup, prove, verify on each larger Circuits/ model",
        .enabled(if: Fixtures.longTests, "large circuits are set up and proved only with ZK_LONG_TESTS=1"),
        arguments: Fixtures.models(upTo: quickConstraintLimit).large)
    func eachLargeModelProves(model: Fixtures.ExampleModel) throws {
        try withTemporaryDirectory { dir in
            let bundle = dir.appendingPathComponent("b").path
            try Self.compileChecked(model, bundle: bundle, maximumConstraints: nil)
            try Self.setupProveVerify(model, bundle: bundle, proofDirectory: dir.appendingPathComponent("p").path)
        }
    }

    /// `zkinfer compile --json` of an example model and checks of its report; with `maximumConstraints`, the circuit
    /// must not exceed it (a model that outgrows the quick tier fails here instead of silently slowing `swift test`).
    static func compileChecked(_ model: Fixtures.ExampleModel, bundle: String, maximumConstraints: Int?) throws {
        let compile = try runZKInfer([
            "compile", model.modelPath, "-o", bundle, "--sample-input", model.inputPath, "--json",
        ])
        #expect(compile.status == 0, "\(compile)")
        let report = try compile.jsonObject()
        let constraints = try #require(report["constraints"] as? Int, "\(compile)")
        #expect(constraints > 0)
        if let maximumConstraints {
            #expect(
                constraints <= maximumConstraints,
                "\(model.name): \(constraints) constraints; regenerate Circuits/stats.csv (ZK_REGENERATE_GOLDEN=1)")
        }
        let layers = try #require(report["layers"] as? [[String: Any]], "\(compile)")
        #expect(!layers.isEmpty)
        let layerSum = layers.compactMap { $0["constraints"] as? Int }.reduce(0, +)
        #expect(layerSum <= constraints, "layer constraints exceed the total: \(compile)")
        #expect(report["maxAbsoluteError"] is Double, "\(compile)")
    }

    /// `setup`, `prove` and `verify` (with both key formats) on a compiled bundle.
    static func setupProveVerify(_ model: Fixtures.ExampleModel, bundle: String, proofDirectory out: String) throws {
        #expect(try runZKInfer(["setup", bundle]).status == 0)
        for file in [
            "bundle.json", "circuit.r1cs", "circuit.json", "report.txt", "proving.key", "verifying.key",
            "verification_key.json",
        ] {
            #expect(FileManager.default.fileExists(atPath: bundle + "/" + file), "\(file) missing")
        }
        let prove = try runZKInfer(["prove", bundle, "--input", model.inputPath, "-o", out, "--json"])
        #expect(prove.status == 0, "\(prove)")
        let proved = try prove.jsonObject()
        #expect((proved["output"] as? [Double])?.isEmpty == false, "\(prove)")

        for vk in [bundle + "/verification_key.json", bundle + "/verifying.key"] {
            let verify = try runZKInfer([
                "verify", "--vk", vk, "--proof", out + "/proof.json", "--public", out + "/public.json",
            ])
            #expect(verify.status == 0, "\(verify)")
            #expect(verify.stdout.split(separator: "\n").count == 1, "\(verify)")
            #expect(verify.stdout.hasPrefix("valid"), "\(verify)")
        }
    }

    @Test("verify exit codes: valid 0, tampered proof 1, wrong public 1, missing file 2, garbage JSON 2")
    func verifyExitCodes() throws {
        let shared = try Fixtures.provedTinyBundle()
        try withTemporaryDirectory { dir in
            func verify(vk: String = shared.vk, proof: String = shared.proof, pub: String = shared.publicSignals) throws
                -> RunResult
            {
                try runZKInfer(["verify", "--vk", vk, "--proof", proof, "--public", pub])
            }
            let valid = try verify()
            #expect(valid.status == 0, "\(valid)")

            // Tampered proof: A and C swapped (both stay valid curve points, so the input is usable but wrong).
            var proof = try #require(try readJSON(shared.proof) as? [String: Any])
            (proof["pi_a"], proof["pi_c"]) = (proof["pi_c"], proof["pi_a"])
            let tampered = dir.appendingPathComponent("tampered.json").path
            try writeJSON(proof, to: tampered)
            let r1 = try verify(proof: tampered)
            #expect(r1.status == 1, "\(r1)")
            #expect(r1.stdout.hasPrefix("invalid"), "\(r1)")
            #expect(r1.stdout.split(separator: "\n").count == 1, "\(r1)")

            // Wrong public file: every signal changed by one.
            let signals = try #require(try readJSON(shared.publicSignals) as? [String])
            let wrong = dir.appendingPathComponent("wrong-public.json").path
            try writeJSON(signals.map(decimalIncrement), to: wrong)
            let r2 = try verify(pub: wrong)
            #expect(r2.status == 1, "\(r2)")

            // Missing file.
            let r3 = try verify(proof: dir.appendingPathComponent("nope.json").path)
            #expect(r3.status == 2, "\(r3)")
            #expect(r3.stderr.split(separator: "\n").count == 1 && r3.stderr.contains("nope.json"), "\(r3)")

            // Garbage JSON in each position.
            let garbage = dir.appendingPathComponent("garbage.json").path
            try Data("{not json".utf8).write(to: URL(fileURLWithPath: garbage))
            for r in [try verify(vk: garbage), try verify(proof: garbage), try verify(pub: garbage)] {
                #expect(r.status == 2, "\(r)")
                #expect(r.stderr.contains("garbage.json"), "\(r)")
                #expect(r.stderr.split(separator: "\n").count == 1, "\(r)")
            }

            // Wrong number of public signals: unusable (2), not invalid.
            let short = dir.appendingPathComponent("short-public.json").path
            try writeJSON(Array(signals.dropLast()), to: short)
            #expect(try verify(pub: short).status == 2)

            // A signal ≥ r is rejected, never reduced.
            let r = "21888242871839275222246405745257275088548364400416034343698204186575808495617"
            let overflow = dir.appendingPathComponent("overflow-public.json").path
            try writeJSON([r] + signals.dropFirst(), to: overflow)
            #expect(try verify(pub: overflow).status == 2)
        }
    }

    @Test("a proof whose public output is changed does not verify")
    func changedOutput() throws {
        let shared = try Fixtures.provedTinyBundle()
        let output = try #require(try readJSON(shared.output) as? [String: Any])
        let outputSignals = try #require(output["outputSignals"] as? [Int], "output.json lacks outputSignals")
        try #require(!outputSignals.isEmpty)
        var signals = try #require(try readJSON(shared.publicSignals) as? [String])
        try withTemporaryDirectory { dir in
            for index in outputSignals {
                let original = signals[index]
                signals[index] = decimalIncrement(original)
                let path = dir.appendingPathComponent("public-\(index).json").path
                try writeJSON(signals, to: path)
                let r = try runZKInfer(["verify", "--vk", shared.vk, "--proof", shared.proof, "--public", path])
                #expect(r.status == 1, "changing output signal \(index): \(r)")
                signals[index] = original
            }
        }
    }

    @Test("prove rejects bad inputs with a clear error (wrong shape, NaN, garbage)")
    func badInputs() throws {
        let shared = try Fixtures.provedTinyBundle()
        try withTemporaryDirectory { dir in
            let cases: [(String, String)] = [
                ("shape.json", #"{"shape": [1], "data": [0.5]}"#),
                ("nan.json", #"[NaN]"#),
                ("text.json", #"{"input": "hello"}"#),
                ("garbage.json", "[[["),
            ]
            for (name, text) in cases {
                let path = dir.appendingPathComponent(name).path
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                let r = try runZKInfer([
                    "prove", shared.bundle, "--input", path, "-o", dir.appendingPathComponent("out").path,
                ])
                #expect(r.status == 2, "\(name): \(r)")
                #expect(r.stderr.contains(name), "\(name): error should name the file: \(r)")
                #expect(r.stderr.split(separator: "\n").count == 1, "\(r)")
            }
        }
    }
}
