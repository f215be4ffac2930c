import BN254
import TestSupport
import Testing

/// The size-aware MSM (signed magnitudes, groups by bit length) against the naive sum, for scalar sets shaped
/// like zkML witnesses: zeros, bits, small values, r − small (negative small values), r − 1, the fold boundary
/// (r ± 1)/2 and random ones, in G1 and G2, on one and several threads, with and without forced windows.
@Suite struct MSMScalarSizeTests {
    static let seed: UInt64 = 0x6d73_6d00_0000_0515

    /// (r − 1)/2, the largest scalar that is not folded to −(r − k).
    static let half = Fr(
        canonicalLimbs: Fr.halfOrderLimbs.0, Fr.halfOrderLimbs.1, Fr.halfOrderLimbs.2,
        Fr.halfOrderLimbs.3)!

    /// One draw of a zkML-like scalar: mostly bits and small signed values, some of every edge kind.
    static func zkmlScalar(using rng: inout SeededRNG) -> Fr {
        switch rng.next() % 16 {
        case 0...5: return Fr(rng.next() & 1)
        case 6, 7: return Fr(Int64(rng.next() % 256) - 128)
        case 8: return Fr(Int64(rng.next() % 65_536) - 32_768)
        case 9: return -Fr(rng.next() >> UInt64(rng.next() % 64))  // r − small, any small size
        case 10: return Fr(rng.next())  // one limb
        case 11: return [Fr.zero, .one, .minusOne, Fr.minusOne - .one, half, half + .one][Int(rng.next() % 6)]
        case 12: return Fr(canonicalLimbs: rng.next(), rng.next(), 0, 0)!  // 128 bits
        default: return Fr.random(using: &rng)
        }
    }

    static func zkmlScalars(_ n: Int, using rng: inout SeededRNG) -> [Fr] {
        (0..<n).map { _ in zkmlScalar(using: &rng) }
    }

    @Test(arguments: [1, 2, 7, 64, 500, 3000])
    func g1MixedSizesMatchNaive(n: Int) {
        var rng = SeededRNG(seed: Self.seed &+ UInt64(n))
        var points = MSMTests.g1Points(n, using: &rng)
        if n > 5 {
            points[2] = .infinity
            points[4] = points[3]
        }
        let scalars = Self.zkmlScalars(n, using: &rng)
        let expected = MSM.naive(points: points, scalars: scalars)
        for threads in [1, 2, 3] {
            #expect(
                MSM.pippenger(points: points, scalars: scalars, threads: threads) == expected,
                "n = \(n), threads = \(threads), seed \(Self.seed &+ UInt64(n))")
        }
        for (c, strategy) in [
            (1, MSM.BucketStrategy.xyzz), (6, .xyzz), (11, .batchAffine), (MSM.maxWindowBits, .batchAffine),
        ] {
            #expect(
                MSM.pippenger(points: points, scalars: scalars, windowBits: c, strategy: strategy, threads: 2)
                    == expected, "n = \(n), c = \(c), \(strategy)")
        }
    }

    @Test(arguments: [1, 5, 40, 300])
    func g2MixedSizesMatchNaive(n: Int) {
        var rng = SeededRNG(seed: Self.seed ^ 0x2 &+ UInt64(n))
        var points = MSMTests.g2Points(n, using: &rng)
        if n > 3 { points[1] = .infinity }
        let scalars = Self.zkmlScalars(n, using: &rng)
        let expected = MSM.naive(points: points, scalars: scalars)
        #expect(MSM.pippenger(points: points, scalars: scalars) == expected, "n = \(n)")
        #expect(MSM.pippenger(points: points, scalars: scalars, threads: 1) == expected, "n = \(n)")
        #expect(MSM.pippenger(points: points, scalars: scalars, windowBits: 10, strategy: .batchAffine) == expected)
    }

    /// Only bits, only small signed values, only negated small values: single-group plans, including large
    /// groups split into slices across threads.
    @Test(arguments: ["bits", "signed", "negated", "edges"])
    func singleKindSetsMatchNaive(kind: String) {
        var rng = SeededRNG(seed: Self.seed ^ 0x51)
        let n = 20_000
        let points = MSMTests.g1Points(n, using: &rng)
        let scalars: [Fr] = (0..<n).map { _ in
            switch kind {
            case "bits": return Fr(rng.next() & 1)
            case "signed": return Fr(Int64(rng.next() % 2001) - 1000)
            case "negated": return -Fr(1 + rng.next() % 100_000)
            default: return [Fr.one, .minusOne, Self.half, Self.half + .one][Int(rng.next() % 4)]
            }
        }
        let expected = MSM.naive(points: points, scalars: scalars)
        let one = MSM.pippenger(points: points, scalars: scalars, threads: 1)
        #expect(one == expected, "\(kind), seed \(Self.seed ^ 0x51)")
        for threads in [2, 5] {
            let r = MSM.pippenger(points: points, scalars: scalars, threads: threads)
            #expect(MSMTests.identical(r, one), "\(kind), threads = \(threads): same coordinates")
        }
    }

    @Test func allZeroOrInfinityIsInfinity() {
        var rng = SeededRNG(seed: Self.seed ^ 0x0)
        let points = MSMTests.g1Points(100, using: &rng)
        #expect(MSM.pippenger(points: points, scalars: [Fr](repeating: .zero, count: 100)).isInfinity)
        let g2 = [G2Affine](repeating: .infinity, count: 10)
        #expect(MSM.pippenger(points: g2, scalars: (0..<10).map { _ in Fr.random(using: &rng) }).isInfinity)
    }
}
