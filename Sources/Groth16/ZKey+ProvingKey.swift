import BN254
import R1CS

/// A zkinfer proving key in snarkjs's `.zkey` form, computed from the key alone (no toxic waste).
///
/// Every section but H is the same point set (`ZKey`'s doc). A true zkey H point is
/// [L_{2i+1}(τ)/δ]₁ for the Lagrange basis of the 2N-th roots, and since ω_{2N}^{2i+1} is a root of X^N + 1,
///
///     L_j(X) = t(X)·q_j(X),   q_j(X) = −1/(2N) · Σ_{k<N} ω_{2N}^{−jk} X^k        (j odd)
///
/// so H_i = −1/(2N) · Σ_{k<N} ω_{2N}^{−(2i+1)k} [τ^k·t(τ)/δ]₁. zkinfer's key holds [τ^k·t(τ)/δ]₁ only
/// for k < N − 1 (deg h ≤ N − 2); the term k = N − 1 cannot be made without τ. It is left out:
///
///     H'_i = H_i − ω_{2N}^{2i+1}/(2N) · [τ^{N−1}·t(τ)/δ]₁
///          = −½ · iDFT_N( ω_{2N}^{−k}·[τ^k·t(τ)/δ]₁ )_i
///
/// Σ p_i·H'_i = Σ p_i·H_i whenever the p_i are the odd-coset values of a·b − c of degree ≤ 2N − 2,
/// because Σ_i p_i·ω_{2N}^{2i+1}/(2N) is then the X^{N−1} coefficient of h = (a·b − c)/t, which is zero.
/// Every snarkjs-convention prover (snarkjs, rapidsnark, arkworks-circom, `Groth16Prover.prove(zkey:…)`) builds
/// p that way (a, b, c of degree < N, c interpolating a∘b), so proofs from H' are the proofs H would give.
/// H' lies in the span of the key's own H points, so the zkey reveals nothing the proving key did not.
/// What differs from a zkey made from τ: section 9's bytes, so it cannot be checked against a `.ptau`.
extension ZKey {
    /// The zkey of a zkinfer proving key made for `r1cs` (same verifying key, proofs interchangeable), with
    /// an empty phase-2 transcript whose circuit hash is computed as `Groth16Setup.generateZKey` does. Costs an
    /// FFT over G1 of N points ((N/2)·log₂N scalar multiplications).
    /// - Throws: `.provingKeyMismatch` when the key was not made for the circuit's shape,
    ///   `.circuitTooLarge` for N = 2^28 (no 2N-th root of unity).
    public init(provingKey pk: ProvingKey, r1cs: ConstraintMatrices, threads: Int? = nil) throws(Groth16Error) {
        try Groth16Prover.checkShape(provingKey: pk, r1cs: r1cs)
        let n = pk.domainSize
        guard n < 1 << Fr.twoAdicity, let domain = EvaluationDomain(size: n) else {
            throw .circuitTooLarge(requiredDomainSize: n)
        }
        let threadCount = Parallel.threadCount(threads)
        self.init(
            variableCount: r1cs.variableCount, publicCount: r1cs.publicInputCount, domainSize: n,
            alphaG1: pk.verifyingKey.alphaG1, betaG1: pk.betaG1, betaG2: pk.verifyingKey.betaG2,
            gammaG2: pk.verifyingKey.gammaG2, deltaG1: pk.deltaG1, deltaG2: pk.verifyingKey.deltaG2,
            ic: pk.verifyingKey.gammaABCG1, coefficients: ZKey.coefficients(of: r1cs), aQuery: pk.aQuery,
            bG1Query: pk.bG1Query, bG2Query: pk.bG2Query, cQuery: pk.lQuery,
            hQuery: Self.oddCosetHQuery(monomial: pk.hQuery, domain: domain, threads: threadCount),
            transcript: nil)
        transcript = Phase2Transcript(circuitHash: circuitHash(monomialHQuery: pk.hQuery))
    }

    /// H' from the monomial points M_k = [τ^k·t(τ)/δ]₁, k < N − 1 (see the extension's doc).
    static func oddCosetHQuery(monomial: [G1Affine], domain: EvaluationDomain, threads: Int) -> [G1Affine] {
        let n = domain.size
        var omega2NInverse = Fr.rootOfUnity
        for _ in 0..<(Fr.twoAdicity - domain.logSize - 1) { omega2NInverse.square() }
        guard let inverse = omega2NInverse.inverse, let twoInverse = Fr(UInt64(2)).inverse else {
            preconditionFailure("roots of unity and 2 are invertible in Fr")
        }
        omega2NInverse = inverse
        var twisted = [G1Jacobian](repeating: .infinity, count: n)
        twisted.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            Parallel.execute(count: monomial.count, threads: threads) { start, end in
                // −½·ω_{2N}^{−k}
                var factor = -twoInverse * omega2NInverse.pow(UInt64(start))
                for k in start..<end {
                    out[k] = G1Jacobian(monomial[k]) * factor
                    factor *= omega2NInverse
                }
            }
        }
        return domain.lagrangeBasis(fromPowers: G1Jacobian.batchToAffine(twisted), threads: threads)
    }
}
