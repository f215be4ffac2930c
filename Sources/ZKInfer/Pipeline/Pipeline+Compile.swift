import Compiler
import Foundation
import Hashing
import R1CS

extension Pipeline {
    /// Compiles `model` (zkinfer JSON or ONNX) and writes the bundle: manifest, model copy, `circuit.r1cs`,
    /// `circuit.json` (the compiled fixed-point program) and `report.txt`.
    ///
    /// `bundle` defaults to `./<model name>.zkbundle`. The sample input (given, or `input.json` beside the model)
    /// calibrates the scale when none is given and measures the max error against the float model.
    /// Steps: read the model and sample, compile, synthesize the circuit, write the bundle, summarize.
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
        do { model = try ModelLoader.load(path: modelPath) } catch {
            throw .compileFailed(path: modelPath, reason: error.description)
        }
        let samplePath = options.sampleInputPath ?? defaultSampleInput(besides: modelPath)
        let sample = try samplePath.map { path throws(ZKInferError) in try loadInput(path) }

        let compiled = try compileModel(
            model, modelPath: modelPath, options: options, visibility: visibility,
            sample: sample, samplePath: samplePath, timer: timer)
        if let request = options.segments {
            let bundlePath = bundle ?? defaultBundlePath(modelName: compiled.modelName, modelPath: modelPath)
            var summary = try compileSegments(
                compiled, request: request, bundle: bundlePath, modelBytes: modelBytes, modelPath: modelPath,
                sample: sample, samplePath: samplePath, timer: timer)
            summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return summary
        }
        let r1cs = try synthesizeCircuit(compiled, modelPath: modelPath, sample: sample, timer: timer)
        let bundlePath = bundle ?? defaultBundlePath(modelName: compiled.modelName, modelPath: modelPath)
        let (manifest, reportText) = try writeBundle(
            at: bundlePath, compiled: compiled, r1cs: r1cs, modelBytes: modelBytes, modelPath: modelPath,
            samplePath: samplePath)
        let report = compiled.report
        return CompileSummary(
            bundlePath: bundlePath, modelName: compiled.modelName, modelSHA256: manifest.modelSHA256,
            r1csSHA256: manifest.r1csSHA256, circuitDigest: manifest.circuitDigest, scaleBits: compiled.scaleBits,
            inputVisibility: visibility.rawValue, inputShape: compiled.inputShape, outputShape: compiled.outputShape,
            constraintCount: r1cs.constraintCount, publicInputCount: r1cs.publicInputCount,
            witnessCount: r1cs.witnessCount,
            layers: report.layers.map {
                LayerCost(
                    name: $0.name, op: $0.op, shape: $0.shape, scaleBits: $0.scaleBits, constraints: $0.constraints)
            },
            maxAbsoluteError: report.maxAbsoluteError, sampleInputPath: samplePath, reportText: reportText,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// Step "compile": `ModelCompiler.compile`, with errors about the sample input naming that file and every other
    /// error naming the model (`.compileFailed`).
    private static func compileModel(
        _ model: Model, modelPath: String, options: CompileRequest, visibility: InputVisibility, sample: Tensor?,
        samplePath: String?, timer: StepTimer
    ) throws(ZKInferError) -> CompiledModel {
        let compileOptions = CompileOptions(
            scaleBits: options.scaleBits, inputVisibility: visibility, sampleInput: sample, maxError: options.maxError)
        return try timer.run("compile \(model.name)") { () throws(ZKInferError) -> CompiledModel in
            do throws(CompilerError) {
                return try ModelCompiler.compile(model: model, options: compileOptions)
            } catch {
                switch error {
                case .invalidInput, .outOfBound:
                    throw .invalidInput(path: samplePath ?? modelPath, reason: error.description)
                default: throw .compileFailed(path: modelPath, reason: error.description)
                }
            }
        }.0
    }

    /// Step "synthesize circuit": the constraint system itself (structure only; values of the sample or of a
    /// representative input), checked against the compiled digest by `CompiledModel.synthesize`.
    static func synthesizeCircuit(
        _ compiled: CompiledModel, modelPath: String, sample: Tensor?, timer: StepTimer
    ) throws(ZKInferError) -> ConstraintMatrices {
        try timer.run("synthesize circuit") { () throws(ZKInferError) -> ConstraintMatrices in
            do throws(CompilerError) {
                return try compiled.synthesize(input: sample ?? representativeInput(compiled)).r1cs
            } catch { throw .compileFailed(path: modelPath, reason: error.description) }
        }.0
    }

    /// Step "write bundle": the model copy, `circuit.r1cs`, `circuit.json`, `report.txt` and, last, `bundle.json`
    /// (so a bundle with a manifest is complete). Returns the manifest and the report text.
    static func writeBundle(
        at bundlePath: String, compiled: CompiledModel, r1cs: ConstraintMatrices, modelBytes: [UInt8],
        modelPath: String,
        samplePath: String?
    ) throws(ZKInferError) -> (BundleManifest, String) {
        try FileIO.makeDirectory(bundlePath)
        let modelFile = BundleLayout.modelCopy(sourceExtension: URL(fileURLWithPath: modelPath).pathExtension)
        let circuitJSON = compiled.encoded()
        let r1csDigest = r1cs.digest  // serialises and hashes every constraint: computed once
        try FileIO.write(modelBytes, to: FileIO.join(bundlePath, modelFile))
        try FileIO.write(r1cs.serialized(), to: FileIO.join(bundlePath, BundleLayout.r1cs))
        try FileIO.write(circuitJSON, to: FileIO.join(bundlePath, BundleLayout.circuitMetadata))
        let manifest = BundleManifest(
            zkinferVersion: ZKInferVersion.string, createdAt: BundleManifest.timestamp(), modelFile: modelFile,
            modelName: compiled.modelName, modelSHA256: Digest.sha256Hex(modelBytes),
            r1csSHA256: Hex.encode(r1csDigest),
            circuitDigest: circuitDigest(r1csDigest: r1csDigest, circuitJSON: circuitJSON),
            constraintCount: r1cs.constraintCount, publicInputCount: r1cs.publicInputCount,
            witnessCount: r1cs.witnessCount, inputVisibility: compiled.inputVisibility.rawValue,
            scaleBits: compiled.scaleBits, keys: nil)
        let text =
            reportHeader(manifest, modelPath: modelPath, samplePath: samplePath) + "\n" + compiled.report.text + "\n"
        try FileIO.write(text, to: FileIO.join(bundlePath, BundleLayout.report))
        try manifest.write(bundle: bundlePath)
        return (manifest, text)
    }
}
