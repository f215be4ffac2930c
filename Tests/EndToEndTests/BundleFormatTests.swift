import Foundation
import Hashing
import Testing
import ZKInfer

/// The bundle's file-format guards: every reader names the file and the field it refuses.
@Suite("Bundle formats")
struct BundleFormatTests {
    @Test("file header round-trips, names kind and version, and the seal catches damage")
    func fileHeader() throws {
        let header = FileHeader(kind: "r1cs", version: 2)
        var bytes = header.bytes + Array(0..<200).map { UInt8($0 & 0xff) }
        #expect(header.bytes.count == header.byteCount && header.byteCount == 17)
        FileHeader.seal(&bytes)

        func failure(_ bytes: [UInt8], kind: String = "r1cs", supported: ClosedRange<UInt32> = 1...2) -> String {
            do {
                var reader = ByteReader(bytes)
                _ = try FileHeader.read(from: &reader, kind: kind, supported: supported)
                _ = try FileHeader.unseal(bytes)
                return "accepted"
            } catch { return error.description }
        }
        #expect(failure(bytes) == "accepted")
        var flipped = bytes
        flipped[40] ^= 1  // inside the body
        #expect(failure(flipped).contains("SHA-256 seal at byte \(bytes.count - 32)"), "\(failure(flipped))")
        #expect(failure([UInt8]("NOTZKINF".utf8) + bytes.dropFirst(8)).contains("not a zkinfer file"))
        let otherKind = failure(bytes, kind: "groth16-proving-key")
        #expect(otherKind.contains("this is a \"r1cs\" file, not \"groth16-proving-key\""), "\(otherKind)")
        let newer = failure(bytes, supported: 1...1)
        #expect(
            newer == "file format version at byte 13: r1cs version 2 is written by a newer zkinfer "
                + "(this build reads version 1)")
        // Every strict prefix is rejected (never a crash).
        for n in stride(from: 0, to: bytes.count, by: 7) { #expect(failure(Array(bytes.prefix(n))) != "accepted") }
    }

    @Test("versioned JSON: wrong format tag, unknown version, missing or mistyped field are named")
    func versionedJSON() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("bundle.json").path
            func load(_ text: String) -> String {
                #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
                do {
                    _ = try BundleManifest.load(bundle: dir.path)
                    return "accepted"
                } catch { return error.description }
            }
            #expect(load("[1,2]").contains("expected a JSON object"))
            #expect(load(#"{"format": "other", "formatVersion": 1}"#).contains("field 'format'"))
            let v9 = load(#"{"format": "zkinfer-bundle", "formatVersion": 9}"#)
            #expect(v9.contains("bundle.json") && v9.contains("field 'formatVersion'") && v9.contains("9"), "\(v9)")
            #expect(load(#"{"format": "zkinfer-bundle", "formatVersion": true}"#).contains("field 'formatVersion'"))
            let noModel = load(
                #"{"format": "zkinfer-bundle", "formatVersion": 1, "zkinferVersion": "0.1.0", "createdAt": "t"}"#)
            #expect(noModel.contains("field 'model'"), "\(noModel)")
            let badDigest = load(
                """
                {"format": "zkinfer-bundle", "formatVersion": 1, "zkinferVersion": "0.1.0", "createdAt": "t",
                 "model": {"file": "model.json", "name": "m", "sha256": "xyz"},
                 "circuit": {}, "compile": {"inputVisibility": "public", "scaleBits": 8}}
                """)
            #expect(badDigest.contains("field 'model.sha256'"), "\(badDigest)")
        }
    }

    @Test("a manifest survives write → load unchanged")
    func manifestRoundTrip() throws {
        try withTemporaryDirectory { dir in
            let digest = String(repeating: "ab", count: 32)
            var m = BundleManifest(
                zkinferVersion: ZKInferVersion.string, createdAt: BundleManifest.timestamp(), modelFile: "model.json",
                modelName: "tiny", modelSHA256: digest, r1csSHA256: digest, circuitDigest: digest, constraintCount: 10,
                publicInputCount: 3, witnessCount: 7, inputVisibility: "hashed", scaleBits: 8, keys: nil)
            try m.write(bundle: dir.path)
            #expect(try BundleManifest.load(bundle: dir.path) == m)
            m.keys = .init(provingKeySHA256: digest, verifyingKeySHA256: digest, createdAt: "2026-01-01T00:00:00Z")
            try m.write(bundle: dir.path)
            #expect(try BundleManifest.load(bundle: dir.path) == m)
        }
    }
}

@Suite("Embedded demo model")
struct EmbeddedModelTests {
    @Test("the copy of tiny-mlp inside the binary equals Circuits/tiny-mlp byte for byte")
    func embeddedCopyMatches() throws {
        let dir = ZKInferBinary.packageRoot.appendingPathComponent("Circuits/\(EmbeddedModel.name)")
        let model = try String(contentsOf: dir.appendingPathComponent("model.json"), encoding: .utf8)
        let input = try String(contentsOf: dir.appendingPathComponent("input.json"), encoding: .utf8)
        #expect(EmbeddedModel.modelJSON == model)
        #expect(EmbeddedModel.inputJSON == input)
    }

    @Test("demo falls back to the embedded model when no Circuits/ directory is found")
    func demoWithoutCircuits() throws {
        try withTemporaryDirectory { dir in
            var env = ProcessInfo.processInfo.environment
            env["ZKINFER_CIRCUITS"] = dir.appendingPathComponent("no-such-dir").path
            // Run from a directory with no Circuits/ above it and a copy of the binary outside the package.
            let binary = try copyFile(try ZKInferBinary.path(), to: dir)
            let work = dir.appendingPathComponent("work")
            let r = try runZKInfer(["demo", "--dir", work.path], in: dir, environment: env, binary: binary)
            #expect(r.status == 0, "\(r)")
            #expect(r.stdout.contains("embedded copy"), "\(r)")
        }
    }
}
