import BN254

/// The H query in snarkjs's convention (section 9 of a `.zkey`: H'_i = [L_{2i+1}(τ)]₁ over the 2N-th roots, as
/// `zkey_new.js` reads it from a prepared ptau's section 12) from the monomial one M_j = [τ^j·t(τ)]₁, j < N
/// (t = X^N − 1), without knowing τ. With ω = ω_{2N} (ω² = ω_N) and L_k(X) = (1/2N)·Σ_{j<2N} ω^(−kj)·X^j,
/// folding j and j + N at odd k (ω^(−kN) = −1):
///
///     H'_i = (1/N)·Σ_{j<N} ω_N^(−ij)·Q_j,   Q_j = s_j·M_j,   s_j = −ω^(−j)/2
///
/// an inverse DFT of size N over G1 (`EvaluationDomain.lagrangeBasis(fromPowers:)`). It needs M_{N−1}, i.e.
/// τ^(2N−1): a ptau of 2^k powers serves domains N ≤ 2^(k−1) (snarkjs makes the same demand). Linear in the
/// points, so it commutes with the ceremony's 1/δ.
enum OddCosetH {
    /// −ω_{2N}^(−j)/2 for j < N; with `inverted`, their inverses −2·ω_{2N}^j.
    static func shifts(domain: EvaluationDomain, inverted: Bool = false) -> [Fr] {
        let n = domain.size
        // ω_{2N}: a primitive 2N-th root in the family of EvaluationDomain (ω_{2N}² = ω_N).
        var omega2N = Fr.rootOfUnity
        for _ in 0..<(Fr.twoAdicity - domain.logSize - 1) { omega2N.square() }
        let step = inverted ? omega2N : omega2N.inverse!  // a root of unity is non-zero
        var s = [Fr](repeating: .zero, count: n)
        var current = inverted ? -Fr(2) : -(Fr(2).inverse!)
        for j in 0..<n {
            s[j] = current
            current *= step
        }
        return s
    }

    /// H' from the N monomial points (the group FFT: (N/2)·log2 N + 2N scalar multiplications).
    /// - Precondition: `monomial.count == domain.size`.
    static func fromMonomial(_ monomial: [G1Affine], domain: EvaluationDomain) -> [G1Affine] {
        precondition(monomial.count == domain.size, "OddCosetH: \(monomial.count) points for 2^\(domain.logSize)")
        let s = shifts(domain: domain)
        var q = [G1Jacobian](repeating: .infinity, count: domain.size)
        q.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            Parallel.execute(count: domain.size, threads: Parallel.coreCount) { start, end in
                for j in start..<end { out[j] = G1Jacobian(monomial[j]).multipliedGLV(by: s[j]) }
            }
        }
        return domain.lagrangeBasis(fromPowers: G1Jacobian.batchToAffine(q))
    }

    /// The inverse of `fromMonomial`: the N monomial points from H' (what snarkjs's csHash covers, recomputed
    /// from an initial zkey without the ptau). Q = DFT_N(H'), as DFT(x)_k = N·iDFT(x)_((N−k) mod N), then
    /// M_j = Q_j / s_j: one group FFT and N multiplications.
    /// - Precondition: `oddCoset.count == domain.size`.
    static func toMonomial(_ oddCoset: [G1Affine], domain: EvaluationDomain) -> [G1Affine] {
        let n = domain.size
        precondition(oddCoset.count == n, "OddCosetH: \(oddCoset.count) points for 2^\(domain.logSize)")
        let p = domain.lagrangeBasis(fromPowers: oddCoset)
        let inverse = shifts(domain: domain, inverted: true)
        let size = Fr(UInt64(n))
        var m = [G1Jacobian](repeating: .infinity, count: n)
        m.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            Parallel.execute(count: n, threads: Parallel.coreCount) { start, end in
                for j in start..<end { out[j] = G1Jacobian(p[(n - j) % n]).multipliedGLV(by: size * inverse[j]) }
            }
        }
        return G1Jacobian.batchToAffine(m)
    }

    /// For coefficients r on H' the coefficients c on M with Σ r_i·H'_i = Σ c_j·M_j: c_j = s_j·invNTT(r)_j
    /// (a random-combination check of H' against M costs one scalar NTT and two MSMs, no group FFT).
    static func monomialCoefficients(_ r: [Fr], domain: EvaluationDomain) -> [Fr] {
        var c = r
        domain.inverseNTT(&c)
        let s = shifts(domain: domain)
        for j in 0..<c.count { c[j] *= s[j] }
        return c
    }
}
