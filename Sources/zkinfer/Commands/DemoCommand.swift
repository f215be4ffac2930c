import Foundation
import ZKInfer

/// `zkinfer demo` — the whole pipeline on the bundled example model, with each step's time.
enum DemoCommand {
    static let spec = CommandSpec(
        name: "demo",
        summary: "Compile → setup → prove → verify → ledger on the bundled example model, timing each step.",
        options: [
            .value("dir", "DIR", "Work directory (default: a new temporary directory, kept and printed)."),
            .value("model", "NAME", "Which Circuits/ model to use (default: the smallest one)."),
            .json,
        ],
        discussion: """
            The model comes from the package's Circuits/ directory (found from the current directory or the
            executable's location, or $ZKINFER_CIRCUITS); if none is found, the copy of the tiny MLP embedded
            in the binary is used. Everything is written under the work directory: the bundle, the proof files
            and zkinfer.ledger.
            """)

    static let command = Command(spec: spec) { args, context in
        let example = try DemoModel.pick(name: args.value("model"), workDirectory: nil)
        let dir = try args.value("dir") ?? DemoModel.makeTemporaryDirectory()
        try FileIO.makeDirectory(dir)
        let model = try DemoModel.materialize(example, into: dir)
        let bundle = FileIO.join(dir, "bundle")
        let proofs = FileIO.join(dir, "proof")
        let ledger = FileIO.join(dir, LedgerService.defaultFileName)
        let handler = context.progress.handler
        if !context.json {
            Console.out("zkinfer demo: model \(example.name) (\(example.source)); working in \(dir)\n")
        }
        var steps: [(String, Double, String)] = []
        func step(_ name: String, _ seconds: Double, _ detail: String) {
            steps.append((name, seconds, detail))
            if !context.json {
                let pad = String(repeating: " ", count: max(1, 9 - name.count))
                Console.out("  \(name)\(pad)\(padLeft(formatDuration(seconds), 9))   \(detail)")
            }
        }

        let compiled = try Pipeline.compile(
            model: model.modelPath, options: CompileRequest(sampleInputPath: model.inputPath), bundle: bundle,
            progress: handler)
        var compileDetail = "\(compiled.constraintCount) constraints, scale 2^\(compiled.scaleBits)"
        if let e = compiled.maxAbsoluteError { compileDetail += String(format: ", max error vs float %.2g", e) }
        step("compile", compiled.seconds, compileDetail)

        let setup = try Pipeline.setup(bundle: bundle, progress: handler)
        step(
            "setup", setup.seconds,
            "proving key \(ReportText.formatBytes(setup.provingKeyBytes)), vk \(setup.verifyingKeySHA256.prefix(16))…")

        guard let input = model.inputPath else {
            throw ZKInferError.missingFile(path: "input.json for \(example.name)")
        }
        let proved = try Pipeline.prove(bundle: bundle, input: input, outputDirectory: proofs, progress: handler)
        var proveDetail = "output \(ReportText.formatValues(proved.output))"
        if let c = proved.predictedClass { proveDetail += ", class \(c)" }
        step("prove", proved.witnessSeconds + proved.proveSeconds, proveDetail)

        let verified = try Pipeline.verify(
            verifyingKey: FileIO.join(bundle, BundleLayout.verificationKeyJSON), proof: proved.proofPath,
            publicSignals: proved.publicPath)
        step(
            "verify", verified.seconds,
            verified.valid ? "valid (\(verified.publicSignalCount) public signals)" : "INVALID")
        guard verified.valid else { throw ZKInferError.proofInvalid(reason: "the demo's own proof did not verify") }

        let start = Date()
        let appended = try LedgerService.append(ledger: ledger, bundle: bundle, proofDirectory: proofs)
        step(
            "ledger", Date().timeIntervalSince(start),
            "record #\(appended.index), tree size \(appended.treeSize), root \(appended.rootHex.prefix(16))…")

        let total = steps.reduce(0) { $0 + $1.1 }
        if context.json {
            Console.out(
                JSONText.pretty(
                    [
                        "model": example.name, "directory": dir, "bundle": bundle, "ledger": ledger,
                        "steps": steps.map { ["step": $0.0, "seconds": $0.1, "detail": $0.2] as [String: Any] },
                        "totalSeconds": total, "valid": verified.valid,
                    ] as [String: Any]))
        } else {
            Console.out(
                """

                  total    \(padLeft(formatDuration(total), 9))

                Artifacts: \(bundle)/ (bundle), \(proofs)/ (proof.json, public.json, output.json), \(ledger)
                Try: zkinfer verify --vk \(bundle)/verification_key.json --proof \(proofs)/proof.json \
                --public \(proofs)/public.json
                     zkinfer ledger show --ledger \(ledger)
                """)
        }
        return .success
    }
}

/// Where the demo's model comes from: `Circuits/` or the copy embedded in the binary.
enum DemoModel {
    struct Choice {
        var name: String
        var source: String
        var example: ExampleModels.ExampleModel?
    }

    /// The requested or the smallest example model; the embedded tiny MLP if no Circuits/ directory exists.
    static func pick(name: String?, workDirectory: String?) throws -> Choice {
        let (dir, _) = ExampleModels.circuitsDirectory()
        let models = dir.map(ExampleModels.list(in:)) ?? []
        if let name {
            guard let m = models.first(where: { $0.name == name }) else {
                if name == EmbeddedModel.name { return Choice(name: name, source: "embedded copy", example: nil) }
                throw UsageError(
                    "no model '\(name)' in \(dir ?? "Circuits/") (have: \(models.map(\.name).joined(separator: ", ")))")
            }
            return Choice(name: m.name, source: m.modelPath, example: m)
        }
        let usable = models.filter { $0.inputPath != nil }
        let smallest = usable.min { fileSize($0.modelPath) < fileSize($1.modelPath) }
        if let smallest { return Choice(name: smallest.name, source: smallest.modelPath, example: smallest) }
        return Choice(name: EmbeddedModel.name, source: "embedded copy", example: nil)
    }

    /// The model and input paths to use (writing the embedded copy into `dir` when needed).
    static func materialize(_ choice: Choice, into dir: String) throws -> (modelPath: String, inputPath: String?) {
        if let example = choice.example { return (example.modelPath, example.inputPath) }
        let model = FileIO.join(dir, "model.json")
        let input = FileIO.join(dir, "input.json")
        try FileIO.write(EmbeddedModel.modelJSON, to: model)
        try FileIO.write(EmbeddedModel.inputJSON, to: input)
        return (model, input)
    }

    static func makeTemporaryDirectory() throws -> String {
        let path = FileIO.join(NSTemporaryDirectory(), "zkinfer-demo-\(UUID().uuidString.prefix(8).lowercased())")
        try FileIO.makeDirectory(path)
        return path
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? .max
    }
}
