// `zkbench bn254`, the measured alternatives behind two choices in BN254 (moved here from tests, which never
// time): binary-Euclid inversion vs Fermat's a^(p−2) (`PrimeField+Inverse.swift`), and the ψ-based G2 subgroup
// check vs the definitional [r]P = O (`G2Affine+Subgroup.swift`).
import BN254
import TestSupport

enum BN254AlternativeFigures {
    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        [
            inversion("fr-inverse-binary", Fr.self, seed: 0x494E_0001) { $0.inverseBinary },
            inversion("fr-inverse-fermat", Fr.self, seed: 0x494E_0001) { $0.inverseFermat },
            inversion("fq-inverse-binary", Fq.self, seed: 0x494E_0002) { $0.inverseBinary },
            inversion("fq-inverse-fermat", Fq.self, seed: 0x494E_0002) { $0.inverseFermat },
            subgroupCheck("g2-subgroup-psi") { $0.isInSubgroup },
            subgroupCheck("g2-subgroup-reference") { $0.isInSubgroupReference },
        ]
    }

    /// ns per inversion of independent random elements.
    static func inversion<F: PrimeField>(
        _ name: String, _: F.Type, seed: UInt64,
        _ invert: @escaping (F) -> F?
    ) -> BenchmarkCase {
        BenchmarkCase(name: name, size: nil, threads: 1) { recorder in
            var rng = SeededRNG(seed: seed)
            let values = (0..<256).map { _ in F.random(using: &rng) }
            recorder.time(unit: .nanoseconds, operationsPerRun: values.count) {
                var acc = F.zero
                for v in values { acc += invert(v) ?? .zero }
                blackHole(acc)
            }
        }
    }

    /// µs per subgroup check of a point in G2 (the verifier's check of a proof's B).
    static func subgroupCheck(_ name: String, _ check: @escaping (G2Affine) -> Bool) -> BenchmarkCase {
        BenchmarkCase(name: name, size: nil, threads: 1) { recorder in
            let points = BN254CurveFigures.randomG2(count: 16, seed: 0x5347_0001)
            _ = G2Affine.generator.isInSubgroup  // derive the constants outside the timing
            recorder.time(unit: .microseconds, operationsPerRun: points.count) {
                var inside = 0
                for p in points where check(p) { inside += 1 }
                blackHole(inside)
            }
        }
    }
}
