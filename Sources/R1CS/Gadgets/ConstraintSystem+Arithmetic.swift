import BN254

// Arithmetic gadgets (gnark `frontend.API` verbs). Each doc states its constraint count; linear
// operations (add, sub, scale) are `LinearCombination` operators and cost no constraint.

extension ConstraintSystem {
    /// Returns a fresh variable c with c = a·b. **1 constraint** (a·b = c).
    public func mul(
        _ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible,
        label: @autoclosure () -> String = "mul"
    ) -> Variable {
        let la = a.linearCombination
        let lb = b.linearCombination
        let c = allocateWitness(value(of: la) * value(of: lb))
        enforce(la, lb, LinearCombination(c), label())
        return c
    }

    /// Enforces a = b. **1 constraint** ((a − b)·1 = 0).
    public func assertEqual(
        _ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible,
        label: @autoclosure () -> String = "assertEqual"
    ) {
        enforce(a.linearCombination - b.linearCombination, LinearCombination.one, LinearCombination.zero, label())
    }

    /// Enforces b ∈ {0, 1}. **1 constraint** (b·(1 − b) = 0). When b is a single variable it is
    /// remembered as boolean (so `select` does not check it again).
    public func assertBoolean(
        _ b: some LinearCombinationConvertible,
        label: @autoclosure () -> String = "assertBoolean"
    ) {
        let lb = b.linearCombination
        enforce(lb, LinearCombination.one - lb, LinearCombination.zero, label())
        if let v = lb.singleVariable { markBoolean(v) }
    }

    /// Returns a boolean variable equal to 1 iff x = 0. **2 constraints**: x·inv = 1 − out and x·out = 0
    /// (inv = x⁻¹, or 0 when x = 0). Sound: x ≠ 0 forces out = 0 (second) and then x·inv = 1;
    /// x = 0 forces out = 1 (first). The output is known boolean.
    public func isZero(
        _ x: some LinearCombinationConvertible,
        label: @autoclosure () -> String = "isZero"
    ) -> Variable {
        let lx = x.linearCombination
        let vx = value(of: lx)
        let inv = allocateWitness(vx.inverse ?? .zero)
        let out = allocateWitness(vx.isZero ? .one : .zero)
        enforce(lx, LinearCombination(inv), LinearCombination.one - out, "\(label()): x·inv = 1 − out")
        enforce(lx, LinearCombination(out), LinearCombination.zero, "\(label()): x·out = 0")
        markBoolean(out)
        return out
    }

    /// Returns cond ? a : b as a fresh variable r. **1 constraint** (cond·(a − b) = r − b), plus
    /// **1** (`assertBoolean(cond)`) when cond is not already known to be boolean (outputs of
    /// `toBinary`, `isZero`, `isNonNegative`, `isNegative`, `assertBoolean` are known).
    public func select(
        _ cond: Variable, _ a: some LinearCombinationConvertible,
        _ b: some LinearCombinationConvertible,
        label: @autoclosure () -> String = "select"
    ) -> Variable {
        if !isKnownBoolean(cond) { assertBoolean(cond, label: "\(label()): condition boolean") }
        let la = a.linearCombination
        let lb = b.linearCombination
        let vb = value(of: lb)
        let r = allocateWitness(vb + value(of: cond) * (value(of: la) - vb))
        enforce(LinearCombination(cond), la - lb, r - lb, label())
        return r
    }

    /// 1 − b for a boolean b (free: a linear combination).
    public func not(_ b: Variable) -> LinearCombination { LinearCombination.one - b }
}
