// The bucket accumulator of MSM, written once over the coordinate field (`CurveField`: F_q for G1, F_q2 for G2)
// and specialised by the compiler for each (whole-module optimisation; the public entry points call them with
// concrete types, so no generic dispatch remains in the kernels).

/// A point in extended Jacobian ("XYZZ") coordinates: x = X/ZZ, y = Y/ZZZ with ZZ³ = ZZZ², the bucket
/// accumulator of Pippenger's method (cheaper mixed addition than Jacobian: 8M + 2S instead of 7M + 4S
/// with fewer additions, and no doubling inside the addition). Infinity is ZZ = 0.
/// Formulas: EFD https://hyperelliptic.org/EFD/g1p/auto-shortw-xyzz.html (a = 0). Variable time.
///
/// Inlining rule (STYLE §4): `@inline(__always)` belongs on field elements and trivial accessors only. The point
/// formulas below are left to the optimiser: forcing them inline into the bucket loops tripled BN254's compile
/// time (262 s → 87 s without) and made each G2 kernel ~300 KB of straight-line code, with no measured speed-up.
struct XYZZ<F: CurveField> {
    var x: F
    var y: F
    var zz: F
    var zzz: F

    @inline(__always) static var infinity: XYZZ { XYZZ(x: .one, y: .one, zz: .zero, zzz: .zero) }
    @inline(__always) var isInfinity: Bool { zz.isZero }

    @inline(__always) init(x: F, y: F, zz: F, zzz: F) {
        self.x = x
        self.y = y
        self.zz = zz
        self.zzz = zzz
    }
    /// Lifts an affine point (not infinity).
    @inline(__always) init(affineX x: F, y: F) { self.init(x: x, y: y, zz: .one, zzz: .one) }

    /// self += (x2, y2) affine (not infinity), EFD madd-2008-s: 8M + 2S; doubling via mdbl-2008-s-1 when equal.
    mutating func addMixed(x x2: F, y y2: F) {
        if isInfinity {
            self = XYZZ(affineX: x2, y: y2)
            return
        }
        let u2 = x2 * zz  // U2 = X2·ZZ1
        let s2 = y2 * zzz  // S2 = Y2·ZZZ1
        let p = u2 - x  // P = U2 − X1
        let r = s2 - y  // R = S2 − Y1
        if p.isZero {
            if r.isZero { self = XYZZ.doubledAffine(x: x2, y: y2) } else { self = .infinity }
            return
        }
        let pp = p.squared()  // PP = P²
        let ppp = p * pp  // PPP = P·PP
        let q = x * pp  // Q = X1·PP
        let x3 = r.squared() - ppp - q - q  // X3 = R² − PPP − 2Q
        y = r * (q - x3) - y * ppp  // Y3 = R(Q − X3) − Y1·PPP
        x = x3
        zz = zz * pp  // ZZ3 = ZZ1·PP
        zzz = zzz * ppp  // ZZZ3 = ZZZ1·PPP
    }

    /// 2·(x, y) for an affine point, EFD mdbl-2008-s-1: 4M + 3S.
    static func doubledAffine(x: F, y: F) -> XYZZ {
        let u = y.doubled()  // U = 2Y1
        let v = u.squared()  // V = U²
        let w = u * v  // W = U·V
        let s = x * v  // S = X1·V
        let xx = x.squared()
        let m = xx + xx + xx  // M = 3X1²
        let x3 = m.squared() - s - s  // X3 = M² − 2S
        let y3 = m * (s - x3) - w * y  // Y3 = M(S − X3) − W·Y1
        return XYZZ(x: x3, y: y3, zz: v, zzz: w)
    }

    /// 2·self, EFD dbl-2008-s-1 (a = 0): 6M + 3S.
    func doubled() -> XYZZ {
        if isInfinity { return self }
        let u = y.doubled()  // U = 2Y1
        let v = u.squared()  // V = U²
        let w = u * v  // W = U·V
        let s = x * v  // S = X1·V
        let xx = x.squared()
        let m = xx + xx + xx  // M = 3X1²
        let x3 = m.squared() - s - s  // X3 = M² − 2S
        let y3 = m * (s - x3) - w * y  // Y3 = M(S − X3) − W·Y1
        return XYZZ(x: x3, y: y3, zz: v * zz, zzz: w * zzz)  // ZZ3 = V·ZZ1, ZZZ3 = W·ZZZ1
    }

    /// self += q, EFD add-2008-s: 12M + 2S; doubling when equal, infinity when opposite.
    mutating func add(_ q: XYZZ) {
        if q.isInfinity { return }
        if isInfinity {
            self = q
            return
        }
        let u1 = x * q.zz  // U1 = X1·ZZ2
        let u2 = q.x * zz  // U2 = X2·ZZ1
        let s1 = y * q.zzz  // S1 = Y1·ZZZ2
        let s2 = q.y * zzz  // S2 = Y2·ZZZ1
        let p = u2 - u1  // P = U2 − U1
        let r = s2 - s1  // R = S2 − S1
        if p.isZero {
            if r.isZero { self = doubled() } else { self = .infinity }
            return
        }
        let pp = p.squared()  // PP = P²
        let ppp = p * pp  // PPP = P·PP
        let qq = u1 * pp  // Q = U1·PP
        let x3 = r.squared() - ppp - qq - qq  // X3 = R² − PPP − 2Q
        y = r * (qq - x3) - s1 * ppp  // Y3 = R(Q − X3) − S1·PPP
        x = x3
        zz = zz * q.zz * pp  // ZZ3 = ZZ1·ZZ2·PP
        zzz = zzz * q.zzz * ppp  // ZZZ3 = ZZZ1·ZZZ2·PPP
    }

    /// Jacobian coordinates of the same point: Z = ZZ·ZZZ, X = X·ZZ·ZZZ², Y = Y·ZZZ⁴ (uses ZZ³ = ZZZ²);
    /// infinity maps to (1, 1, 0).
    func jacobianCoordinates() -> (x: F, y: F, z: F) {
        if isInfinity { return (.one, .one, .zero) }
        let zzz2 = zzz.squared()
        return (x * zz * zzz2, y * zzz2.squared(), zz * zzz)
    }
}
