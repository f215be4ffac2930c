import Foundation
import Testing

/// A throw-away local Ray cluster for the Ray tests: `ray start --head --block` plus one extra worker node
/// (`ray start --address … --block`), each with one CPU, on free ports, with its own temp dir. `stop()` ends
/// exactly these two process groups (each `ray start` leads its own), never other Ray clusters.
final class RayCluster: @unchecked Sendable {
    /// Whether `python3 -c "import ray"` works and `ray` is on PATH.
    static let available: Bool = {
        run(["python3", "-c", "import ray, ray.dashboard"]) == 0 && run(["sh", "-c", "command -v ray"]) == 0
    }()

    static let skipReason: Comment =
        "Ray is not installed: pip install 'ray[default]==2.60.0' (the Ray tests need a local cluster)"

    let directory: URL
    private(set) var dashboardAddress = ""
    private var processes: [Process] = []
    private var rayTemp: String?

    init(directory: URL) { self.directory = directory }

    /// Starts the head and one worker and waits until the job server answers (at most 90 s).
    func start() throws {
        let ports = try Self.freePorts(16)
        // Ray's Unix socket paths must stay under 107 bytes: a short temp dir of its own, removed by `stop()`.
        let temp = "/tmp/zkray-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        rayTemp = temp
        dashboardAddress = "127.0.0.1:\(ports[1])"
        let common = ["--block", "--num-cpus=1", "--disable-usage-stats"]
        try launch(
            [
                "ray", "start", "--head", "--port=\(ports[0])", "--dashboard-port=\(ports[1])",
                "--dashboard-host=127.0.0.1", "--include-dashboard=true", "--ray-client-server-port=\(ports[2])",
                "--node-manager-port=\(ports[3])", "--object-manager-port=\(ports[4])",
                "--dashboard-agent-listen-port=\(ports[5])", "--dashboard-agent-grpc-port=\(ports[6])",
                "--runtime-env-agent-port=\(ports[7])", "--metrics-export-port=\(ports[8])",
                "--temp-dir=\(temp)",
            ] + common, log: "head.log")
        try waitForJobServer(seconds: 90)
        try launch(
            [
                "ray", "start", "--address=127.0.0.1:\(ports[0])", "--node-manager-port=\(ports[9])",
                "--object-manager-port=\(ports[10])", "--dashboard-agent-listen-port=\(ports[11])",
                "--dashboard-agent-grpc-port=\(ports[12])", "--runtime-env-agent-port=\(ports[13])",
                "--metrics-export-port=\(ports[14])",
            ] + common, log: "worker.log")
        try waitForNodes(2, seconds: 60)
    }

    /// Terminates both `ray start --block` processes (they stop their node's processes), then kills whatever is
    /// left in their process groups.
    func stop() {
        for p in processes.reversed() where p.isRunning { kill(p.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(20)
        while processes.contains(where: \.isRunning), Date() < deadline { usleep(100_000) }
        // A group id is not reused while any member lives, so this reaches only what these nodes started.
        for p in processes { kill(-p.processIdentifier, SIGKILL) }
        processes = []
        if let rayTemp { try? FileManager.default.removeItem(atPath: rayTemp) }
        rayTemp = nil
    }

    deinit { stop() }

    private func launch(_ arguments: [String], log: String) throws {
        let p = Process()
        // Foundation starts the child as a process-group leader (pgid = pid), so `stop()` can end the node's
        // whole group without touching any other process.
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let logURL = directory.appendingPathComponent(log)
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logURL)
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        processes.append(p)
    }

    private func get(_ path: String) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c",
            "import urllib.request,sys;print(urllib.request.urlopen(sys.argv[1],timeout=5).read().decode())",
            "http://\(dashboardAddress)\(path)",
        ]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    private func waitForJobServer(seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if get("/api/version")?.contains("ray_version") == true { return }
            guard processes.allSatisfy(\.isRunning) else { break }
            sleep(1)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("head.log"), encoding: .utf8)) ?? ""
        throw ClusterError(message: "the Ray head did not start:\n\(log.suffix(2000))")
    }

    private func waitForNodes(_ n: Int, seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = get("/nodes?view=summary"), text.components(separatedBy: "\"ALIVE\"").count - 1 >= n {
                return
            }
            sleep(1)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("worker.log"), encoding: .utf8)) ?? ""
        throw ClusterError(message: "the Ray worker did not join:\n\(log.suffix(2000))")
    }

    struct ClusterError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// n distinct free TCP ports on 127.0.0.1 (bound together, then released).
    static func freePorts(_ n: Int) throws -> [Int] {
        var fds: [Int32] = []
        var ports: [Int] = []
        defer { for fd in fds { close(fd) } }
        for _ in 0..<n {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw ClusterError(message: "socket() failed") }
            fds.append(fd)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = 0
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ok = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
                }
            }
            guard ok else { throw ClusterError(message: "bind() failed") }
            ports.append(Int(UInt16(bigEndian: addr.sin_port)))
        }
        return ports
    }

    @discardableResult
    static func run(_ arguments: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
