import BN254
import R1CS

/// Standalone ReLU and LeakyReLU (ReLU after a linear layer is fused into the rescale, `FixedPointGadgets`).
extension CircuitLowering {
    /// ReLU of one element: free when the bound decides the sign; else **n + 2 constraints** (sign, product).
    static func lowerReLU(
        _ cs: ConstraintSystem, _ x: BoundedCombination,
        label: @autoclosure () -> String
    ) -> BoundedCombination {
        if x.lower >= 0 { return x }
        if x.upper <= 0 { return cs.boundedConstant(0) }
        let s = cs.sign(x, label: "\(label()): sign")
        return BoundedCombination(
            lc: LinearCombination(cs.mul(s, x.lc, label: "\(label()): relu")), lower: 0, upper: x.upper)
    }

    /// LeakyReLU: s = [x ≥ 0], p = x·(α + s·(2^k − α)), y = rescale(p, k).
    /// **(n + 1) + 1 + (k + B + 2) constraints.**
    static func lowerLeakyReLU(
        _ cs: ConstraintSystem, _ x: BoundedCombination, alpha: Int64, shift k: Int,
        label: @autoclosure () -> String
    ) -> BoundedCombination {
        let s = cs.sign(x, label: "\(label()): sign")
        let one = Int64(1) << Int64(k)
        let factor = LinearCombination(constant: Fr(alpha)) + LinearCombination(s, coefficient: Fr(one - alpha))
        let p = cs.mul(x.lc, factor, label: "\(label()): scale")
        let candidates = [x.lower * one, x.upper * one, x.lower * alpha, x.upper * alpha, 0]
        let pw = BoundedCombination(lc: LinearCombination(p), lower: candidates.min()!, upper: candidates.max()!)
        return cs.rescale(pw, shift: k, relu: false, label: label())
    }
}
