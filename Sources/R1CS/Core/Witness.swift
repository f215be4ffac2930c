import BN254

/// A full assignment z = [1, public_1…public_n, private_1…private_m] for a `ConstraintMatrices`.
///
/// Invariant (when produced by `ConstraintSystem.finalize()`): `values[0] == 1` and
/// `values.count == 1 + n + m`. `values` is mutable so that tests can perturb it; `R1CS.isSatisfied(by:)`
/// re-checks the shape.
public struct Witness: Sendable, Equatable {
    /// The z vector.
    public var values: [Fr]
    /// n: how many values after z[0] are public.
    public let publicInputCount: Int

    /// Wraps a z vector. Precondition: 0 ≤ publicInputCount < values.count.
    public init(values: [Fr], publicInputCount: Int) {
        precondition(publicInputCount >= 0 && publicInputCount < values.count, "public inputs must fit in z")
        self.values = values
        self.publicInputCount = publicInputCount
    }

    /// z[1…n]: the public inputs, in allocation order.
    public var publicValues: ArraySlice<Fr> { values[1..<(1 + publicInputCount)] }

    /// z[n+1…]: the private witness values.
    public var privateValues: ArraySlice<Fr> { values[(1 + publicInputCount)...] }
}
