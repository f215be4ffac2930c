/// Bounds of attention weights·V: a product whose left operand is a `Softmax` output.
extension ProductGeometry {
    /// Tightens `out` (the interval bounds of this product) when every left row (the k = `inner` elements
    /// leftOffsets[b] + i·k + t, t = 0…k−1) is exactly one row of the softmax `g` that computed the left operand
    /// (inner axis 1, row length k, row-aligned offsets). Then y_o = Σ_t p_t·v_t with, as the softmax lowering's
    /// constraints enforce, p_t ≥ 0 (q's range check) and 2·p_t·S ≤ 2^(s+1)·e_t + S for each computed p_t (ρ ≥ 0),
    /// where S = Σ e ≥ 1 (2S − 1 − ρ ≥ 0) and every e ≥ 0; summing over a row gives Σ p_t ≤ 2^s + ⌊k/2⌋ = T.
    /// So y_o ∈ [T·min(0, min v.lower), T·max(0, max v.upper)] over the terms whose p_t is not the constant 0,
    /// a convex-combination bound instead of k times the largest corner product.
    func softmaxWeightedBounds(
        _ out: TensorBounds, softmax g: SoftmaxGeometry, outputBits s: Int, _ a: TensorBounds, _ b: TensorBounds,
        layer: String
    ) throws(CompilerError) -> TensorBounds {
        guard g.inner == 1, g.length == inner, leftOffsets.allSatisfy({ $0 % inner == 0 }), a.minimum >= 0 else {
            return out
        }
        let total = (Int64(1) << Int64(s)) + Int64(inner / 2)
        var tight = out
        for batch in 0..<batchCount {
            for i in 0..<rows {
                let row = leftOffsets[batch] + i * inner
                for j in 0..<columns {
                    let o = (batch * rows + i) * columns + j
                    var lo: Int64 = 0
                    var hi: Int64 = 0
                    for t in 0..<inner where a.upper[row + t] > 0 {
                        let v = rightOffsets[batch] + t * columns + j
                        lo = min(lo, b.lower[v])
                        hi = max(hi, b.upper[v])
                    }
                    tight.lower[o] = max(out.lower[o], try IntegerMath.mul(total, lo, layer))
                    tight.upper[o] = min(out.upper[o], try IntegerMath.mul(total, hi, layer))
                }
            }
        }
        return tight
    }
}
