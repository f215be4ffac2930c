/// F_q2 helpers used by the tower: halving, Frobenius (exponentiation is `FieldElement.pow`).
extension Fq2 {
    /// a / 2, coefficient-wise.
    @inlinable @inline(__always)
    public func halved() -> Fq2 { Fq2(c0.halved(), c1.halved()) }

    /// The q^k-power Frobenius map: the identity for even k, conjugation for odd k.
    @inlinable
    public func frobenius(power k: Int) -> Fq2 { k & 1 == 0 ? self : conjugate() }
}
