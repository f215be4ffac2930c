import BN254
import R1CS

/// LayerNormalization (`FixedPointOp.layerNorm`, semantics in `LayerNormParameters`).
extension CircuitLowering {
    /// Per row of L: D_j = L·X_j − Σ X (linear, free); V = Σ D_j² (L constraints); the inverse square root r as a
    /// witness, enforced by r ∈ [0, 2^nr) (nr + 1), r·W and r·(r·W) (2), 2^(2K) − r²W ≥ 0 (2K + 2) and
    /// (r + 1)²W − 2^(2K) − 1 ≥ 0 (2K + 3): all terms are integers far below r/2, so r = ⌊2^K/√W⌋ is not trusted
    /// but proved. Then per element t_j = D_j·r (1) and Y_j = rescale(g_j·t_j + B_j, K) (K + B + 2).
    /// **≈ L·(K + B + 4) + 4K + nr + 8 constraints per row.**
    static func lowerLayerNorm(
        _ cs: ConstraintSystem, _ p: LayerNormParameters, _ x: [BoundedCombination], _ inBounds: TensorBounds,
        _ alive: [Bool], label: String
    ) throws(CompilerError) -> [BoundedCombination] {
        var out: [BoundedCombination] = []
        out.reserveCapacity(x.count)
        let k = p.shift
        let target = fieldPowerOfTwo(2 * k)
        for row in 0..<p.rows {
            let name = "\(label)[row \(row)]"
            let base = row * p.length
            guard alive[base..<(base + p.length)].contains(true) else {
                out.append(contentsOf: repeatElement(cs.boundedConstant(0), count: p.length))
                continue
            }
            let maxW = try p.differenceBounds(inBounds, row: row, layer: label).maxW
            let total = LinearCombination.sum((0..<p.length).map { x[base + $0].lc })
            let d = (0..<p.length).map { x[base + $0].lc * Fr(Int64(p.length)) - total }
            var w = LinearCombination(constant: Fr(p.epsilon))
            for j in 0..<p.length { w.add(cs.mul(d[j], d[j], label: "\(name)[\(j)]: square")) }
            let wv = CompiledModel.signedInteger(cs.value(of: w)) ?? 1
            let r = cs.allocateWitness(Fr(LayerNormParameters.inverseSquareRoot(max(wv, 1), shift: k)))
            let (_, rMax) = p.inverseBound(maxW: maxW)
            cs.rangeCheck(r, bitCount: IntegerMath.bitsFor(rMax + 1), label: "\(name): r range")
            let rw = cs.mul(r, w, label: "\(name): r·W")
            let rrw = cs.mul(r, rw, label: "\(name): r²·W")
            cs.rangeCheck(LinearCombination(constant: target) - rrw, bitCount: 2 * k + 1, label: "\(name): r²·W ≤ 2^2K")
            let next =
                LinearCombination(rrw) + LinearCombination(rw) * Fr(2) + w - LinearCombination(constant: target)
                - LinearCombination.one
            cs.rangeCheck(next, bitCount: 2 * k + 2, label: "\(name): (r+1)²·W > 2^2K")
            let one = Int64(1) << Int64(k)
            for j in 0..<p.length {
                let t = cs.mul(d[j], r, label: "\(name)[\(j)]: D·r")
                let z = LinearCombination(t) * Fr(p.gamma[j]) + LinearCombination(constant: Fr(p.beta[j]))
                let span = one * abs(p.gamma[j])
                let zw = BoundedCombination(lc: z, lower: p.beta[j] - span, upper: p.beta[j] + span)
                out.append(cs.rescale(zw, shift: k, relu: false, label: "\(name)[\(j)]"))
            }
        }
        return out
    }
}
