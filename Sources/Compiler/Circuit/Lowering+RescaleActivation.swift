import BN254
import R1CS

/// A rescale's quotient q with the proved bits of u = q + K, K = 2^(B−1) (`ConstraintSystem.rescaleBits`).
///
/// Invariant: `bits` are B known-boolean wires, u = Σ 2^i·bits[i] ∈ [0, 2^B), q = u − K (the combination `q`), and
/// every honest q lies in [lower, upper] ⊂ [−K, K). Comparing q with a constant reuses these bits (`atLeast`).
struct QuotientBits {
    var bits: [Variable]
    var q: LinearCombination
    var lower: Int64
    var upper: Int64
}

extension ConstraintSystem {
    /// [q ≥ c] as a boolean combination: a constant when the static bound decides it; else with C = c + K ∈ (0, 2^B)
    /// (u ≥ C ⇔ q ≥ c) and j = C's trailing zero bits, u ≥ C ⇔ ⌊u / 2^j⌋ ≥ C / 2^j, and ⌊u / 2^j⌋ is the
    /// recomposition of bits j…B−1: the top bit itself when j = B − 1 (free), else the sign of ⌊u / 2^j⌋ − C / 2^j
    /// (**B − j + 2 constraints**, against the n + 1 of a comparison on the whole value).
    func atLeast(_ d: QuotientBits, _ c: Int64, label: @autoclosure () -> String) -> LinearCombination {
        if d.lower >= c { return .one }
        if d.upper < c { return .zero }
        let b = d.bits.count
        let big = c + (Int64(1) << Int64(b - 1))  // in (0, 2^B): lower < c ≤ upper and [lower, upper] ⊂ [−K, K)
        let j = big.trailingZeroBitCount
        if j == b - 1 { return LinearCombination(d.bits[b - 1]) }
        let target = big >> Int64(j)
        let high = fromBinary(Array(d.bits[j...])) - LinearCombination(constant: Fr(target))
        let n = Self.signedBits(-target, (Int64(1) << Int64(b - j)) - 1 - target)
        return LinearCombination(isNonNegative(high, bitCount: n, label: label()))
    }

    /// a·b, free when either is a constant combination, else **1 constraint**.
    func product(_ a: LinearCombination, _ b: LinearCombination, label: @autoclosure () -> String)
        -> LinearCombination
    {
        if let k = a.constantValue { return b * k }
        if let k = b.constantValue { return a * k }
        return LinearCombination(mul(a, b, label: label()))
    }
}

/// A linear layer's rescale fused with the Clip or HardSwish after it (`FixedPointOp.rescaleClip`, `.hardSwish`):
/// the comparisons read the rescale's bits instead of decomposing the quotient again.
extension CircuitLowering {
    /// y = clip(q, lo, hi) = lo + ([q ≥ lo] − [q ≥ hi])·(q − lo) + [q ≥ hi]·(hi − lo) (a missing bound: its
    /// indicator is 1 resp. 0). **k + B + 1 (rescale bits) + (B − j + 2) per bound the static bound does not decide
    /// (0 for a lower bound of 0: the sign bit) + 1 constraints**, e.g. ReLU6 after a conv: k + B + 1 + (B − s + 1)
    /// + 1, where a rescale and two full comparisons cost about k + B + 2 + 2·(B + 3).
    static func lowerRescaleClip(
        _ cs: ConstraintSystem, _ x: BoundedCombination, shift k: Int, lower lo: Int64?, upper hi: Int64?,
        label: @autoclosure () -> String
    ) -> BoundedCombination {
        let d = cs.rescaleBits(x, shift: k, label: label())
        let geLo = lo.map { cs.atLeast(d, $0, label: "\(label()): ≥ low") } ?? .one
        let geHi = hi.map { cs.atLeast(d, $0, label: "\(label()): ≥ high") } ?? .zero
        let base = lo ?? hi ?? 0
        var y = cs.product(geLo - geHi, d.q - LinearCombination(constant: Fr(base)), label: "\(label()): clip")
        y = y + LinearCombination(constant: Fr(base))
        if let hi { y = y + geHi * Fr(hi - base) }
        let f = { (v: Int64) in IntegerMath.rescaleClip(v, shift: k, lower: lo, upper: hi) }
        return BoundedCombination(lc: y, lower: f(x.lower), upper: f(x.upper))
    }

    /// HardSwish at scale 2^s of the rescaled q (`IntegerMath.hardSwish`), with lo = [q ≥ −3·2^s], hi = [q ≥ 3·2^s]
    /// from the rescale bits: g = clip(q + 3, 0, 6) = (lo − hi)·(q + 3·2^s) + hi·6·2^s (1 product); m = (g − 3·2^s)·g
    /// (1), which is q·(q + 3·2^s) in the middle and small at the ends; v = ⌊(m + 3·2^s) / (6·2^s)⌋ with remainder
    /// ρ = ρ₀ + 2^(s+1)·(c₀ + 2c₁), ρ₀ ∈ [0, 2^(s+1)), c₀, c₁ boolean with c₀·c₁ = 0 (so ρ ∈ [0, 6·2^s)) and
    /// v − v_min ∈ [0, 2^Bv); y = hi ? q : v (1). Every value is below 2^60 ≪ r, so the field equations are the
    /// integer ones and v is the unique quotient. **k + B + 1 + 2·(B − s + 2) + 2 + (Bv + 1) + 3 + (s + 2) + 1
    /// constraints** (Bv ≈ s + 2), fewer when the static bound decides a comparison.
    static func lowerHardSwish(
        _ cs: ConstraintSystem, _ x: BoundedCombination, shift k: Int, scale s: Int, label: @autoclosure () -> String
    ) -> BoundedCombination {
        let three = Int64(3) << Int64(s)
        let (qlo, qhi) = (IntegerMath.rescale(x.lower, shift: k), IntegerMath.rescale(x.upper, shift: k))
        let bound = IntegerMath.hardSwishBounds(qlo, qhi, scale: s)
        if qhi <= -three { return cs.boundedConstant(0) }
        if qlo >= three { return cs.rescale(x, shift: k, relu: false, label: label()) }
        let d = cs.rescaleBits(x, shift: k, label: label())
        let lo = cs.atLeast(d, -three, label: "\(label()): ≥ −3")
        let hi = cs.atLeast(d, three, label: "\(label()): ≥ 3")
        let g =
            cs.product(lo - hi, d.q + Fr(three), label: "\(label()): gate") + hi * Fr(2 * three)
        let m = cs.product(g - Fr(three), g, label: "\(label()): (g − 3)·g")
        // The quotient and remainder of m + 3·2^s by 6·2^s (m from the executor's q).
        let qv = CompiledModel.signedInteger(cs.value(of: d.q)) ?? 0
        let gv = min(max(qv + three, 0), 2 * three)
        let numerator = (gv - three) * gv + three
        let vv = IntegerMath.floorDivide(numerator, 2 * three)
        let rho = numerator - vv * 2 * three
        let (vlo, vhi) = IntegerMath.hardSwishMiddleRange(scale: s)
        let v = cs.allocateWitness(Fr(vv))
        cs.rangeCheck(
            LinearCombination(v) - LinearCombination(constant: Fr(vlo)), bitCount: IntegerMath.bitsFor(vhi - vlo + 1),
            label: "\(label()): quotient range")
        let c0 = cs.allocateWitness(Fr(Int64((rho >> Int64(s + 1)) & 1)))
        let c1 = cs.allocateWitness(Fr(Int64(rho >> Int64(s + 2))))
        cs.assertBoolean(c0, label: "\(label()): remainder high bit 0")
        cs.assertBoolean(c1, label: "\(label()): remainder high bit 1")
        cs.enforce(LinearCombination(c0), LinearCombination(c1), .zero, "\(label()): remainder < 6·2^s")
        let low =
            m + Fr(three) - LinearCombination(v) * Fr(2 * three)
            - (LinearCombination(c0) + LinearCombination(c1) * Fr(2)) * fieldPowerOfTwo(s + 1)
        cs.rangeCheck(low, bitCount: s + 1, label: "\(label()): remainder low bits")
        let y: Variable
        if let h = hi.constantValue {
            y = h == .one ? cs.allocateWitness(cs.value(of: d.q)) : v
            if h == .one { cs.assertEqual(d.q, y, label: "\(label()): output") }
        } else {
            guard let hv = hi.singleVariable else { preconditionFailure("atLeast returns a bit or a constant") }
            y = cs.select(hv, d.q, LinearCombination(v), label: "\(label()): output")
        }
        return BoundedCombination(lc: LinearCombination(y), lower: bound.lower, upper: bound.upper)
    }
}
