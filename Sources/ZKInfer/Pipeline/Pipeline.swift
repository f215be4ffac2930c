import Compiler
import Foundation
import Hashing
import R1CS

/// The zkinfer pipeline: compile → setup → prove → verify → anchor, each step reading and writing the
/// on-disk artifact bundle (see `BundleLayout`). The library never prints; progress goes to a
/// `ProgressHandler`, errors are `ZKInferError`s naming the file (and field).
public enum Pipeline {
    /// Compiles `model` (zkinfer JSON or ONNX) and writes the bundle: manifest, model copy, `circuit.r1cs`,
    /// `circuit.json` (the compiled fixed-point program) and `report.txt`.
    ///
    /// `bundle` defaults to `./<model name>.zkbundle`. The sample input (given, or `input.json` beside the model)
    /// calibrates the scale when none is given and measures the max error against the float model.
    public static func compile(
        model modelPath: String, options: CompileRequest, bundle: String?, progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> CompileSummary {
        guard let visibility = InputVisibility(rawValue: options.inputVisibility) else {
            throw .invalidInput(path: "--input-visibility", reason: "unknown value '\(options.inputVisibility)'")
        }
        let modelBytes = try FileIO.read(modelPath)
        let timer = StepTimer(progress: progress)
        let start = DispatchTime.now().uptimeNanoseconds

        let model: Model
        do { model = try ModelLoader.load(path: modelPath) } catch { throw .compileFailed(path: modelPath, reason: error.description) }
        let samplePath = options.sampleInputPath ?? defaultSampleInput(besides: modelPath)
        let sample = try samplePath.map { path throws(ZKInferError) in try loadInput(path) }

        let (compiled, _) = try timer.run("compile \(model.name)") { () throws(ZKInferError) -> CompiledModel in
            do throws(CompilerError) {
                return try Compiler.compile(
                    model: model,
                    options: CompileOptions(scaleBits: options.scaleBits, inputVisibility: visibility, sampleInput: sample))
            } catch {
                // Errors about the sample input name that file; everything else is about the model.
                switch error {
                case .invalidInput, .outOfBound: throw .invalidInput(path: samplePath ?? modelPath, reason: error.description)
                default: throw .compileFailed(path: modelPath, reason: error.description)
                }
            }
        }
        // The constraint system itself (structure only; values of a representative input).
        let (synthesis, _) = try timer.run("synthesize circuit") { () throws(ZKInferError) -> Synthesis in
            do throws(CompilerError) { return try compiled.synthesize(input: sample ?? representativeInput(compiled)) } catch {
                throw .compileFailed(path: modelPath, reason: error.description)
            }
        }
        let r1cs = synthesis.r1cs
        let r1csHex = Hex.encode(r1cs.digest)

        let bundlePath = bundle ?? defaultBundlePath(modelName: compiled.modelName, modelPath: modelPath)
        try FileIO.makeDirectory(bundlePath)
        let modelFile = BundleLayout.modelCopy(sourceExtension: URL(fileURLWithPath: modelPath).pathExtension)
        let circuitJSON = compiled.encoded()
        try FileIO.write(modelBytes, to: FileIO.join(bundlePath, modelFile))
        try FileIO.write(r1cs.serialized(), to: FileIO.join(bundlePath, BundleLayout.r1cs))
        try FileIO.write(circuitJSON, to: FileIO.join(bundlePath, BundleLayout.circuitMetadata))
        let manifest = BundleManifest(
            zkinferVersion: ZKInferVersion.string, createdAt: BundleManifest.timestamp(), modelFile: modelFile,
            modelName: compiled.modelName, modelSHA256: Digest.sha256Hex(modelBytes), r1csSHA256: r1csHex,
            circuitDigest: circuitDigest(r1csDigest: r1cs.digest, circuitJSON: circuitJSON),
            constraintCount: r1cs.constraintCount, publicInputCount: r1cs.publicInputCount, witnessCount: r1cs.witnessCount,
            inputVisibility: visibility.rawValue, scaleBits: compiled.scaleBits, keys: nil)
        let report = compiled.report
        let text = reportHeader(manifest, modelPath: modelPath, samplePath: samplePath) + "\n" + report.text + "\n"
        try FileIO.write(text, to: FileIO.join(bundlePath, BundleLayout.report))
        try manifest.write(bundle: bundlePath)

        return CompileSummary(
            bundlePath: bundlePath, modelName: compiled.modelName, modelSHA256: manifest.modelSHA256, r1csSHA256: r1csHex,
            circuitDigest: manifest.circuitDigest, scaleBits: compiled.scaleBits, inputVisibility: visibility.rawValue,
            inputShape: compiled.inputShape, outputShape: compiled.outputShape, constraintCount: r1cs.constraintCount,
            publicInputCount: r1cs.publicInputCount, witnessCount: r1cs.witnessCount,
            layers: report.layers.map {
                LayerCost(name: $0.name, op: $0.op, shape: $0.shape, scaleBits: $0.scaleBits, constraints: $0.constraints)
            },
            maxAbsoluteError: report.maxAbsoluteError, sampleInputPath: samplePath, reportText: text,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// The circuit digest recorded in the manifest and the ledger: SHA-256(R1CS digest ‖ SHA-256(circuit.json)),
    /// committing to the constraints and to the quantization metadata that interprets the public signals.
    static func circuitDigest(r1csDigest: [UInt8], circuitJSON: [UInt8]) -> String {
        Digest.sha256Hex(r1csDigest + Digest.sha256(circuitJSON))
    }

    /// An input tensor file (nested arrays, or `{"shape", "data"}`), errors naming the file.
    static func loadInput(_ path: String) throws(ZKInferError) -> Tensor {
        _ = try FileIO.read(path)  // missing/unreadable → the usual one-line error
        do { return try ModelLoader.loadInput(path: path) } catch { throw .invalidInput(path: path, reason: error.description) }
    }

    /// `input.json` in the model's directory, if present.
    static func defaultSampleInput(besides modelPath: String) -> String? {
        let candidate = URL(fileURLWithPath: modelPath).deletingLastPathComponent().appendingPathComponent("input.json").path
        return FileIO.exists(candidate) ? candidate : nil
    }

    /// An in-bound input (zeros clamped to the input range): the circuit's structure does not depend on values.
    static func representativeInput(_ compiled: CompiledModel) -> Tensor {
        let value = min(max(0, compiled.inputRange.lowerBound), compiled.inputRange.upperBound)
        return Tensor(shape: compiled.inputShape, data: Array(repeating: value, count: compiled.inputShape.reduce(1, *)))
    }

    /// `./<name>.zkbundle`, where name is the model's name (or the file/directory name if it has none).
    static func defaultBundlePath(modelName: String, modelPath: String) -> String {
        var name = modelName.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        if name.isEmpty {
            let url = URL(fileURLWithPath: modelPath)
            name = url.deletingPathExtension().lastPathComponent
            if name == "model" { name = url.deletingLastPathComponent().lastPathComponent }
        }
        return name + ".zkbundle"
    }

    static func reportHeader(_ m: BundleManifest, modelPath: String, samplePath: String?) -> String {
        var lines = [
            "zkinfer \(ZKInferVersion.string) compile report — model \(m.modelName) (\(modelPath))",
            "model sha256    \(m.modelSHA256)",
            "r1cs digest     \(m.r1csSHA256)",
            "circuit digest  \(m.circuitDigest)",
            "constraints     \(m.constraintCount) (public signals \(m.publicInputCount), private variables \(m.witnessCount))",
        ]
        lines.append("sample input    \(samplePath ?? "none (no error measurement; scale not calibrated)")")
        return lines.joined(separator: "\n")
    }
}
