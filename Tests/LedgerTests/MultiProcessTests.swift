import Foundation
import Ledger
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Real multi-process tests. The test binary re-runs itself (`/proc/self/exe --testing-library swift-testing
/// --filter childAppender`) with `ZKINFER_LEDGER_CHILD_*` set; in that child only `childAppender` runs and appends
/// records through `LedgerStore`, writing "<i> <index>" to an ack file after each `append` returned.
enum ChildProcess {
    static let environment = ProcessInfo.processInfo.environment
    static var isChild: Bool { environment["ZKINFER_LEDGER_CHILD_PATH"] != nil }

    /// The records child `id` appends, in order (large JSON outputs, so a kill often lands inside a write).
    static func record(id: Int, _ i: Int) -> AttestationRecord {
        let d = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ id &* 7 &+ i) }
        let text = "\"" + String(repeating: "abcdefgh", count: 16_384) + "\(id)-\(i)\""
        return try! AttestationRecord(
            modelDigest: d, circuitDigest: d, verifyingKeyDigest: d, publicSignals: [String(id), String(i)],
            output: .json(text), proofDigest: d, timestamp: 1_700_000_000 + Int64(i), zkinferVersion: "child-\(id)")
    }

    /// Spawns a child appender; `count` 0 = until killed.
    static func spawn(path: String, id: Int, count: Int, acks: String) throws -> Process {
        let child = Process()
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = ["--testing-library", "swift-testing", "--filter", "childAppender"]
        var env = environment
        env["ZKINFER_LEDGER_CHILD_PATH"] = path
        env["ZKINFER_LEDGER_CHILD_ID"] = String(id)
        env["ZKINFER_LEDGER_CHILD_COUNT"] = String(count)
        env["ZKINFER_LEDGER_CHILD_ACKS"] = acks
        child.environment = env
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        return child
    }

    /// Parsed ack file: (i, index) pairs.
    static func acks(_ path: String) -> [(i: Int, index: UInt64)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let i = Int(parts[0]), let index = UInt64(parts[1]) else { return nil }
            return (i, index)
        }
    }
}

@Suite struct MultiProcessTests {
    /// The child side (skipped in a normal run).
    @Test(.enabled(if: ChildProcess.isChild)) func childAppender() throws {
        let env = ChildProcess.environment
        let path = try #require(env["ZKINFER_LEDGER_CHILD_PATH"])
        let id = try #require(Int(env["ZKINFER_LEDGER_CHILD_ID"] ?? ""))
        let count = try #require(Int(env["ZKINFER_LEDGER_CHILD_COUNT"] ?? ""))
        let acks = open(try #require(env["ZKINFER_LEDGER_CHILD_ACKS"]), O_WRONLY | O_CREAT | O_APPEND, 0o644)
        #expect(acks >= 0)
        let store = try LedgerStore(path: path)
        var i = 0
        while count == 0 || i < count {
            let receipt = try store.append(ChildProcess.record(id: id, i))
            let line = Array("\(i) \(receipt.index)\n".utf8)
            _ = line.withUnsafeBytes { write(acks, $0.baseAddress, $0.count) }
            i += 1
        }
        close(acks)
    }

    /// A writer process is SIGKILLed while appending in a loop. Every append that had returned (acknowledged in the
    /// ack file) is in the log after reopening; a torn last frame, if the kill landed inside a write, is reported
    /// and cut; the log verifies.
    @Test(.enabled(if: !ChildProcess.isChild)) func killedWriterLosesNoAcknowledgedRecord() throws {
        let path = Fixtures.temporaryLedgerPath()
        defer { Fixtures.cleanUp(path) }
        let acksPath = path + ".acks"
        _ = try LedgerStore(path: path)
        let child = try ChildProcess.spawn(path: path, id: 1, count: 0, acks: acksPath)
        let deadline = Date().addingTimeInterval(60)
        while ChildProcess.acks(acksPath).count < 12 && Date() < deadline && child.isRunning { usleep(2000) }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        let acked = ChildProcess.acks(acksPath)
        #expect(acked.count >= 12, "child acknowledged only \(acked.count) appends")
        for (n, ack) in acked.enumerated() { #expect(ack.i == n && ack.index == UInt64(n)) }

        let (store, note) = try LedgerStore.open(path: path)
        // The append in flight at the kill may or may not have completed its write; nothing acknowledged is lost.
        #expect(
            store.count == acked.count || store.count == acked.count + 1,
            "count \(store.count), acked \(acked.count)")
        if let note { #expect(note.recordIndex == store.count) }
        for i in 0..<store.count { #expect(try store.record(at: i) == ChildProcess.record(id: 1, i), "record \(i)") }
        try store.verifyAll()
    }

    /// Two writer processes append concurrently through their own `LedgerStore`s: the log holds every record of
    /// both, each process's records in its own order, and every acknowledged index points at the right record.
    @Test(.enabled(if: !ChildProcess.isChild)) func twoWriterProcesses() throws {
        let path = Fixtures.temporaryLedgerPath()
        defer { Fixtures.cleanUp(path) }
        _ = try LedgerStore(path: path)
        let perChild = 15
        let children = try (1...2).map {
            try ChildProcess.spawn(path: path, id: $0, count: perChild, acks: path + ".acks\($0)")
        }
        for child in children { child.waitUntilExit() }
        for child in children { #expect(child.terminationStatus == 0 && child.terminationReason == .exit) }
        let (store, note) = try LedgerStore.open(path: path)
        #expect(note == nil)
        #expect(store.count == 2 * perChild)
        try store.verifyAll()
        for id in 1...2 {
            let acked = ChildProcess.acks(path + ".acks\(id)")
            #expect(acked.count == perChild)
            var previous: UInt64? = nil
            for ack in acked {
                #expect(try store.record(at: Int(ack.index)) == ChildProcess.record(id: id, ack.i))
                if let previous { #expect(ack.index > previous) }
                previous = ack.index
            }
        }
    }
}
