import BN254
import Hashing
import R1CS

/// The initial phase-2 key of a circuit from a phase-1 `.ptau` (snarkjs `groth16 setup` = `zkey new`): no
/// secret of its own. α, β come from the ptau, γ = δ = 1 (the generators); every query is a public combination
/// of the ptau's points, so anyone can recompute it and check a ceremony against it.
///
/// In the `ProvingKey` convention (see its doc): with L_j the Lagrange basis of the domain (N points),
/// A_i = Σ_j A_ij·[L_j(τ)]₁, B_i likewise in G1 and G2, and for the IC/L queries
/// Σ_j (A_ij·[βL_j(τ)]₁ + B_ij·[αL_j(τ)]₁ + C_ij·[L_j(τ)]₁) — plus the public-input rows n + i with A-entry 1;
/// H_i = [τ^(N+i)]₁ − [τ^i]₁ = [τ^i·t(τ)]₁ for i < N − 1 (coefficient form: our prover's, and the points
/// snarkjs hashes into csHash). The Lagrange points come from the prepared sections 12–15 when present
/// (checked against the powers by a random evaluation, as snarkjs `powersoftau verify`) or from the powers
/// by the FFT over the group (`EvaluationDomain.lagrangeBasis`).
public enum Phase2Setup {
    /// The initial key and its circuit hash (BLAKE2b over the key's points, snarkjs `zkey_new.js` order).
    public static func initialKey(r1cs: ConstraintMatrices, ptau: PowersOfTau, progress: (String) -> Void = { _ in })
        throws(CeremonyError) -> (key: ProvingKey, csHash: [UInt8])
    {
        let n = ProvingKey.domainSize(constraintCount: r1cs.constraints.count, publicInputCount: r1cs.publicInputCount)
        let logN = n.trailingZeroBitCount
        guard n <= ptau.tauCount, let domain = EvaluationDomain(size: n) else {
            throw .unsuitable(
                file: ptau.fileName,
                reason: "holds 2^\(ptau.power) powers; the circuit needs a domain of 2^\(logN) "
                    + "(\(r1cs.constraints.count) constraints + \(r1cs.publicInputCount) public inputs + 1): use "
                    + "powersOfTau28_hez_final_\(max(logN, 8)).ptau or larger")
        }
        let m = r1cs.variableCount
        let publicCount = r1cs.publicInputCount
        let columns = SparseColumns(r1cs: r1cs)

        progress("Lagrange basis in G1 (2^\(logN) points)")
        let tauPowers = try ptau.g1Points(section: 2, start: 0, count: 2 * n - 1)
        let lagrange = try lagrangeG1(ptau, section: 2, prepared: 12, powers: Array(tauPowers[0..<n]), domain: domain)
        var aQuery = columns.a.combine(lagrange, count: m)
        let bG1Query = columns.b.combine(lagrange, count: m)
        var k = columns.c.combineJacobian(lagrange, count: m)
        // Public-input rows: A-entry 1 for z_i at row constraintCount + i.
        for i in 0...publicCount {
            aQuery[i] = (G1Jacobian(aQuery[i]) + lagrange[r1cs.constraints.count + i]).toAffine()
        }
        progress("Lagrange basis in G2")
        let g2Powers = try ptau.g2Points(section: 3, start: 0, count: n, checkSubgroup: true)
        let lagrangeG2 = try lagrangeG2(ptau, powers: g2Powers, domain: domain)
        let bG2Query = columns.b.combine(lagrangeG2, count: m)
        progress("Lagrange basis of α·τ^i")
        let alphaPowers = try ptau.g1Points(section: 4, start: 0, count: n)
        let alphaLagrange = try lagrangeG1(ptau, section: 4, prepared: 14, powers: alphaPowers, domain: domain)
        columns.b.accumulate(alphaLagrange, into: &k)
        progress("Lagrange basis of β·τ^i")
        let betaPowers = try ptau.g1Points(section: 5, start: 0, count: n)
        let betaLagrange = try lagrangeG1(ptau, section: 5, prepared: 15, powers: betaPowers, domain: domain)
        columns.a.accumulate(betaLagrange, into: &k)
        for i in 0...publicCount { k[i] = k[i] + betaLagrange[r1cs.constraints.count + i] }
        let kAffine = G1Jacobian.batchToAffine(k)

        progress("H query")
        var h = [G1Jacobian](repeating: .infinity, count: n - 1)
        h.withUnsafeMutableBufferPointer { out in
            let o = out
            Parallel.execute(count: n - 1, threads: Parallel.coreCount) { start, end in
                for i in start..<end { o[i] = G1Jacobian(tauPowers[n + i]) - G1Jacobian(tauPowers[i]) }
            }
        }
        let betaG2 = try ptau.g2Points(section: 6, start: 0, count: 1, checkSubgroup: true)[0]
        let vk = VerifyingKey(
            alphaG1: alphaPowers[0], betaG2: betaG2, gammaG2: .generator, deltaG2: .generator,
            gammaABCG1: Array(kAffine[0...publicCount]))
        let key = ProvingKey(
            verifyingKey: vk, betaG1: betaPowers[0], deltaG1: .generator, aQuery: aQuery, bG1Query: bG1Query,
            bG2Query: bG2Query, hQuery: G1Jacobian.batchToAffine(h), lQuery: Array(kAffine[(publicCount + 1)...]),
            constraintCount: r1cs.constraints.count)
        return (key, circuitHash(key))
    }

    /// snarkjs's csHash (`zkey_new.js`): BLAKE2b-512 over α₁, β₁, β₂, γ₂, δ₁, δ₂, then each query prefixed by
    /// its length (u32 big-endian): IC, H, L ("C"), A, B₁, B₂; points uncompressed.
    public static func circuitHash(_ key: ProvingKey) -> [UInt8] {
        var h = BLAKE2b()
        let vk = key.verifyingKey
        h.update(vk.alphaG1.uncompressedBytes)
        h.update(key.betaG1.uncompressedBytes)
        h.update(vk.betaG2.uncompressedBytes)
        h.update(vk.gammaG2.uncompressedBytes)
        h.update(key.deltaG1.uncompressedBytes)
        h.update(vk.deltaG2.uncompressedBytes)
        func count(_ n: Int) { h.update((0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * (3 - $0))) }) }
        func points(_ ps: [G1Affine]) {
            count(ps.count)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(ps.count * 64)
            for p in ps { bytes += p.uncompressedBytes }
            h.update(bytes)
        }
        points(vk.gammaABCG1)
        points(key.hQuery)
        points(key.lQuery)
        points(key.aQuery)
        points(key.bG1Query)
        count(key.bG2Query.count)
        var bytes: [UInt8] = []
        for p in key.bG2Query { bytes += p.uncompressedBytes }
        h.update(bytes)
        return h.finalize()
    }

    /// [L_j(τ)]-points of a G1 power section: from the prepared section (checked) or by the group FFT.
    static func lagrangeG1(
        _ ptau: PowersOfTau, section: Int, prepared: Int, powers: [G1Affine], domain: EvaluationDomain
    ) throws(CeremonyError) -> [G1Affine] {
        let n = domain.size
        guard ptau.isPrepared else { return domain.lagrangeBasis(fromPowers: powers) }
        let points = try ptau.g1Points(section: prepared, start: n - 1, count: n)
        // Σ r_i·P_i = Σ_j NTT(r)_j·L_j (since Σ_j f(ω^j)·L_j(X) = f(X)), for random r.
        var rng = SystemRandomNumberGenerator()
        let r = (0..<n).map { _ in CeremonyMath.randomCoefficient(&rng) }
        var s = r
        domain.forwardNTT(&s)
        guard MSM.pippenger(points: powers, scalars: r) == MSM.pippenger(points: points, scalars: s) else {
            throw .verificationFailed(
                file: ptau.fileName,
                what:
                    "section \(prepared): the Lagrange points of domain 2^\(domain.logSize) do not match section \(section)"
            )
        }
        return points
    }

    static func lagrangeG2(_ ptau: PowersOfTau, powers: [G2Affine], domain: EvaluationDomain) throws(CeremonyError)
        -> [G2Affine]
    {
        let n = domain.size
        guard ptau.isPrepared else { return domain.lagrangeBasis(fromPowers: powers) }
        let points = try ptau.g2Points(section: 13, start: n - 1, count: n, checkSubgroup: true)
        var rng = SystemRandomNumberGenerator()
        let r = (0..<n).map { _ in CeremonyMath.randomCoefficient(&rng) }
        var s = r
        domain.forwardNTT(&s)
        guard MSM.pippenger(points: powers, scalars: r) == MSM.pippenger(points: points, scalars: s) else {
            throw .verificationFailed(
                file: ptau.fileName,
                what: "section 13: the Lagrange points of domain 2^\(domain.logSize) do not match section 3")
        }
        return points
    }
}

/// One constraint matrix by column (variable): for variable i, the (row, coefficient) pairs of its non-zero
/// entries, in compressed-sparse-column form. Invariant: `start.count == variables + 1`, non-decreasing.
struct SparseColumn {
    var start: [Int]
    var rows: [Int]
    var coefficients: [Fr]

    /// Σ_rows coefficient·points[row] for every variable, in parallel, normalised to affine.
    func combine(_ points: [G1Affine], count: Int) -> [G1Affine] {
        G1Jacobian.batchToAffine(combineJacobian(points, count: count))
    }

    func combineJacobian(_ points: [G1Affine], count: Int) -> [G1Jacobian] {
        var out = [G1Jacobian](repeating: .infinity, count: count)
        accumulate(points, into: &out)
        return out
    }

    func accumulate(_ points: [G1Affine], into out: inout [G1Jacobian]) {
        let count = out.count
        out.withUnsafeMutableBufferPointer { buffer in
            let o = buffer
            Parallel.execute(count: count, threads: Parallel.coreCount * 4) { lower, upper in
                for i in lower..<upper {
                    var acc = o[i]
                    for e in start[i]..<start[i + 1] {
                        acc = acc + CeremonyMath.multiply(points[rows[e]], coefficients[e])
                    }
                    o[i] = acc
                }
            }
        }
    }

    func combine(_ points: [G2Affine], count: Int) -> [G2Affine] {
        var out = [G2Jacobian](repeating: .infinity, count: count)
        out.withUnsafeMutableBufferPointer { buffer in
            let o = buffer
            Parallel.execute(count: count, threads: Parallel.coreCount * 4) { lower, upper in
                for i in lower..<upper {
                    var acc = G2Jacobian.infinity
                    for e in start[i]..<start[i + 1] {
                        acc = acc + CeremonyMath.multiply(points[rows[e]], coefficients[e])
                    }
                    o[i] = acc
                }
            }
        }
        return G2Jacobian.batchToAffine(out)
    }
}

/// The A, B, C matrices of a circuit by column.
struct SparseColumns {
    var a: SparseColumn
    var b: SparseColumn
    var c: SparseColumn

    init(r1cs: ConstraintMatrices) {
        func build(_ pick: (Constraint) -> LinearCombination) -> SparseColumn {
            let m = r1cs.variableCount
            var counts = [Int](repeating: 0, count: m + 1)
            for constraint in r1cs.constraints {
                for term in pick(constraint).terms { counts[term.variable.index + 1] += 1 }
            }
            for i in 0..<m { counts[i + 1] += counts[i] }
            var next = counts
            var rows = [Int](repeating: 0, count: counts[m])
            var coefficients = [Fr](repeating: .zero, count: counts[m])
            for (j, constraint) in r1cs.constraints.enumerated() {
                for term in pick(constraint).terms {
                    let v = term.variable.index
                    rows[next[v]] = j
                    coefficients[next[v]] = term.coefficient
                    next[v] += 1
                }
            }
            return SparseColumn(start: counts, rows: rows, coefficients: coefficients)
        }
        a = build { $0.a }
        b = build { $0.b }
        c = build { $0.c }
    }
}
