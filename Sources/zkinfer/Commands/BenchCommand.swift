import Foundation
import ZKInfer

/// `zkinfer bench` — compile, setup, prove and verify time for each bundled model.
enum BenchCommand {
    static let spec = CommandSpec(
        name: "bench",
        summary: "Time compile, setup, prove and verify on each bundled model (Circuits/).",
        options: [
            .value("model", "NAME", "Only this model (default: every model in Circuits/ with an input.json)."),
            .value("runs", "N", "Prove and verify N times and report the minimum and median (default: 3)."),
            .value("dir", "DIR", "Work directory (default: a temporary directory, removed afterwards)."),
            .json,
        ],
        discussion: """
            Wall-clock seconds on this machine; compile and setup run once, prove and verify --runs times.
            For the field/curve kernels, see the zkbench executable (swift run -c release zkbench).
            """)

    struct Row {
        var model: String
        var constraints: Int
        var compile: Double
        var setup: Double
        var prove: [Double]
        var verify: [Double]
    }

    static let command = Command(spec: spec) { args, context in
        let runs = try args.integer("runs", in: 1...100) ?? 3
        var models = try ExampleModels.all().filter { $0.inputPath != nil }
        if let name = args.value("model") {
            models = models.filter { $0.name == name }
            guard !models.isEmpty else { throw UsageError("no model '\(name)' with an input.json in Circuits/") }
        }
        let keep = args.value("dir") != nil
        let root = try args.value("dir") ?? DemoModel.makeTemporaryDirectory()
        defer { if !keep { try? FileManager.default.removeItem(atPath: root) } }
        if !context.json {
            Console.out(
                padRight("model", 16) + padLeft("constraints", 12) + padLeft("compile", 11) + padLeft("setup", 11)
                    + padLeft("prove (min/med)", 22) + padLeft("verify (min/med)", 22))
        }
        var rows: [Row] = []
        for model in models {
            let bundle = FileIO.join(root, model.name)
            let proofs = FileIO.join(bundle, "proof")
            let compiled = try Pipeline.compile(
                model: model.modelPath, options: CompileRequest(sampleInputPath: model.inputPath), bundle: bundle,
                progress: context.progress.handler)
            let setup = try Pipeline.setup(bundle: bundle, progress: context.progress.handler)
            var row = Row(
                model: model.name, constraints: compiled.constraintCount, compile: compiled.seconds,
                setup: setup.seconds, prove: [], verify: [])
            for _ in 0..<runs {
                let p = try Pipeline.prove(
                    bundle: bundle, input: model.inputPath!, outputDirectory: proofs,
                    progress: context.progress.handler)
                row.prove.append(p.witnessSeconds + p.proveSeconds)
                let v = try Pipeline.verify(
                    verifyingKey: FileIO.join(bundle, BundleLayout.verifyingKey), proof: p.proofPath,
                    publicSignals: p.publicPath)
                guard v.valid else {
                    throw ZKInferError.proofInvalid(reason: "benchmark proof for \(model.name) did not verify")
                }
                row.verify.append(v.seconds)
            }
            rows.append(row)
            if !context.json {
                Console.out(
                    padRight(row.model, 16) + padLeft("\(row.constraints)", 12)
                        + padLeft(formatDuration(row.compile), 11)
                        + padLeft(formatDuration(row.setup), 11) + padLeft(minMedian(row.prove), 22)
                        + padLeft(minMedian(row.verify), 22))
            }
        }
        if context.json {
            Console.out(
                JSONText.pretty(
                    rows.map { r in
                        [
                            "model": r.model, "constraints": r.constraints, "compileSeconds": r.compile,
                            "setupSeconds": r.setup,
                            "proveSeconds": r.prove, "verifySeconds": r.verify, "proveMinSeconds": r.prove.min()!,
                            "verifyMinSeconds": r.verify.min()!,
                        ] as [String: Any]
                    }))
        }
        return .success
    }

    static func minMedian(_ values: [Double]) -> String {
        let sorted = values.sorted()
        let median = sorted[sorted.count / 2]
        return sorted.count == 1
            ? formatDuration(sorted[0]) : "\(formatDuration(sorted[0])) / \(formatDuration(median))"
    }
}
