import BN254
import R1CS

/// Softmax inside the graph (`FixedPointOp.softmax`, semantics in `SoftmaxGeometry`).
extension CircuitLowering {
    /// Per row of L elements: the maximum m ((L − 1) comparisons, n + 2 each unless the bounds decide), then per
    /// element d = x − m (≤ 0 because m is proved to be the maximum), e = exp table on d (`lowerPiecewiseLinear`,
    /// ≈ 97 + 2m + B + 7 constraints; free for masked elements), S = Σ e (linear), and the division
    /// p = ⌊(2·e·2^s + S)/(2S)⌋ proved by q·S = P (1), the remainder ρ = 2^(s+1)·e + S − 2P with 0 ≤ ρ and
    /// 0 ≤ 2S − 1 − ρ (two range checks of b = bits(2·S_max) bits: 2(b + 1)) and 0 ≤ q < 2^(s+1) (s + 2).
    /// All quantities are integers far below r/2, so the field equations are the integer ones and q is the
    /// unique rounded quotient; the check 2S − 1 − ρ ≥ 0 also proves S ≥ 1.
    static func lowerSoftmax(
        _ cs: ConstraintSystem, _ g: SoftmaxGeometry, exp t: PiecewiseLinearTable, outputBits s: Int,
        _ x: [BoundedCombination], _ alive: [Bool], label: String
    ) -> [BoundedCombination] {
        var out = Array(repeating: cs.boundedConstant(0), count: x.count)
        var row = 0
        g.forEachRow { idx in
            defer { row += 1 }
            guard idx.contains(where: { alive[$0] }) else { return }
            let name = "\(label)[row \(row)]"
            var m = x[idx[0]]
            for i in idx.dropFirst() { m = cs.maximum(m, x[i], label: "\(name): max") }
            var e: [BoundedCombination] = []
            for i in idx {
                let upper = SoftmaxGeometry.differenceUpper(x[i].upper, rowLower: m.lower)
                if upper < t.lowerBound {
                    e.append(cs.boundedConstant(t.values[0]))
                    continue
                }
                let d = BoundedCombination(lc: x[i].lc - m.lc, lower: x[i].lower - m.upper, upper: upper)
                e.append(lowerPiecewiseLinear(cs, d, t, label: "\(name)[\(i)]: exp"))
            }
            let total = LinearCombination.sum(e.map(\.lc))
            let totalUpper = e.reduce(Int64(0)) { $0 + $1.upper }
            let totalValue = CompiledModel.signedInteger(cs.value(of: total)) ?? 0
            let b = IntegerMath.bitsFor(2 * totalUpper + 1)
            for (k, i) in idx.enumerated() {
                if e[k].upper == 0 { continue }  // p = ⌊S / 2S⌋ = 0
                let ev = CompiledModel.signedInteger(cs.value(of: e[k].lc)) ?? 0
                let q = totalValue > 0 ? (2 * ev * (Int64(1) << Int64(s)) + totalValue) / (2 * totalValue) : 0
                let qv = cs.allocateWitness(Fr(q))
                let p = cs.mul(qv, total, label: "\(name)[\(i)]: quotient·sum")
                let rho = e[k].lc * fieldPowerOfTwo(s + 1) + total - LinearCombination(p) * Fr(2)
                cs.rangeCheck(rho, bitCount: b, label: "\(name)[\(i)]: remainder ≥ 0")
                cs.rangeCheck(
                    total * Fr(2) - LinearCombination.one - rho, bitCount: b, label: "\(name)[\(i)]: remainder < 2S")
                cs.rangeCheck(qv, bitCount: s + 1, label: "\(name)[\(i)]: quotient range")
                out[i] = BoundedCombination(lc: LinearCombination(qv), lower: 0, upper: Int64(1) << Int64(s))
            }
        }
        return out
    }
}
