import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client of the Ray Jobs REST API on a cluster's head node (dashboard port, default 8265; see
/// https://docs.ray.io/en/latest/cluster/running-applications/job-submission/api.html): submit a job
/// (`POST /api/jobs/`), read its status (`GET /api/jobs/{id}`) and logs (`GET /api/jobs/{id}/logs`), stop it
/// (`POST /api/jobs/{id}/stop`). Synchronous (one request at a time, each with a timeout).
///
/// Invariant: `base` is an http(s) URL without a trailing slash.
public struct RayJobsClient: Sendable {
    /// The job server, e.g. `http://127.0.0.1:8265`.
    public let base: String
    /// Seconds before a request is abandoned.
    public var timeout: Double = 30

    /// A client for `address`: `host:port` or an `http(s)://` URL. Throws `.invalidInput` for anything else.
    public init(address: String) throws(ZKInferError) {
        var a = address.hasPrefix("http://") || address.hasPrefix("https://") ? address : "http://" + address
        while a.hasSuffix("/") { a.removeLast() }
        guard let url = URL(string: a), url.host != nil else {
            throw .invalidInput(path: "--ray", reason: "'\(address)' is not a host:port or http(s) URL")
        }
        base = a
    }

    /// A job's state as the job server reports it.
    public struct JobStatus: Sendable, Equatable {
        /// PENDING, RUNNING, STOPPED, SUCCEEDED or FAILED.
        public var status: String
        /// The server's message (why a job failed, for instance).
        public var message: String
        /// Whether the job will not change any more.
        public var isTerminal: Bool { ["STOPPED", "SUCCEEDED", "FAILED"].contains(status) }
    }

    /// Submits `entrypoint` (a shell command) as job `submissionID`, reserving `cpus` CPUs for it (so that the
    /// entrypoint is scheduled on a node with that many free CPUs: one segment per worker slot).
    public func submit(entrypoint: String, submissionID: String, cpus: Double, runtimeEnv: [String: Any]?)
        throws(ZKInferError)
    {
        var body: [String: Any] = [
            "entrypoint": entrypoint, "submission_id": submissionID, "entrypoint_num_cpus": cpus,
            "metadata": ["submitted_by": "zkinfer"],
        ]
        if let runtimeEnv { body["runtime_env"] = runtimeEnv }
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: body) } catch {
            throw .internalFailure("cannot encode the job request: \(error)")
        }
        let (code, reply) = try request("POST", "/api/jobs/", body: data)
        guard (200..<300).contains(code) else {
            throw .io(path: base, reason: "job submission failed (HTTP \(code)): \(Self.text(reply).prefix(300))")
        }
    }

    /// The status of job `id`; nil when the server does not know it (HTTP 404).
    public func status(_ id: String) throws(ZKInferError) -> JobStatus? {
        let (code, reply) = try request("GET", "/api/jobs/\(id)", body: nil)
        if code == 404 { return nil }
        guard code == 200, let o = try? JSONSerialization.jsonObject(with: reply) as? [String: Any],
            let status = o["status"] as? String
        else { throw .io(path: base, reason: "job status of \(id) unreadable (HTTP \(code))") }
        return JobStatus(status: status, message: o["message"] as? String ?? "")
    }

    /// The logs (stdout + stderr of the entrypoint) of job `id`.
    public func logs(_ id: String) throws(ZKInferError) -> String {
        let (code, reply) = try request("GET", "/api/jobs/\(id)/logs", body: nil)
        guard code == 200, let o = try? JSONSerialization.jsonObject(with: reply) as? [String: Any],
            let logs = o["logs"] as? String
        else { throw .io(path: base, reason: "logs of job \(id) unreadable (HTTP \(code))") }
        return logs
    }

    /// Asks the server to stop job `id` (best effort; errors are ignored).
    public func stop(_ id: String) {
        _ = try? request("POST", "/api/jobs/\(id)/stop", body: nil)
    }

    /// Whether the job server answers (`GET /api/version`).
    public func version() throws(ZKInferError) -> String {
        let (code, reply) = try request("GET", "/api/version", body: nil)
        guard code == 200, let o = try? JSONSerialization.jsonObject(with: reply) as? [String: Any] else {
            throw .io(path: base, reason: "not a Ray job server (GET /api/version: HTTP \(code))")
        }
        return o["ray_version"] as? String ?? "?"
    }

    private static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// One HTTP request, waited for; throws `.io` naming the server when it cannot be reached.
    private func request(_ method: String, _ path: String, body: Data?) throws(ZKInferError) -> (Int, Data) {
        guard let url = URL(string: base + path) else { throw .invalidInput(path: "--ray", reason: "bad URL \(path)") }
        var r = URLRequest(url: url, timeoutInterval: timeout)
        r.httpMethod = method
        if let body {
            r.httpBody = body
            r.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        final class Box: @unchecked Sendable {
            var result: (Int, Data)?
            var error: String?
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: r) { data, response, error in
            if let error {
                box.error = error.localizedDescription
            } else {
                box.result = ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())
            }
            done.signal()
        }.resume()
        done.wait()
        guard let result = box.result else {
            throw .io(path: base, reason: "Ray job server unreachable (\(box.error ?? "no response"))")
        }
        return result
    }
}
