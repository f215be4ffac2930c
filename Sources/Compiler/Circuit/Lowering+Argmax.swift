import BN254
import R1CS

/// The ArgMax output head (proved).
extension CircuitLowering {
    /// Index of the first maximum: a running (max, index) pair; step j replaces it when x_j > max.
    /// **Σ (n_j + 1) + 2 constraints per element after the first** (strict comparison x_j − max − 1 ≥ 0, two products).
    static func lowerArgmax(
        _ cs: ConstraintSystem, _ x: [BoundedCombination],
        label: @autoclosure () -> String
    ) -> BoundedCombination {
        var best = x[0]
        var index = LinearCombination()
        for j in 1..<x.count {
            let d = BoundedCombination(
                lc: x[j].lc - best.lc - LinearCombination.one, lower: x[j].lower - best.upper - 1,
                upper: x[j].upper - best.lower - 1)
            let s = cs.sign(d, label: "\(label())[\(j)]: compare")
            let dm = cs.mul(s, x[j].lc - best.lc, label: "\(label())[\(j)]: select max")
            let di = cs.mul(
                s, LinearCombination(constant: Fr(UInt64(j))) - index, label: "\(label())[\(j)]: select index")
            best = BoundedCombination(
                lc: best.lc + LinearCombination(dm), lower: max(best.lower, x[j].lower),
                upper: max(best.upper, x[j].upper))
            index = index + LinearCombination(di)
        }
        return BoundedCombination(lc: index, lower: 0, upper: Int64(x.count - 1))
    }
}
