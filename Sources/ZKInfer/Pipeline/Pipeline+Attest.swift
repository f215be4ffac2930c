import Compiler
import Foundation
import Groth16
import Hashing

extension Pipeline {
    /// What a verified proof attests, ready to become a ledger record.
    struct Attestation {
        var modelDigest: [UInt8]
        var circuitDigest: [UInt8]
        var verifyingKeyDigest: [UInt8]
        var publicSignals: [String]
        var output: [Double]
        var predictedClass: Int?
        var proofDigest: [UInt8]
        /// How the key was made, for the ledger record (`BundleManifest.Keys.ledgerProvenance`).
        var keyProvenance: String
    }

    /// Verifies `proofDirectory/proof.json` + `public.json` with the bundle's verifying key (its digest checked
    /// against the manifest) and reads the output from the public signals — never from `output.json`, so the
    /// record holds exactly what the proof proves. Throws `.proofInvalid` if the proof does not verify.
    static func attest(bundle: String, proofDirectory: String) throws(ZKInferError) -> Attestation {
        let manifest = try BundleManifest.load(bundle: bundle)
        guard let keys = manifest.keys else {
            throw .bundleIncomplete(path: bundle, missing: "verifying key", hint: "run 'zkinfer setup \(bundle)' first")
        }
        let vkPath = FileIO.join(bundle, BundleLayout.verifyingKey)
        let (vk, vkSHA) = try loadBundleVerifyingKey(vkPath, keys: keys)
        let proofPath = FileIO.join(proofDirectory, BundleLayout.proof)
        let publicPath = FileIO.join(proofDirectory, BundleLayout.publicSignals)
        let proof = try ProofFiles.loadProof(proofPath)
        let (signals, texts) = try ProofFiles.loadPublicSignals(publicPath)
        guard try check(vk: vk, signals: signals, proof: proof, paths: (vkPath, proofPath, publicPath)) else {
            throw .proofInvalid(reason: "\(proofPath) does not verify with \(vkPath) and \(publicPath); not recorded")
        }
        let compiled = try loadCompiledModel(bundle: bundle, manifest: manifest)
        let output: FixedPointOutput
        do { output = try compiled.output(publicSignals: signals) } catch {
            throw .invalidInput(path: publicPath, reason: error.description)
        }
        return Attestation(
            modelDigest: Hex.decode(manifest.modelSHA256) ?? [],
            circuitDigest: Hex.decode(manifest.circuitDigest) ?? [],
            verifyingKeyDigest: Hex.decode(vkSHA) ?? [], publicSignals: texts, output: output.values,
            predictedClass: predictedClass(compiled, output), proofDigest: proof.digest,
            keyProvenance: keys.ledgerProvenance)
    }

    /// A bundle's binary `verifying.key`, its SHA-256 checked against `bundle.json` first; returns it with the digest.
    static func loadBundleVerifyingKey(_ vkPath: String, keys: BundleManifest.Keys) throws(ZKInferError) -> (
        VerifyingKey, String
    ) {
        let vkSHA = try Digest.fileSHA256Hex(vkPath)
        guard vkSHA == keys.verifyingKeySHA256 else {
            throw .digestMismatch(
                path: vkPath, what: "SHA-256 (bundle.json keys.verifyingKeySHA256)", expected: keys.verifyingKeySHA256,
                found: vkSHA)
        }
        return (try ProofFiles.loadVerifyingKey(vkPath), vkSHA)
    }
}
