import BN254

/// The point types of a `.ptau`'s power sections (G1: 2, 4, 5, 12, 14, 15; G2: 3, 6, 13), so that reading,
/// hashing, batched ratio checks and Lagrange bases have one generic implementation for both groups. Each
/// member forwards to the group's concrete (whole-module specialised) entry point.
protocol PtauPoint: AffinePoint {
    /// Bytes per point in the file.
    static var fileSize: Int { get }
    /// Points `start..<start + count` of `section`, on the curve; in G2 also in the subgroup when `checkSubgroup`.
    static func read(_ ptau: PowersOfTau, section: Int, start: Int, count: Int, checkSubgroup: Bool)
        throws(CeremonyError) -> [Self]
    /// Σ scalars_i·points_i (`MSM.pippenger`).
    static func msm(_ points: [Self], _ scalars: [Fr]) -> Jacobian<Field>
    /// [L_j(τ)] from [τ^i] (`EvaluationDomain.lagrangeBasis(fromPowers:)`).
    static func lagrangeBasis(_ powers: [Self], domain: EvaluationDomain) -> [Self]
    /// The uncompressed encoding transcripts hash.
    var uncompressedBytes: [UInt8] { get }
}

extension G1Affine: PtauPoint {
    static var fileSize: Int { SnarkJSBinary.g1Size }
    static func read(_ ptau: PowersOfTau, section: Int, start: Int, count: Int, checkSubgroup: Bool)
        throws(CeremonyError) -> [G1Affine]
    {
        try ptau.g1Points(section: section, start: start, count: count)
    }
    static func msm(_ points: [G1Affine], _ scalars: [Fr]) -> G1Jacobian {
        MSM.pippenger(points: points, scalars: scalars)
    }
    static func lagrangeBasis(_ powers: [G1Affine], domain: EvaluationDomain) -> [G1Affine] {
        domain.lagrangeBasis(fromPowers: powers)
    }
}

extension G2Affine: PtauPoint {
    static var fileSize: Int { SnarkJSBinary.g2Size }
    static func read(_ ptau: PowersOfTau, section: Int, start: Int, count: Int, checkSubgroup: Bool)
        throws(CeremonyError) -> [G2Affine]
    {
        try ptau.g2Points(section: section, start: start, count: count, checkSubgroup: checkSubgroup)
    }
    static func msm(_ points: [G2Affine], _ scalars: [Fr]) -> G2Jacobian {
        MSM.pippenger(points: points, scalars: scalars)
    }
    static func lagrangeBasis(_ powers: [G2Affine], domain: EvaluationDomain) -> [G2Affine] {
        domain.lagrangeBasis(fromPowers: powers)
    }
}
