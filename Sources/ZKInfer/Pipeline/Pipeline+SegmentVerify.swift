import BN254
import Compiler
import Foundation
import Groth16
import Hashing

/// What `Pipeline.verifySegments` found.
public struct SegmentVerifyReport: Sendable {
    /// Every proof verifies with its segment's key and every link matches.
    public var valid: Bool
    /// Why not, when `valid` is false (the first broken link, or "a segment proof does not verify").
    public var reason: String?
    /// Number of segments checked.
    public var segmentCount: Int
    /// Public signals over all segments.
    public var publicSignalCount: Int
    /// Seconds of the pairing check of all proofs (one batched final exponentiation), files excluded.
    public var seconds: Double
}

/// A segmented proof read and checked: the loaded segments with their proofs, signals and key digests.
struct CheckedSegments {
    var manifest: SegmentManifest
    var segments: [LoadedSegment]
    var signals: [[Fr]]
    var texts: [[String]]
    var proofs: [Proof]
    var verifyingKeyDigests: [String]
    var report: SegmentVerifyReport
}

extension Pipeline {
    /// Checks a segmented proof (`<proofdir>/segment-<i>/proof.json` + `public.json`) against a segmented bundle:
    /// each segment's verifying key (digest checked against its `bundle.json`), its signal count, the hash chain
    /// (segment i's `segmentOutputHash` = segment i+1's `segmentInputHash`) and all K proofs in one batched pairing
    /// check. `valid == false` for a broken link or a proof that does not verify; throws for unusable files.
    public static func verifySegments(bundle: String, proofDirectory: String) throws(ZKInferError)
        -> SegmentVerifyReport
    {
        try checkSegments(bundle: bundle, proofDirectory: proofDirectory).report
    }

    static func checkSegments(bundle: String, proofDirectory: String) throws(ZKInferError) -> CheckedSegments {
        let (m, segments) = try loadSegments(bundle: bundle)
        var items: [(key: PreparedVerifyingKey, publicInputs: [Fr], proof: Proof)] = []
        var checked = CheckedSegments(
            manifest: m, segments: segments, signals: [], texts: [], proofs: [],
            verifyingKeyDigests: [],
            report: SegmentVerifyReport(
                valid: false, reason: nil, segmentCount: segments.count,
                publicSignalCount: 0, seconds: 0))
        for s in segments {
            guard let keys = s.manifest.keys else {
                throw .bundleIncomplete(path: s.path, missing: "verifying key", hint: "run 'zkinfer setup' first")
            }
            let vkPath = FileIO.join(s.path, BundleLayout.verifyingKey)
            let (vk, vkSHA) = try loadBundleVerifyingKey(vkPath, keys: keys)
            let directory = segmentProofDirectory(proofDirectory, s.index)
            let proofPath = FileIO.join(directory, BundleLayout.proof)
            let publicPath = FileIO.join(directory, BundleLayout.publicSignals)
            let proof = try ProofFiles.loadProof(proofPath)
            let (signals, texts) = try ProofFiles.loadPublicSignals(publicPath)
            let names = s.compiled.publicSignalNames
            guard signals.count == names.count, signals.count == vk.publicInputCount else {
                throw .invalidInput(
                    path: publicPath,
                    reason: "has \(signals.count) public signals, segment "
                        + "\(s.index) expects \(names.count)")
            }
            let prepared: PreparedVerifyingKey
            do { prepared = try PreparedVerifyingKey(vk) } catch {
                throw .malformed(path: vkPath, reason: error.description)
            }
            items.append((prepared, signals, proof))
            checked.signals.append(signals)
            checked.texts.append(texts)
            checked.proofs.append(proof)
            checked.verifyingKeyDigests.append(vkSHA)
        }
        checked.report.publicSignalCount = checked.signals.reduce(0) { $0 + $1.count }
        // The chain: segment i's first signal (segmentOutputHash) is segment i+1's last (segmentInputHash).
        for i in 0..<(segments.count - 1) where checked.signals[i][0] != checked.signals[i + 1].last {
            checked.report.reason = "broken link: segment \(i)'s output hash differs from segment \(i + 1)'s input hash"
            return checked
        }
        // The model's own signals decode: a public input within its compiled bound (the circuit does not
        // range-check public inputs; out of bound, the first segment's output link would not be injective), the
        // last segment's outputs signed 63-bit integers.
        do throws(CompilerError) {
            _ = try segments[0].compiled.output(publicSignals: checked.signals[0])
            _ = try segments[segments.count - 1].compiled.output(publicSignals: checked.signals[segments.count - 1])
        } catch {
            checked.report.reason = "the model's public signals are out of bound: \(error.description)"
            return checked
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let valid: Bool
        do { valid = try Groth16Verifier.verifyBatch(items) } catch {
            throw .malformed(path: proofDirectory, reason: "segment proofs: \(error.description)")
        }
        checked.report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        checked.report.valid = valid
        if !valid { checked.report.reason = "a segment proof does not verify with its segment's key" }
        return checked
    }

    /// `attest` for a segmented bundle: the proofs and chain checked (`checkSegments`), the model's input part
    /// checked on the first segment's signals (bounds of a public input) and the output read from the last's.
    /// The record: circuit digest = SHA-256 of `segments.json` (it lists every segment's circuit digest);
    /// verifying-key digest = SHA-256 of the segments' vk digests in order (each listed in the provenance);
    /// public signals = every segment's signals in order (the chain); proof digest = SHA-256 of the proofs'.
    static func attestSegments(bundle: String, proofDirectory: String) throws(ZKInferError) -> Attestation {
        let c = try checkSegments(bundle: bundle, proofDirectory: proofDirectory)
        guard c.report.valid else {
            throw .proofInvalid(
                reason: "segmented proof in \(proofDirectory): \(c.report.reason ?? "invalid"); "
                    + "not recorded")
        }
        guard let first = c.segments.first, let last = c.segments.last else {
            throw .internalFailure("no segments")
        }
        let output: FixedPointOutput
        do {
            output = try last.compiled.output(publicSignals: c.signals[c.signals.count - 1])
        } catch {
            throw .invalidInput(path: proofDirectory, reason: error.description)
        }
        let manifestBytes = try FileIO.read(FileIO.join(bundle, SegmentManifest.fileName))
        let vkDigests = c.verifyingKeyDigests.flatMap { Hex.decode($0) ?? [] }
        var provenance =
            "segmented (\(c.segments.count) segments), vk sha256 "
            + c.verifyingKeyDigests.joined(separator: " ") + "; "
            + (first.manifest.keys?.ledgerProvenance ?? "")
        if provenance.utf8.count > 1024 {
            provenance = "segmented (\(c.segments.count) segments; vk digests in each segment's bundle.json)"
        }
        return Attestation(
            modelDigest: Hex.decode(c.manifest.modelSHA256) ?? [], circuitDigest: Digest.sha256(manifestBytes),
            verifyingKeyDigest: Digest.sha256(vkDigests), publicSignals: c.texts.flatMap { $0 },
            output: output.values, predictedClass: predictedClass(last.compiled, output),
            proofDigest: Digest.sha256(c.proofs.flatMap(\.digest)), keyProvenance: provenance)
    }
}
