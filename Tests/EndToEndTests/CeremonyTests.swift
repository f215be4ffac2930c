import Foundation
import Testing

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
                let r = try runZKInfer(["ceremony", "contribute", bundle, "--name", name, "--entropy", "e-\(name)", "--json"])
                #expect(r.status == 0, "\(r)")
                hashes.append(try #require(try r.jsonObject()["contributionHash"] as? String, "\(r)"))
            }
            let beacon = try runZKInfer(["ceremony", "beacon", bundle, "--beacon", "0123456789abcdef", "--iterations", "10"])
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

            // A transcript with its last byte changed (in the beacon's parameters) fails: exit 1, one line.
            let transcript = URL(fileURLWithPath: bundle + "/phase2.transcript")
            var bytes = try [UInt8](Data(contentsOf: transcript))
            let original = bytes
            bytes[bytes.count - 1] ^= 1
            try Data(bytes).write(to: transcript)
            let bad = try runZKInfer(["ceremony", "verify", bundle, "--ptau", Self.ptau])
            #expect(bad.status == 1, "\(bad)")
            #expect(bad.stderr.contains("contribution #4 (Final Beacon)"), "\(bad)")
            #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad)")
            try Data(original).write(to: transcript)
            #expect(try runZKInfer(["ceremony", "verify", bundle, "--ptau", Self.ptau]).status == 0)
        }
    }

    @Test func singlePartySetupSaysDevelopment() throws {
        try withTemporaryDirectory { dir in
            let bundle = dir.appendingPathComponent("b").path
            #expect(try runZKInfer(["compile", Self.model, "-o", bundle, "--sample-input", Self.input]).status == 0)
            let setup = try runZKInfer(["setup", bundle])
            #expect(setup.status == 0 && setup.stdout.contains("single-party (development)"), "\(setup)")
            let manifest = try String(contentsOfFile: bundle + "/bundle.json", encoding: .utf8)
            #expect(manifest.contains("\"setup\" : \"single-party (development)\"")
                || manifest.contains("\"setup\": \"single-party (development)\""), "\(manifest)")
            let contribute = try runZKInfer(["ceremony", "contribute", bundle])
            #expect(contribute.status == 2 && contribute.stderr.contains("do not come from 'setup --ptau'"), "\(contribute)")
            let help = try runZKInfer(["ceremony", "--help"])
            #expect(help.status == 0 && help.stdout.contains("ceremony verify"), "\(help)")
        }
    }
}
