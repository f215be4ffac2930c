import Foundation
import ZKInfer

/// Human-readable renderings of the pipeline's reports (stdout in text mode).
enum ReportText {
    static func compile(_ r: CompileSummary) -> String {
        r.reportText
            + "\nbundle written to \(r.bundlePath) (\(formatDuration(r.seconds)))\nnext: zkinfer setup \(r.bundlePath)"
    }

    static func setup(_ r: SetupReport) -> String {
        """
        proving key    \(FileIO.join(r.bundlePath, r.provingKeyFile)) (\(formatBytes(r.provingKeyBytes)))
        verifying key  \(FileIO.join(r.bundlePath, BundleLayout.verifyingKey)), \(r.verificationKeyJSONPath)
        vk sha256      \(r.verifyingKeySHA256)
        key provenance \(r.provenance)
        setup time     \(formatDuration(r.seconds)) (see 'zkinfer setup --help')
        """
    }

    static func prove(_ r: ProveReport) -> String {
        var lines: [String] = []
        lines.append("output         \(formatValues(r.output)) (shape \(r.outputShape))")
        if let c = r.predictedClass { lines.append("predicted      class \(c)") }
        lines.append("proof          \(r.proofPath)")
        lines.append("public         \(r.publicPath) (\(r.publicSignalCount) signals)")
        lines.append("output file    \(r.outputPath)")
        lines.append("proof sha256   \(r.proofSHA256)")
        lines.append(
            "time           witness \(formatDuration(r.witnessSeconds)), prove \(formatDuration(r.proveSeconds))")
        return lines.joined(separator: "\n")
    }

    static func verify(_ r: VerifyReport, proofPath: String) -> String {
        r.valid
            ? "valid: \(proofPath) verifies (\(r.publicSignalCount) public signals, \(formatDuration(r.seconds)))"
            : "invalid: \(proofPath) does not verify against this key and these public signals"
    }

    static func formatValues(_ values: [Double]) -> String {
        let shown = values.prefix(10).map { String(format: "%.4f", $0) }.joined(separator: ", ")
        return "[" + shown + (values.count > 10 ? ", … (\(values.count) values)" : "") + "]"
    }

    static func formatBytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1 << 20 { return String(format: "%.1f KiB", Double(n) / 1024) }
        return String(format: "%.1f MiB", Double(n) / Double(1 << 20))
    }
}

/// JSON renderings of the pipeline's reports (stdout with `--json`). Keys are stable and documented in the
/// README's CLI reference.
enum ReportJSON {
    static func compile(_ r: CompileSummary) -> [String: Any] {
        var o: [String: Any] = [
            "bundle": r.bundlePath, "model": r.modelName, "modelSHA256": r.modelSHA256,
            "r1csSHA256": r.r1csSHA256, "circuitDigest": r.circuitDigest, "scaleBits": r.scaleBits,
            "inputVisibility": r.inputVisibility, "inputShape": r.inputShape, "outputShape": r.outputShape,
            "constraints": r.constraintCount, "publicInputs": r.publicInputCount, "witnessVariables": r.witnessCount,
            "layers": r.layers.map {
                [
                    "name": $0.name, "op": $0.op, "constraints": $0.constraints, "shape": $0.shape,
                    "scaleBits": $0.scaleBits,
                ]
                    as [String: Any]
            },
            "seconds": r.seconds,
        ]
        if let e = r.maxAbsoluteError { o["maxAbsoluteError"] = e }
        if let s = r.sampleInputPath { o["sampleInput"] = s }
        return o
    }

    static func setup(_ r: SetupReport) -> [String: Any] {
        [
            "bundle": r.bundlePath, "provingKeyBytes": r.provingKeyBytes, "verifyingKeySHA256": r.verifyingKeySHA256,
            "verificationKey": r.verificationKeyJSONPath, "seconds": r.seconds, "provenance": r.provenance,
            "provingKey": FileIO.join(r.bundlePath, r.provingKeyFile),
        ]
    }

    static func prove(_ r: ProveReport) -> [String: Any] {
        var o: [String: Any] = [
            "proof": r.proofPath, "public": r.publicPath, "outputFile": r.outputPath, "output": r.output,
            "outputShape": r.outputShape, "publicSignals": r.publicSignalCount, "proofSHA256": r.proofSHA256,
            "witnessSeconds": r.witnessSeconds, "proveSeconds": r.proveSeconds,
        ]
        if let c = r.predictedClass { o["predictedClass"] = c }
        return o
    }

    static func verify(_ r: VerifyReport) -> [String: Any] {
        ["valid": r.valid, "publicSignals": r.publicSignalCount, "seconds": r.seconds]
    }
}
