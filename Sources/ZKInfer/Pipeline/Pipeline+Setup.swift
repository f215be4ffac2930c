import Groth16
import Hashing
import R1CS

extension Pipeline {
    /// Groth16 setup for a compiled bundle: reads `circuit.r1cs` (checking its digest against the manifest),
    /// generates the keys from the system's secure random source, writes `proving.key`, `verifying.key`,
    /// `verification_key.json`, and records their digests in `bundle.json`.
    ///
    /// Single-party trusted setup: the toxic waste lives only in this process and is dropped when
    /// `Groth16Setup.generate` returns; whoever ran it could have kept it and could forge proofs.
    ///
    /// With `zkey`, the proving key is written as a snarkjs `.zkey` (`proving_key.zkey`, snarkjs's QAP
    /// convention) that snarkjs, rapidsnark and arkworks-circom can prove with, and `export zkey` can hand out.
    public static func setup(
        bundle: String, zkey: Bool = false, progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> SetupReport {
        var manifest = try BundleManifest.load(bundle: bundle)
        let r1cs = try loadR1CS(bundle: bundle, manifest: manifest)
        let timer = StepTimer(progress: progress)
        if zkey {
            let (key, seconds) = try timer.run("setup (\(r1cs.constraints.count) constraints, zkey)") {
                () throws(ZKInferError) in Groth16Setup.generateZKey(r1cs: r1cs)
            }
            return try install(
                zkey: key, bytes: key.serialized(), provenance: BundleManifest.Keys.singleParty,
                bundle: bundle, manifest: &manifest, seconds: seconds)
        }
        let step = "setup (\(r1cs.constraints.count) constraints)"
        let ((pk, vk), seconds) = try timer.run(step) { () throws(ZKInferError) in Groth16Setup.generate(r1cs: r1cs) }
        let pkBytes = pk.serialized()
        let vkBytes = vk.serialized()
        let vkJSONPath = FileIO.join(bundle, BundleLayout.verificationKeyJSON)
        try FileIO.write(pkBytes, to: FileIO.join(bundle, BundleLayout.provingKey))
        try FileIO.write(vkBytes, to: FileIO.join(bundle, BundleLayout.verifyingKey))
        try FileIO.write(SnarkJS.verificationKeyJSON(vk), to: vkJSONPath)
        manifest.keys = BundleManifest.Keys(
            provingKeySHA256: Digest.sha256Hex(pkBytes), verifyingKeySHA256: Digest.sha256Hex(vkBytes),
            createdAt: BundleManifest.timestamp())
        try manifest.write(bundle: bundle)
        return SetupReport(
            bundlePath: bundle, provingKeyBytes: pkBytes.count, verifyingKeySHA256: manifest.keys!.verifyingKeySHA256,
            verificationKeyJSONPath: vkJSONPath, seconds: seconds)
    }

    /// `circuit.r1cs` of a bundle, with its header, seal, decoding and digest checked.
    static func loadR1CS(bundle: String, manifest: BundleManifest) throws(ZKInferError) -> ConstraintMatrices {
        let path = FileIO.join(bundle, BundleLayout.r1cs)
        let bytes = try FileIO.read(path)
        let r1cs: ConstraintMatrices
        do { r1cs = try ConstraintMatrices(serialized: bytes) } catch {
            throw .malformed(path: path, reason: error.description)
        }
        let digest = Hex.encode(r1cs.digest)
        guard digest == manifest.r1csSHA256 else {
            throw .digestMismatch(
                path: path, what: "R1CS digest (bundle.json circuit.r1csSHA256)", expected: manifest.r1csSHA256,
                found: digest)
        }
        return r1cs
    }
}
