import BN254

/// The phase-2 ceremony on a snarkjs `.zkey` (the form `setup --ptau` writes when the ptau serves it): the same
/// contribution as on a `ProvingKey` — δ₁, δ₂ times x, sections 8 (C, our L) and 9 (H, odd-coset form) times
/// 1/x — with the transcript in the key's own section 10, so the file is what snarkjs `zkey contribute` would
/// write and snarkjs, rapidsnark and arkworks prove with it.
extension Phase2Ceremony {
    /// A fresh contribution to `zkey` (see `contribute(key:transcript:entropy:name:)`).
    /// - Precondition: `zkey.transcript != nil` (callers load ceremony keys, which always hold section 10).
    public static func contribute(zkey: ZKey, entropy: String, name: String?) -> (zkey: ZKey, hash: [UInt8]) {
        var rng = SnarkJSChaCha(hash: freshSeed(entropy: entropy))
        return apply(zkey: zkey, rng: &rng, name: name, beacon: nil)
    }

    /// The public-randomness contribution (see `beacon(key:transcript:beaconHash:iterationsExponent:name:)`).
    public static func beacon(
        zkey: ZKey, beaconHash: [UInt8], iterationsExponent: Int, name: String?
    ) -> (zkey: ZKey, hash: [UInt8]) {
        var rng = CeremonyMath.beaconStream(hash: beaconHash, iterationsExponent: iterationsExponent)
        return apply(zkey: zkey, rng: &rng, name: name, beacon: (beaconHash, iterationsExponent))
    }

    static func apply(
        zkey: ZKey, rng: inout SnarkJSChaCha, name: String?, beacon: ([UInt8], Int)?
    ) -> (zkey: ZKey, hash: [UInt8]) {
        guard let transcript = zkey.transcript else { preconditionFailure("a ceremony zkey holds section 10") }
        let (x, contribution) = nextContribution(
            deltaG1: zkey.deltaG1, transcript: transcript, rng: &rng, name: name, beacon: beacon)
        var next = zkey
        next.deltaG1 = contribution.deltaAfter
        next.deltaG2 = (zkey.deltaG2 * x).toAffine()
        let xInverse = x.inverse!  // x ≠ 0
        next.cQuery = scale(zkey.cQuery, by: xInverse)
        next.hQuery = scale(zkey.hQuery, by: xInverse)
        next.transcript?.contributions.append(contribution)
        return (next, contributionHash(contribution))
    }

    /// Checks a ceremony zkey against the initial key recomputed from the ptau and the circuit (snarkjs
    /// `zkey verify`): the transcript chain of section 10 (`verifyChain`); header sizes, α, β, γ, IC, the A/B
    /// coefficients, A, B₁, B₂ equal to `initial`'s; δ₁ the last δ-after and δ₂ with the same ratio; section 8
    /// the initial L over δ; section 9 the odd-coset H of `monomialH` (the N points [τ^j·t(τ)]₁, see
    /// `OddCosetH`) over δ — random linear combinations, one pairing equation each.
    /// - Throws: `.verificationFailed` naming `file` and the section or contribution.
    public static func verify(
        zkey: ZKey, initial: ZKey, monomialH: [G1Affine], file: String
    ) throws(CeremonyError) -> [VerifiedContribution] {
        func fail(_ what: String) -> CeremonyError { .verificationFailed(file: file, what: what) }
        guard let transcript = zkey.transcript, let csHash = initial.transcript?.circuitHash else {
            throw fail("section 10 (contributions) is missing")
        }
        let (delta, report) = try verifyChain(transcript, csHash: csHash, transcriptFile: file + " section 10")
        let fixed: [(Bool, String)] = [
            (
                zkey.variableCount == initial.variableCount && zkey.publicCount == initial.publicCount
                    && zkey.domainSize == initial.domainSize, "section 2 (header): the circuit sizes"
            ),
            (zkey.alphaG1 == initial.alphaG1, "section 2 (header): α·G1"),
            (zkey.betaG1 == initial.betaG1, "section 2 (header): β·G1"),
            (zkey.betaG2 == initial.betaG2, "section 2 (header): β·G2"),
            (zkey.gammaG2 == initial.gammaG2, "section 2 (header): γ·G2"),
            (zkey.ic == initial.ic, "section 3 (IC)"),
            (zkey.coefficients == initial.coefficients, "section 4 (A/B coefficients)"),
            (zkey.aQuery == initial.aQuery, "section 5 (A)"), (zkey.bG1Query == initial.bG1Query, "section 6 (B1)"),
            (zkey.bG2Query == initial.bG2Query, "section 7 (B2)"),
            (
                zkey.cQuery.count == initial.cQuery.count && zkey.hQuery.count == zkey.domainSize
                    && monomialH.count == zkey.domainSize, "sections 8 and 9: the number of points"
            ),
        ]
        if let bad = fixed.first(where: { !$0.0 }) {
            throw fail("\(bad.1) differs from the key recomputed from the ptau and the circuit")
        }
        guard zkey.deltaG1 == delta else {
            throw fail("section 2 (header): δ·G1 is not the δ after the last contribution")
        }
        guard CeremonyMath.sameRatio(.generator, zkey.deltaG1, .generator, zkey.deltaG2) else {
            throw fail("section 2 (header): δ·G2 does not match δ·G1")
        }
        guard let domain = EvaluationDomain(size: zkey.domainSize) else { throw fail("section 2: bad domain size") }
        var rng = SystemRandomNumberGenerator()
        let rL = (0..<zkey.cQuery.count).map { _ in CeremonyMath.randomCoefficient(&rng) }
        guard isScaledByInverseDelta(final: zkey.cQuery, rL, start: initial.cQuery, rL, deltaG2: zkey.deltaG2) else {
            throw fail("section 8 (C, the L query): the points are not the initial ones scaled by 1/δ")
        }
        let rH = (0..<zkey.domainSize).map { _ in CeremonyMath.randomCoefficient(&rng) }
        let cH = OddCosetH.monomialCoefficients(rH, domain: domain)
        guard isScaledByInverseDelta(final: zkey.hQuery, rH, start: monomialH, cH, deltaG2: zkey.deltaG2) else {
            throw fail("section 9 (H): the points are not the ptau's odd-coset H query scaled by 1/δ")
        }
        return report
    }
}
