import BN254
import R1CS
import Testing

/// `PoseidonOptimizedParameters` (derived in closed form at first use) against the straightforward
/// per-round procedure of eprint 2019/458, Appendix B — the algorithm the former generator script ran: for
/// p = R_P−1 … 0, invert Â = A[1..][1..] (Gauss–Jordan), B_p = [[A₀₀, A[0][1..]·Â⁻¹], [A[1..][0], I]],
/// A ← diag(1, Â)·M; then forward the constants round by round.
@Suite struct PoseidonDerivationTests {
    @Test(arguments: Array(PoseidonParameters.supportedWidths))
    func closedFormEqualsPerRoundProcedure(t: Int) throws {
        let o = try #require(PoseidonOptimizedParameters.forWidth(t))
        let p = o.plain
        let n = t - 1
        let rp = p.partialRounds
        let half = p.fullRounds / 2
        let m = p.mds
        var a = m
        var sparse: [Fr] = []
        var dHats = [[Fr]](repeating: [], count: rp)
        var rows = [[Fr]](repeating: [], count: rp)
        for q in (0..<rp).reversed() {
            let aHat = (1..<t).flatMap { i in a[(i * t + 1)..<(i * t + t)] }
            let inv = try #require(gaussJordanInverse(aHat, n))
            // sanity: Â·Â⁻¹ = I
            #expect(multiply(aHat, inv, n) == identity(n), "t = \(t), round \(q)")
            let v = (0..<n).map { j in (0..<n).reduce(Fr.zero) { $0 + a[1 + $1] * inv[$1 * n + j] } }
            let w = (0..<n).map { a[(1 + $0) * t] }
            rows[q] = [a[0]] + v + w
            dHats[q] = aHat
            var next = m
            for i in 0..<n {
                for j in 0..<t {
                    next[(1 + i) * t + j] = (0..<n).reduce(Fr.zero) { $0 + aHat[i * n + $1] * m[(1 + $1) * t + j] }
                }
            }
            a = next
        }
        for q in 0..<rp { sparse += rows[q] }
        #expect(o.preSparse == a, "t = \(t)")
        #expect(o.sparse == sparse, "t = \(t)")

        var k: [Fr] = []
        var carry = [Fr](repeating: .zero, count: t)
        for q in 0..<rp {
            let c = Array(p.roundConstants[((half + q) * t)..<((half + q + 1) * t)])
            var d = [c[0] + carry[0]]
            for i in 0..<n { d.append((0..<n).reduce(carry[1 + i]) { $0 + dHats[q][i * n + $1] * c[1 + $1] }) }
            k.append(d[0])
            carry = d
            carry[0] = (1..<t).reduce(Fr.zero) { $0 + rows[q][$1] * d[$1] }
        }
        let last = Array(p.roundConstants[((half + rp) * t)..<((half + rp + 1) * t)])
        #expect(o.partialConstants == k, "t = \(t)")
        #expect(o.firstFullConstants == zip(last, carry).map { $0 + $1 }, "t = \(t)")
    }
}

private func identity(_ n: Int) -> [Fr] {
    (0..<(n * n)).map { $0 / n == $0 % n ? Fr.one : Fr.zero }
}

private func multiply(_ a: [Fr], _ b: [Fr], _ n: Int) -> [Fr] {
    (0..<(n * n)).map { e in (0..<n).reduce(Fr.zero) { $0 + a[(e / n) * n + $1] * b[$1 * n + e % n] } }
}

/// Gauss–Jordan inverse of an n×n row-major matrix, nil if singular.
private func gaussJordanInverse(_ matrix: [Fr], _ n: Int) -> [Fr]? {
    var g = (0..<n).map { i in Array(matrix[(i * n)..<(i * n + n)]) + identity(n)[(i * n)..<(i * n + n)] }
    for col in 0..<n {
        guard let pivot = (col..<n).first(where: { !g[$0][col].isZero }) else { return nil }
        g.swapAt(col, pivot)
        guard let f = g[col][col].inverse else { return nil }
        g[col] = g[col].map { $0 * f }
        for r in 0..<n where r != col && !g[r][col].isZero {
            let h = g[r][col]
            g[r] = zip(g[r], g[col]).map { $0 - h * $1 }
        }
    }
    return g.flatMap { $0[n...] }
}
