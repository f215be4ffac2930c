import BN254
import Hashing
import R1CS

/// Proving from a snarkjs `.zkey` in snarkjs's own QAP convention (snarkjs `groth16_prove.js`, as rapidsnark
/// and arkworks-circom do), rather than converting the key at import: the H points of a zkey are the Lagrange
/// basis of the 2N-th roots at the odd points over δ, and turning them into zkinfer's [τ^i·t(τ)/δ]₁ would need
/// an extra point the file does not hold plus an FFT over G1 at every import; evaluating at the odd coset costs
/// 6 NTTs per proof instead of our 7, and keeps the file byte-identical, so its transcript still verifies.
///
///     a = A·z, b = B·z on the N rows (section 4; row n + s is signal s), c = a∘b (snarkjs's C, exact for a
///     satisfying witness); each → coefficients (inverse NTT) → × ω_{2N}^k → NTT: values at ω_{2N}^{2i+1};
///     p_i = a_i·b_i − c_i;  H-part = Σ p_i·H_i
///
/// and the same A, B, C assembly and blinding as `prove(provingKey:r1cs:witness:)`.
extension Groth16Prover {
    /// Proves with blinding factors from the system's secure random source. With `r1cs` (the circuit the key
    /// was made for), the witness is checked against it first and the key's shape against the circuit's;
    /// without it, a witness that does not satisfy the circuit yields a proof that does not verify. Runs on
    /// `threads` threads (nil = all cores); the proof does not depend on it.
    /// - Throws: `.invalidWitnessLength`, `.witnessConstantNotOne`, `.provingKeyMismatch`,
    ///   `.unsatisfiedConstraint`, `.circuitTooLarge` (N = 2^28 needs snarkjs's other coset, not supported).
    public static func prove(
        zkey: ZKey, witness z: [Fr], r1cs: ConstraintMatrices? = nil, threads: Int? = nil
    ) throws(Groth16Error) -> Proof {
        var rng = SystemRandomNumberGenerator()
        return try prove(zkey: zkey, witness: z, r1cs: r1cs, using: &rng, threads: threads)
    }

    /// As `prove(zkey:witness:r1cs:)` with r, s from a seeded generator. FOR TESTS ONLY.
    public static func proveSeededForTestsOnly(
        zkey: ZKey, witness z: [Fr], seed: UInt64, threads: Int? = nil
    ) throws(Groth16Error) -> Proof {
        var rng = SplitMix64(seed: seed)
        return try prove(zkey: zkey, witness: z, r1cs: nil, using: &rng, threads: threads)
    }

    static func prove<R: RandomNumberGenerator>(
        zkey: ZKey, witness z: [Fr], r1cs: ConstraintMatrices?, using rng: inout R, threads requested: Int?
    ) throws(Groth16Error) -> Proof {
        guard z.count == zkey.variableCount else {
            throw .invalidWitnessLength(expected: zkey.variableCount, got: z.count)
        }
        guard z[0] == Fr.one else { throw .witnessConstantNotOne }
        if let r1cs {
            if r1cs.variableCount != zkey.variableCount {
                throw .provingKeyMismatch(
                    field: "variable count", expected: zkey.variableCount, got: r1cs.variableCount)
            }
            if r1cs.publicInputCount != zkey.publicCount {
                throw .provingKeyMismatch(
                    field: "public input count", expected: zkey.publicCount,
                    got: r1cs.publicInputCount)
            }
            if let violation = r1cs.isSatisfied(by: Witness(values: z, publicInputCount: r1cs.publicInputCount)) {
                throw .unsatisfiedConstraint(index: violation.index, label: violation.label)
            }
        }
        let n = zkey.domainSize
        guard n < 1 << Fr.twoAdicity, let domain = EvaluationDomain(size: n) else {
            throw .circuitTooLarge(requiredDomainSize: n)
        }
        let threads = Parallel.threadCount(requested)
        let p = oddCosetQuotientValues(zkey: zkey, z: z, domain: domain, threads: threads)

        let privateStart = zkey.publicCount + 1
        let aSum = MSM.pippenger(points: zkey.aQuery, scalars: z, threads: threads)
        let b1Sum = MSM.pippenger(points: zkey.bG1Query, scalars: z, threads: threads)
        let b2Sum = MSM.pippenger(points: zkey.bG2Query, scalars: z, threads: threads)
        let cSum = MSM.pippenger(points: zkey.cQuery, scalars: Array(z[privateStart...]), threads: threads)
        let hSum = MSM.pippenger(points: zkey.hQuery, scalars: p, threads: threads)

        let r = Fr.random(using: &rng)
        let s = Fr.random(using: &rng)
        let deltaG1 = G1Jacobian(zkey.deltaG1)
        let gA = aSum + zkey.alphaG1 + deltaG1 * r
        let gB2 = b2Sum + zkey.betaG2 + G2Jacobian(zkey.deltaG2) * s
        let gB1 = b1Sum + zkey.betaG1 + deltaG1 * s
        let gC = cSum + hSum + gA * s + gB1 * r - deltaG1 * (r * s)
        return Proof(a: gA.toAffine(), b: gB2.toAffine(), c: gC.toAffine())
    }

    /// (a·b − c) at the odd 2N-th roots ω_{2N}^{2i+1}, i < N, from the zkey's A/B coefficients.
    static func oddCosetQuotientValues(zkey: ZKey, z: [Fr], domain: EvaluationDomain, threads: Int) -> [Fr] {
        let n = domain.size
        var a = [Fr](repeating: .zero, count: n)
        var b = [Fr](repeating: .zero, count: n)
        for coefficient in zkey.coefficients {
            let term = coefficient.value * z[Int(coefficient.signal)]
            if coefficient.matrix == 0 {
                a[Int(coefficient.constraint)] += term
            } else {
                b[Int(coefficient.constraint)] += term
            }
        }
        var c = [Fr](repeating: .zero, count: n)
        for i in 0..<n { c[i] = a[i] * b[i] }
        // ω_{2N}: a primitive 2N-th root, ω_{2N}² = ω_N (same root family as EvaluationDomain).
        var omega2N = Fr.rootOfUnity
        for _ in 0..<(Fr.twoAdicity - domain.logSize - 1) { omega2N.square() }
        var shifts = [Fr](repeating: .one, count: n)
        for k in 1..<max(n, 1) { shifts[k] = shifts[k - 1] * omega2N }
        for index in 0..<3 {
            var values = index == 0 ? a : index == 1 ? b : c
            domain.inverseNTT(&values, threads: threads)
            for k in 0..<n { values[k] *= shifts[k] }
            domain.forwardNTT(&values, threads: threads)
            if index == 0 { a = values } else if index == 1 { b = values } else { c = values }
        }
        for i in 0..<n { a[i] = a[i] * b[i] - c[i] }
        return a
    }
}
