/// An element c0 + c1·w of F_q12 = F_q6[w]/(w² − v); the target group G_T of the pairing lives here.
///
/// Invariant: both coefficients are reduced `Fq6` values (Montgomery form). Same tower as gnark-crypto,
/// arkworks and go-ethereum (ξ = 9 + u), so `Pairing` outputs agree coefficient by coefficient with theirs.
/// Multiplication is Karatsuba (3 F_q6 products = 18 F_q2), squaring the complex method (2 F_q6 products)
/// — Devegili et al., eprint 2006/471. Variable time in `inverse` and `pow`.
public struct Fq12: Sendable, Hashable {
    /// The coefficient of 1, a reduced `Fq6`.
    public var c0: Fq6
    /// The coefficient of w (w² = v), a reduced `Fq6`.
    public var c1: Fq6

    /// The element c0 + c1·w; the coefficients are taken as they are (already reduced, Montgomery form).
    @inlinable @inline(__always)
    public init(_ c0: Fq6, _ c1: Fq6) {
        self.c0 = c0
        self.c1 = c1
    }

    /// The additive identity.
    public static let zero = Fq12(.zero, .zero)
    /// The multiplicative identity, also the identity of the target group G_T.
    public static let one = Fq12(.one, .zero)

    /// Whether both coefficients are zero.
    public var isZero: Bool { c0.isZero && c1.isZero }
    /// Whether this is 1; a pairing-product check succeeds exactly when its result `isOne`.
    public var isOne: Bool { self == .one }

    /// Coefficient-wise sum (2 F_q6 additions).
    @inlinable @inline(__always)
    public static func + (a: Fq12, b: Fq12) -> Fq12 { Fq12(a.c0 + b.c0, a.c1 + b.c1) }
    /// Coefficient-wise difference (2 F_q6 subtractions).
    @inlinable @inline(__always)
    public static func - (a: Fq12, b: Fq12) -> Fq12 { Fq12(a.c0 - b.c0, a.c1 - b.c1) }
    /// The additive inverse, coefficient-wise.
    @inlinable @inline(__always)
    public static prefix func - (a: Fq12) -> Fq12 { Fq12(-a.c0, -a.c1) }
    /// In-place sum: a = a + b.
    @inlinable @inline(__always) public static func += (a: inout Fq12, b: Fq12) { a = a + b }
    /// In-place difference: a = a − b.
    @inlinable @inline(__always) public static func -= (a: inout Fq12, b: Fq12) { a = a - b }
    /// In-place product: a = a · b (Karatsuba, 3 F_q6 products).
    @inlinable @inline(__always) public static func *= (a: inout Fq12, b: Fq12) { a = a * b }

    /// Karatsuba: t0 = a0b0, t1 = a1b1, c0 = t0 + v·t1, c1 = (a0 + a1)(b0 + b1) − t0 − t1.
    public static func * (a: Fq12, b: Fq12) -> Fq12 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        return Fq12(t0 + t1.mulByNonResidue(), (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1)
    }

    /// Complex squaring: with t = a0·a1, c0 = (a0 + a1)(a0 + v·a1) − t − v·t, c1 = 2t.
    public func squared() -> Fq12 {
        let t = c0 * c1
        let c0New = (c0 + c1) * (c0 + c1.mulByNonResidue()) - t - t.mulByNonResidue()
        return Fq12(c0New, t.doubled())
    }
    /// Replaces the element with its square (`squared()`, complex method).
    public mutating func square() { self = squared() }

    /// The conjugate c0 − c1·w = self^(q⁶); the inverse for elements of the cyclotomic subgroup (norm 1).
    @inlinable
    public func conjugate() -> Fq12 { Fq12(c0, -c1) }

    /// The inverse, or nil for zero: (c0 − c1·w) / (c0² − v·c1²).
    public var inverse: Fq12? {
        guard let n = (c0.squared() - c1.squared().mulByNonResidue()).inverse else { return nil }
        return Fq12(c0 * n, -(c1 * n))
    }

    /// Sparse product with the line value d0 + (d3 + d4·v)·w (coefficients 0, 3, 4 in the w-basis
    /// 1, w, …, w⁵ where w³ = v·w): 13 F_q2 multiplications instead of 18. gnark-crypto `MulBy034`.
    public func mulBy034(_ d0: Fq2, _ d3: Fq2, _ d4: Fq2) -> Fq12 {
        let t0 = c0 * d0
        let t1 = c1.mulBy01(d3, d4)
        let x1 = (c0 + c1).mulBy01(d0 + d3, d4) - t0 - t1
        return Fq12(t0 + t1.mulByNonResidue(), x1)
    }

    /// The q^k-power Frobenius map (any integer k; reduced mod 12). Coefficient of w^j is mapped to
    /// frob(a_j)·γ_{k,j} (derivation in `TowerConstants`).
    public func frobenius(power k: Int) -> Fq12 {
        let k = ((k % 12) + 12) % 12
        if k == 0 { return self }
        let gamma = TowerConstants.frobeniusCoefficients[k]
        return Fq12(
            c0.frobenius(power: k),
            Fq6(
                c1.c0.frobenius(power: k) * gamma[1], c1.c1.frobenius(power: k) * gamma[3],
                c1.c2.frobenius(power: k) * gamma[5]))
    }

    /// self^e for a scalar-field exponent (its canonical value); used for G_T scalar multiplication.
    public func pow(_ exponent: Fr) -> Fq12 {
        let l = exponent.canonicalLimbs
        return pow([l.0, l.1, l.2, l.3])
    }
}

extension Fq12: CustomStringConvertible {
    /// The twelve F_q coordinates in decimal, ordered c0.c0.c0, c0.c0.c1, c0.c1.c0, …, c1.c2.c1.
    public var description: String {
        let parts = [c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2].flatMap { [$0.c0.decimalString, $0.c1.decimalString] }
        return "Fq12(" + parts.joined(separator: ", ") + ")"
    }
}
