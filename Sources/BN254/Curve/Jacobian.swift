/// A point of G1 (y² = x³ + 3 over F_q, `G1Jacobian = Jacobian<Fq>`) or of the G2 twist (y² = x³ + 3/ξ over
/// F_q2, `G2Jacobian = Jacobian<Fq2>`) in Jacobian coordinates: x = X/Z², y = Y/Z³. The formulas are written
/// once over the coordinate field and specialised for each group (gnark-crypto generates its G1/G2 points
/// from one template; here the compiler does it): every method is `@inlinable`, so callers in other
/// modules get a copy specialised for `Fq` or `Fq2`, with no generic dispatch.
///
/// Invariant: Z = 0 exactly for the point at infinity (stored as (1, 1, 0)); otherwise (X, Y, Z) satisfies
/// Y² = X³ + b·Z⁶ (b = `F.Affine.b`). Coordinates are in Montgomery form. For G2, points built by arithmetic
/// on subgroup points stay in the subgroup; the type itself does not guarantee subgroup membership (see
/// `G2Affine.isInSubgroup`). One point has many representations, so `==` is projective equality
/// (cross-multiplied), not limb equality. Formulas are from the Explicit-Formulas Database (EFD,
/// https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html), a = 0; all are variable time (branches on
/// infinity and on P = ±Q). Not side-channel resistant.
public struct Jacobian<F: CurveField>: Sendable {
    /// X (x = X/Z²), Montgomery form.
    public var x: F
    /// Y (y = Y/Z³), Montgomery form.
    public var y: F
    /// Z; zero exactly for the point at infinity.
    public var z: F

    /// Wraps coordinates without checking the curve equation.
    @inlinable @inline(__always)
    public init(x: F, y: F, z: F) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The point at infinity, (1, 1, 0).
    @inlinable public static var infinity: Jacobian { Jacobian(x: .one, y: .one, z: .zero) }
    /// The generator of the group (`F.Affine.generator`, Z = 1).
    @inlinable public static var generator: Jacobian { Jacobian(F.Affine.generator) }

    /// Lifts an affine point (Z = 1), mapping the affine infinity flag to Z = 0.
    @inlinable
    public init(_ affine: F.Affine) {
        if affine.isInfinity {
            self.init(x: .one, y: .one, z: .zero)
        } else {
            self.init(x: affine.x, y: affine.y, z: .one)
        }
    }

    /// Whether this is the point at infinity (Z = 0).
    @inlinable public var isInfinity: Bool { z.isZero }

    /// Whether Y² = X³ + b·Z⁶ (true for infinity); for G2 this says nothing about the subgroup.
    @inlinable
    public var isOnCurve: Bool {
        if isInfinity { return true }
        let z2 = z.squared()
        let z6 = z2.squared() * z2
        return y.squared() == x.squared() * x + F.Affine.b * z6
    }

    /// −P = (X, −Y, Z).
    @inlinable @inline(__always)
    public func negated() -> Jacobian { Jacobian(x: x, y: -y, z: z) }
    /// Negates the point in place: Y becomes −Y (infinity, Z = 0, stays infinity).
    @inlinable @inline(__always)
    public mutating func negate() { y = -y }
    /// −P, the same as `negated()`: (X, −Y, Z).
    @inlinable @inline(__always)
    public static prefix func - (p: Jacobian) -> Jacobian { p.negated() }

    /// 2P by EFD dbl-2009-l (a = 0): 2M + 5S.
    @inlinable
    public func doubled() -> Jacobian {
        if isInfinity { return self }
        let a = x.squared()  // A = X1²
        let b = y.squared()  // B = Y1²
        let c = b.squared()  // C = B²
        var d = (x + b).squared() - a - c  // D = 2((X1 + B)² − A − C)
        d = d + d
        let e = a + a + a  // E = 3A
        let f = e.squared()  // F = E²
        let x3 = f - d - d  // X3 = F − 2D
        var c8 = c + c
        c8 = c8 + c8
        c8 = c8 + c8
        let y3 = e * (d - x3) - c8  // Y3 = E(D − X3) − 8C
        let yz = y * z
        return Jacobian(x: x3, y: y3, z: yz + yz)  // Z3 = 2·Y1·Z1
    }
    /// Replaces the point with 2P (`doubled()`; infinity stays infinity).
    @inlinable
    public mutating func double() { self = doubled() }

    /// P + Q by EFD add-2007-bl: 11M + 5S; falls back to doubling when P = Q, infinity when P = −Q.
    @inlinable
    public static func + (p: Jacobian, q: Jacobian) -> Jacobian {
        if p.isInfinity { return q }
        if q.isInfinity { return p }
        let z1z1 = p.z.squared()  // Z1Z1 = Z1²
        let z2z2 = q.z.squared()  // Z2Z2 = Z2²
        let u1 = p.x * z2z2  // U1 = X1·Z2Z2
        let u2 = q.x * z1z1  // U2 = X2·Z1Z1
        let s1 = p.y * q.z * z2z2  // S1 = Y1·Z2·Z2Z2
        let s2 = q.y * p.z * z1z1  // S2 = Y2·Z1·Z1Z1
        let h = u2 - u1  // H = U2 − U1
        var r = s2 - s1
        if h.isZero {
            return r.isZero ? p.doubled() : .infinity
        }
        r = r + r  // r = 2(S2 − S1)
        let i = (h + h).squared()  // I = (2H)²
        let j = h * i  // J = H·I
        let v = u1 * i  // V = U1·I
        let x3 = r.squared() - j - v - v  // X3 = r² − J − 2V
        let s1j = s1 * j
        let y3 = r * (v - x3) - s1j - s1j  // Y3 = r(V − X3) − 2·S1·J
        let z3 = ((p.z + q.z).squared() - z1z1 - z2z2) * h  // Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H
        return Jacobian(x: x3, y: y3, z: z3)
    }

    /// P + Q for affine Q (mixed addition) by EFD madd-2007-bl: 7M + 4S; handles infinity and P = ±Q.
    @inlinable
    public static func + (p: Jacobian, q: F.Affine) -> Jacobian {
        if q.isInfinity { return p }
        if p.isInfinity { return Jacobian(q) }
        let z1z1 = p.z.squared()  // Z1Z1 = Z1²
        let u2 = q.x * z1z1  // U2 = X2·Z1Z1
        let s2 = q.y * p.z * z1z1  // S2 = Y2·Z1·Z1Z1
        let h = u2 - p.x  // H = U2 − X1
        var r = s2 - p.y
        if h.isZero {
            return r.isZero ? p.doubled() : .infinity
        }
        let hh = h.squared()  // HH = H²
        var i = hh + hh
        i = i + i  // I = 4·HH
        let j = h * i  // J = H·I
        r = r + r  // r = 2(S2 − Y1)
        let v = p.x * i  // V = X1·I
        let x3 = r.squared() - j - v - v  // X3 = r² − J − 2V
        let y1j = p.y * j
        let y3 = r * (v - x3) - y1j - y1j  // Y3 = r(V − X3) − 2·Y1·J
        let z3 = (p.z + h).squared() - z1z1 - hh  // Z3 = (Z1 + H)² − Z1Z1 − HH
        return Jacobian(x: x3, y: y3, z: z3)
    }

    /// Q + P for an affine Q: mixed addition, the same as `P + Q`.
    @inlinable public static func + (q: F.Affine, p: Jacobian) -> Jacobian { p + q }
    /// P − Q = P + (−Q) with the full Jacobian addition.
    @inlinable public static func - (p: Jacobian, q: Jacobian) -> Jacobian { p + q.negated() }
    /// P − Q = P + (−Q) for an affine Q, with mixed addition.
    @inlinable public static func - (p: Jacobian, q: F.Affine) -> Jacobian { p + q.negated() }
    /// Adds Q to P in place (full Jacobian addition).
    @inlinable public static func += (p: inout Jacobian, q: Jacobian) { p = p + q }
    /// Adds an affine Q to P in place (mixed addition).
    @inlinable public static func += (p: inout Jacobian, q: F.Affine) { p = p + q }
    /// Subtracts Q from P in place: P + (−Q).
    @inlinable public static func -= (p: inout Jacobian, q: Jacobian) { p = p - q }
    /// Subtracts an affine Q from P in place with mixed addition.
    @inlinable public static func -= (p: inout Jacobian, q: F.Affine) { p = p - q }

    /// [k]P for a scalar in F_r (variable time; 4-bit fixed window: ≈ 254 doublings + 64 additions).
    @inlinable
    public static func * (p: Jacobian, k: Fr) -> Jacobian { p.multiplied(byLimbs: k.canonicalLimbs) }
    /// [k]P with the scalar on the left; the same variable-time fixed-window multiplication as `P * k`.
    @inlinable
    public static func * (k: Fr, p: Jacobian) -> Jacobian { p * k }
    /// Replaces P with [k]P (variable time).
    @inlinable
    public static func *= (p: inout Jacobian, k: Fr) { p = p * k }

    /// [k]P for an arbitrary 256-bit integer k given as little-endian limbs (not reduced mod r; used for the
    /// order check [r]P = O). Left-to-right 4-bit fixed window over a table of 0P…15P.
    @inlinable
    public func multiplied(byLimbs k: (UInt64, UInt64, UInt64, UInt64)) -> Jacobian {
        var table = [Jacobian](repeating: .infinity, count: 16)
        for i in 1..<16 { table[i] = table[i - 1] + self }
        let limbs = [k.0, k.1, k.2, k.3]
        var acc = Jacobian.infinity
        for limb in limbs.reversed() {
            for nibble in stride(from: 60, through: 0, by: -4) {
                acc = acc.doubled().doubled().doubled().doubled()
                let w = Int((limb >> UInt64(nibble)) & 0xF)
                if w != 0 { acc = acc + table[w] }
            }
        }
        return acc
    }

    /// The affine point (one inversion); infinity maps to `F.Affine.infinity`.
    @inlinable
    public func toAffine() -> F.Affine {
        guard let zInv = z.inverse else { return .infinity }
        let zInv2 = zInv.squared()
        return F.Affine(uncheckedX: x * zInv2, y: y * zInv2 * zInv)
    }

    /// Converts many points with one field inversion (Montgomery's simultaneous inversion trick:
    /// 3(n − 1) multiplications + 1 inversion, then 3M per point for x, y). Infinity points map to
    /// `F.Affine.infinity`.
    @inlinable
    public static func batchToAffine(_ points: [Jacobian]) -> [F.Affine] {
        var zs = points.map(\.z)
        F.batchInvert(&zs)  // zeros (infinity) stay zero
        var out = [F.Affine](repeating: .infinity, count: points.count)
        for i in points.indices where !points[i].isInfinity {
            let zInv = zs[i]
            let zInv2 = zInv.squared()
            out[i] = F.Affine(uncheckedX: points[i].x * zInv2, y: points[i].y * zInv2 * zInv)
        }
        return out
    }
}

extension Jacobian: Equatable {
    /// Projective equality: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³ (4M + 2S); all infinities are equal.
    @inlinable
    public static func == (p: Jacobian, q: Jacobian) -> Bool {
        if p.isInfinity || q.isInfinity { return p.isInfinity && q.isInfinity }
        let z1z1 = p.z.squared()
        let z2z2 = q.z.squared()
        guard p.x * z2z2 == q.x * z1z1 else { return false }
        return p.y * z2z2 * q.z == q.y * z1z1 * p.z
    }
}

extension Jacobian: CustomStringConvertible {
    /// The affine coordinates in decimal (one inversion).
    @inlinable
    public var description: String { toAffine().description }
}

/// A point of G1 in Jacobian coordinates (see `Jacobian`).
public typealias G1Jacobian = Jacobian<Fq>
/// A point of the G2 twist in Jacobian coordinates (see `Jacobian`).
public typealias G2Jacobian = Jacobian<Fq2>
