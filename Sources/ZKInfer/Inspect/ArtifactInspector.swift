import Foundation
import Groth16
import Hashing
import Ledger
import R1CS

/// What `zkinfer inspect` reports about a file or directory.
///
/// Invariant: `sha256` is the SHA-256 of the file's bytes (for a bundle directory: of its `bundle.json`);
/// `facts` are (label, value) pairs in display order.
public struct ArtifactInfo: Sendable {
    /// The inspected path, as given.
    public var path: String
    /// What the content was recognised as, in words (e.g. "bundle", "ledger", "Groth16 proof (binary)").
    public var kind: String
    /// SHA-256 of the file (of `bundle.json` for a bundle directory), hex.
    public var sha256: String
    /// (label, value) pairs in display order.
    public var facts: [(String, String)]
}

/// Recognises every artifact zkinfer reads or writes from its content (not its name): bundle directories,
/// R1CS files, binary and snarkjs keys, proofs, public signals, output files, ledger files and ledger proofs,
/// models. Unknown content is an error naming the file.
public enum ArtifactInspector {
    /// Recognises and summarises the artifact at `path` (file or bundle directory). Throws a `ZKInferError`
    /// naming the file when it is missing, unreadable or not a zkinfer artifact.
    public static func inspect(_ path: String) throws(ZKInferError) -> ArtifactInfo {
        if FileIO.isDirectory(path) {
            return SegmentManifest.isSegmented(bundle: path)
                ? try inspectSegmentedBundle(path) : try inspectBundle(path)
        }
        let bytes = try FileIO.read(path)
        let sha = Digest.sha256Hex(bytes)
        func info(_ kind: String, _ facts: [(String, String)]) -> ArtifactInfo {
            ArtifactInfo(path: path, kind: kind, sha256: sha, facts: facts + [("size", "\(bytes.count) bytes")])
        }
        if let header = header(bytes), header.kind != LedgerStore.fileKind {
            var facts = [("format", "\(header.kind) version \(header.version)")]
            switch header.kind {
            case "r1cs":
                do {
                    let r1cs = try ConstraintMatrices(serialized: bytes)
                    facts += [
                        ("constraints", "\(r1cs.constraints.count)"), ("public inputs", "\(r1cs.publicInputCount)"),
                        ("private variables", "\(r1cs.witnessCount)"), ("r1cs digest", Hex.encode(r1cs.digest)),
                    ]
                } catch { throw .malformed(path: path, reason: error.description) }
                return info("circuit (R1CS)", facts)
            case "groth16-verifying-key":
                let publicInputs = try verifyingKey(path, bytes)
                return info("Groth16 verifying key (binary)", facts + [("public inputs", "\(publicInputs)")])
            case "groth16-proving-key":
                return info("Groth16 proving key (binary)", facts)
            case "groth16-proof":
                do { _ = try Proof(serialized: bytes) } catch {
                    throw .malformed(path: path, reason: error.description)
                }
                return info("Groth16 proof (binary)", facts)
            default:
                return info(header.kind, facts)
            }
        }
        // The 4-byte magics of Groth16's first binary formats (still read).
        if bytes.starts(with: Array("G16V".utf8)) {
            return info("Groth16 verifying key (binary)", [("public inputs", "\(try verifyingKey(path, bytes))")])
        }
        if bytes.starts(with: Array("G16K".utf8)) {
            guard bytes.count > 5 else { throw .malformed(path: path, reason: "truncated proving key") }
            return info("Groth16 proving key (binary)", [("format version", "\(bytes[4])")])
        }
        if bytes.starts(with: Array("G16P".utf8)) {
            do {
                _ = try Proof(serialized: bytes)
                return info("Groth16 proof (binary)", [])
            } catch { throw .malformed(path: path, reason: error.description) }
        }
        if let ledger = try LedgerService.inspectLedgerFile(path, bytes: bytes) {
            return info("ledger", ledger)
        }
        if path.lowercased().hasSuffix(".onnx") {
            return info("model (ONNX)", try ModelFiles.describe(path: path, bytes: bytes))
        }
        let json: Any
        do { json = try JSONDocument.parseAny(bytes, path: path) } catch {
            throw .malformed(path: path, reason: "not a zkinfer artifact (unknown binary format and not JSON)")
        }
        if let signals = json as? [String] {
            return info("public signals (snarkjs public.json)", [("signals", "\(signals.count)")])
        }
        guard let object = json as? [String: Any] else {
            if json is [Any] { return info("input tensor (JSON array)", []) }
            throw .malformed(path: path, reason: "not a zkinfer artifact (JSON of an unknown shape)")
        }
        if object["format"] as? String == "zkinfer-model" {
            return info("model (zkinfer JSON)", try ModelFiles.describe(path: path, bytes: bytes))
        }
        if object["program"] != nil && object["circuitDigest"] != nil {
            return info(
                "compiled circuit metadata (circuit.json)", try ModelFiles.describeCompiled(path: path, bytes: bytes))
        }
        if let format = object["format"] as? String {
            let version = (object["formatVersion"] as? NSNumber).map { "\($0)" } ?? "?"
            var facts = [("format", "\(format) version \(version)")]
            switch format {
            case BundleLayout.outputFormat:
                if let model = object["model"] as? String { facts.append(("model", model)) }
                if let values = object["output"] as? [Double] { facts.append(("output", "\(values)")) }
                if let c = object["predictedClass"] as? Int { facts.append(("predicted class", "\(c)")) }
                return info("inference output", facts)
            case BundleLayout.circuitFormat: return info("circuit metadata", facts)
            case BundleLayout.manifestFormat: return info("bundle manifest", facts)
            default: return info("zkinfer file", facts)
            }
        }
        if object["protocol"] as? String == "groth16" {
            if object["vk_alpha_1"] != nil {
                let n = (object["nPublic"] as? NSNumber)?.intValue ?? -1
                _ = try ProofFiles.loadVerifyingKey(path)
                return info("Groth16 verifying key (snarkjs verification_key.json)", [("public inputs", "\(n)")])
            }
            if object["pi_a"] != nil {
                let proof = try ProofFiles.loadProof(path)
                return info("Groth16 proof (snarkjs proof.json)", [("proof digest", ProofFiles.digest(of: proof))])
            }
        }
        if let ledgerProof = LedgerService.describeProofJSON(object) {
            return info(ledgerProof.kind, ledgerProof.facts)
        }
        if object["shape"] != nil || object["input"] != nil || object["data"] != nil {
            return info("input tensor (JSON)", [])
        }
        if let facts = try? ModelFiles.describe(path: path, bytes: bytes) {
            return info("model (zkinfer JSON)", facts)
        }
        throw .malformed(path: path, reason: "not a zkinfer artifact (JSON object of an unknown shape)")
    }

    /// The `FileHeader` `bytes` start with, if they start with a well-formed one.
    static func header(_ bytes: [UInt8]) -> FileHeader? {
        var reader = ByteReader(bytes)
        return try? FileHeader.read(from: &reader)
    }

    static func verifyingKey(_ path: String, _ bytes: [UInt8]) throws(ZKInferError) -> Int {
        do { return try VerifyingKey(serialized: bytes).publicInputCount } catch {
            throw .malformed(path: path, reason: error.description)
        }
    }

    static func inspectBundle(_ path: String) throws(ZKInferError) -> ArtifactInfo {
        let manifest = try BundleManifest.load(bundle: path)
        /// A file's state against the digest bundle.json records for it (a digest is never shown for a file that
        /// is missing or differs).
        func status(_ name: String, sha256 expected: String) -> String {
            let file = FileIO.join(path, name)
            guard FileIO.exists(file) else { return "\(name) MISSING (bundle.json records sha256 \(expected))" }
            guard let found = try? Digest.fileSHA256Hex(file) else { return "\(name) unreadable" }
            return found == expected
                ? "\(name), sha256 \(found)"
                : "\(name) DIFFERS from bundle.json: sha256 \(found), recorded \(expected)"
        }
        var facts: [(String, String)] = [
            ("model", "\(manifest.modelName) (\(status(manifest.modelFile, sha256: manifest.modelSHA256)))"),
            ("circuit digest", manifest.circuitDigest),
            ("r1cs digest", manifest.r1csSHA256),
            ("constraints", "\(manifest.constraintCount)"),
            ("public inputs", "\(manifest.publicInputCount)"),
            ("input visibility", manifest.inputVisibility),
            ("scale", "2^\(manifest.scaleBits)"),
            ("compiled", "\(manifest.createdAt) by zkinfer \(manifest.zkinferVersion)"),
        ]
        if let keys = manifest.keys {
            facts.append(
                (
                    "verifying key",
                    "\(status(BundleLayout.verifyingKey, sha256: keys.verifyingKeySHA256)) "
                        + "(setup \(keys.createdAt))"
                ))
            facts.append(("proving key", status(keys.provingKeyFile, sha256: keys.provingKeySHA256)))
            facts.append(("key provenance", "\(keys.setup); proving key \(keys.provingKeyFile)"))
        } else {
            facts.append(("keys", "none yet (run 'zkinfer setup \(path)')"))
        }
        let sha = try Digest.fileSHA256Hex(FileIO.join(path, BundleLayout.manifest))
        return ArtifactInfo(path: path, kind: "bundle", sha256: sha, facts: facts)
    }
}
