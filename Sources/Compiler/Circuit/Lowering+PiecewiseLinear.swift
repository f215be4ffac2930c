import BN254
import R1CS

/// Sigmoid and tanh by piecewise-linear tables.
extension CircuitLowering {
    /// Sigmoid/tanh table (see `PiecewiseLinearTable`): clamp (two `maximum`/`minimum`, skipped when the bound is
    /// inside), one-hot segment e_j (N booleans + 1 sum), offset bits (m + 1), one product, one rescale by m.
    /// **≈ 2(n + 2) + N + m + 3 + (m + B + 2) constraints.**
    static func lowerPiecewiseLinear(
        _ cs: ConstraintSystem, _ x: BoundedCombination, _ table: PiecewiseLinearTable,
        label: @autoclosure () -> String
    ) -> BoundedCombination {
        var c = x
        if c.lower < table.lowerBound {
            c = cs.maximum(c, cs.boundedConstant(table.lowerBound), label: "\(label()): clamp low")
        }
        if c.upper > table.upperBound {
            c = cs.minimum(c, cs.boundedConstant(table.upperBound), label: "\(label()): clamp high")
        }
        let m = table.segmentBits
        let n = table.segmentCount
        let t = cs.value(of: c.lc) - Fr(table.lowerBound)
        // Segment index from the executor semantics (t is in [0, N·2^m)).
        let tInt = IntegerMath.evaluateOffset(c: t, table: table)
        let j = Int(tInt >> Int64(m))
        var e: [Variable] = []
        for i in 0..<n {
            let v = cs.allocateWitness(i == j ? .one : .zero)
            cs.assertBoolean(v, label: "\(label()): segment \(i) boolean")
            e.append(v)
        }
        cs.assertEqual(
            LinearCombination(terms: e.map { ($0, Fr.one) }), LinearCombination.one, label: "\(label()): one segment")
        let index = LinearCombination(terms: e.enumerated().map { ($0.element, Fr(UInt64($0.offset) << UInt64(m))) })
        let offset = c.lc - LinearCombination(constant: Fr(table.lowerBound)) - index
        cs.rangeCheck(offset, bitCount: m, label: "\(label()): segment offset")
        let a = LinearCombination(terms: e.enumerated().map { ($0.element, Fr(table.values[$0.offset])) })
        let d = LinearCombination(
            terms: e.enumerated().map { ($0.element, Fr(table.values[$0.offset + 1] - table.values[$0.offset])) })
        let p = cs.mul(d, offset, label: "\(label()): interpolate")
        let span = (Int64(1) << Int64(m)) - 1
        var lo = Int64.max
        var hi = Int64.min
        for i in 0..<n {
            let base = table.values[i] << Int64(m)
            let delta = table.values[i + 1] - table.values[i]
            lo = min(lo, base + min(0, delta * span))
            hi = max(hi, base + max(0, delta * span))
        }
        let v = BoundedCombination(lc: a * fieldPowerOfTwo(m) + LinearCombination(p), lower: lo, upper: hi)
        return cs.rescale(v, shift: m, relu: false, label: label())
    }
}

extension IntegerMath {
    /// The integer t = clamp(q) − lowerBound ∈ [0, N·2^m) from its field value (small, so one limb).
    static func evaluateOffset(c t: Fr, table: PiecewiseLinearTable) -> Int64 {
        Int64(truncatingIfNeeded: t.canonicalLimbs.0)
    }
}
