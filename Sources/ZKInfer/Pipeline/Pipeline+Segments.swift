import Compiler
import Foundation
import Groth16
import Hashing
import R1CS

/// One segment of a segmented bundle, loaded and checked (`Pipeline.loadSegments`).
struct LoadedSegment {
    /// Position in the chain.
    var index: Int
    /// The segment's bundle directory.
    var path: String
    /// Its `bundle.json`.
    var manifest: BundleManifest
    /// Its `circuit.json` (digest-checked; `segment` set and consistent with `segments.json`).
    var compiled: CompiledModel
}

/// What `Pipeline.proveSegments` did for one segment.
public struct SegmentProofReport: Sendable {
    /// Position in the chain.
    public var index: Int
    /// `<outdir>/segment-<i>/proof.json`.
    public var proofPath: String
    /// `<outdir>/segment-<i>/public.json`.
    public var publicPath: String
    /// Constraints of the segment's circuit.
    public var constraints: Int
    /// Seconds to build the segment's circuit and witness from the trace.
    public var witnessSeconds: Double
    /// Seconds of Groth16 proving (key loading excluded).
    public var proveSeconds: Double
    /// The proof file's text (snarkjs `proof.json`), for `--json` output (the Ray driver reads it from job logs).
    public var proofJSON: String
    /// The public signals file's text (snarkjs `public.json`).
    public var publicJSON: String
}

/// What `Pipeline.proveSegments` returns.
public struct SegmentedProveReport: Sendable {
    /// The proved segments (all, or the one asked for).
    public var segments: [SegmentProofReport]
    /// `<outdir>/output.json`, written when every segment was proved; nil otherwise.
    public var outputPath: String?
    /// The model output (dequantized).
    public var output: [Double]
    /// Its shape.
    public var outputShape: [Int]
    /// The predicted class for classifiers.
    public var predictedClass: Int?
    /// Seconds of the one fixed-point run of the whole model.
    public var traceSeconds: Double
    /// For a run on Ray: when each segment's job was submitted, started and finished (empty otherwise).
    public var timeline: [RaySegmentTiming] = []
}

extension Pipeline {
    /// Step "cut into segments" of `compile --segments/--max-constraints`: one ordinary bundle per segment in
    /// `bundle/segment-<i>`, then `segments.json`, the model copy and `report.txt` at the top.
    static func compileSegments(
        _ compiled: CompiledModel, request: SegmentRequest, bundle: String, modelBytes: [UInt8], modelPath: String,
        sample: Tensor?, samplePath: String?, timer: StepTimer
    ) throws(ZKInferError) -> CompileSummary {
        let segments = try timer.run("cut into segments") { () throws(ZKInferError) -> [CompiledModel] in
            do throws(CompilerError) { return try ModelCompiler.segment(compiled, request) } catch {
                throw .compileFailed(path: modelPath, reason: error.description)
            }
        }.0
        try FileIO.makeDirectory(bundle)
        var entries: [SegmentManifest.Entry] = []
        var lines = ["segments        \(segments.count)"]
        var first: BundleManifest?
        for s in segments {
            guard let spec = s.segment else { throw .internalFailure("a segment without its spec") }
            let r1cs = try synthesizeCircuit(s, modelPath: modelPath, sample: sample, timer: timer)
            let directory = SegmentManifest.directory(spec.index)
            let (manifest, _) = try writeBundle(
                at: FileIO.join(bundle, directory), compiled: s, r1cs: r1cs, modelBytes: modelBytes,
                modelPath: modelPath, samplePath: samplePath)
            first = first ?? manifest
            entries.append(
                SegmentManifest.Entry(
                    directory: directory, firstLayer: spec.layers.lowerBound, endLayer: spec.layers.upperBound,
                    constraints: r1cs.constraintCount, circuitDigest: manifest.circuitDigest))
            let names = s.program.layers[spec.layers].map(\.name)
            lines.append(
                "  \(directory)  layers \(spec.layers.lowerBound)..<\(spec.layers.upperBound) "
                    + "(\(names.first ?? "")…\(names.last ?? ""))  \(r1cs.constraintCount) constraints, "
                    + "link in \(spec.inputTensors.isEmpty ? "-" : "tensors \(spec.inputTensors)"), "
                    + "out \(spec.outputTensors.isEmpty ? "-" : "tensors \(spec.outputTensors)")")
        }
        guard let first else { throw .internalFailure("no segments") }
        let modelFile = BundleLayout.modelCopy(sourceExtension: URL(fileURLWithPath: modelPath).pathExtension)
        try FileIO.write(modelBytes, to: FileIO.join(bundle, modelFile))
        let text =
            "zkinfer \(ZKInferVersion.string) segmented compile report — model \(compiled.modelName) "
            + "(\(modelPath))\nmodel sha256    \(first.modelSHA256)\n" + lines.joined(separator: "\n") + "\n\n"
            + "whole model (before cutting): \(compiled.constraintCount) constraints\n" + compiled.report.text + "\n"
        try FileIO.write(text, to: FileIO.join(bundle, BundleLayout.report))
        try SegmentManifest(modelName: compiled.modelName, modelSHA256: first.modelSHA256, segments: entries)
            .write(bundle: bundle)
        let report = compiled.report
        return CompileSummary(
            bundlePath: bundle, modelName: compiled.modelName, modelSHA256: first.modelSHA256,
            r1csSHA256: first.r1csSHA256,
            circuitDigest: Digest.sha256Hex(
                try FileIO.read(
                    FileIO.join(bundle, SegmentManifest.fileName))),
            scaleBits: compiled.scaleBits, inputVisibility: compiled.inputVisibility.rawValue,
            inputShape: compiled.inputShape, outputShape: compiled.outputShape,
            constraintCount: entries.reduce(0) { $0 + $1.constraints }, publicInputCount: first.publicInputCount,
            witnessCount: first.witnessCount,
            layers: report.layers.map {
                LayerCost(
                    name: $0.name, op: $0.op, shape: $0.shape, scaleBits: $0.scaleBits, constraints: $0.constraints)
            },
            maxAbsoluteError: report.maxAbsoluteError, sampleInputPath: samplePath, reportText: text,
            segments: entries, seconds: 0)
    }

    /// `setup` for every segment of a segmented bundle (each an ordinary bundle), in order.
    public static func setupSegments(bundle: String, zkey: Bool = false, progress: @escaping ProgressHandler)
        throws(ZKInferError) -> [SetupReport]
    {
        let m = try SegmentManifest.load(bundle: bundle)
        var reports: [SetupReport] = []
        for path in m.bundles(in: bundle) { reports.append(try setup(bundle: path, zkey: zkey, progress: progress)) }
        return reports
    }

    /// Loads `segments.json` and the segments `only` lists (default: all), checking each sub-bundle against it:
    /// circuit digest, model digest, and the segment spec in `circuit.json` (index, count, layer range).
    static func loadSegments(bundle: String, only: [Int]? = nil) throws(ZKInferError)
        -> (SegmentManifest, [LoadedSegment])
    {
        let m = try SegmentManifest.load(bundle: bundle)
        var loaded: [LoadedSegment] = []
        for i in only ?? Array(m.segments.indices) {
            guard m.segments.indices.contains(i) else {
                throw .invalidInput(path: bundle, reason: "no segment \(i) (the bundle has \(m.segments.count))")
            }
            let entry = m.segments[i]
            let path = FileIO.join(bundle, entry.directory)
            let manifest = try BundleManifest.load(bundle: path)
            guard manifest.circuitDigest == entry.circuitDigest else {
                throw .digestMismatch(
                    path: FileIO.join(path, BundleLayout.manifest),
                    what: "circuit digest "
                        + "(\(SegmentManifest.fileName) segments[\(i)].circuitDigest)", expected: entry.circuitDigest,
                    found: manifest.circuitDigest)
            }
            guard manifest.modelSHA256 == m.modelSHA256 else {
                throw .digestMismatch(
                    path: FileIO.join(path, BundleLayout.manifest), what: "model digest",
                    expected: m.modelSHA256, found: manifest.modelSHA256)
            }
            let compiled = try loadCompiledModel(bundle: path, manifest: manifest)
            guard let spec = compiled.segment, spec.index == i, spec.count == m.segments.count,
                spec.layers == entry.firstLayer..<entry.endLayer,
                loaded.first.map({ $0.compiled.program == compiled.program }) ?? true
            else {
                throw .invalidField(
                    path: FileIO.join(path, BundleLayout.circuitMetadata), field: "segment",
                    reason: "does not match \(SegmentManifest.fileName) segments[\(i)]")
            }
            loaded.append(LoadedSegment(index: i, path: path, manifest: manifest, compiled: compiled))
        }
        return (m, loaded)
    }

    /// The proof directory of segment `index` inside `outputDirectory`.
    public static func segmentProofDirectory(_ outputDirectory: String, _ index: Int) -> String {
        FileIO.join(outputDirectory, SegmentManifest.directory(index))
    }

    /// Runs the model once in fixed point on `input` and proves every segment (or only segment `only`) with its
    /// bundle's key, one after the other (one segment's circuit and key in memory at a time); checks each new
    /// proof with the segment's verifying key and writes `<outdir>/segment-<i>/proof.json` + `public.json`,
    /// and, when every segment was proved, `<outdir>/output.json`.
    public static func proveSegments(
        bundle: String, input: String, outputDirectory: String, only: Int? = nil, progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> SegmentedProveReport {
        let (m, segments) = try loadSegments(bundle: bundle, only: only.map { [$0] })
        let tensor = try loadInput(input)
        let timer = StepTimer(progress: progress)
        let compiled = segments[0].compiled
        let (trace, traceSeconds) = try timer.run("fixed-point run") { () throws(ZKInferError) -> [[Int64]] in
            do throws(CompilerError) { return try compiled.trace(input: tensor) } catch {
                throw .invalidInput(path: input, reason: error.description)
            }
        }
        var reports: [SegmentProofReport] = []
        for s in segments {
            reports.append(
                try proveSegment(
                    s, of: m.segments.count, trace: trace, outputDirectory: outputDirectory,
                    timer: timer))
        }
        let out = compiled.output(integers: trace[compiled.program.outputTensor])
        var outputPath: String?
        if only == nil {
            outputPath = try writeSegmentedOutput(m, compiled, out, outputDirectory: outputDirectory)
        }
        return SegmentedProveReport(
            segments: reports, outputPath: outputPath, output: out.values, outputShape: out.shape,
            predictedClass: predictedClass(compiled, out), traceSeconds: traceSeconds)
    }

    /// Proves one loaded segment from the whole model's trace and writes its proof files.
    static func proveSegment(
        _ s: LoadedSegment, of count: Int, trace: [[Int64]], outputDirectory: String,
        timer: StepTimer
    ) throws(ZKInferError) -> SegmentProofReport {
        guard let keys = s.manifest.keys else {
            throw .bundleIncomplete(
                path: s.path, missing: "proving key", hint: "run 'zkinfer setup' on the bundle first")
        }
        let step = "segment \(s.index + 1)/\(count): witness"
        let (synthesis, witnessSeconds) = try timer.run(step) { () throws(ZKInferError) -> Synthesis in
            do throws(CompilerError) { return try s.compiled.synthesize(trace: trace, checkDigest: false) } catch {
                throw .digestMismatch(
                    path: FileIO.join(s.path, BundleLayout.circuitMetadata), what: "rebuilt circuit",
                    expected: s.manifest.r1csSHA256, found: error.description)
            }
        }
        // As in `prove`: neither the rebuilt circuit's R1CS digest nor proving.key's SHA-256 is computed per proof;
        // both name the cause when proving or the check against verifying.key fails.
        func rebuiltCircuitMatches() throws(ZKInferError) {
            try requireRebuiltCircuit(synthesis, matches: s.manifest, bundle: s.path)
        }
        let proof: Proof
        let proveSeconds: Double
        do throws(ZKInferError) {
            (proof, _, proveSeconds) = try proveWithBundleKey(
                bundle: s.path, keys: keys, synthesis: synthesis,
                timer: timer)
        } catch {
            try provingKeyMatches(bundle: s.path, keys: keys)
            try rebuiltCircuitMatches()
            throw error
        }
        let signals = synthesis.publicSignals
        let vkPath = FileIO.join(s.path, BundleLayout.verifyingKey)
        let (vk, _) = try loadBundleVerifyingKey(vkPath, keys: keys)
        guard try check(vk: vk, signals: signals, proof: proof, paths: (vkPath, s.path, vkPath)) else {
            try provingKeyMatches(bundle: s.path, keys: keys)
            try rebuiltCircuitMatches()
            throw .digestMismatch(
                path: vkPath,
                what: "key pair (a proof made with the segment's proving key does "
                    + "not verify with it)", expected: "the verifying key of \(s.path)", found: "a different key")
        }
        let directory = segmentProofDirectory(outputDirectory, s.index)
        try FileIO.makeDirectory(directory)
        let proofPath = FileIO.join(directory, BundleLayout.proof)
        let publicPath = FileIO.join(directory, BundleLayout.publicSignals)
        let proofJSON = SnarkJS.proofJSON(proof)
        let publicJSON = SnarkJS.publicJSON(signals)
        try FileIO.write(proofJSON, to: proofPath)
        try FileIO.write(publicJSON, to: publicPath)
        return SegmentProofReport(
            index: s.index, proofPath: proofPath, publicPath: publicPath,
            constraints: synthesis.r1cs.constraintCount, witnessSeconds: witnessSeconds,
            proveSeconds: proveSeconds, proofJSON: proofJSON, publicJSON: publicJSON)
    }

    /// `<outdir>/output.json` of a segmented proof (the model output, as for a single proof).
    static func writeSegmentedOutput(
        _ m: SegmentManifest, _ compiled: CompiledModel, _ out: FixedPointOutput,
        outputDirectory: String
    ) throws(ZKInferError) -> String {
        var output: [String: Any] = [
            "format": BundleLayout.outputFormat, "formatVersion": BundleLayout.jsonFormatVersion,
            "model": m.modelName, "modelSHA256": m.modelSHA256, "segments": m.segments.count,
            "shape": out.shape, "output": out.values, "outputIntegers": out.integers, "scaleBits": out.scaleBits,
            "note": "segmented proof: the outputs are the first public signals of the last segment's public.json",
        ]
        if let c = predictedClass(compiled, out) { output["predictedClass"] = c }
        if let p = out.unprovedProbabilities { output["unprovedSoftmax"] = p }
        let path = FileIO.join(outputDirectory, BundleLayout.output)
        try FileIO.write(JSONText.pretty(output), to: path)
        return path
    }
}
