/// Multi-scalar multiplication Σ [k_i] P_i over G1 and G2.
///
/// `pippenger` is the fast path (signed-digit Pippenger, see `Pippenger`), `naive` the reference twin (one
/// scalar multiplication per term). Inputs: affine points that are on the curve (G2: in the subgroup — not
/// re-checked), scalars in `Fr` (Montgomery form, converted once to canonical digits). Points at infinity
/// and zero scalars are skipped. The result is the same group element for any thread count and window size.
/// Variable time; not side-channel resistant.
public enum MSM {
    /// How buckets accumulate points: XYZZ mixed additions, or affine buckets with batched inversions.
    public enum BucketStrategy: Sendable {
        /// Extended-Jacobian buckets, mixed additions (8M + 2S per point).
        case xyzz
        /// Affine buckets with batched affine additions sharing inversions (≈ 6M per point).
        case batchAffine
    }

    /// The largest window. Digits are stored as Int16. For c ≤ 15 they are signed digits of the folded scalar
    /// (±2^(c−1) at most, sign applied); a folded 16-bit digit would reach ±2^15, and +2^15 wraps to −2^15 in an
    /// Int16. So a 16-bit window takes the digits of the unfolded scalar k < r < 2^254 in [−2^15, 2^15 − 1]
    /// (`Pippenger.computeDigits`), always over `Pippenger.unfoldedWindowCount` windows.
    public static let maxWindowBits = 16

    /// The window size chosen for `count` full-size scalars: minimises (⌊253/c⌋ + 1)·(n + 1.5·2^c) bucket operations (the
    /// running sum costs two additions per bucket, and a full XYZZ addition ≈ 1.5 mixed additions), capped at
    /// `maxWindowBits`.
    public static func defaultWindowBits(count n: Int) -> Int {
        var best = 1
        var bestCost = Double.infinity
        for c in 1...maxWindowBits {
            let cost = ScalarGroup.cost(count: n, high: SignedScalars.maxBits, bits: c)
            if cost < bestCost {
                bestCost = cost
                best = c
            }
        }
        return best
    }

    /// The bucket strategy used by default: batched affine additions once windows are large enough for the
    /// shared inversion to pay off (c ≥ 10), XYZZ buckets below.
    public static func defaultStrategy(windowBits c: Int) -> BucketStrategy { c >= 10 ? .batchAffine : .xyzz }

    // The public entry points are concrete per group, so that callers in other modules reach a whole-module
    // specialisation of the generic kernel (`msm`), never a generic one; each is a one-line door.

    /// Σ [scalars_i] points_i in G1. Precondition: points.count == scalars.count. nil threads = all cores;
    /// nil windowBits = chosen per group of scalar sizes (`ScalarGroup.plan`); nil strategy =
    /// `defaultStrategy(windowBits:)` per group. Explicit window sizes c ∈ 1...`maxWindowBits` and strategies are for tests
    /// and tuning.
    public static func pippenger(
        points: [G1Affine], scalars: [Fr], windowBits: Int? = nil, strategy: BucketStrategy? = nil,
        threads: Int? = nil
    ) -> G1Jacobian {
        msm(points: points, scalars: scalars, windowBits: windowBits, strategy: strategy, threads: threads)
    }

    /// Σ [scalars_i] points_i in G2 (subgroup points, not re-checked); parameters as for G1.
    public static func pippenger(
        points: [G2Affine], scalars: [Fr], windowBits: Int? = nil, strategy: BucketStrategy? = nil,
        threads: Int? = nil
    ) -> G2Jacobian {
        msm(points: points, scalars: scalars, windowBits: windowBits, strategy: strategy, threads: threads)
    }

    /// The one implementation behind both groups' `pippenger`.
    static func msm<P: AffinePoint>(
        points: [P], scalars: [Fr], windowBits: Int?, strategy: BucketStrategy?, threads: Int?
    ) -> Jacobian<P.Field> {
        precondition(points.count == scalars.count, "MSM: points.count != scalars.count")
        let t = Parallel.threadCount(threads)
        let r = points.withUnsafeBufferPointer { p in
            scalars.withUnsafeBufferPointer { s in
                Pippenger.msm(points: p, scalars: s, forcedWindowBits: windowBits, threads: t, strategy: strategy)
            }
        }.jacobianCoordinates()
        return Jacobian(x: r.x, y: r.y, z: r.z)
    }

    /// Reference: Σ [scalars_i] points_i by one scalar multiplication per term (either group).
    @inlinable
    public static func naive<P: AffinePoint>(points: [P], scalars: [Fr]) -> Jacobian<P.Field> {
        precondition(points.count == scalars.count, "MSM: points.count != scalars.count")
        var acc = Jacobian<P.Field>.infinity
        for (p, k) in zip(points, scalars) { acc += p * k }
        return acc
    }
}
