import BN254

/// One rank-1 constraint ⟨a, z⟩ · ⟨b, z⟩ = ⟨c, z⟩. Each side is a `LinearCombination` in normal form.
public struct Constraint: Sendable, Equatable {
    /// The left factor ⟨a, z⟩, in normal form.
    public var a: LinearCombination
    /// The right factor ⟨b, z⟩, in normal form.
    public var b: LinearCombination
    /// The product side ⟨c, z⟩, in normal form.
    public var c: LinearCombination

    /// The constraint a · b = c; the combinations are stored as given (they are normal by construction).
    @inlinable
    public init(a: LinearCombination, b: LinearCombination, c: LinearCombination) {
        self.a = a
        self.b = b
        self.c = c
    }
}

/// Why an assignment does not satisfy a `ConstraintMatrices`.
///
/// `index` is the position of the first violated constraint (0-based), or −1 when the witness is
/// malformed (wrong length, z[0] ≠ 1) — `kind` says which. `label` is the constraint's label when the
/// system was built with `recordLabels: true`, nil otherwise.
public struct ConstraintViolation: Sendable, Equatable, CustomStringConvertible {
    /// What is wrong: an unsatisfied constraint or a malformed witness.
    public enum Kind: Sendable, Equatable {
        /// ⟨a,z⟩·⟨b,z⟩ ≠ ⟨c,z⟩ with the three evaluated sides.
        case unsatisfied(a: Fr, b: Fr, c: Fr)
        /// The witness does not have one value per variable.
        case wrongWitnessSize(expected: Int, got: Int)
        /// z[0] must be 1.
        case constantWireNotOne
    }

    /// The 0-based position of the first violated constraint, or −1 for a malformed witness.
    public var index: Int
    /// The constraint's label when labels were recorded (`recordLabels: true`), nil otherwise.
    public var label: String?
    /// Which check failed, with the values a message needs.
    public var kind: Kind

    /// A violation of constraint `index` (−1 for a malformed witness); the fields are stored as given.
    public init(index: Int, label: String?, kind: Kind) {
        self.index = index
        self.label = label
        self.kind = kind
    }

    /// The one-line message shown to users, naming the constraint (and label) or the witness problem.
    public var description: String {
        switch kind {
        case let .unsatisfied(a, b, c):
            let name = label.map { " '\($0)'" } ?? ""
            return "constraint #\(index)\(name) violated: \(a.hexString) · \(b.hexString) ≠ \(c.hexString)"
        case let .wrongWitnessSize(expected, got):
            return "witness has \(got) values, the constraint system expects \(expected)"
        case .constantWireNotOne:
            return "witness value z[0] must be 1"
        }
    }
}

/// An immutable rank-1 constraint system over F_r (BN254 scalar field).
///
/// Variable layout: z = [1, public_1…public_n, private_1…private_m], `variableCount = 1 + n + m`.
/// Invariants: every constraint's linear combinations are in normal form and use only indices
/// < `variableCount`; `labels`, when present, has one entry per constraint. Built by
/// `ConstraintSystem.finalize()` or decoded by `init(serialized:)` (which checks all of this).
public struct ConstraintMatrices: Sendable, Equatable {
    /// n: number of public inputs (z[1…n]).
    public let publicInputCount: Int
    /// m: number of private witness variables.
    public let witnessCount: Int
    /// The constraints, in order.
    public let constraints: [Constraint]
    /// One label per constraint when built with `recordLabels: true`; nil otherwise.
    public let labels: [String]?
    /// Names of the public inputs, in order (metadata; not part of the digest): the labels given, else
    /// "public1" … "publicN", generated when asked for (so a decoded header that claims 2^32 inputs and carries no
    /// labels allocates nothing for them).
    public var publicInputLabels: [String] {
        givenPublicInputLabels ?? (0..<publicInputCount).map { "public\($0 + 1)" }
    }
    private let givenPublicInputLabels: [String]?

    /// 1 + n + m.
    @inlinable
    public var variableCount: Int { 1 + publicInputCount + witnessCount }

    /// Number of constraints.
    @inlinable
    public var constraintCount: Int { constraints.count }

    /// Assembles a system. Preconditions: the invariants above (checked in O(size)).
    public init(
        publicInputCount: Int, witnessCount: Int, constraints: [Constraint],
        labels: [String]? = nil, publicInputLabels: [String]? = nil
    ) {
        precondition(publicInputCount >= 0 && witnessCount >= 0)
        let variableCount = 1 + publicInputCount + witnessCount
        precondition(
            constraints.allSatisfy {
                max($0.a.maxVariableIndex, $0.b.maxVariableIndex, $0.c.maxVariableIndex) < variableCount
            }, "constraint uses an index ≥ variableCount")
        precondition(labels == nil || labels!.count == constraints.count, "one label per constraint")
        precondition(
            publicInputLabels == nil || publicInputLabels!.count == publicInputCount,
            "one label per public input")
        self.publicInputCount = publicInputCount
        self.witnessCount = witnessCount
        self.constraints = constraints
        self.labels = labels
        self.givenPublicInputLabels = publicInputLabels
    }

    /// Equal systems: same counts, constraints, labels and public input names (given or default).
    public static func == (lhs: ConstraintMatrices, rhs: ConstraintMatrices) -> Bool {
        lhs.publicInputCount == rhs.publicInputCount && lhs.witnessCount == rhs.witnessCount
            && lhs.constraints == rhs.constraints && lhs.labels == rhs.labels
            && (lhs.givenPublicInputLabels == rhs.givenPublicInputLabels
                || lhs.publicInputLabels == rhs.publicInputLabels)
    }

    /// Checks every constraint against the witness. Returns nil when all hold, otherwise the first
    /// violation (by index, with its label when recorded). A witness of the wrong length or with
    /// z[0] ≠ 1 is reported as a violation with index −1. O(total number of terms).
    public func isSatisfied(by witness: Witness) -> ConstraintViolation? {
        guard witness.values.count == variableCount else {
            return ConstraintViolation(
                index: -1, label: nil, kind: .wrongWitnessSize(expected: variableCount, got: witness.values.count))
        }
        guard witness.values[0] == .one else {
            return ConstraintViolation(index: -1, label: nil, kind: .constantWireNotOne)
        }
        return Self.firstViolation(constraints: constraints, z: witness.values, labels: labels)
    }

    @usableFromInline
    static func firstViolation(constraints: [Constraint], z: [Fr], labels: [String]?) -> ConstraintViolation? {
        for (i, k) in constraints.enumerated() {
            let a = k.a.evaluate(z)
            let b = k.b.evaluate(z)
            let c = k.c.evaluate(z)
            if a * b != c {
                return ConstraintViolation(index: i, label: labels?[i], kind: .unsatisfied(a: a, b: b, c: c))
            }
        }
        return nil
    }
}
