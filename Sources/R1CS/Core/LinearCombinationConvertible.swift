import BN254

/// Anything usable where a linear combination is expected: a `Variable` (as 1·v) or a
/// `LinearCombination`. Gadgets take `some LinearCombinationConvertible` so callers pass either
/// without wrapping (`cs.mul(x, y)` or `cs.mul(x + y, z)`).
public protocol LinearCombinationConvertible {
    /// The value as a linear combination in normal form.
    var linearCombination: LinearCombination { get }
}

extension Variable: LinearCombinationConvertible {
    /// The wire as the combination 1·self.
    @inlinable
    public var linearCombination: LinearCombination { LinearCombination(self) }
}

extension LinearCombination: LinearCombinationConvertible {
    /// The combination itself (already in normal form).
    @inlinable
    public var linearCombination: LinearCombination { self }
}

extension ConstraintSystem {
    /// `enforce(a, b, c)` for any mix of variables and linear combinations: a·b = c.
    @inlinable
    public func enforce(
        _ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible,
        _ c: some LinearCombinationConvertible, _ label: @autoclosure () -> String = ""
    ) {
        enforce(a.linearCombination, b.linearCombination, c.linearCombination, label())
    }

    /// The value of a variable or linear combination under the current assignment.
    @inlinable
    public func value(of x: some LinearCombinationConvertible) -> Fr { value(of: x.linearCombination) }
}
