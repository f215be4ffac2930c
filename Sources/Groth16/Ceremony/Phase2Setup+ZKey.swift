import BN254
import R1CS

/// The initial phase-2 key as a snarkjs `.zkey` (what `snarkjs groth16 setup` writes from a prepared ptau): the
/// `initialKey` points, section 4 from the circuit, section 9 in snarkjs's odd-coset form (`OddCosetH`) and
/// section 10 holding the circuit hash and no contribution yet.
extension Phase2Setup {
    /// Whether `ptau` holds τ^(2N−1), which the odd-coset H query of a domain of N points needs (N ≤ 2^(k−1) for
    /// a ptau of 2^k powers; snarkjs `zkey new` refuses larger circuits too).
    public static func servesZKey(_ ptau: PowersOfTau, domainSize n: Int) -> Bool { 2 * n - 1 < ptau.tauG1Count }

    /// The initial zkey and the monomial H points [τ^j·t(τ)]₁, j < N, it was derived from (what `Phase2Ceremony
    /// .verify(zkey:initial:monomialH:file:)` checks section 9 against). Section 9 comes from the prepared
    /// section 12 (the odd points of the 2N-domain basis, checked against the powers by a random evaluation) or
    /// by the group FFT.
    /// - Throws: `.unsuitable` when the ptau does not serve a zkey for this circuit (`servesZKey`).
    public static func initialZKey(r1cs: ConstraintMatrices, ptau: PowersOfTau, progress: (String) -> Void = { _ in })
        throws(CeremonyError) -> (zkey: ZKey, monomialH: [G1Affine])
    {
        let n = ProvingKey.domainSize(constraintCount: r1cs.constraints.count, publicInputCount: r1cs.publicInputCount)
        guard servesZKey(ptau, domainSize: n), let domain = EvaluationDomain(size: n) else {
            throw .unsuitable(
                file: ptau.fileName,
                reason: "holds 2^\(ptau.power) powers; a .zkey for a domain of 2^\(n.trailingZeroBitCount) needs "
                    + "2^\(n.trailingZeroBitCount + 1) (the H query uses τ^(2N−1))")
        }
        let (key, csHash) = try initialKey(r1cs: r1cs, ptau: ptau, progress: progress)
        let top = try ptau.g1Points(section: 2, start: n - 1, count: n + 1)
        let monomialH = key.hQuery + [(G1Jacobian(top[n]) - G1Jacobian(top[0])).toAffine()]
        progress("H query in snarkjs's odd-coset form")
        let hQuery = try oddCosetH(ptau, monomialH: monomialH, domain: domain)
        let vk = key.verifyingKey
        let zkey = ZKey(
            variableCount: r1cs.variableCount, publicCount: r1cs.publicInputCount, domainSize: n,
            alphaG1: vk.alphaG1, betaG1: key.betaG1, betaG2: vk.betaG2, gammaG2: vk.gammaG2, deltaG1: key.deltaG1,
            deltaG2: vk.deltaG2, ic: vk.gammaABCG1, coefficients: ZKey.coefficients(of: r1cs), aQuery: key.aQuery,
            bG1Query: key.bG1Query, bG2Query: key.bG2Query, cQuery: key.lQuery, hQuery: hQuery,
            transcript: Phase2Transcript(circuitHash: csHash))
        return (zkey, monomialH)
    }

    static func oddCosetH(_ ptau: PowersOfTau, monomialH: [G1Affine], domain: EvaluationDomain)
        throws(CeremonyError) -> [G1Affine]
    {
        let n = domain.size
        guard ptau.isPrepared else { return OddCosetH.fromMonomial(monomialH, domain: domain) }
        // Section 12 holds the Lagrange bases of 2^0, 2^1, … points one after another (snarkjs
        // `powersoftau_preparephase2.js`); the 2N-point one starts at 2N − 1. zkey_new.js takes its odd points.
        let basis = try ptau.g1Points(section: 12, start: 2 * n - 1, count: 2 * n)
        let points = (0..<n).map { basis[2 * $0 + 1] }
        var rng = SystemRandomNumberGenerator()
        let r = (0..<n).map { _ in CeremonyMath.randomCoefficient(&rng) }
        let c = OddCosetH.monomialCoefficients(r, domain: domain)
        guard MSM.pippenger(points: points, scalars: r) == MSM.pippenger(points: monomialH, scalars: c) else {
            throw .verificationFailed(
                file: ptau.fileName,
                what: "section 12: the Lagrange points of domain 2^\(domain.logSize + 1) do not match section 2")
        }
        return points
    }
}
