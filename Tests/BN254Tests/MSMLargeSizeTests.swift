import BN254
import TestSupport
import Testing

/// MSM at the sizes the prover and the ceremony use (2^16 and 2^20), where window sizes, batch-affine queues and the
/// size-aware grouping take paths the small naive-sum tests never reach. The oracle is closed-form: for points in
/// arithmetic progression Pᵢ = (a + i·b)·G, Σ sᵢ·Pᵢ = (a·Σ sᵢ + b·Σ i·sᵢ)·G — one scalar multiplication.
@Suite struct MSMLargeSizeTests {
    static let seed: UInt64 = 0x6d73_6d00_0000_2020

    /// 16-bit windows at the digits where Int16 ends: −2^15 (a carry from 2^15), 2^15 − 1, and full-size values.
    @Test func sixteenBitWindowEdgeDigits() {
        var rng = SeededRNG(seed: Self.seed ^ 16)
        let points = MSMTests.g1Points(64, using: &rng)
        let edges: [Fr] = [
            Fr(1 << 15), Fr((1 << 15) - 1), Fr((1 << 16) - 1), Fr(1 << 16), Fr((1 << 31) + (1 << 15)),
            Fr(UInt64(0x8000_8000_8000_8000)), Fr(UInt64.max), .minusOne, Fr.minusOne - Fr(1 << 15), .zero, .one,
        ]
        var scalars = (0..<64).map { _ in Fr.random(using: &rng) }
        for (i, e) in edges.enumerated() { scalars[i] = e }
        // 12288·2^240 + 2^15 < r: the top window's largest digits, and a carry out of window 0.
        let twoTo240 = Fr(1 << 60) * Fr(1 << 60) * Fr(1 << 60) * Fr(1 << 60)
        scalars[20] = Fr(12288) * twoTo240 + Fr(1 << 15)
        scalars[21] = Fr(12387) * twoTo240 + Fr((1 << 16) - 1)
        let expected = MSM.naive(points: points, scalars: scalars)
        for strategy in [MSM.BucketStrategy.xyzz, .batchAffine] {
            for threads in [1, 2] {
                let r = MSM.pippenger(
                    points: points, scalars: scalars, windowBits: 16, strategy: strategy, threads: threads)
                #expect(r == expected, "c = 16, \(strategy), \(threads) threads")
            }
        }
    }

    @Test(arguments: [16, 20])
    func g1AgreesWithTheClosedForm(logSize: Int) {
        let n = 1 << logSize
        var rng = SeededRNG(seed: Self.seed &+ UInt64(logSize))
        let a = Fr.random(using: &rng)
        let b = Fr.random(using: &rng)
        let step = G1Jacobian(G1Affine.generator) * b
        var acc = G1Jacobian(G1Affine.generator) * a
        var jacobian: [G1Jacobian] = []
        jacobian.reserveCapacity(n)
        for _ in 0..<n {
            jacobian.append(acc)
            acc += step
        }
        let points = G1Jacobian.batchToAffine(jacobian)
        for kind in ["random", "zkml"] {
            let scalars = (0..<n).map { _ in
                kind == "random" ? Fr.random(using: &rng) : MSMScalarSizeTests.zkmlScalar(using: &rng)
            }
            var sum = Fr.zero
            var weighted = Fr.zero
            for (i, s) in scalars.enumerated() {
                sum += s
                weighted += Fr(UInt64(i)) * s
            }
            let expected = G1Jacobian(G1Affine.generator) * (a * sum + b * weighted)
            for threads in [1, 2] {
                #expect(
                    MSM.pippenger(points: points, scalars: scalars, threads: threads) == expected,
                    "2^\(logSize), \(kind) scalars, \(threads) threads")
            }
            // An odd window count (15 → 17 windows, 14 → 19, 9 → 29; 12 → 22 is even) splits the top window in two
            // work items (`Pippenger.groupSum`).
            // c = 16 takes unfolded digits in [−2^15, 2^15 − 1] (the default at 2^20).
            var windows = [(12, MSM.BucketStrategy.xyzz), (15, .xyzz), (12, .batchAffine), (15, .batchAffine)]
            windows += [(16, .batchAffine)]
            if logSize == 16 { windows += [(14, .batchAffine), (9, .xyzz), (16, .xyzz)] }
            for (c, strategy) in windows {
                #expect(
                    MSM.pippenger(points: points, scalars: scalars, windowBits: c, strategy: strategy, threads: 2)
                        == expected, "2^\(logSize), \(kind) scalars, c = \(c), \(strategy)")
            }
            if logSize == 16 {
                // The split is the same for every thread count: same coordinates, not just the same point.
                let one = MSM.pippenger(points: points, scalars: scalars, windowBits: 15, threads: 1)
                let two = MSM.pippenger(points: points, scalars: scalars, windowBits: 15, threads: 2)
                #expect(MSMTests.identical(one, two), "2^16, \(kind) scalars, c = 15, threads 1 and 2")
            }
        }
    }
}
