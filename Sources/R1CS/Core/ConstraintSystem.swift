import BN254

/// Builder for a rank-1 constraint system *and* its satisfying assignment, built together: every
/// variable is allocated with its value, and gadgets compute the values of the wires they add.
///
/// Invariants: the assignment z = [1, public…, private…] always has one value per allocated variable;
/// public inputs are allocated before any private witness (precondition); every constraint refers only
/// to allocated variables. Constraint labels are evaluated and stored
/// only when `recordLabels` is true, so labelling costs nothing in production builds.
///
/// Not thread-safe (a plain mutable builder); `finalize()` returns immutable, `Sendable` values.
public final class ConstraintSystem {
    /// Whether constraint labels are evaluated and kept.
    public let recordLabels: Bool

    /// The assignment z; `values[0] == 1`.
    @usableFromInline var values: [Fr] = [.one]
    @usableFromInline var constraints: [Constraint] = []
    @usableFromInline var labels: [String] = []
    /// Names of the public inputs, in allocation order (always kept: there are few).
    @usableFromInline var publicLabels: [String] = []
    /// knownBoolean[i]: variable i is already constrained to {0, 1} (lets `select` skip a check).
    @usableFromInline var knownBoolean: [Bool] = [true]

    /// Number of public inputs allocated so far.
    public private(set) var publicInputCount = 0

    /// An empty system holding only the constant wire.
    public init(recordLabels: Bool = true) {
        self.recordLabels = recordLabels
    }

    /// Number of constraints so far.
    public var constraintCount: Int { constraints.count }
    /// Number of private witness variables so far.
    public var witnessCount: Int { values.count - 1 - publicInputCount }
    /// 1 + public + private.
    public var variableCount: Int { values.count }

    // MARK: - allocation

    /// Allocates the next public input with its value. Precondition: no private witness has been
    /// allocated yet (public inputs occupy z[1…n]).
    @discardableResult
    public func allocatePublicInput(_ value: Fr, label: String) -> Variable {
        precondition(
            values.count == 1 + publicInputCount,
            "public input '\(label)' allocated after a private witness; allocate public inputs first")
        values.append(value)
        knownBoolean.append(false)
        publicInputCount += 1
        publicLabels.append(label)
        return Variable(index: values.count - 1)
    }

    /// Allocates a private witness variable with its value. Witness variables carry no label: a failing
    /// constraint is reported by the constraint's label.
    @inlinable
    public func allocateWitness(_ value: Fr) -> Variable {
        values.append(value)
        knownBoolean.append(false)
        return Variable(index: values.count - 1)
    }

    // MARK: - values

    /// The value currently assigned to `v`.
    @inlinable
    public func value(of v: Variable) -> Fr { values[v.index] }

    /// The value of a linear combination under the current assignment.
    @inlinable
    public func value(of lc: LinearCombination) -> Fr { lc.evaluate(values) }

    /// True when `v` is already constrained to {0, 1} by a gadget of this system (or is `Variable.one`).
    public func isKnownBoolean(_ v: Variable) -> Bool { knownBoolean[v.index] }

    /// Records that `v` is constrained to be boolean elsewhere (gadgets call this after enforcing it).
    @usableFromInline
    func markBoolean(_ v: Variable) { knownBoolean[v.index] = true }

    // MARK: - constraints

    /// Adds the constraint a·b = c. The label closure runs only when `recordLabels` is true.
    /// Precondition: every variable in a, b, c has been allocated by this system.
    @inlinable
    public func enforce(
        _ a: LinearCombination, _ b: LinearCombination, _ c: LinearCombination,
        _ label: @autoclosure () -> String = ""
    ) {
        precondition(
            Swift.max(a.maxVariableIndex, b.maxVariableIndex, c.maxVariableIndex) < values.count,
            "constraint uses a variable that this system did not allocate")
        constraints.append(Constraint(a: a, b: b, c: c))
        if recordLabels { labels.append(label()) }
    }

    /// The first constraint the current assignment violates, or nil (checks the builder directly;
    /// same answer as `finalize()` then `isSatisfied(by:)`).
    public func firstViolation() -> ConstraintViolation? {
        ConstraintMatrices.firstViolation(constraints: constraints, z: values, labels: recordLabels ? labels : nil)
    }

    // MARK: - finalize

    /// Snapshots the constraint system and its assignment. The builder stays usable.
    public func finalize() -> (ConstraintMatrices, Witness) {
        let r1cs = ConstraintMatrices(
            publicInputCount: publicInputCount, witnessCount: witnessCount, constraints: constraints,
            labels: recordLabels ? labels : nil, publicInputLabels: publicLabels)
        return (r1cs, Witness(values: values, publicInputCount: publicInputCount))
    }
}
