/// Constants of the extension tower F_q2 ⊂ F_q6 ⊂ F_q12 and of the twist, all DERIVED at first use from
/// q and ξ = 9 + u (nothing pasted).
///
/// Tower: F_q6 = F_q2[v]/(v³ − ξ), F_q12 = F_q6[w]/(w² − v), so w⁶ = ξ and every element of F_q12 is
/// Σ_{j<6} a_j·w^j with a_j ∈ F_q2 (a_j for j = 2i is c0.c_i, for j = 2i+1 it is c1.c_i).
/// Frobenius: (a·w^j)^(q^k) = a^(q^k)·w^j·(w⁶)^(j(q^k−1)/6) = frob_k(a)·γ_{k,j}·w^j with γ_{k,j} = ξ^(j(q^k−1)/6)
/// (q ≡ 1 mod 6). Since (q^k − 1)/6 = q·(q^(k−1) − 1)/6 + (q − 1)/6 and x^q = conj(x) on F_q2,
/// γ_{k,1} = conj(γ_{k−1,1})·γ_{1,1}, and γ_{k,j} = γ_{k,1}^j; only γ_{1,1} = ξ^((q−1)/6) needs an exponentiation.
enum TowerConstants {
    /// γ[k][j] = ξ^(j·(q^k − 1)/6) for k = 0…11, j = 0…5 (γ[0][j] = 1).
    static let frobeniusCoefficients: [[Fq2]] = {
        let qMinusOneOverSix = divide(subtractOne(limbArray(Fq.modulusLimbs)), by: 6)
        let gamma11 = Fq2.xi.pow(qMinusOneOverSix)
        var table: [[Fq2]] = [[Fq2](repeating: .one, count: 6)]
        var gammaK1 = Fq2.one
        for _ in 1..<12 {
            gammaK1 = gammaK1.conjugate() * gamma11
            var row = [Fq2.one]
            for _ in 1..<6 { row.append(row[row.count - 1] * gammaK1) }
            table.append(row)
        }
        return table
    }()

    /// b' = 3/ξ, the constant of the D-type sextic twist E': y² = x³ + 3/ξ carrying G2.
    static let twistB: Fq2 = Fq2(Fq(3), .zero) * Fq2.xi.inverse!

    /// The BN parameter u = 4965661367192848881 (q and r are polynomials in u; Barreto–Naehrig 2005).
    static let u: UInt64 = 4_965_661_367_192_848_881

    /// Width-w non-adjacent form of n, least significant first: odd digits in (−2^(w−1), 2^(w−1)), at least w − 1
    /// zeros after each non-zero digit, top digit positive. Width 2 is the plain signed binary NAF.
    static func nonAdjacentForm(_ n: UInt128, width: Int = 2) -> [Int8] {
        let window = Int128(1) << width
        var digits: [Int8] = []
        var k = Int128(n)
        while k != 0 {
            var d = Int128(0)
            if k & 1 == 1 {
                d = k & (window - 1)
                if d >= window / 2 { d -= window }
                k -= d
            }
            digits.append(Int8(d))
            k >>= 1
        }
        return digits
    }

    static func limbArray(_ l: (UInt64, UInt64, UInt64, UInt64)) -> [UInt64] { [l.0, l.1, l.2, l.3] }

    /// n − 1 for little-endian limbs, n > 0.
    static func subtractOne(_ n: [UInt64]) -> [UInt64] {
        var out = n
        for i in out.indices {
            let (d, borrow) = out[i].subtractingReportingOverflow(1)
            out[i] = d
            if !borrow { break }
        }
        return out
    }

    /// n / d for little-endian limbs; precondition: d divides n exactly (asserted through the remainder).
    static func divide(_ n: [UInt64], by d: UInt64) -> [UInt64] {
        var out = n
        var remainder: UInt64 = 0
        for i in out.indices.reversed() {
            let (q, r) = d.dividingFullWidth((remainder, out[i]))
            out[i] = q
            remainder = r
        }
        precondition(remainder == 0, "tower constant derivation: inexact division")
        return out
    }
}
