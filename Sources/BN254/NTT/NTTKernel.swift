// The in-place Cooley–Tukey pass shared by every transform: natural-order input, bit-reversed output,
// one twiddle per block.
//
// Algorithm (the polynomial remainder tree, e.g. Bernstein, "Multidigit multiplication for
// mathematicians", §2, and the layout of Longa–Naehrig, "Speeding up the NTT", CANS 2016, Alg. 1, here
// for the cyclic rather than the negacyclic transform): a block of length 2m at level t (t blocks) holds
// f mod (X^{2m} − c). With s² = c and f = a + X^m·b, the two halves become f mod (X^m − s) = a + s·b and
// f mod (X^m + s) = a − s·b. Block i of level t uses s = ω^{brv(i)} where brv reverses log2(n) − 1 bits,
// so block i at EVERY level reads `twiddles[i]` from one table of n/2 entries stored in bit-reversed
// order: each level reads a contiguous prefix, one twiddle per block. Leaf j ends up holding f(ω^{brv(j)}).
//
// Schedule: levels whose blocks are longer than a cache region run breadth-first over the whole array,
// two levels per sweep (radix-4: the same 4 multiplications per 4 elements as two radix-2 levels, half
// the memory traffic); the remaining levels run region by region while the region sits in L2.
// Block 0 has twiddle 1 at every level and skips its multiplications (≈ n fewer products).
// Multiplications: (n/2)·log2(n) − (n − 1). Inputs/outputs are reduced `Fr` (Montgomery) values.

enum NTTKernel {
    /// log2 of the cache region (elements) in which the inner levels run: 2^15 × 32 bytes = 1 MiB, a quarter
    /// of this machine's 4 MiB L2 (measured against 2^13…2^17 at n = 2^20, one thread).
    static let regionLog = 15
    /// Below this size the transform runs on one thread: the dispatch overhead exceeds the work.
    static let parallelThresholdLog = 12

    /// Runs the Cooley–Tukey pass on `x[0 ..< 2^logSize]` with the bit-reversed twiddle table `twiddles`
    /// (2^(logSize−1) entries for logSize ≥ 1). Output is in bit-reversed order.
    static func cooleyTukey(_ x: UnsafeMutablePointer<Fr>, logSize: Int, twiddles: UnsafePointer<Fr>, threads: Int) {
        if logSize == 0 { return }
        let n = 1 << logSize
        let threads = logSize < parallelThresholdLog ? 1 : threads
        var r = min(logSize, regionLog)
        if threads > 1 {
            // At least 4 regions per thread keeps the region-parallel phase balanced for any thread count.
            while r > 1 && (n >> r) < 4 * threads { r -= 1 }
        }
        let shared = NTTSharedPointer(base: x)
        let tw = NTTSharedTwiddles(base: twiddles)

        // Outer levels: blocks longer than a region, swept over the whole array, split by butterfly index.
        var logLen = logSize
        while logLen > r {
            let len = 1 << logLen
            if logLen - r >= 2 {
                let q = len >> 2
                Parallel.execute(count: n >> 2, threads: threads) { start, end in
                    var k = start
                    while k < end {
                        let node = k / q
                        let j0 = k - node * q
                        let j1 = min(q, j0 + (end - k))
                        radix4(shared.base + node * len, quarter: q, node: node, twiddles: tw.base, from: j0, to: j1)
                        k += j1 - j0
                    }
                }
                logLen -= 2
            } else {
                let m = len >> 1
                Parallel.execute(count: n >> 1, threads: threads) { start, end in
                    var k = start
                    while k < end {
                        let node = k / m
                        let j0 = k - node * m
                        let j1 = min(m, j0 + (end - k))
                        radix2(shared.base + node * len, half: m, node: node, twiddles: tw.base, from: j0, to: j1)
                        k += j1 - j0
                    }
                }
                logLen -= 1
            }
        }

        // Inner levels: each region of 2^logLen elements is finished while it is in cache.
        let regionLog = logLen
        Parallel.execute(count: n >> regionLog, threads: threads) { start, end in
            for region in start..<end {
                finishRegion(shared.base, offset: region << regionLog, logLen: regionLog, twiddles: tw.base)
            }
        }
    }

    /// All levels of one region `x[offset ..< offset + 2^logLen]`, whose root block has index offset/2^logLen.
    @inline(__always)
    static func finishRegion(_ x: UnsafeMutablePointer<Fr>, offset: Int, logLen: Int, twiddles: UnsafePointer<Fr>) {
        var l = logLen
        while l >= 2 {
            let len = 1 << l
            let first = offset >> l
            for node in first..<(first + (1 << (logLen - l))) {
                radix4(x + node * len, quarter: len >> 2, node: node, twiddles: twiddles, from: 0, to: len >> 2)
            }
            l -= 2
        }
        if l == 1 {
            // Last level: pairs (2i, 2i + 1) with twiddle i.
            let first = offset >> 1
            for node in first..<(first + (1 << (logLen - 1))) {
                let p = x + 2 * node
                let a = p[0]
                let b = p[1] * twiddles[node]
                p[0] = a + b
                p[1] = a - b
            }
        }
    }

    /// One radix-2 level on butterflies j0..<j1 of the block at `p` (length 2·half, index `node`).
    @inline(__always)
    static func radix2(
        _ p: UnsafeMutablePointer<Fr>, half m: Int, node: Int, twiddles: UnsafePointer<Fr>, from j0: Int, to j1: Int
    ) {
        let hi = p + m
        if node == 0 {
            for j in j0..<j1 {
                let a = p[j]
                let b = hi[j]
                p[j] = a + b
                hi[j] = a - b
            }
        } else {
            let s = twiddles[node]
            for j in j0..<j1 {
                let a = p[j]
                let b = hi[j] * s
                p[j] = a + b
                hi[j] = a - b
            }
        }
    }

    /// Two levels at once on the block at `p` (length 4·quarter, index `node`), butterflies j0..<j1:
    /// level 1 pairs (j, j + 2q), (j + q, j + 3q) with s = tw[node]; level 2 pairs (j, j + q) with tw[2·node]
    /// and (j + 2q, j + 3q) with tw[2·node + 1]. Four multiplications per four elements.
    @inline(__always)
    static func radix4(
        _ p: UnsafeMutablePointer<Fr>, quarter q: Int, node: Int, twiddles: UnsafePointer<Fr>, from j0: Int, to j1: Int
    ) {
        let p1 = p + q
        let p2 = p + 2 * q
        let p3 = p + 3 * q
        let s1 = twiddles[2 * node + 1]
        if node == 0 {
            // s = tw[0] = 1 and s0 = tw[0] = 1.
            for j in j0..<j1 {
                let x0 = p[j]
                let x1 = p1[j]
                let x2 = p2[j]
                let x3 = p3[j]
                let a0 = x0 + x2
                let b0 = x0 - x2
                let a1 = x1 + x3
                let b1 = x1 - x3
                let v = b1 * s1
                p[j] = a0 + a1
                p1[j] = a0 - a1
                p2[j] = b0 + v
                p3[j] = b0 - v
            }
        } else {
            let s = twiddles[node]
            let s0 = twiddles[2 * node]
            for j in j0..<j1 {
                let x0 = p[j]
                let x1 = p1[j]
                let t2 = p2[j] * s
                let t3 = p3[j] * s
                let a0 = x0 + t2
                let b0 = x0 - t2
                let a1 = x1 + t3
                let b1 = x1 - t3
                let u = a1 * s0
                let v = b1 * s1
                p[j] = a0 + u
                p1[j] = a0 - u
                p2[j] = b0 + v
                p3[j] = b0 - v
            }
        }
    }
}

/// The read-only twiddle table pointer, shared with `concurrentPerform` workers (the domain outlives the call).
struct NTTSharedTwiddles: @unchecked Sendable {
    let base: UnsafePointer<Fr>
}
