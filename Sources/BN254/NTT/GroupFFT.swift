/// The coordinate fields of the group FFT, with their fastest multiplication by a scalar: GLV in G1, the
/// windowed one in G2.
protocol GroupFFTField: CurveField {
    static func scaled(_ p: Jacobian<Self>, _ k: Fr) -> Jacobian<Self>
}

extension Fq: GroupFFTField {
    static func scaled(_ p: Jacobian<Fq>, _ k: Fr) -> Jacobian<Fq> { p.multipliedGLV(by: k) }
}

extension Fq2: GroupFFTField {
    static func scaled(_ p: Jacobian<Fq2>, _ k: Fr) -> Jacobian<Fq2> { p * k }
}

/// A raw point pointer that may cross into `concurrentPerform` workers (disjoint indices per worker).
private struct GroupSharedPointer<G>: @unchecked Sendable {
    let base: UnsafeMutablePointer<G>
}

extension EvaluationDomain {
    /// The Lagrange basis at a hidden point: given P_i = [τ^i]·G for i < n, returns [L_j(τ)]·G for j < n,
    /// where L_j is the Lagrange polynomial of ω^j on this domain (the same ω as the scalar NTT, arkworks' and
    /// snarkjs's root, so the result matches snarkjs's prepared `.ptau` sections 12–15).
    ///
    /// Since L_j(X) = (1/n)·Σ_i ω^(−ij)·X^i, this is an inverse DFT over the group: radix-2 Cooley–Tukey on
    /// Jacobian points, (n/2)·log2(n) scalar multiplications by twiddles, then n by 1/n (snarkjs
    /// `powersoftau_preparephase2.js` does the same); in G1 by GLV (`multipliedGLV`). Variable time (public inputs
    /// only). Parallel per level.
    /// - Precondition: `powers.count == size`.
    public func lagrangeBasis(fromPowers powers: [G1Affine], threads: Int? = nil) -> [G1Affine] {
        groupInverseDFT(powers.map(G1Jacobian.init), threads: threads)
    }

    /// `lagrangeBasis(fromPowers:)` in G2.
    public func lagrangeBasis(fromPowers powers: [G2Affine], threads: Int? = nil) -> [G2Affine] {
        groupInverseDFT(powers.map(G2Jacobian.init), threads: threads)
    }

    private func groupInverseDFT<F: GroupFFTField>(_ input: [Jacobian<F>], threads: Int?) -> [F.Affine] {
        typealias G = Jacobian<F>
        precondition(input.count == size, "lagrangeBasis: \(input.count) points for a domain of size \(size)")
        let n = size
        if n == 1 { return G.batchToAffine(input) }
        let t = min(Parallel.threadCount(threads), n / 2)
        // ω^(−e) for e < n/2.
        var inverseTwiddles = [Fr](repeating: .one, count: n / 2)
        for e in 1..<(n / 2) { inverseTwiddles[e] = inverseTwiddles[e - 1] * omegaInverse }
        var x = [G](repeating: .infinity, count: n)
        for i in 0..<n { x[nttBitReverse(i, bits: logSize)] = input[i] }
        let scale = sizeInverse
        x.withUnsafeMutableBufferPointer { buffer in
            let shared = GroupSharedPointer(base: buffer.baseAddress!)
            inverseTwiddles.withUnsafeBufferPointer { tw in
                let twiddles = GroupTwiddles(base: tw.baseAddress!)
                var half = 1
                while half < n {
                    let stride = n / (2 * half)
                    let h = half
                    Parallel.execute(count: n / 2, threads: t) { start, end in
                        for b in start..<end {
                            let block = b / h
                            let k = b % h
                            let i = block * 2 * h + k
                            let u = shared.base[i]
                            let v =
                                k == 0
                                ? shared.base[i + h] : F.scaled(shared.base[i + h], twiddles.base[k * stride])
                            shared.base[i] = u + v
                            shared.base[i + h] = u - v
                        }
                    }
                    half *= 2
                }
                Parallel.execute(count: n, threads: t) { start, end in
                    for i in start..<end { shared.base[i] = F.scaled(shared.base[i], scale) }
                }
            }
        }
        return G.batchToAffine(x)
    }
}

private struct GroupTwiddles: @unchecked Sendable {
    let base: UnsafePointer<Fr>
}
