/// Pippenger's bucket method with signed digits, written once over the point type and specialised for G1/G2.
///
/// Algorithm (Bernstein et al., "Faster batch forgery identification", §4, with signed digits as in
/// gnark-crypto and Botrel & El Housni, eprint 2022/1400): every scalar k is written in base 2^c with digits
/// d_w ∈ [−2^(c−1), 2^(c−1)] (carry to the next window when a digit would be ≥ 2^(c−1)); for each window w,
/// point P_i is added to bucket |d_w,i| − 1 (negated when d < 0), and the window sum is Σ_j j·B_j, computed by a
/// running sum over the 2^(c−1) buckets (2 additions per bucket). Windows are then combined by Horner's rule
/// (c doublings per window). Each window is independent, so windows are spread over threads; every window is
/// computed the same way whatever thread runs it and the final combination order is fixed, so the result does
/// not depend on the thread count. Variable time (not side-channel resistant).
enum Pippenger {
    /// Number of windows for c-bit digits: scalars are < r < 2^254, and one more window than ⌊254/c⌋ leaves room
    /// for the final carry (the top window holds at most 2^(c−1)).
    @inline(__always)
    static func windowCount(bits c: Int) -> Int { Fr.bitCount / c + 1 }

    @inline(__always)
    static func limb(_ k: (UInt64, UInt64, UInt64, UInt64), _ i: Int) -> UInt64 {
        switch i {
        case 0: return k.0
        case 1: return k.1
        case 2: return k.2
        case 3: return k.3
        default: return 0
        }
    }

    /// Writes the signed c-bit digits of scalars[range] into `digits[w·n + i]` (window-major), with 0 for a
    /// zero scalar or a point at infinity (skipped). Each digit is in [−2^(c−1), 2^(c−1)] and fits Int16 for
    /// c ≤ 16 (only the top window can reach +2^(c−1), and there it is ≤ 2^(254 mod c) ≤ 2^14 for c = 16).
    static func computeDigits<P: AffinePoint>(
        points: UnsafeBufferPointer<P>, scalars: UnsafeBufferPointer<Fr>, bits c: Int,
        digits: UnsafeMutablePointer<Int16>, range: Range<Int>
    ) {
        let n = points.count
        let windows = windowCount(bits: c)
        let mask: UInt64 = (1 << UInt64(c)) &- 1
        let half = 1 << (c - 1)
        let full = 1 << c
        for i in range {
            if points[i].isInfinity || scalars[i].isZero {
                for w in 0..<windows { digits[w * n + i] = 0 }
                continue
            }
            let k = scalars[i].canonicalLimbs
            var carry = 0
            for w in 0..<windows {
                let bit = w * c
                let index = bit >> 6
                let shift = UInt64(bit & 63)
                var v = limb(k, index) >> shift
                if shift + UInt64(c) > 64 { v |= limb(k, index + 1) << (64 - shift) }
                var d = Int(v & mask) + carry
                if w < windows - 1, d >= half {
                    d -= full
                    carry = 1
                } else {
                    carry = 0
                }
                assert(d >= -half && d <= half && d <= Int(Int16.max))
                digits[w * n + i] = Int16(truncatingIfNeeded: d)
            }
        }
    }

    /// One window with XYZZ buckets: bucket accumulation by mixed additions (8M + 2S each), then the running
    /// sum Σ_j j·B_j (2 XYZZ additions per bucket, 12M + 2S each). `buckets` holds `bucketCount` slots.
    static func windowSumXYZZ<P: AffinePoint>(
        points: UnsafeBufferPointer<P>, digits: UnsafePointer<Int16>,
        buckets: UnsafeMutablePointer<XYZZ<P.Field>>, bucketCount: Int
    ) -> XYZZ<P.Field> {
        for b in 0..<bucketCount { buckets[b] = .infinity }
        for i in 0..<points.count {
            let d = Int(digits[i])
            if d > 0 {
                buckets[d - 1].addMixed(x: points[i].x, y: points[i].y)
            } else if d < 0 {
                buckets[-d - 1].addMixed(x: points[i].x, y: -points[i].y)
            }
        }
        return runningSum(buckets: buckets, bucketCount: bucketCount)
    }

    /// Σ_{j=1}^{m} j·B_{j−1} = Σ_j (B_{m−1} + … + B_j) by a running sum from the top bucket.
    static func runningSum<F>(buckets: UnsafeMutablePointer<XYZZ<F>>, bucketCount: Int) -> XYZZ<F> {
        var running = XYZZ<F>.infinity
        var total = XYZZ<F>.infinity
        for b in stride(from: bucketCount - 1, through: 0, by: -1) {
            running.add(buckets[b])
            total.add(running)
        }
        return total
    }

    /// Σ [scalars_i] points_i with c-bit windows on `threads` threads (≥ 1). Allocates its scratch once.
    static func msm<P: AffinePoint>(
        points: UnsafeBufferPointer<P>, scalars: UnsafeBufferPointer<Fr>, bits c: Int, threads: Int,
        strategy: MSM.BucketStrategy
    ) -> XYZZ<P.Field> {
        precondition(points.count == scalars.count, "MSM: points.count != scalars.count")
        precondition(c >= 1 && c <= 16, "MSM: window size must be in 1...16")
        let n = points.count
        if n == 0 { return .infinity }
        let windows = windowCount(bits: c)
        let bucketCount = 1 << (c - 1)

        let digits = UnsafeMutablePointer<Int16>.allocate(capacity: windows * n)
        defer { digits.deallocate() }
        // Chunks of at least 1024 scalars; each writes its own columns of `digits`.
        Parallel.execute(count: n, threads: max(1, min(threads, n / 1024))) { start, end in
            computeDigits(points: points, scalars: scalars, bits: c, digits: digits, range: start..<end)
        }

        let workers = max(1, min(threads, windows))
        let windowSums = UnsafeMutablePointer<XYZZ<P.Field>>.allocate(capacity: windows)
        defer { windowSums.deallocate() }
        windowSums.initialize(repeating: .infinity, count: windows)
        // Worker k computes windows k, k + workers, … into its own bucket slice; each window sum has one writer.
        switch strategy {
        case .xyzz:
            let buckets = UnsafeMutablePointer<XYZZ<P.Field>>.allocate(capacity: workers * bucketCount)
            defer { buckets.deallocate() }
            buckets.initialize(repeating: .infinity, count: workers * bucketCount)
            eachWorker(workers, windows: windows) { worker, w in
                windowSums[w] = windowSumXYZZ(
                    points: points, digits: digits + w * n, buckets: buckets + worker * bucketCount,
                    bucketCount: bucketCount)
            }
        case .batchAffine:
            let scratch = (0..<workers).map { _ in BatchAffineWindow(points: points, bucketCount: bucketCount) }
            defer { for window in scratch { window.deallocate() } }
            eachWorker(workers, windows: windows) { worker, w in
                var window = scratch[worker]
                windowSums[w] = window.run(digits: digits + w * n)
            }
        }

        // Horner: Σ_w 2^(c·w)·S_w, from the top window down (fixed order).
        var acc = windowSums[windows - 1]
        for w in stride(from: windows - 2, through: 0, by: -1) {
            for _ in 0..<c { acc = acc.doubled() }
            acc.add(windowSums[w])
        }
        return acc
    }

    /// Runs `body(worker, window)` for windows worker, worker + workers, … on `workers` threads (strided, so
    /// that the short top window does not leave one thread idle).
    static func eachWorker(_ workers: Int, windows: Int, _ body: (_ worker: Int, _ window: Int) -> Void) {
        Parallel.execute(count: workers, threads: workers) { worker, _, _ in
            for w in stride(from: worker, to: windows, by: workers) { body(worker, w) }
        }
    }
}
