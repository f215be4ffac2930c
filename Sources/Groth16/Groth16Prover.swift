import BN254
import Hashing
import R1CS

/// Wall-clock time of each stage of one proof, for benchmarks (`zkbench groth16`).
public struct Groth16ProverTimings: Sendable, CustomStringConvertible {
    /// Witness length and key-shape checks, and the satisfiability check (a_j·b_j = c_j for every row).
    public var witnessCheck: Duration = .zero
    /// Evaluating A·z, B·z, C·z at every constraint row.
    public var qapEvaluation: Duration = .zero
    /// The 6 NTTs and the pointwise steps that produce h.
    public var ntt: Duration = .zero
    /// The MSM of the A query by the witness (G1).
    public var msmA: Duration = .zero
    /// The MSM of the B query in G1 (for C).
    public var msmB1: Duration = .zero
    /// The MSM of the B query in G2.
    public var msmB2: Duration = .zero
    /// The MSM of the L query by the private witness values.
    public var msmL: Duration = .zero
    /// The MSM of the H query by the coefficients of h.
    public var msmH: Duration = .zero
    /// Blinding and the final group operations.
    public var assemble: Duration = .zero
    /// The whole proof, from the first check to the assembled proof.
    public var total: Duration = .zero

    /// All stages at zero; the prover fills them in.
    public init() {}

    /// The stages on one line, each rounded to whole milliseconds.
    public var description: String {
        func ms(_ d: Duration) -> String {
            let c = d.components
            let value = Double(c.seconds) * 1e3 + Double(c.attoseconds) * 1e-15
            return String(Int(value.rounded())) + " ms"
        }
        return "witness \(ms(witnessCheck)), QAP \(ms(qapEvaluation)), NTT \(ms(ntt)), MSM A \(ms(msmA)), "
            + "B1 \(ms(msmB1)), B2 \(ms(msmB2)), L \(ms(msmL)), H \(ms(msmH)), assemble \(ms(assemble)), "
            + "total \(ms(total))"
    }
}

/// The Groth16 prover (eprint 2016/260 §3.2, in arkworks' formulation):
///
///     A = α + Σ z_i·u_i(τ) + r·δ                          (G1)
///     B = β + Σ z_i·v_i(τ) + s·δ                          (G2, and its G1 twin B₁ for C)
///     C = Σ_private z_i·L_i + Σ h_i·H_i + s·A + r·B₁ − r·s·δ   (G1)
///
/// with h from `QuotientPolynomial` (6 NTTs) and five MSMs (`MSM.pippenger`), fresh r, s per proof. Every stage
/// runs on `threads` threads (nil = all cores, `Parallel`); the proof does not depend on it.
/// The witness is checked first: an unsatisfied constraint throws instead of producing a proof.
/// Variable time; not side-channel resistant.
public enum Groth16Prover {
    /// Proves with blinding factors r, s from the system's secure random source.
    /// - Throws: `Groth16Error.invalidWitnessLength`, `.witnessConstantNotOne`, `.provingKeyMismatch`,
    ///   `.unsatisfiedConstraint(index:label:)`.
    public static func prove(
        provingKey: ProvingKey, r1cs: ConstraintMatrices, witness: Witness, threads: Int? = nil
    ) throws(Groth16Error) -> Proof {
        var rng = SystemRandomNumberGenerator()
        var timings = Groth16ProverTimings()
        return try prove(
            provingKey: provingKey, r1cs: r1cs, witness: witness, using: &rng, threads: threads,
            timings: &timings)
    }

    /// As `prove`, also reporting the time of each stage.
    public static func proveWithTimings(
        provingKey: ProvingKey, r1cs: ConstraintMatrices, witness: Witness, threads: Int? = nil
    ) throws(Groth16Error) -> (Proof, Groth16ProverTimings) {
        var rng = SystemRandomNumberGenerator()
        var timings = Groth16ProverTimings()
        let proof = try prove(
            provingKey: provingKey, r1cs: r1cs, witness: witness, using: &rng, threads: threads,
            timings: &timings)
        return (proof, timings)
    }

    /// Proves with r, s drawn from a seeded generator. FOR TESTS ONLY: a proof whose r, s are known reveals
    /// the witness.
    public static func proveSeededForTestsOnly(
        provingKey: ProvingKey, r1cs: ConstraintMatrices, witness: Witness, seed: UInt64, threads: Int? = nil
    ) throws(Groth16Error) -> Proof {
        var rng = SplitMix64(seed: seed)
        var timings = Groth16ProverTimings()
        return try prove(
            provingKey: provingKey, r1cs: r1cs, witness: witness, using: &rng, threads: threads,
            timings: &timings)
    }

    /// Checks that the key was made for this circuit's shape.
    static func checkShape(provingKey pk: ProvingKey, r1cs: ConstraintMatrices) throws(Groth16Error) {
        if pk.constraintCount != r1cs.constraints.count {
            throw .provingKeyMismatch(
                field: "constraint count", expected: pk.constraintCount,
                got: r1cs.constraints.count)
        }
        if pk.publicInputCount != r1cs.publicInputCount {
            throw .provingKeyMismatch(
                field: "public input count", expected: pk.publicInputCount,
                got: r1cs.publicInputCount)
        }
        if pk.variableCount != r1cs.variableCount {
            throw .provingKeyMismatch(field: "variable count", expected: pk.variableCount, got: r1cs.variableCount)
        }
        let expectedDomain = ProvingKey.domainSize(
            constraintCount: r1cs.constraints.count, publicInputCount: r1cs.publicInputCount)
        // (field, value in the key, value the circuit requires)
        let structuralCounts = [
            ("domain size", pk.domainSize, expectedDomain),
            ("B query (G1) length", pk.bG1Query.count, r1cs.variableCount),
            ("B query (G2) length", pk.bG2Query.count, r1cs.variableCount),
            ("L query length", pk.lQuery.count, r1cs.variableCount - r1cs.publicInputCount - 1),
        ]
        for (field, inKey, inCircuit) in structuralCounts where inKey != inCircuit {
            throw .provingKeyMismatch(field: field, expected: inKey, got: inCircuit)
        }
    }

    static func prove<R: RandomNumberGenerator>(
        provingKey pk: ProvingKey, r1cs: ConstraintMatrices, witness: Witness, using rng: inout R,
        threads requested: Int?,
        timings: inout Groth16ProverTimings
    ) throws(Groth16Error) -> Proof {
        let clock = ContinuousClock()
        let started = clock.now
        var mark = started
        func lap() -> Duration {
            let now = clock.now
            defer { mark = now }
            return now - mark
        }

        let z = witness.values
        guard z.count == r1cs.variableCount else {
            throw .invalidWitnessLength(expected: r1cs.variableCount, got: z.count)
        }
        guard z[0] == Fr.one else { throw .witnessConstantNotOne }
        try checkShape(provingKey: pk, r1cs: r1cs)
        let threads = Parallel.threadCount(requested)
        guard let domain = EvaluationDomain(size: pk.domainSize) else {
            throw .circuitTooLarge(requiredDomainSize: pk.domainSize)
        }
        timings.witnessCheck = lap()
        // A·z, B·z, C·z per row; the satisfiability check reuses them (equivalent to R1CS.isSatisfied(by:),
        // which reports the same first violated index, without evaluating every combination twice).
        let (a, b, c) = QuotientPolynomial.rowEvaluations(
            r1cs: r1cs, z: z, domainSize: domain.size, threads: threads)
        timings.qapEvaluation = lap()
        if let index = QuotientPolynomial.firstViolation(
            a: a, b: b, c: c, constraintCount: r1cs.constraints.count, threads: threads)
        {
            throw .unsatisfiedConstraint(index: index, label: r1cs.labels?[index])
        }
        timings.witnessCheck += lap()
        // Consumes a, b, c (transformed in place; h takes a's buffer, b's and c's are freed on return).
        let h = QuotientPolynomial.coefficients(
            a: consume a, b: consume b, c: consume c, domain: domain, threads: threads
        ).values
        timings.ntt = lap()

        let vk = pk.verifyingKey
        let bases = ProofBases(
            a: pk.aQuery, b1: pk.bG1Query, b2: pk.bG2Query, l: pk.lQuery, h: pk.hQuery, alphaG1: vk.alphaG1,
            betaG1: pk.betaG1, betaG2: vk.betaG2, deltaG1: pk.deltaG1, deltaG2: vk.deltaG2)
        let proof = assemble(
            bases, z: z, privateStart: r1cs.publicInputCount + 1, h: Array(h[0..<pk.hQuery.count]),
            threads: threads, using: &rng, timings: &timings, lap: lap)
        timings.total = clock.now - started
        return proof
    }
}
