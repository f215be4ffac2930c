// Memory passes around the Cooley–Tukey kernel: bit-reversal permutation, the index reversal and scaling
// that turn a forward transform into an inverse one, and the coset pre-multiplication. Each pass is split
// into contiguous chunks; every element is written by exactly one chunk.

enum NTTPermutation {
    /// Permutes `x[0 ..< 2^logSize]` in place so that x[i] ↔ x[brv(i)] (an involution: swap when i < brv(i)).
    static func bitReverse(_ x: UnsafeMutablePointer<Fr>, logSize: Int, threads: Int) {
        let n = 1 << logSize
        if n <= 2 { return }
        let shared = NTTSharedPointer(base: x)
        Parallel.execute(count: n, threads: threads) { start, end in
            let p = shared.base
            for i in start..<end {
                let j = nttBitReverse(i, bits: logSize)
                if i < j {
                    let t = p[i]
                    p[i] = p[j]
                    p[j] = t
                }
            }
        }
    }

    /// Turns the forward DFT X (natural order) into the inverse, optionally on a coset:
    /// out[k] = X[(n − k) mod n] · factor · ratio^k  (ratio = 1 for the plain inverse; since
    /// Σ_j y_j ω^{−jk} = X[−k mod n]). One pass: pairs (k, n − k) are swapped and scaled together.
    static func reverseAndScale(
        _ x: UnsafeMutablePointer<Fr>, logSize: Int, factor: Fr, ratio: Fr?, threads: Int
    ) {
        let n = 1 << logSize
        let p = x
        guard let ratio else {
            p[0] *= factor
            if n == 1 { return }
            p[n >> 1] *= factor
            let shared = NTTSharedPointer(base: x)
            Parallel.execute(count: (n >> 1) - 1, threads: threads) { start, end in
                let p = shared.base
                for k in (start + 1)..<(end + 1) {
                    let a = p[k]
                    let b = p[n - k]
                    p[k] = b * factor
                    p[n - k] = a * factor
                }
            }
            return
        }
        p[0] *= factor
        if n == 1 { return }
        let inverseRatio = ratio.inverse!  // ratio is a power of the coset shift, never zero
        p[n >> 1] *= factor * ratio.pow(UInt64(n >> 1))
        let shared = NTTSharedPointer(base: x)
        // For k in 1 ..< n/2:  out[k] = X[n − k]·factor·ratio^k,  out[n − k] = X[k]·factor·ratio^(n−k).
        let ratioToN = ratio.pow(UInt64(n))
        Parallel.execute(count: (n >> 1) - 1, threads: threads) { start, end in
            let p = shared.base
            let k0 = start + 1
            var low = factor * ratio.pow(UInt64(k0))  // factor·ratio^k
            var high = factor * ratioToN * inverseRatio.pow(UInt64(k0))  // factor·ratio^(n−k)
            for k in k0..<(end + 1) {
                let a = p[k]
                let b = p[n - k]
                p[k] = b * low
                p[n - k] = a * high
                low *= ratio
                high *= inverseRatio
            }
        }
    }

    /// x[j] ← x[j] · shift^j for j < count (evaluating f(shift·X) from f's coefficients).
    static func scaleByPowers(_ x: UnsafeMutablePointer<Fr>, count: Int, shift: Fr, threads: Int) {
        let shared = NTTSharedPointer(base: x)
        Parallel.execute(count: count, threads: threads) { start, end in
            let p = shared.base
            var power = shift.pow(UInt64(start))
            for j in start..<end {
                p[j] *= power
                power *= shift
            }
        }
    }
}
