// The bucket reduction Σ_b (b + 1)·B_b of one batch-affine window, in affine coordinates with shared inversions.
//
// The running sum (running += B_b, total += running, from the top bucket) is sequential, so its additions cannot
// share an inversion, and in XYZZ they cost 8M + 2S and 12M + 2S per bucket. Here the buckets are cut into T chains
// of L = bucketCount/T consecutive buckets; chain s keeps its own running sum R_s and total T_s over buckets
// s·L ..< (s + 1)·L, and the chains advance in lockstep, so each step is a batch of up to T independent affine
// additions sharing one inversion (Montgomery's trick): ≈ 6M each plus 1/T of an inversion. Then
//     Σ_b (b + 1)·B_b = Σ_s T_s + L·Σ_s s·R_s,
// since bucket s·L + i has weight (i + 1) + s·L; the last sum is a short XYZZ running sum over the chains and
// log2(L) doublings. (The segmented bucket reduction of the ZPrize 2022 MSM entries; batched affine additions as in
// Botrel & El Housni, eprint 2022/1400.) Buckets with an XYZZ side part add (b + 1)·E_b by double-and-add.

extension BatchAffineWindow {
    /// The chains of a window of `bucketCount` buckets (powers of two, so L is one too), or 0 below 256 buckets,
    /// where the XYZZ running sum is as cheap.
    static func chainCount(bucketCount: Int, batchSize: Int) -> Int {
        bucketCount < 256 ? 0 : min(256, bucketCount / 16, batchSize)
    }

    /// Above bucketCount / `extraCostRatio` buckets with an XYZZ side part (each a double-and-add of ~1.5·log2(b)
    /// operations here), the XYZZ running sum is used instead.
    static var extraCostRatio: Int { 32 }

    /// Σ_b (b + 1)·(affine part + side part of bucket b), by the chained reduction. Precondition: no pending
    /// addition (batchCount = 0), `chains` > 0.
    mutating func chainedBucketSum() -> XYZZ<F> {
        let t = chains
        let length = bucketCount / t
        chainFlags.update(repeating: 0, count: t)
        for i in stride(from: length - 1, through: 0, by: -1) {
            for s in 0..<t {
                let b = s * length + i
                if state[b] & Self.present != 0 { chainStep(s, target: 1, x: bucketX[b], y: bucketY[b]) }
            }
            flushChains(target: 1)
            for s in 0..<t where chainFlags[s] & 1 != 0 { chainStep(s, target: 2, x: chainRunX[s], y: chainRunY[s]) }
            flushChains(target: 2)
        }
        var total = XYZZ<F>.infinity
        for s in 0..<t where chainFlags[s] & 2 != 0 { total.addMixed(x: chainTotalX[s], y: chainTotalY[s]) }
        // L·Σ_s s·R_s: running sum over the chains from the top (chain 0 has weight 0).
        var running = XYZZ<F>.infinity
        var weighted = XYZZ<F>.infinity
        for s in stride(from: t - 1, through: 1, by: -1) {
            if chainFlags[s] & 1 != 0 { running.addMixed(x: chainRunX[s], y: chainRunY[s]) }
            weighted.add(running)
        }
        for _ in 0..<length.trailingZeroBitCount { weighted = weighted.doubled() }
        total.add(weighted)
        if extraBuckets > 0 {
            for b in 0..<bucketCount where state[b] & Self.hasExtra != 0 {
                total.add(Self.multiple(extra[b], b + 1))
            }
        }
        return total
    }

    /// Chain s's running sum (target 1) or total (target 2) += (x, y): settled at once when the target is empty or
    /// the sum is infinity (x equal, y opposite), otherwise appended to the batch (at most one entry per chain).
    mutating func chainStep(_ s: Int, target: UInt8, x: F, y: F) {
        let (tx, ty) = target == 1 ? (chainRunX, chainRunY) : (chainTotalX, chainTotalY)
        if chainFlags[s] & target == 0 {
            tx[s] = x
            ty[s] = y
            chainFlags[s] |= target
            return
        }
        if tx[s] == x && ty[s] != y {
            chainFlags[s] &= ~target  // P + (−P) = O
            return
        }
        batchBucket[batchCount] = Int32(truncatingIfNeeded: s)
        batchX[batchCount] = x
        batchY[batchCount] = y
        batchCount += 1
    }

    /// Executes the batched chain additions with one inversion; equal x here means equal points (doubling:
    /// λ = 3x²/2y; y ≠ 0 as the groups have odd order).
    mutating func flushChains(target: UInt8) {
        let count = batchCount
        if count == 0 { return }
        let (tx, ty) = target == 1 ? (chainRunX, chainRunY) : (chainTotalX, chainTotalY)
        var acc = F.one
        for k in 0..<count {
            let s = Int(batchBucket[k])
            let d = tx[s] == batchX[k] ? ty[s].doubled() : batchX[k] - tx[s]
            batchDx[k] = d
            batchPrefix[k] = acc
            acc = acc * d
        }
        var inv = acc.inverse!  // a product of non-zero denominators
        for k in stride(from: count - 1, through: 0, by: -1) {
            let s = Int(batchBucket[k])
            let dInv = inv * batchPrefix[k]
            inv = inv * batchDx[k]
            let (x1, y1, x2) = (tx[s], ty[s], batchX[k])
            let lambda: F
            if x1 == x2 {
                let xx = x1.squared()
                lambda = (xx + xx + xx) * dInv
            } else {
                lambda = (batchY[k] - y1) * dInv
            }
            let x3 = lambda.squared() - x1 - x2
            ty[s] = lambda * (x1 - x3) - y1
            tx[s] = x3
        }
        batchCount = 0
    }

    /// [k]·e for k ≥ 0 by double-and-add.
    static func multiple(_ e: XYZZ<F>, _ k: Int) -> XYZZ<F> {
        var result = XYZZ<F>.infinity
        var base = e
        var k = k
        while k > 0 {
            if k & 1 != 0 { result.add(base) }
            k >>= 1
            if k > 0 { base = base.doubled() }
        }
        return result
    }
}
