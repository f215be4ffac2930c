import BN254
import R1CS

/// The QAP witness map: the coefficients of h(X) = (a(X)·b(X) − c(X)) / t(X), where a, b, c interpolate
/// A·z, B·z, C·z over the domain (plus the public-input rows) and t(X) = X^N − 1.
///
/// Method (arkworks `R1CStoQAP::witness_map`, gnark `computeH`): evaluations on the domain → inverse NTT →
/// coset NTT (g = `cosetShift`) → pointwise (a·b − c)/t(g·ω^i), where t is the constant g^N − 1 on the coset
/// → inverse coset NTT. Since deg h ≤ N − 2 < N, N coset points determine h exactly; 7 NTTs of size N.
enum QuotientPolynomial {
    /// The evaluations A·z, B·z, C·z at the domain points (row j = constraint j; rows n…n+ℓ are the
    /// public-input rows with A-entry z_i; the rest zero). Parallel over constraints.
    static func rowEvaluations(
        r1cs: R1CS, z: [Fr], domainSize: Int, threads: Int
    ) -> (a: [Fr], b: [Fr], c: [Fr]) {
        var a = [Fr](repeating: .zero, count: domainSize)
        var b = [Fr](repeating: .zero, count: domainSize)
        var c = [Fr](repeating: .zero, count: domainSize)
        let constraints = r1cs.constraints
        a.withUnsafeMutableBufferPointer { aBuffer in
            b.withUnsafeMutableBufferPointer { bBuffer in
                c.withUnsafeMutableBufferPointer { cBuffer in
                    let (ap, bp, cp) = (aBuffer, bBuffer, cBuffer)
                    Parallel.forEachChunk(count: constraints.count, chunkCount: threads * 4) { range in
                        for j in range {
                            let constraint = constraints[j]
                            ap[j] = constraint.a.evaluate(z)
                            bp[j] = constraint.b.evaluate(z)
                            cp[j] = constraint.c.evaluate(z)
                        }
                    }
                }
            }
        }
        for i in 0...r1cs.publicInputCount { a[constraints.count + i] = z[i] }
        return (a, b, c)
    }

    /// The first row j < `constraintCount` with a_j·b_j ≠ c_j (the same index `R1CS.isSatisfied(by:)`
    /// reports), or nil. Parallel; the minimum over chunks keeps the answer independent of scheduling.
    static func firstViolation(a: [Fr], b: [Fr], c: [Fr], constraintCount: Int, threads: Int) -> Int? {
        let chunkCount = Parallel.chunks(count: constraintCount, chunkCount: threads * 4)
        var firsts = [Int](repeating: Int.max, count: chunkCount)
        firsts.withUnsafeMutableBufferPointer { firstsBuffer in
            let out = firstsBuffer
            Parallel.forEachChunk(count: constraintCount, chunkCount: threads * 4) { (chunk: Int, range: Range<Int>) in
                for j in range where a[j] * b[j] != c[j] {
                    out[chunk] = j
                    break
                }
            }
        }
        let first = firsts.min() ?? Int.max
        return first == Int.max ? nil : first
    }

    /// The N coefficients of h (the last one is zero for a satisfying witness).
    static func coefficients(
        a: inout [Fr], b: inout [Fr], c: inout [Fr], domain: EvaluationDomain, threads: Int
    ) -> [Fr] {
        domain.inverseNTT(&a, threads: threads)
        domain.inverseNTT(&b, threads: threads)
        domain.inverseNTT(&c, threads: threads)
        domain.cosetForwardNTT(&a, threads: threads)
        domain.cosetForwardNTT(&b, threads: threads)
        domain.cosetForwardNTT(&c, threads: threads)
        guard let tInverse = domain.vanishingPolynomialOnCoset.inverse else {
            preconditionFailure("g^N − 1 is non-zero for the multiplicative generator g")
        }
        let n = a.count
        a.withUnsafeMutableBufferPointer { aBuffer in
            b.withUnsafeBufferPointer { bBuffer in
                c.withUnsafeBufferPointer { cBuffer in
                    let (ap, bp, cp) = (aBuffer, bBuffer, cBuffer)
                    Parallel.forEachChunk(count: n, chunkCount: threads) { range in
                        for i in range { ap[i] = (ap[i] * bp[i] - cp[i]) * tInverse }
                    }
                }
            }
        }
        domain.cosetInverseNTT(&a, threads: threads)
        return a
    }
}
