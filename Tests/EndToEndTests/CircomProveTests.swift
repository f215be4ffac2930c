import Foundation
import Testing

/// `zkinfer groth16 prove` on a circom circuit's own files (real snarkjs output in
/// Tests/Groth16Tests/Fixtures/snarkjs), `zkinfer verify` with snarkjs's verification_key.json, `export vk` of a
/// .zkey, and `export zkey` of a plain (zkinfer-format) bundle, checked by our prover and by arkworks.
@Suite struct CircomProveTests {
    static let snarkjs = ZKInferBinary.packageRoot.appendingPathComponent("Tests/Groth16Tests/Fixtures/snarkjs").path
    static let zkey = snarkjs + "/merkleInclusion_final.zkey"
    static let wtns = snarkjs + "/witness.wtns"
    static let r1cs = snarkjs + "/merkleInclusion.r1cs"
    static let vk = snarkjs + "/verification_key.json"

    /// Our proof from snarkjs's zkey and circom's witness verifies against snarkjs's verification_key.json,
    /// with and without --r1cs; public.json is snarkjs's; a changed public signal is invalid (exit 1);
    /// `export vk` of the zkey gives snarkjs's key.
    @Test func proveFromSnarkjsFiles() throws {
        try withTemporaryDirectory { dir in
            for (name, extra) in [("checked", ["--r1cs", Self.r1cs]), ("unchecked", [])] {
                let out = dir.appendingPathComponent(name).path
                let prove = try runZKInfer(
                    ["groth16", "prove", "--zkey", Self.zkey, "--wtns", Self.wtns, "-o", out]
                        + extra)
                try #require(prove.status == 0, "\(prove)")
                #expect(prove.stdout.contains(extra.isEmpty ? "not checked" : "satisfies every constraint"), "\(prove)")
                let verify = try runZKInfer([
                    "verify", "--vk", Self.vk, "--proof", out + "/proof.json",
                    "--public", out + "/public.json",
                ])
                #expect(verify.status == 0 && verify.stdout.hasPrefix("valid"), "\(verify)")
                let ours = try #require(try readJSON(out + "/public.json") as? [String])
                #expect(ours == (try readJSON(Self.snarkjs + "/public.json") as? [String]))
                var changed = ours
                changed[0] = decimalIncrement(changed[0])
                try writeJSON(changed, to: out + "/changed.json")
                let invalid = try runZKInfer([
                    "verify", "--vk", Self.vk, "--proof", out + "/proof.json",
                    "--public", out + "/changed.json",
                ])
                #expect(invalid.status == 1 && invalid.stdout.hasPrefix("invalid"), "\(invalid)")
            }
            let exported = dir.appendingPathComponent("vk.json").path
            let export = try runZKInfer(["export", "vk", Self.zkey, "-o", exported])
            try #require(export.status == 0, "\(export)")
            let theirs = try #require(try readJSON(Self.vk) as? NSDictionary)
            let mine = try #require(try readJSON(exported) as? NSDictionary)
            for key in ["vk_alpha_1", "vk_beta_2", "vk_gamma_2", "vk_delta_2", "IC", "nPublic"] {
                #expect(mine[key] as? NSObject == theirs[key] as? NSObject, "\(key)")
            }
        }
    }

    /// Files that do not belong together, or are damaged, are refused in one line with exit 2 and no proof.
    @Test func mismatchedFilesAreRefused() throws {
        try withTemporaryDirectory { dir in
            let root = dir.path
            let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.zkey))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: root + "/cut.zkey"))
            let witness = try Data(contentsOf: URL(fileURLWithPath: Self.wtns))
            try witness.prefix(witness.count - 40).write(to: URL(fileURLWithPath: root + "/cut.wtns"))
            var altered = [UInt8](witness)
            altered[altered.count - 32] ^= 1  // the last signal's low byte (little-endian), still < r
            try Data(altered).write(to: URL(fileURLWithPath: root + "/altered.wtns"))
            // Another circuit's files: the tiny model's zkey and r1cs.
            let model = try Fixtures.tinyModel()
            let bundle = root + "/tiny"
            for args in [
                ["compile", model.modelPath, "-o", bundle], ["setup", bundle, "--zkey"],
                ["export", "zkey", bundle, "-o", root + "/tiny.zkey"],
                ["export", "r1cs", bundle, "-o", root + "/tiny.r1cs"],
            ] {
                let r = try runZKInfer(args)
                try #require(r.status == 0, "\(r)")
            }
            let cases: [([String], String)] = [
                (["--zkey", root + "/cut.zkey", "--wtns", Self.wtns], "section"),
                (["--zkey", Self.zkey, "--wtns", root + "/cut.wtns"], "section"),
                (["--zkey", root + "/tiny.zkey", "--wtns", Self.wtns], "a witness of another circuit"),
                (
                    ["--zkey", Self.zkey, "--wtns", Self.wtns, "--r1cs", root + "/tiny.r1cs"],
                    "not a key for the circuit"
                ),
                (["--zkey", Self.zkey, "--wtns", root + "/altered.wtns"], "does not verify"),
                (
                    ["--zkey", Self.zkey, "--wtns", root + "/altered.wtns", "--r1cs", Self.r1cs],
                    "does not satisfy constraint"
                ),
                (["--zkey", Self.zkey, "--wtns", root + "/missing.wtns"], "no such file"),
            ]
            for (args, message) in cases {
                let out = root + "/out-\(UUID().uuidString)"
                let r = try runZKInfer(["groth16", "prove"] + args + ["-o", out])
                #expect(r.status == 2, "\(r)")
                #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(message), "\(r)")
                #expect(!FileManager.default.fileExists(atPath: out + "/proof.json"), "\(r)")
            }
        }
    }

    /// A plain `zkinfer setup` bundle exports a zkey (H computed by an FFT over G1 from the key's own points):
    /// our prover's proof from it and the bundle's witness verifies with the bundle's verification_key.json;
    /// another bundle of the model imports it and proves; a changed public signal is invalid.
    @Test func plainBundleExportsZKey() throws {
        let plain = try Self.plainExport()
        defer { try? FileManager.default.removeItem(atPath: plain.root) }
        let out = plain.root + "/proof"
        let prove = try runZKInfer([
            "groth16", "prove", "--zkey", plain.zkey, "--wtns", plain.wtns,
            "--r1cs", plain.r1cs, "-o", out,
        ])
        try #require(prove.status == 0, "\(prove)")
        let vk = plain.bundle + "/verification_key.json"
        #expect(
            try runZKInfer([
                "verify", "--vk", vk, "--proof", out + "/proof.json",
                "--public", out + "/public.json",
            ]).status == 0)
        var changed = try #require(try readJSON(out + "/public.json") as? [String])
        changed[changed.count - 1] = decimalIncrement(changed[changed.count - 1])
        try writeJSON(changed, to: out + "/changed.json")
        #expect(
            try runZKInfer([
                "verify", "--vk", vk, "--proof", out + "/proof.json",
                "--public", out + "/changed.json",
            ]).status == 1)
        let model = try Fixtures.tinyModel()
        let second = plain.root + "/second"
        #expect(try runZKInfer(["compile", model.modelPath, "-o", second]).status == 0)
        let imported = try runZKInfer(["import", "zkey", second, plain.zkey])
        #expect(imported.status == 0, "\(imported)")
        #expect(try runZKInfer(["prove", second, "--input", model.inputPath, "-o", second + "/p"]).status == 0)
        #expect(
            try runZKInfer([
                "verify", "--vk", vk, "--proof", second + "/p/proof.json",
                "--public", second + "/p/public.json",
            ]).status == 0)
    }

    /// A ceremony bundle (setup --ptau with snarkjs's pot12_0001.ptau, one contribution) exports a zkey that
    /// carries the ceremony's record: importing it verifies that contribution, and the key proves.
    @Test func ceremonyBundleExportsZKeyWithItsContributions() throws {
        try withTemporaryDirectory { dir in
            let model = try Fixtures.tinyModel()
            let ptau = Self.snarkjs + "/pot12_0001.ptau"
            let bundle = dir.appendingPathComponent("ceremony").path
            let second = dir.appendingPathComponent("second").path
            let zkey = dir.appendingPathComponent("ceremony.zkey").path
            for args in [
                ["compile", model.modelPath, "-o", bundle], ["setup", bundle, "--ptau", ptau],
                ["ceremony", "contribute", bundle, "--name", "alice", "--entropy", "a"],
                ["export", "zkey", bundle, "-o", zkey], ["compile", model.modelPath, "-o", second],
            ] {
                let r = try runZKInfer(args)
                try #require(r.status == 0, "\(r)")
            }
            let imported = try runZKInfer(["import", "zkey", second, zkey])
            #expect(
                imported.status == 0 && imported.stdout.contains("1 phase-2 contribution(s) verified"), "\(imported)")
            let out = dir.appendingPathComponent("p").path
            #expect(try runZKInfer(["prove", second, "--input", model.inputPath, "-o", out]).status == 0)
            let verify = try runZKInfer([
                "verify", "--vk", bundle + "/verification_key.json",
                "--proof", out + "/proof.json", "--public", out + "/public.json",
            ])
            #expect(verify.status == 0, "\(verify)")
        }
    }

    /// arkworks (groth16py) proves from the zkey exported from a plain bundle and zkinfer's .wtns; zkinfer's
    /// verifier accepts the proof with the bundle's verification_key.json and rejects a changed public signal.
    /// Fails when python3/groth16py is missing, unless ZK_SKIP_PYTHON=1 (then it is reported as skipped).
    @Test(.enabled(if: !SnarkjsFormatsTests.skipPython, "ZK_SKIP_PYTHON=1: the arkworks (groth16py) check is skipped"))
    func arkworksProvesWithExportedZKey() throws {
        let probe = try SnarkjsFormatsTests.python(["-c", "import groth16py; assert groth16py.__version__ == '0.2.0'"])
        guard probe.status == 0 else {
            let why =
                "python3 with groth16py 0.2.0 is required (python3 -m pip install groth16py==0.2.0), "
                + "or set ZK_SKIP_PYTHON=1 to skip: " + probe.output
            Issue.record(Comment(rawValue: why))
            return
        }
        let plain = try Self.plainExport()
        defer { try? FileManager.default.removeItem(atPath: plain.root) }
        let out = plain.root + "/arkworks"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let vk = plain.bundle + "/verification_key.json"
        try FileManager.default.copyItem(atPath: vk, toPath: out + "/verification_key.json")
        let script = ZKInferBinary.packageRoot.appendingPathComponent(
            "Tests/EndToEndTests/Python/groth16py_roundtrip.py"
        ).path
        let run = try SnarkjsFormatsTests.python([script, plain.zkey, plain.wtns, plain.r1cs, out])
        try #require(run.status == 0, "\(run.output)")
        let verify = try runZKInfer([
            "verify", "--vk", vk, "--proof", out + "/proof.json", "--public", out + "/public.json",
        ])
        #expect(verify.status == 0, "\(verify)")
        var changed = try #require(try readJSON(out + "/public.json") as? [String])
        changed[0] = decimalIncrement(changed[0])
        try writeJSON(changed, to: out + "/changed.json")
        let refused = try runZKInfer([
            "verify", "--vk", vk, "--proof", out + "/proof.json", "--public", out + "/changed.json",
        ])
        #expect(refused.status == 1, "\(refused)")
    }

    struct PlainExport { let root: String, bundle: String, zkey: String, wtns: String, r1cs: String }

    /// A tiny-model bundle with a plain setup and its exported .zkey, .wtns and .r1cs.
    static func plainExport() throws -> PlainExport {
        let model = try Fixtures.tinyModel()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("zkinfer-plain-\(UUID().uuidString)")
            .path
        let e = PlainExport(
            root: root, bundle: root + "/bundle", zkey: root + "/key.zkey", wtns: root + "/w.wtns",
            r1cs: root + "/c.r1cs")
        for args in [
            ["compile", model.modelPath, "-o", e.bundle], ["setup", e.bundle],
            ["export", "zkey", e.bundle, "-o", e.zkey],
            ["export", "wtns", e.bundle, "--input", model.inputPath, "-o", e.wtns],
            ["export", "r1cs", e.bundle, "-o", e.r1cs],
        ] {
            let r = try runZKInfer(args)
            try #require(r.status == 0, "\(r)")
        }
        return e
    }
}
