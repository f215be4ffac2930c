// Square roots in F_q2 for G2 point decompression (exponentiation and batch inversion are `FieldElement`'s).
// Variable time; not side-channel resistant.

extension Fq2 {
    /// A square root, or nil when none exists (which of the two roots is unspecified; decompression chooses
    /// by `isLexicographicallyLargest`).
    ///
    /// Adj & Rodríguez-Henríquez, "Square root computation over even extension fields", IEEE TC 2014
    /// (eprint 2012/685), Algorithm 9 (q ≡ 3 mod 4), with F_q2 = F_q[u]/(u² + 1):
    /// a1 = a^((q−3)/4), α = a1²·a = a^((q−1)/2), a0 = α^q·α (= the norm of α);
    /// a0 = −1 ⇒ no root; x0 = a1·a; α = −1 ⇒ x = u·x0; else x = (1 + α)^((q−1)/2)·x0.
    /// The result is checked (x² = a) before it is returned.
    public var squareRoot: Fq2? {
        if isZero { return self }
        // (q − 3)/4 = (q + 1)/4 − 1; the low limb of (q + 1)/4 is non-zero, so no borrow.
        let e = Fq.sqrtExponentLimbs
        let a1 = pow((e.0 &- 1, e.1, e.2, e.3))
        let alpha = a1 * (a1 * self)
        let a0 = alpha.conjugate() * alpha
        let minusOne = Fq2(.minusOne, .zero)
        if a0 == minusOne { return nil }
        let x0 = a1 * self
        let x: Fq2
        if alpha == minusOne {
            x = Fq2(-x0.c1, x0.c0)  // u·x0
        } else {
            x = (alpha + .one).pow(Fq.halfOrderLimbs) * x0
        }
        return x.squared() == self ? x : nil
    }

    /// gnark's order on F_q2: compare c1 first, and c0 only when c1 = 0 — true when the deciding
    /// coefficient's canonical value is > (q − 1)/2.
    public var isLexicographicallyLargest: Bool {
        c1.isZero ? c0.isLexicographicallyLargest : c1.isLexicographicallyLargest
    }
}

extension Fq {
    /// Whether the canonical value is > (q − 1)/2 (gnark's `LexicographicallyLargest`): of y and −y
    /// (y ≠ 0), exactly one is largest.
    public var isLexicographicallyLargest: Bool {
        let v = canonicalLimbs
        let h = Fq.halfOrderLimbs
        // v > h  ⇔  h − v borrows
        let (_, b0) = subBorrow(h.0, v.0, 0)
        let (_, b1) = subBorrow(h.1, v.1, b0)
        let (_, b2) = subBorrow(h.2, v.2, b1)
        let (_, b3) = subBorrow(h.3, v.3, b2)
        return b3 == 1
    }
}
