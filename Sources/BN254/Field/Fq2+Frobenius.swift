/// F_q2 helpers used by the tower: halving, exponentiation by a long exponent, Frobenius.
extension Fq2 {
    /// a / 2, coefficient-wise.
    @inlinable @inline(__always)
    public func halved() -> Fq2 { Fq2(c0.halved(), c1.halved()) }

    /// self^e for an exponent given as little-endian 64-bit limbs (square and multiply, variable time).
    public func pow(_ exponent: [UInt64]) -> Fq2 {
        var result = Fq2.one
        for limb in exponent.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.squared()
                if (limb &>> UInt64(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }

    /// The q^k-power Frobenius map: the identity for even k, conjugation for odd k.
    @inlinable
    public func frobenius(power k: Int) -> Fq2 { k & 1 == 0 ? self : conjugate() }
}
