import BN254
import R1CS

/// Sigmoid and tanh by piecewise-linear tables.
extension CircuitLowering {
    /// Sigmoid/tanh table (see `PiecewiseLinearTable`): clamp (two `maximum`/`minimum`, skipped when the bound is
    /// inside), one-hot segment e_j (N booleans + 1 sum), offset bits (m + 1), one product, one rescale by m.
    /// **≈ 2(n + 2) + N + m + 3 + (m + B + 2) constraints.** For N ≥ 16 split as N = H·L (L a power of two near
    /// √N), the segment is selected by two one-hot vectors u (H) and w (L), j = h·L + l, and values[j] and the slope
    /// are Σ_h u_h·(Σ_l values[hL + l]·w_l): H + L + 2 + 2·H products instead of N + 1 (N = 128: 42 instead of 129).
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
        let (index, a, d) = selectSegment(cs, table, segment: j, label: label())
        let offset = c.lc - LinearCombination(constant: Fr(table.lowerBound)) - index
        cs.rangeCheck(offset, bitCount: m, label: "\(label()): segment offset")
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

    /// One-hot selection of segment j (proved): returns j·2^m, values[j] and values[j + 1] − values[j] as linear
    /// combinations (see `lowerPiecewiseLinear` for the two-level form and its cost).
    private static func selectSegment(
        _ cs: ConstraintSystem, _ table: PiecewiseLinearTable, segment j: Int, label: @autoclosure () -> String
    ) -> (index: LinearCombination, value: LinearCombination, slope: LinearCombination) {
        let n = table.segmentCount
        let m = UInt64(table.segmentBits)
        func oneHot(_ count: Int, _ hot: Int, _ name: String) -> [Variable] {
            let e = (0..<count).map { i in
                let v = cs.allocateWitness(i == hot ? .one : .zero)
                cs.assertBoolean(v, label: "\(label()): \(name) \(i) boolean")
                return v
            }
            cs.assertEqual(
                LinearCombination(terms: e.map { ($0, Fr.one) }), LinearCombination.one,
                label: "\(label()): one \(name)")
            return e
        }
        let slope = { (i: Int) in table.values[i + 1] - table.values[i] }
        var l = 1
        while l * l < n { l <<= 1 }
        guard n >= 16, n % l == 0 else {
            let e = oneHot(n, j, "segment")
            return (
                LinearCombination(terms: e.enumerated().map { ($0.element, Fr(UInt64($0.offset) << m)) }),
                LinearCombination(terms: e.enumerated().map { ($0.element, Fr(table.values[$0.offset])) }),
                LinearCombination(terms: e.enumerated().map { ($0.element, Fr(slope($0.offset))) })
            )
        }
        let h = n / l
        let u = oneHot(h, j / l, "segment block")
        let w = oneHot(l, j % l, "segment in block")
        let index =
            LinearCombination(terms: u.enumerated().map { ($0.element, Fr(UInt64($0.offset * l) << m)) })
            + LinearCombination(terms: w.enumerated().map { ($0.element, Fr(UInt64($0.offset) << m)) })
        var value: [Variable] = []
        var rise: [Variable] = []
        for (b, ub) in u.enumerated() {
            let row = LinearCombination(terms: w.enumerated().map { ($0.element, Fr(table.values[b * l + $0.offset])) })
            let dRow = LinearCombination(terms: w.enumerated().map { ($0.element, Fr(slope(b * l + $0.offset))) })
            value.append(cs.mul(ub, row, label: "\(label()): value of block \(b)"))
            rise.append(cs.mul(ub, dRow, label: "\(label()): slope of block \(b)"))
        }
        return (
            index, LinearCombination(terms: value.map { ($0, Fr.one) }),
            LinearCombination(terms: rise.map { ($0, Fr.one) })
        )
    }
}

extension IntegerMath {
    /// The integer t = clamp(q) − lowerBound ∈ [0, N·2^m) from its field value (small, so one limb).
    static func evaluateOffset(c t: Fr, table: PiecewiseLinearTable) -> Int64 {
        Int64(truncatingIfNeeded: t.canonicalLimbs.0)
    }
}
