import BN254
import R1CS

/// Products of two computed tensors (`FixedPointOp.product`): attention scores Q·Kᵀ, weights·V, and `Mul` of
/// two tensors.
extension CircuitLowering {
    /// y_o = Σ a_i·b_j over the geometry's terms. **1 constraint per product term** (a term whose operand is a
    /// constant wire is free); the sum is a linear combination. The rescale that follows is a separate layer.
    static func lowerProduct(
        _ cs: ConstraintSystem, _ g: ProductGeometry, _ a: [BoundedCombination], _ b: [BoundedCombination],
        _ bounds: TensorBounds, _ alive: [Bool], label: String
    ) throws(CompilerError) -> [BoundedCombination] {
        var sums = Array(repeating: LinearCombination(), count: g.outputCount)
        try g.forEachTerm { o, i, j in
            guard alive[o] else { return }
            if let k = a[i].constantValue {
                sums[o].add(b[j].lc, scaledBy: Fr(k))
            } else if let k = b[j].constantValue {
                sums[o].add(a[i].lc, scaledBy: Fr(k))
            } else {
                sums[o].add(cs.mul(a[i].lc, b[j].lc, label: "\(label)[\(o)]: product"))
            }
        }
        return sums.enumerated().map {
            !alive[$0.offset]
                ? BoundedCombination(lc: $0.element, lower: 0, upper: 0)
                : BoundedCombination(lc: $0.element, lower: bounds.lower[$0.offset], upper: bounds.upper[$0.offset])
        }
    }
}

extension BoundedCombination {
    /// The value of a wire whose bound is a single point (a constant of the circuit).
    var constantValue: Int64? { lower == upper ? lower : nil }
}
