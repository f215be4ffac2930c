/// A point of G1 (y² = x³ + 3 over F_q) in Jacobian coordinates: x = X/Z², y = Y/Z³.
///
/// Invariant: Z = 0 exactly for the point at infinity (stored as (1, 1, 0)); otherwise (X, Y, Z) satisfies
/// Y² = X³ + 3·Z⁶. Coordinates are `Fq` in Montgomery form. One point has many representations, so `==`
/// is projective equality (cross-multiplied), not limb equality. Formulas are from the Explicit-Formulas
/// Database (EFD, https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html), a = 0; all are
/// variable time (branches on infinity and on P = ±Q). Not side-channel resistant.
public struct G1Jacobian: Sendable {
    /// X (x = X/Z²), Montgomery form.
    public var x: Fq
    /// Y (y = Y/Z³), Montgomery form.
    public var y: Fq
    /// Z; zero exactly for the point at infinity.
    public var z: Fq

    /// Wraps coordinates without checking the curve equation.
    @inlinable @inline(__always)
    public init(x: Fq, y: Fq, z: Fq) { self.x = x; self.y = y; self.z = z }

    /// The point at infinity, (1, 1, 0).
    public static let infinity = G1Jacobian(x: .one, y: .one, z: .zero)
    /// The generator (1, 2, 1).
    public static let generator = G1Jacobian(G1Affine.generator)

    /// Lifts an affine point (Z = 1), mapping the affine infinity flag to Z = 0.
    @inlinable
    public init(_ affine: G1Affine) {
        if affine.isInfinity {
            self.init(x: .one, y: .one, z: .zero)
        } else {
            self.init(x: affine.x, y: affine.y, z: .one)
        }
    }

    /// Whether this is the point at infinity (Z = 0).
    @inlinable public var isInfinity: Bool { z.isZero }

    /// Whether Y² = X³ + 3·Z⁶ (true for infinity).
    public var isOnCurve: Bool {
        if isInfinity { return true }
        let z2 = z.squared()
        let z6 = z2.squared() * z2
        return y.squared() == x.squared() * x + G1Affine.b * z6
    }

    /// −P = (X, −Y, Z).
    @inlinable @inline(__always)
    public func negated() -> G1Jacobian { G1Jacobian(x: x, y: -y, z: z) }
    /// Negates the point in place: Y becomes −Y (infinity, Z = 0, stays infinity).
    @inlinable @inline(__always)
    public mutating func negate() { y = -y }
    /// −P, the same as `negated()`: (X, −Y, Z).
    @inlinable @inline(__always)
    public static prefix func - (p: G1Jacobian) -> G1Jacobian { p.negated() }

    /// 2P by EFD dbl-2009-l (a = 0): 2M + 5S.
    @inlinable
    public func doubled() -> G1Jacobian {
        if isInfinity { return self }
        let a = x.squared()                          // A = X1²
        let b = y.squared()                          // B = Y1²
        let c = b.squared()                          // C = B²
        var d = (x + b).squared() - a - c            // D = 2((X1 + B)² − A − C)
        d = d + d
        let e = a + a + a                            // E = 3A
        let f = e.squared()                          // F = E²
        let x3 = f - d - d                           // X3 = F − 2D
        var c8 = c + c; c8 = c8 + c8; c8 = c8 + c8
        let y3 = e * (d - x3) - c8                   // Y3 = E(D − X3) − 8C
        let yz = y * z
        return G1Jacobian(x: x3, y: y3, z: yz + yz)  // Z3 = 2·Y1·Z1
    }
    /// Replaces the point with 2P (`doubled()`; infinity stays infinity).
    @inlinable
    public mutating func double() { self = doubled() }

    /// P + Q by EFD add-2007-bl: 11M + 5S; falls back to doubling when P = Q, infinity when P = −Q.
    @inlinable
    public static func + (p: G1Jacobian, q: G1Jacobian) -> G1Jacobian {
        if p.isInfinity { return q }
        if q.isInfinity { return p }
        let z1z1 = p.z.squared()                     // Z1Z1 = Z1²
        let z2z2 = q.z.squared()                     // Z2Z2 = Z2²
        let u1 = p.x * z2z2                          // U1 = X1·Z2Z2
        let u2 = q.x * z1z1                          // U2 = X2·Z1Z1
        let s1 = p.y * q.z * z2z2                    // S1 = Y1·Z2·Z2Z2
        let s2 = q.y * p.z * z1z1                    // S2 = Y2·Z1·Z1Z1
        let h = u2 - u1                              // H = U2 − U1
        var r = s2 - s1
        if h.isZero {
            return r.isZero ? p.doubled() : .infinity
        }
        r = r + r                                    // r = 2(S2 − S1)
        let i = (h + h).squared()                    // I = (2H)²
        let j = h * i                                // J = H·I
        let v = u1 * i                               // V = U1·I
        let x3 = r.squared() - j - v - v             // X3 = r² − J − 2V
        let s1j = s1 * j
        let y3 = r * (v - x3) - s1j - s1j            // Y3 = r(V − X3) − 2·S1·J
        let z3 = ((p.z + q.z).squared() - z1z1 - z2z2) * h  // Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H
        return G1Jacobian(x: x3, y: y3, z: z3)
    }

    /// P + Q for affine Q (mixed addition) by EFD madd-2007-bl: 7M + 4S; handles infinity and P = ±Q.
    @inlinable
    public static func + (p: G1Jacobian, q: G1Affine) -> G1Jacobian {
        if q.isInfinity { return p }
        if p.isInfinity { return G1Jacobian(q) }
        let z1z1 = p.z.squared()                     // Z1Z1 = Z1²
        let u2 = q.x * z1z1                          // U2 = X2·Z1Z1
        let s2 = q.y * p.z * z1z1                    // S2 = Y2·Z1·Z1Z1
        let h = u2 - p.x                             // H = U2 − X1
        var r = s2 - p.y
        if h.isZero {
            return r.isZero ? p.doubled() : .infinity
        }
        let hh = h.squared()                         // HH = H²
        var i = hh + hh; i = i + i                   // I = 4·HH
        let j = h * i                                // J = H·I
        r = r + r                                    // r = 2(S2 − Y1)
        let v = p.x * i                              // V = X1·I
        let x3 = r.squared() - j - v - v             // X3 = r² − J − 2V
        let y1j = p.y * j
        let y3 = r * (v - x3) - y1j - y1j            // Y3 = r(V − X3) − 2·Y1·J
        let z3 = (p.z + h).squared() - z1z1 - hh     // Z3 = (Z1 + H)² − Z1Z1 − HH
        return G1Jacobian(x: x3, y: y3, z: z3)
    }

    /// Q + P for an affine Q: mixed addition, the same as `P + Q`.
    @inlinable public static func + (q: G1Affine, p: G1Jacobian) -> G1Jacobian { p + q }
    /// P − Q = P + (−Q) with the full Jacobian addition.
    @inlinable public static func - (p: G1Jacobian, q: G1Jacobian) -> G1Jacobian { p + q.negated() }
    /// P − Q = P + (−Q) for an affine Q, with mixed addition.
    @inlinable public static func - (p: G1Jacobian, q: G1Affine) -> G1Jacobian { p + q.negated() }
    /// Adds Q to P in place (full Jacobian addition).
    @inlinable public static func += (p: inout G1Jacobian, q: G1Jacobian) { p = p + q }
    /// Adds an affine Q to P in place (mixed addition).
    @inlinable public static func += (p: inout G1Jacobian, q: G1Affine) { p = p + q }
    /// Subtracts Q from P in place: P + (−Q).
    @inlinable public static func -= (p: inout G1Jacobian, q: G1Jacobian) { p = p - q }
    /// Subtracts an affine Q from P in place with mixed addition.
    @inlinable public static func -= (p: inout G1Jacobian, q: G1Affine) { p = p - q }

    /// [k]P for a scalar in F_r (variable time; 4-bit fixed window: ≈ 254 doublings + 64 additions).
    public static func * (p: G1Jacobian, k: Fr) -> G1Jacobian { p.multiplied(byLimbs: k.canonicalLimbs) }
    /// [k]P with the scalar on the left; the same variable-time fixed-window multiplication as `P * k`.
    public static func * (k: Fr, p: G1Jacobian) -> G1Jacobian { p * k }
    /// Replaces P with [k]P (variable time).
    public static func *= (p: inout G1Jacobian, k: Fr) { p = p * k }

    /// [k]P for an arbitrary 256-bit integer k given as little-endian limbs (not reduced mod r; used for the
    /// order check [r]P = O). Left-to-right 4-bit fixed window over a table of 0P…15P.
    public func multiplied(byLimbs k: (UInt64, UInt64, UInt64, UInt64)) -> G1Jacobian {
        var table = [G1Jacobian](repeating: .infinity, count: 16)
        for i in 1..<16 { table[i] = table[i - 1] + self }
        let limbs = [k.0, k.1, k.2, k.3]
        var acc = G1Jacobian.infinity
        for limb in limbs.reversed() {
            for nibble in stride(from: 60, through: 0, by: -4) {
                acc = acc.doubled().doubled().doubled().doubled()
                let w = Int((limb >> UInt64(nibble)) & 0xF)
                if w != 0 { acc = acc + table[w] }
            }
        }
        return acc
    }

    /// The affine point (one inversion); infinity maps to `G1Affine.infinity`.
    public func toAffine() -> G1Affine {
        guard let zInv = z.inverse else { return .infinity }
        let zInv2 = zInv.squared()
        return G1Affine(x: x * zInv2, y: y * zInv2 * zInv, isInfinity: false)
    }

    /// Converts many points with one field inversion (Montgomery's simultaneous inversion trick:
    /// 3(n − 1) multiplications + 1 inversion, then 3M per point for x, y). Infinity points map to
    /// `G1Affine.infinity`.
    public static func batchToAffine(_ points: [G1Jacobian]) -> [G1Affine] {
        var zs = points.map(\.z)
        Fq.batchInvert(&zs)  // zeros (infinity) stay zero
        var out = [G1Affine](repeating: .infinity, count: points.count)
        for i in points.indices where !points[i].isInfinity {
            let zInv = zs[i]
            let zInv2 = zInv.squared()
            out[i] = G1Affine(x: points[i].x * zInv2, y: points[i].y * zInv2 * zInv, isInfinity: false)
        }
        return out
    }
}

extension G1Jacobian: Equatable {
    /// Projective equality: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³ (4M + 2S); all infinities are equal.
    public static func == (p: G1Jacobian, q: G1Jacobian) -> Bool {
        if p.isInfinity || q.isInfinity { return p.isInfinity && q.isInfinity }
        let z1z1 = p.z.squared()
        let z2z2 = q.z.squared()
        guard p.x * z2z2 == q.x * z1z1 else { return false }
        return p.y * z2z2 * q.z == q.y * z1z1 * p.z
    }
}

extension G1Jacobian: CustomStringConvertible {
    /// The affine coordinates in decimal (one inversion).
    public var description: String { toAffine().description }
}

extension G1Affine {
    /// b = 3, the constant of y² = x³ + b.
    public static let b = Fq(3)

    /// Whether y² = x³ + 3 (true for infinity).
    public var isOnCurve: Bool { isInfinity || y.squared() == x.squared() * x + G1Affine.b }

    /// G1 has cofactor 1: every point on the curve is in the order-r subgroup.
    public var isInSubgroup: Bool { isOnCurve }

    /// −P = (x, −y); infinity stays infinity.
    @inlinable
    public func negated() -> G1Affine { isInfinity ? self : G1Affine(x: x, y: -y, isInfinity: false) }
    /// −P, the same as `negated()`: (x, −y); infinity stays infinity.
    @inlinable public static prefix func - (p: G1Affine) -> G1Affine { p.negated() }

    /// P + Q computed in Jacobian coordinates (call `toAffine()` for an affine result).
    @inlinable public static func + (p: G1Affine, q: G1Affine) -> G1Jacobian { G1Jacobian(p) + q }
    /// P − Q = P + (−Q) computed in Jacobian coordinates (call `toAffine()` for an affine result).
    @inlinable public static func - (p: G1Affine, q: G1Affine) -> G1Jacobian { G1Jacobian(p) + q.negated() }
    /// [k]P computed in Jacobian coordinates.
    public static func * (p: G1Affine, k: Fr) -> G1Jacobian { G1Jacobian(p) * k }
    /// [k]P with the scalar on the left, computed in Jacobian coordinates (variable time).
    public static func * (k: Fr, p: G1Affine) -> G1Jacobian { G1Jacobian(p) * k }
}

extension G1Affine: CustomStringConvertible {
    /// The coordinates in decimal.
    public var description: String { isInfinity ? "G1(infinity)" : "G1(\(x.decimalString), \(y.decimalString))" }
}
