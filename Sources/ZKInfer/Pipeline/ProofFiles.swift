import BN254
import Groth16
import Hashing

/// Reading the proof-system files a user hands to `verify` (and that `prove`/`ledger append` re-read),
/// mapping every decoding failure to a `ZKInferError` that names the file.
public enum ProofFiles {
    /// A verifying key from `verification_key.json` (snarkjs) or a bundle's binary `verifying.key`.
    public static func loadVerifyingKey(_ path: String) throws(ZKInferError) -> VerifyingKey {
        let bytes = try FileIO.read(path)
        if FileHeader.hasMagic(bytes) || bytes.starts(with: Array("G16V".utf8)) {  // "G16V": version 1
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

    /// The proof digest recorded in output.json and the ledger (`Proof.digest`), as hex. Independent of JSON
    /// whitespace.
    public static func digest(of proof: Proof) -> String {
        Hex.encode(proof.digest)
    }
}
