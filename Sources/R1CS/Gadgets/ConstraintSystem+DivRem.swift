import BN254

extension ConstraintSystem {
    /// Signed floor division by 2^k (fixed-point rescale): returns q and r with
    ///     x = q·2^k + r,  0 ≤ r < 2^k,  q = ⌊x / 2^k⌋,
    /// i.e. an arithmetic shift right: the rounding rule is **floor (toward −∞)**, e.g. ⌊−5 / 2⌋ = −3 with
    /// r = 1. For round-half-up (⌊x/2^k + 1/2⌋, ties toward +∞) pass x + 2^(k−1) (and size n for it).
    ///
    /// Promise: |x| < 2^n (x read signed), 0 ≤ k ≤ n ≤ 251. Then q ∈ [−2^(n−k), 2^(n−k)).
    /// **n + 3 constraints**: k booleans for r (r is their recomposition, a linear combination, free);
    /// q is a variable with q + 2^(n−k) ∈ [0, 2^(n−k+1)) checked by `toBinary` (n − k + 2 constraints);
    /// and (q·2^k + r)·1 = x (1). Soundness: over the integers |q·2^k + r − x| < 2^(n+2) < r, so the field
    /// equation is the integer one and (q, r) is the unique Euclidean pair.
    /// If the promise is broken the system is unsatisfiable (reported by `isSatisfied`), never wrong.
    public func divRem(
        _ x: some LinearCombinationConvertible, byPowerOfTwo k: Int, bitCount n: Int,
        label: @autoclosure () -> String = "divRem"
    )
        -> (quotient: Variable, remainder: LinearCombination)
    {
        precondition(n <= 251 && k >= 0 && k <= n, "divRem: need 0 ≤ k ≤ n ≤ 251 (got k = \(k), n = \(n))")
        let lx = x.linearCombination
        let (qv, rv) = FieldIntegers.floorDivRem(value(of: lx), k)
        let q = allocateWitness(qv)
        _ = toBinary(q + FieldIntegers.powersOfTwo[n - k], bitCount: n - k + 1, label: "\(label()): quotient range")
        let rBits = allocateBits(of: rv, count: k, label: "\(label()): remainder")
        let r = fromBinary(rBits)
        enforce(q * FieldIntegers.powersOfTwo[k] + r, LinearCombination.one, lx, "\(label()): x = q·2^k + r")
        return (q, r)
    }

    /// ⌊x / 2^k⌋ (arithmetic shift right, rounding toward −∞) as a variable. Same promise and cost as
    /// `divRem` (**n + 3 constraints**).
    public func shiftRight(
        _ x: some LinearCombinationConvertible, by k: Int, bitCount n: Int,
        label: @autoclosure () -> String = "shiftRight"
    ) -> Variable {
        divRem(x, byPowerOfTwo: k, bitCount: n, label: label()).quotient
    }
}
