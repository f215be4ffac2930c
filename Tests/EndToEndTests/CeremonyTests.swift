import Foundation
import Testing
import ZKInfer

/// `setup --ptau`, `ceremony contribute|beacon|verify` through the built binary on Circuits/tiny-mlp, with the
/// real snarkjs phase-1 file pot12_0001.ptau (Tests/Groth16Tests/Fixtures/snarkjs, see its README).
@Suite("Ceremony end to end")
struct CeremonyTests {
    static let root = ZKInferBinary.packageRoot
    static let ptau = root.appendingPathComponent("Tests/Groth16Tests/Fixtures/snarkjs/pot12_0001.ptau").path
    static let model = root.appendingPathComponent("Circuits/tiny-mlp/model.json").path
    static let input = root.appendingPathComponent("Circuits/tiny-mlp/input.json").path

    @Test func threePartiesAndABeacon() throws {
        try withTemporaryDirectory { dir in
            let bundle = dir.appendingPathComponent("b").path
            #expect(try runZKInfer(["compile", Self.model, "-o", bundle, "--sample-input", Self.input]).status == 0)
            let setup = try runZKInfer(["setup", bundle, "--ptau", Self.ptau, "--json"])
            #expect(setup.status == 0, "\(setup)")
            #expect(try setup.jsonObject()["setup"] as? String == "ceremony", "\(setup)")
            var hashes: [String] = []
            for name in ["alice", "bob", "carol"] {
                let r = try runZKInfer([
                    "ceremony", "contribute", bundle, "--name", name, "--entropy", "e-\(name)", "--json",
                ])
                #expect(r.status == 0, "\(r)")
                hashes.append(try #require(try r.jsonObject()["contributionHash"] as? String, "\(r)"))
            }
            let beacon = try runZKInfer([
                "ceremony", "beacon", bundle, "--beacon", "0123456789abcdef", "--iterations", "10",
            ])
            #expect(beacon.status == 0, "\(beacon)")
            let verify = try runZKInfer(["ceremony", "verify", bundle, "--ptau", Self.ptau, "--json"])
            #expect(verify.status == 0, "\(verify)")
            let entries = try #require(try verify.jsonObject()["contributions"] as? [[String: Any]], "\(verify)")
            #expect(entries.compactMap { $0["name"] as? String } == ["alice", "bob", "carol", "Final Beacon"])
            #expect(Array(entries.compactMap { $0["hash"] as? String }.prefix(3)) == hashes)
            let text = try runZKInfer(["ceremony", "verify", bundle, "--ptau", Self.ptau])
            #expect(text.status == 0 && text.stdout.contains("#2 bob") && text.stdout.contains(hashes[1]), "\(text)")

            let out = dir.appendingPathComponent("p").path
            #expect(try runZKInfer(["prove", bundle, "--input", Self.input, "-o", out]).status == 0)
            let check = try runZKInfer([
                "verify", "--vk", bundle + "/verification_key.json", "--proof", out + "/proof.json",
                "--public", out + "/public.json",
            ])
            #expect(check.status == 0, "\(check)")
            let inspect = try runZKInfer(["inspect", bundle])
            #expect(inspect.stdout.contains("ceremony: ptau pot12_0001.ptau"), "\(inspect)")
            #expect(inspect.stdout.contains("4 contributions"), "\(inspect)")

            // The key is a snarkjs zkey holding the transcript (section 10, the file's last section).
            #expect(FileManager.default.fileExists(atPath: bundle + "/proving_key.zkey"))
            #expect(!FileManager.default.fileExists(atPath: bundle + "/phase2.transcript"))
            // Its last byte (in the beacon's parameters) changed, and the digest in bundle.json updated as an
            // attacker would: `ceremony verify` fails, exit 1, one line naming the contribution.
            let zkey = URL(fileURLWithPath: bundle + "/proving_key.zkey")
            let manifestURL = URL(fileURLWithPath: bundle + "/bundle.json")
            let original = try Data(contentsOf: zkey)
            let originalManifest = try Data(contentsOf: manifestURL)
            var bytes = [UInt8](original)
            bytes[bytes.count - 1] ^= 1
            try Data(bytes).write(to: zkey)
            let manifest = String(decoding: originalManifest, as: UTF8.self).replacingOccurrences(
                of: Digest.sha256Hex([UInt8](original)), with: Digest.sha256Hex(bytes))
            try Data(manifest.utf8).write(to: manifestURL)
            let bad = try runZKInfer(["ceremony", "verify", bundle, "--ptau", Self.ptau])
            #expect(bad.status == 1, "\(bad)")
            #expect(bad.stderr.contains("contribution #4 (Final Beacon)"), "\(bad)")
            #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad)")
            try original.write(to: zkey)
            try originalManifest.write(to: manifestURL)
            #expect(try runZKInfer(["ceremony", "verify", bundle, "--ptau", Self.ptau]).status == 0)

            // The exported zkey is the bundle's key, byte for byte, and another bundle of the model imports it
            // with its four contributions checked.
            let exported = dir.appendingPathComponent("ceremony.zkey").path
            #expect(try runZKInfer(["export", "zkey", bundle, "-o", exported]).status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: exported)) == original)
            let second = dir.appendingPathComponent("second").path
            #expect(try runZKInfer(["compile", Self.model, "-o", second, "--sample-input", Self.input]).status == 0)
            let imported = try runZKInfer(["import", "zkey", second, exported])
            #expect(imported.status == 0, "\(imported)")
            #expect(imported.stdout.contains("4 phase-2 contribution(s) verified"), "\(imported)")
        }
    }

    /// The key in bundle.json's ledger provenance: a ledger record of a ceremony bundle names the ptau, the
    /// number of contributions and the final hash; one of a plain bundle says single-party (development).
    @Test func ledgerRecordsSayHowTheKeyWasMade() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir.appendingPathComponent("l.ledger").path
            for (name, ceremony) in [("plain", false), ("ceremony", true)] {
                let bundle = dir.appendingPathComponent(name).path
                let proof = dir.appendingPathComponent(name + "-proof").path
                #expect(
                    try runZKInfer(["compile", Self.model, "-o", bundle, "--sample-input", Self.input]).status == 0)
                let setup = ceremony ? ["setup", bundle, "--ptau", Self.ptau] : ["setup", bundle]
                #expect(try runZKInfer(setup).status == 0)
                if ceremony {
                    #expect(try runZKInfer(["ceremony", "contribute", bundle, "--name", "alice"]).status == 0)
                }
                #expect(try runZKInfer(["prove", bundle, "--input", Self.input, "-o", proof]).status == 0)
                let append = try runZKInfer(["ledger", "append", bundle, "--proof-dir", proof, "--ledger", ledger])
                #expect(append.status == 0, "\(append)")
            }
            let plain = try runZKInfer(["ledger", "show", "--ledger", ledger, "--record", "0"])
            #expect(plain.stdout.contains("\"keyProvenance\": \"setup: single-party (development)\""), "\(plain)")
            #expect(plain.stdout.contains("\"recordFormat\": 2"), "\(plain)")
            let ceremony = try runZKInfer(["ledger", "show", "--ledger", ledger, "--record", "1"])
            let expected = "\"keyProvenance\": \"ceremony: ptau pot12_0001.ptau blake2b "
            #expect(ceremony.stdout.contains(expected), "\(ceremony)")
            #expect(ceremony.stdout.contains(", 1 contribution, final hash "), "\(ceremony)")
            #expect(try runZKInfer(["ledger", "verify", "--ledger", ledger]).status == 0)
        }
    }

    /// A ledger written before records carried the key's provenance (record version 1) still shows and verifies,
    /// and takes new (version 2) records.
    @Test func ledgerOfRecordVersion1StillWorks() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir.appendingPathComponent("v1.ledger").path
            try FileManager.default.copyItem(
                atPath: Self.root.appendingPathComponent("Tests/EndToEndTests/VersionOneFiles/v1.ledger").path,
                toPath: ledger)
            let verify = try runZKInfer(["ledger", "verify", "--ledger", ledger])
            #expect(
                verify.status == 0
                    && verify.stdout.contains(
                        "tree size 1, root 2f20c75eda6086bbf0289e2efb43d53cabeecc20c746792eda38342e741f2e19"),
                "\(verify)")
            let old = try runZKInfer(["ledger", "show", "--ledger", ledger, "--record", "0"])
            #expect(
                old.status == 0 && old.stdout.contains("\"recordFormat\": 1")
                    && !old.stdout.contains("keyProvenance"), "\(old)")
            let bundle = dir.appendingPathComponent("b").path
            let proof = dir.appendingPathComponent("p").path
            #expect(try runZKInfer(["compile", Self.model, "-o", bundle, "--sample-input", Self.input]).status == 0)
            #expect(try runZKInfer(["setup", bundle]).status == 0)
            #expect(try runZKInfer(["prove", bundle, "--input", Self.input, "-o", proof]).status == 0)
            #expect(try runZKInfer(["ledger", "append", bundle, "--proof-dir", proof, "--ledger", ledger]).status == 0)
            let after = try runZKInfer(["ledger", "verify", "--ledger", ledger])
            #expect(after.status == 0 && after.stdout.contains("ok: 2 records"), "\(after)")
            let consistency = dir.appendingPathComponent("c.json").path
            let proofText = try runZKInfer(["ledger", "consistency", "1", "--ledger", ledger])
            try Data(proofText.stdout.utf8).write(to: URL(fileURLWithPath: consistency))
            // The published head of the old ledger is consistent with the grown one.
            let newRoot = String(after.stdout.split(separator: " ").last ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let check = try runZKInfer([
                "ledger", "verify", "--proof", consistency, "--size", "2", "--root", newRoot, "--old-size", "1",
                "--old-root", "2f20c75eda6086bbf0289e2efb43d53cabeecc20c746792eda38342e741f2e19",
            ])
            #expect(check.status == 0, "\(check)")
        }
    }

    @Test func singlePartySetupSaysDevelopment() throws {
        try withTemporaryDirectory { dir in
            let bundle = dir.appendingPathComponent("b").path
            #expect(try runZKInfer(["compile", Self.model, "-o", bundle, "--sample-input", Self.input]).status == 0)
            let setup = try runZKInfer(["setup", bundle])
            #expect(setup.status == 0 && setup.stdout.contains("single-party (development)"), "\(setup)")
            let manifest = try String(contentsOfFile: bundle + "/bundle.json", encoding: .utf8)
            #expect(
                manifest.contains("\"setup\" : \"single-party (development)\"")
                    || manifest.contains("\"setup\": \"single-party (development)\""), "\(manifest)")
            let contribute = try runZKInfer(["ceremony", "contribute", bundle])
            #expect(
                contribute.status == 2 && contribute.stderr.contains("do not come from 'setup --ptau'"), "\(contribute)"
            )
            let help = try runZKInfer(["ceremony", "--help"])
            #expect(help.status == 0 && help.stdout.contains("ceremony verify"), "\(help)")
        }
    }
}
