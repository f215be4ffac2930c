/// Bucket accumulation with affine buckets and batched affine additions (the technique of gnark-crypto's MSM,
/// Botrel & El Housni, "Faster Montgomery multiplication and multi-scalar-multiplication for SNARKs",
/// eprint 2022/1400): up to `batchSize` pending additions bucket ← bucket + P, each to a different bucket, are
/// executed together, sharing one field inversion through Montgomery's simultaneous-inversion trick
/// (Montgomery 1987). Per addition: λ = (y_P − y_B)/(x_P − x_B), x₃ = λ² − x_B − x_P, y₃ = λ(x_B − x₃) − y_B:
/// 3M for the batch inversion + 2M + 1S ≈ 6 multiplications (plus one inversion per batch), against 8M + 2S
/// for an XYZZ mixed addition.
///
/// A point whose bucket already has a pending addition in the current batch waits in a conflict queue.
/// Special cases are settled immediately, outside the batch: an empty bucket takes the point; P = −B empties
/// the bucket; P = B (rare) goes to a per-bucket XYZZ side accumulator, added during the reduction.
/// The sequence of operations depends only on the input, never on threads. Each worker owns one
/// `BatchAffineWindow` (its scratch) and runs it for each of its windows.
struct BatchAffineWindow<P: AffinePoint> {
    typealias F = P.Field
    static var present: UInt8 { 1 }
    static var pending: UInt8 { 2 }
    static var hasExtra: UInt8 { 4 }

    let points: UnsafeBufferPointer<P>
    let bucketCount: Int
    let batchSize: Int
    // One worker's scratch (plain pointers, no ARC in the loop), reused for every window the worker runs.
    let bucketX: UnsafeMutablePointer<F>
    let bucketY: UnsafeMutablePointer<F>
    /// 0 = empty bucket, 1 = affine value present, bit 1 (2) = pending in the current batch,
    /// bit 2 (4) = the XYZZ side accumulator holds a value.
    let state: UnsafeMutablePointer<UInt8>
    let extra: UnsafeMutablePointer<XYZZ<F>>
    let batchBucket: UnsafeMutablePointer<Int32>
    let batchX: UnsafeMutablePointer<F>
    let batchY: UnsafeMutablePointer<F>
    let batchDx: UnsafeMutablePointer<F>
    let batchPrefix: UnsafeMutablePointer<F>
    /// Queued (point index << 1 | negate) and bucket.
    let queuePoint: UnsafeMutablePointer<Int32>
    let queueBucket: UnsafeMutablePointer<Int32>
    /// The bucket reduction's chains (`BatchAffineReduction.swift`): `chains` running sums and totals, affine,
    /// with bit 0 of `chainFlags` = running sum present, bit 1 = total present. Zero chains: reduction by XYZZ.
    let chains: Int
    let chainRunX: UnsafeMutablePointer<F>
    let chainRunY: UnsafeMutablePointer<F>
    let chainTotalX: UnsafeMutablePointer<F>
    let chainTotalY: UnsafeMutablePointer<F>
    let chainFlags: UnsafeMutablePointer<UInt8>
    var batchCount = 0
    var queueCount = 0
    /// Buckets whose XYZZ side accumulator holds a value in the current window.
    var extraBuckets = 0

    static func batchSize(bucketCount: Int) -> Int { max(16, min(2048, bucketCount / 4)) }

    /// Allocates one worker's scratch; release it with `deallocate()`.
    init(points: UnsafeBufferPointer<P>, bucketCount: Int) {
        let batch = Self.batchSize(bucketCount: bucketCount)
        self.points = points
        self.bucketCount = bucketCount
        self.batchSize = batch
        // F is a trivial type, but the coordinate buffers are initialised once so that no uninitialised value is
        // ever read.
        bucketX = .allocate(capacity: bucketCount)
        bucketX.initialize(repeating: .zero, count: bucketCount)
        bucketY = .allocate(capacity: bucketCount)
        bucketY.initialize(repeating: .zero, count: bucketCount)
        state = .allocate(capacity: bucketCount)
        // Side accumulators are initialised when first used (few are): untouched pages cost no memory, and the
        // G2 array of a 16-bit window is 8 MB per worker.
        extra = .allocate(capacity: bucketCount)
        batchBucket = .allocate(capacity: batch)
        batchX = .allocate(capacity: batch)
        batchX.initialize(repeating: .zero, count: batch)
        batchY = .allocate(capacity: batch)
        batchY.initialize(repeating: .zero, count: batch)
        batchDx = .allocate(capacity: batch)
        batchDx.initialize(repeating: .zero, count: batch)
        batchPrefix = .allocate(capacity: batch)
        batchPrefix.initialize(repeating: .zero, count: batch)
        queuePoint = .allocate(capacity: batch)
        queueBucket = .allocate(capacity: batch)
        chains = Self.chainCount(bucketCount: bucketCount, batchSize: batch)
        chainRunX = .allocate(capacity: max(chains, 1))
        chainRunX.initialize(repeating: .zero, count: max(chains, 1))
        chainRunY = .allocate(capacity: max(chains, 1))
        chainRunY.initialize(repeating: .zero, count: max(chains, 1))
        chainTotalX = .allocate(capacity: max(chains, 1))
        chainTotalX.initialize(repeating: .zero, count: max(chains, 1))
        chainTotalY = .allocate(capacity: max(chains, 1))
        chainTotalY.initialize(repeating: .zero, count: max(chains, 1))
        chainFlags = .allocate(capacity: max(chains, 1))
    }

    func deallocate() {
        bucketX.deallocate()
        bucketY.deallocate()
        state.deallocate()
        extra.deallocate()
        batchBucket.deallocate()
        batchX.deallocate()
        batchY.deallocate()
        batchDx.deallocate()
        batchPrefix.deallocate()
        queuePoint.deallocate()
        queueBucket.deallocate()
        chainRunX.deallocate()
        chainRunY.deallocate()
        chainTotalX.deallocate()
        chainTotalY.deallocate()
        chainFlags.deallocate()
    }

    /// The window sum Σ_j j·B_j for one window's digits of `count` members (point indices). Leaves both
    /// counters at zero.
    mutating func run(members: UnsafePointer<Int32>, digits: UnsafePointer<Int16>, count: Int) -> XYZZ<F> {
        state.update(repeating: 0, count: bucketCount)
        extraBuckets = 0
        for j in 0..<count {
            let d = Int(digits[j])
            if d == 0 { continue }
            let i = Int(members[j])
            let b = d > 0 ? d - 1 : -d - 1
            if state[b] & Self.pending != 0 {
                if queueCount < batchSize / 2 {
                    queuePoint[queueCount] = Int32(truncatingIfNeeded: i << 1 | (d < 0 ? 1 : 0))
                    queueBucket[queueCount] = Int32(truncatingIfNeeded: b)
                    queueCount += 1
                } else {
                    // Skewed digits (small scalars crowd a few buckets): queued points would each cost a flush
                    // of a nearly empty batch, i.e. an inversion; an XYZZ mixed addition is cheaper.
                    let p = points[i]
                    addExtra(bucket: b, x: p.x, y: d > 0 ? p.y : -p.y)
                }
            } else {
                let p = points[i]
                schedule(bucket: b, x: p.x, y: d > 0 ? p.y : -p.y)
            }
            // Only the counter this step grew can have reached batchSize (both are below it after a drain).
            if batchCount == batchSize || queueCount == batchSize { flushAndDrain() }
        }
        flushAndDrain()
        flush()
        // What is still queued waits for a few crowded buckets: XYZZ additions, not one inversion each.
        for q in 0..<queueCount {
            let code = Int(queuePoint[q])
            let p = points[code >> 1]
            addExtra(bucket: Int(queueBucket[q]), x: p.x, y: code & 1 == 0 ? p.y : -p.y)
        }
        queueCount = 0
        if chains > 0 && extraBuckets * Self.extraCostRatio <= bucketCount { return chainedBucketSum() }
        // Running sum Σ_j j·B_j from the top bucket; each bucket is its affine part plus its XYZZ side part.
        var running = XYZZ<F>.infinity
        var total = XYZZ<F>.infinity
        for b in stride(from: bucketCount - 1, through: 0, by: -1) {
            let s = state[b]
            if s & Self.present != 0 { running.addMixed(x: bucketX[b], y: bucketY[b]) }
            if s & Self.hasExtra != 0 { running.add(extra[b]) }
            total.add(running)
        }
        return total
    }

    /// bucket b += (x, y): settled at once for the special cases, otherwise appended to the batch.
    /// Precondition: bucket b has no pending addition.
    mutating func schedule(bucket b: Int, x: F, y: F) {
        let s = state[b]
        if s & Self.present == 0 {
            bucketX[b] = x
            bucketY[b] = y
            state[b] = s | Self.present
            return
        }
        if bucketX[b] == x {
            if bucketY[b] == y {
                // B + B: keep B in the affine slot and add the other copy on the XYZZ side.
                if s & Self.hasExtra == 0 {
                    (extra + b).initialize(to: .infinity)
                    state[b] = s | Self.hasExtra
                    extraBuckets += 1
                }
                extra[b].addMixed(x: x, y: y)
            } else {
                state[b] = s & ~Self.present  // B + (−B) = O
            }
            return
        }
        state[b] = s | Self.pending
        batchBucket[batchCount] = Int32(truncatingIfNeeded: b)
        batchX[batchCount] = x
        batchY[batchCount] = y
        batchCount += 1
    }

    /// bucket b's XYZZ side accumulator += (x, y), whatever the state of its affine part.
    mutating func addExtra(bucket b: Int, x: F, y: F) {
        if state[b] & Self.hasExtra == 0 {
            (extra + b).initialize(to: .infinity)
            state[b] |= Self.hasExtra
            extraBuckets += 1
        }
        extra[b].addMixed(x: x, y: y)
    }

    /// Executes the pending additions with one inversion (Montgomery's trick).
    mutating func flush() {
        let count = batchCount
        if count == 0 { return }
        var acc = F.one
        for k in 0..<count {
            let b = Int(batchBucket[k])
            let dx = batchX[k] - bucketX[b]  // ≠ 0: equal x was settled in `schedule`
            batchDx[k] = dx
            batchPrefix[k] = acc
            acc = acc * dx
        }
        var inv = acc.inverse!
        for k in stride(from: count - 1, through: 0, by: -1) {
            let b = Int(batchBucket[k])
            let dxInv = inv * batchPrefix[k]  // 1/dx_k
            inv = inv * batchDx[k]  // 1/(dx_0 ⋯ dx_{k−1})
            let bx = bucketX[b]
            let by = bucketY[b]
            let lambda = (batchY[k] - by) * dxInv  // λ = (y_P − y_B)/(x_P − x_B)
            let x3 = lambda.squared() - bx - batchX[k]  // x₃ = λ² − x_B − x_P
            bucketY[b] = lambda * (bx - x3) - by  // y₃ = λ(x_B − x₃) − y_B
            bucketX[b] = x3
            state[b] &= ~Self.pending
        }
        batchCount = 0
    }

    /// Executes the batch, then moves queued points whose bucket is now free into the next one.
    mutating func flushAndDrain() {
        flush()
        drainQueue()
    }

    /// Moves queued points whose bucket is free into the batch (flushing when it fills); keeps the others.
    mutating func drainQueue() {
        var kept = 0
        for q in 0..<queueCount {
            let b = Int(queueBucket[q])
            if state[b] & Self.pending != 0 {
                queuePoint[kept] = queuePoint[q]
                queueBucket[kept] = queueBucket[q]
                kept += 1
                continue
            }
            let code = Int(queuePoint[q])
            let p = points[code >> 1]
            schedule(bucket: b, x: p.x, y: code & 1 == 0 ? p.y : -p.y)
            if batchCount == batchSize { flush() }
        }
        queueCount = kept
    }
}
