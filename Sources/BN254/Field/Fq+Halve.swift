extension Fq {
    /// a / 2 mod p for a reduced input, reduced output. Adds p under a parity mask (no branch), then shifts the
    /// 255-bit sum right by one (p < 2^254, so a + p < 2^255 and no carry leaves the top limb).
    @inlinable @inline(__always)
    public func halved() -> Fq {
        let mask = 0 &- (l0 & 1)
        let (s0, k0) = addCarry(l0, Fq.p0 & mask, 0)
        let (s1, k1) = addCarry(l1, Fq.p1 & mask, k0)
        let (s2, k2) = addCarry(l2, Fq.p2 & mask, k1)
        let (s3, _) = addCarry(l3, Fq.p3 & mask, k2)
        return Fq(
            montgomeryLimbs: (s0 &>> 1) | (s1 &<< 63), (s1 &>> 1) | (s2 &<< 63), (s2 &>> 1) | (s3 &<< 63), s3 &>> 1)
    }
}
