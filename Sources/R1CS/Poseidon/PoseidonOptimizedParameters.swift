import BN254

/// The optimized form of circomlib's Poseidon for one width t (eprint 2019/458, Appendix B "Optimized
/// Implementation"): the same permutation, with the partial rounds rewritten to use sparse matrices
/// (2t − 1 multiplications per partial round instead of t²). Derived from `PoseidonParameters` by
/// `Scripts/gen_poseidon.py`, which checks it against the plain permutation; `Poseidon.permute` uses it and
/// `Poseidon.permuteReference` is the plain twin.
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
    /// Parsed once, then cached.
    public static func forWidth(_ t: Int) -> PoseidonOptimizedParameters? {
        guard PoseidonParameters.supportedWidths.contains(t) else { return nil }
        return table[t - PoseidonParameters.supportedWidths.lowerBound]
    }

    private static let table: [PoseidonOptimizedParameters] = PoseidonParameters.supportedWidths.map {
        PoseidonOptimizedParameters(parsingWidth: $0)
    }

    private init(parsingWidth t: Int) {
        let plain = PoseidonParameters.forWidth(t)!
        let rp = plain.partialRounds
        let e = PoseidonParameters.parseHexTable(Self.hexTable(width: t))
        precondition(e.count == t * t + rp + rp * (2 * t - 1) + t, "generated optimized Poseidon table for t = \(t) is malformed")
        self.plain = plain
        var at = 0
        func take(_ n: Int) -> [Fr] {
            defer { at += n }
            return Array(e[at..<(at + n)])
        }
        self.preSparse = take(t * t)
        self.partialConstants = take(rp)
        self.sparse = take(rp * (2 * t - 1))
        self.firstFullConstants = take(t)
    }
}
