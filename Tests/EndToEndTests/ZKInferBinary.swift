import Foundation
import Testing

/// The built `zkinfer` executable and a way to run it, for the end-to-end tests.
///
/// The binary is looked up next to the test bundle (SwiftPM puts every product of a configuration in one
/// directory, e.g. `.build/x86_64-unknown-linux-gnu/release/`): `swift test -c release` builds it because it
/// is a product of the package. `ZKINFER_BINARY` overrides the location.
enum ZKInferBinary {
    /// The products directory that holds the running test bundle.
    static var productsDirectory: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent()
        #else
        // Linux: the test runner is an executable `<products>/<package>PackageTests.xctest`.
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent()
        #endif
    }

    /// Path of the `zkinfer` binary, or nil with the places that were searched.
    static func locate() -> (path: String?, searched: [String]) {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["ZKINFER_BINARY"] { candidates.append(override) }
        candidates.append(productsDirectory.appendingPathComponent("zkinfer").path)
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("zkinfer").path)
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        return (found, candidates)
    }

    /// The binary's path; records a test failure explaining how to build it when it is missing.
    static func path(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let (path, searched) = locate()
        guard let path else {
            Issue.record(
                """
                the zkinfer executable was not found (searched: \(searched.joined(separator: ", "))). \
                Build it with 'swift build -c release' (or run 'swift test -c release', which builds every product), \
                or set ZKINFER_BINARY to its path.
                """, sourceLocation: sourceLocation)
            throw MissingBinary()
        }
        return path
    }

    struct MissingBinary: Error {}

    /// The package root (for Circuits/): the nearest ancestor of this source file that has Package.swift.
    static var packageRoot: URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }
}

/// The result of running the binary once.
struct RunResult: CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String
    let arguments: [String]

    var description: String {
        "zkinfer \(arguments.joined(separator: " ")) → exit \(status)\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)"
    }

    /// stdout parsed as a JSON object (for `--json` runs).
    func jsonObject() throws -> [String: Any] {
        let any = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        guard let o = any as? [String: Any] else { throw NotAnObject(text: stdout) }
        return o
    }

    struct NotAnObject: Error { let text: String }
}

/// Runs `zkinfer` with `arguments` in `directory`, waiting for it to exit. Output is read on background
/// threads so a chatty child cannot fill a pipe and deadlock.
func runZKInfer(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil, binary: String? = nil
) throws -> RunResult {
    let executable = URL(fileURLWithPath: try binary ?? ZKInferBinary.path())
    var process = Process()
    let out = Pipe()
    let err = Pipe()
    // A binary copied just before (the embedded-model test) can fail to start with ETXTBSY while a child that
    // another test thread forked meanwhile still holds the copy's write descriptor; that child execs or exits
    // within milliseconds, so the launch is retried for up to a second.
    for attempt in 1...50 {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
            break
        } catch let error as NSError {
            let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
            guard attempt < 50, underlying?.domain == NSPOSIXErrorDomain, underlying?.code == Int(ETXTBSY) else {
                throw error
            }
            usleep(20_000)
        }
    }
    let collector = OutputCollector()
    let group = DispatchGroup()
    for (handle, isOut) in [(out.fileHandleForReading, true), (err.fileHandleForReading, false)] {
        group.enter()
        DispatchQueue.global().async {
            let data = handle.readDataToEndOfFile()
            collector.set(data, stdout: isOut)
            group.leave()
        }
    }
    process.waitUntilExit()
    group.wait()
    return RunResult(
        status: process.terminationStatus, stdout: collector.stdoutText, stderr: collector.stderrText,
        arguments: arguments)
}

private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()
    func set(_ data: Data, stdout: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if stdout { out = data } else { err = data }
    }
    var stdoutText: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: out, as: UTF8.self)
    }
    var stderrText: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: err, as: UTF8.self)
    }
}

/// A fresh temporary directory, removed when the closure returns.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zkinfer-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir)
}
