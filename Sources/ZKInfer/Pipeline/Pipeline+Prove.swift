import BN254
import Compiler
import Foundation
import Groth16
import Hashing
import R1CS

extension Pipeline {
    /// Runs the model in fixed point on `input`, rebuilds the circuit with those values, proves it with the
    /// bundle's proving key, checks the proof with the bundle's verifying key, and writes `proof.json`,
    /// `public.json` and `output.json` into `outputDirectory` — nothing is written unless the proof verifies.
    ///
    /// Bundle files read: `bundle.json`; `circuit.json` (the compiled program the circuit is rebuilt from; its
    /// circuit digest checked against `bundle.json` before use); `verifying.key` (SHA-256 checked; the new proof
    /// must verify with it); `proving.key`, read in one pass and bounds-checked but not hashed (issue 15: a damaged
    /// key can only make that check fail). Digests that cost a pass over hundreds of MB — the rebuilt R1CS's and
    /// `proving.key`'s — are computed only when proving or that check fails, to name the cause. The model copy
    /// and `circuit.r1cs` are not read.
    public static func prove(
        bundle: String, input: String, outputDirectory: String, progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> ProveReport {
        let timer = StepTimer(progress: progress)
        let (manifest, _) = try timer.run("read bundle.json") { () throws(ZKInferError) in
            try BundleManifest.load(bundle: bundle)
        }
        guard let keys = manifest.keys else {
            throw .bundleIncomplete(path: bundle, missing: "proving key", hint: "run 'zkinfer setup \(bundle)' first")
        }
        // The proving key is read and decoded on another thread while this one reads the circuit and builds the
        // witness (single-threaded); a zkey is loaded when the prover needs it.
        let pendingKey =
            keys.isZKey
            ? nil
            : BackgroundResult { () throws(ZKInferError) in
                try loadProvingKey(bundle: bundle, keys: keys, timer: timer)
            }
        let compiled = try loadCompiledModel(bundle: bundle, manifest: manifest, timer: timer)
        let tensor = try loadInput(input)

        let (synthesis, witnessSeconds) = try timer.run("witness") { () throws(ZKInferError) -> Synthesis in
            do throws(CompilerError) { return try compiled.synthesize(input: tensor, checkDigest: false) } catch {
                switch error {
                case .invalidCompiledModel:
                    throw .digestMismatch(
                        path: FileIO.join(bundle, BundleLayout.circuitMetadata), what: "rebuilt circuit",
                        expected: manifest.r1csSHA256, found: error.description)
                default: throw .invalidInput(path: input, reason: error.description)
                }
            }
        }
        // The rebuilt circuit is checked against the key by what matters — the prover's shape and witness checks
        // and the proof verifying with the bundle's verifying key below — so its digest (serialising and hashing
        // every constraint: a sixth of a lenet5 proof's time) is only computed to name the cause when one of them fails.
        func rebuiltCircuitMatches() throws(ZKInferError) {
            try requireRebuiltCircuit(synthesis, matches: manifest, bundle: bundle)
        }

        let pkPath = FileIO.join(bundle, keys.provingKeyFile)
        let provingKey = try pendingKey?.value()
        let proof: Proof
        let proveSeconds: Double
        do throws(ZKInferError) {
            (proof, _, proveSeconds) = try proveWithBundleKey(
                bundle: bundle, keys: keys, synthesis: synthesis, timer: timer, provingKey: provingKey)
        } catch {
            try provingKeyMatches(bundle: bundle, keys: keys)
            try rebuiltCircuitMatches()
            throw error
        }
        let signals = synthesis.publicSignals
        // Never hand out a proof that does not verify with the key verifiers get (a bug anywhere above, a circuit
        // rebuilt differently from the one the key was made for, or a verifying.key that does not belong to this
        // proving key, would show here).
        let vkPath = FileIO.join(bundle, BundleLayout.verifyingKey)
        let (verified, _) = try timer.run("verify with verifying.key") { () throws(ZKInferError) -> Bool in
            let (vk, _) = try loadBundleVerifyingKey(vkPath, keys: keys)
            return try check(vk: vk, signals: signals, proof: proof, paths: (vkPath, pkPath, vkPath))
        }
        guard verified else {
            try provingKeyMatches(bundle: bundle, keys: keys)
            try rebuiltCircuitMatches()
            throw .digestMismatch(
                path: vkPath, what: "key pair (a proof made with \(keys.provingKeyFile) does not verify with it)",
                expected: "the verifying key of \(pkPath)", found: "a different key")
        }

        let out = synthesis.output
        let predicted = predictedClass(compiled, out)
        let (written, _) = try timer.run("write outputs") { () throws(ZKInferError) in
            try writeOutputs(
                proof: proof, signals: signals, out: out, predicted: predicted, compiled: compiled, manifest: manifest,
                outputDirectory: outputDirectory)
        }
        return ProveReport(
            proofPath: written.proof, publicPath: written.public, outputPath: written.output, output: out.values,
            outputShape: out.shape,
            predictedClass: predicted, publicSignalCount: signals.count, proofSHA256: written.proofDigest,
            witnessSeconds: witnessSeconds, proveSeconds: proveSeconds)
    }

    /// Writes `proof.json`, `public.json` and `output.json` into `outputDirectory`; returns their paths and the
    /// proof's digest.
    static func writeOutputs(
        proof: Proof, signals: [Fr], out: FixedPointOutput, predicted: Int?, compiled: CompiledModel,
        manifest: BundleManifest, outputDirectory: String
    ) throws(ZKInferError) -> (proof: String, public: String, output: String, proofDigest: String) {
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
        return (proofPath, publicPath, outputPath, proofDigest)
    }

    /// Proves with the bundle's proving key: `loaded`, else loaded here (zkinfer's `proving.key`, see
    /// `loadProvingKey`, or a snarkjs `proving_key.zkey`, its SHA-256 checked against the manifest); returns the
    /// proof, the key's verifying key and the proving time.
    static func proveWithBundleKey(
        bundle: String, keys: BundleManifest.Keys, synthesis: Synthesis, timer: StepTimer,
        provingKey loaded: ProvingKey? = nil
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
        let pk: ProvingKey
        if let loaded { pk = loaded } else { pk = try loadProvingKey(bundle: bundle, keys: keys, timer: timer) }
        let (proof, seconds) = try timer.run(label) { () throws(ZKInferError) -> Proof in
            do throws(Groth16Error) {
                return try Groth16Prover.prove(provingKey: pk, r1cs: synthesis.r1cs, witness: synthesis.witness)
            } catch {
                throw .internalFailure("proving failed: \(error.description)")
            }
        }
        return (proof, pk.verifyingKey, seconds)
    }

    /// The bundle's `proving.key` (zkinfer's format), read into one buffer and decoded without a per-proof SHA-256: the
    /// decoder bounds-checks the file and every coordinate, and a key altered in any other way can only make the
    /// proof fail the check against the bundle's verifying key (whose SHA-256 is checked), which then names
    /// `proving.key` if its digest differs from the manifest's (`provingKeyMatches`). Curve and subgroup checks
    /// are skipped for the same reason. `checkDigest` checks the SHA-256 first (for uses without that check,
    /// such as converting the key).
    static func loadProvingKey(
        bundle: String, keys: BundleManifest.Keys, checkDigest: Bool = false, timer: StepTimer = StepTimer { _ in }
    ) throws(ZKInferError) -> ProvingKey {
        let pkPath = FileIO.join(bundle, BundleLayout.provingKey)
        if checkDigest { try provingKeyMatches(bundle: bundle, keys: keys) }
        return try timer.run("load proving.key") { () throws(ZKInferError) -> ProvingKey in
            let current = try FileIO.withFileContents(pkPath) { raw throws(ZKInferError) -> ProvingKey? in
                guard ProvingKey.decodesInPlace(raw) else { return nil }
                do throws(Groth16Error) { return try ProvingKey(fileBytes: raw) } catch {
                    throw .malformed(path: pkPath, reason: error.description)
                }
            }
            if let current { return current }
            // Versions 1–3 (and anything unrecognised, for its error): decoded from one in-memory copy.
            let bytes = try FileIO.read(pkPath)
            do throws(Groth16Error) { return try ProvingKey(serializedSkippingSubgroupChecks: bytes) } catch {
                throw .malformed(path: pkPath, reason: error.description)
            }
        }.0
    }

    /// Throws `.digestMismatch` naming the bundle unless the rebuilt circuit's R1CS digest is the one `bundle.json`
    /// records (`circuit.r1csSHA256`): serialises and hashes every constraint.
    static func requireRebuiltCircuit(
        _ synthesis: Synthesis, matches manifest: BundleManifest, bundle: String
    ) throws(ZKInferError) {
        let r1csHex = Hex.encode(synthesis.r1cs.digest)
        guard r1csHex == manifest.r1csSHA256 else {
            throw .digestMismatch(
                path: bundle, what: "rebuilt R1CS digest (bundle.json circuit.r1csSHA256)",
                expected: manifest.r1csSHA256, found: r1csHex)
        }
    }

    /// Throws naming `proving.key` when its SHA-256 differs from the manifest's: computed only after proving or
    /// checking the proof failed, to name the cause.
    static func provingKeyMatches(bundle: String, keys: BundleManifest.Keys) throws(ZKInferError) {
        guard !keys.isZKey else { return }
        let pkPath = FileIO.join(bundle, BundleLayout.provingKey)
        let sha = try Digest.fileSHA256Hex(pkPath)
        guard sha == keys.provingKeySHA256 else {
            throw .digestMismatch(
                path: pkPath, what: "SHA-256 (bundle.json keys.provingKeySHA256)",
                expected: keys.provingKeySHA256, found: sha)
        }
    }

    /// The arg-max class for classifier-shaped outputs (≥ 2 scores, or an ArgMax head); nil otherwise.
    static func predictedClass(_ compiled: CompiledModel, _ out: FixedPointOutput) -> Int? {
        if case .argmax? = compiled.program.layers.last?.op { return out.argmax }
        return out.values.count >= 2 ? out.argmax : nil
    }

    /// `circuit.json` of a bundle, checked against the manifest's circuit digest.
    static func loadCompiledModel(
        bundle: String, manifest: BundleManifest, timer: StepTimer = StepTimer { _ in }
    ) throws(ZKInferError) -> CompiledModel {
        let path = FileIO.join(bundle, BundleLayout.circuitMetadata)
        let (bytes, _) = try timer.run("read circuit.json") { () throws(ZKInferError) in try FileIO.read(path) }
        let (compiled, _) = try timer.run("parse circuit.json") { () throws(ZKInferError) -> CompiledModel in
            do throws(CompilerError) { return try CompiledModel(json: bytes) } catch {
                throw .malformed(path: path, reason: error.description)
            }
        }
        guard compiled.circuitDigest == manifest.r1csSHA256 else {
            throw .digestMismatch(
                path: path, what: "field 'circuitDigest'", expected: manifest.r1csSHA256, found: compiled.circuitDigest)
        }
        let (digest, _) = try timer.run("circuit.json SHA-256") {
            circuitDigest(r1csDigest: Hex.decode(manifest.r1csSHA256) ?? [], circuitJSON: bytes)
        }
        guard digest == manifest.circuitDigest else {
            throw .digestMismatch(
                path: path, what: "circuit digest (bundle.json circuit.digest)", expected: manifest.circuitDigest,
                found: digest)
        }
        return compiled
    }
}
