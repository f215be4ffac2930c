import BN254

extension Groth16Prover {
    /// The key points the five MSMs and the blinding of a proof use. zkinfer's proving key and a snarkjs zkey
    /// hold the same queries (the zkey's C section is L; its H points pair with the odd-coset quotient values
    /// rather than h's coefficients, so the caller passes the matching scalars).
    ///
    /// Invariant: `a`, `b1`, `b2` have one point per variable, `l` one per private variable, `h` one per quotient
    /// scalar the caller passes.
    struct ProofBases {
        var a: [G1Affine], b1: [G1Affine], b2: [G2Affine], l: [G1Affine], h: [G1Affine]
        var alphaG1: G1Affine, betaG1: G1Affine, betaG2: G2Affine, deltaG1: G1Affine, deltaG2: G2Affine
    }

    /// The five MSMs and the blinding (Groth16, EUROCRYPT 2016, §3.2) with fresh r, s from `rng`:
    /// A = α + Σ zᵢ·Aᵢ + r·δ, B = β + Σ zᵢ·Bᵢ + s·δ (in G2, and in G1 for C), and
    /// C = Σ_{private i} zᵢ·Lᵢ + Σ hⱼ·Hⱼ + s·A + r·B₁ − r·s·δ. Records each step's time through `lap`.
    static func assemble<R: RandomNumberGenerator>(
        _ bases: ProofBases, z: [Fr], privateStart: Int, h: [Fr], threads: Int, using rng: inout R,
        timings: inout Groth16ProverTimings, lap: () -> Duration
    ) -> Proof {
        let aSum = MSM.pippenger(points: bases.a, scalars: z, threads: threads)
        timings.msmA = lap()
        let b1Sum = MSM.pippenger(points: bases.b1, scalars: z, threads: threads)
        timings.msmB1 = lap()
        let b2Sum = MSM.pippenger(points: bases.b2, scalars: z, threads: threads)
        timings.msmB2 = lap()
        let lSum = MSM.pippenger(points: bases.l, scalars: Array(z[privateStart...]), threads: threads)
        timings.msmL = lap()
        let hSum = MSM.pippenger(points: bases.h, scalars: h, threads: threads)
        timings.msmH = lap()

        // Blinding (zero knowledge): fresh r, s per proof.
        let r = Fr.random(using: &rng)
        let s = Fr.random(using: &rng)
        let deltaG1 = G1Jacobian(bases.deltaG1)
        let gA = aSum + bases.alphaG1 + deltaG1 * r
        let gB2 = b2Sum + bases.betaG2 + G2Jacobian(bases.deltaG2) * s
        let gB1 = b1Sum + bases.betaG1 + deltaG1 * s
        let gC = lSum + hSum + gA * s + gB1 * r - deltaG1 * (r * s)
        let proof = Proof(a: gA.toAffine(), b: gB2.toAffine(), c: gC.toAffine())
        timings.assemble = lap()
        return proof
    }
}
