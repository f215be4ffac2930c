import BN254

// Bit decomposition and range checks (gnark `ToBinary`, `rangecheck`).

extension ConstraintSystem {
    /// The n = `bitCount` bits of x, least significant first, as known-boolean variables.
    /// **n + 1 constraints**: bᵢ·(1 − bᵢ) = 0 for each bit, and (Σ 2^i·bᵢ)·1 = x.
    ///
    /// Precondition: 0 ≤ n ≤ 253. Since 2^253 < r, the decomposition is unique, so this also proves
    /// 0 ≤ x < 2^n (as an integer). If the value of x is not below 2^n, the witness gets its low n bits
    /// and the recomposition constraint is violated (the system is unsatisfiable; no trap).
    public func toBinary(
        _ x: some LinearCombinationConvertible, bitCount n: Int,
        label: @autoclosure () -> String = "toBinary"
    ) -> [Variable] {
        precondition((0...253).contains(n), "toBinary: bitCount must be in 0...253 (got \(n))")
        let lx = x.linearCombination
        let bits = allocateBits(of: value(of: lx), count: n, label: label())
        let pairs = bits.enumerated().map { ($0.element, FieldIntegers.powersOfTwo[$0.offset]) }
        enforce(LinearCombination(terms: pairs), LinearCombination.one, lx, "\(label()): recomposition")
        return bits
    }

    /// Allocates the low `count` bits of `value` (little-endian) as known-boolean variables.
    /// **count constraints** (bᵢ·(1 − bᵢ) = 0); nothing ties them to any other wire.
    func allocateBits(of value: Fr, count: Int, label: @autoclosure () -> String) -> [Variable] {
        let limbs = FieldIntegers.limbs(value)
        var bits: [Variable] = []
        bits.reserveCapacity(count)
        for i in 0..<count {
            let b = allocateWitness(FieldIntegers.bit(limbs, i) ? .one : .zero)
            enforce(
                LinearCombination(b), LinearCombination.one - b, LinearCombination.zero, "\(label()): bit \(i) boolean")
            markBoolean(b)
            bits.append(b)
        }
        return bits
    }

    /// Σ 2^i·bᵢ: the linear combination recomposing little-endian bits (free).
    public func fromBinary(_ bits: [Variable]) -> LinearCombination {
        precondition(bits.count <= 253, "fromBinary: more than 253 bits would wrap mod r")
        return LinearCombination(terms: bits.enumerated().map { ($0.element, FieldIntegers.powersOfTwo[$0.offset]) })
    }

    /// Enforces 0 ≤ x < 2^n (x read as an integer in [0, r)). **n + 1 constraints** (`toBinary`).
    /// Precondition: 0 ≤ n < 253.
    public func rangeCheck(
        _ x: some LinearCombinationConvertible, bitCount n: Int,
        label: @autoclosure () -> String = "rangeCheck"
    ) {
        precondition((0..<253).contains(n), "rangeCheck: bitCount must be in 0..<253 (got \(n))")
        _ = toBinary(x, bitCount: n, label: label())
    }
}
