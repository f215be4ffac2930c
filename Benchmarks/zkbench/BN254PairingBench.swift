// `zkbench bn254`, pairing figures. Inputs are seeded random points of G1 and G2.
import BN254

enum BN254PairingFigures {
    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        [
            BenchmarkCase(name: "pairing", size: nil, threads: 1) { recorder in
                let p = BN254CurveFigures.randomG1(count: 1, seed: 0x5041_0001)[0]
                let q = BN254CurveFigures.randomG2(count: 1, seed: 0x5041_0002)[0]
                recorder.time(unit: .milliseconds) { blackHole(Pairing.pairing(p, q)) }
            },
            BenchmarkCase(name: "miller-loop", size: nil, threads: 1) { recorder in
                let p = BN254CurveFigures.randomG1(count: 1, seed: 0x5041_0003)[0]
                let q = G2Prepared(BN254CurveFigures.randomG2(count: 1, seed: 0x5041_0004)[0])
                recorder.time(unit: .milliseconds) { blackHole(Pairing.multiMillerLoop([(p, q)])) }
            },
            BenchmarkCase(name: "final-exp", size: nil, threads: 1) { recorder in
                let p = BN254CurveFigures.randomG1(count: 1, seed: 0x5041_0005)[0]
                let q = G2Prepared(BN254CurveFigures.randomG2(count: 1, seed: 0x5041_0006)[0])
                let f = Pairing.multiMillerLoop([(p, q)])
                recorder.time(unit: .milliseconds) { blackHole(Pairing.finalExponentiation(f)) }
            },
            BenchmarkCase(name: "multi-pairing-3", size: 3, threads: 1) { recorder in
                // Product of three pairings, G2 line coefficients computed inside the timing (as mcl's
                // millerLoopVec does); the `-prepared` figure reuses them, as a verifier with a cached key.
                let ps = BN254CurveFigures.randomG1(count: 3, seed: 0x5041_0007)
                let qs = BN254CurveFigures.randomG2(count: 3, seed: 0x5041_0008)
                recorder.time(unit: .milliseconds) {
                    blackHole(Pairing.multiPairing(zip(ps, qs).map { ($0, G2Prepared($1)) }))
                }
                let prepared = zip(ps, qs).map { ($0, G2Prepared($1)) }
                recorder.time("multi-pairing-3-prepared", unit: .milliseconds) {
                    blackHole(Pairing.multiPairing(prepared))
                }
            },
        ]
    }
}
