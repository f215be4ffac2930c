/// A multiplicative subgroup H = {ω^0, …, ω^(n−1)} of F_r^* of power-of-two size n ≤ 2^28, with its
/// precomputed twiddle table, and the radix-2/4 number-theoretic transforms over it.
///
/// Invariants: `size` = n = 2^`logSize`, 0 ≤ logSize ≤ 28 (`Fr.twoAdicity`); `omega` is a primitive n-th
/// root of unity (`Fr.rootOfUnity`^(2^(28 − logSize)), arkworks' and gnark's choice, so evaluations agree
/// with theirs); `cosetShift` g = 7 (the multiplicative generator arkworks and snarkjs use), so g·H ∩ H = ∅.
/// All values are ordinary reduced `Fr` (Montgomery form). Immutable once built, hence `Sendable`.
///
/// Transforms take and return natural order, on `[Fr]` in place, on caller-owned buffers, or on typed
/// `Polynomial<Coefficients>` / `<Evaluations>` / `<CosetEvaluations>` values (Polynomial.swift). They run on
/// `threads` threads (nil = all online cores) via `Parallel`; results are identical for every thread count
/// (exact arithmetic on disjoint chunks). Cost: (n/2)·log2(n) − (n − 1) multiplications for `forwardNTT`,
/// plus n for the inverse scaling and n for a coset shift. Memory: the twiddle table holds n/2 elements (16·n bytes).
/// Variable time in n only; not side-channel relevant (no secret-dependent branches or indices).
public final class EvaluationDomain: Sendable {
    /// n, a power of two.
    public let size: Int
    /// log2(n).
    public let logSize: Int
    /// A primitive n-th root of unity ω.
    public let omega: Fr
    /// ω⁻¹.
    public let omegaInverse: Fr
    /// n⁻¹ mod r.
    public let sizeInverse: Fr
    /// The coset generator g = 7.
    public let cosetShift: Fr
    /// g⁻¹.
    public let cosetShiftInverse: Fr
    /// Z_H(g) = g^n − 1: the vanishing polynomial X^n − 1 of H, which is constant on the coset g·H.
    public let vanishingPolynomialOnCoset: Fr
    /// ω^(brv(k)) for k < n/2, brv reversing log2(n) − 1 bits (empty for n = 1): block k of every
    /// Cooley–Tukey level reads entry k (see NTTKernel).
    let twiddles: [Fr]

    /// The largest supported log2 size (the 2-adicity of r − 1).
    public static let maximumLogSize = Fr.twoAdicity

    /// The domain of exactly `size` points; nil unless `size` is a power of two in 1 … 2^28.
    public init?(size: Int) {
        guard size > 0, size & (size - 1) == 0, size <= 1 << Self.maximumLogSize else { return nil }
        let logSize = size.trailingZeroBitCount
        self.size = size
        self.logSize = logSize
        var omega = Fr.rootOfUnity
        for _ in 0..<(Self.maximumLogSize - logSize) { omega.square() }
        self.omega = omega
        self.omegaInverse = omega.inverse!  // a root of unity is never zero
        self.sizeInverse = Fr(UInt64(size)).inverse!  // n ≤ 2^28 < r
        let g = Fr(7)
        self.cosetShift = g
        self.cosetShiftInverse = g.inverse!
        self.vanishingPolynomialOnCoset = g.pow(UInt64(size)) - .one
        self.twiddles = Self.makeTwiddles(omega: omega, logSize: logSize)
    }

    /// The smallest domain with at least `minimumSize` points (0 and 1 give the 1-point domain); nil when
    /// `minimumSize` is negative or above 2^28.
    public convenience init?(minimumSize: Int) {
        guard minimumSize >= 0, minimumSize <= 1 << Self.maximumLogSize else { return nil }
        var size = 1
        while size < minimumSize { size <<= 1 }
        self.init(size: size)
    }

    /// ω^i (i reduced mod n; negative i allowed).
    public func element(_ i: Int) -> Fr {
        let e = ((i % size) + size) % size
        return omega.pow(UInt64(e))
    }

    /// Z_H(z) = z^n − 1.
    public func evaluateVanishingPolynomial(at z: Fr) -> Fr {
        var p = z
        for _ in 0..<logSize { p.square() }
        return p - .one
    }

    // MARK: transforms on arrays

    /// Coefficients → evaluations: values[i] becomes f(ω^i) where f = Σ_j values[j]·X^j.
    /// A shorter array is padded with zero coefficients to n; a longer one is a precondition failure.
    public func forwardNTT(_ values: inout [Fr], threads: Int? = nil) {
        prepare(&values, padding: true, "forwardNTT")
        values.withUnsafeMutableBufferPointer { forwardNTT($0, threads: threads) }
    }

    /// Evaluations → coefficients: the inverse of `forwardNTT` (values.count must equal n).
    public func inverseNTT(_ values: inout [Fr], threads: Int? = nil) {
        prepare(&values, padding: false, "inverseNTT")
        values.withUnsafeMutableBufferPointer { inverseNTT($0, threads: threads) }
    }

    /// Coefficients → evaluations on the coset: values[i] becomes f(g·ω^i). Shorter input is zero-padded.
    public func cosetForwardNTT(_ values: inout [Fr], threads: Int? = nil) {
        prepare(&values, padding: true, "cosetForwardNTT")
        values.withUnsafeMutableBufferPointer { cosetForwardNTT($0, threads: threads) }
    }

    /// Coset evaluations f(g·ω^i) → coefficients of f: the inverse of `cosetForwardNTT` (count must be n).
    public func cosetInverseNTT(_ values: inout [Fr], threads: Int? = nil) {
        prepare(&values, padding: false, "cosetInverseNTT")
        values.withUnsafeMutableBufferPointer { cosetInverseNTT($0, threads: threads) }
    }

    // MARK: transforms on caller-owned buffers (no copy; buffer.count must equal n)

    /// `forwardNTT` on a caller-owned buffer of exactly n elements.
    public func forwardNTT(_ buffer: UnsafeMutableBufferPointer<Fr>, threads: Int? = nil) {
        guard let x = checkedBase(buffer, "forwardNTT") else { return }
        let t = min(Parallel.threadCount(threads), size)
        forwardCore(x, threads: t)
    }

    /// `inverseNTT` on a caller-owned buffer of exactly n elements.
    public func inverseNTT(_ buffer: UnsafeMutableBufferPointer<Fr>, threads: Int? = nil) {
        guard let x = checkedBase(buffer, "inverseNTT") else { return }
        let t = min(Parallel.threadCount(threads), size)
        forwardCore(x, threads: t)
        NTTPermutation.reverseAndScale(x, logSize: logSize, factor: sizeInverse, ratio: nil, threads: t)
    }

    /// `cosetForwardNTT` on a caller-owned buffer of exactly n elements.
    public func cosetForwardNTT(_ buffer: UnsafeMutableBufferPointer<Fr>, threads: Int? = nil) {
        guard let x = checkedBase(buffer, "cosetForwardNTT") else { return }
        let t = min(Parallel.threadCount(threads), size)
        NTTPermutation.scaleByPowers(x, count: size, shift: cosetShift, threads: t)
        forwardCore(x, threads: t)
    }

    /// `cosetInverseNTT` on a caller-owned buffer of exactly n elements.
    public func cosetInverseNTT(_ buffer: UnsafeMutableBufferPointer<Fr>, threads: Int? = nil) {
        guard let x = checkedBase(buffer, "cosetInverseNTT") else { return }
        let t = min(Parallel.threadCount(threads), size)
        forwardCore(x, threads: t)
        // f_j = (1/n)·g^(−j)·(inverse DFT)_j: the coset unshift is folded into the scaling pass.
        NTTPermutation.reverseAndScale(
            x, logSize: logSize, factor: sizeInverse, ratio: cosetShiftInverse, threads: t)
    }

    // MARK: internals

    /// Forward DFT in natural order: Cooley–Tukey (natural → bit-reversed), then the bit-reversal permutation.
    private func forwardCore(_ x: UnsafeMutablePointer<Fr>, threads: Int) {
        twiddles.withUnsafeBufferPointer { tw in
            NTTKernel.cooleyTukey(x, logSize: logSize, twiddles: tw.baseAddress ?? UnsafePointer(x), threads: threads)
        }
        NTTPermutation.bitReverse(x, logSize: logSize, threads: threads)
    }

    private func prepare(_ values: inout [Fr], padding: Bool, _ name: StaticString) {
        if padding && values.count < size {
            values.append(contentsOf: repeatElement(Fr.zero, count: size - values.count))
        }
        precondition(
            values.count == size,
            "EvaluationDomain.\(name): \(values.count) values for a domain of size \(size)")
    }

    private func checkedBase(_ buffer: UnsafeMutableBufferPointer<Fr>, _ name: StaticString) -> UnsafeMutablePointer<
        Fr
    >? {
        precondition(
            buffer.count == size, "EvaluationDomain.\(name): \(buffer.count) values for a domain of size \(size)")
        return buffer.baseAddress
    }

    /// The bit-reversed twiddle table (n/2 entries), filled in parallel: chunk [a, b) of natural exponents
    /// starts from ω^a and steps by one multiplication.
    private static func makeTwiddles(omega: Fr, logSize: Int) -> [Fr] {
        if logSize == 0 { return [] }
        let half = 1 << (logSize - 1)
        let bits = logSize - 1
        let threads = logSize < NTTKernel.parallelThresholdLog ? 1 : Parallel.coreCount
        return [Fr](unsafeUninitializedCapacity: half) { buffer, initialized in
            let shared = NTTSharedPointer(base: buffer.baseAddress!)
            Parallel.execute(count: half, threads: threads) { start, end in
                var w = omega.pow(UInt64(start))
                for e in start..<end {
                    (shared.base + nttBitReverse(e, bits: bits)).initialize(to: w)
                    w *= omega
                }
            }
            initialized = half
        }
    }
}
