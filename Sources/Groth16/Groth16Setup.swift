import BN254
import Hashing
import R1CS

/// The Groth16 trusted setup (eprint 2016/260 §3.2): samples the toxic waste τ, α, β, γ, δ and computes the
/// proving and verifying keys for one circuit.
///
/// Algorithm: the Lagrange basis of the evaluation domain is evaluated at τ in O(N) with one batch inversion
/// (L_j(τ) = (τ^N − 1)/N · ω^j/(τ − ω^j)); u_i(τ), v_i(τ), w_i(τ) are accumulated from the sparse constraint
/// matrices (plus one A-row per public input, as arkworks and snarkjs add); every key point is then a
/// fixed-base multiplication of the generator, done in parallel from one windowed table per group and
/// normalised in batches (`FixedBaseTable`).
///
/// Security: `generate(r1cs:)` draws from the system's secure generator and drops the toxic waste when it
/// returns; whoever learns it can forge proofs. The code is variable time; run it on a trusted machine.
public enum Groth16Setup {
    /// Generates keys from the system's secure random source, on `threads` threads (nil = all cores; the keys
    /// do not depend on it).
    /// - Precondition: the circuit fits a domain of at most 2^28 points (constraints + public inputs < 2^28).
    public static func generate(r1cs: ConstraintMatrices, threads: Int? = nil) -> (ProvingKey, VerifyingKey) {
        var rng = SystemRandomNumberGenerator()
        return generate(r1cs: r1cs, using: &rng, threads: threads)
    }

    /// Generates keys from a seeded deterministic generator. FOR TESTS ONLY: anyone who knows the seed knows
    /// the toxic waste and can forge proofs for this circuit.
    public static func generateSeededForTestsOnly(
        r1cs: ConstraintMatrices, seed: UInt64, threads: Int? = nil
    ) -> (ProvingKey, VerifyingKey) {
        var rng = SplitMix64(seed: seed)
        return generate(r1cs: r1cs, using: &rng, threads: threads)
    }

    static func generate<R: RandomNumberGenerator>(
        r1cs: ConstraintMatrices, using rng: inout R, threads: Int?
    ) -> (ProvingKey, VerifyingKey) {
        let size = ProvingKey.domainSize(
            constraintCount: r1cs.constraints.count, publicInputCount: r1cs.publicInputCount)
        guard let domain = EvaluationDomain(size: size) else {
            preconditionFailure("\(Groth16Error.circuitTooLarge(requiredDomainSize: size))")
        }
        func nonZero() -> Fr {
            while true {
                let x = Fr.random(using: &rng)
                if !x.isZero { return x }
            }
        }
        var tau = nonZero()
        // τ must lie outside the domain (τ^N ≠ 1), else t(τ) = 0 and the Lagrange formula divides by zero.
        while tau.pow(UInt64(size)) == Fr.one { tau = nonZero() }
        let waste = ToxicWaste(tau: tau, alpha: nonZero(), beta: nonZero(), gamma: nonZero(), delta: nonZero())
        return generate(r1cs: r1cs, domain: domain, waste: waste, threads: Parallel.threadCount(threads))
    }

    /// τ, α, β, γ, δ: all non-zero, τ outside the domain.
    struct ToxicWaste {
        var tau, alpha, beta, gamma, delta: Fr
    }

    /// L_j(τ) for j < N: (τ^N − 1)/N · ω^j/(τ − ω^j), with one batch inversion.
    static func lagrangeBasis(at tau: Fr, domain: EvaluationDomain) -> [Fr] {
        let n = domain.size
        var denominators = [Fr](repeating: .zero, count: n)
        var powers = [Fr](repeating: .zero, count: n)
        var omegaPower = Fr.one
        for j in 0..<n {
            powers[j] = omegaPower
            denominators[j] = tau - omegaPower
            omegaPower *= domain.omega
        }
        Fr.batchInvert(&denominators)
        let scale = (tau.pow(UInt64(n)) - Fr.one) * domain.sizeInverse
        for j in 0..<n { denominators[j] = scale * powers[j] * denominators[j] }
        return denominators
    }

    static func generate(
        r1cs: ConstraintMatrices, domain: EvaluationDomain, waste: ToxicWaste, threads: Int
    ) -> (ProvingKey, VerifyingKey) {
        let n = domain.size
        let m = r1cs.variableCount
        let publicCount = r1cs.publicInputCount
        let constraintCount = r1cs.constraints.count
        let lagrange = lagrangeBasis(at: waste.tau, domain: domain)

        // u_i(τ), v_i(τ), w_i(τ) for every variable.
        var u = [Fr](repeating: .zero, count: m)
        var v = [Fr](repeating: .zero, count: m)
        var w = [Fr](repeating: .zero, count: m)
        for (j, constraint) in r1cs.constraints.enumerated() {
            let lj = lagrange[j]
            for term in constraint.a.terms { u[term.variable.index] += term.coefficient * lj }
            for term in constraint.b.terms { v[term.variable.index] += term.coefficient * lj }
            for term in constraint.c.terms { w[term.variable.index] += term.coefficient * lj }
        }
        // Public-input rows: z_i · 0 = 0 with A-entry z_i at row constraintCount + i.
        for i in 0...publicCount { u[i] += lagrange[constraintCount + i] }

        guard let gammaInverse = waste.gamma.inverse, let deltaInverse = waste.delta.inverse else {
            preconditionFailure("toxic waste γ, δ are sampled non-zero")
        }
        let tOfTau = waste.tau.pow(UInt64(n)) - Fr.one

        // All G1 scalars in one array: [α, β, δ | A | B | IC | L | H].
        var g1Scalars: [Fr] = [waste.alpha, waste.beta, waste.delta]
        g1Scalars.reserveCapacity(3 + 3 * m + n)
        g1Scalars += u
        g1Scalars += v
        for i in 0..<m {
            let combined = waste.beta * u[i] + waste.alpha * v[i] + w[i]
            g1Scalars.append(combined * (i <= publicCount ? gammaInverse : deltaInverse))
        }
        var tauPower = tOfTau * deltaInverse
        for _ in 0..<(n - 1) {
            g1Scalars.append(tauPower)
            tauPower *= waste.tau
        }
        let g2Scalars: [Fr] = [waste.beta, waste.gamma, waste.delta] + v

        let g1Table = FixedBaseTable<Fq>(
            generator: .generator, window: FixedBaseTable<Fq>.window(forScalarCount: g1Scalars.count),
            threads: threads)
        let g1 = g1Table.multiply(g1Scalars, threads: threads)
        let g2Table = FixedBaseTable<Fq2>(
            generator: .generator, window: FixedBaseTable<Fq2>.window(forScalarCount: g2Scalars.count),
            threads: threads)
        let g2 = g2Table.multiply(g2Scalars, threads: threads)

        var offset = 3
        func take(_ count: Int) -> [G1Affine] {
            defer { offset += count }
            return Array(g1[offset..<(offset + count)])
        }
        let aQuery = take(m)
        let bG1Query = take(m)
        let gammaABC = take(publicCount + 1)
        let lQuery = take(m - publicCount - 1)
        let hQuery = take(n - 1)

        let vk = VerifyingKey(
            alphaG1: g1[0], betaG2: g2[0], gammaG2: g2[1], deltaG2: g2[2], gammaABCG1: gammaABC)
        let pk = ProvingKey(
            verifyingKey: vk, betaG1: g1[1], deltaG1: g1[2], aQuery: aQuery, bG1Query: bG1Query,
            bG2Query: Array(g2[3...]), hQuery: hQuery, lQuery: lQuery, constraintCount: constraintCount)
        return (pk, vk)
    }
}
