import BN254
import TestSupport
import Testing

/// MSM at the sizes the prover and the ceremony use (2^16 and 2^20), where window sizes, batch-affine queues and the
/// size-aware grouping take paths the small naive-sum tests never reach. The oracle is closed-form: for points in
/// arithmetic progression Pᵢ = (a + i·b)·G, Σ sᵢ·Pᵢ = (a·Σ sᵢ + b·Σ i·sᵢ)·G — one scalar multiplication.
@Suite struct MSMLargeSizeTests {
    static let seed: UInt64 = 0x6d73_6d00_0000_2020

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
            var windows = [(12, MSM.BucketStrategy.xyzz), (15, .xyzz), (12, .batchAffine), (15, .batchAffine)]
            if logSize == 16 { windows += [(14, .batchAffine), (9, .xyzz)] }
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
