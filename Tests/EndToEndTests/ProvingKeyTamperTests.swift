import Foundation
import Groth16
import Hashing
import TestSupport
import Testing

/// `prove` no longer hashes `proving.key` for every proof (issue 15): a damaged key must still make it exit
/// non-zero with one line naming `proving.key`, writing nothing — never a trap, never a proof.
@Suite("proving.key tamper")
struct ProvingKeyTamperTests {
    /// Copies the shared bundle, applies `damage` to its proving.key, runs prove and checks the refusal.
    static func expectRefused(_ label: String, _ damage: (inout [UInt8]) -> Void) throws {
        let shared = try Fixtures.provedTinyBundle()
        try withTemporaryDirectory { dir in
            let bundle = dir.appendingPathComponent("bundle").path
            try FileManager.default.copyItem(atPath: shared.bundle, toPath: bundle)
            let keyURL = URL(fileURLWithPath: bundle + "/proving.key")
            var bytes = [UInt8](try Data(contentsOf: keyURL))
            damage(&bytes)
            try Data(bytes).write(to: keyURL)
            let out = dir.appendingPathComponent("out").path
            let r = try runZKInfer(["prove", bundle, "--input", shared.model.inputPath, "-o", out])
            #expect(r.status != 0, "\(label): \(r)")
            #expect(r.status < 128, "\(label): killed by a signal (a trap): \(r)")
            #expect(r.stderr.contains("proving.key"), "\(label): the error must name proving.key: \(r)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(label): \(r)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(label): prove wrote \(out)")
        }
    }

    @Test("a flipped byte anywhere in proving.key: non-zero exit, one line naming it, nothing written")
    func flippedBytes() throws {
        let size = try Data(contentsOf: URL(fileURLWithPath: Fixtures.provedTinyBundle().bundle + "/proving.key"))
            .count
        var rng = SplitMix64(seed: testSeed(fallback: 15))
        // The header and head (first 600 bytes) byte by byte in a stride, then random positions in the points.
        var positions = Array(stride(from: 0, to: min(size, 600), by: 7))
        positions += (0..<24).map { _ in Int.random(in: 0..<size, using: &rng) }
        for position in positions {
            let mask = UInt8.random(in: 1...255, using: &rng)
            try Self.expectRefused("byte \(position) ^ \(mask)") { $0[position] ^= mask }
        }
    }

    @Test("a truncated, extended, empty or foreign proving.key: non-zero exit, one line naming it")
    func malformedKeys() throws {
        let size = try Data(contentsOf: URL(fileURLWithPath: Fixtures.provedTinyBundle().bundle + "/proving.key"))
            .count
        for keep in [0, 10, 40, size / 3, size / 2, size - 64, size - 1] {
            try Self.expectRefused("first \(keep) bytes") { $0 = Array($0.prefix(keep)) }
        }
        try Self.expectRefused("one extra byte") { $0.append(0) }
        try Self.expectRefused("text") { $0 = Array("not a key".utf8) }
    }

    @Test("a version-3 proving.key (written before issue 15) still proves; setup writes version 4")
    func versionThreeKeyProves() throws {
        let shared = try Fixtures.provedTinyBundle()
        try withTemporaryDirectory { dir in
            let bundle = dir.appendingPathComponent("bundle").path
            try FileManager.default.copyItem(atPath: shared.bundle, toPath: bundle)
            let keyURL = URL(fileURLWithPath: bundle + "/proving.key")
            let current = [UInt8](try Data(contentsOf: keyURL))
            #expect(current[28] == 4, "setup wrote proving.key version \(current[28])")
            let three = try ProvingKey(serialized: current).serializedVersion3()
            #expect(three[28] == 3)
            try Data(three).write(to: keyURL)
            // bundle.json records the digest of the key setup wrote; record the old-format file's, as an old
            // bundle would.
            let manifestURL = URL(fileURLWithPath: bundle + "/bundle.json")
            var manifest = try #require(try readJSON(manifestURL.path) as? [String: Any])
            var keys = try #require(manifest["keys"] as? [String: Any])
            keys["provingKeySHA256"] = Hex.encode(SHA256.hash(three))
            manifest["keys"] = keys
            try writeJSON(manifest, to: manifestURL.path)
            let out = dir.appendingPathComponent("out").path
            let prove = try runZKInfer(["prove", bundle, "--input", shared.model.inputPath, "-o", out])
            #expect(prove.status == 0, "\(prove)")
            let verify = try runZKInfer([
                "verify", "--vk", bundle + "/verifying.key", "--proof", out + "/proof.json", "--public",
                out + "/public.json",
            ])
            #expect(verify.status == 0 && verify.stdout.hasPrefix("valid"), "\(verify)")
        }
    }
}
