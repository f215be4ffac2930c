import BN254
import Hashing

/// The checks of a phase-2 ceremony recorded in snarkjs `.zkey` files that need no phase-1 file (snarkjs
/// `zkey_verify_frominit.js` minus the recomputation of the initial key from the `.ptau`, which
/// `Phase2Ceremony.verify(zkey:initial:monomialH:file:)` does when the ptau is at hand):
///
/// - `verifyContributions`: the chain of section 10 from δ = 1 (`Phase2Ceremony.verifyChain` against the
///   circuit hash the section records: transcript hashes, proofs of knowledge, δ steps, beacon derivations)
///   and that the key's [δ]₁, [δ]₂ are the last δ;
/// - `verifyInitial`: that a key is a phase-2 start as `zkey new` writes it: no contribution, [γ]₂ = [δ]₂ = [1]₂,
///   [δ]₁ = [1]₁, and the circuit hash of section 10 is the BLAKE2b of the key's own points (snarkjs csHash;
///   its H points in monomial form recovered from section 9 by `OddCosetH.toMonomial`);
/// - `verifyUpdate`: that `final` differs from `initial` only by δ — identical header points, IC, coefficients,
///   A, B₁, B₂ and circuit hash, the contribution list extended — and that every C/L (section 8) and H
///   (section 9) point was divided by the same δ-ratio, one pairing equation per section over a random linear
///   combination (a wrong point passes with probability ≤ 2^−128).
///
/// Not checkable without the phase-1 file: that the initial key's points are the circuit's QAP polynomials at
/// the phase-1 ceremony's τ (with its α, β), i.e. that the phase-1 secrets nobody knows are the ones in the key.
public enum Phase2Verification {
    /// Checks the contribution chain of `zkey`'s section 10 from δ = 1; returns each contribution (index, name,
    /// BLAKE2b-512 of its public key: what snarkjs prints as "contribution hash").
    /// - Throws: `.verificationFailed` naming `file`, the contribution (1-based) or the header, and the check.
    public static func verifyContributions(_ zkey: ZKey, file: String) throws(CeremonyError)
        -> [Phase2Ceremony.VerifiedContribution]
    {
        guard let transcript = zkey.transcript else {
            throw .verificationFailed(file: file, what: "section 10 (contributions) is missing: no phase-2 record")
        }
        let (delta, report) = try Phase2Ceremony.verifyChain(
            transcript, csHash: transcript.circuitHash, transcriptFile: file + " section 10")
        guard zkey.deltaG1 == delta else {
            throw .verificationFailed(
                file: file,
                what: "section 2 (header): δ·G1 is not the δ after the last contribution of section 10 "
                    + "(a contribution removed or added?)")
        }
        guard CeremonyMath.sameRatio(.generator, zkey.deltaG1, .generator, zkey.deltaG2) else {
            throw .verificationFailed(file: file, what: "section 2 (header): δ·G2 does not match δ·G1")
        }
        return report
    }

    /// Checks that `zkey` is a phase-2 start (see the type's doc).
    /// - Throws: `.verificationFailed` naming `file` and the section.
    public static func verifyInitial(_ zkey: ZKey, file: String) throws(CeremonyError) {
        func fail(_ what: String) -> CeremonyError { .verificationFailed(file: file, what: what) }
        guard let transcript = zkey.transcript else { throw fail("section 10 (contributions) is missing") }
        guard transcript.contributions.isEmpty else {
            throw fail("section 10: holds \(transcript.contributions.count) contribution(s); a phase-2 start has none")
        }
        guard zkey.deltaG1 == .generator, zkey.deltaG2 == .generator, zkey.gammaG2 == .generator else {
            throw fail("section 2 (header): γ and δ of a phase-2 start are the generators (1)")
        }
        guard let domain = EvaluationDomain(size: zkey.domainSize), zkey.hQuery.count == zkey.domainSize else {
            throw fail("section 9 (H): \(zkey.hQuery.count) points for a domain of \(zkey.domainSize)")
        }
        let monomialH = OddCosetH.toMonomial(zkey.hQuery, domain: domain)
        guard zkey.circuitHash(monomialHQuery: Array(monomialH.dropLast())) == transcript.circuitHash else {
            throw fail("section 10: the circuit hash is not the BLAKE2b of the key's points (snarkjs csHash)")
        }
    }

    /// Checks that `final` is `initial` after further contributions (see the type's doc). The chains are not
    /// re-verified here; call `verifyContributions` as well.
    /// - Throws: `.verificationFailed` naming `file` (the final key) and the section that differs.
    public static func verifyUpdate(initial: ZKey, final: ZKey, file: String) throws(CeremonyError) {
        func require(_ ok: Bool, _ what: String) throws(CeremonyError) {
            if !ok { throw .verificationFailed(file: file, what: what + " differs from the initial key") }
        }
        try require(
            initial.variableCount == final.variableCount && initial.publicCount == final.publicCount
                && initial.domainSize == final.domainSize, "section 2 (header): the circuit sizes")
        try require(initial.alphaG1 == final.alphaG1, "section 2 (header): α·G1")
        try require(initial.betaG1 == final.betaG1, "section 2 (header): β·G1")
        try require(initial.betaG2 == final.betaG2, "section 2 (header): β·G2")
        try require(initial.gammaG2 == final.gammaG2, "section 2 (header): γ·G2")
        try require(initial.ic == final.ic, "section 3 (IC)")
        try require(initial.coefficients == final.coefficients, "section 4 (A/B coefficients)")
        try require(initial.aQuery == final.aQuery, "section 5 (A)")
        try require(initial.bG1Query == final.bG1Query, "section 6 (B1)")
        try require(initial.bG2Query == final.bG2Query, "section 7 (B2)")
        try require(
            initial.cQuery.count == final.cQuery.count && initial.hQuery.count == final.hQuery.count,
            "sections 8 and 9: the number of points")
        guard let before = initial.transcript, let after = final.transcript else {
            throw .verificationFailed(file: file, what: "section 10 (contributions) is missing")
        }
        try require(before.circuitHash == after.circuitHash, "section 10: the circuit hash")
        guard after.contributions.starts(with: before.contributions) else {
            throw .verificationFailed(
                file: file, what: "section 10: the contributions do not extend the initial key's contributions")
        }
        var rng = SystemRandomNumberGenerator()
        for (name, start, end) in [
            ("section 8 (C, the L query)", initial.cQuery, final.cQuery),
            ("section 9 (H)", initial.hQuery, final.hQuery),
        ] where !end.isEmpty {
            let r = (0..<end.count).map { _ in CeremonyMath.randomCoefficient(&rng) }
            guard
                Phase2Ceremony.isScaledByInverseDelta(
                    final: end, r, start: start, r, deltaG2: final.deltaG2, startDeltaG2: initial.deltaG2)
            else {
                throw .verificationFailed(
                    file: file, what: "\(name): the points are not the initial key's scaled by the δ-ratio")
            }
        }
    }

    /// e(a, d) = e(b, c): the pair (a, b) in G1 has the same ratio as (c, d) in G2.
    public static func sameRatio(_ a: G1Affine, _ b: G1Affine, _ c: G2Affine, _ d: G2Affine) -> Bool {
        Pairing.productIsOne([(a, G2Prepared(d)), (b.negated(), G2Prepared(c))])
    }
}
