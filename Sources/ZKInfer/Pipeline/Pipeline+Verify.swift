import BN254
import Foundation
import Groth16

extension Pipeline {
    /// Checks a proof against a verifying key and public signals (all snarkjs files; the key may also be a
    /// bundle's binary `verifying.key`).
    ///
    /// Returns `valid == false` for a well-formed proof that does not verify. Throws (unusable input) for
    /// missing or malformed files, points off the curve or outside the subgroup, signals ≥ r, and a number
    /// of public signals different from the key's.
    public static func verify(verifyingKey: String, proof: String, publicSignals: String) throws(ZKInferError)
        -> VerifyReport
    {
        let vk = try ProofFiles.loadVerifyingKey(verifyingKey)
        let p = try ProofFiles.loadProof(proof)
        let (signals, _) = try ProofFiles.loadPublicSignals(publicSignals)
        let start = DispatchTime.now().uptimeNanoseconds
        let valid = try check(vk: vk, signals: signals, proof: p, paths: (verifyingKey, proof, publicSignals))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return VerifyReport(valid: valid, publicSignalCount: signals.count, seconds: seconds)
    }

    /// Groth16 verification with errors mapped to `ZKInferError` naming the file at fault: a count mismatch names
    /// the public signals, a bad proof point (off the curve, at infinity) the proof, a bad key point the key.
    static func check(
        vk: VerifyingKey, signals: [Fr], proof: Proof,
        paths: (verifyingKey: String, proof: String, publicSignals: String)
    ) throws(ZKInferError) -> Bool {
        do {
            return try Groth16Verifier.verify(verifyingKey: vk, publicInputs: signals, proof: proof)
        } catch .wrongPublicInputCount(let expected, let got) {
            throw .invalidInput(
                path: paths.publicSignals, reason: "has \(got) public signals, the verifying key expects \(expected)")
        } catch {
            switch error {
            case .invalidPoint(let field, _), .unexpectedInfinity(let field), .invalidHeader(let field, _):
                throw .malformed(
                    path: field.hasPrefix("proof.") ? paths.proof : paths.verifyingKey, reason: error.description)
            default:
                throw .malformed(path: paths.publicSignals, reason: error.description)
            }
        }
    }
}
