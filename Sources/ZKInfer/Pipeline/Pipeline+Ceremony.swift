import Foundation
import Groth16
import Hashing
import R1CS

/// The result of `setup --ptau`, `ceremony contribute` and `ceremony beacon`.
public struct CeremonyStepReport: Sendable {
    /// The bundle directory whose keys were written.
    public var bundlePath: String
    /// What `bundle.json` now records under `keys.ceremony` (ptau, its BLAKE2b, contribution count, final hash).
    public var provenance: CeremonyRecord
    /// The contribution hash the participant publishes (nil for the initial key).
    public var contributionHash: String?
    /// The circuit hash (snarkjs csHash) every contribution is bound to.
    public var circuitHash: String
    /// The number of phase-2 contributions in the key's transcript (0 for the initial key).
    public var contributionCount: Int
    /// SHA-256 (64 hex digits) of the new binary `verifying.key`, as recorded in `bundle.json`.
    public var verifyingKeySHA256: String
    /// Wall-clock duration of the step in seconds.
    public var seconds: Double
}

/// The result of `ceremony verify`.
public struct CeremonyVerifyReport: Sendable {
    /// One checked phase-2 contribution, in transcript order.
    public struct Entry: Sendable {
        /// The 1-based position of the contribution, as snarkjs numbers contributions.
        public var index: Int
        /// The participant's name as recorded (nil when none was given).
        public var name: String?
        /// The contribution hash in hex (BLAKE2b-512, 128 digits), the value its participant published.
        public var hash: String
        /// Whether the contribution is a public-randomness beacon.
        public var isBeacon: Bool
    }

    /// The phase-1 file's name.
    public var ptauFile: String
    /// BLAKE2b-512 of the whole phase-1 file (128 hex digits).
    public var ptauBLAKE2b: String
    /// The number of phase-1 contributions in the `.ptau`, each checked.
    public var ptauContributions: Int
    /// The circuit hash (snarkjs csHash, 128 hex digits) recomputed from the circuit and the ptau.
    public var circuitHash: String
    /// Every phase-2 contribution, in order, each checked against the one before it.
    public var contributions: [Entry]
    /// Wall-clock duration of the verification in seconds.
    public var seconds: Double
}

extension Pipeline {
    /// `setup DIR --ptau FILE`: verifies the phase-1 file (`PowersOfTau.verify`), derives the initial phase-2
    /// key of the bundle's circuit from it (`Phase2Setup`: δ = γ = 1, no secret), writes the keys, the empty
    /// transcript `phase2.transcript` and the provenance in `bundle.json`.
    public static func setupFromPtau(bundle: String, ptau ptauPath: String, progress: @escaping ProgressHandler)
        throws(ZKInferError) -> CeremonyStepReport
    {
        var manifest = try BundleManifest.load(bundle: bundle)
        let r1cs = try loadR1CS(bundle: bundle, manifest: manifest)
        let timer = StepTimer(progress: progress)
        let start = DispatchTime.now().uptimeNanoseconds
        let (ptau, ptauReport) = try checkedPtau(ptauPath, r1cs: r1cs, timer: timer)
        let domain = ProvingKey.domainSize(
            constraintCount: r1cs.constraints.count, publicInputCount: r1cs.publicInputCount)
        let initial: CeremonyKey
        if Phase2Setup.servesZKey(ptau, domainSize: domain) {
            let ((zkey, _), _) = try timer.run("initial phase-2 key (.zkey)") { () throws(ZKInferError) in
                try ceremonyStep { () throws(CeremonyError) in try Phase2Setup.initialZKey(r1cs: r1cs, ptau: ptau) }
            }
            initial = .zkey(zkey)
        } else {
            // τ^(2N−1) is missing: zkinfer's own key format (monomial H), which cannot be exported as a .zkey.
            let ((key, csHash), _) = try timer.run("initial phase-2 key") { () throws(ZKInferError) in
                try ceremonyStep { () throws(CeremonyError) in try Phase2Setup.initialKey(r1cs: r1cs, ptau: ptau) }
            }
            initial = .legacy(key, Phase2Transcript(circuitHash: csHash))
        }
        let csHash = initial.transcript.circuitHash
        let provenance = CeremonyRecord(
            ptau: ptau.fileName, ptauBLAKE2b: Hex.encode(ptauReport.fileHash), contributions: 0,
            finalHash: Hex.encode(csHash))
        let vkSHA = try writeCeremonyKey(bundle: bundle, manifest: &manifest, key: initial, provenance: provenance)
        return CeremonyStepReport(
            bundlePath: bundle, provenance: provenance, contributionHash: nil, circuitHash: Hex.encode(csHash),
            contributionCount: 0, verifyingKeySHA256: vkSHA,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// `ceremony contribute DIR`: one participant's contribution (fresh secret from the OS random source,
    /// mixed with `entropy`).
    public static func contribute(bundle: String, entropy: String, name: String?, progress: @escaping ProgressHandler)
        throws(ZKInferError) -> CeremonyStepReport
    {
        try ceremonyUpdate(bundle: bundle, progress: progress, step: "contribute") { key in
            switch key {
            case .zkey(let zkey):
                let r = Phase2Ceremony.contribute(zkey: zkey, entropy: entropy, name: name)
                return (.zkey(r.zkey), r.hash)
            case .legacy(let key, let transcript):
                let r = Phase2Ceremony.contribute(key: key, transcript: transcript, entropy: entropy, name: name)
                return (.legacy(r.key, r.transcript), r.hash)
            }
        }
    }

    /// `ceremony beacon DIR`: the final public-randomness contribution (snarkjs `zkey beacon`).
    public static func beacon(
        bundle: String, beaconHash: [UInt8], iterationsExponent: Int, name: String?,
        progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> CeremonyStepReport {
        try ceremonyUpdate(bundle: bundle, progress: progress, step: "beacon") { key in
            switch key {
            case .zkey(let zkey):
                let r = Phase2Ceremony.beacon(
                    zkey: zkey, beaconHash: beaconHash, iterationsExponent: iterationsExponent, name: name)
                return (.zkey(r.zkey), r.hash)
            case .legacy(let key, let transcript):
                let r = Phase2Ceremony.beacon(
                    key: key, transcript: transcript, beaconHash: beaconHash, iterationsExponent: iterationsExponent,
                    name: name)
                return (.legacy(r.key, r.transcript), r.hash)
            }
        }
    }

    /// `ceremony verify DIR --ptau FILE`: verifies the ptau, recomputes the initial key from it and the
    /// circuit, and checks every contribution of the transcript and the bundle's key against it.
    /// Throws `.ceremonyInvalid` (a negative result) when a check fails.
    public static func verifyCeremony(bundle: String, ptau ptauPath: String, progress: @escaping ProgressHandler)
        throws(ZKInferError) -> CeremonyVerifyReport
    {
        let start = DispatchTime.now().uptimeNanoseconds
        let manifest = try BundleManifest.load(bundle: bundle)
        let r1cs = try loadR1CS(bundle: bundle, manifest: manifest)
        let timer = StepTimer(progress: progress)
        let (key, _) = try loadCeremony(bundle: bundle, manifest: manifest)
        let (ptau, ptauReport) = try checkedPtau(ptauPath, r1cs: r1cs, timer: timer)
        let count = key.transcript.contributions.count
        let entries: [Phase2Ceremony.VerifiedContribution]
        let csHash: [UInt8]
        switch key {
        case .zkey(let zkey):
            let ((initial, monomialH), _) = try timer.run("recompute the initial key") { () throws(ZKInferError) in
                try ceremonyStep { () throws(CeremonyError) in try Phase2Setup.initialZKey(r1cs: r1cs, ptau: ptau) }
            }
            csHash = initial.transcript?.circuitHash ?? []
            (entries, _) = try timer.run("check \(count) contributions") { () throws(ZKInferError) in
                try ceremonyStep { () throws(CeremonyError) in
                    try Phase2Ceremony.verify(
                        zkey: zkey, initial: initial, monomialH: monomialH, file: BundleLayout.provingKeyZKey)
                }
            }
        case .legacy(let key, let transcript):
            let ((initial, hash), _) = try timer.run("recompute the initial key") { () throws(ZKInferError) in
                try ceremonyStep { () throws(CeremonyError) in try Phase2Setup.initialKey(r1cs: r1cs, ptau: ptau) }
            }
            csHash = hash
            (entries, _) = try timer.run("check \(count) contributions") { () throws(ZKInferError) in
                try ceremonyStep { () throws(CeremonyError) in
                    try Phase2Ceremony.verify(
                        key: key, transcript: transcript, initial: initial, csHash: hash,
                        keyFile: BundleLayout.provingKey, transcriptFile: BundleLayout.phase2Transcript)
                }
            }
        }
        return CeremonyVerifyReport(
            ptauFile: ptau.fileName, ptauBLAKE2b: Hex.encode(ptauReport.fileHash),
            ptauContributions: ptauReport.contributions.count, circuitHash: Hex.encode(csHash),
            contributions: entries.map {
                .init(index: $0.index, name: $0.name, hash: Hex.encode($0.hash), isBeacon: $0.isBeacon)
            },
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    // MARK: helpers

    static func checkedPtau(_ path: String, r1cs: ConstraintMatrices, timer: StepTimer) throws(ZKInferError)
        -> (PowersOfTau, PtauVerificationReport)
    {
        guard FileIO.exists(path) else { throw .missingFile(path: path) }
        let domain = ProvingKey.domainSize(
            constraintCount: r1cs.constraints.count, publicInputCount: r1cs.publicInputCount)
        let ptau = try ceremonyStep { () throws(CeremonyError) in try PowersOfTau(path: path) }
        let (report, _) = try timer.run("verify \(ptau.fileName) (2^\(ptau.power) powers)") {
            () throws(ZKInferError) in
            try ceremonyStep { () throws(CeremonyError) in try ptau.verify(subgroupCheckedG2Powers: domain) }
        }
        return (ptau, report)
    }

    /// Runs a ceremony operation, mapping failed checks to a negative result and damaged files to unusable input.
    static func ceremonyStep<T>(_ body: () throws(CeremonyError) -> T) throws(ZKInferError) -> T {
        do { return try body() } catch {
            switch error {
            case .verificationFailed: throw .ceremonyInvalid(reason: error.description)
            case .malformed(let file, _, _), .unsuitable(let file, _), .io(let file, _):
                throw .malformed(path: file, reason: String(error.description.dropFirst(file.count + 2)))
            }
        }
    }

    /// The bundle's ceremony key in either form, its SHA-256 checked against the manifest.
    static func loadCeremony(bundle: String, manifest: BundleManifest) throws(ZKInferError)
        -> (CeremonyKey, BundleManifest.Keys)
    {
        guard let keys = manifest.keys else {
            throw .bundleIncomplete(path: bundle, missing: "keys", hint: "run 'zkinfer setup DIR --ptau FILE' first")
        }
        guard keys.ceremony != nil else {
            throw .bundleIncomplete(
                path: bundle, missing: "ceremony transcript",
                hint: "its keys do not come from 'setup --ptau' (see bundle.json keys.setup); "
                    + "run 'zkinfer setup DIR --ptau FILE' to start a ceremony")
        }
        if keys.isZKey {
            let zkey = try loadZKey(bundle: bundle, keys: keys)
            guard zkey.transcript != nil else {
                throw .malformed(
                    path: FileIO.join(bundle, BundleLayout.provingKeyZKey),
                    reason: "section 10 (contributions) is missing")
            }
            return (.zkey(zkey), keys)
        }
        let pkPath = FileIO.join(bundle, BundleLayout.provingKey)
        let bytes = try FileIO.read(pkPath)
        let sha = Digest.sha256Hex(bytes)
        guard sha == keys.provingKeySHA256 else {
            throw .digestMismatch(
                path: pkPath, what: "SHA-256 (bundle.json keys.provingKeySHA256)",
                expected: keys.provingKeySHA256, found: sha)
        }
        let key: ProvingKey
        do throws(Groth16Error) { key = try ProvingKey(serialized: bytes) } catch {
            throw .malformed(path: pkPath, reason: error.description)
        }
        let transcriptPath = FileIO.join(bundle, BundleLayout.phase2Transcript)
        guard FileIO.exists(transcriptPath) else {
            throw .bundleIncomplete(path: bundle, missing: BundleLayout.phase2Transcript, hint: "the ceremony record")
        }
        let transcript = try ceremonyStep { () throws(CeremonyError) in
            try Phase2Transcript(fileBytes: try readCeremonyFile(transcriptPath), file: BundleLayout.phase2Transcript)
        }
        return (.legacy(key, transcript), keys)
    }

    private static func readCeremonyFile(_ path: String) throws(CeremonyError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(file: (path as NSString).lastPathComponent, reason: "cannot read")
        }
        return [UInt8](data)
    }

    static func ceremonyUpdate(
        bundle: String, progress: @escaping ProgressHandler, step: String,
        _ body: (CeremonyKey) -> (key: CeremonyKey, hash: [UInt8])
    ) throws(ZKInferError) -> CeremonyStepReport {
        var manifest = try BundleManifest.load(bundle: bundle)
        let timer = StepTimer(progress: progress)
        let (key, keys) = try loadCeremony(bundle: bundle, manifest: manifest)
        guard let record = keys.ceremony else {
            throw .internalFailure("loadCeremony returned a non-ceremony bundle")
        }
        let (result, seconds) = try timer.run(step) { () throws(ZKInferError) in body(key) }
        let transcript = result.key.transcript
        let provenance = CeremonyRecord(
            ptau: record.ptau, ptauBLAKE2b: record.ptauBLAKE2b, contributions: transcript.contributions.count,
            finalHash: Hex.encode(result.hash))
        let vkSHA = try writeCeremonyKey(bundle: bundle, manifest: &manifest, key: result.key, provenance: provenance)
        return CeremonyStepReport(
            bundlePath: bundle, provenance: provenance, contributionHash: Hex.encode(result.hash),
            circuitHash: Hex.encode(transcript.circuitHash), contributionCount: transcript.contributions.count,
            verifyingKeySHA256: vkSHA, seconds: seconds)
    }

    /// Writes the key (proving_key.zkey, or proving.key and phase2.transcript), verifying.key,
    /// verification_key.json and the manifest; removes the other form's files.
    static func writeCeremonyKey(
        bundle: String, manifest: inout BundleManifest, key: CeremonyKey, provenance: CeremonyRecord
    ) throws(ZKInferError) -> String {
        let pkBytes: [UInt8]
        let vk: VerifyingKey
        let file: String
        let stale: [String]
        switch key {
        case .zkey(let zkey):
            (pkBytes, vk, file) = (zkey.serialized(), zkey.verifyingKey, BundleLayout.provingKeyZKey)
            stale = [BundleLayout.provingKey, BundleLayout.phase2Transcript]
        case .legacy(let key, let transcript):
            (pkBytes, vk, file) = (key.serialized(), key.verifyingKey, BundleLayout.provingKey)
            try FileIO.write(transcript.fileBytes, to: FileIO.join(bundle, BundleLayout.phase2Transcript))
            stale = [BundleLayout.provingKeyZKey]
        }
        let vkBytes = vk.serialized()
        try FileIO.write(pkBytes, to: FileIO.join(bundle, file))
        try FileIO.write(vkBytes, to: FileIO.join(bundle, BundleLayout.verifyingKey))
        try FileIO.write(SnarkJS.verificationKeyJSON(vk), to: FileIO.join(bundle, BundleLayout.verificationKeyJSON))
        for name in stale where FileIO.exists(FileIO.join(bundle, name)) {
            try? FileManager.default.removeItem(atPath: FileIO.join(bundle, name))
        }
        manifest.keys = BundleManifest.Keys(
            provingKeySHA256: Digest.sha256Hex(pkBytes), verifyingKeySHA256: Digest.sha256Hex(vkBytes),
            createdAt: BundleManifest.timestamp(), provingKeyFile: file, setup: provenance.summary,
            ceremony: provenance)
        try manifest.write(bundle: bundle)
        return Digest.sha256Hex(vkBytes)
    }
}

/// A bundle's ceremony key: a snarkjs `.zkey` holding its transcript in section 10 (`setup --ptau` when the
/// ptau holds τ^(2N−1)), or zkinfer's `ProvingKey` with `phase2.transcript` beside it (smaller ptau files, and
/// bundles written before the zkey form). Both carry the same contributions and verify the same way.
enum CeremonyKey {
    case zkey(ZKey)
    case legacy(ProvingKey, Phase2Transcript)

    var transcript: Phase2Transcript {
        switch self {
        case .zkey(let zkey): zkey.transcript ?? Phase2Transcript(circuitHash: [])
        case .legacy(_, let transcript): transcript
        }
    }
}
