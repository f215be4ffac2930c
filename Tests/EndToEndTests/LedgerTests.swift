import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `zkinfer ledger …` through the built binary: refusal of invalid proofs, tamper detection, crash safety
/// under SIGKILL, and concurrent appenders.
@Suite("Ledger end to end")
struct LedgerEndToEndTests {
    static func size(_ ledger: String) throws -> Int {
        let r = try runZKInfer(["ledger", "show", "--ledger", ledger, "--json"])
        try #require(r.status == 0, "\(r)")
        return try #require(try r.jsonObject()["treeSize"] as? Int)
    }

    @Test("append, show, inclusion and consistency proofs verify; --evm prints calldata")
    func appendAndProofs() throws {
        let shared = try Fixtures.provedTinyBundle()
        try withTemporaryDirectory { dir in
            let ledger = dir.appendingPathComponent("l.ledger").path
            for i in 0..<3 {
                let r = try runZKInfer([
                    "ledger", "append", shared.bundle, "--proof-dir", shared.proofDir, "--ledger", ledger, "--json",
                ])
                #expect(r.status == 0, "\(r)")
                #expect(try r.jsonObject()["index"] as? Int == i, "\(r)")
            }
            #expect(try Self.size(ledger) == 3)

            let inclusion = try runZKInfer(["ledger", "inclusion", "1", "--ledger", ledger])
            #expect(inclusion.status == 0, "\(inclusion)")
            let proofPath = dir.appendingPathComponent("inclusion.json").path
            try Data(inclusion.stdout.utf8).write(to: URL(fileURLWithPath: proofPath))
            let check = try runZKInfer(["ledger", "verify", "--proof", proofPath, "--ledger", ledger])
            #expect(check.status == 0, "\(check)")

            let head = try runZKInfer(["ledger", "show", "--ledger", ledger, "--json"]).jsonObject()
            let root = try #require(head["rootHash"] as? String)
            #expect(
                try runZKInfer(["ledger", "verify", "--proof", proofPath, "--size", "3", "--root", root]).status == 0)
            let wrongRoot = String(repeating: "0", count: 64)
            let bad = try runZKInfer(["ledger", "verify", "--proof", proofPath, "--size", "3", "--root", wrongRoot])
            #expect(bad.status == 1, "\(bad)")

            let consistency = try runZKInfer(["ledger", "consistency", "1", "3", "--ledger", ledger])
            #expect(consistency.status == 0, "\(consistency)")
            let cPath = dir.appendingPathComponent("consistency.json").path
            try Data(consistency.stdout.utf8).write(to: URL(fileURLWithPath: cPath))
            #expect(try runZKInfer(["ledger", "verify", "--proof", cPath, "--ledger", ledger]).status == 0)

            let evm = try runZKInfer(["ledger", "show", "--ledger", ledger, "--evm", "--json"]).jsonObject()
            let calldata = try #require(evm["calldata"] as? String)
            #expect(calldata.hasPrefix("0x") && calldata.count == 2 + 2 * 68, "\(calldata)")
            #expect(calldata.hasSuffix(root), "calldata must end with the root: \(calldata)")
        }
    }

    @Test("ledger append refuses a proof that does not verify")
    func refusesInvalidProof() throws {
        let shared = try Fixtures.provedTinyBundle()
        try withTemporaryDirectory { dir in
            let proofs = dir.appendingPathComponent("proofs")
            try FileManager.default.createDirectory(at: proofs, withIntermediateDirectories: true)
            for f in [shared.publicSignals, shared.output] { _ = try copyFile(f, to: proofs) }
            var proof = try #require(try readJSON(shared.proof) as? [String: Any])
            (proof["pi_a"], proof["pi_c"]) = (proof["pi_c"], proof["pi_a"])
            try writeJSON(proof, to: proofs.appendingPathComponent("proof.json").path)
            let ledger = dir.appendingPathComponent("l.ledger").path
            let r = try runZKInfer(["ledger", "append", shared.bundle, "--proof-dir", proofs.path, "--ledger", ledger])
            #expect(r.status == 1, "\(r)")
            #expect(r.stderr.contains("not"), "\(r)")
            let size = FileManager.default.fileExists(atPath: ledger) ? try Self.size(ledger) : 0
            #expect(size == 0, "an invalid proof was recorded")
        }
    }

    @Test("ledger verify after flipping a byte fails and names the record")
    func detectsFlippedByte() throws {
        let shared = try Fixtures.provedTinyBundle()
        try withTemporaryDirectory { dir in
            let ledger = dir.appendingPathComponent("l.ledger").path
            var sizes: [Int] = []
            for _ in 0..<3 {
                let r = try runZKInfer([
                    "ledger", "append", shared.bundle, "--proof-dir", shared.proofDir, "--ledger", ledger,
                ])
                try #require(r.status == 0, "\(r)")
                sizes.append(Fixtures.size(ledger))
            }
            #expect(try runZKInfer(["ledger", "verify", "--ledger", ledger]).status == 0)
            // A byte in the middle of the second record's bytes.
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ledger)))
            let offset = (sizes[0] + sizes[1]) / 2
            bytes[offset] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: ledger))
            let r = try runZKInfer(["ledger", "verify", "--ledger", ledger])
            #expect(r.status == 1, "\(r)")
            #expect((r.stdout + r.stderr).contains("record #1"), "\(r)")
        }
    }

    @Test("ledger verify is read-only: damage to the last record is reported, not repaired")
    func damagedLastRecord() throws {
        let shared = try Fixtures.provedTinyBundle()
        try withTemporaryDirectory { dir in
            let ledger = dir.appendingPathComponent("l.ledger").path
            for _ in 0..<3 {
                let r = try runZKInfer([
                    "ledger", "append", shared.bundle, "--proof-dir", shared.proofDir, "--ledger", ledger,
                ])
                try #require(r.status == 0, "\(r)")
            }
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ledger)))
            bytes[bytes.count - 40] ^= 0x80
            try Data(bytes).write(to: URL(fileURLWithPath: ledger))
            let r = try runZKInfer(["ledger", "verify", "--ledger", ledger])
            #expect(r.status == 1, "\(r)")
            #expect(r.stdout.contains("record #2"), "\(r)")
            #expect(
                try [UInt8](Data(contentsOf: URL(fileURLWithPath: ledger))) == bytes, "ledger verify modified the file")
        }
    }

    @Test("SIGKILL while appending loses no acknowledged record; the log verifies after reopening")
    func killDuringAppend() throws {
        let shared = try Fixtures.provedTinyBundle()
        let binary = try ZKInferBinary.path()
        try withTemporaryDirectory { dir in
            let ledger = dir.appendingPathComponent("l.ledger").path
            let acks = dir.appendingPathComponent("acks.txt").path
            #expect(FileManager.default.createFile(atPath: acks, contents: nil))
            // Each acknowledged append prints one line to acks.txt only after `zkinfer` exited 0.
            let script = """
                while :; do "$0" ledger append "$1" --proof-dir "$2" --ledger "$3" > /dev/null && echo ok >> "$4"; done
                """
            var rng = SystemRandomNumberGenerator()
            for round in 0..<4 {
                let child = try SpawnedGroup([
                    "/bin/sh", "-c", script, binary, shared.bundle, shared.proofDir, ledger, acks,
                ])
                usleep(UInt32.random(in: 150_000...450_000, using: &rng))
                child.killGroup()
                let acknowledged = try String(contentsOfFile: acks, encoding: .utf8).split(separator: "\n").count
                // Reopen (`ledger show` opens the store, which cuts away a torn tail), then verify read-only.
                let size = try Self.size(ledger)
                let check = try runZKInfer(["ledger", "verify", "--ledger", ledger])
                #expect(check.status == 0, "round \(round): \(check)")
                #expect(size >= acknowledged, "round \(round): \(acknowledged) acknowledged, \(size) in the log")
                #expect(size <= acknowledged + round + 1, "round \(round): more records than appends started")
            }
            #expect(try Self.size(ledger) > 0, "no append completed at all; the test proved nothing")
        }
    }

    @Test("two processes appending at once produce a valid log with every record")
    func concurrentAppenders() throws {
        let shared = try Fixtures.provedTinyBundle()
        let binary = try ZKInferBinary.path()
        try withTemporaryDirectory { dir in
            let ledger = dir.appendingPathComponent("l.ledger").path
            let perProcess = 8
            let script = """
                i=0; while [ $i -lt \(perProcess) ]; do "$0" ledger append "$1" --proof-dir "$2" --ledger "$3" > /dev/null || exit 1; i=$((i+1)); done
                """
            let children = try (0..<2).map { _ in
                try SpawnedGroup(["/bin/sh", "-c", script, binary, shared.bundle, shared.proofDir, ledger])
            }
            for c in children { #expect(c.wait() == 0) }
            #expect(try Self.size(ledger) == 2 * perProcess)
            let check = try runZKInfer(["ledger", "verify", "--ledger", ledger])
            #expect(check.status == 0, "\(check)")
        }
    }
}

/// A child process started in its own process group (posix_spawn with POSIX_SPAWN_SETPGROUP), so that the
/// whole group — the shell loop and the `zkinfer` it is running — can be killed with one SIGKILL.
final class SpawnedGroup {
    let pid: pid_t

    init(_ argv: [String]) throws {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attr, 0)
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], nil, &attr, &cArgs, environ)
        guard rc == 0 else { throw SpawnError(code: rc) }
        self.pid = pid
    }

    struct SpawnError: Error { let code: Int32 }

    /// SIGKILL to the whole group, then reap the leader.
    func killGroup() {
        kill(-pid, SIGKILL)
        _ = wait()
    }

    /// Waits for the leader; returns its exit status (or 128 + signal).
    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
