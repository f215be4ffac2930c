/// Pippenger's bucket method with signed digits, written once over the point type and specialised for G1/G2.
///
/// Algorithm (Bernstein et al., "Faster batch forgery identification", §4, with signed digits as in
/// gnark-crypto and Botrel & El Housni, eprint 2022/1400): every scalar k is written in base 2^c with digits
/// d_w ∈ [−2^(c−1) + 1, 2^(c−1)] (carry to the next window when a digit would exceed 2^(c−1); 16-bit windows:
/// see `computeDigits`); for each window w, point P_i is added to bucket |d_w,i| − 1 (negated when d < 0), and
/// the window sum is Σ_j j·B_j, computed by a running sum over the 2^(c−1) buckets (2 additions per bucket).
/// Windows are then combined by Horner's rule (c doublings per window).
///
/// Size-aware (arkworks `msm_signed`, Jolt's MSM, gnark's `partitionScalars`): the scalars are first folded to
/// signed magnitudes below 2^253 (`SignedScalars`; zeros and points at infinity dropped), then grouped by bit
/// length (`ScalarGroup.plan`), and each group is its own bucket pass with only as many windows as its longest
/// scalar needs: a bit costs one addition, an 8-bit value one window, a full-size value ⌊253/c⌋ + 1.
/// Work items are (window, slice of the group's points); every item is computed the same way whatever thread
/// runs it and all combinations happen in a fixed order, so the result does not depend on the thread count.
/// Variable time (not side-channel resistant).
enum Pippenger {
    /// Number of windows for c-bit signed digits of scalars below 2^bits: the top window holds the last
    /// bits mod c ≤ c − 1 bits plus a carry, ≤ 2^(c−1), so it never carries out.
    @inline(__always)
    static func windowCount(scalarBits bits: Int, bits c: Int) -> Int { bits / c + 1 }

    /// The window count of a group whose folded scalars have at most `high` bits: `windowCount` for c ≤ 15;
    /// for c = 16 (unfolded scalars below r < 2^254) always `unfoldedWindowCount`.
    @inline(__always)
    static func groupWindowCount(high: Int, bits c: Int) -> Int {
        c == 16 ? unfoldedWindowCount : windowCount(scalarBits: high, bits: c)
    }

    /// 16-bit windows of k < 2^254: 16 windows, the top one holding bits 240…253 plus a carry, below 2^15.
    static let unfoldedWindowCount = 16

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

    /// Writes the signed c-bit digits of the group's members `members[range]` into `digits[w·n + j]`
    /// (window-major over the group's n members). c ≤ 15: digits of the folded scalar in [−2^(c−1) + 1, 2^(c−1)],
    /// negated for a folded scalar (|d| ≤ 2^14 fits Int16). c = 16: digits of the unfolded scalar k (no sign),
    /// carried at d ≥ 2^15, so in [−2^15, 2^15 − 1] — exactly Int16's range.
    static func computeDigits(
        scalars: UnsafeBufferPointer<Fr>, members: UnsafePointer<Int32>, count n: Int, bits c: Int, windows: Int,
        digits: UnsafeMutablePointer<Int16>, range: Range<Int>
    ) {
        let mask: UInt64 = (1 << UInt64(c)) &- 1
        let half = 1 << (c - 1)
        let full = 1 << c
        let unfolded = c == 16
        // Carry when d > half (folded) or d ≥ half (unfolded): d − full then lies in the range above.
        let carryFrom = unfolded ? half : half + 1
        for j in range {
            let i = Int(members[j])
            let (k, sign): ((UInt64, UInt64, UInt64, UInt64), Bool)
            if unfolded {
                (k, sign) = (scalars[i].canonicalLimbs, false)
            } else {
                let folded = SignedScalars.fold(scalars[i])
                (k, sign) = (folded.magnitude, folded.negative)
            }
            var carry = 0
            for w in 0..<windows {
                let bit = w * c
                let index = bit >> 6
                let shift = UInt64(bit & 63)
                var v = limb(k, index) >> shift
                if shift + UInt64(c) > 64 { v |= limb(k, index + 1) << (64 - shift) }
                var d = Int(v & mask) + carry
                if d >= carryFrom {
                    d -= full
                    carry = 1
                } else {
                    carry = 0
                }
                assert(unfolded ? d >= -half && d < half : d > -half && d <= half)
                digits[w * n + j] = Int16(truncatingIfNeeded: sign ? -d : d)
            }
            assert(carry == 0)
        }
    }

    /// One window with XYZZ buckets over `count` members (point indices and their digits): bucket
    /// accumulation by mixed additions (8M + 2S each), then the running sum Σ_j j·B_j (2 XYZZ additions per
    /// bucket, 12M + 2S each). `buckets` holds `bucketCount` slots.
    static func windowSumXYZZ<P: AffinePoint>(
        points: UnsafeBufferPointer<P>, members: UnsafePointer<Int32>, digits: UnsafePointer<Int16>, count: Int,
        buckets: UnsafeMutablePointer<XYZZ<P.Field>>, bucketCount: Int
    ) -> XYZZ<P.Field> {
        for b in 0..<bucketCount { buckets[b] = .infinity }
        for j in 0..<count {
            let d = Int(digits[j])
            let p = points[Int(members[j])]
            if d > 0 {
                buckets[d - 1].addMixed(x: p.x, y: p.y)
            } else if d < 0 {
                buckets[-d - 1].addMixed(x: p.x, y: -p.y)
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

    /// Σ [scalars_i] points_i on `threads` threads (≥ 1); `forcedWindowBits` (tests, tuning) fixes c for every
    /// group, `strategy` the bucket kind (nil: `MSM.defaultStrategy` per group).
    static func msm<P: AffinePoint>(
        points: UnsafeBufferPointer<P>, scalars: UnsafeBufferPointer<Fr>, forcedWindowBits: Int?, threads: Int,
        strategy: MSM.BucketStrategy?
    ) -> XYZZ<P.Field> {
        precondition(points.count == scalars.count, "MSM: points.count != scalars.count")
        precondition(
            forcedWindowBits.map { $0 >= 1 && $0 <= MSM.maxWindowBits } ?? true,
            "MSM: window size must be in 1...\(MSM.maxWindowBits)")
        let n = points.count
        if n == 0 { return .infinity }
        let signed = SignedScalars(points: points, scalars: scalars, threads: threads)
        defer { signed.deallocate() }
        let groups = ScalarGroup.plan(histogram: signed.histogram, forcedWindowBits: forcedWindowBits)
        if groups.isEmpty { return .infinity }

        // Counting sort of the point indices by group (one pass, ascending index within each group).
        var groupOf = [Int](repeating: -1, count: SignedScalars.maxBits + 1)
        var offsets = [Int](repeating: 0, count: groups.count + 1)
        for (g, group) in groups.enumerated() {
            for b in group.low...group.high { groupOf[b] = g }
            offsets[g + 1] = offsets[g] + group.count
        }
        let members = UnsafeMutablePointer<Int32>.allocate(capacity: offsets[groups.count])
        defer { members.deallocate() }
        var next = offsets
        for i in 0..<n {
            let g = groupOf[Int(signed.bitLengths[i])]
            if g >= 0 {
                members[next[g]] = Int32(truncatingIfNeeded: i)
                next[g] += 1
            }
        }

        var total = XYZZ<P.Field>.infinity
        for (g, group) in groups.enumerated() {
            let sum = groupSum(
                points: points, scalars: scalars, members: members + offsets[g], group: group,
                threads: threads, strategy: strategy ?? MSM.defaultStrategy(windowBits: group.windowBits))
            total.add(sum)
        }
        return total
    }

    /// The number of work items a group with few windows is split into (enough for 4 cores).
    static let sliceTarget = 4

    /// Σ over one group's members, windows and point slices spread over the threads, combined in fixed order.
    static func groupSum<P: AffinePoint>(
        points: UnsafeBufferPointer<P>, scalars: UnsafeBufferPointer<Fr>, members: UnsafePointer<Int32>,
        group: ScalarGroup,
        threads: Int, strategy: MSM.BucketStrategy
    ) -> XYZZ<P.Field> {
        let n = group.count
        let c = group.windowBits
        let windows = group.windowCount
        let bucketCount = 1 << (c - 1)
        let digits = UnsafeMutablePointer<Int16>.allocate(capacity: windows * n)
        defer { digits.deallocate() }
        // Chunks of at least 1024 scalars; each writes its own columns of `digits`.
        Parallel.execute(count: n, threads: max(1, min(threads, n / 1024))) { start, end in
            computeDigits(
                scalars: scalars, members: members, count: n, bits: c, windows: windows, digits: digits,
                range: start..<end)
        }
        // Work items: (window, slice of the group's points). Few windows (small scalars): every window is split so
        // that several threads have work. Many windows, odd count: the top window is split in two, so that two
        // threads get equal halves (8.5 windows each of 17, not 9 and 8) for one extra running sum over the top
        // window's few buckets. The split depends only on the group, never on the thread count, so neither does
        // the result's representation.
        let slices = windows >= sliceTarget ? 1 : max(1, min((sliceTarget + windows - 1) / windows, n / 8192))
        let topSlices = slices == 1 && windows % 2 == 1 && n >= 1 << 14 ? 2 : slices
        let items = (windows - 1) * slices + topSlices
        let workers = max(1, min(threads, items))
        let itemSums = UnsafeMutablePointer<XYZZ<P.Field>>.allocate(capacity: items)
        defer { itemSums.deallocate() }
        itemSums.initialize(repeating: .infinity, count: items)
        // Item k < (windows − 1)·slices is slice k % slices of window k / slices; the rest are the top window's.
        func item(_ k: Int) -> (window: Int, range: Range<Int>) {
            let regular = (windows - 1) * slices
            let (w, s, count) = k < regular ? (k / slices, k % slices, slices) : (windows - 1, k - regular, topSlices)
            return (w, n * s / count..<n * (s + 1) / count)
        }
        // Worker k computes items k, k + workers, … into its own bucket scratch; each item sum has one writer.
        switch strategy {
        case .xyzz:
            let buckets = UnsafeMutablePointer<XYZZ<P.Field>>.allocate(capacity: workers * bucketCount)
            defer { buckets.deallocate() }
            buckets.initialize(repeating: .infinity, count: workers * bucketCount)
            eachWorker(workers, items: items) { worker, k in
                let (w, range) = item(k)
                itemSums[k] = windowSumXYZZ(
                    points: points, members: members + range.lowerBound, digits: digits + w * n + range.lowerBound,
                    count: range.count, buckets: buckets + worker * bucketCount, bucketCount: bucketCount)
            }
        case .batchAffine:
            let scratch = (0..<workers).map { _ in BatchAffineWindow(points: points, bucketCount: bucketCount) }
            defer { for window in scratch { window.deallocate() } }
            eachWorker(workers, items: items) { worker, k in
                let (w, range) = item(k)
                var window = scratch[worker]
                itemSums[k] = window.run(
                    members: members + range.lowerBound, digits: digits + w * n + range.lowerBound, count: range.count)
            }
        }

        // Horner: Σ_w 2^(c·w)·S_w, from the top window down (fixed order), S_w the sum of its slices.
        var acc = XYZZ<P.Field>.infinity
        for k in (windows - 1) * slices..<items { acc.add(itemSums[k]) }
        for w in stride(from: windows - 2, through: 0, by: -1) {
            for _ in 0..<c { acc = acc.doubled() }
            for s in 0..<slices { acc.add(itemSums[w * slices + s]) }
        }
        return acc
    }

    /// Runs `body(worker, item)` for items worker, worker + workers, … on `workers` threads (strided, so that
    /// the short top window does not leave one thread idle).
    static func eachWorker(_ workers: Int, items: Int, _ body: (_ worker: Int, _ item: Int) -> Void) {
        Parallel.execute(count: workers, threads: workers) { worker, _, _ in
            for item in stride(from: worker, to: items, by: workers) { body(worker, item) }
        }
    }
}
