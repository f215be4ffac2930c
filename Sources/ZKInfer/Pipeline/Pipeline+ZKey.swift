import BN254
import Compiler
import Foundation
import Groth16
import Hashing
import R1CS

extension Pipeline {
    /// Installs a snarkjs `.zkey` as a bundle's proving key after checking that it was made for the bundle's
    /// circuit: same sizes and the same A/B coefficients (section 4 against `circuit.r1cs`). Phase-2
    /// contributions recorded in it must verify (`Phase2Verification.verifyContributions`); the phase-1 origin of
    /// the key cannot be checked without the `.ptau` and is not claimed.
    public static func importZKey(
        bundle: String, zkeyPath: String, progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> SetupReport {
        var manifest = try BundleManifest.load(bundle: bundle)
        let r1cs = try loadR1CS(bundle: bundle, manifest: manifest)
        let timer = StepTimer(progress: progress)
        let bytes = try FileIO.read(zkeyPath)
        let name = URL(fileURLWithPath: zkeyPath).lastPathComponent
        let ((key, provenance), seconds) = try timer.run("check \(name)") { () throws(ZKInferError) -> (ZKey, String) in
            let key: ZKey
            // From outside: every point checked, the B₂ points for subgroup membership too.
            do throws(BinFileError) {
                key = try ZKey(bytes: bytes, file: zkeyPath, checkProvingKeySubgroup: true)
            } catch {
                throw .malformed(path: zkeyPath, reason: "\(error.part): \(error.reason)")
            }
            if let mismatch = key.mismatch(r1cs: r1cs) {
                throw .invalidInput(path: zkeyPath, reason: "not a key for this bundle's circuit: \(mismatch)")
            }
            let hashes: [[UInt8]]
            do throws(CeremonyError) {
                hashes = try Phase2Verification.verifyContributions(key, file: name).map(\.hash)
            } catch {
                guard key.transcript?.contributions.isEmpty ?? true else {
                    throw .invalidInput(path: zkeyPath, reason: error.description)
                }
                hashes = []
            }
            let circuitHash = key.transcript.map { Hex.encode($0.circuitHash).prefix(16) + "…" } ?? "none"
            let provenance =
                hashes.isEmpty
                ? "imported snarkjs zkey: no phase-2 contribution (whoever made it knows δ); "
                    + "circuit hash \(circuitHash)"
                : "imported snarkjs zkey: \(hashes.count) phase-2 contribution(s) verified, last contribution hash "
                    + "\(Hex.encode(hashes.last!).prefix(16))…; circuit hash \(circuitHash)"
            return (key, provenance)
        }
        return try install(
            zkey: key, bytes: bytes, provenance: provenance, bundle: bundle, manifest: &manifest,
            seconds: seconds)
    }

    /// Writes `proving_key.zkey`, `verifying.key`, `verification_key.json` and the manifest's `keys`.
    static func install(
        zkey: ZKey, bytes: [UInt8], provenance: String, bundle: String, manifest: inout BundleManifest,
        seconds: Double
    ) throws(ZKInferError) -> SetupReport {
        let vk = zkey.verifyingKey
        let vkBytes = vk.serialized()
        let vkJSONPath = FileIO.join(bundle, BundleLayout.verificationKeyJSON)
        try FileIO.write(bytes, to: FileIO.join(bundle, BundleLayout.provingKeyZKey))
        try FileIO.write(vkBytes, to: FileIO.join(bundle, BundleLayout.verifyingKey))
        try FileIO.write(SnarkJS.verificationKeyJSON(vk), to: vkJSONPath)
        let stale = FileIO.join(bundle, BundleLayout.provingKey)
        if FileIO.exists(stale) { try? FileManager.default.removeItem(atPath: stale) }
        manifest.keys = BundleManifest.Keys(
            provingKeySHA256: Digest.sha256Hex(bytes), verifyingKeySHA256: Digest.sha256Hex(vkBytes),
            createdAt: BundleManifest.timestamp(), provingKeyFile: BundleLayout.provingKeyZKey, setup: provenance)
        try manifest.write(bundle: bundle)
        return SetupReport(
            bundlePath: bundle, provingKeyBytes: bytes.count, verifyingKeySHA256: manifest.keys!.verifyingKeySHA256,
            verificationKeyJSONPath: vkJSONPath, seconds: seconds, provenance: provenance,
            provingKeyFile: BundleLayout.provingKeyZKey)
    }

    /// The bundle's `.zkey` proving key, its SHA-256 checked against the manifest. Points are checked on their
    /// curves; the recorded digest vouches for the file, so the B₂ subgroup checks (done at import) are skipped.
    static func loadZKey(bundle: String, keys: BundleManifest.Keys) throws(ZKInferError) -> ZKey {
        let path = FileIO.join(bundle, BundleLayout.provingKeyZKey)
        let bytes = try FileIO.read(path)
        let sha = Digest.sha256Hex(bytes)
        guard sha == keys.provingKeySHA256 else {
            throw .digestMismatch(
                path: path, what: "SHA-256 (bundle.json keys.provingKeySHA256)",
                expected: keys.provingKeySHA256, found: sha)
        }
        do throws(BinFileError) { return try ZKey(bytes: bytes, file: path) } catch {
            throw .malformed(path: path, reason: "\(error.part): \(error.reason)")
        }
    }

    // MARK: export

    /// `circuit.r1cs` as a circom `.r1cs` (binfile v1): what snarkjs `groth16 setup` and arkworks-circom read.
    public static func exportR1CS(bundle: String) throws(ZKInferError) -> [UInt8] {
        let manifest = try BundleManifest.load(bundle: bundle)
        return CircomR1CS(r1cs: try loadR1CS(bundle: bundle, manifest: manifest)).serialized()
    }

    /// The witness of the model on `input` as a circom `.wtns` (v2), after checking it satisfies the circuit.
    public static func exportWitness(bundle: String, input: String) throws(ZKInferError) -> [UInt8] {
        let manifest = try BundleManifest.load(bundle: bundle)
        let compiled = try loadCompiledModel(bundle: bundle, manifest: manifest)
        let tensor = try loadInput(input)
        let synthesis: Synthesis
        // The digest is checked once, against bundle.json (equal to circuit.json's, checked on load).
        do { synthesis = try compiled.synthesize(input: tensor, checkDigest: false) } catch {
            throw .invalidInput(path: input, reason: error.description)
        }
        try requireRebuiltCircuit(synthesis, matches: manifest, bundle: bundle)
        if let violation = synthesis.r1cs.isSatisfied(by: synthesis.witness) {
            throw .internalFailure("the witness does not satisfy the circuit: \(violation)")
        }
        return CircomWitness(values: synthesis.witness.values).serialized()
    }

    /// The bundle's proving key as a snarkjs `.zkey`: the file itself for a zkey bundle (`setup --zkey`,
    /// `setup --ptau` with its contributions in section 10, an import), else converted from a plain setup's
    /// `proving.key` (`ZKey(provingKey:r1cs:)`: an FFT over G1, no toxic waste; section 9 then omits the one term
    /// that needs τ, which no snarkjs-convention proof uses). A ceremony key in zkinfer's format is refused: its
    /// converted section 9 could not be checked against the ptau.
    public static func exportZKey(bundle: String, progress: @escaping ProgressHandler = { _ in }) throws(ZKInferError)
        -> [UInt8]
    {
        let manifest = try BundleManifest.load(bundle: bundle)
        guard let keys = manifest.keys else {
            throw .bundleIncomplete(path: bundle, missing: "proving key", hint: "run 'zkinfer setup \(bundle)' first")
        }
        if keys.isZKey {
            _ = try loadZKey(bundle: bundle, keys: keys)
            return try FileIO.read(FileIO.join(bundle, BundleLayout.provingKeyZKey))
        }
        if keys.ceremony != nil {
            throw .bundleIncomplete(
                path: bundle, missing: "snarkjs .zkey proving key",
                hint: "its ceremony started from a ptau without τ^(2N−1), so its key is in zkinfer's own format; "
                    + "start it again with 'zkinfer setup \(bundle) --ptau' and a ptau of twice the powers")
        }
        let r1cs = try loadR1CS(bundle: bundle, manifest: manifest)
        let pk = try loadProvingKey(bundle: bundle, keys: keys, checkDigest: true)
        let timer = StepTimer(progress: progress)
        let (key, _) = try timer.run("convert proving key (domain \(pk.domainSize))") { () throws(ZKInferError) in
            do throws(Groth16Error) { return try ZKey(provingKey: pk, r1cs: r1cs) } catch {
                throw .invalidInput(path: FileIO.join(bundle, BundleLayout.provingKey), reason: error.description)
            }
        }
        return key.serialized()
    }

    /// The verifying key in snarkjs's `verification_key.json` layout, from a bundle or a directory holding
    /// `verifying.key` or `verification_key.json`.
    public static func exportVerificationKey(from directory: String) throws(ZKInferError) -> String {
        let binary = FileIO.join(directory, BundleLayout.verifyingKey)
        if FileIO.exists(binary) {
            let bytes = try FileIO.read(binary)
            if FileIO.exists(FileIO.join(directory, BundleLayout.manifest)),
                let keys = try BundleManifest.load(bundle: directory).keys
            {
                let sha = Digest.sha256Hex(bytes)
                guard sha == keys.verifyingKeySHA256 else {
                    throw .digestMismatch(
                        path: binary, what: "SHA-256 (bundle.json keys.verifyingKeySHA256)",
                        expected: keys.verifyingKeySHA256, found: sha)
                }
            }
            do { return SnarkJS.verificationKeyJSON(try VerifyingKey(serialized: bytes)) } catch {
                throw .malformed(path: binary, reason: error.description)
            }
        }
        let json = FileIO.join(directory, BundleLayout.verificationKeyJSON)
        guard FileIO.exists(json) else {
            throw .bundleIncomplete(path: directory, missing: "verifying key", hint: "run 'zkinfer setup' first")
        }
        let text = String(decoding: try FileIO.read(json), as: UTF8.self)
        do { return SnarkJS.verificationKeyJSON(try SnarkJS.parseVerificationKey(json: text)) } catch {
            throw .malformed(path: json, reason: error.description)
        }
    }
}

extension Pipeline {
    /// The verifying key of a snarkjs `.zkey` in `verification_key.json` layout (the reader checks every
    /// verifying-key point on its curve and in its subgroup).
    public static func exportVerificationKey(zkey path: String) throws(ZKInferError) -> String {
        let bytes = try FileIO.read(path)
        do throws(BinFileError) {
            return SnarkJS.verificationKeyJSON(try ZKey(bytes: bytes, file: path).verifyingKey)
        } catch { throw .malformed(path: path, reason: "\(error.part): \(error.reason)") }
    }
}

extension ZKey {
    /// Why this key was not made for `r1cs` (sizes, or the A/B coefficients of section 4 compared as sparse
    /// matrices: duplicate entries summed, zeros dropped), nil when it was.
    func mismatch(r1cs: ConstraintMatrices) -> String? {
        let domain = ProvingKey.domainSize(
            constraintCount: r1cs.constraints.count,
            publicInputCount: r1cs.publicInputCount)
        if variableCount != r1cs.variableCount {
            return "nVars \(variableCount), the circuit has \(r1cs.variableCount)"
        }
        if publicCount != r1cs.publicInputCount {
            return "nPublic \(publicCount), the circuit has \(r1cs.publicInputCount)"
        }
        if domainSize != domain { return "domainSize \(domainSize), the circuit needs \(domain)" }
        // Keys written by snarkjs or zkinfer list the entries in the circuit's own order: one linear pass.
        let expected = ZKey.coefficients(of: r1cs)
        if coefficients == expected { return nil }
        func matrix(_ list: [Coefficient]) -> [String: Fr] {
            var m: [String: Fr] = [:]
            for c in list { m["\(c.matrix)/\(c.constraint)/\(c.signal)", default: .zero] += c.value }
            return m.filter { !$0.value.isZero }
        }
        return matrix(coefficients) == matrix(expected)
            ? nil : "section 4 (A/B coefficients) differs from the circuit's constraints"
    }
}
