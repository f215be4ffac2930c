import Foundation
import ZKInfer

/// The segmented forms of `prove` and `verify` (a bundle with `segments.json`), and their text/JSON output.
enum SegmentReport {
    static func json(_ entries: [SegmentManifest.Entry]) -> [[String: Any]] {
        entries.map {
            [
                "directory": $0.directory, "firstLayer": $0.firstLayer, "endLayer": $0.endLayer,
                "constraints": $0.constraints, "circuitDigest": $0.circuitDigest,
            ]
        }
    }

    /// `zkinfer prove DIR --input FILE [--segment I | --ray ADDRESS …]` on a segmented bundle.
    static func prove(_ args: ParsedArguments, bundle: String, input: String, _ context: CommandContext) throws
        -> ExitStatus
    {
        let out = args.value("output") ?? bundle
        let report: SegmentedProveReport
        if let address = args.value("ray") {
            guard args.value("segment") == nil else { throw UsageError("--segment and --ray cannot be combined") }
            let own = Bundle.main.executablePath ?? CommandLine.arguments[0]
            var options = RayOptions(address: address, zkinferPath: args.value("ray-zkinfer") ?? own)
            options.runtimeEnvJSON = args.value("ray-runtime-env")
            options.cpusPerSegment = Double(try args.integer("ray-cpus", in: 1...1024) ?? 1)
            options.maxAttempts = try args.integer("ray-attempts", in: 1...100) ?? 3
            report = try Pipeline.proveSegmentsOnRay(
                bundle: bundle, input: input, outputDirectory: out, ray: options, log: { Console.err($0) })
        } else {
            report = try Pipeline.proveSegments(
                bundle: bundle, input: input, outputDirectory: out,
                only: try args.integer("segment", in: 0...100_000), progress: context.progress.handler)
        }
        context.emit(text: text(report), json: json(report))
        return .success
    }

    static func text(_ r: SegmentedProveReport) -> String {
        var lines: [String] = []
        if r.outputPath != nil {
            lines.append("output         \(ReportText.formatValues(r.output)) (shape \(r.outputShape))")
            if let c = r.predictedClass { lines.append("predicted      class \(c)") }
        }
        for s in r.segments {
            var line = "segment \(s.index)      \(s.proofPath), \(s.publicPath) (\(s.constraints) constraints"
            if s.proveSeconds > 0 {
                line += ", witness \(formatDuration(s.witnessSeconds)), prove \(formatDuration(s.proveSeconds))"
            }
            lines.append(line + ")")
        }
        for t in r.timeline {
            lines.append(
                String(
                    format: "ray segment %d  job %@: submitted %.1f s, started %@, finished %.1f s (%d attempt%@)",
                    t.index, t.jobID, t.submitted, t.started.map { String(format: "%.1f s", $0) } ?? "-",
                    t.finished, t.attempts, t.attempts == 1 ? "" : "s"))
        }
        if let p = r.outputPath { lines.append("output file    \(p)") }
        return lines.joined(separator: "\n")
    }

    static func json(_ r: SegmentedProveReport) -> [String: Any] {
        var o: [String: Any] = [
            "output": r.output, "outputShape": r.outputShape, "traceSeconds": r.traceSeconds,
            "segments": r.segments.map {
                [
                    "index": $0.index, "proof": $0.proofPath, "public": $0.publicPath, "constraints": $0.constraints,
                    "witnessSeconds": $0.witnessSeconds, "proveSeconds": $0.proveSeconds, "proofJSON": $0.proofJSON,
                    "publicJSON": $0.publicJSON,
                ] as [String: Any]
            },
        ]
        if let p = r.outputPath { o["outputFile"] = p }
        if let c = r.predictedClass { o["predictedClass"] = c }
        if !r.timeline.isEmpty {
            o["timeline"] = r.timeline.map {
                [
                    "index": $0.index, "job": $0.jobID, "attempts": $0.attempts, "submitted": $0.submitted,
                    "started": $0.started ?? NSNull(), "finished": $0.finished,
                ] as [String: Any]
            }
        }
        return o
    }

    /// `zkinfer verify DIR [--proof-dir OUTDIR]`: every segment proof and the hash chain; exit 0/1/2.
    static func verify(_ args: ParsedArguments, bundle: String, _ context: CommandContext) throws -> ExitStatus {
        for name in ["vk", "proof", "public"] where args.value(name) != nil {
            throw UsageError("--\(name) cannot be combined with a bundle DIR")
        }
        try requireDirectory(bundle)
        guard SegmentManifest.isSegmented(bundle: bundle) else {
            throw UsageError("\(bundle) is not a segmented bundle (use --vk, --proof and --public)")
        }
        let proofDir = args.value("proof-dir") ?? bundle
        try requireDirectory(proofDir)
        let r = try Pipeline.verifySegments(bundle: bundle, proofDirectory: proofDir)
        let line =
            r.valid
            ? "valid: \(r.segmentCount) segment proofs in \(proofDir) verify and link (\(r.publicSignalCount) public "
                + "signals, \(formatDuration(r.seconds)))"
            : "invalid: \(r.reason ?? "the segmented proof does not verify")"
        if context.json {
            var o: [String: Any] = [
                "valid": r.valid, "segments": r.segmentCount, "publicSignals": r.publicSignalCount,
                "seconds": r.seconds,
            ]
            if let reason = r.reason { o["reason"] = reason }
            Console.out(JSONText.compact(o))
        } else {
            Console.out(line)
        }
        return r.valid ? .success : .negative
    }
}
