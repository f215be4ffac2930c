import Foundation
import Testing
import ZKInfer

/// Files written by zkinfer 0.1.0 before the common file header (`VersionOneFiles/`, see its README) keep working
/// with this build: the bundle verifies, proves and sets up again, its digests are unchanged, and a ledger keeps
/// its records and takes new ones in place.
@Suite("Version-1 files")
struct VersionOneFilesTests {
    static let fixtures = ZKInferBinary.packageRoot.appendingPathComponent("Tests/EndToEndTests/VersionOneFiles")

    /// A private copy of the fixtures in `dir` (tests append and rewrite).
    static func copy(to dir: URL) throws -> (bundle: String, ledger: String, input: String) {
        for name in ["bundle", "v1.ledger", "input.json"] {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        return (
            dir.appendingPathComponent("bundle").path, dir.appendingPathComponent("v1.ledger").path,
            dir.appendingPathComponent("input.json").path
        )
    }

    @Test("a version-1 bundle verifies, proves and sets up again; its R1CS and proof digests are unchanged")
    func bundle() throws {
        try withTemporaryDirectory { dir in
            let (bundle, _, input) = try Self.copy(to: dir)
            func file(_ name: String) -> String { FileIO.join(bundle, name) }
            let verify = try runZKInfer([
                "verify", "--vk", file("verifying.key"), "--proof", file("proof.json"), "--public", file("public.json"),
            ])
            #expect(verify.status == 0 && verify.stdout.hasPrefix("valid"), "\(verify)")
            // The proof digest recorded by 0.1.0 is the one this build computes for the same proof.
            let output = try #require(try readJSON(file("output.json")) as? [String: Any])
            let recorded = try #require(output["proofSHA256"] as? String)
            #expect(ProofFiles.digest(of: try ProofFiles.loadProof(file("proof.json"))) == recorded)
            // inspect names every old file.
            for (name, kind) in [
                ("circuit.r1cs", "circuit (R1CS)"), ("verifying.key", "Groth16 verifying key (binary)"),
                ("proving.key", "Groth16 proving key (binary)"),
            ] {
                let r = try runZKInfer(["inspect", file(name)])
                #expect(r.status == 0 && r.stdout.contains(kind), "\(r)")
            }
            // prove reads the old circuit.r1cs (checking its digest against bundle.json) and proving.key.
            let proofDir = dir.appendingPathComponent("proof").path
            let prove = try runZKInfer(["prove", bundle, "--input", input, "-o", proofDir])
            #expect(prove.status == 0, "\(prove)")
            let again = try runZKInfer([
                "verify", "--vk", file("verifying.key"), "--proof", FileIO.join(proofDir, "proof.json"),
                "--public", FileIO.join(proofDir, "public.json"),
            ])
            #expect(again.status == 0, "\(again)")
            // setup replaces the keys with current-format ones.
            let setup = try runZKInfer(["setup", bundle])
            #expect(setup.status == 0, "\(setup)")
            let vk = try Data(contentsOf: URL(fileURLWithPath: file("verifying.key")))
            #expect(vk.starts(with: Array("ZKINFER\0".utf8)))
        }
    }

    @Test("a version-1 ledger keeps its root, is appended to in place and re-verifies")
    func ledger() throws {
        try withTemporaryDirectory { dir in
            let (bundle, ledger, _) = try Self.copy(to: dir)
            let original = try Data(contentsOf: URL(fileURLWithPath: ledger))
            let show = try runZKInfer(["ledger", "show", "--ledger", ledger, "--json"]).jsonObject()
            #expect(show["treeSize"] as? Int == 1)
            #expect(show["rootHash"] as? String == "2f20c75eda6086bbf0289e2efb43d53cabeecc20c746792eda38342e741f2e19")
            let append = try runZKInfer(["ledger", "append", bundle, "--ledger", ledger, "--json"])
            #expect(append.status == 0, "\(append)")
            #expect(try append.jsonObject()["index"] as? Int == 1, "\(append)")
            let grown = try Data(contentsOf: URL(fileURLWithPath: ledger))
            #expect(grown.starts(with: original), "the old header and record must stay byte for byte")
            #expect(try runZKInfer(["ledger", "verify", "--ledger", ledger]).status == 0)
            let inspect = try runZKInfer(["inspect", ledger])
            let records = inspect.stdout.split(separator: "\n").first { $0.hasPrefix("records") }
            #expect(inspect.status == 0 && records?.split(separator: " ").last == "2", "\(inspect)")
        }
    }
}
