import BN254
import Hashing
import R1CS

/// Proving from a snarkjs `.zkey` in snarkjs's own QAP convention (snarkjs `groth16_prove.js`, as rapidsnark
/// and arkworks-circom do), rather than converting the key at import: the H points of a zkey are the Lagrange
/// basis of the 2N-th roots at the odd points over δ, and turning them into zkinfer's [τ^i·t(τ)/δ]₁ would need
/// an extra point the file does not hold plus an FFT over G1 at every import; evaluating at the odd coset costs
/// 6 NTTs per proof instead of our 7, and keeps the file byte-identical, so its transcript still verifies.
///
///     a = A·z, b = B·z on the N rows, c = a∘b (snarkjs's C, exact for a satisfying witness); each →
///     coefficients (inverse NTT) → × ω_{2N}^k → NTT: values at ω_{2N}^{2i+1};
///     p_i = a_i·b_i − c_i;  H-part = Σ p_i·H_i
///
/// and the same A, B, C assembly and blinding as `prove(provingKey:r1cs:witness:)`. A·z and B·z come from the
/// circuit when it is given (evaluated once, in parallel, and reused by the satisfiability check), else from the
/// key's section 4 (in parallel when its entries are ordered by row, as snarkjs writes them).
extension Groth16Prover {
    /// Proves with blinding factors from the system's secure random source.
    ///
    /// With `r1cs`, which must be the circuit the key was made for (its A and B matrices those of section 4:
    /// `ZKey.mismatch(r1cs:)` checks that; bundles check it when the key is made or imported), the witness is
    /// checked against it first and A·z, B·z are taken from it. A circuit with other A/B matrices but the same
    /// shape yields a proof that does not verify, never a false one. Without `r1cs` nothing checks the witness
    /// (the key does not hold the C matrix): a witness that does not satisfy the circuit yields a proof that
    /// does not verify.
    /// Runs on `threads` threads (nil = all cores); the proof does not depend on it.
    /// - Throws: `.invalidWitnessLength`, `.witnessConstantNotOne`, `.provingKeyMismatch`,
    ///   `.unsatisfiedConstraint`, `.circuitTooLarge` (N = 2^28 needs snarkjs's other coset, not supported).
    public static func prove(
        zkey: ZKey, witness z: [Fr], r1cs: ConstraintMatrices? = nil, threads: Int? = nil
    ) throws(Groth16Error) -> Proof {
        var rng = SystemRandomNumberGenerator()
        var timings = Groth16ProverTimings()
        return try prove(zkey: zkey, witness: z, r1cs: r1cs, using: &rng, threads: threads, timings: &timings)
    }

    /// As `prove(zkey:witness:r1cs:)`, also reporting the time of each stage.
    public static func proveWithTimings(
        zkey: ZKey, witness z: [Fr], r1cs: ConstraintMatrices? = nil, threads: Int? = nil
    ) throws(Groth16Error) -> (Proof, Groth16ProverTimings) {
        var rng = SystemRandomNumberGenerator()
        var timings = Groth16ProverTimings()
        let proof = try prove(zkey: zkey, witness: z, r1cs: r1cs, using: &rng, threads: threads, timings: &timings)
        return (proof, timings)
    }

    /// As `prove(zkey:witness:r1cs:)` with r, s from a seeded generator. FOR TESTS ONLY.
    public static func proveSeededForTestsOnly(
        zkey: ZKey, witness z: [Fr], r1cs: ConstraintMatrices? = nil, seed: UInt64, threads: Int? = nil
    ) throws(Groth16Error) -> Proof {
        var rng = SplitMix64(seed: seed)
        var timings = Groth16ProverTimings()
        return try prove(zkey: zkey, witness: z, r1cs: r1cs, using: &rng, threads: threads, timings: &timings)
    }

    static func prove<R: RandomNumberGenerator>(
        zkey: ZKey, witness z: [Fr], r1cs: ConstraintMatrices?, using rng: inout R, threads requested: Int?,
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

        guard z.count == zkey.variableCount else {
            throw .invalidWitnessLength(expected: zkey.variableCount, got: z.count)
        }
        guard z[0] == Fr.one else { throw .witnessConstantNotOne }
        if let r1cs { try checkShape(zkey: zkey, r1cs: r1cs) }
        let n = zkey.domainSize
        guard n < 1 << Fr.twoAdicity, let domain = EvaluationDomain(size: n) else {
            throw .circuitTooLarge(requiredDomainSize: n)
        }
        let threads = Parallel.threadCount(requested)
        timings.witnessCheck = lap()
        var a: [Fr]
        var b: [Fr]
        var c: [Fr]
        if let r1cs {
            // One evaluation serves the satisfiability check and the quotient; C·z = a∘b on every row then.
            let rows = QuotientPolynomial.rowEvaluations(r1cs: r1cs, z: z, domainSize: n, threads: threads)
            timings.qapEvaluation = lap()
            if let index = QuotientPolynomial.firstViolation(
                a: rows.a, b: rows.b, c: rows.c, constraintCount: r1cs.constraints.count, threads: threads)
            {
                throw .unsatisfiedConstraint(index: index, label: r1cs.labels?[index])
            }
            (a, b, c) = (rows.a.takeValues(), rows.b.takeValues(), rows.c.takeValues())
            timings.witnessCheck += lap()
        } else {
            (a, b) = sectionFourRows(zkey: zkey, z: z, threads: threads)
            c = pointwise(a, b, threads: threads) { $0 * $1 }
            timings.qapEvaluation = lap()
        }
        let p = oddCosetQuotientValues(a: &a, b: &b, c: &c, domain: domain, threads: threads)
        a = []
        b = []
        c = []
        timings.ntt = lap()

        let bases = ProofBases(
            a: zkey.aQuery, b1: zkey.bG1Query, b2: zkey.bG2Query, l: zkey.cQuery, h: zkey.hQuery,
            alphaG1: zkey.alphaG1, betaG1: zkey.betaG1, betaG2: zkey.betaG2, deltaG1: zkey.deltaG1,
            deltaG2: zkey.deltaG2)
        let proof = assemble(
            bases, z: z, privateStart: zkey.publicCount + 1, h: p, threads: threads, using: &rng, timings: &timings,
            lap: lap)
        timings.total = clock.now - started
        return proof
    }

    /// The circuit's sizes against the key's header.
    static func checkShape(zkey: ZKey, r1cs: ConstraintMatrices) throws(Groth16Error) {
        if r1cs.variableCount != zkey.variableCount {
            throw .provingKeyMismatch(field: "variable count", expected: zkey.variableCount, got: r1cs.variableCount)
        }
        if r1cs.publicInputCount != zkey.publicCount {
            throw .provingKeyMismatch(
                field: "public input count", expected: zkey.publicCount,
                got: r1cs.publicInputCount)
        }
        let domain = ProvingKey.domainSize(
            constraintCount: r1cs.constraints.count,
            publicInputCount: r1cs.publicInputCount)
        if domain != zkey.domainSize {
            throw .provingKeyMismatch(field: "domain size", expected: zkey.domainSize, got: domain)
        }
    }

    /// A·z and B·z on the N rows from section 4 (row n + s is signal s). Each row is accumulated by the chunk
    /// holding its first entry, so when entries are ordered by row chunks write disjoint rows and run in
    /// parallel; a key with unordered entries is accumulated on one thread (same result).
    static func sectionFourRows(zkey: ZKey, z: [Fr], threads: Int) -> (a: [Fr], b: [Fr]) {
        let n = zkey.domainSize
        var a = [Fr](repeating: .zero, count: n)
        var b = [Fr](repeating: .zero, count: n)
        let entries = zkey.coefficients
        var ordered = true
        for i in entries.indices.dropFirst() where entries[i].constraint < entries[i - 1].constraint {
            ordered = false
            break
        }
        a.withUnsafeMutableBufferPointer { aBuffer in
            b.withUnsafeMutableBufferPointer { bBuffer in
                let (ap, bp) = (aBuffer, bBuffer)
                Parallel.execute(count: entries.count, threads: ordered ? threads : 1) { chunkStart, chunkEnd in
                    var start = chunkStart
                    while start > 0, start < chunkEnd,
                        entries[start].constraint == entries[start - 1].constraint
                    { start += 1 }
                    guard start < chunkEnd else { return }
                    var end = chunkEnd
                    while end < entries.count, entries[end].constraint == entries[end - 1].constraint { end += 1 }
                    for entry in entries[start..<end] {
                        let term = entry.value * z[Int(entry.signal)]
                        let row = Int(entry.constraint)
                        if entry.matrix == 0 { ap[row] += term } else { bp[row] += term }
                    }
                }
            }
        }
        return (a, b)
    }

    /// (a·b − c) at the odd 2N-th roots ω_{2N}^{2i+1}, i < N, from a, b, c on the N-th roots (consumed).
    static func oddCosetQuotientValues(
        a: inout [Fr], b: inout [Fr], c: inout [Fr], domain: EvaluationDomain, threads: Int
    ) -> [Fr] {
        let n = domain.size
        // ω_{2N}: a primitive 2N-th root, ω_{2N}² = ω_N (same root family as EvaluationDomain).
        var omega2N = Fr.rootOfUnity
        for _ in 0..<(Fr.twoAdicity - domain.logSize - 1) { omega2N.square() }
        var shifts = [Fr](repeating: .one, count: n)
        shifts.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            Parallel.execute(count: n, threads: threads) { start, end in
                var power = omega2N.pow(UInt64(start))
                for k in start..<end {
                    out[k] = power
                    power *= omega2N
                }
            }
        }
        for index in 0..<3 {
            func toOddCoset(_ values: inout [Fr]) {
                domain.inverseNTT(&values, threads: threads)
                values = pointwise(values, shifts, threads: threads) { $0 * $1 }
                domain.forwardNTT(&values, threads: threads)
            }
            if index == 0 { toOddCoset(&a) } else if index == 1 { toOddCoset(&b) } else { toOddCoset(&c) }
        }
        let ab = pointwise(a, b, threads: threads) { $0 * $1 }
        return pointwise(ab, c, threads: threads) { $0 - $1 }
    }

    /// [f(x_i, y_i)] for i < count, in parallel chunks.
    static func pointwise(_ x: [Fr], _ y: [Fr], threads: Int, _ f: (Fr, Fr) -> Fr) -> [Fr] {
        precondition(x.count == y.count, "pointwise: lengths differ")
        var out = [Fr](repeating: .zero, count: x.count)
        out.withUnsafeMutableBufferPointer { buffer in
            let target = buffer
            Parallel.execute(count: x.count, threads: threads) { start, end in
                for i in start..<end { target[i] = f(x[i], y[i]) }
            }
        }
        return out
    }
}
