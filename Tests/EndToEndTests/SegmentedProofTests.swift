import Foundation
import Testing

/// `compile --segments`, `setup`, `prove`, `verify` and `ledger append` on a segmented bundle, through the binary,
/// and the soundness cases of issue 14: a segment proof from another input, swapped segments, a broken hash link,
/// a segment proof checked with another segment's key — all rejected (never "valid", never recorded).
@Suite struct SegmentedProofTests {
    static let modelName = "small-cnn"

    /// A 4-segment bundle of small-cnn with keys, a proof of the example input and one of a second input.
    struct Proved {
        let bundle: String, proofs: String, other: String
    }

    static func build(in dir: URL) throws -> Proved {
        let model = try #require(Fixtures.models.first { $0.name == modelName }, "Circuits/\(modelName) is missing")
        let bundle = dir.path + "/seg"
        let proofs = dir.path + "/p"
        let other = dir.path + "/q"
        // A second input: the example input scaled by 1/2 (still in [0, 1]).
        let example = try #require(try readJSON(model.inputPath) as? [String: Any])
        let data = try #require(example["data"] as? [Double])
        let secondInput = dir.path + "/input2.json"
        try writeJSON(["shape": example["shape"] as Any, "data": data.map { $0 / 2 }], to: secondInput)
        for args in [
            ["compile", model.modelPath, "--segments", "4", "-o", bundle, "--json"],
            ["setup", bundle],
            ["prove", bundle, "--input", model.inputPath, "-o", proofs],
            ["prove", bundle, "--input", secondInput, "-o", other],
        ] {
            let r = try runZKInfer(args)
            try #require(r.status == 0, "\(r)")
        }
        return Proved(bundle: bundle, proofs: proofs, other: other)
    }

    /// `zkinfer verify bundle --proof-dir dir`.
    static func verify(_ p: Proved, _ dir: String) throws -> RunResult {
        try runZKInfer(["verify", p.bundle, "--proof-dir", dir])
    }

    /// A copy of the good proof directory to tamper with.
    static func copy(_ p: Proved, in dir: URL, _ name: String) throws -> String {
        let target = dir.path + "/" + name
        try FileManager.default.copyItem(atPath: p.proofs, toPath: target)
        return target
    }

    static func segment(_ dir: String, _ i: Int, _ file: String) -> String { "\(dir)/segment-\(i)/\(file)" }

    static func replace(_ path: String, with source: String) throws {
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: source, toPath: path)
    }

    @Test func segmentedProofVerifiesLinksAndIsRecorded() throws {
        try withTemporaryDirectory { dir in
            let p = try Self.build(in: dir)
            let manifest = try #require(try readJSON(p.bundle + "/segments.json") as? [String: Any])
            let segments = try #require(manifest["segments"] as? [[String: Any]])
            #expect(segments.count == 4)
            // Contiguous layer ranges from 0, each with its own circuit and key.
            var next = 0
            for (i, s) in segments.enumerated() {
                #expect(s["firstLayer"] as? Int == next)
                next = try #require(s["endLayer"] as? Int)
                #expect(FileManager.default.fileExists(atPath: "\(p.bundle)/segment-\(i)/verifying.key"))
            }
            let ok = try Self.verify(p, p.proofs)
            #expect(ok.status == 0 && ok.stdout.hasPrefix("valid: 4 segment proofs"), "\(ok)")
            #expect(try Self.verify(p, p.other).status == 0)
            // The last segment's outputs are the whole model's (compiled as one circuit).
            let whole = dir.path + "/whole"
            let wholeProof = dir.path + "/wp"
            let model = try #require(Fixtures.models.first { $0.name == Self.modelName })
            for args in [
                ["compile", model.modelPath, "-o", whole], ["setup", whole],
                ["prove", whole, "--input", model.inputPath, "-o", wholeProof],
            ] {
                let r = try runZKInfer(args)
                try #require(r.status == 0, "\(r)")
            }
            let wholeSignals = try #require(try readJSON(wholeProof + "/public.json") as? [String])
            let firstSignals = try #require(try readJSON(Self.segment(p.proofs, 0, "public.json")) as? [String])
            let lastSignals = try #require(try readJSON(Self.segment(p.proofs, 3, "public.json")) as? [String])
            #expect(Array(lastSignals.prefix(10)) == Array(wholeSignals.prefix(10)))
            #expect(Array(firstSignals.dropFirst()) == Array(wholeSignals.dropFirst(10)))
            // One attestation for the whole chain.
            let ledger = dir.path + "/l.ledger"
            let appended = try runZKInfer(["ledger", "append", p.bundle, "--proof-dir", p.proofs, "--ledger", ledger])
            #expect(appended.status == 0, "\(appended)")
            let record = try runZKInfer(["ledger", "show", "--ledger", ledger, "--record", "0"])
            let o = try record.jsonObject()
            let signals = try #require(o["publicSignals"] as? [String])
            #expect(signals.count == firstSignals.count + 2 + 2 + lastSignals.count)
            let provenance = try #require(o["keyProvenance"] as? String)
            #expect(provenance.hasPrefix("segmented (4 segments), vk sha256 "))
            for i in 0..<4 {
                let vk = try #require(try readJSON("\(p.bundle)/segment-\(i)/bundle.json") as? [String: Any])
                let keys = try #require(vk["keys"] as? [String: Any])
                #expect(provenance.contains(try #require(keys["verifyingKeySHA256"] as? String)))
            }
            // One segment proved alone gives a proof that fits the chain.
            let single = dir.path + "/single"
            let one = try runZKInfer(["prove", p.bundle, "--input", model.inputPath, "--segment", "2", "-o", single])
            #expect(one.status == 0, "\(one)")
            let mixed = try Self.copy(p, in: dir, "mixed")
            try Self.replace(Self.segment(mixed, 2, "proof.json"), with: Self.segment(single, 2, "proof.json"))
            #expect(try Self.verify(p, mixed).status == 0)
        }
    }

    /// `inspect` on a segmented bundle lists every segment with its layers, keys and whether its sub-bundle's circuit
    /// digest is the one segments.json records; a changed sub-bundle is reported, not shown as matching.
    @Test func inspectListsTheSegments() throws {
        try withTemporaryDirectory { dir in
            let model = try #require(Fixtures.models.first { $0.name == Self.modelName })
            let bundle = dir.path + "/seg"
            let compiled = try runZKInfer(["compile", model.modelPath, "--segments", "3", "-o", bundle])
            try #require(compiled.status == 0, "\(compiled)")
            let manifest = try #require(try readJSON(bundle + "/segments.json") as? [String: Any])
            let segments = try #require(manifest["segments"] as? [[String: Any]])
            let total = segments.compactMap { $0["constraints"] as? Int }.reduce(0, +)
            let inspect = try runZKInfer(["inspect", bundle])
            #expect(inspect.status == 0, "\(inspect)")
            #expect(inspect.stdout.contains("segmented bundle"), "\(inspect)")
            #expect(inspect.stdout.contains("3, \(total) constraints in all"), "\(inspect)")
            for (i, s) in segments.enumerated() {
                let digest = try #require(s["circuitDigest"] as? String)
                #expect(inspect.stdout.contains("segment-\(i)"), "\(inspect)")
                #expect(inspect.stdout.contains("circuit digest \(digest), no keys yet"), "\(inspect)")
            }
            // Segment 1's bundle.json now names another circuit: reported as differing.
            let subManifest = bundle + "/segment-1/bundle.json"
            let text = try String(contentsOfFile: subManifest, encoding: .utf8)
            let recorded = try #require(segments[1]["circuitDigest"] as? String)
            try text.replacingOccurrences(of: recorded, with: String(repeating: "0", count: 64))
                .write(toFile: subManifest, atomically: true, encoding: .utf8)
            let changed = try runZKInfer(["inspect", bundle])
            #expect(changed.status == 0, "\(changed)")
            #expect(changed.stdout.contains("circuit DIFFERS from segments.json"), "\(changed)")
        }
    }

    @Test func tamperedSegmentedProofsAreRejected() throws {
        try withTemporaryDirectory { dir in
            let p = try Self.build(in: dir)
            var cases: [(String, String)] = []
            // 1. Segment 2's proof and signals from another input: the chain breaks at 1→2.
            let foreign = try Self.copy(p, in: dir, "foreign")
            for file in ["proof.json", "public.json"] {
                try Self.replace(Self.segment(foreign, 2, file), with: Self.segment(p.other, 2, file))
            }
            cases.append(("segment proof from another input", foreign))
            // 2. Segments 1 and 2 swapped (both have [outputHash, inputHash] signals).
            let swapped = try Self.copy(p, in: dir, "swapped")
            try FileManager.default.moveItem(atPath: swapped + "/segment-1", toPath: swapped + "/tmp")
            try FileManager.default.moveItem(atPath: swapped + "/segment-2", toPath: swapped + "/segment-1")
            try FileManager.default.moveItem(atPath: swapped + "/tmp", toPath: swapped + "/segment-2")
            cases.append(("swapped segment order", swapped))
            // 3. A broken hash link: segment 2's input hash changed (its proof then also fails).
            let link = try Self.copy(p, in: dir, "link")
            var signals = try #require(try readJSON(Self.segment(link, 2, "public.json")) as? [String])
            signals[1] = decimalIncrement(signals[1])
            try writeJSON(signals, to: Self.segment(link, 2, "public.json"))
            cases.append(("broken hash link", link))
            // 4. Both link values changed consistently (1's output hash = 2's input hash, new value): proofs fail.
            let both = try Self.copy(p, in: dir, "both")
            var s1 = try #require(try readJSON(Self.segment(both, 1, "public.json")) as? [String])
            s1[0] = decimalIncrement(s1[0])
            var s2 = try #require(try readJSON(Self.segment(both, 2, "public.json")) as? [String])
            s2[1] = s1[0]
            try writeJSON(s1, to: Self.segment(both, 1, "public.json"))
            try writeJSON(s2, to: Self.segment(both, 2, "public.json"))
            cases.append(("consistently changed link value", both))
            // 5. Segment 1's proof checked with segment 2's key (placed at position 2; the chain is intact).
            let otherKey = try Self.copy(p, in: dir, "otherkey")
            try Self.replace(Self.segment(otherKey, 2, "proof.json"), with: Self.segment(otherKey, 1, "proof.json"))
            cases.append(("a segment proof under another segment's key", otherKey))
            let ledger = dir.path + "/l.ledger"
            for (name, proofDir) in cases {
                let r = try Self.verify(p, proofDir)
                #expect(r.status == 1 && r.stdout.hasPrefix("invalid"), "\(name): \(r)")
                let a = try runZKInfer(["ledger", "append", p.bundle, "--proof-dir", proofDir, "--ledger", ledger])
                #expect(a.status == 1, "\(name): \(a)")
            }
            if FileManager.default.fileExists(atPath: ledger) {
                let head = try runZKInfer(["ledger", "show", "--ledger", ledger])
                #expect(head.stdout.contains("tree size 0"), "\(head)")
            }
            // A missing segment proof is unusable input (exit 2), not "invalid".
            let missing = try Self.copy(p, in: dir, "missing")
            try FileManager.default.removeItem(atPath: Self.segment(missing, 3, "proof.json"))
            #expect(try Self.verify(p, missing).status == 2)
            // Usage errors.
            #expect(try runZKInfer(["verify", p.bundle, "--vk", "x"]).status == 2)
            #expect(
                try runZKInfer(["verify", "--vk", "x", "--proof", "y"]).stderr.contains(
                    "missing required option '--public'"))
        }
    }
}
