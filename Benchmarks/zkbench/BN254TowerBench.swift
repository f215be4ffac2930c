// `zkbench bn254`, extension-field figures: the F_q2/F_q6/F_q12 operations the pairing is made of, each as a
// dependent chain (latency), so that a pairing profile can be read as a sum of these.
import BN254
import TestSupport

enum BN254TowerFigures {
    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        [
            chain("fq2-mul", count: 1 << 16, start: randomFq2(1)) { x, k in x * k },
            chain("fq2-square", count: 1 << 16, start: randomFq2(2)) { x, _ in x.squared() },
            chain("fq6-mul", count: 1 << 14, start: randomFq6(3)) { x, k in x * k },
            chain("fq12-mul", count: 1 << 12, start: randomFq12(4)) { x, k in x * k },
            chain("fq12-square", count: 1 << 12, start: randomFq12(5)) { x, _ in x.squared() },
            chain("fq12-cyclotomic-square", count: 1 << 12, start: cyclotomic(6)) { x, _ in x.cyclotomicSquared() },
            chain("fq12-pow-u", count: 16, start: cyclotomic(8)) { x, _ in x.cyclotomicPowU() },
            chain("fq12-inverse", count: 1 << 8, start: randomFq12(7)) { x, k in (x.inverse ?? k) + k },
        ]
    }

    /// Times `count` dependent applications of `step` (x ← step(x, k) with a fixed random k), per operation.
    static func chain<T>(
        _ name: String, count: Int, start: @autoclosure @escaping () -> (T, T), step: @escaping (T, T) -> T
    )
        -> BenchmarkCase
    {
        BenchmarkCase(name: name, size: nil, threads: 1) { recorder in
            let (x0, k) = start()
            recorder.time(unit: .nanoseconds, operationsPerRun: count) {
                var x = x0
                for _ in 0..<count { x = step(x, k) }
                blackHole(x)
            }
        }
    }

    static func randomFq2(_ seed: UInt64) -> (Fq2, Fq2) {
        var rng = SeededRNG(seed: 0x5457_0000 &+ seed)
        return (Fq2(.random(using: &rng), .random(using: &rng)), Fq2(.random(using: &rng), .random(using: &rng)))
    }

    static func randomFq6(_ seed: UInt64) -> (Fq6, Fq6) {
        let (a, b) = randomFq2(seed)
        let (c, d) = randomFq2(seed &+ 100)
        let (e, f) = randomFq2(seed &+ 200)
        return (Fq6(a, c, e), Fq6(b, d, f))
    }

    static func randomFq12(_ seed: UInt64) -> (Fq12, Fq12) {
        let (a, b) = randomFq6(seed)
        let (c, d) = randomFq6(seed &+ 1000)
        return (Fq12(a, c), Fq12(b, d))
    }

    /// A cyclotomic-subgroup element (the easy part of the final exponentiation applied to a random element).
    static func cyclotomic(_ seed: UInt64) -> (Fq12, Fq12) {
        let (a, b) = randomFq12(seed)
        let t = a.conjugate() * a.inverse!
        return (t.frobenius(power: 2) * t, b)
    }
}
