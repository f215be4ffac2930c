/// A wire of a rank-1 constraint system: an index into the flat assignment vector
/// z = [1, public_1 … public_n, private_1 … private_m].
///
/// Invariant: `index ≥ 0`. Index 0 is the constant one (`Variable.one`); indices 1…n are the public
/// inputs (allocated first), the rest are private witness values. A `Variable` is only meaningful for
/// the `ConstraintSystem` that allocated it (or the `R1CS` finalized from it).
public struct Variable: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Position in the z vector.
    public let index: Int

    /// Wraps a z-vector index (no check against any system; `precondition(index ≥ 0)`).
    @inlinable
    public init(index: Int) {
        precondition(index >= 0, "variable index must be non-negative")
        self.index = index
    }

    /// The constant wire z[0] = 1.
    public static let one = Variable(index: 0)

    /// Orders wires by index: the constant one first, then public inputs, then private values.
    @inlinable
    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }

    /// "one" for the constant wire, "v<index>" for any other.
    public var description: String { index == 0 ? "one" : "v\(index)" }
}
