import BN254
import Hashing
import R1CS

/// A single-party (development) setup that writes its key in snarkjs's `.zkey` convention, so that snarkjs,
/// rapidsnark and arkworks-circom can prove with it and `Groth16Prover.prove(zkey:witness:)` can too. The same
/// toxic-waste warning as `Groth16Setup.generate` applies: whoever ran it can forge proofs.
extension Groth16Setup {
    /// Generates a zkey from the system's secure random source, on `threads` threads (nil = all cores; the key
    /// does not depend on it).
    public static func generateZKey(r1cs: ConstraintMatrices, threads: Int? = nil) -> ZKey {
        var rng = SystemRandomNumberGenerator()
        return generateZKey(r1cs: r1cs, using: &rng, threads: threads)
    }

    /// As `generateZKey(r1cs:)` from a seeded generator. FOR TESTS ONLY (the seed is the toxic waste).
    public static func generateZKeySeededForTestsOnly(r1cs: ConstraintMatrices, seed: UInt64, threads: Int? = nil)
        -> ZKey
    {
        var rng = SplitMix64(seed: seed)
        return generateZKey(r1cs: r1cs, using: &rng, threads: threads)
    }

    static func generateZKey<R: RandomNumberGenerator>(
        r1cs: ConstraintMatrices, using rng: inout R, threads requested: Int?
    ) -> ZKey {
        let size = ProvingKey.domainSize(
            constraintCount: r1cs.constraints.count, publicInputCount: r1cs.publicInputCount)
        guard size < 1 << Fr.twoAdicity, let domain = EvaluationDomain(size: size) else {
            preconditionFailure("\(Groth16Error.circuitTooLarge(requiredDomainSize: size))")
        }
        func nonZero() -> Fr {
            while true {
                let x = Fr.random(using: &rng)
                if !x.isZero { return x }
            }
        }
        var tau = nonZero()
        // τ outside the 2N-th roots: both Lagrange formulas divide by τ^N − 1 or τ^{2N} − 1.
        while tau.pow(UInt64(2 * size)) == Fr.one { tau = nonZero() }
        let waste = ToxicWaste(tau: tau, alpha: nonZero(), beta: nonZero(), gamma: nonZero(), delta: nonZero())
        let threads = Parallel.threadCount(requested)
        let (pk, vk) = generate(r1cs: r1cs, domain: domain, waste: waste, threads: threads)

        // H_i = [L_{2i+1}(τ)/δ]₁ over the 2N-th roots: L_k(τ) = (τ^{2N} − 1)/(2N) · ω^k/(τ − ω^k).
        guard let doubled = EvaluationDomain(size: 2 * size), let deltaInverse = waste.delta.inverse else {
            preconditionFailure("2N ≤ 2^28 and δ ≠ 0 were checked above")
        }
        let lagrange = lagrangeBasis(at: waste.tau, domain: doubled)
        let hScalars = (0..<size).map { lagrange[2 * $0 + 1] * deltaInverse }
        let table = FixedBaseTable<Fq>(
            generator: .generator, window: FixedBaseTable<Fq>.window(forScalarCount: size), threads: threads)
        let hQuery = table.multiply(hScalars, threads: threads)

        var key = ZKey(
            variableCount: r1cs.variableCount, publicCount: r1cs.publicInputCount, domainSize: size,
            alphaG1: vk.alphaG1, betaG1: pk.betaG1, betaG2: vk.betaG2, gammaG2: vk.gammaG2, deltaG1: pk.deltaG1,
            deltaG2: vk.deltaG2, ic: vk.gammaABCG1, coefficients: ZKey.coefficients(of: r1cs), aQuery: pk.aQuery,
            bG1Query: pk.bG1Query, bG2Query: pk.bG2Query, cQuery: pk.lQuery, hQuery: hQuery, transcript: nil)
        key.transcript = Phase2Transcript(circuitHash: key.circuitHash(monomialHQuery: pk.hQuery))
        return key
    }
}

extension ZKey {
    /// Section 4 for a circuit, in snarkjs's order (`zkey_new.js` processConstraints): per constraint its A
    /// terms (matrix 0) then its B terms (matrix 1), then the public-input rows (0, n + s, s, 1) for s ≤ ℓ.
    public static func coefficients(of r1cs: ConstraintMatrices) -> [Coefficient] {
        var out: [Coefficient] = []
        for (row, constraint) in r1cs.constraints.enumerated() {
            for (matrix, lc) in [(UInt32(0), constraint.a), (1, constraint.b)] {
                for term in lc.terms {
                    out.append(
                        Coefficient(
                            matrix: matrix, constraint: UInt32(row),
                            signal: UInt32(term.variable.index), value: term.coefficient))
                }
            }
        }
        for s in 0...r1cs.publicInputCount {
            out.append(
                Coefficient(
                    matrix: 0, constraint: UInt32(r1cs.constraints.count + s), signal: UInt32(s),
                    value: .one))
        }
        return out
    }

    /// snarkjs's circuit hash `csHash` (`zkey_new.js`): BLAKE2b-512 over α₁, β₁, β₂, γ₂, δ₁, δ₂ (uncompressed,
    /// EIP-196/197 byte order), then for IC, H, C, A, B₁, B₂ in that order a big-endian u32 count and the points.
    /// The H points hashed are the monomial ones, [τ^i·t(τ)]₁ for i < N − 1 (`monomialHQuery`), not section 9.
    /// For a key fresh from `snarkjs groth16 setup` (δ = 1) this is the hash snarkjs records; a zkinfer
    /// development key (random δ) hashes its own points the same way.
    public func circuitHash(monomialHQuery: [G1Affine]) -> [UInt8] {
        var hasher = BLAKE2b()
        for p in [alphaG1, betaG1] { hasher.update(p.uncompressedBytes) }
        for p in [betaG2, gammaG2] { hasher.update(p.uncompressedBytes) }
        hasher.update(deltaG1.uncompressedBytes)
        hasher.update(deltaG2.uncompressedBytes)
        func points(_ list: [G1Affine]) {
            let count = UInt32(list.count)
            hasher.update([
                UInt8(count >> 24), UInt8(truncatingIfNeeded: count >> 16),
                UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count),
            ])
            for p in list { hasher.update(p.uncompressedBytes) }
        }
        points(ic)
        points(monomialHQuery)
        points(cQuery)
        points(aQuery)
        points(bG1Query)
        let count = UInt32(bG2Query.count)
        hasher.update([
            UInt8(count >> 24), UInt8(truncatingIfNeeded: count >> 16),
            UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count),
        ])
        for p in bG2Query { hasher.update(p.uncompressedBytes) }
        return hasher.finalize()
    }
}
