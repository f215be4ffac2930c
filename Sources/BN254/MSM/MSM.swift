#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Online processors (sysconf(_SC_NPROCESSORS_ONLN)), at least 1: the default thread count.
    public static var availableCores: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The window size chosen for `count` points: minimises (⌊254/c⌋ + 1)·(n + 2^c) bucket operations (the
    /// running sum costs two additions per bucket, and a full XYZZ addition ≈ 1.5 mixed additions), capped at
    /// 16 (Int16 digits).
    public static func defaultWindowBits(count n: Int) -> Int {
        var best = 1
        var bestCost = Double.infinity
        for c in 1...16 {
            let cost = Double(Pippenger.windowCount(bits: c)) * (Double(n) + 1.5 * Double(1 << c))
            if cost < bestCost { bestCost = cost; best = c }
        }
        return best
    }

    /// The bucket strategy used by default: batched affine additions once windows are large enough for the
    /// shared inversion to pay off (c ≥ 10), XYZZ buckets below.
    public static func defaultStrategy(windowBits c: Int) -> BucketStrategy { c >= 10 ? .batchAffine : .xyzz }

    static func resolveThreads(_ threads: Int?) -> Int {
        guard let t = threads else { return availableCores }
        precondition(t >= 1, "MSM: threads must be ≥ 1")
        return t
    }

    // MARK: G1

    /// Σ [scalars_i] points_i in G1. Precondition: points.count == scalars.count. nil threads = all cores.
    public static func pippenger(points: [G1Affine], scalars: [Fr], threads: Int? = nil) -> G1Jacobian {
        let c = defaultWindowBits(count: points.count)
        return pippenger(points: points, scalars: scalars, windowBits: c, strategy: defaultStrategy(windowBits: c),
                         threads: threads)
    }

    /// Σ [scalars_i] points_i in G1 with an explicit window size c ∈ 1...16 and bucket strategy (for tests and
    /// tuning).
    public static func pippenger(
        points: [G1Affine], scalars: [Fr], windowBits c: Int, strategy: BucketStrategy, threads: Int? = nil
    ) -> G1Jacobian {
        precondition(points.count == scalars.count, "MSM: points.count != scalars.count")
        let t = resolveThreads(threads)
        let r = points.withUnsafeBufferPointer { p in
            scalars.withUnsafeBufferPointer { s in
                Pippenger.msm(points: p, scalars: s, bits: c, threads: t, strategy: strategy)
            }
        }.jacobianCoordinates()
        return G1Jacobian(x: r.x, y: r.y, z: r.z)
    }

    /// Reference: Σ [scalars_i] points_i by one scalar multiplication per term.
    public static func naive(points: [G1Affine], scalars: [Fr]) -> G1Jacobian {
        precondition(points.count == scalars.count, "MSM: points.count != scalars.count")
        var acc = G1Jacobian.infinity
        for (p, k) in zip(points, scalars) { acc += p * k }
        return acc
    }

    // MARK: G2

    /// Σ [scalars_i] points_i in G2. Precondition: points.count == scalars.count. nil threads = all cores.
    public static func pippenger(points: [G2Affine], scalars: [Fr], threads: Int? = nil) -> G2Jacobian {
        let c = defaultWindowBits(count: points.count)
        return pippenger(points: points, scalars: scalars, windowBits: c, strategy: defaultStrategy(windowBits: c),
                         threads: threads)
    }

    /// Σ [scalars_i] points_i in G2 with an explicit window size c ∈ 1...16 and bucket strategy.
    public static func pippenger(
        points: [G2Affine], scalars: [Fr], windowBits c: Int, strategy: BucketStrategy, threads: Int? = nil
    ) -> G2Jacobian {
        precondition(points.count == scalars.count, "MSM: points.count != scalars.count")
        let t = resolveThreads(threads)
        let r = points.withUnsafeBufferPointer { p in
            scalars.withUnsafeBufferPointer { s in
                Pippenger.msm(points: p, scalars: s, bits: c, threads: t, strategy: strategy)
            }
        }.jacobianCoordinates()
        return G2Jacobian(x: r.x, y: r.y, z: r.z)
    }

    /// Reference: Σ [scalars_i] points_i by one scalar multiplication per term.
    public static func naive(points: [G2Affine], scalars: [Fr]) -> G2Jacobian {
        precondition(points.count == scalars.count, "MSM: points.count != scalars.count")
        var acc = G2Jacobian.infinity
        for (p, k) in zip(points, scalars) { acc += p * k }
        return acc
    }
}
