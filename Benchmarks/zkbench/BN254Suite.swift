// `zkbench bn254`: field, curve, pairing, MSM and NTT figures, in that order.

/// The BN254 arithmetic suite.
enum BN254Suite: BenchmarkSuite {
    static let name = "bn254"
    static let summary = "Fr/Fq mul, G1 add, pairing, multi-pairing, G1/G2 MSM, NTT"

    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        BN254FieldFigures.cases(options)
            + BN254TowerFigures.cases(options)
            + BN254CurveFigures.cases(options)
            + BN254PairingFigures.cases(options)
            + BN254MSMFigures.cases(options)
            + BN254FieldFigures.nttCases(options)
            + BN254AlternativeFigures.cases(options)
    }
}
