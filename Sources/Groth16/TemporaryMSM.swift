// TEMPORARY: naive stand-in until MSM.pippenger lands on wip/curves. Remove on merge.
import BN254
enum MSM {
    static func pippenger(points: [G1Affine], scalars: [Fr], threads: Int? = nil) -> G1Jacobian {
        var acc = G1Jacobian.infinity
        for (p, s) in zip(points, scalars) where !s.isZero && !p.isInfinity { acc = acc + p * s }
        return acc
    }
    static func pippenger(points: [G2Affine], scalars: [Fr], threads: Int? = nil) -> G2Jacobian {
        var acc = G2Jacobian.infinity
        for (p, s) in zip(points, scalars) where !s.isZero && !p.isInfinity { acc = acc + G2Jacobian(p) * s }
        return acc
    }
}
