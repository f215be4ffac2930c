import BN254
import TestSupport
import Testing

/// Pippenger against the naive sum: sizes, edge scalars, repeated and infinity points, every window size and
/// both bucket strategies, and bit-identical results for any thread count.
@Suite struct MSMTests {
    static let seed: UInt64 = 0x6d73_6d00_0000_0001

    /// Points built cheaply from random multiples (consecutive sums of a random step).
    static func g1Points(_ n: Int, using rng: inout SeededRNG) -> [G1Affine] {
        let step = G1Affine.generator * Fr.random(using: &rng)
        var acc = G1Affine.generator * Fr.random(using: &rng)
        var out: [G1Jacobian] = []
        for _ in 0..<n {
            out.append(acc)
            acc += step
        }
        return G1Jacobian.batchToAffine(out)
    }

    static func g2Points(_ n: Int, using rng: inout SeededRNG) -> [G2Affine] {
        let step = G2Affine.generator * Fr.random(using: &rng)
        var acc = G2Affine.generator * Fr.random(using: &rng)
        var out: [G2Jacobian] = []
        for _ in 0..<n {
            out.append(acc)
            acc += step
        }
        return G2Jacobian.batchToAffine(out)
    }

    /// Random scalars mixed with edge values 0, 1, 2, r − 1, r − 2 and small values.
    static func scalars(_ n: Int, using rng: inout SeededRNG) -> [Fr] {
        (0..<n).map { _ in
            switch rng.next() % 8 {
            case 0: return [Fr.zero, .one, Fr(2), .minusOne, Fr.minusOne - .one][Int(rng.next() % 5)]
            case 1: return Fr(rng.next() % 1000)
            default: return Fr.random(using: &rng)
            }
        }
    }

    static func identical(_ a: G1Jacobian, _ b: G1Jacobian) -> Bool { a.x == b.x && a.y == b.y && a.z == b.z }
    static func identical(_ a: G2Jacobian, _ b: G2Jacobian) -> Bool { a.x == b.x && a.y == b.y && a.z == b.z }

    @Test(arguments: [0, 1, 2, 3, 5, 17, 100, 257, 1000])
    func g1MatchesNaive(n: Int) {
        var rng = SeededRNG(seed: Self.seed &+ UInt64(n))
        let points = Self.g1Points(n, using: &rng)
        let scalars = Self.scalars(n, using: &rng)
        let expected = MSM.naive(points: points, scalars: scalars)
        #expect(MSM.pippenger(points: points, scalars: scalars) == expected, "n = \(n), seed \(Self.seed &+ UInt64(n))")
        #expect(MSM.pippenger(points: points, scalars: scalars, threads: 1) == expected)
        #expect(MSM.pippenger(points: points, scalars: scalars, windowBits: 11, strategy: .batchAffine) == expected)
    }

    @Test func emptyAndTrivialInputs() {
        #expect(MSM.pippenger(points: [G1Affine](), scalars: []).isInfinity)
        #expect(MSM.pippenger(points: [G2Affine](), scalars: []).isInfinity)
        #expect(MSM.naive(points: [G1Affine](), scalars: []).isInfinity)
        let g = G1Affine.generator
        #expect(MSM.pippenger(points: [g], scalars: [.one]).toAffine() == g)
        #expect(MSM.pippenger(points: [g], scalars: [.minusOne]).toAffine() == g.negated())
        #expect(MSM.pippenger(points: [g], scalars: [.zero]).isInfinity)
        #expect(MSM.pippenger(points: [G1Affine.infinity], scalars: [Fr(5)]).isInfinity)
        #expect(MSM.pippenger(points: [g, g], scalars: [.one, .minusOne]).isInfinity)
        #expect(MSM.pippenger(points: [g, g.negated()], scalars: [Fr(7), Fr(7)]).isInfinity)
    }

    @Test(arguments: [MSM.BucketStrategy.xyzz, .batchAffine])
    func everyWindowSize(strategy: MSM.BucketStrategy) {
        var rng = SeededRNG(seed: Self.seed ^ 0xC)
        let n = 40
        var points = Self.g1Points(n, using: &rng)
        points[3] = .infinity
        points[7] = points[6]
        points[8] = points[6].negated()
        var scalars = Self.scalars(n, using: &rng)
        scalars[6] = Fr(12345)
        scalars[7] = Fr(12345)
        scalars[8] = Fr(12345)
        let expected = MSM.naive(points: points, scalars: scalars)
        for c in 1...MSM.maxWindowBits {
            let r = MSM.pippenger(points: points, scalars: scalars, windowBits: c, strategy: strategy, threads: 2)
            #expect(r == expected, "c = \(c), \(strategy), seed \(Self.seed ^ 0xC)")
        }
    }

    @Test(arguments: [MSM.BucketStrategy.xyzz, .batchAffine])
    func repeatedPointsAndCancellations(strategy: MSM.BucketStrategy) {
        // Many equal points with equal digits force bucket doublings (B + B), cancellations (B − B), conflict
        // queueing and queue-full flushes in the batch-affine path.
        var rng = SeededRNG(seed: Self.seed ^ 0xD)
        let p = (G1Affine.generator * Fr.random(using: &rng)).toAffine()
        let q = (G1Affine.generator * Fr.random(using: &rng)).toAffine()
        var points: [G1Affine] = []
        var scalars: [Fr] = []
        for i in 0..<3000 {
            switch i % 5 {
            case 0, 1: points.append(p)
            case 2: points.append(p.negated())
            case 3: points.append(q)
            default: points.append(i % 2 == 0 ? .infinity : q.negated())
            }
            scalars.append(i % 7 == 0 ? Fr.random(using: &rng) : Fr(UInt64(1 + i % 3)))
        }
        let expected = MSM.naive(points: points, scalars: scalars)
        for c in [4, 10, 12] {
            let r = MSM.pippenger(points: points, scalars: scalars, windowBits: c, strategy: strategy, threads: 1)
            #expect(r == expected, "c = \(c), \(strategy)")
        }
    }

    @Test func largeBatchAffineAgreesWithXYZZ() {
        // Enough points per window to fill batches and the conflict queue many times.
        var rng = SeededRNG(seed: Self.seed ^ 0xE)
        let n = 5000
        let points = Self.g1Points(n, using: &rng)
        let scalars = Self.scalars(n, using: &rng)
        let reference = MSM.pippenger(points: points, scalars: scalars, windowBits: 8, strategy: .xyzz, threads: 1)
        #expect(MSM.pippenger(points: points, scalars: scalars, windowBits: 10, strategy: .batchAffine) == reference)
        #expect(MSM.pippenger(points: points, scalars: scalars, windowBits: 13, strategy: .batchAffine) == reference)
        let sub = 300
        #expect(
            MSM.naive(points: Array(points[0..<sub]), scalars: Array(scalars[0..<sub]))
                == MSM.pippenger(
                    points: Array(points[0..<sub]), scalars: Array(scalars[0..<sub]), windowBits: 9,
                    strategy: .batchAffine))
    }

    @Test func threadCountDoesNotChangeTheResult() {
        var rng = SeededRNG(seed: Self.seed ^ 0xF)
        let n = 3000
        let points = Self.g1Points(n, using: &rng)
        let scalars = Self.scalars(n, using: &rng)
        for strategy in [MSM.BucketStrategy.xyzz, .batchAffine] {
            let one = MSM.pippenger(points: points, scalars: scalars, windowBits: 10, strategy: strategy, threads: 1)
            for t in [2, 3, 7] {
                let r = MSM.pippenger(points: points, scalars: scalars, windowBits: 10, strategy: strategy, threads: t)
                #expect(Self.identical(r, one), "threads = \(t), \(strategy): same coordinates, not just same point")
            }
        }
        let g2Points = Self.g2Points(64, using: &rng)
        let g2Scalars = Self.scalars(64, using: &rng)
        let one = MSM.pippenger(points: g2Points, scalars: g2Scalars, threads: 1)
        for t in [2, 3] {
            #expect(Self.identical(MSM.pippenger(points: g2Points, scalars: g2Scalars, threads: t), one))
        }
    }

    @Test(arguments: [0, 1, 2, 9, 60])
    func g2MatchesNaive(n: Int) {
        var rng = SeededRNG(seed: Self.seed ^ 0x2 &+ UInt64(n))
        var points = Self.g2Points(n, using: &rng)
        if n > 3 {
            points[1] = .infinity
            points[2] = points[0]
        }
        let scalars = Self.scalars(n, using: &rng)
        let expected = MSM.naive(points: points, scalars: scalars)
        #expect(MSM.pippenger(points: points, scalars: scalars) == expected, "n = \(n)")
        for (c, strategy) in [(3, MSM.BucketStrategy.xyzz), (5, .batchAffine), (10, .batchAffine)] {
            #expect(MSM.pippenger(points: points, scalars: scalars, windowBits: c, strategy: strategy) == expected)
        }
    }

    @Test func windowChoice() {
        #expect(MSM.defaultWindowBits(count: 1) >= 1)
        #expect(MSM.defaultWindowBits(count: 1 << 16) >= 10 && MSM.defaultWindowBits(count: 1 << 16) <= 14)
        #expect(MSM.defaultWindowBits(count: 1 << 20) >= 14 && MSM.defaultWindowBits(count: 1 << 20) <= 16)
    }
}
