import Foundation
import Testing

/// Issue 10 through the built binary: no false "valid"/"ok" from `ledger verify`, the torn-tail/damage distinction,
/// messages that name the right thing, and the bundle checks of `prove` and `inspect`.
@Suite("Issue 10 end to end")
struct Issue10EndToEndTests {
    /// A ledger of three records of the shared proof; returns its path and root.
    static func ledger(in dir: URL) throws -> (path: String, root: String) {
        let shared = try Fixtures.provedTinyBundle()
        let ledger = dir.appendingPathComponent("l.ledger").path
        for _ in 0..<3 {
            let r = try runZKInfer([
                "ledger", "append", shared.bundle, "--proof-dir", shared.proofDir, "--ledger", ledger,
            ])
            try #require(r.status == 0, "\(r)")
        }
        let head = try runZKInfer(["ledger", "show", "--ledger", ledger, "--json"]).jsonObject()
        return (ledger, try #require(head["rootHash"] as? String))
    }

    static func write(_ text: String, _ dir: URL, _ name: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("an inclusion proof whose tree size was changed is not accepted")
    func inclusionSizeTampered() throws {
        try withTemporaryDirectory { dir in
            let (ledger, root) = try Self.ledger(in: dir)
            let proof = try runZKInfer(["ledger", "inclusion", "1", "--ledger", ledger]).stdout
            let good = try Self.write(proof, dir, "good.json")
            #expect(try runZKInfer(["ledger", "verify", "--proof", good, "--size", "3", "--root", root]).status == 0)
            // A root alone is not a tree head.
            let rootOnly = try runZKInfer(["ledger", "verify", "--proof", good, "--root", root])
            #expect(rootOnly.status == 2 && rootOnly.stderr.contains("--size"), "\(rootOnly)")
            for size in ["2", "4", "11"] {
                let path = try Self.write(
                    proof.replacingOccurrences(of: "\"treeSize\": 3", with: "\"treeSize\": \(size)"),
                    dir, "size\(size).json")
                let given = try runZKInfer(["ledger", "verify", "--proof", path, "--size", "3", "--root", root])
                #expect(given.status == 1, "size \(size): \(given)")
                #expect(!given.stdout.hasPrefix("valid"), "size \(size): \(given)")
                let fromLedger = try runZKInfer(["ledger", "verify", "--proof", path, "--ledger", ledger])
                #expect(fromLedger.status != 0, "size \(size): \(fromLedger)")
            }
        }
    }

    @Test("a consistency proof whose sizes were changed is not accepted")
    func consistencySizeTampered() throws {
        try withTemporaryDirectory { dir in
            let (ledger, _) = try Self.ledger(in: dir)
            let proof = try runZKInfer(["ledger", "consistency", "1", "3", "--ledger", ledger]).stdout
            for (from, to) in [("\"firstSize\": 1", "\"firstSize\": 2"), ("\"secondSize\": 3", "\"secondSize\": 2")] {
                let path = try Self.write(proof.replacingOccurrences(of: from, with: to), dir, "c.json")
                let r = try runZKInfer(["ledger", "verify", "--proof", path, "--ledger", ledger])
                #expect(r.status != 0 && !r.stdout.hasPrefix("valid"), "\(to): \(r)")
            }
        }
    }

    @Test("the rootHash/leafHash fields of a proof file are checked against what is recomputed")
    func proofFileHashesChecked() throws {
        try withTemporaryDirectory { dir in
            let (ledger, root) = try Self.ledger(in: dir)
            let inclusion = try runZKInfer(["ledger", "inclusion", "1", "--ledger", ledger]).stdout
            var object = try #require(try JSONSerialization.jsonObject(with: Data(inclusion.utf8)) as? [String: Any])
            for field in ["rootHash", "leafHash"] {
                var tampered = object
                tampered[field] = String(repeating: "ab", count: 32)
                let path = dir.appendingPathComponent("\(field).json").path
                try writeJSON(tampered, to: path)
                let r = try runZKInfer(["ledger", "verify", "--proof", path, "--size", "3", "--root", root])
                #expect(r.status == 1 && r.stdout.contains(field), "\(field): \(r)")
            }
            object["rootHash"] = nil
            object["leafHash"] = nil
            let bare = dir.appendingPathComponent("bare.json").path
            try writeJSON(object, to: bare)
            #expect(try runZKInfer(["ledger", "verify", "--proof", bare, "--size", "3", "--root", root]).status == 0)
            let consistency = try runZKInfer(["ledger", "consistency", "1", "3", "--ledger", ledger]).stdout
            let c = try Self.write(
                consistency.replacingOccurrences(
                    of: "\"secondRootHash\": \"\(root)\"",
                    with: "\"secondRootHash\": \"\(String(repeating: "0", count: 64))\""),
                dir, "c.json")
            #expect(try runZKInfer(["ledger", "verify", "--proof", c, "--ledger", ledger]).status == 1)
        }
    }

    @Test("ledger verify --root without --proof compares the root (exit 1 when different)")
    func verifyRootWithoutProof() throws {
        try withTemporaryDirectory { dir in
            let (ledger, root) = try Self.ledger(in: dir)
            let wrong = String(repeating: "0", count: 64)
            let bad = try runZKInfer(["ledger", "verify", "--ledger", ledger, "--root", wrong])
            #expect(bad.status == 1 && !bad.stdout.contains("ok"), "\(bad)")
            #expect(try runZKInfer(["ledger", "verify", "--ledger", ledger, "--root", root]).status == 0)
            #expect(
                try runZKInfer(["ledger", "verify", "--ledger", ledger, "--size", "3", "--root", root]).status == 0)
            #expect(
                try runZKInfer(["ledger", "verify", "--ledger", ledger, "--size", "2", "--root", root]).status == 1)
            let oldOnly = try runZKInfer(["ledger", "verify", "--ledger", ledger, "--old-root", wrong])
            #expect(oldOnly.status == 2, "\(oldOnly)")
            let old = try runZKInfer(["ledger", "verify", "--ledger", ledger, "--old-size", "3", "--old-root", wrong])
            #expect(old.status == 1, "\(old)")
        }
    }

    @Test("a damaged complete last record is corruption (exit 1, nothing cut); a torn tail is noted and cut")
    func tornTailVersusDamage() throws {
        try withTemporaryDirectory { dir in
            let (ledger, _) = try Self.ledger(in: dir)
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ledger)))
            var damaged = original
            damaged[damaged.count - 40] ^= 0x80
            try Data(damaged).write(to: URL(fileURLWithPath: ledger))
            for command in [["ledger", "verify"], ["ledger", "show"]] {
                let r = try runZKInfer(command + ["--ledger", ledger])
                #expect(r.status == 1 && (r.stdout + r.stderr).contains("record #2"), "\(command): \(r)")
                #expect(
                    try [UInt8](Data(contentsOf: URL(fileURLWithPath: ledger))) == damaged,
                    "\(command) modified the file")
            }
            try Data(original.dropLast(100)).write(to: URL(fileURLWithPath: ledger))
            let verify = try runZKInfer(["ledger", "verify", "--ledger", ledger])
            #expect(verify.status == 0 && verify.stdout.contains("ok: 2 records"), "\(verify)")
            #expect(verify.stderr.contains("interrupted append"), "\(verify)")
            let show = try runZKInfer(["ledger", "show", "--ledger", ledger])
            #expect(show.status == 0 && show.stderr.contains("discarded torn record #2"), "\(show)")
        }
    }

    @Test("a 0-byte ledger is an empty ledger for verify and show alike")
    func emptyLedgerFile() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir.appendingPathComponent("empty.ledger").path
            #expect(FileManager.default.createFile(atPath: ledger, contents: Data()))
            let verify = try runZKInfer(["ledger", "verify", "--ledger", ledger])
            #expect(verify.status == 0 && verify.stdout.contains("tree size 0"), "\(verify)")
            let show = try runZKInfer(["ledger", "show", "--ledger", ledger])
            #expect(show.status == 0 && show.stdout.contains("tree size 0"), "\(show)")
        }
    }

    @Test("messages: tree size beyond the log, negative numbers, file named once, a directory, control characters")
    func messages() throws {
        try withTemporaryDirectory { dir in
            let (ledger, _) = try Self.ledger(in: dir)
            let beyond = try runZKInfer(["ledger", "inclusion", "1", "--size", "11", "--ledger", ledger])
            #expect(
                beyond.status == 2 && beyond.stderr.contains("tree size 11 exceeds the log's 3 records"), "\(beyond)")
            let negative = try runZKInfer(["ledger", "inclusion", "-1", "--ledger", ledger])
            #expect(negative.status == 2 && negative.stderr.contains("invalid N '-1'"), "\(negative)")
            let garbage = try Self.write("ZKINFLOG but not a header", dir, "garbage.ledger")
            let twice = try runZKInfer(["ledger", "verify", "--ledger", garbage])
            #expect(twice.status != 0 && twice.stderr.components(separatedBy: garbage).count == 2, "\(twice)")
            let directory = try runZKInfer(["ledger", "show", "--ledger", dir.path])
            #expect(directory.status == 2 && directory.stderr.contains("is a directory"), "\(directory)")
            let evil = try Self.write(
                """
                {"format": "zkinfer-model", "version": 1, "input": {"shape": [1, 4]},
                 "layers": [{"op": "ev\\u001b[2Jil\\nop"}]}
                """, dir, "evil.json")
            let r = try runZKInfer(["compile", evil, "-o", dir.appendingPathComponent("e").path])
            #expect(r.status == 2 && r.stderr.split(separator: "\n").count == 1, "\(r)")
            #expect(!r.stderr.contains("\u{1B}") && r.stderr.contains("\\u{1B}"), "\(r)")
        }
    }

    @Test("verify names proof.json when the bad point is in the proof")
    func verifyNamesProofFile() throws {
        let shared = try Fixtures.provedTinyBundle()
        try withTemporaryDirectory { dir in
            var proof = try #require(try readJSON(shared.proof) as? [String: Any])
            proof["pi_a"] = ["0", "1", "0"]
            let path = dir.appendingPathComponent("proof.json").path
            try writeJSON(proof, to: path)
            let r = try runZKInfer(["verify", "--vk", shared.vk, "--proof", path, "--public", shared.publicSignals])
            #expect(r.status == 2 && r.stderr.contains(path) && !r.stderr.contains("public.json"), "\(r)")
        }
    }

    @Test("prove checks the bundle files it uses; inspect reports a missing or changed file instead of a digest")
    func bundleFilesChecked() throws {
        let shared = try Fixtures.provedTinyBundle()
        try withTemporaryDirectory { dir in
            let bundle = dir.appendingPathComponent("b").path
            try FileManager.default.copyItem(atPath: shared.bundle, toPath: bundle)
            let vk = bundle + "/verifying.key"
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: vk)))
            bytes[100] ^= 1
            try Data(bytes).write(to: URL(fileURLWithPath: vk))
            let prove = try runZKInfer([
                "prove", bundle, "--input", shared.model.inputPath, "-o", dir.appendingPathComponent("p").path,
            ])
            #expect(prove.status == 2 && prove.stderr.contains("verifying.key"), "\(prove)")
            try FileManager.default.removeItem(atPath: bundle + "/model.json")
            let inspect = try runZKInfer(["inspect", bundle])
            #expect(inspect.status == 0, "\(inspect)")
            #expect(inspect.stdout.contains("model.json MISSING"), "\(inspect)")
            #expect(inspect.stdout.contains("verifying.key DIFFERS"), "\(inspect)")
        }
    }
}
