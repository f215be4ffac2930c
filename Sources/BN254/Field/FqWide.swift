/// Double-width (512-bit) arithmetic on F_q values for lazy reduction: products are accumulated unreduced and
/// Montgomery-reduced once (Aranha, Karabina, Longa, Gebotys, López, "Faster Explicit Formulas for Computing
/// Pairings over Ordinary Curves", EUROCRYPT 2011, eprint 2010/526, §3: lazy reduction in F_q2).
///
/// Invariant: a value w0…w7 (little-endian) that `reduced()` accepts is < p·2^256, so REDC returns < 2p and one
/// conditional subtraction gives the reduced result.
@usableFromInline
struct FqWide {
    @usableFromInline var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64, w4: UInt64, w5: UInt64, w6: UInt64, w7: UInt64

    @inlinable @inline(__always)
    init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64, _ w4: UInt64, _ w5: UInt64, _ w6: UInt64, _ w7: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3; self.w4 = w4; self.w5 = w5; self.w6 = w6; self.w7 = w7
    }

    /// The full product a·b of two 4-limb values (each < 2^256): schoolbook operand scanning, 16 multiplications.
    @inlinable @inline(__always)
    static func product(
        _ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64, _ b0: UInt64, _ b1: UInt64, _ b2: UInt64, _ b3: UInt64
    ) -> FqWide {
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0, t4: UInt64 = 0, t5: UInt64 = 0
        var t6: UInt64 = 0, t7: UInt64 = 0, C: UInt64 = 0
        (C, t0) = mulAdd(a0, b0, 0, 0)
        (C, t1) = mulAdd(a1, b0, 0, C)
        (C, t2) = mulAdd(a2, b0, 0, C)
        (C, t3) = mulAdd(a3, b0, 0, C)
        t4 = C
        (C, t1) = mulAdd(a0, b1, t1, 0)
        (C, t2) = mulAdd(a1, b1, t2, C)
        (C, t3) = mulAdd(a2, b1, t3, C)
        (C, t4) = mulAdd(a3, b1, t4, C)
        t5 = C
        (C, t2) = mulAdd(a0, b2, t2, 0)
        (C, t3) = mulAdd(a1, b2, t3, C)
        (C, t4) = mulAdd(a2, b2, t4, C)
        (C, t5) = mulAdd(a3, b2, t5, C)
        t6 = C
        (C, t3) = mulAdd(a0, b3, t3, 0)
        (C, t4) = mulAdd(a1, b3, t4, C)
        (C, t5) = mulAdd(a2, b3, t5, C)
        (C, t6) = mulAdd(a3, b3, t6, C)
        t7 = C
        return FqWide(t0, t1, t2, t3, t4, t5, t6, t7)
    }

    /// a + b (no overflow: callers keep sums < p·2^256).
    @inlinable @inline(__always)
    static func + (a: FqWide, b: FqWide) -> FqWide {
        let (s0, k0) = addCarry(a.w0, b.w0, 0)
        let (s1, k1) = addCarry(a.w1, b.w1, k0)
        let (s2, k2) = addCarry(a.w2, b.w2, k1)
        let (s3, k3) = addCarry(a.w3, b.w3, k2)
        let (s4, k4) = addCarry(a.w4, b.w4, k3)
        let (s5, k5) = addCarry(a.w5, b.w5, k4)
        let (s6, k6) = addCarry(a.w6, b.w6, k5)
        let (s7, k7) = addCarry(a.w7, b.w7, k6)
        _ = k7
        return FqWide(s0, s1, s2, s3, s4, s5, s6, s7)
    }

    /// a − b (callers guarantee a ≥ b).
    @inlinable @inline(__always)
    static func - (a: FqWide, b: FqWide) -> FqWide {
        let (s0, k0) = subBorrow(a.w0, b.w0, 0)
        let (s1, k1) = subBorrow(a.w1, b.w1, k0)
        let (s2, k2) = subBorrow(a.w2, b.w2, k1)
        let (s3, k3) = subBorrow(a.w3, b.w3, k2)
        let (s4, k4) = subBorrow(a.w4, b.w4, k3)
        let (s5, k5) = subBorrow(a.w5, b.w5, k4)
        let (s6, k6) = subBorrow(a.w6, b.w6, k5)
        let (s7, k7) = subBorrow(a.w7, b.w7, k6)
        _ = k7
        return FqWide(s0, s1, s2, s3, s4, s5, s6, s7)
    }

    /// a − b + (p² if a < b): a representative of a − b modulo p in [0, p²] when a, b < p².
    @inlinable @inline(__always)
    static func subtractModPSquared(_ a: FqWide, _ b: FqWide) -> FqWide {
        let (s0, k0) = subBorrow(a.w0, b.w0, 0)
        let (s1, k1) = subBorrow(a.w1, b.w1, k0)
        let (s2, k2) = subBorrow(a.w2, b.w2, k1)
        let (s3, k3) = subBorrow(a.w3, b.w3, k2)
        let (s4, k4) = subBorrow(a.w4, b.w4, k3)
        let (s5, k5) = subBorrow(a.w5, b.w5, k4)
        let (s6, k6) = subBorrow(a.w6, b.w6, k5)
        let (s7, k7) = subBorrow(a.w7, b.w7, k6)
        let mask = 0 &- k7
        let pp = Fq.pSquared
        let (e0, c0) = addCarry(s0, pp.0 & mask, 0)
        let (e1, c1) = addCarry(s1, pp.1 & mask, c0)
        let (e2, c2) = addCarry(s2, pp.2 & mask, c1)
        let (e3, c3) = addCarry(s3, pp.3 & mask, c2)
        let (e4, c4) = addCarry(s4, pp.4 & mask, c3)
        let (e5, c5) = addCarry(s5, pp.5 & mask, c4)
        let (e6, c6) = addCarry(s6, pp.6 & mask, c5)
        let (e7, c7) = addCarry(s7, pp.7 & mask, c6)
        _ = c7
        return FqWide(e0, e1, e2, e3, e4, e5, e6, e7)
    }

    /// Montgomery reduction REDC: self·R⁻¹ mod p, reduced, for self < p·2^256 (HAC Alg. 14.32, one limb per row;
    /// k carries each row's top word into the next row's).
    @inlinable @inline(__always)
    func reduced() -> Fq {
        var r0 = w0, r1 = w1, r2 = w2, r3 = w3
        var m: UInt64 = 0, C: UInt64 = 0, k: UInt64 = 0
        m = r0 &* Fq.inv
        C = mulAdd(m, Fq.p0, r0, 0).hi
        (C, r0) = mulAdd(m, Fq.p1, r1, C)
        (C, r1) = mulAdd(m, Fq.p2, r2, C)
        (C, r2) = mulAdd(m, Fq.p3, r3, C)
        (r3, k) = addCarry(w4, C, k)
        m = r0 &* Fq.inv
        C = mulAdd(m, Fq.p0, r0, 0).hi
        (C, r0) = mulAdd(m, Fq.p1, r1, C)
        (C, r1) = mulAdd(m, Fq.p2, r2, C)
        (C, r2) = mulAdd(m, Fq.p3, r3, C)
        (r3, k) = addCarry(w5, C, k)
        m = r0 &* Fq.inv
        C = mulAdd(m, Fq.p0, r0, 0).hi
        (C, r0) = mulAdd(m, Fq.p1, r1, C)
        (C, r1) = mulAdd(m, Fq.p2, r2, C)
        (C, r2) = mulAdd(m, Fq.p3, r3, C)
        (r3, k) = addCarry(w6, C, k)
        m = r0 &* Fq.inv
        C = mulAdd(m, Fq.p0, r0, 0).hi
        (C, r0) = mulAdd(m, Fq.p1, r1, C)
        (C, r1) = mulAdd(m, Fq.p2, r2, C)
        (C, r2) = mulAdd(m, Fq.p3, r3, C)
        (r3, k) = addCarry(w7, C, k)
        return Fq.reduceOnce(r0, r1, r2, r3)
    }
}

extension Fq {
    /// The limbs of a + b without the final reduction (< 2p < 2^255 for reduced inputs).
    @inlinable @inline(__always)
    static func unreducedSum(_ a: Fq, _ b: Fq) -> (UInt64, UInt64, UInt64, UInt64) {
        let (s0, k0) = addCarry(a.l0, b.l0, 0)
        let (s1, k1) = addCarry(a.l1, b.l1, k0)
        let (s2, k2) = addCarry(a.l2, b.l2, k1)
        let (s3, _) = addCarry(a.l3, b.l3, k2)
        return (s0, s1, s2, s3)
    }
}
