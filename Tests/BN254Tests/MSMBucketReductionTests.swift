import BN254
import TestSupport
import Testing

/// The chained affine bucket reduction of batch-affine windows (≥ 256 buckets, `BatchAffineReduction.swift`) against
/// the naive sum, on inputs that drive each of its special cases: doublings and cancellations inside a chain, empty
/// chains, and buckets with an XYZZ side part (few: chained; many: the XYZZ running sum).
@Suite struct MSMBucketReductionTests {
    static let seed: UInt64 = 0x6d73_6d00_0000_00c5

    /// Windows of 256, 512 and 4096 buckets (16, 32 and 256 chains).
    static let windows = [9, 10, 13]

    func check(_ points: [G1Affine], _ scalars: [Fr], _ what: String) {
        let expected = MSM.naive(points: points, scalars: scalars)
        for c in Self.windows {
            for threads in [1, 2] {
                let r = MSM.pippenger(
                    points: points, scalars: scalars, windowBits: c, strategy: .batchAffine, threads: threads)
                #expect(r == expected, "\(what), c = \(c), \(threads) threads")
            }
        }
    }

    @Test func equalPointsDoubleInsideChains() {
        // One point in every bucket 0 ..< 300: each chain's running sum and total meet equal points (P + P).
        let p = (G1Affine.generator * Fr(987_654_321)).toAffine()
        check(Array(repeating: p, count: 300), (1...300).map { Fr(UInt64($0)) }, "P in buckets 1…300")
    }

    @Test func oppositePointsCancelInsideChains() {
        // Bucket 2i + 1 holds −P and bucket 2i holds P: running sums fall back to infinity and restart.
        let p = (G1Affine.generator * Fr(31_337)).toAffine()
        var points: [G1Affine] = []
        var scalars: [Fr] = []
        for i in 0..<200 {
            points += [p.negated(), p]
            scalars += [Fr(UInt64(2 * i + 2)), Fr(UInt64(2 * i + 1))]
        }
        check(points, scalars, "±P in adjacent buckets")
    }

    @Test func sparseBucketsLeaveChainsEmpty() {
        var rng = SeededRNG(seed: Self.seed)
        let points = MSMTests.g1Points(12, using: &rng)
        let scalars = [1, 2, 255, 256, 257, 4000, 4095, 4096, 65_535, 3, 3, 70_000].map { Fr(UInt64($0)) }
        check(points, scalars, "a few buckets")
    }

    @Test func crowdedBucketsUseSideAccumulators() {
        // Thousands of copies of one point with the same small digit overflow the conflict queue into the XYZZ side
        // part of a few buckets (chained reduction with double-and-add), mixed with random terms.
        var rng = SeededRNG(seed: Self.seed ^ 1)
        let p = (G1Affine.generator * Fr.random(using: &rng)).toAffine()
        let q = (G1Affine.generator * Fr.random(using: &rng)).toAffine()
        var points = MSMTests.g1Points(600, using: &rng)
        var scalars = MSMTests.scalars(600, using: &rng)
        for i in 0..<3000 {
            points.append(i % 3 == 0 ? q : p)
            scalars.append(Fr(UInt64(i % 3 == 0 ? 200 : 5)))
        }
        check(points, scalars, "crowded buckets")
        // Every bucket crowded: more side parts than the chained reduction takes (XYZZ running sum).
        var many: [G1Affine] = []
        var manyScalars: [Fr] = []
        let distinct = MSMTests.g1Points(300, using: &rng)
        for round in 0..<12 {
            for (i, point) in distinct.enumerated() {
                many.append(point)
                manyScalars.append(Fr(UInt64(i + 1 + (round % 2) * 300)))
            }
        }
        check(many, manyScalars, "every bucket crowded")
    }

    @Test func g2MatchesNaive() {
        var rng = SeededRNG(seed: Self.seed ^ 2)
        let points = MSMTests.g2Points(200, using: &rng)
        var scalars = MSMTests.scalars(200, using: &rng)
        scalars[0] = Fr(3)
        scalars[1] = Fr(3)
        let expected = MSM.naive(points: points, scalars: scalars)
        for c in [9, 12] {
            #expect(MSM.pippenger(points: points, scalars: scalars, windowBits: c, strategy: .batchAffine) == expected)
        }
    }
}
