import BN254
import R1CS

/// The QAP witness map: the coefficients of h(X) = (a(X)·b(X) − c(X)) / t(X), where a, b, c interpolate
/// A·z, B·z, C·z over the domain (plus the public-input rows) and t(X) = X^N − 1.
///
/// Method (arkworks `R1CStoQAP::witness_map`, gnark `computeH`): evaluations on the domain → inverse NTT →
/// coset NTT (g = `cosetShift`) → pointwise (a·b − c)/t(g·ω^i), where t is the constant g^N − 1 on the coset
/// → inverse coset NTT. Since deg h ≤ N − 2 < N, N coset points determine h exactly; 7 NTTs of size N.
/// Each step's input and output form is in its type (`Polynomial<Evaluations>` → `<Coefficients>` →
/// `<CosetEvaluations>` → `<Coefficients>`), and every step works in place on the same three buffers.
enum QuotientPolynomial {
    /// The evaluations A·z, B·z, C·z at the domain points (row j = constraint j; rows n…n+ℓ are the
    /// public-input rows with A-entry z_i; the rest zero). Parallel over constraints.
    static func rowEvaluations(
        r1cs: ConstraintMatrices, z: [Fr], domainSize: Int, threads: Int
    ) -> (a: Polynomial<Evaluations>, b: Polynomial<Evaluations>, c: Polynomial<Evaluations>) {
        var a = [Fr](repeating: .zero, count: domainSize)
        var b = [Fr](repeating: .zero, count: domainSize)
        var c = [Fr](repeating: .zero, count: domainSize)
        let constraints = r1cs.constraints
        a.withUnsafeMutableBufferPointer { aBuffer in
            b.withUnsafeMutableBufferPointer { bBuffer in
                c.withUnsafeMutableBufferPointer { cBuffer in
                    let (ap, bp, cp) = (aBuffer, bBuffer, cBuffer)
                    Parallel.execute(count: constraints.count, threads: threads) { start, end in
                        for j in start..<end {
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
        return (Polynomial(a), Polynomial(b), Polynomial(c))
    }

    /// The first row j < `constraintCount` with a_j·b_j ≠ c_j (the same index `R1CS.isSatisfied(by:)`
    /// reports), or nil. Parallel; the minimum over chunks keeps the answer independent of scheduling.
    static func firstViolation(
        a: Polynomial<Evaluations>, b: Polynomial<Evaluations>, c: Polynomial<Evaluations>, constraintCount: Int,
        threads: Int
    ) -> Int? {
        let (a, b, c) = (a.values, b.values, c.values)
        let chunkCount = Parallel.chunkCount(count: constraintCount, threads: threads)
        var firsts = [Int](repeating: Int.max, count: chunkCount)
        firsts.withUnsafeMutableBufferPointer { firstsBuffer in
            let out = firstsBuffer
            Parallel.execute(count: constraintCount, threads: threads) { chunk, start, end in
                for j in start..<end where a[j] * b[j] != c[j] {
                    out[chunk] = j
                    break
                }
            }
        }
        let first = firsts.min() ?? Int.max
        return first == Int.max ? nil : first
    }

    /// The N coefficients of h (the last one is zero for a satisfying witness). Consumes a, b, c: their
    /// buffers are transformed in place and a's becomes h's.
    static func coefficients(
        a: consuming Polynomial<Evaluations>, b: consuming Polynomial<Evaluations>,
        c: consuming Polynomial<Evaluations>, domain: EvaluationDomain, threads: Int
    ) -> Polynomial<Coefficients> {
        let aCoset = domain.cosetForwardNTT(domain.inverseNTT(consume a, threads: threads), threads: threads)
        let bCoset = domain.cosetForwardNTT(domain.inverseNTT(consume b, threads: threads), threads: threads)
        let cCoset = domain.cosetForwardNTT(domain.inverseNTT(consume c, threads: threads), threads: threads)
        let quotient = quotientOnCoset(a: consume aCoset, b: bCoset, c: cCoset, domain: domain, threads: threads)
        return domain.cosetInverseNTT(consume quotient, threads: threads)
    }

    /// (a·b − c)/t pointwise on the coset, where t = Z_H is the constant g^N − 1 there; in place in a's buffer.
    static func quotientOnCoset(
        a: consuming Polynomial<CosetEvaluations>, b: Polynomial<CosetEvaluations>,
        c: Polynomial<CosetEvaluations>, domain: EvaluationDomain, threads: Int
    ) -> Polynomial<CosetEvaluations> {
        guard let tInverse = domain.vanishingPolynomialOnCoset.inverse else {
            preconditionFailure("g^N − 1 is non-zero for the multiplicative generator g")
        }
        var values = a.takeValues()
        let n = values.count
        values.withUnsafeMutableBufferPointer { aBuffer in
            b.values.withUnsafeBufferPointer { bBuffer in
                c.values.withUnsafeBufferPointer { cBuffer in
                    let (ap, bp, cp) = (aBuffer, bBuffer, cBuffer)
                    Parallel.execute(count: n, threads: threads) { start, end in
                        for i in start..<end { ap[i] = (ap[i] * bp[i] - cp[i]) * tInverse }
                    }
                }
            }
        }
        return Polynomial(values)
    }
}
