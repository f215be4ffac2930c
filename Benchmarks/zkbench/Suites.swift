// The subcommands of zkbench. Another area registers its suite by adding one line here (see Harness.swift).

/// Every suite, in `--help` order.
func registeredSuites() -> [any BenchmarkSuite.Type] {
    [
        BN254Suite.self,
        Groth16Suite.self,
        CeremonySuite.self,
    ]
}
