import BN254
import R1CS

/// Standalone Sqrt and Div by a tensor (`FixedPointOp.sqrt`, `.divide`; semantics in `RootAndQuotient`).
extension CircuitLowering {
    /// y = ⌊√(X'·)⌋ with X' = max(x, 0)·2^k: max with 0 (n + 2, skipped when the bound is ≥ 0), y ∈ [0, 2^ny)
    /// (ny + 1), y² (1), X' − y² ≥ 0 and y² + 2y − X' ≥ 0 (two range checks of nx = bits(X'max + 1) bits: 2(nx + 1)).
    /// The last two say y² ≤ X' < (y + 1)², so y is the integer square root; all values are far below r/2.
    /// **≈ ny + 2·nx + 4 constraints per element** (+ n + 2 when the input may be negative).
    static func lowerSquareRoot(
        _ cs: ConstraintSystem, _ x: BoundedCombination, shift k: Int, _ bound: (Int64, Int64),
        label: @autoclosure () -> String
    ) -> BoundedCombination {
        var c = x
        if c.lower < 0 { c = cs.maximum(c, cs.boundedConstant(0), label: "\(label()): max(x, 0)") }
        let scaled = c.lc * fieldPowerOfTwo(k)
        let xMax = max(c.upper, 0) << Int64(k)
        let yv = RootAndQuotient.integerSquareRoot(CompiledModel.signedInteger(cs.value(of: scaled)) ?? 0)
        let y = cs.allocateWitness(Fr(yv))
        cs.rangeCheck(y, bitCount: IntegerMath.bitsFor(bound.1 + 1), label: "\(label()): root range")
        let square = cs.mul(y, y, label: "\(label()): root²")
        let nx = IntegerMath.bitsFor(xMax + 1) + 1
        cs.rangeCheck(scaled - LinearCombination(square), bitCount: nx, label: "\(label()): root² ≤ x")
        cs.rangeCheck(
            LinearCombination(square) + LinearCombination(y) * Fr(2) - scaled, bitCount: nx,
            label: "\(label()): (root + 1)² > x")
        return BoundedCombination(lc: LinearCombination(y), lower: bound.0, upper: bound.1)
    }

    /// Per element: d = max(b, 1) (free when b ≥ 1 by its bound, else n + 2), the quotient q as a witness,
    /// P = q·d (1), ρ = 2·a·2^k + d − 2P with 0 ≤ ρ and 0 ≤ 2d − 1 − ρ (two range checks of bits(2·d_max) bits) and
    /// q + Q ∈ [0, 2^bq) for the static bound [−Q, ·] of q (bq + 1). With every value far below r/2 the field
    /// equations are the integer ones, so q = ⌊(2a·2^k + d)/(2d)⌋ is proved, not trusted.
    /// **≈ 2·bits(2·d_max) + bq + 5 constraints per element.**
    static func lowerDivision(
        _ cs: ConstraintSystem, _ g: ProductGeometry, shift k: Int, _ a: [BoundedCombination],
        _ b: [BoundedCombination], _ bounds: TensorBounds, _ alive: [Bool], label: String
    ) -> [BoundedCombination] {
        var out: [BoundedCombination] = []
        out.reserveCapacity(g.outputCount)
        for o in 0..<g.outputCount {
            let name = "\(label)[\(o)]"
            guard alive[o] else {
                out.append(cs.boundedConstant(0))
                continue
            }
            let x = a[g.leftOffsets[o]]
            var d = b[g.rightOffsets[o]]
            if d.lower < 1 { d = cs.maximum(d, cs.boundedConstant(1), label: "\(name): max(divisor, 1)") }
            let av = CompiledModel.signedInteger(cs.value(of: x.lc)) ?? 0
            let dv = CompiledModel.signedInteger(cs.value(of: d.lc)) ?? 1
            let qv = (try? RootAndQuotient.quotient(av, dv, shift: k, layer: label)) ?? 0
            let q = cs.allocateWitness(Fr(qv))
            let p = cs.mul(q, d.lc, label: "\(name): quotient·divisor")
            let rho = x.lc * fieldPowerOfTwo(k + 1) + d.lc - LinearCombination(p) * Fr(2)
            let nb = IntegerMath.bitsFor(2 * d.upper + 1)
            cs.rangeCheck(rho, bitCount: nb, label: "\(name): remainder ≥ 0")
            cs.rangeCheck(d.lc * Fr(2) - LinearCombination.one - rho, bitCount: nb, label: "\(name): remainder < 2d")
            let (lo, hi) = (bounds.lower[o], bounds.upper[o])
            cs.rangeCheck(
                LinearCombination(q) - LinearCombination(constant: Fr(lo)), bitCount: IntegerMath.bitsFor(hi - lo + 1),
                label: "\(name): quotient range")
            out.append(BoundedCombination(lc: LinearCombination(q), lower: lo, upper: hi))
        }
        return out
    }
}
