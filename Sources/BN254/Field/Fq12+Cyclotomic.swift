/// Arithmetic in the cyclotomic subgroup G_Φ12 = { f : f^(q⁴ − q² + 1) = 1 }, where every element after the
/// easy part of the final exponentiation lives. There, conjugation is inversion and squaring is cheaper.
extension Fq12 {
    /// f² for f in the cyclotomic subgroup (result unspecified otherwise): Granger–Scott, "Faster Squaring in the
    /// Cyclotomic Subgroup of Sixth Degree Extensions", PKC 2010 (eprint 2009/565), §3.2. 9 F_q2 squarings
    /// instead of the 12 F_q2 products of `squared()`.
    ///
    /// View F_q12 = F_q4[w]/(w³ − s) with F_q4 = F_q2[s]/(s² − ξ), s = w³, so f = g0 + g1·w + g2·w² with
    /// g0 = a0 + a3·s, g1 = a1 + a4·s, g2 = a2 + a5·s (a_j the coefficient of w^j). Then
    /// f² = (3g0² − 2ḡ0) + (3s·g2² + 2ḡ1)·w + (3g1² − 2ḡ2)·w², ḡ = x − y·s the conjugate over F_q2.
    public func cyclotomicSquared() -> Fq12 {
        // a_j in the w-basis: a0 = c0.c0, a1 = c1.c0, a2 = c0.c1, a3 = c1.c1, a4 = c0.c2, a5 = c1.c2.
        let a0 = c0.c0
        let a1 = c1.c0
        let a2 = c0.c1
        let a3 = c1.c1
        let a4 = c0.c2
        let a5 = c1.c2
        // g² = (x² + ξy²) + 2xy·s, with 2xy = (x + y)² − x² − y².
        let (g0x, g0y) = Fq12.fq4Square(a0, a3)
        let (g1x, g1y) = Fq12.fq4Square(a1, a4)
        let (g2x, g2y) = Fq12.fq4Square(a2, a5)
        // 3·t − 2·c = 2(t − c) + t and 3·t + 2·c = 2(t + c) + t.
        let b0 = (g0x - a0).doubled() + g0x  // new a0 = 3·re(g0²) − 2·a0
        let b3 = (g0y + a3).doubled() + g0y  // new a3 = 3·im(g0²) + 2·a3
        let sg2x = g2y.mulByNonResidue()  // s·g2² = ξ·im(g2²) + re(g2²)·s
        let b1 = (sg2x + a1).doubled() + sg2x  // new a1 = 3ξ·im(g2²) + 2·a1
        let b4 = (g2x - a4).doubled() + g2x  // new a4 = 3·re(g2²) − 2·a4
        let b2 = (g1x - a2).doubled() + g1x  // new a2 = 3·re(g1²) − 2·a2
        let b5 = (g1y + a5).doubled() + g1y  // new a5 = 3·im(g1²) + 2·a5
        return Fq12(Fq6(b0, b2, b4), Fq6(b1, b3, b5))
    }

    /// (x + y·s)² in F_q4 = F_q2[s]/(s² − ξ): (x² + ξ·y², 2xy), 3 F_q2 squarings.
    @inline(__always)
    static func fq4Square(_ x: Fq2, _ y: Fq2) -> (Fq2, Fq2) {
        let t0 = x.squared()
        let t1 = y.squared()
        return (t1.mulByNonResidue() + t0, (x + y).squared() - t0 - t1)
    }

    /// self^u for the BN parameter u, for self in the cyclotomic subgroup: width-4 NAF square and multiply
    /// (Hankerson, Menezes, Vanstone, "Guide to Elliptic Curve Cryptography", Alg. 3.35, in multiplicative
    /// notation), with cyclotomic squarings and the conjugate as the inverse of a negative digit. u has 14 such
    /// digits: 62 squarings and 13 products plus 4 to precompute self^{1,3,5,7}, against 23 products with plain NAF.
    public func cyclotomicPowU() -> Fq12 {
        let digits = Fq12.uWindowedNAF
        let square = cyclotomicSquared()
        var odd = [self]  // odd[i] = self^(2i + 1)
        for i in 1..<4 { odd.append(odd[i - 1] * square) }
        var result = odd[Int(digits[digits.count - 1] - 1) / 2]  // the top digit is positive
        for i in stride(from: digits.count - 2, through: 0, by: -1) {
            result = result.cyclotomicSquared()
            let d = Int(digits[i])
            if d > 0 { result *= odd[(d - 1) / 2] } else if d < 0 { result *= odd[(-d - 1) / 2].conjugate() }
        }
        return result
    }

    /// Width-4 NAF digits of u, least significant first, derived at first use.
    static let uWindowedNAF: [Int8] = TowerConstants.nonAdjacentForm(UInt128(TowerConstants.u), width: 4)
}
