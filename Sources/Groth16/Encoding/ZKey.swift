import BN254

/// A snarkjs Groth16 proving key (`.zkey`, iden3 binfile "zkey" v1, protocol 1; snarkjs `zkey_utils.js`), in
/// memory. Sections: 1 protocol, 2 header (q, r, nVars, nPublic, domainSize, [α]₁, [β]₁, [β]₂, [γ]₂, [δ]₁, [δ]₂),
/// 3 IC, 4 the A and B matrix coefficients, 5 A, 6 B₁, 7 B₂, 8 C (our L query), 9 H, 10 the phase-2 transcript.
///
/// snarkjs's QAP convention (`zkey_new.js`, `groth16_prove.js`), for a domain of N = `domainSize` points:
/// row j < n is constraint j, rows n…n+ℓ hold the public-input rows (A-entry 1 for signal s at row n + s) — the
/// same rows as zkinfer's own keys, so A, B₁, B₂, IC and C mean what `ProvingKey`'s aQuery, bG1Query, bG2Query,
/// gammaABCG1 and lQuery mean. The H query differs: point i is [L_{2i+1}(τ)/δ]₁ for the Lagrange basis of the
/// 2N-th roots of unity, i.e. it is evaluated at the odd 2N-th roots ω_{2N}^{2i+1}, where a·b − c = h·t is
/// non-zero (`Groth16Prover.prove(zkey:witness:)` evaluates there; zkinfer's own keys hold [τ^i·t(τ)/δ]₁).
/// The C matrix is not stored: on a satisfying witness C·z = (A·z)∘(B·z) row by row, which is what snarkjs uses.
///
/// Invariants when decoded by `init(bytes:file:)`: BN254 (q and r checked), every point on its curve, the G2
/// points of the verifying key and of the transcript in the subgroup, array lengths consistent with the header,
/// coefficients `< r` with matrix ∈ {0, 1}, row < N, signal < nVars. γ = 1 in snarkjs keys ([γ]₂ = generator).
public struct ZKey: Sendable, Hashable {
    /// One non-zero entry of the A (matrix 0) or B (matrix 1) matrix: `value` at (row `constraint`, `signal`).
    public struct Coefficient: Sendable, Hashable {
        /// 0 for the A matrix, 1 for B (decoding refuses anything else).
        public var matrix: UInt32
        /// The row: a constraint index, or n + s for the public-input row of signal s (< `domainSize`).
        public var constraint: UInt32
        /// The column: the witness index of the signal (< `variableCount`).
        public var signal: UInt32
        /// The matrix entry (< r), in Montgomery form in memory (the file stores value·R², `zkey_new.js`).
        public var value: Fr

        /// An entry stored as given; decoding checks the ranges in the type's invariant.
        public init(matrix: UInt32, constraint: UInt32, signal: UInt32, value: Fr) {
            self.matrix = matrix
            self.constraint = constraint
            self.signal = signal
            self.value = value
        }
    }

    /// m = 1 + public + private (the witness length).
    public var variableCount: Int
    /// ℓ: public signals (outputs and public inputs), the constant wire not counted.
    public var publicCount: Int
    /// N, a power of two.
    public var domainSize: Int
    /// [α]₁.
    public var alphaG1: G1Affine
    /// [β]₁ (used by the prover for C).
    public var betaG1: G1Affine
    /// [β]₂.
    public var betaG2: G2Affine
    /// [γ]₂: the G2 generator in snarkjs keys (γ = 1).
    public var gammaG2: G2Affine
    /// [δ]₁ (used by the prover to blind C).
    public var deltaG1: G1Affine
    /// [δ]₂; phase-2 contributions change it together with [δ]₁, L and H.
    public var deltaG2: G2Affine
    /// γ_abc, ℓ + 1 points.
    public var ic: [G1Affine]
    /// Section 4: the non-zero entries of A and B, which the prover needs to evaluate A·z and B·z.
    public var coefficients: [Coefficient]
    /// Section 5: [u_i(τ)]₁ for every variable i < m (points at infinity for variables absent from A).
    public var aQuery: [G1Affine]
    /// Section 6: [v_i(τ)]₁ for every variable i < m.
    public var bG1Query: [G1Affine]
    /// Section 7: [v_i(τ)]₂ for every variable i < m.
    public var bG2Query: [G2Affine]
    /// One point per private variable (m − ℓ − 1).
    public var cQuery: [G1Affine]
    /// N points, odd-coset Lagrange basis over δ (see the type's doc).
    public var hQuery: [G1Affine]
    /// Section 10; nil for keys written without it (snarkjs `writeZKey` from JSON writes 9 sections).
    public var transcript: Phase2Transcript?

    /// A key with the given parts, stored unchecked (see the type's invariants for what decoding checks).
    public init(
        variableCount: Int, publicCount: Int, domainSize: Int, alphaG1: G1Affine, betaG1: G1Affine,
        betaG2: G2Affine, gammaG2: G2Affine, deltaG1: G1Affine, deltaG2: G2Affine, ic: [G1Affine],
        coefficients: [Coefficient], aQuery: [G1Affine], bG1Query: [G1Affine], bG2Query: [G2Affine],
        cQuery: [G1Affine], hQuery: [G1Affine], transcript: Phase2Transcript?
    ) {
        self.variableCount = variableCount
        self.publicCount = publicCount
        self.domainSize = domainSize
        self.alphaG1 = alphaG1
        self.betaG1 = betaG1
        self.betaG2 = betaG2
        self.gammaG2 = gammaG2
        self.deltaG1 = deltaG1
        self.deltaG2 = deltaG2
        self.ic = ic
        self.coefficients = coefficients
        self.aQuery = aQuery
        self.bG1Query = bG1Query
        self.bG2Query = bG2Query
        self.cQuery = cQuery
        self.hQuery = hQuery
        self.transcript = transcript
    }

    /// The verifying key (what `snarkjs zkey export verificationkey` writes).
    public var verifyingKey: VerifyingKey {
        VerifyingKey(alphaG1: alphaG1, betaG2: betaG2, gammaG2: gammaG2, deltaG2: deltaG2, gammaABCG1: ic)
    }

    /// The number of constraints n, read off the public-input rows: row n + s holds signal s (s ≤ ℓ), so the
    /// last A-row of the constant signal 0 is row n. Nil when the coefficient section has no A entry for it.
    public var constraintCount: Int? {
        coefficients.lazy.filter { $0.matrix == 0 && $0.signal == 0 }.map { Int($0.constraint) }.max()
    }
}
