import Foundation
import Testing

/// `zkinfer ceremony verify FILE.zkey` (snarkjs `zkey verify`) through the built binary: on the real snarkjs
/// phase-2 keys of Tests/Groth16Tests/Fixtures/snarkjs (copied from github.com/Oik17/zkSNARK, see
/// ../shared/fixtures/snarkjs/README.md; their phase-1 file is not there), and on a zkey zkinfer's own ceremony
/// made from pot12_0001.ptau, where the full check (recomputing the initial key) is possible.
@Suite("ceremony verify on .zkey files")
struct ZKeyCeremonyVerifyTests {
    // The fixture paths of CircomProveTests (one copy), plus the phase-2 start and the phase-1 file.
    static let snarkjs = CircomProveTests.snarkjs
    static let final = CircomProveTests.zkey
    static let r1cs = CircomProveTests.r1cs
    static let initial = snarkjs + "/merkleInclusion_0000.zkey"
    static let ptau = snarkjs + "/pot12_0001.ptau"

    /// The chain _0000 → _final verifies, and the output says what could not be checked without the ptau.
    @Test func snarkjsChainVerifiesAndSaysWhatIsNotChecked() throws {
        let text = try runZKInfer(["ceremony", "verify", Self.final, "--initial", Self.initial, "--r1cs", Self.r1cs])
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("#1 "), "\(text)")
        #expect(text.stdout.contains("not checked    initial key not checked against a ptau"), "\(text)")
        #expect(text.stdout.contains("phase 2 OK: 1 contribution verified"), "\(text)")
        #expect(!text.stdout.contains("section 4 not checked"), "\(text)")
        let json = try runZKInfer(["ceremony", "verify", Self.final, "--initial", Self.initial, "--json"])
        #expect(json.status == 0, "\(json)")
        let object = try json.jsonObject()
        #expect((object["contributions"] as? [[String: Any]])?.count == 1, "\(json)")
        let notChecked = try #require(object["notChecked"] as? [String], "\(json)")
        #expect(notChecked.contains { $0.hasPrefix("initial key not checked against a ptau") })
        #expect(notChecked.contains { $0.hasPrefix("section 4 not checked against a circuit") })
        // Without the initial key, only the chain: and it says so.
        let alone = try runZKInfer(["ceremony", "verify", Self.final])
        #expect(alone.status == 0 && alone.stdout.contains("not checked    no initial key (--initial)"), "\(alone)")
    }

    /// One byte of the contribution's record changed (its transcript hash): exit 1, naming the contribution.
    /// The initial key given as the final one: its δ is not the final key's, and the update check names it.
    @Test func tamperedContributionIsNamed() throws {
        try withTemporaryDirectory { dir in
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.final)))
            let section10 = try #require(Self.sectionOffset(bytes, type: 10))
            // Section 10: csHash (64), count (u32), then δ-after (64), g1_s (64), g1_sx (64), g2_spx (128),
            // transcript (64): flip a byte of the transcript hash.
            bytes[section10 + 64 + 4 + 64 + 64 + 64 + 128 + 5] ^= 0x01
            let tampered = dir.appendingPathComponent("tampered.zkey").path
            try Data(bytes).write(to: URL(fileURLWithPath: tampered))
            let r = try runZKInfer(["ceremony", "verify", tampered, "--initial", Self.initial])
            #expect(r.status == 1, "\(r)")
            #expect(r.stderr.contains("contribution #1") && !r.stderr.contains("\n\n"), "\(r)")
            let swapped = try runZKInfer(["ceremony", "verify", Self.initial, "--initial", Self.final])
            #expect(swapped.status == 1 && swapped.stderr.contains("merkleInclusion_final.zkey"), "\(swapped)")
        }
    }

    /// --ptau needs the circuit; a bundle needs --ptau and takes no --initial: usage errors (exit 2).
    @Test func optionsAreChecked() throws {
        let noCircuit = try runZKInfer(["ceremony", "verify", Self.final, "--ptau", Self.ptau])
        #expect(noCircuit.status == 2 && noCircuit.stderr.contains("--ptau needs --r1cs"), "\(noCircuit)")
        let missing = try runZKInfer(["ceremony", "verify", Self.snarkjs + "/nope.zkey"])
        #expect(missing.status == 2, "\(missing)")
    }

    /// A ceremony zkinfer ran from pot12_0001.ptau, exported as .zkey and .r1cs: with --ptau and --r1cs nothing
    /// is left unchecked; an L point not scaled by δ fails naming section 8.
    @Test func fullCheckWithThePtau() throws {
        try withTemporaryDirectory { dir in
            let model = try Fixtures.tinyModel()
            let bundle = dir.appendingPathComponent("b").path
            let zkey = dir.appendingPathComponent("final.zkey").path
            let r1cs = dir.appendingPathComponent("circuit.r1cs").path
            for args in [
                ["compile", model.modelPath, "-o", bundle], ["setup", bundle, "--ptau", Self.ptau],
                ["ceremony", "contribute", bundle, "--name", "alice", "--entropy", "a"],
                ["export", "zkey", bundle, "-o", zkey], ["export", "r1cs", bundle, "-o", r1cs],
            ] {
                let r = try runZKInfer(args)
                try #require(r.status == 0, "\(r)")
            }
            let full = try runZKInfer(["ceremony", "verify", zkey, "--r1cs", r1cs, "--ptau", Self.ptau, "--json"])
            #expect(full.status == 0, "\(full)")
            #expect((try full.jsonObject()["notChecked"] as? [String])?.isEmpty == true, "\(full)")
            let other = try runZKInfer(["ceremony", "verify", zkey, "--r1cs", Self.r1cs])
            #expect(other.status == 1 && other.stderr.contains("not a key for the circuit"), "\(other)")

            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: zkey)))
            let section8 = try #require(Self.sectionOffset(bytes, type: 8))
            // Replace the first C point by the second: still on the curve, no longer the key's.
            for i in 0..<64 { bytes[section8 + i] = bytes[section8 + 64 + i] }
            let bad = dir.appendingPathComponent("bad.zkey").path
            try Data(bytes).write(to: URL(fileURLWithPath: bad))
            let refused = try runZKInfer(["ceremony", "verify", bad, "--r1cs", r1cs, "--ptau", Self.ptau])
            #expect(refused.status == 1 && refused.stderr.contains("section 8"), "\(refused)")
        }
    }

    /// The payload offset of section `type` in an iden3 binfile (magic, version, count, then type u32, size u64).
    static func sectionOffset(_ bytes: [UInt8], type: UInt32) -> Int? {
        func le(_ at: Int, _ n: Int) -> Int { (0..<n).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        var position = 12
        for _ in 0..<le(8, 4) {
            let t = le(position, 4)
            let size = le(position + 4, 8)
            if t == Int(type) { return position + 12 }
            position += 12 + size
        }
        return nil
    }
}
