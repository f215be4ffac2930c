/// Integer semantics of the fused rescale-and-activation ops (`FixedPointOp.rescaleClip`, `.hardSwish`), shared by
/// the executor, the interval analysis and the circuit's witness.
extension IntegerMath {
    /// clip(toNearestOrUp(x / 2^shift), lower, upper); a missing bound is not applied.
    static func rescaleClip(_ x: Int64, shift: Int, lower: Int64?, upper: Int64?) -> Int64 {
        min(max(rescale(x, shift: shift), lower ?? .min), upper ?? .max)
    }

    /// ⌊a / b⌋ for b > 0 (rounding toward −∞, unlike Swift's `/`).
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        return r < 0 ? q - 1 : q
    }

    /// HardSwish of q at scale 2^s, h(x) = x·clip(x + 3, 0, 6)/6: 0 for q ≤ −3·2^s, q for q ≥ 3·2^s, else
    /// ⌊(q·(q + 3·2^s) + 3·2^s) / (6·2^s)⌋ (the product rounded half up, exact on the quantized q: error ≤ ½·2^−s).
    static func hardSwish(_ q: Int64, scale s: Int) -> Int64 {
        let three = Int64(3) << Int64(s)
        if q >= three { return q }
        if q <= -three { return 0 }
        return floorDivide(q * (q + three) + three, 2 * three)
    }

    /// The range of the middle branch's quotient over g = clip(q + 3·2^s, 0, 6·2^s): ⌊((g − 3·2^s)·g + 3·2^s) /
    /// (6·2^s)⌋ for g ∈ [0, 6·2^s] (minimum at g ≈ 1.5·2^s, maximum 3·2^s at g = 6·2^s).
    static func hardSwishMiddleRange(scale s: Int) -> (lower: Int64, upper: Int64) {
        let three = Int64(3) << Int64(s)
        let m = three / 2
        let lowest = [m, m + 1].map { ($0 - three) * $0 }.min()!
        return (floorDivide(lowest + three, 2 * three), three)
    }

    /// Bounds of `hardSwish` over q ∈ [lower, upper]: h is non-increasing up to q ≈ −1.5·2^s and non-decreasing
    /// after it, so the extremes are at the ends or at the integers next to the minimum.
    static func hardSwishBounds(_ lower: Int64, _ upper: Int64, scale s: Int) -> (lower: Int64, upper: Int64) {
        let m = -(Int64(3) << Int64(s)) / 2
        let points = [lower, upper] + [m - 1, m, m + 1].filter { $0 > lower && $0 < upper }
        let values = points.map { hardSwish($0, scale: s) }
        return (values.min()!, values.max()!)
    }
}
