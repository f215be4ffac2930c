// `zkbench bn254`, group-law figures.
import BN254
import TestSupport

enum BN254CurveFigures {
    static let pointCount = 256

    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        [
            BenchmarkCase(name: "g1-add-mixed", size: nil, threads: 1) { recorder in
                // Jacobian + affine (the MSM bucket operation), each sum feeding the next.
                let points = randomG1(count: pointCount, seed: 0x4731_0001)
                let n = 1 << 18
                recorder.time(unit: .nanoseconds, operationsPerRun: n) {
                    var acc = G1Jacobian(points[0])
                    for i in 0..<n { acc = acc + points[i & (pointCount - 1)] }
                    blackHole(acc)
                }
            },
            BenchmarkCase(name: "g1-add", size: nil, threads: 1) { recorder in
                let points = randomG1(count: pointCount, seed: 0x4731_0002).map { G1Jacobian($0).doubled() }
                let n = 1 << 17
                recorder.time(unit: .nanoseconds, operationsPerRun: n) {
                    var acc = points[1]
                    for i in 0..<n { acc = acc + points[i & (pointCount - 1)] }
                    blackHole(acc)
                }
            },
            BenchmarkCase(name: "g1-double", size: nil, threads: 1) { recorder in
                let n = 1 << 18
                let start = G1Jacobian(randomG1(count: 1, seed: 0x4731_0003)[0])
                recorder.time(unit: .nanoseconds, operationsPerRun: n) {
                    var acc = start
                    for _ in 0..<n { acc = acc.doubled() }
                    blackHole(acc)
                }
            },
        ]
    }

    /// `count` pseudo-random points [k]G (seeded), in affine form.
    static func randomG1(count: Int, seed: UInt64) -> [G1Affine] {
        var rng = SeededRNG(seed: seed)
        // k_i·G from a running sum with random steps: cheap and uniformly spread enough for timing.
        let step = G1Jacobian(G1Affine.generator) * Fr.random(using: &rng)
        var acc = G1Jacobian(G1Affine.generator) * Fr.random(using: &rng)
        var jacobian: [G1Jacobian] = []
        jacobian.reserveCapacity(count)
        for _ in 0..<count {
            jacobian.append(acc)
            acc = acc + step
        }
        return G1Jacobian.batchToAffine(jacobian)
    }

    /// `count` pseudo-random G2 points, in affine form.
    static func randomG2(count: Int, seed: UInt64) -> [G2Affine] {
        var rng = SeededRNG(seed: seed)
        let step = G2Jacobian(G2Affine.generator) * Fr.random(using: &rng)
        var acc = G2Jacobian(G2Affine.generator) * Fr.random(using: &rng)
        var jacobian: [G2Jacobian] = []
        jacobian.reserveCapacity(count)
        for _ in 0..<count {
            jacobian.append(acc)
            acc = acc + step
        }
        return G2Jacobian.batchToAffine(jacobian)
    }
}
