// `zkbench bn254`, multi-scalar multiplication figures (uniform random 254-bit scalars).
import BN254
import TestSupport

enum BN254MSMFigures {
    /// Inputs shared by every size of a sweep: generated once, at the largest size, on first use.
    final class Inputs {
        private var g1: [G1Affine] = []
        private var g2: [G2Affine] = []
        private var scalars: [Fr] = []

        func g1Points(_ count: Int) -> ArraySlice<G1Affine> {
            if g1.count < count { g1 = BN254CurveFigures.randomG1(count: count, seed: 0x4D53_4D01) }
            return g1[0..<count]
        }

        func g2Points(_ count: Int) -> ArraySlice<G2Affine> {
            if g2.count < count { g2 = BN254CurveFigures.randomG2(count: count, seed: 0x4D53_4D02) }
            return g2[0..<count]
        }

        func frScalars(_ count: Int) -> ArraySlice<Fr> {
            if scalars.count < count {
                var rng = SeededRNG(seed: 0x4D53_4D03)
                scalars = (0..<count).map { _ in Fr.random(using: &rng) }
            }
            return scalars[0..<count]
        }
    }

    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        let inputs = Inputs()
        var cases: [BenchmarkCase] = []
        for logSize in options.logSizes(default: [12, 14, 16, 18, 20]) {
            for threads in options.threadCounts {
                cases.append(
                    BenchmarkCase(name: "msm-g1", size: 1 << logSize, threads: threads) { recorder in
                        let points = Array(inputs.g1Points(1 << logSize))
                        let scalars = Array(inputs.frScalars(1 << logSize))
                        recorder.time(unit: .milliseconds) {
                            blackHole(MSM.pippenger(points: points, scalars: scalars, threads: threads))
                        }
                    })
            }
        }
        for logSize in options.logSizes(default: [16]) {
            for threads in options.threadCounts {
                cases.append(
                    BenchmarkCase(name: "msm-g2", size: 1 << logSize, threads: threads) { recorder in
                        let points = Array(inputs.g2Points(1 << logSize))
                        let scalars = Array(inputs.frScalars(1 << logSize))
                        recorder.time(unit: .milliseconds) {
                            blackHole(MSM.pippenger(points: points, scalars: scalars, threads: threads))
                        }
                    })
            }
        }
        return cases
    }
}
