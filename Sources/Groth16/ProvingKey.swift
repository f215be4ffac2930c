import BN254

/// A Groth16 proving key (eprint 2016/260 §3.2, in arkworks' layout), for a circuit with n constraints,
/// ℓ public inputs and m variables in total (z = [1, public…, private…]), over a domain of size N ≥ n + ℓ + 1:
///
/// - `aQuery[i]` = [u_i(τ)]₁, `bG1Query[i]` = [v_i(τ)]₁, `bG2Query[i]` = [v_i(τ)]₂ for every variable i < m;
/// - `hQuery[i]` = [τ^i·t(τ)/δ]₁ for i < N − 1, t(X) = X^N − 1 the vanishing polynomial of the domain, so the
///   prover commits to the coefficients of h = (a·b − c)/t (arkworks' choice; snarkjs instead stores
///   Lagrange-basis points for the odd 2N-th roots, which serves the same quotient);
/// - `lQuery[j]` = [(β·u_i(τ) + α·v_i(τ) + w_i(τ))/δ]₁ for each private variable i = ℓ + 1 + j;
/// - [β]₁, [δ]₁ and the verifying key (which holds [α]₁, [β]₂, [γ]₂, [δ]₂, γ_abc).
///
/// The QAP adds one row per public input (and the constant wire) with A-entry z_i, as arkworks and snarkjs do,
/// so the u_i of public inputs are linearly independent (this is what makes the public inputs binding).
///
/// Invariant when produced by `Groth16Setup` or a checked decoder: all points on their curves and (G2) in the
/// subgroup; array lengths match the counts. Points may be the point at infinity (a variable absent from A).
public struct ProvingKey: Sendable, Hashable {
    /// The verifying key of the same setup ([α]₁, [β]₂, [γ]₂, [δ]₂, γ_abc).
    public var verifyingKey: VerifyingKey
    /// [β]₁, added to the G1 copy of B when the prover forms C.
    public var betaG1: G1Affine
    /// [δ]₁, the blinding base of A (r·δ) and C.
    public var deltaG1: G1Affine
    /// [u_i(τ)]₁ for every variable i < m.
    public var aQuery: [G1Affine]
    /// [v_i(τ)]₁ for every variable i < m.
    public var bG1Query: [G1Affine]
    /// [v_i(τ)]₂ for every variable i < m.
    public var bG2Query: [G2Affine]
    /// [τ^i·t(τ)/δ]₁ for i < N − 1, the basis the coefficients of h are committed in.
    public var hQuery: [G1Affine]
    /// [(β·u_i(τ) + α·v_i(τ) + w_i(τ))/δ]₁ for each private variable i = ℓ + 1 + j.
    public var lQuery: [G1Affine]
    /// The number of constraints of the circuit the key was made for (without the added public-input rows).
    public var constraintCount: Int

    /// Wraps the parts without validation (see the type's invariant).
    public init(
        verifyingKey: VerifyingKey, betaG1: G1Affine, deltaG1: G1Affine, aQuery: [G1Affine], bG1Query: [G1Affine],
        bG2Query: [G2Affine], hQuery: [G1Affine], lQuery: [G1Affine], constraintCount: Int
    ) {
        self.verifyingKey = verifyingKey
        self.betaG1 = betaG1
        self.deltaG1 = deltaG1
        self.aQuery = aQuery
        self.bG1Query = bG1Query
        self.bG2Query = bG2Query
        self.hQuery = hQuery
        self.lQuery = lQuery
        self.constraintCount = constraintCount
    }

    /// The number of public inputs (the constant wire not counted).
    public var publicInputCount: Int { verifyingKey.publicInputCount }
    /// The number of variables m = 1 + public + private.
    public var variableCount: Int { aQuery.count }
    /// The size N of the evaluation domain (a power of two).
    public var domainSize: Int { hQuery.count + 1 }

    /// The domain size a circuit needs: the next power of two ≥ max(2, constraints + public inputs + 1).
    public static func domainSize(constraintCount: Int, publicInputCount: Int) -> Int {
        var size = 2
        while size < constraintCount + publicInputCount + 1 { size <<= 1 }
        return size
    }
}
