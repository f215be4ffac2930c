import BN254

/// A Groth16 verifying key (eprint 2016/260 §3.2; field names follow arkworks' `VerifyingKey`):
/// [α]₁, [β]₂, [γ]₂, [δ]₂ and γ_abc = [(β·u_i(τ) + α·v_i(τ) + w_i(τ))/γ]₁ for i = 0 (the constant-one wire)
/// through `publicInputCount`.
///
/// Invariant when produced by `Groth16Setup` or a decoder of this module: all points are on their curves,
/// G2 points are in the order-r subgroup, `gammaABCG1` is non-empty. The memberwise initializer does not check.
public struct VerifyingKey: Sendable, Hashable {
    /// [α]₁.
    public var alphaG1: G1Affine
    /// [β]₂ (in the order-r subgroup).
    public var betaG2: G2Affine
    /// [γ]₂, the base γ_abc is divided by (the G2 generator in snarkjs keys).
    public var gammaG2: G2Affine
    /// [δ]₂, the base the proof's C and the prover's H and L queries are divided by.
    public var deltaG2: G2Affine
    /// One point per public input, preceded by the point of the constant-one wire ("IC" in snarkjs).
    public var gammaABCG1: [G1Affine]

    /// Wraps the points without validation (see the type's invariant).
    public init(alphaG1: G1Affine, betaG2: G2Affine, gammaG2: G2Affine, deltaG2: G2Affine, gammaABCG1: [G1Affine]) {
        self.alphaG1 = alphaG1
        self.betaG2 = betaG2
        self.gammaG2 = gammaG2
        self.deltaG2 = deltaG2
        self.gammaABCG1 = gammaABCG1
    }

    /// The number of public inputs the key verifies (`gammaABCG1.count − 1`; the constant wire is not counted).
    public var publicInputCount: Int { max(gammaABCG1.count - 1, 0) }
}
