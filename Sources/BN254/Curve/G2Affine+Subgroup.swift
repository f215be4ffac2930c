// G2 subgroup membership by the untwist-Frobenius-twist endomorphism ψ.
//
// Criterion (El Housni, Guillevic, Piellard, "Co-factor clearing and subgroup membership testing on
// pairing-friendly curves", ePrint 2022/352, the BN case; gnark-crypto's bn254 g2 `IsInSubGroup` used
// exactly this test): for a point P on the twist E'(F_q2) of a BN curve with parameter u,
//     P ∈ G2  ⇔  ψ(P) = [6u²]P.
// On G2, ψ acts as multiplication by q ≡ t − 1 = 6u² (mod r) (trace t = 6u² + 1), so [6u²]P is a
// 127-bit scalar multiplication instead of the 254-bit [r]P = O check.
//
// ψ = φ⁻¹ ∘ π_q ∘ φ for the D-type untwist φ: (x, y) ↦ (x·w², y·w³), w⁶ = ξ = 9 + u:
//     ψ(x, y) = (conj(x)·w^(2(q−1)), conj(y)·w^(3(q−1))) = (conj(x)·ξ^((q−1)/3), conj(y)·ξ^((q−1)/2)).

extension G2Affine {
    /// (c_x, c_y) = (ξ^((q−1)/3), ξ^((q−1)/2)), derived at first use (q ≡ 1 mod 6).
    static let psiCoefficients: (x: Fq2, y: Fq2) = {
        let qMinusOne = TowerConstants.subtractOne(TowerConstants.limbArray(Fq.modulusLimbs))
        return (
            Fq2.xi.pow(TowerConstants.divide(qMinusOne, by: 3)),
            Fq2.xi.pow(TowerConstants.divide(qMinusOne, by: 2))
        )
    }()

    /// 6u² (< 2^128) as little-endian limbs, derived from the BN parameter u.
    static let sixUSquaredLimbs: (UInt64, UInt64, UInt64, UInt64) = {
        let w = UInt128(TowerConstants.u) * UInt128(TowerConstants.u) * 6
        return (UInt64(truncatingIfNeeded: w), UInt64(truncatingIfNeeded: w >> 64), 0, 0)
    }()

    /// The endomorphism ψ(x, y) = (conj(x)·ξ^((q−1)/3), conj(y)·ξ^((q−1)/2)) of the twist (untwist,
    /// q-power Frobenius, twist). Maps curve points to curve points; infinity to infinity.
    public func psi() -> G2Affine {
        if isInfinity { return self }
        let c = G2Affine.psiCoefficients
        return G2Affine(x: x.conjugate() * c.x, y: y.conjugate() * c.y, isInfinity: false)
    }

    /// Whether the point is on the twist and in the order-r subgroup G2, by ψ(P) = [6u²]P (ePrint
    /// 2022/352; ≈ 127 doublings + 32 additions in F_q2). The twist's cofactor is ≈ 2^254, so the curve
    /// check alone is not enough. Infinity is in G2.
    public var isInSubgroup: Bool {
        guard isOnCurve else { return false }
        if isInfinity { return true }
        return G2Jacobian(psi()) == G2Jacobian(self).multiplied(byLimbs: G2Affine.sixUSquaredLimbs)
    }

    /// The definitional check [r]P = O on a curve point (≈ 254 doublings + 64 additions): the reference
    /// that `isInSubgroup` is tested against.
    public var isInSubgroupReference: Bool {
        guard isOnCurve else { return false }
        if isInfinity { return true }
        return G2Jacobian(self).multiplied(byLimbs: Fr.modulusLimbs).isInfinity
    }
}
