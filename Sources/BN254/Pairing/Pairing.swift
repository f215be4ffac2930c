/// The optimal ate pairing e: G1 × G2 → G_T ⊂ F_q12* on BN254 (Vercauteren, "Optimal Pairings", IEEE TIT 2010;
/// BN curves: Barreto–Naehrig, SAC 2005). Loop parameter 6u + 2 in signed binary, homogeneous projective Miller
/// loop with precomputed lines (`G2Prepared`), final exponentiation to (q¹² − 1)/r.
///
/// Output: the exact reduced pairing f^((q¹² − 1)/r), the value go-ethereum's bn256 and py_ecc's bn128 compute
/// (hard part by the exact Scott et al. chain, not a multiple of it), in the tower of `Fq12`.
/// Infinity on either side contributes 1. Variable time; not side-channel resistant.
public enum Pairing {
    /// NAF digits of 6u + 2 (65 bits), least significant first, derived at first use.
    static let loopNAF: [Int8] = TowerConstants.nonAdjacentForm(6 * UInt128(TowerConstants.u) + 2)

    /// Number of lines per `G2Prepared`: one doubling per digit below the top one, one addition per non-zero
    /// digit below the top one, plus the two final additions.
    static let lineCount: Int = loopNAF.count - 1 + loopNAF.dropLast().filter { $0 != 0 }.count + 2

    /// Π_i f_{6u+2,Q_i}(P_i)·l_{T,π(Q_i)}(P_i)·l_{T',−π²(Q_i)}(P_i), sharing one F_q12 squaring per loop step
    /// across all pairs; pairs with an infinity point are skipped (contribute 1). Not yet exponentiated: only
    /// meaningful after `finalExponentiation`.
    public static func multiMillerLoop(_ pairs: [(G1Affine, G2Prepared)]) -> Fq12 {
        let active = pairs.filter { !$0.0.isInfinity && !$0.1.isInfinity }
        if active.isEmpty { return .one }
        let points = active.map { $0.0 }
        let prepared = active.map { $0.1.lines }
        let digits = loopNAF
        var f = Fq12.one
        var lineIndex = 0

        func multiplyLines() {
            for k in points.indices {
                let l = prepared[k][lineIndex]
                f = f.mulBy034(l.r0 * points[k].y, l.r1 * points[k].x, l.r2)
            }
            lineIndex += 1
        }

        for i in stride(from: digits.count - 2, through: 0, by: -1) {
            if i != digits.count - 2 { f.square() }
            multiplyLines()
            if digits[i] != 0 { multiplyLines() }
        }
        multiplyLines()
        multiplyLines()
        assert(lineIndex == lineCount)
        return f
    }

    /// f^((q¹² − 1)/r). Easy part f^((q⁶ − 1)(q² + 1)) by one inversion and Frobenius maps; hard part
    /// f^((q⁴ − q² + 1)/r) by the exact addition chain of Scott, Benger, Charlemagne, Dominguez Perez, Kachisa,
    /// "On the Final Exponentiation for Calculating Pairings on Ordinary Elliptic Curves", Pairing 2009
    /// (eprint 2008/490), §4 (BN curves), as in go-ethereum's crypto/bn256: with
    /// (q⁴ − q² + 1)/r = λ3·q³ + λ2·q² + λ1·q + λ0, λ3 = 1, λ2 = 6u² + 1, λ1 = −36u³ − 18u² − 12u + 1,
    /// λ0 = −36u³ − 30u² − 18u − 2, the result is y0·y1²·y2⁶·y3¹²·y4¹⁸·y5³⁰·y6³⁶ (below). 3 exponentiations by u.
    /// Zero (never a Miller loop output) maps to zero.
    public static func finalExponentiation(_ f: Fq12) -> Fq12 {
        guard let fInverse = f.inverse else { return .zero }
        // Easy part: f^(q⁶ − 1) = conj(f)/f, then ^(q² + 1). The result is in the cyclotomic subgroup.
        var t = f.conjugate() * fInverse
        t = t.frobenius(power: 2) * t
        return hardPart(t)
    }

    /// f^((q⁴ − q² + 1)/r) for f in the cyclotomic subgroup (Scott et al., see `finalExponentiation`).
    static func hardPart(_ f: Fq12) -> Fq12 {
        let fp = f.frobenius(power: 1)
        let fp2 = f.frobenius(power: 2)
        let fp3 = fp2.frobenius(power: 1)
        let fu = f.cyclotomicPowU()
        let fu2 = fu.cyclotomicPowU()
        let fu3 = fu2.cyclotomicPowU()
        let y0 = fp * fp2 * fp3  // f^(q + q² + q³)
        let y1 = f.conjugate()  // f^−1
        let y2 = fu2.frobenius(power: 2)  // f^(u²q²)
        let y3 = fu.frobenius(power: 1).conjugate()  // f^(−uq)
        let y4 = (fu * fu2.frobenius(power: 1)).conjugate()  // f^(−u − u²q)
        let y5 = fu2.conjugate()  // f^(−u²)
        let y6 = (fu3 * fu3.frobenius(power: 1)).conjugate()  // f^(−u³ − u³q)
        // Vectorial addition chain for y0·y1²·y2⁶·y3¹²·y4¹⁸·y5³⁰·y6³⁶.
        var t0 = y6.cyclotomicSquared() * y4 * y5
        var t1 = y3 * y5 * t0
        t0 = t0 * y2
        t1 = t1.cyclotomicSquared() * t0
        t1 = t1.cyclotomicSquared()
        t0 = t1 * y1
        t1 = t1 * y0
        t0 = t0.cyclotomicSquared()
        return t0 * t1
    }

    /// The reduced optimal ate pairing e(P, Q); 1 when either point is infinity.
    public static func pairing(_ p: G1Affine, _ q: G2Affine) -> Fq12 {
        finalExponentiation(multiMillerLoop([(p, G2Prepared(q))]))
    }

    /// Π_i e(P_i, Q_i) with one shared Miller loop and one final exponentiation.
    public static func multiPairing(_ pairs: [(G1Affine, G2Prepared)]) -> Fq12 {
        finalExponentiation(multiMillerLoop(pairs))
    }

    /// Whether Π_i e(P_i, Q_i) = 1 — the EIP-197 precompile check (an empty product is 1).
    public static func productIsOne(_ pairs: [(G1Affine, G2Prepared)]) -> Bool {
        multiPairing(pairs) == .one
    }
}
