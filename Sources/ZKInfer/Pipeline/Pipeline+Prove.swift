import BN254
import Compiler
import Foundation
import Groth16
import Hashing
import R1CS

extension Pipeline {
    /// Runs the model in fixed point on `input`, rebuilds the circuit with those values (checking its R1CS
    /// digest against the bundle's), proves it with the bundle's proving key, checks the proof with the bundle's
    /// verifying key, and writes `proof.json`, `public.json` and `output.json` into `outputDirectory`.
    ///
    /// Bundle files read, each checked against `bundle.json` before use: `circuit.json` (the compiled program the
    /// circuit is rebuilt from: circuit digest, and the rebuilt R1CS digest), `proving.key` (SHA-256) and
    /// `verifying.key` (SHA-256; the new proof must verify with it). The model copy and `circuit.r1cs` are not
    /// read: the circuit is rebuilt from `circuit.json`, and its digest is compared with the one `circuit.r1cs`
    /// had at compile time.
    public static func prove(
        bundle: String, input: String, outputDirectory: String, progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> ProveReport {
        let manifest = try BundleManifest.load(bundle: bundle)
        guard let keys = manifest.keys else {
            throw .bundleIncomplete(path: bundle, missing: "proving key", hint: "run 'zkinfer setup \(bundle)' first")
        }
        let compiled = try loadCompiledModel(bundle: bundle, manifest: manifest)
        let tensor = try loadInput(input)
        let timer = StepTimer(progress: progress)

        let (synthesis, witnessSeconds) = try timer.run("witness") { () throws(ZKInferError) -> Synthesis in
            do throws(CompilerError) { return try compiled.synthesize(input: tensor) } catch {
                switch error {
                case .invalidCompiledModel:
                    throw .digestMismatch(
                        path: FileIO.join(bundle, BundleLayout.circuitMetadata), what: "rebuilt circuit",
                        expected: manifest.r1csSHA256, found: error.description)
                default: throw .invalidInput(path: input, reason: error.description)
                }
            }
        }
        let r1csHex = Hex.encode(synthesis.r1cs.digest)
        guard r1csHex == manifest.r1csSHA256 else {
            throw .digestMismatch(
                path: bundle, what: "rebuilt R1CS digest (bundle.json circuit.r1csSHA256)",
                expected: manifest.r1csSHA256, found: r1csHex)
        }

        let pkPath = FileIO.join(bundle, keys.provingKeyFile)
        let (proof, _, proveSeconds) = try proveWithBundleKey(
            bundle: bundle, keys: keys, synthesis: synthesis, timer: timer)
        let signals = synthesis.publicSignals
        // Never hand out a proof that does not verify with the key verifiers get (a bug anywhere above, or a
        // verifying.key that does not belong to this proving key, would show here).
        let vkPath = FileIO.join(bundle, BundleLayout.verifyingKey)
        let (vk, _) = try loadBundleVerifyingKey(vkPath, keys: keys)
        guard try check(vk: vk, signals: signals, proof: proof, paths: (vkPath, pkPath, vkPath)) else {
            throw .digestMismatch(
                path: vkPath, what: "key pair (a proof made with \(keys.provingKeyFile) does not verify with it)",
                expected: "the verifying key of \(pkPath)", found: "a different key")
        }

        let out = synthesis.output
        let predicted = predictedClass(compiled, out)
        try FileIO.makeDirectory(outputDirectory)
        let proofPath = FileIO.join(outputDirectory, BundleLayout.proof)
        let publicPath = FileIO.join(outputDirectory, BundleLayout.publicSignals)
        let outputPath = FileIO.join(outputDirectory, BundleLayout.output)
        let proofDigest = ProofFiles.digest(of: proof)
        try FileIO.write(SnarkJS.proofJSON(proof), to: proofPath)
        try FileIO.write(SnarkJS.publicJSON(signals), to: publicPath)
        var output: [String: Any] = [
            "format": BundleLayout.outputFormat, "formatVersion": BundleLayout.jsonFormatVersion,
            "model": manifest.modelName, "modelSHA256": manifest.modelSHA256, "circuitDigest": manifest.circuitDigest,
            "shape": out.shape, "output": out.values, "outputIntegers": out.integers, "scaleBits": out.scaleBits,
            "outputSignals": Array(0..<out.integers.count), "publicSignalNames": compiled.publicSignalNames,
            "proofSHA256": proofDigest,
        ]
        if let predicted { output["predictedClass"] = predicted }
        if let p = out.unprovedProbabilities {
            output["unprovedSoftmax"] = p
            output["note"] =
                "the model ends in Softmax: the proof covers the logits ('output'); 'unprovedSoftmax' is NOT proved"
        }
        try FileIO.write(JSONText.pretty(output), to: outputPath)
        return ProveReport(
            proofPath: proofPath, publicPath: publicPath, outputPath: outputPath, output: out.values,
            outputShape: out.shape,
            predictedClass: predicted, publicSignalCount: signals.count, proofSHA256: proofDigest,
            witnessSeconds: witnessSeconds, proveSeconds: proveSeconds)
    }

    /// Loads the bundle's proving key (zkinfer's `proving.key` or a snarkjs `proving_key.zkey`, its SHA-256 checked
    /// against the manifest) and proves; returns the proof, the key's verifying key and the proving time.
    static func proveWithBundleKey(
        bundle: String, keys: BundleManifest.Keys, synthesis: Synthesis, timer: StepTimer
    ) throws(ZKInferError) -> (Proof, VerifyingKey, Double) {
        let label = "prove (\(synthesis.r1cs.constraintCount) constraints)"
        if keys.isZKey {
            let (zkey, _) = try timer.run("load proving key") { () throws(ZKInferError) -> ZKey in
                try loadZKey(bundle: bundle, keys: keys)
            }
            let (proof, seconds) = try timer.run(label) { () throws(ZKInferError) -> Proof in
                do throws(Groth16Error) {
                    return try Groth16Prover.prove(zkey: zkey, witness: synthesis.witness.values, r1cs: synthesis.r1cs)
                } catch { throw .internalFailure("proving failed: \(error.description)") }
            }
            return (proof, zkey.verifyingKey, seconds)
        }
        let pkPath = FileIO.join(bundle, BundleLayout.provingKey)
        let (pk, _) = try timer.run("load proving key") { () throws(ZKInferError) -> ProvingKey in
            let bytes = try FileIO.read(pkPath)
            let sha = Digest.sha256Hex(bytes)
            guard sha == keys.provingKeySHA256 else {
                throw .digestMismatch(
                    path: pkPath, what: "SHA-256 (bundle.json keys.provingKeySHA256)", expected: keys.provingKeySHA256,
                    found: sha)
            }
            // The digest recorded at setup vouches for the file, so the (slow) subgroup checks are skipped.
            do throws(Groth16Error) { return try ProvingKey(serializedSkippingSubgroupChecks: bytes) } catch {
                throw .malformed(path: pkPath, reason: error.description)
            }
        }
        let (proof, seconds) = try timer.run(label) { () throws(ZKInferError) -> Proof in
            do throws(Groth16Error) {
                return try Groth16Prover.prove(provingKey: pk, r1cs: synthesis.r1cs, witness: synthesis.witness)
            } catch {
                throw .internalFailure("proving failed: \(error.description)")
            }
        }
        return (proof, pk.verifyingKey, seconds)
    }

    /// The arg-max class for classifier-shaped outputs (≥ 2 scores, or an ArgMax head); nil otherwise.
    static func predictedClass(_ compiled: CompiledModel, _ out: FixedPointOutput) -> Int? {
        if case .argmax? = compiled.program.layers.last?.op { return out.argmax }
        return out.values.count >= 2 ? out.argmax : nil
    }

    /// `circuit.json` of a bundle, checked against the manifest's circuit digest.
    static func loadCompiledModel(bundle: String, manifest: BundleManifest) throws(ZKInferError) -> CompiledModel {
        let path = FileIO.join(bundle, BundleLayout.circuitMetadata)
        let bytes = try FileIO.read(path)
        let compiled: CompiledModel
        do { compiled = try CompiledModel(json: bytes) } catch {
            throw .malformed(path: path, reason: error.description)
        }
        guard compiled.circuitDigest == manifest.r1csSHA256 else {
            throw .digestMismatch(
                path: path, what: "field 'circuitDigest'", expected: manifest.r1csSHA256, found: compiled.circuitDigest)
        }
        let digest = circuitDigest(r1csDigest: Hex.decode(manifest.r1csSHA256) ?? [], circuitJSON: bytes)
        guard digest == manifest.circuitDigest else {
            throw .digestMismatch(
                path: path, what: "circuit digest (bundle.json circuit.digest)", expected: manifest.circuitDigest,
                found: digest)
        }
        return compiled
    }
}
