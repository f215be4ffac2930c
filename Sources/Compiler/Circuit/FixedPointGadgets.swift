import BN254
import R1CS

/// One element of a tensor in the circuit: an integer-valued linear combination of R1CS wires (`Variable`s) with
/// its static bound [lower, upper] (from `IntervalAnalysis`). Linear layers produce combinations with many terms
/// at no cost; non-linear gadgets return a single fresh variable.
///
/// Invariant: for every input in the compiled input range, the combination's value, read as a signed integer,
/// lies in [lower, upper] (the gadgets' bit decompositions rely on it for soundness).
struct BoundedCombination {
    var lc: LinearCombination
    var lower: Int64
    var upper: Int64
}

/// 2^k as a field element, 0 ≤ k ≤ 253.
func fieldPowerOfTwo(_ k: Int) -> Fr {
    precondition((0...253).contains(k))
    if k < 64 { return Fr(UInt64(1) << UInt64(k)) }
    return Fr(UInt64(1) << 63) * fieldPowerOfTwo(k - 63)
}

/// Fixed-point gadgets on top of the R1CS module's `toBinary`, `isNonNegative` and `mul`. Every gadget states
/// its constraint count. Soundness rests on the bit decompositions: each decomposed quantity is an integer
/// combination of wires whose magnitude (from the static bounds) is far below r/2, so the decomposition proves
/// the integer relation, not just one mod r.
extension ConstraintSystem {
    /// Bits n such that every x in [lower, upper] satisfies −2^(n−1) < x < 2^(n−1) (the promise of
    /// `isNonNegative`).
    static func signedBits(_ lower: Int64, _ upper: Int64) -> Int {
        1 + IntegerMath.bitsFor(Swift.max(-lower, upper, 0) + 1)
    }

    /// toNearestOrUp(x / 2^k), fused with ReLU when `relu`. With q ∈ [qlo, qhi] the rescaled bound,
    /// B = 1 + bits(max(−qlo, qhi + 1)) and K = 2^(B−1), the value t = x + 2^(k−1) + K·2^k lies in [0, 2^(k+B))
    /// and is decomposed into k + B bits: the low k bits are the remainder r ∈ [0, 2^k), the high B bits are
    /// u = q + K, and u's top bit is [q ≥ 0]. So x + 2^(k−1) = q·2^k + r with 0 ≤ r < 2^k, which is exactly
    /// q = ⌊(x + 2^(k−1))/2^k⌋.
    /// Output: relu → y = top·(u − K) (= max(q, 0)); otherwise y = u − K.
    /// **k + B + 2 constraints** (decomposition k + B + 1, one product or one equality).
    func rescale(_ x: BoundedCombination, shift k: Int, relu: Bool, label: @autoclosure () -> String)
        -> BoundedCombination
    {
        if x.lower == x.upper, x.lc.constantValue != nil {  // a constant (Concat with a constant): no decomposition
            let q = IntegerMath.rescale(x.lower, shift: k)
            return boundedConstant(relu ? Swift.max(q, 0) : q)
        }
        let d = rescaleBits(x, shift: k, label: label())
        let b = d.bits.count
        if relu {
            let low = fromBinary(Array(d.bits[..<(b - 1)]))  // u − K when top = 1
            let y = mul(d.bits[b - 1], low, label: "\(label()): relu")
            return BoundedCombination(
                lc: LinearCombination(y), lower: Swift.max(d.lower, 0), upper: Swift.max(d.upper, 0))
        }
        let y = allocateWitness(value(of: d.q))
        assertEqual(d.q, y, label: "\(label()): quotient")
        return BoundedCombination(lc: LinearCombination(y), lower: d.lower, upper: d.upper)
    }

    /// The decomposition of `rescale` without its output wire: the B bits of u = q + K. **k + B + 1 constraints.**
    func rescaleBits(_ x: BoundedCombination, shift k: Int, label: @autoclosure () -> String) -> QuotientBits {
        let qlo = IntegerMath.rescale(x.lower, shift: k)
        let qhi = IntegerMath.rescale(x.upper, shift: k)
        let b = 1 + IntegerMath.bitsFor(Swift.max(-qlo, qhi + 1, 1))
        var t = x.lc + fieldPowerOfTwo(k + b - 1)
        if k > 0 { t = t + fieldPowerOfTwo(k - 1) }
        let bits = toBinary(t, bitCount: k + b, label: "\(label()): rescale bits")
        let q =
            fromBinary(Array(bits[k..<(k + b - 1)])) - LinearCombination(constant: fieldPowerOfTwo(b - 1))
            + LinearCombination(bits[k + b - 1], coefficient: fieldPowerOfTwo(b - 1))
        return QuotientBits(bits: Array(bits[k...]), q: q, lower: qlo, upper: qhi)
    }

    /// [x ≥ 0] as a known-boolean variable. **n + 1 constraints**, n = signedBits(bound).
    func sign(_ x: BoundedCombination, label: @autoclosure () -> String) -> Variable {
        isNonNegative(x.lc, bitCount: Self.signedBits(x.lower, x.upper), label: label())
    }

    /// max(a, b). Free when the bounds decide it; else **n + 2 constraints** (sign of a − b, one product).
    func maximum(_ a: BoundedCombination, _ b: BoundedCombination, label: @autoclosure () -> String)
        -> BoundedCombination
    {
        if a.lower >= b.upper { return a }
        if b.lower >= a.upper { return b }
        let d = BoundedCombination(lc: a.lc - b.lc, lower: a.lower - b.upper, upper: a.upper - b.lower)
        let s = sign(d, label: "\(label()): compare")
        let p = mul(s, d.lc, label: "\(label()): select")
        return BoundedCombination(lc: b.lc + p, lower: Swift.max(a.lower, b.lower), upper: Swift.max(a.upper, b.upper))
    }

    /// min(a, b) = a + b − max(a, b). Same cost as `maximum`.
    func minimum(_ a: BoundedCombination, _ b: BoundedCombination, label: @autoclosure () -> String)
        -> BoundedCombination
    {
        let m = maximum(a, b, label: label())
        return BoundedCombination(
            lc: a.lc + b.lc - m.lc, lower: Swift.min(a.lower, b.lower), upper: Swift.min(a.upper, b.upper))
    }

    /// The constant v (a multiple of the constant wire z[0] = 1).
    func boundedConstant(_ v: Int64) -> BoundedCombination {
        BoundedCombination(lc: LinearCombination(constant: Fr(v)), lower: v, upper: v)
    }
}
