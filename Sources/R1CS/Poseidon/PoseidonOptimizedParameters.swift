import BN254

/// The optimized form of circomlib's Poseidon for one width t (eprint 2019/458, Appendix B "Optimized
/// Implementation"): the same permutation, with the partial rounds rewritten to use sparse matrices
/// (2t − 1 multiplications per partial round instead of t²). Derived from `PoseidonParameters` at first
/// use (see `init(deriving:)`); `Poseidon.permute` uses it and `Poseidon.permuteReference` is the plain twin
/// (the tests check both agree for every width).
///
/// Round structure, with R_f = R_F/2 and the plain constants c_r of `PoseidonParameters`:
/// * full rounds r < R_f: s ← M·(s + c_r)^5, except that round R_f − 1 multiplies by `preSparse` (P);
/// * partial round p: x ← (s₀ + k_p)^5, then s₀ ← M₀₀·x + Σⱼ vⱼ·sⱼ and sⱼ ← sⱼ + wⱼ·x (j ≥ 1);
/// * full rounds r ≥ R_f + R_P: as plain, except that round R_f + R_P adds `firstFullConstants` instead.
///
/// Invariant: `preSparse.count == t²`, `partialConstants.count == R_P`, `sparse.count == R_P·(2t − 1)`,
/// `firstFullConstants.count == t`; canonical elements (Montgomery form in memory, like every `Fr`).
public struct PoseidonOptimizedParameters: Sendable {
    /// The plain parameters of the same width (round constants of the unchanged full rounds, M).
    public let plain: PoseidonParameters
    /// P = D₀·M, row-major (used by the last full round before the partial rounds).
    public let preSparse: [Fr]
    /// k_p: the scalar added to s₀ before the S-box of partial round p.
    public let partialConstants: [Fr]
    /// For partial round p, entries p·(2t−1) ..< (p+1)·(2t−1): [M₀₀, v₁…v_{t−1}, w₁…w_{t−1}].
    public let sparse: [Fr]
    /// Constants of full round R_f + R_P (the plain ones plus what the partial rounds forwarded).
    public let firstFullConstants: [Fr]

    /// The optimized parameters for width t, or nil when t is outside `PoseidonParameters.supportedWidths`.
    /// Derived on the first call for any width (all widths at once: 35–60 ms measured on the loaded 2-core
    /// dev machine; Swift initializes the `static let` table exactly once, thread-safely), then cached.
    public static func forWidth(_ t: Int) -> PoseidonOptimizedParameters? {
        guard PoseidonParameters.supportedWidths.contains(t) else { return nil }
        return table[t - PoseidonParameters.supportedWidths.lowerBound]
    }

    private static let table: [PoseidonOptimizedParameters] = PoseidonParameters.supportedWidths.map {
        PoseidonOptimizedParameters(deriving: PoseidonParameters.forWidth($0)!)
    }

    /// Derives the optimized form from the plain parameters (eprint 2019/458, Appendix B). With the plain
    /// round s ← M·S(s + c) and M = [[M₀₀, rᵀ], [m, M̂]] (r, m ∈ F^{t−1}, M̂ = M[1..][1..]):
    /// * Sparse factorization, last partial round first: A = M; for p = R_P−1 … 0 write A = B_p·D_p with
    ///   D_p = diag(1, Â) (Â = A[1..][1..]) and the sparse B_p = [[A₀₀, A[0][1..]·Â⁻¹], [A[1..][0], I]];
    ///   D_p commutes with the partial S-box, so it moves into the previous round: A ← D_p·M. The full round
    ///   before the partial rounds ends with P = D₀·M instead of M, and partial round p adds D_p·c_p.
    /// * Constant forwarding, first partial round first: of the constant d_p = D_p·c_p + carry_p added
    ///   before partial round p's S-box only element 0 stays (k_p); (0, d_p[1..]) commutes with the S-box and
    ///   passes through B_p, so carry_{p+1} = B_p·(0, d_p[1..]) joins the next round's constant (after the
    ///   last partial round: the first full round after the partial rounds).
    ///
    /// This is the factorization of the former `Scripts/gen_poseidon.py`, evaluated in closed form instead
    /// of with an inverse and a matrix product per round: A's row 0 is always M's, and Â_p = M̂^(R_P−p), so
    /// * vₚᵀ = rᵀ·M̂^−(R_P−p) (v_{R_P−1}ᵀ = rᵀ·M̂⁻¹, vₚᵀ = v_{p+1}ᵀ·M̂⁻¹),
    ///   wₚ = M̂^(R_P−1−p)·m (w_{R_P−1} = m, wₚ = M̂·w_{p+1}), M₀₀ unchanged;
    /// * P = [[M₀₀, rᵀ], [M̂^R_P·m, M̂^(R_P+1)]];
    /// * d_p[1..] = Σ_{q≤p} M̂^(R_P−q)·ĉ_q, so with g₀ = 0, g_{p+1} = M̂·g_p + ĉ_p (ĉ = c[1..]):
    ///   k_p = c_p[0] + rᵀ·g_p, and the first full round after the partial rounds adds
    ///   c + (rᵀ·g_{R_P}, M̂·g_{R_P}).
    /// Cost: one (t−1)×(t−1) inverse, O(log R_P) matrix products for M̂^R_P, O(t²) per partial round
    /// (~0.4 M field multiplications for all widths). The result is the same elements the per-round
    /// procedure gives (exact arithmetic); the tests check it against that procedure, and the optimized
    /// permutation against the plain one.
    init(deriving plain: PoseidonParameters) {
        let t = plain.width
        let n = t - 1
        let rp = plain.partialRounds
        let half = plain.fullRounds / 2
        let m = plain.mds
        let c = plain.roundConstants
        let stride = 2 * t - 1

        // M = [[M₀₀, rᵀ], [mCol, M̂]]
        let r = Array(m[1..<t])
        let mCol = (1..<t).map { m[$0 * t] }
        var mHat: [Fr] = []
        mHat.reserveCapacity(n * n)
        for i in 1..<t { mHat.append(contentsOf: m[(i * t + 1)..<(i * t + t)]) }
        let mHatInverse = Self.inverse(mHat, size: n)

        // Sparse matrices, last partial round first: [M₀₀, vₚ, wₚ].
        var sparse = [Fr](repeating: .zero, count: rp * stride)
        var v = Self.rowTimesMatrix(r, mHatInverse, size: n)
        var w = mCol
        for p in (0..<rp).reversed() {
            let row = p * stride
            sparse[row] = m[0]
            for j in 0..<n {
                sparse[row + 1 + j] = v[j]
                sparse[row + t + j] = w[j]
            }
            if p > 0 {
                v = Self.rowTimesMatrix(v, mHatInverse, size: n)
                w = Self.matrixTimesVector(mHat, w, size: n)
            }
        }

        // P = D₀·M with Â₀ = M̂^R_P.
        let a0 = Self.power(mHat, rp, size: n)
        let a0m = Self.matrixTimesVector(a0, mCol, size: n)
        let a0mHat = Self.product(a0, mHat, size: n)
        var pre = m
        for i in 0..<n {
            pre[(1 + i) * t] = a0m[i]
            for j in 0..<n { pre[(1 + i) * t + 1 + j] = a0mHat[i * n + j] }
        }

        // Constant forwarding through g_p.
        var g = [Fr](repeating: .zero, count: n)
        var k: [Fr] = []
        k.reserveCapacity(rp)
        for p in 0..<rp {
            let base = (half + p) * t
            k.append(c[base] + Self.dot(r, g))
            g = Self.matrixTimesVector(mHat, g, size: n)
            for j in 0..<n { g[j] += c[base + 1 + j] }
        }
        let base = (half + rp) * t
        let forwarded = Self.matrixTimesVector(mHat, g, size: n)
        var first = [c[base] + Self.dot(r, g)]
        for j in 0..<n { first.append(c[base + 1 + j] + forwarded[j]) }

        self.plain = plain
        self.preSparse = pre
        self.partialConstants = k
        self.sparse = sparse
        self.firstFullConstants = first
    }

    // Dense linear algebra over F_r on row-major n×n matrices (n ≤ 16; derivation only, not a kernel).

    private static func dot(_ x: [Fr], _ y: [Fr]) -> Fr {
        var acc = Fr.zero
        for i in 0..<x.count { acc += x[i] * y[i] }
        return acc
    }

    /// A·x.
    private static func matrixTimesVector(_ a: [Fr], _ x: [Fr], size n: Int) -> [Fr] {
        (0..<n).map { i in
            var acc = Fr.zero
            for j in 0..<n { acc += a[i * n + j] * x[j] }
            return acc
        }
    }

    /// xᵀ·A.
    private static func rowTimesMatrix(_ x: [Fr], _ a: [Fr], size n: Int) -> [Fr] {
        (0..<n).map { j in
            var acc = Fr.zero
            for i in 0..<n { acc += x[i] * a[i * n + j] }
            return acc
        }
    }

    /// A·B.
    private static func product(_ a: [Fr], _ b: [Fr], size n: Int) -> [Fr] {
        var out = [Fr](repeating: .zero, count: n * n)
        for i in 0..<n {
            for k in 0..<n {
                let x = a[i * n + k]
                for j in 0..<n { out[i * n + j] += x * b[k * n + j] }
            }
        }
        return out
    }

    /// A^e (e ≥ 1) by square-and-multiply.
    private static func power(_ a: [Fr], _ e: Int, size n: Int) -> [Fr] {
        precondition(e >= 1)
        var result = a
        var bit = Int.bitWidth - 1 - e.leadingZeroBitCount - 1
        while bit >= 0 {
            result = product(result, result, size: n)
            if (e >> bit) & 1 == 1 { result = product(result, a, size: n) }
            bit -= 1
        }
        return result
    }

    /// A⁻¹ by Gauss–Jordan elimination (precondition: invertible — true for M̂, a square submatrix of the MDS
    /// matrix M, as every square submatrix of an MDS matrix is invertible).
    private static func inverse(_ matrix: [Fr], size n: Int) -> [Fr] {
        let w = 2 * n
        var g = [Fr](repeating: .zero, count: n * w)  // [matrix | I]
        for i in 0..<n {
            for j in 0..<n { g[i * w + j] = matrix[i * n + j] }
            g[i * w + n + i] = .one
        }
        for col in 0..<n {
            guard let pivot = (col..<n).first(where: { !g[$0 * w + col].isZero }) else {
                preconditionFailure("Poseidon: singular matrix in the optimized-parameter derivation")
            }
            if pivot != col {
                for j in 0..<w { g.swapAt(pivot * w + j, col * w + j) }
            }
            let f = g[col * w + col].inverse!
            for j in 0..<w { g[col * w + j] *= f }
            for r in 0..<n where r != col {
                let h = g[r * w + col]
                if h.isZero { continue }
                for j in 0..<w { g[r * w + j] -= h * g[col * w + j] }
            }
        }
        var out: [Fr] = []
        out.reserveCapacity(n * n)
        for i in 0..<n { out.append(contentsOf: g[(i * w + n)..<(i * w + w)]) }
        return out
    }
}
