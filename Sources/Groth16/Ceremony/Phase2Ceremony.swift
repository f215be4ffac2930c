import BN254
import Hashing

/// Phase-2 contributions to a Groth16 key and their verification, as snarkjs `zkey contribute`, `zkey beacon`
/// and `zkey verify` (`zkey_contribute.js`, `zkey_beacon.js`, `zkey_verify_frominit.js`), on our key layout.
///
/// A contribution with secret x multiplies δ (G1 and G2) by x and every L and H point by 1/x; it publishes
/// s, x·s (G1) and x·s' (G2), where s' = hashToG2(transcript) and transcript = BLAKE2b(csHash ‖ the public
/// keys of all earlier contributions ‖ s ‖ x·s), so the proof of knowledge is bound to the whole history.
/// As long as one participant's x is secret and destroyed, nobody knows δ. The secret lives only inside
/// `contribute` (variable-time arithmetic: run it on a machine you trust).
public enum Phase2Ceremony {
    /// A fresh contribution: x and s drawn from a ChaCha stream seeded by BLAKE2b(64 bytes from the OS
    /// random source ‖ `entropy`), as snarkjs `getRandomRng` does. Returns the new key and transcript and the
    /// contribution hash the participant publishes.
    public static func contribute(
        key: ProvingKey, transcript: Phase2Transcript, entropy: String, name: String?
    ) -> (key: ProvingKey, transcript: Phase2Transcript, hash: [UInt8]) {
        var rng = SnarkJSChaCha(hash: freshSeed(entropy: entropy))
        return apply(key: key, transcript: transcript, rng: &rng, name: name, beacon: nil)
    }

    /// The public-randomness contribution: x and s derived from SHA-256 iterated 2^`iterationsExponent`
    /// times over `beaconHash` (snarkjs `zkey beacon`), so anyone can recompute and check it.
    /// - Precondition: 1 ≤ beaconHash.count ≤ 255, 10 ≤ iterationsExponent ≤ 63 (checked by callers).
    public static func beacon(
        key: ProvingKey, transcript: Phase2Transcript, beaconHash: [UInt8], iterationsExponent: Int, name: String?
    ) -> (key: ProvingKey, transcript: Phase2Transcript, hash: [UInt8]) {
        var rng = CeremonyMath.beaconStream(hash: beaconHash, iterationsExponent: iterationsExponent)
        return apply(
            key: key, transcript: transcript, rng: &rng, name: name, beacon: (beaconHash, iterationsExponent))
    }

    /// BLAKE2b(64 bytes from the OS random source ‖ entropy): the seed of a contribution's ChaCha stream.
    static func freshSeed(entropy: String) -> [UInt8] {
        var system = SystemRandomNumberGenerator()
        var seed = BLAKE2b()
        seed.update((0..<8).flatMap { _ in withUnsafeBytes(of: system.next()) { Array($0) } })
        seed.update(Array(entropy.utf8))
        return seed.finalize()
    }

    static func apply(
        key: ProvingKey, transcript: Phase2Transcript, rng: inout SnarkJSChaCha, name: String?,
        beacon: ([UInt8], Int)?
    ) -> (key: ProvingKey, transcript: Phase2Transcript, hash: [UInt8]) {
        let (x, contribution) = nextContribution(
            deltaG1: key.deltaG1, transcript: transcript, rng: &rng, name: name, beacon: beacon)
        var next = key
        next.deltaG1 = contribution.deltaAfter
        next.verifyingKey.deltaG2 = (key.verifyingKey.deltaG2 * x).toAffine()
        let xInverse = x.inverse!  // x ≠ 0
        next.lQuery = scale(key.lQuery, by: xInverse)
        next.hQuery = scale(key.hQuery, by: xInverse)
        var record = transcript
        record.contributions.append(contribution)
        return (next, record, contributionHash(contribution))
    }

    /// Draws the secret x (non-zero) and s from `rng` and builds the contribution record: δ·x, s, x·s and
    /// x·hashToG2(transcript hash), the transcript hash extending `transcript`.
    static func nextContribution(
        deltaG1: G1Affine, transcript: Phase2Transcript, rng: inout SnarkJSChaCha, name: String?,
        beacon: ([UInt8], Int)?
    ) -> (x: Fr, contribution: Phase2Contribution) {
        var x = rng.nextFr()
        while x.isZero { x = rng.nextFr() }
        let s = rng.nextG1()
        let sx = (s * x).toAffine()
        var hasher = transcriptHasher(transcript)
        CeremonyMath.hashU(&hasher, s)
        CeremonyMath.hashU(&hasher, sx)
        let digest = hasher.finalize()
        let spx = (SnarkJSChaCha.hashToG2(digest) * x).toAffine()
        let contribution = Phase2Contribution(
            deltaAfter: (deltaG1 * x).toAffine(), g1S: s, g1SX: sx, g2SPX: spx, transcript: digest,
            kind: beacon.map { .beacon(hash: $0.0, iterationsExponent: UInt8($0.1)) } ?? .contribution, name: name)
        return (x, contribution)
    }

    /// Every point times the same scalar (GLV), in parallel blocks (each normalised with one inversion).
    static func scale(_ points: [G1Affine], by k: Fr) -> [G1Affine] {
        let count = points.count
        let blockSize = 1 << 12
        let blocks = (count + blockSize - 1) / blockSize
        var out = [[G1Affine]](repeating: [], count: blocks)
        out.withUnsafeMutableBufferPointer { buffer in
            let o = buffer
            Parallel.execute(count: blocks, threads: Parallel.coreCount) { start, end in
                for block in start..<end {
                    let lower = block * blockSize
                    let upper = min(count, lower + blockSize)
                    o[block] = G1Jacobian.batchToAffine(
                        points[lower..<upper].map { G1Jacobian($0).multipliedGLV(by: k) })
                }
            }
        }
        return out.flatMap { $0 }
    }

    /// BLAKE2b(csHash ‖ public key of every contribution so far): the state a new transcript hash extends.
    static func transcriptHasher(_ transcript: Phase2Transcript) -> BLAKE2b {
        var h = BLAKE2b()
        h.update(transcript.circuitHash)
        for c in transcript.contributions { h.update(c.publicKeyBytes) }
        return h
    }

    /// The contribution hash a participant publishes: BLAKE2b of its public key (snarkjs `zkey contribute`).
    public static func contributionHash(_ c: Phase2Contribution) -> [UInt8] { BLAKE2b.hash(c.publicKeyBytes) }

    /// What `verify` reports per contribution.
    public struct VerifiedContribution: Sendable {
        /// The 1-based position of the contribution in the transcript, as snarkjs numbers contributions.
        public var index: Int
        /// The participant's name as recorded in the transcript (nil when none was given).
        public var name: String?
        /// The contribution hash (64 bytes, `contributionHash`), the value its participant published.
        public var hash: [UInt8]
        /// Whether the contribution is a public-randomness beacon (its x was recomputed from the beacon hash).
        public var isBeacon: Bool
    }

    /// Checks `key` and `transcript` against the initial key recomputed from the ptau (snarkjs
    /// `zkey verify`): the circuit hash; every contribution's transcript hash, proof of knowledge, δ chain and
    /// (for a beacon) its derivation; that α, β, γ, IC, A, B are the initial ones, δ₁ is the last δ-after and
    /// δ₂ has the same ratio; and that L and H are the initial ones times 1/δ (random linear combinations,
    /// one pairing check each). Throws `.verificationFailed` naming the contribution or key section in
    /// `keyFile` / `transcriptFile`.
    public static func verify(
        key: ProvingKey, transcript: Phase2Transcript, initial: ProvingKey, csHash: [UInt8], keyFile: String,
        transcriptFile: String
    ) throws(CeremonyError) -> [VerifiedContribution] {
        func failK(_ what: String) -> CeremonyError { .verificationFailed(file: keyFile, what: what) }
        let (delta, report) = try verifyChain(transcript, csHash: csHash, transcriptFile: transcriptFile)
        let vk = key.verifyingKey
        let vk0 = initial.verifyingKey
        let sameShape =
            key.constraintCount == initial.constraintCount && key.aQuery.count == initial.aQuery.count
            && key.hQuery.count == initial.hQuery.count && key.lQuery.count == initial.lQuery.count
            && vk.gammaABCG1.count == vk0.gammaABCG1.count
        guard sameShape else { throw failK("the key's shape differs from the circuit's (counts of queries)") }
        let fixed: [(Bool, String)] = [
            (vk.alphaG1 == vk0.alphaG1, "α·G1"), (key.betaG1 == initial.betaG1, "β·G1"),
            (vk.betaG2 == vk0.betaG2, "β·G2"), (vk.gammaG2 == vk0.gammaG2, "γ·G2"),
            (vk.gammaABCG1 == vk0.gammaABCG1, "IC section (γ_abc)"), (key.aQuery == initial.aQuery, "A section"),
            (key.bG1Query == initial.bG1Query, "B1 section"), (key.bG2Query == initial.bG2Query, "B2 section"),
        ]
        if let bad = fixed.first(where: { !$0.0 }) {
            throw failK("\(bad.1) differs from the key recomputed from the ptau and the circuit")
        }
        guard key.deltaG1 == delta else {
            throw failK("δ·G1 is not the δ after the last contribution of \(transcriptFile)")
        }
        guard CeremonyMath.sameRatio(.generator, key.deltaG1, .generator, vk.deltaG2) else {
            throw failK("δ·G2 does not match δ·G1")
        }
        var rng = SystemRandomNumberGenerator()
        for (name, final, start) in [
            ("L section", key.lQuery, initial.lQuery), ("H section", key.hQuery, initial.hQuery),
        ]
        where !final.isEmpty {
            let r = (0..<final.count).map { _ in CeremonyMath.randomCoefficient(&rng) }
            guard isScaledByInverseDelta(final: final, r, start: start, r, deltaG2: vk.deltaG2) else {
                throw failK("\(name): the points are not the initial ones scaled by 1/δ")
            }
        }
        return report
    }

    /// Σ r·final = (Σ c·start)/δ, checked as e(Σ r·final, δ₂) = e(Σ c·start, G2) (both sides infinity also passes).
    static func isScaledByInverseDelta(
        final: [G1Affine], _ r: [Fr], start: [G1Affine], _ c: [Fr], deltaG2: G2Affine
    ) -> Bool {
        let combinedFinal = MSM.pippenger(points: final, scalars: r).toAffine()
        let combinedStart = MSM.pippenger(points: start, scalars: c).toAffine()
        if combinedFinal.isInfinity || combinedStart.isInfinity {
            return combinedFinal.isInfinity && combinedStart.isInfinity
        }
        return CeremonyMath.sameRatio(combinedFinal, combinedStart, .generator, deltaG2)
    }

    /// The transcript chain from δ = 1 (snarkjs `zkey_verify_frominit.js`): the circuit hash, then per contribution
    /// its transcript hash, proof of knowledge, δ step and (beacon) derivation. Returns the last δ and the report.
    static func verifyChain(_ transcript: Phase2Transcript, csHash: [UInt8], transcriptFile: String)
        throws(CeremonyError) -> (delta: G1Affine, report: [VerifiedContribution])
    {
        func failT(_ what: String) -> CeremonyError { .verificationFailed(file: transcriptFile, what: what) }
        guard transcript.circuitHash == csHash else {
            throw failT("the circuit hash differs from the one of the key recomputed from the ptau and the circuit")
        }
        var accumulated = BLAKE2b()
        accumulated.update(csHash)
        var delta = G1Affine.generator
        var report: [VerifiedContribution] = []
        for (index, c) in transcript.contributions.enumerated() {
            let label = "contribution #\(index + 1)" + (c.name.map { " (\($0))" } ?? "")
            var ours = accumulated
            CeremonyMath.hashU(&ours, c.g1S)
            CeremonyMath.hashU(&ours, c.g1SX)
            guard ours.finalize() == c.transcript else {
                throw failT("\(label): its transcript hash does not extend the previous contributions")
            }
            let sp = SnarkJSChaCha.hashToG2(c.transcript)
            guard CeremonyMath.sameRatio(c.g1S, c.g1SX, sp, c.g2SPX) else {
                throw failT("\(label): invalid proof of knowledge (s, x·s and x·s' do not share one x)")
            }
            guard CeremonyMath.sameRatio(delta, c.deltaAfter, sp, c.g2SPX) else {
                throw failT("\(label): δ after it is not the previous δ times its secret")
            }
            if case let .beacon(hash, e) = c.kind {
                var rng = CeremonyMath.beaconStream(hash: hash, iterationsExponent: Int(e))
                let x = rng.nextFr()
                let s = rng.nextG1()
                guard s == c.g1S, (s * x).toAffine() == c.g1SX else {
                    throw failT("\(label): the key is not the one its beacon hash and iterations produce")
                }
            }
            accumulated.update(c.publicKeyBytes)
            delta = c.deltaAfter
            report.append(
                .init(index: index + 1, name: c.name, hash: contributionHash(c), isBeacon: c.kind != .contribution))
        }

        return (delta, report)
    }
}
