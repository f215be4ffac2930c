import BN254
import R1CS

/// The QAP witness map: the coefficients of h(X) = (a(X)·b(X) − c(X)) / t(X), where a, b, c interpolate
/// A·z, B·z, C·z over the domain (plus the public-input rows) and t(X) = X^N − 1.
///
/// Method: 6 NTTs of size N instead of the 7 of arkworks' `R1CStoQAP::witness_map` (which also takes c to the
/// coset). For a satisfying witness C·z = (A·z)∘(B·z) on every domain row (the public-input and padding rows
/// are 0 in B and C), so with p = a·b = p_lo + X^N·p_hi (deg p ≤ 2N − 2, deg p_lo, p_hi < N):
/// c = p mod (X^N − 1) = p_lo + p_hi, and the interpolant of p on the coset g·H is p mod (X^N − g^N) =
/// p_lo + g^N·p_hi; their difference is (g^N − 1)·p_hi, and h = p_hi (p − c = p_hi·(X^N − 1)). So: inverse
/// NTT of c; a, b → coefficients → coset (g = `cosetShift`) → pointwise product → inverse coset NTT; then
/// h = (that − c)/(g^N − 1). Each step's input and output form is in its type (`Polynomial<Evaluations>` →
/// `<Coefficients>` → `<CosetEvaluations>` → `<Coefficients>`), and every step works in place on the same
/// three buffers.
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
    /// buffers are transformed in place and a's becomes h's. Precondition: c_j = a_j·b_j for every j < N
    /// (`firstViolation` found none; rows past the constraints hold b = c = 0) — otherwise the result is not
    /// the quotient, and the proof made from it does not verify.
    static func coefficients(
        a: consuming Polynomial<Evaluations>, b: consuming Polynomial<Evaluations>,
        c: consuming Polynomial<Evaluations>, domain: EvaluationDomain, threads: Int
    ) -> Polynomial<Coefficients> {
        let cLow = domain.inverseNTT(consume c, threads: threads)  // p_lo + p_hi
        let aCoset = domain.cosetForwardNTT(domain.inverseNTT(consume a, threads: threads), threads: threads)
        let bCoset = domain.cosetForwardNTT(domain.inverseNTT(consume b, threads: threads), threads: threads)
        let product = productOnCoset(a: consume aCoset, b: bCoset, threads: threads)
        let shifted = domain.cosetInverseNTT(consume product, threads: threads)  // p_lo + g^N·p_hi
        return highHalf(shifted: consume shifted, folded: cLow, domain: domain, threads: threads)
    }

    /// a·b pointwise on the coset, in place in a's buffer.
    static func productOnCoset(
        a: consuming Polynomial<CosetEvaluations>, b: Polynomial<CosetEvaluations>, threads: Int
    ) -> Polynomial<CosetEvaluations> {
        var values = a.takeValues()
        let n = values.count
        values.withUnsafeMutableBufferPointer { aBuffer in
            b.values.withUnsafeBufferPointer { bBuffer in
                let (ap, bp) = (aBuffer, bBuffer)
                Parallel.execute(count: n, threads: threads) { start, end in
                    for i in start..<end { ap[i] *= bp[i] }
                }
            }
        }
        return Polynomial(values)
    }

    /// p_hi = (shifted − folded)/(g^N − 1) coefficient-wise, in place in shifted's buffer (shifted = p mod
    /// (X^N − g^N), folded = p mod (X^N − 1)).
    static func highHalf(
        shifted: consuming Polynomial<Coefficients>, folded: Polynomial<Coefficients>, domain: EvaluationDomain,
        threads: Int
    ) -> Polynomial<Coefficients> {
        guard let tInverse = domain.vanishingPolynomialOnCoset.inverse else {
            preconditionFailure("g^N − 1 is non-zero for the multiplicative generator g")
        }
        var values = shifted.takeValues()
        let n = values.count
        values.withUnsafeMutableBufferPointer { sBuffer in
            folded.values.withUnsafeBufferPointer { fBuffer in
                let (sp, fp) = (sBuffer, fBuffer)
                Parallel.execute(count: n, threads: threads) { start, end in
                    for i in start..<end { sp[i] = (sp[i] - fp[i]) * tInverse }
                }
            }
        }
        return Polynomial(values)
    }
}
