/// An element c0 + c1·v + c2·v² of F_q6 = F_q2[v]/(v³ − ξ), ξ = 9 + u.
///
/// Invariant: all coefficients are reduced `Fq2` values (Montgomery form). Formulas follow Devegili, Ó hÉigeartaigh,
/// Scott, Dahab, "Multiplication and Squaring on Pairing-Friendly Fields" (eprint 2006/471): Karatsuba
/// multiplication (§4, 6 F_q2 products) and Chung–Hasan squaring CH-SQR2 (§4, 2 products + 3 squares).
/// Variable time in `inverse` only.
public struct Fq6: Sendable, Hashable {
    /// The coefficient of 1, a reduced `Fq2`.
    public var c0: Fq2
    /// The coefficient of v (v³ = ξ), a reduced `Fq2`.
    public var c1: Fq2
    /// The coefficient of v², a reduced `Fq2`.
    public var c2: Fq2

    /// The element c0 + c1·v + c2·v²; the coefficients are taken as they are (already reduced, Montgomery form).
    @inlinable @inline(__always)
    public init(_ c0: Fq2, _ c1: Fq2, _ c2: Fq2) {
        self.c0 = c0
        self.c1 = c1
        self.c2 = c2
    }

    /// The additive identity.
    public static let zero = Fq6(.zero, .zero, .zero)
    /// The multiplicative identity 1 + 0·v + 0·v².
    public static let one = Fq6(.one, .zero, .zero)

    /// Whether all three coefficients are zero.
    public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

    /// Coefficient-wise sum (3 F_q2 additions).
    @inlinable @inline(__always)
    public static func + (a: Fq6, b: Fq6) -> Fq6 { Fq6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    /// Coefficient-wise difference (3 F_q2 subtractions).
    @inlinable @inline(__always)
    public static func - (a: Fq6, b: Fq6) -> Fq6 { Fq6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    /// The additive inverse, coefficient-wise.
    @inlinable @inline(__always)
    public static prefix func - (a: Fq6) -> Fq6 { Fq6(-a.c0, -a.c1, -a.c2) }
    /// In-place sum: a = a + b.
    @inlinable @inline(__always) public static func += (a: inout Fq6, b: Fq6) { a = a + b }
    /// In-place difference: a = a − b.
    @inlinable @inline(__always) public static func -= (a: inout Fq6, b: Fq6) { a = a - b }
    /// In-place product: a = a · b (Karatsuba, 6 F_q2 multiplications).
    @inlinable @inline(__always) public static func *= (a: inout Fq6, b: Fq6) { a = a * b }
    /// 2·self (additions only).
    @inlinable @inline(__always) public func doubled() -> Fq6 { self + self }
    /// The additive inverse, the same as prefix `-`.
    @inlinable @inline(__always) public func negated() -> Fq6 { -self }

    /// Karatsuba product (6 F_q2 multiplications):
    /// c0 = t0 + ξ((a1 + a2)(b1 + b2) − t1 − t2), c1 = (a0 + a1)(b0 + b1) − t0 − t1 + ξ·t2,
    /// c2 = (a0 + a2)(b0 + b2) − t0 − t2 + t1, with t_i = a_i·b_i.
    public static func * (a: Fq6, b: Fq6) -> Fq6 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        let t2 = a.c2 * b.c2
        let c0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2).mulByNonResidue() + t0
        let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + t2.mulByNonResidue()
        let c2 = (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1
        return Fq6(c0, c1, c2)
    }

    /// Multiplies every coefficient by an F_q2 scalar (3 F_q2 multiplications).
    @inlinable
    public static func * (a: Fq6, k: Fq2) -> Fq6 { Fq6(a.c0 * k, a.c1 * k, a.c2 * k) }

    /// Chung–Hasan squaring CH-SQR2 (2 F_q2 multiplications, 3 squarings):
    /// s0 = a0², s1 = 2a0a1, s2 = (a0 − a1 + a2)², s3 = 2a1a2, s4 = a2²;
    /// c0 = s0 + ξ·s3, c1 = s1 + ξ·s4, c2 = s1 + s2 + s3 − s0 − s4.
    public func squared() -> Fq6 {
        let s0 = c0.squared()
        let s1 = (c0 * c1).doubled()
        let s2 = (c0 - c1 + c2).squared()
        let s3 = (c1 * c2).doubled()
        let s4 = c2.squared()
        return Fq6(s0 + s3.mulByNonResidue(), s1 + s4.mulByNonResidue(), s1 + s2 + s3 - s0 - s4)
    }
    /// Replaces the element with its square (`squared()`, CH-SQR2).
    @inlinable public mutating func square() { self = squared() }

    /// Multiplication by v: (c0 + c1·v + c2·v²)·v = ξ·c2 + c0·v + c1·v² (additions only).
    @inlinable @inline(__always)
    public func mulByNonResidue() -> Fq6 { Fq6(c2.mulByNonResidue(), c0, c1) }

    /// Sparse product with b0 + b1·v (5 F_q2 multiplications):
    /// c0 = a0b0 + ξ·a2b1, c1 = (a0 + a1)(b0 + b1) − a0b0 − a1b1, c2 = a1b1 + a2b0.
    @inlinable
    public func mulBy01(_ b0: Fq2, _ b1: Fq2) -> Fq6 {
        let t0 = c0 * b0
        let t1 = c1 * b1
        let x0 = ((c1 + c2) * b1 - t1).mulByNonResidue() + t0  // ξ·a2b1 + a0b0
        let x1 = (c0 + c1) * (b0 + b1) - t0 - t1
        let x2 = (c0 + c2) * b0 - t0 + t1  // a2b0 + a1b1
        return Fq6(x0, x1, x2)
    }

    /// The inverse, or nil for zero. With t0…t5 the products a0², a1², a2², a0a1, a0a2, a1a2:
    /// A = t0 − ξ·t5, B = ξ·t2 − t3, C = t1 − t4, N = a0·A + ξ(a2·B + a1·C) ∈ F_q2; result (A, B, C)/N
    /// (Beuchat et al., "High-Speed Software Implementation of the Optimal Ate Pairing over Barreto–Naehrig
    /// Curves", eprint 2010/354, Algorithm 17).
    public var inverse: Fq6? {
        let a = c0.squared() - (c1 * c2).mulByNonResidue()
        let b = c2.squared().mulByNonResidue() - c0 * c1
        let c = c1.squared() - c0 * c2
        let n = c0 * a + (c2 * b + c1 * c).mulByNonResidue()
        guard let nInverse = n.inverse else { return nil }
        return Fq6(a * nInverse, b * nInverse, c * nInverse)
    }

    /// The q^k-power Frobenius map: (a0, a1, a2) ↦ (frob(a0), frob(a1)·γ_{k,2}, frob(a2)·γ_{k,4}), because
    /// v = w² (see `TowerConstants`).
    public func frobenius(power k: Int) -> Fq6 {
        let k = ((k % 12) + 12) % 12
        if k == 0 { return self }
        let gamma = TowerConstants.frobeniusCoefficients[k]
        return Fq6(c0.frobenius(power: k), c1.frobenius(power: k) * gamma[2], c2.frobenius(power: k) * gamma[4])
    }
}
