import BN254
import Groth16

/// Reading the proof-system files a user hands to `verify` (and that `prove`/`ledger append` re-read),
/// mapping every decoding failure to a `ZKInferError` that names the file.
public enum ProofFiles {
    /// The 4-byte magic of Groth16's binary verifying key (`VerifyingKey.serialized()`).
    static let binaryVerifyingKeyMagic = Array("G16V".utf8)

    /// A verifying key from `verification_key.json` (snarkjs) or a bundle's binary `verifying.key`.
    public static func loadVerifyingKey(_ path: String) throws(ZKInferError) -> VerifyingKey {
        let bytes = try FileIO.read(path)
        if bytes.starts(with: binaryVerifyingKeyMagic) {
            do { return try VerifyingKey(serialized: bytes) } catch {
                throw .malformed(path: path, reason: error.description)
            }
        }
        _ = try JSONDocument.parse(bytes, path: path)  // "not valid JSON" before snarkjs-specific messages
        do {
            return try SnarkJS.parseVerificationKey(json: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .malformed(path: path, reason: error.description)
        }
    }

    /// A proof from `proof.json` (snarkjs layout).
    public static func loadProof(_ path: String) throws(ZKInferError) -> Proof {
        let bytes = try FileIO.read(path)
        _ = try JSONDocument.parse(bytes, path: path)
        do {
            return try SnarkJS.parseProof(json: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .malformed(path: path, reason: error.description)
        }
    }

    /// Public signals from `public.json` (a JSON array of canonical decimal strings < r), with their text.
    public static func loadPublicSignals(_ path: String) throws(ZKInferError) -> (values: [Fr], texts: [String]) {
        let bytes = try FileIO.read(path)
        guard let array = try JSONDocument.parseAny(bytes, path: path) as? [Any] else {
            throw .malformed(path: path, reason: "expected a JSON array of decimal strings")
        }
        guard let texts = array as? [String] else {
            throw .malformed(path: path, reason: "expected a JSON array of decimal strings")
        }
        do {
            return (try SnarkJS.parsePublic(json: String(decoding: bytes, as: UTF8.self)), texts)
        } catch {
            throw .malformed(path: path, reason: error.description)
        }
    }

    /// SHA-256 of the proof's canonical binary encoding (`Proof.serialized()`, uncompressed): the proof
    /// digest recorded in the ledger. Independent of JSON whitespace.
    public static func digest(of proof: Proof) -> String {
        Digest.sha256Hex(proof.serialized())
    }
}
