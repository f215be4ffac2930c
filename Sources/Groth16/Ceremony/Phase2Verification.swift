import BN254
import Hashing

/// Why a phase-2 transcript or key update was refused: one line naming the contribution or the zkey section.
public struct Phase2VerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The one-line reason, naming the contribution or the zkey section.
    public let message: String
    /// An error carrying `message` as is.
    public init(_ message: String) { self.message = message }
    /// The one-line message shown to users: `message`.
    public var description: String { message }
}

/// The checks of a phase-2 ceremony that need no phase-1 file (snarkjs `zkey_verify_frominit.js`, minus the
/// parts that recompute the initial key from the `.ptau`):
///
/// - `verifyContributions`: the transcript chain of section 10 — each contribution's transcript hash, its proof
///   of knowledge e(g1_s, g2_spx) = e(g1_sx, g2_sp) with g2_sp = hashToG2(transcript), δ_{i−1} → δ_i by the same
///   secret e(δ_{i−1}, g2_spx) = e(δ_i, g2_sp), and that the key's [δ]₁, [δ]₂ are the last δ;
/// - `verifyUpdate`: that `final` differs from `initial` only by δ — identical header points, IC, coefficients,
///   A, B₁, B₂ and circuit hash, the contribution list extended — and that every L (section 8) and H (section 9)
///   point was divided by the same δ-ratio, one pairing equation per section over a random linear combination
///   (e(Σ ρ_i·L_i, [δ]₂) = e(Σ ρ_i·L'_i, [δ']₂), ρ_i random in F_r: a wrong point passes with probability 1/r).
///
/// Not checkable without the phase-1 file: that the initial key's A, B, IC, L, H points are the circuit's
/// polynomials evaluated at the ceremony's τ (with its α, β), and that the circuit hash is the hash of that key.
/// Beacon contributions are checked like any other (their proof of knowledge); that the secret was derived
/// from the beacon is not re-derived here.
public enum Phase2Verification {
    /// Checks the contribution chain of `zkey`'s transcript from δ = 1; returns each contribution's hash
    /// (BLAKE2b-512 of its public key, what snarkjs prints as "contribution hash").
    /// - Throws: `Phase2VerificationError` naming the contribution (1-based) and the failed check.
    public static func verifyContributions(_ zkey: ZKey) throws(Phase2VerificationError) -> [[UInt8]] {
        guard let transcript = zkey.transcript else {
            throw Phase2VerificationError("section 10 (contributions) is missing: the key has no phase-2 record")
        }
        var accumulated = BLAKE2b()
        accumulated.update(transcript.circuitHash)
        var currentDelta = G1Affine.generator
        var hashes: [[UInt8]] = []
        for (i, c) in transcript.contributions.enumerated() {
            let label = "contribution \(i + 1)" + (c.name.map { " (\"\($0)\")" } ?? "")
            var ours = accumulated
            ours.update(c.g1S.uncompressedBytes)
            ours.update(c.g1SX.uncompressedBytes)
            guard ours.finalize() == c.transcript else {
                throw Phase2VerificationError("\(label): its transcript hash does not match the transcript so far")
            }
            guard !c.g1S.isInfinity, !c.deltaAfter.isInfinity else {
                throw Phase2VerificationError("\(label): g1_s or deltaAfter is the point at infinity")
            }
            let g2SP = SnarkJSChaCha.hashToG2(c.transcript)
            guard sameRatio(c.g1S, c.g1SX, g2SP, c.g2SPX) else {
                throw Phase2VerificationError(
                    "\(label): the proof of knowledge fails (e(g1_s, g2_spx) ≠ e(g1_sx, g2_sp))")
            }
            guard sameRatio(currentDelta, c.deltaAfter, g2SP, c.g2SPX) else {
                throw Phase2VerificationError("\(label): deltaAfter is not the previous δ times the proven secret")
            }
            accumulated.update(c.publicKeyBytes)
            hashes.append(BLAKE2b.hash(c.publicKeyBytes))
            currentDelta = c.deltaAfter
        }
        guard zkey.deltaG1 == currentDelta else {
            throw Phase2VerificationError("section 2 (header): delta1 is not the δ of the last contribution")
        }
        guard sameRatio(.generator, currentDelta, .generator, zkey.deltaG2) else {
            throw Phase2VerificationError("section 2 (header): delta2 does not match delta1")
        }
        return hashes
    }

    /// Checks that `final` is `initial` after further contributions (see the type's doc). Both keys' chains
    /// are not re-verified here; call `verifyContributions(final)` as well.
    /// - Throws: `Phase2VerificationError` naming the zkey section that differs or fails the ratio check.
    public static func verifyUpdate<R: RandomNumberGenerator>(
        initial: ZKey, final: ZKey, using rng: inout R
    ) throws(Phase2VerificationError) {
        func require(_ ok: Bool, _ what: String) throws(Phase2VerificationError) {
            if !ok { throw Phase2VerificationError(what) }
        }
        try require(
            initial.variableCount == final.variableCount && initial.publicCount == final.publicCount
                && initial.domainSize == final.domainSize, "section 2 (header): different circuit sizes")
        try require(
            initial.alphaG1 == final.alphaG1 && initial.betaG1 == final.betaG1
                && initial.betaG2 == final.betaG2 && initial.gammaG2 == final.gammaG2,
            "section 2 (header): alpha or beta or gamma differs")
        try require(initial.ic == final.ic, "section 3 (IC) is not identical")
        try require(initial.coefficients == final.coefficients, "section 4 (A/B coefficients) is not identical")
        try require(initial.aQuery == final.aQuery, "section 5 (A points) is not identical")
        try require(initial.bG1Query == final.bG1Query, "section 6 (B1 points) is not identical")
        try require(initial.bG2Query == final.bG2Query, "section 7 (B2 points) is not identical")
        guard let before = initial.transcript, let after = final.transcript else {
            throw Phase2VerificationError("section 10 (contributions) is missing")
        }
        try require(before.circuitHash == after.circuitHash, "section 10 (contributions): the circuit hash differs")
        try require(
            after.contributions.starts(with: before.contributions),
            "section 10 (contributions): the final key does not extend the initial key's contributions")
        try require(
            sameRatioBatch(initial.cQuery, final.cQuery, final.deltaG2, initial.deltaG2, using: &rng),
            "section 8 (C (L) points): not the initial points divided by the δ-ratio")
        try require(
            sameRatioBatch(initial.hQuery, final.hQuery, final.deltaG2, initial.deltaG2, using: &rng),
            "section 9 (H points): not the initial points divided by the δ-ratio")
    }

    /// e(a, d) = e(b, c): the pair (a, b) in G1 has the same ratio as (c, d) in G2.
    public static func sameRatio(_ a: G1Affine, _ b: G1Affine, _ c: G2Affine, _ d: G2Affine) -> Bool {
        Pairing.productIsOne([(a, G2Prepared(d)), (b.negated(), G2Prepared(c))])
    }

    /// Σ ρ_i·p_i and Σ ρ_i·q_i have the same ratio as (c, d), for random ρ_i (snarkjs `sectionHasSameRatio`).
    static func sameRatioBatch<R: RandomNumberGenerator>(
        _ p: [G1Affine], _ q: [G1Affine], _ c: G2Affine, _ d: G2Affine, using rng: inout R
    ) -> Bool {
        guard p.count == q.count else { return false }
        if p.isEmpty { return true }
        let rho = (0..<p.count).map { _ in Fr.random(using: &rng) }
        let left = MSM.pippenger(points: p, scalars: rho).toAffine()
        let right = MSM.pippenger(points: q, scalars: rho).toAffine()
        return sameRatio(left, right, c, d)
    }
}
