import BN254

// Signed comparisons, max and ReLU. Signed interpretation: a field element v > (r−1)/2 represents the
// integer v − r. Every gadget here takes a bound n (`bitCount`) and a PROMISE that its input lies in the
// open interval (−2^(n−1), 2^(n−1)); the compiler guarantees it by interval analysis. Under the promise
// the outputs are sound; an input outside it makes the range check unsatisfiable (never a wrong answer
// accepted with a valid witness — but the circuit may then reject honest inputs, so size n from bounds).

extension ConstraintSystem {
    /// Returns a known-boolean variable s = [x ≥ 0]. Promise: x ∈ (−2^(n−1), 2^(n−1)), 1 ≤ n ≤ 252.
    /// **n + 1 constraints**: y = x + 2^(n−1) ∈ (0, 2^n) is decomposed into n bits (`toBinary`), and the
    /// top bit is s (y ≥ 2^(n−1) ⇔ x ≥ 0).
    public func isNonNegative(
        _ x: some LinearCombinationConvertible, bitCount n: Int,
        label: @autoclosure () -> String = "isNonNegative"
    ) -> Variable {
        precondition((1...252).contains(n), "isNonNegative: bitCount must be in 1...252 (got \(n))")
        let y = x.linearCombination + FieldIntegers.powersOfTwo[n - 1]
        return toBinary(y, bitCount: n, label: label())[n - 1]
    }

    /// Returns a known-boolean variable s = [x < 0]. Promise: x ∈ (−2^(n−1), 2^(n−1)), 1 ≤ n ≤ 252.
    /// **n + 1 constraints**: z = 2^(n−1) − 1 − x ∈ [0, 2^n − 2] is decomposed into n bits; its top bit
    /// is s (z ≥ 2^(n−1) ⇔ x ≤ −1).
    public func isNegative(
        _ x: some LinearCombinationConvertible, bitCount n: Int,
        label: @autoclosure () -> String = "isNegative"
    ) -> Variable {
        precondition((1...252).contains(n), "isNegative: bitCount must be in 1...252 (got \(n))")
        let z = LinearCombination(constant: FieldIntegers.powersOfTwo[n - 1] - .one) - x.linearCombination
        return toBinary(z, bitCount: n, label: label())[n - 1]
    }

    /// [a < b] (signed). Promise: a − b ∈ (−2^(n−1), 2^(n−1)). **n + 1 constraints** (`isNegative(a − b)`).
    public func isLessThan(
        _ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible,
        bitCount n: Int, label: @autoclosure () -> String = "isLessThan"
    ) -> Variable {
        isNegative(a.linearCombination - b.linearCombination, bitCount: n, label: label())
    }

    /// [a ≥ b] (signed). Promise: a − b ∈ (−2^(n−1), 2^(n−1)). **n + 1 constraints**.
    public func isGreaterOrEqual(
        _ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible,
        bitCount n: Int, label: @autoclosure () -> String = "isGreaterOrEqual"
    ) -> Variable {
        isNonNegative(a.linearCombination - b.linearCombination, bitCount: n, label: label())
    }

    /// max(a, b) (signed) as a fresh variable. Promise: a − b ∈ (−2^(n−1), 2^(n−1)).
    /// **n + 2 constraints**: s = isNonNegative(a − b) (n + 1), r = select(s, a, b) (1).
    public func max(
        _ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible,
        bitCount n: Int, label: @autoclosure () -> String = "max"
    ) -> Variable {
        let la = a.linearCombination
        let lb = b.linearCombination
        let s = isNonNegative(la - lb, bitCount: n, label: "\(label()): sign")
        return select(s, la, lb, label: "\(label()): select")
    }

    /// min(a, b) (signed) as a fresh variable. Promise and cost as `max`: **n + 2 constraints**.
    public func min(
        _ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible,
        bitCount n: Int, label: @autoclosure () -> String = "min"
    ) -> Variable {
        let la = a.linearCombination
        let lb = b.linearCombination
        let s = isNonNegative(la - lb, bitCount: n, label: "\(label()): sign")
        return select(s, lb, la, label: "\(label()): select")
    }

    /// ReLU: max(x, 0) as a fresh variable. Promise: x ∈ (−2^(n−1), 2^(n−1)).
    /// **n + 2 constraints**: s = isNonNegative(x) (n + 1), r = s·x (1).
    public func relu(
        _ x: some LinearCombinationConvertible, bitCount n: Int,
        label: @autoclosure () -> String = "relu"
    ) -> Variable {
        let lx = x.linearCombination
        let s = isNonNegative(lx, bitCount: n, label: "\(label()): sign")
        return mul(s, lx, label: "\(label()): s·x")
    }
}
