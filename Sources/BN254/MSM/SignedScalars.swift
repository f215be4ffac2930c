/// The scalars of one MSM as signed magnitudes, the form the size-aware bucket method wants (the signed-scalar
/// idea of arkworks' `msm_signed` and Jolt's MSM): k > (r − 1)/2 is written −(r − k), so a small negative value
/// −v, which F_r stores as the 254-bit r − v, costs what v costs; the sign goes to the digits (a negated point).
/// Zero scalars and points at infinity get bit length 0 and are skipped.
///
/// Only the bit lengths are kept (one byte per scalar): the digit pass folds each member again (`fold`), which
/// costs less than storing 32-byte magnitudes would add to the prover's peak memory.
///
/// Invariant: for i < count, `bitLengths[i]` is the bit length of fold(k_i).magnitude ≤ (r − 1)/2 < 2^253
/// (0 ⇔ skipped); `histogram[b]` counts the scalars of bit length b ∈ 1...253 (`histogram[0]` the skipped
/// ones). Owns its buffer: call `deallocate()`.
struct SignedScalars {
    static let maxBits = Fr.bitCount - 1
    let count: Int
    let bitLengths: UnsafeMutablePointer<UInt8>
    let histogram: [Int]

    init<P: AffinePoint>(points: UnsafeBufferPointer<P>, scalars: UnsafeBufferPointer<Fr>, threads: Int) {
        let n = scalars.count
        count = n
        let bitLengths = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
        let chunks = Parallel.chunkCount(count: n, threads: max(1, min(threads, n / 4096)))
        var counts = [Int](repeating: 0, count: chunks * 256)
        counts.withUnsafeMutableBufferPointer { counts in
            Parallel.execute(count: n, threads: chunks) { chunk, start, end in
                let histogram = counts.baseAddress! + chunk * 256
                for i in start..<end {
                    let bits = points[i].isInfinity ? 0 : Self.fold(scalars[i]).bits
                    bitLengths[i] = UInt8(truncatingIfNeeded: bits)
                    histogram[bits] += 1
                }
            }
        }
        var histogram = [Int](repeating: 0, count: Self.maxBits + 1)
        for chunk in 0..<chunks {
            for b in 0...Self.maxBits { histogram[b] += counts[chunk * 256 + b] }
        }
        self.bitLengths = bitLengths
        self.histogram = histogram
    }

    func deallocate() {
        bitLengths.deallocate()
    }

    /// min(k, r − k) as little-endian limbs, whether it is r − k, and its bit length (0 for k = 0).
    @inline(__always)
    static func fold(_ k: Fr) -> (magnitude: (UInt64, UInt64, UInt64, UInt64), negative: Bool, bits: Int) {
        var l = k.canonicalLimbs
        let h = Fr.halfOrderLimbs  // (r − 1)/2
        let above = l.3 != h.3 ? l.3 > h.3 : l.2 != h.2 ? l.2 > h.2 : l.1 != h.1 ? l.1 > h.1 : l.0 > h.0
        if above {
            let r = Fr.modulusLimbs
            let (d0, b0) = r.0.subtractingReportingOverflow(l.0)
            var (d1, b1) = r.1.subtractingReportingOverflow(l.1)
            var o: Bool
            (d1, o) = d1.subtractingReportingOverflow(b0 ? 1 : 0)
            b1 = b1 || o
            var (d2, b2) = r.2.subtractingReportingOverflow(l.2)
            (d2, o) = d2.subtractingReportingOverflow(b1 ? 1 : 0)
            b2 = b2 || o
            let d3 = r.3 &- l.3 &- (b2 ? 1 : 0)  // no borrow out: k < r
            l = (d0, d1, d2, d3)
        }
        let bits =
            l.3 != 0
            ? 256 - l.3.leadingZeroBitCount
            : l.2 != 0
                ? 192 - l.2.leadingZeroBitCount
                : l.1 != 0 ? 128 - l.1.leadingZeroBitCount : 64 - l.0.leadingZeroBitCount
        return (l, above, bits)
    }
}

/// Scalars whose bit lengths lie in `low...high`, run as one Pippenger pass with `windowBits`-bit windows.
struct ScalarGroup: Equatable {
    let low: Int
    let high: Int
    let count: Int
    let windowBits: Int

    var windowCount: Int { Pippenger.groupWindowCount(high: high, bits: windowBits) }

    /// Bucket operations of one group of `count` scalars below 2^high with c-bit windows: per window, one
    /// addition per scalar and a running sum of 2^(c−1) buckets (two full additions ≈ 3 mixed ones each).
    static func cost(count: Int, high: Int, bits c: Int) -> Double {
        Double(Pippenger.groupWindowCount(high: high, bits: c)) * (Double(count) + 1.5 * Double(1 << c))
    }

    /// The best window for a group (c ∈ 1...`MSM.maxWindowBits` unless `forced`) and its cost.
    static func bestWindow(count: Int, high: Int, forced: Int?) -> (bits: Int, cost: Double) {
        if let forced { return (forced, cost(count: count, high: high, bits: forced)) }
        var best = (bits: 1, cost: Double.infinity)
        for c in 1...MSM.maxWindowBits {
            let v = cost(count: count, high: high, bits: c)
            if v < best.cost { best = (c, v) }
        }
        return best
    }

    /// A fixed cost per group (its Horner doublings, passes and thread start-up), in mixed additions.
    static let overhead = 2048.0

    /// Splits bit lengths 1...253 into contiguous groups minimising the summed cost (dynamic programming over
    /// the distinct lengths present): many 1-bit scalars become one cheap group, a few full-size ones another.
    static func plan(histogram: [Int], forcedWindowBits: Int? = nil) -> [ScalarGroup] {
        let lengths = (1...SignedScalars.maxBits).filter { histogram[$0] > 0 }
        let m = lengths.count
        if m == 0 { return [] }
        var prefix = [Int](repeating: 0, count: m + 1)
        for j in 0..<m { prefix[j + 1] = prefix[j] + histogram[lengths[j]] }
        // best[j]: cheapest split of the first j lengths; from[j]: where its last group starts.
        var best = [Double](repeating: 0, count: m + 1)
        var from = [Int](repeating: 0, count: m + 1)
        for j in 1...m {
            best[j] = Double.infinity
            for i in 0..<j {
                let n = prefix[j] - prefix[i]
                let v = best[i] + bestWindow(count: n, high: lengths[j - 1], forced: forcedWindowBits).cost + overhead
                if v < best[j] {
                    best[j] = v
                    from[j] = i
                }
            }
        }
        var groups: [ScalarGroup] = []
        var j = m
        while j > 0 {
            let i = from[j]
            let n = prefix[j] - prefix[i]
            let high = lengths[j - 1]
            groups.append(
                ScalarGroup(
                    low: i == 0 ? 1 : lengths[i - 1] + 1, high: high, count: n,
                    windowBits: bestWindow(count: n, high: high, forced: forcedWindowBits).bits))
            j = i
        }
        return groups.reversed()
    }
}
