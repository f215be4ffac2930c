extension Fq {
    /// (a0·b0 + a1·b1)·R⁻¹ mod p for reduced inputs; reduced output. The two products share one Montgomery
    /// reduction, interleaved row by row as in CIOS (Koç, Acar, Kaliski, "Analyzing and Comparing Montgomery
    /// Multiplication Algorithms", IEEE Micro 1996) — the `sum_of_products` of arkworks' `MontConfig`.
    ///
    /// Bounds (p < 2^254): before each row the accumulator T is < 3p + 3p/2^64 < 2^256; the row adds
    /// a0_j·b0 + a1_j·b1 + m·p < 3·2^64·p < 2^320 (five words), and dividing by 2^64 restores the bound. The
    /// final T = (a0·b0 + a1·b1 + M·p)/R < (2p² + R·p)/R < 1.5p, so one conditional subtraction reduces it.
    /// 48 word multiplications against 64 for two separate products, and half the reductions.
    @inlinable @inline(__always)
    static func sumOfProducts(_ a0: Fq, _ b0: Fq, _ a1: Fq, _ b1: Fq) -> Fq {
        var t0: UInt64 = 0
        var t1: UInt64 = 0
        var t2: UInt64 = 0
        var t3: UInt64 = 0
        @inline(__always)
        func row(_ x: UInt64, _ y: UInt64) {
            var C: UInt64 = 0
            var top: UInt64 = 0
            (C, t0) = mulAdd(x, b0.l0, t0, 0)
            (C, t1) = mulAdd(x, b0.l1, t1, C)
            (C, t2) = mulAdd(x, b0.l2, t2, C)
            (top, t3) = mulAdd(x, b0.l3, t3, C)
            (C, t0) = mulAdd(y, b1.l0, t0, 0)
            (C, t1) = mulAdd(y, b1.l1, t1, C)
            (C, t2) = mulAdd(y, b1.l2, t2, C)
            (C, t3) = mulAdd(y, b1.l3, t3, C)
            top &+= C  // < 2^63: the five-word sum is < 2^319
            let m = t0 &* Fq.inv
            C = mulAdd(m, Fq.p0, t0, 0).hi
            (C, t0) = mulAdd(m, Fq.p1, t1, C)
            (C, t1) = mulAdd(m, Fq.p2, t2, C)
            (C, t2) = mulAdd(m, Fq.p3, t3, C)
            t3 = top &+ C  // no carry out: the shifted accumulator is < 2^256
        }
        row(a0.l0, a1.l0)
        row(a0.l1, a1.l1)
        row(a0.l2, a1.l2)
        row(a0.l3, a1.l3)
        return reduceOnce(t0, t1, t2, t3)
    }
}
