import BN254
import Compiler
import Foundation
import Groth16

/// How `Pipeline.proveSegmentsOnRay` uses the cluster.
public struct RayOptions: Sendable {
    /// The job server: `host:port` of the head node's dashboard (default port 8265) or an http(s) URL.
    public var address: String
    /// The zkinfer binary as the workers see it (default: this binary's path, for a shared file system).
    public var zkinferPath: String
    /// CPUs reserved per segment job (`entrypoint_num_cpus`): at most one job per that many free CPUs runs.
    public var cpusPerSegment: Double = 1
    /// Attempts per segment before giving up (a failed, stopped or lost job, or a wrong result, is retried).
    public var maxAttempts: Int = 3
    /// The job's `runtime_env` as JSON (e.g. `{"working_dir": "s3://…/job.zip"}`); nil for a shared path, in which
    /// case the bundle and input paths are passed absolute.
    public var runtimeEnvJSON: String?
    /// Seconds between status polls.
    public var pollInterval: Double = 0.5

    /// Options for `address` running `zkinferPath` on the workers.
    public init(address: String, zkinferPath: String) {
        self.address = address
        self.zkinferPath = zkinferPath
    }
}

/// One segment's job on Ray, in seconds since the run began (the benchmark's timeline).
public struct RaySegmentTiming: Sendable {
    /// The segment.
    public var index: Int
    /// The submission id of the attempt that succeeded.
    public var jobID: String
    /// Attempts it took (1 = no retry).
    public var attempts: Int
    /// When the successful attempt was submitted.
    public var submitted: Double
    /// When it was first seen running (nil if never seen between polls).
    public var started: Double?
    /// When it was seen finished.
    public var finished: Double
}

extension Pipeline {
    /// Proves every segment of a segmented bundle as one Ray job each (Ray Jobs REST API; no Python here). Each
    /// job runs `zkinfer prove BUNDLE --input FILE --segment I --json` on a worker; its proof and public signals come
    /// back in the job's logs, are checked against the segment's verifying key and against the public signals
    /// computed locally from the same fixed-point run (so the result is the one local proving gives), and are
    /// written to `<outdir>/segment-<i>/`. A failed, stopped or vanished job, or a wrong result, is resubmitted (up
    /// to `maxAttempts`). Finally the whole chain is verified and `output.json` written. `log` receives one line per
    /// job event (for stderr).
    public static func proveSegmentsOnRay(
        bundle: String, input: String, outputDirectory: String, ray: RayOptions,
        log: @escaping @Sendable (String) -> Void
    ) throws(ZKInferError) -> SegmentedProveReport {
        let client = try RayJobsClient(address: ray.address)
        let (m, segments) = try loadSegments(bundle: bundle)
        for s in segments where s.manifest.keys == nil {
            throw .bundleIncomplete(path: s.path, missing: "proving key", hint: "run 'zkinfer setup \(bundle)' first")
        }
        var runtimeEnv: [String: Any]?
        if let text = ray.runtimeEnvJSON {
            guard let o = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw .invalidInput(path: "--ray-runtime-env", reason: "not a JSON object")
            }
            runtimeEnv = o
        }
        let tensor = try loadInput(input)
        let compiled = segments[0].compiled
        let begin = DispatchTime.now().uptimeNanoseconds
        var expected: [[Fr]] = []
        let trace: [[Int64]]
        do throws(CompilerError) {
            trace = try compiled.trace(input: tensor)
            for s in segments { expected.append(try s.compiled.publicSignals(trace: trace)) }
        } catch { throw .invalidInput(path: input, reason: error.description) }
        let traceSeconds = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
        let version = try client.version()
        log("ray: job server \(client.base) (Ray \(version)), \(segments.count) segments")

        let absolute = { (p: String) in ray.runtimeEnvJSON == nil ? URL(fileURLWithPath: p).standardized.path : p }
        let run = String(UInt64.random(in: 0..<(1 << 40)), radix: 36)
        func entrypoint(_ i: Int, _ id: String) -> String {
            [
                ray.zkinferPath, "prove", absolute(bundle), "--input", absolute(input), "--segment", "\(i)", "-o",
                "/tmp/zkinfer-ray-\(id)", "--json",
            ].map(shellQuoted).joined(separator: " ")
        }
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9 }
        struct Job { var id = "", attempt = 0, submitted = 0.0, started: Double?, done = false }
        var jobs = [Job](repeating: Job(), count: segments.count)
        var timeline: [RaySegmentTiming?] = Array(repeating: nil, count: segments.count)
        func submit(_ i: Int, after reason: String?) throws(ZKInferError) {
            let label = "segment \(i + 1)/\(segments.count)"
            guard jobs[i].attempt < ray.maxAttempts else {
                throw .io(path: client.base, reason: "\(label) failed \(jobs[i].attempt) times; last: \(reason ?? "?")")
            }
            if let reason { log("\(label): \(reason); retrying") }
            jobs[i].attempt += 1
            jobs[i].id = "zkinfer-\(run)-s\(i)-a\(jobs[i].attempt)"
            jobs[i].submitted = now()
            jobs[i].started = nil
            try client.submit(
                entrypoint: entrypoint(i, jobs[i].id), submissionID: jobs[i].id,
                cpus: ray.cpusPerSegment, runtimeEnv: runtimeEnv)
            log("\(label): submitted job \(jobs[i].id) (attempt \(jobs[i].attempt)/\(ray.maxAttempts))")
        }
        for i in segments.indices { try submit(i, after: nil) }
        while jobs.contains(where: { !$0.done }) {
            Thread.sleep(forTimeInterval: ray.pollInterval)
            for i in segments.indices where !jobs[i].done {
                let label = "segment \(i + 1)/\(segments.count)"
                guard let st = try client.status(jobs[i].id) else {
                    try submit(i, after: "job \(jobs[i].id) is unknown to the job server (lost)")
                    continue
                }
                if st.status == "RUNNING", jobs[i].started == nil {
                    jobs[i].started = now()
                    log("\(label): running (\(jobs[i].id))")
                }
                guard st.isTerminal else { continue }
                guard st.status == "SUCCEEDED" else {
                    try submit(i, after: "job \(jobs[i].id) \(st.status.lowercased()): \(st.message.prefix(200))")
                    continue
                }
                let logs = try client.logs(jobs[i].id)
                do {
                    try acceptRayResult(
                        logs, segment: segments[i], expected: expected[i],
                        outputDirectory: outputDirectory)
                } catch {
                    try submit(i, after: "job \(jobs[i].id) returned no usable proof (\(error.description))")
                    continue
                }
                jobs[i].done = true
                let t = RaySegmentTiming(
                    index: i, jobID: jobs[i].id, attempts: jobs[i].attempt,
                    submitted: jobs[i].submitted, started: jobs[i].started, finished: now())
                timeline[i] = t
                log("\(label): proved by \(t.jobID) in \(String(format: "%.1f", t.finished - t.submitted)) s")
            }
        }
        let checked = try checkSegments(bundle: bundle, proofDirectory: outputDirectory)
        guard checked.report.valid else {
            throw .proofInvalid(
                reason: "the segment proofs from Ray do not verify together: \(checked.report.reason ?? "")")
        }
        let out = compiled.output(integers: trace[compiled.program.outputTensor])
        let outputPath = try writeSegmentedOutput(m, compiled, out, outputDirectory: outputDirectory)
        let reports = segments.map { s in
            SegmentProofReport(
                index: s.index,
                proofPath: FileIO.join(segmentProofDirectory(outputDirectory, s.index), BundleLayout.proof),
                publicPath: FileIO.join(segmentProofDirectory(outputDirectory, s.index), BundleLayout.publicSignals),
                constraints: s.manifest.constraintCount, witnessSeconds: 0, proveSeconds: 0, proofJSON: "",
                publicJSON: "")
        }
        return SegmentedProveReport(
            segments: reports, outputPath: outputPath, output: out.values, outputShape: out.shape,
            predictedClass: predictedClass(compiled, out), traceSeconds: traceSeconds,
            timeline: timeline.compactMap { $0 })
    }

    /// Reads a segment job's `--json` report from its logs (the last top-level JSON object), checks the proof
    /// against the segment's verifying key and the public signals against `expected`, and writes both files.
    static func acceptRayResult(_ logs: String, segment s: LoadedSegment, expected: [Fr], outputDirectory: String)
        throws(ZKInferError)
    {
        let lines = logs.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.lastIndex(where: { $0 == "{" }),
            let o = try? JSONSerialization.jsonObject(with: Data(lines[start...].joined(separator: "\n").utf8))
                as? [String: Any],
            let items = o["segments"] as? [[String: Any]], let item = items.first,
            item["index"] as? Int == s.index, let proofText = item["proofJSON"] as? String,
            let publicText = item["publicJSON"] as? String
        else { throw .malformed(path: "job logs", reason: "no zkinfer JSON report for segment \(s.index)") }
        let proof: Proof
        let signals: [Fr]
        do {
            proof = try SnarkJS.parseProof(json: proofText)
            signals = try SnarkJS.parsePublic(json: publicText)
        } catch { throw .malformed(path: "job logs", reason: error.description) }
        guard signals == expected else {
            throw .proofInvalid(reason: "public signals differ from the local fixed-point run")
        }
        guard let keys = s.manifest.keys else { throw .internalFailure("segment without keys") }
        let vkPath = FileIO.join(s.path, BundleLayout.verifyingKey)
        let (vk, _) = try loadBundleVerifyingKey(vkPath, keys: keys)
        guard try check(vk: vk, signals: signals, proof: proof, paths: (vkPath, "job logs", "job logs")) else {
            throw .proofInvalid(reason: "the proof does not verify with \(vkPath)")
        }
        let directory = segmentProofDirectory(outputDirectory, s.index)
        try FileIO.makeDirectory(directory)
        try FileIO.write(proofText, to: FileIO.join(directory, BundleLayout.proof))
        try FileIO.write(publicText, to: FileIO.join(directory, BundleLayout.publicSignals))
    }

    /// `s` quoted for a POSIX shell (single quotes; a quote inside becomes '\'').
    static func shellQuoted(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
