// `zkbench bn254`, field and NTT figures.
import BN254
import TestSupport

enum BN254FieldFigures {
    /// Elements in the throughput arrays (fits L1/L2, so the figure is arithmetic, not memory).
    static let arrayCount = 1024

    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        var cases: [BenchmarkCase] = []
        cases.append(mulLatency("fr-mul", inputs: frInputs()))
        cases.append(mulThroughput("fr-mul-throughput", inputs: frInputs()))
        cases.append(
            BenchmarkCase(name: "fr-add", size: nil, threads: 1) { recorder in
                let (a, b) = frInputs()
                let n = 1 << 22
                recorder.time(unit: .nanoseconds, operationsPerRun: n) {
                    var x = a[0]
                    for i in 0..<n { x = x + b[i & (arrayCount - 1)] }
                    blackHole(x)
                }
            })
        cases.append(
            BenchmarkCase(name: "fr-inverse", size: nil, threads: 1) { recorder in
                let (a, _) = frInputs()
                let n = 256
                recorder.time(unit: .nanoseconds, operationsPerRun: n) {
                    var acc = Fr.zero
                    for i in 0..<n { acc = acc + (a[i].inverse ?? .zero) }
                    blackHole(acc)
                }
            })
        cases.append(mulLatency("fq-mul", inputs: fqInputs()))
        cases.append(mulThroughput("fq-mul-throughput", inputs: fqInputs()))
        return cases
    }

    static func nttCases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        var cases: [BenchmarkCase] = []
        for logSize in options.logSizes(default: [16, 18, 20, 22]) where logSize <= EvaluationDomain.maximumLogSize {
            for threads in options.threadCounts {
                cases.append(
                    BenchmarkCase(name: "ntt", size: 1 << logSize, threads: threads) { recorder in
                        guard let domain = EvaluationDomain(size: 1 << logSize) else { return }
                        var rng = SeededRNG(seed: 0x4E54_5400 &+ UInt64(logSize))
                        var values = (0..<domain.size).map { _ in Fr.random(using: &rng) }
                        // Forward transforms in place: the cost does not depend on the values.
                        recorder.time(unit: .seconds) { domain.forwardNTT(&values, threads: threads) }
                        recorder.time("ntt-inverse", unit: .seconds) { domain.inverseNTT(&values, threads: threads) }
                        blackHole(values)
                    })
            }
        }
        return cases
    }

    /// Latency: every product depends on the previous one.
    static func mulLatency<F: PrimeField>(_ name: String, inputs: @autoclosure @escaping () -> ([F], [F]))
        -> BenchmarkCase
    {
        BenchmarkCase(name: name, size: nil, threads: 1) { recorder in
            let (a, b) = inputs()
            let n = 1 << 20
            recorder.time(unit: .nanoseconds, operationsPerRun: n) {
                var x = a[0]
                for i in 0..<n { x = x * b[i & (arrayCount - 1)] }
                blackHole(x)
            }
        }
    }

    /// Throughput: independent products over arrays, what an NTT or a batch sees.
    static func mulThroughput<F: PrimeField>(_ name: String, inputs: @autoclosure @escaping () -> ([F], [F]))
        -> BenchmarkCase
    {
        BenchmarkCase(name: name, size: nil, threads: 1) { recorder in
            let (a, b) = inputs()
            var c = [F](repeating: .zero, count: arrayCount)
            let rounds = 1024
            recorder.time(unit: .nanoseconds, operationsPerRun: rounds * arrayCount) {
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            for _ in 0..<rounds {
                                for i in 0..<arrayCount { pc[i] = pa[i] * pb[i] }
                                blackHole(pc[0])
                            }
                        }
                    }
                }
            }
            blackHole(c)
        }
    }

    static func frInputs() -> ([Fr], [Fr]) {
        var rng = SeededRNG(seed: 0x4652_0001)
        let a = (0..<arrayCount).map { _ in Fr.random(using: &rng) }
        let b = (0..<arrayCount).map { _ in Fr.random(using: &rng) }
        return (a, b)
    }

    static func fqInputs() -> ([Fq], [Fq]) {
        var rng = SeededRNG(seed: 0x4651_0001)
        let a = (0..<arrayCount).map { _ in Fq.random(using: &rng) }
        let b = (0..<arrayCount).map { _ in Fq.random(using: &rng) }
        return (a, b)
    }
}
