import BN254
import TestSupport
import Testing

private func randomVector(_ count: Int, seed: UInt64) -> [Fr] {
    var rng = SeededRNG(seed: seed)
    return (0..<count).map { _ in Fr.random(using: &rng) }
}

/// Σ_j c_j x^j, written out independently of the library's helpers.
private func horner(_ c: [Fr], _ x: Fr) -> Fr {
    var acc = Fr.zero
    for v in c.reversed() { acc = acc * x + v }
    return acc
}

@Suite("NTT")
struct NTTTests {
    static let smallLogSizes = Array(0...8)

    @Test("domain parameters: ω has order exactly n, g^n − 1, inverses", arguments: [0, 1, 2, 5, 10, 16, 28])
    func domainParameters(logSize: Int) throws {
        let n = 1 << logSize
        // 2^28 would allocate a 4 GiB twiddle table; check its root from the generator instead.
        if logSize == 28 {
            #expect(Fr.rootOfUnity.pow(UInt64(n)) == .one)
            #expect(Fr.rootOfUnity.pow(UInt64(n / 2)) == .minusOne)
            return
        }
        let d = try #require(EvaluationDomain(size: n))
        #expect(d.size == n && d.logSize == logSize)
        #expect(d.omega.pow(UInt64(n)) == .one)
        if n > 1 { #expect(d.omega.pow(UInt64(n / 2)) == .minusOne) }  // primitive: order is exactly n
        #expect(d.omega * d.omegaInverse == .one)
        #expect(d.sizeInverse * Fr(UInt64(n)) == .one)
        #expect(d.cosetShift == Fr(7))
        #expect(d.cosetShift * d.cosetShiftInverse == .one)
        #expect(d.vanishingPolynomialOnCoset == Fr(7).pow(UInt64(n)) - .one)
        #expect(!d.vanishingPolynomialOnCoset.isZero)  // the coset is disjoint from H
        #expect(d.evaluateVanishingPolynomial(at: d.omega).isZero)
        #expect(d.element(n + 3) == d.omega.pow(3) && d.element(-1) == d.omegaInverse)
    }

    @Test("invalid sizes are rejected")
    func invalidSizes() {
        for bad in [0, -1, -8, 3, 6, 12, 1000, (1 << 28) + 1, 1 << 29, 3 << 27, Int.max, Int.min] {
            #expect(EvaluationDomain(size: bad) == nil, "size \(bad)")
        }
        #expect(EvaluationDomain(minimumSize: -1) == nil)
        #expect(EvaluationDomain(minimumSize: (1 << 28) + 1) == nil)
        #expect(EvaluationDomain(minimumSize: 0)?.size == 1)
        #expect(EvaluationDomain(minimumSize: 1)?.size == 1)
        #expect(EvaluationDomain(minimumSize: 5)?.size == 8)
        #expect(EvaluationDomain(minimumSize: 1024)?.size == 1024)
        #expect(EvaluationDomain(minimumSize: 1025)?.size == 2048)
    }

    @Test("forwardNTT equals the O(n²) DFT", arguments: smallLogSizes)
    func forwardMatchesDFT(logSize: Int) throws {
        let seed: UInt64 = 0x4E54_5400 + UInt64(logSize)
        let d = try #require(EvaluationDomain(size: 1 << logSize))
        let input = randomVector(d.size, seed: seed)
        var fast = input
        d.forwardNTT(&fast)
        let naive = NTT.naiveDFT(input, omega: d.omega)
        #expect(fast == naive, "seed \(seed)")
        // Independent check of the reference itself at a few points: out[k] = f(ω^k).
        for k in [0, d.size / 2, d.size - 1] {
            #expect(naive[k] == horner(input, d.omega.pow(UInt64(k))), "seed \(seed), k \(k)")
        }
    }

    @Test("inverseNTT equals the O(n²) DFT with ω⁻¹, scaled by 1/n", arguments: smallLogSizes)
    func inverseMatchesDFT(logSize: Int) throws {
        let seed: UInt64 = 0x494E_5600 + UInt64(logSize)
        let d = try #require(EvaluationDomain(size: 1 << logSize))
        let input = randomVector(d.size, seed: seed)
        var fast = input
        d.inverseNTT(&fast)
        let naive = NTT.naiveDFT(input, omega: d.omegaInverse).map { $0 * d.sizeInverse }
        #expect(fast == naive, "seed \(seed)")
    }

    @Test("coset transforms match evaluation at g·ω^i", arguments: smallLogSizes)
    func cosetMatchesNaive(logSize: Int) throws {
        let seed: UInt64 = 0x434F_5300 + UInt64(logSize)
        let d = try #require(EvaluationDomain(size: 1 << logSize))
        let coefficients = randomVector(d.size, seed: seed)
        var evaluations = coefficients
        d.cosetForwardNTT(&evaluations)
        var point = d.cosetShift
        for i in 0..<d.size {
            #expect(evaluations[i] == horner(coefficients, point), "seed \(seed), i \(i)")
            point *= d.omega
        }
        var back = evaluations
        d.cosetInverseNTT(&back)
        #expect(back == coefficients, "seed \(seed)")
    }

    @Test("inverse(forward(x)) = x and forward(inverse(x)) = x", arguments: [9, 12, 13, 16])
    func roundTrip(logSize: Int) throws {
        let seed: UInt64 = 0x5254_0000 + UInt64(logSize)
        let d = try #require(EvaluationDomain(size: 1 << logSize))
        let input = randomVector(d.size, seed: seed)
        var x = input
        d.forwardNTT(&x)
        #expect(x != input)
        d.inverseNTT(&x)
        #expect(x == input, "seed \(seed)")
        d.inverseNTT(&x)
        d.forwardNTT(&x)
        #expect(x == input, "seed \(seed)")
        d.cosetForwardNTT(&x)
        d.cosetInverseNTT(&x)
        #expect(x == input, "seed \(seed)")
    }

    @Test("large transform agrees with direct evaluation at sampled points")
    func largeSpotCheck() throws {
        // 2^16 elements: the outer (whole-array) levels and the per-region levels both run.
        let seed: UInt64 = 0x5350_4F54
        let d = try #require(EvaluationDomain(size: 1 << 16))
        let input = randomVector(d.size, seed: seed)
        var x = input
        d.forwardNTT(&x)
        var c = input
        d.cosetForwardNTT(&c)
        var rng = SeededRNG(seed: seed)
        for _ in 0..<4 {
            let k = Int(rng.next() % UInt64(d.size))
            let w = d.omega.pow(UInt64(k))
            #expect(x[k] == horner(input, w), "seed \(seed), k \(k)")
            #expect(c[k] == horner(input, d.cosetShift * w), "seed \(seed), k \(k)")
        }
    }

    @Test("results do not depend on the thread count", arguments: [10, 12, 14, 17])
    func threadCountsAgree(logSize: Int) throws {
        let seed: UInt64 = 0x5448_0000 + UInt64(logSize)
        let d = try #require(EvaluationDomain(size: 1 << logSize))
        let input = randomVector(d.size, seed: seed)
        func run(_ threads: Int?) -> [[Fr]] {
            var f = input
            var i = input
            var cf = input
            var ci = input
            d.forwardNTT(&f, threads: threads)
            d.inverseNTT(&i, threads: threads)
            d.cosetForwardNTT(&cf, threads: threads)
            d.cosetInverseNTT(&ci, threads: threads)
            return [f, i, cf, ci]
        }
        let one = run(1)
        for threads in [2, 3, nil, 7] {
            #expect(run(threads) == one, "seed \(seed), threads \(String(describing: threads))")
        }
        // Out-of-range thread requests are clamped, not trapped.
        #expect(run(0) == one)
        #expect(run(-4) == one)
    }

    @Test("short coefficient vectors are zero-padded")
    func zeroPadding() throws {
        let d = try #require(EvaluationDomain(size: 16))
        let coefficients = randomVector(5, seed: 0x5041_4400)
        var x = coefficients
        d.forwardNTT(&x)
        #expect(x.count == 16)
        #expect(x == NTT.naiveDFT(coefficients + Array(repeating: .zero, count: 11), omega: d.omega))
        var c = coefficients
        d.cosetForwardNTT(&c)
        #expect(c[3] == horner(coefficients, d.cosetShift * d.omega.pow(3)))
    }

    @Test("known transforms: delta, constant, monomial")
    func knownTransforms() throws {
        let d = try #require(EvaluationDomain(size: 32))
        var delta = [Fr](repeating: .zero, count: 32)
        delta[0] = .one
        d.forwardNTT(&delta)  // f = 1 evaluates to 1 everywhere
        #expect(delta == [Fr](repeating: .one, count: 32))
        d.inverseNTT(&delta)  // and back
        #expect(delta[0] == .one && delta.dropFirst().allSatisfy(\.isZero))
        var x = [Fr](repeating: .zero, count: 32)
        x[1] = .one  // f = X evaluates to ω^i
        d.forwardNTT(&x)
        #expect(x == (0..<32).map { d.omega.pow(UInt64($0)) })
    }

    @Test("buffer API equals array API")
    func bufferAPI() throws {
        let d = try #require(EvaluationDomain(size: 1 << 10))
        let input = randomVector(d.size, seed: 0x4255_4600)
        var a = input
        d.cosetForwardNTT(&a, threads: 2)
        var b = input
        b.withUnsafeMutableBufferPointer { d.cosetForwardNTT($0, threads: 2) }
        #expect(a == b)
    }

    @Test("typed polynomials: the same values as the array API, transformed in place")
    func typedPolynomials() throws {
        let d = try #require(EvaluationDomain(size: 1 << 12))
        let input = randomVector(d.size, seed: 0x5459_5045)
        var expectedEvaluations = input
        d.forwardNTT(&expectedEvaluations, threads: 2)
        var expectedCoset = input
        d.cosetForwardNTT(&expectedCoset, threads: 2)

        var storage = input.map { $0 }  // a buffer of its own (a plain copy would share input's)
        let base = storage.withUnsafeBufferPointer { $0.baseAddress }
        let evaluations = d.forwardNTT(Polynomial<Coefficients>(consume storage), threads: 2)
        #expect(evaluations.values == expectedEvaluations)
        let coefficients = d.inverseNTT(consume evaluations, threads: 2)
        #expect(coefficients.values == input)
        let coset = d.cosetForwardNTT(consume coefficients, threads: 2)
        #expect(coset.values == expectedCoset)
        let back = d.cosetInverseNTT(consume coset, threads: 2)
        #expect(back.values == input)
        // Each transform took its input's buffer: four transforms, no copy.
        #expect(back.values.withUnsafeBufferPointer { $0.baseAddress } == base)

        // Fewer coefficients than the domain are zero-padded, as in the array API.
        let short = d.forwardNTT(Polynomial<Coefficients>(Array(input.prefix(5))))
        var padded = Array(input.prefix(5))
        d.forwardNTT(&padded)
        #expect(short.count == d.size && short.values == padded)
    }
}
