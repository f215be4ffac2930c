// swift-tools-version: 6.1
// zkinfer — zero-knowledge verifiable inference. Layering: see README.md ("Architecture").
import PackageDescription

/// Release builds of the leaf targets (executables, tests, benchmarks) optimise across module boundaries,
/// so that `@inlinable` field arithmetic is specialised where it is used (measured: STYLE.md §1).
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "zkinfer",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "zkinfer", targets: ["zkinfer"]),
        .executable(name: "zkbench", targets: ["zkbench"]),
        .library(name: "ZKInfer", targets: ["ZKInfer"]),
        // The fuzz targets' bodies, for the libFuzzer driver in Fuzz/ (README, "Fuzzing").
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    targets: [
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"]), .brew(["gmp"])]
        ),
        .target(name: "BN254", dependencies: ["CGMP"]),
        .target(name: "Hashing"),
        .target(name: "R1CS", dependencies: ["BN254", "Hashing"]),
        .target(name: "Groth16", dependencies: ["BN254", "Hashing", "R1CS"]),
        .target(name: "Compiler", dependencies: ["BN254", "Hashing", "R1CS"]),
        .target(name: "Ledger", dependencies: ["Hashing"]),
        .target(name: "ZKInfer", dependencies: ["BN254", "Hashing", "R1CS", "Groth16", "Compiler", "Ledger"]),
        .target(
            name: "FuzzTargets", dependencies: ["BN254", "Compiler", "Groth16", "Hashing", "Ledger", "R1CS", "ZKInfer"]),
        .executableTarget(name: "zkinfer", dependencies: ["ZKInfer"], swiftSettings: crossModule),
        .executableTarget(
            name: "zkbench",
            dependencies: ["BN254", "Hashing", "R1CS", "Groth16", "ZKInfer", "TestSupport"],
            path: "Benchmarks/zkbench",
            swiftSettings: crossModule
        ),
        .target(name: "TestSupport", dependencies: ["BN254", "CGMP", "Hashing"]),
        .testTarget(
            name: "BN254Tests", dependencies: ["BN254", "Hashing", "TestSupport"], exclude: ["Vectors"],
            swiftSettings: crossModule),
        .testTarget(name: "R1CSTests", dependencies: ["R1CS", "Hashing", "TestSupport"], swiftSettings: crossModule),
        .testTarget(
            name: "Groth16Tests", dependencies: ["Groth16", "Hashing", "R1CS", "TestSupport"], exclude: ["Fixtures"],
            swiftSettings: crossModule),
        .testTarget(
            name: "CompilerTests", dependencies: ["Compiler", "Hashing", "R1CS", "TestSupport"],
            swiftSettings: crossModule),
        .testTarget(
            name: "LedgerTests", dependencies: ["Ledger", "Hashing", "TestSupport"], swiftSettings: crossModule),
        .testTarget(
            name: "EndToEndTests", dependencies: ["ZKInfer", "Groth16", "Hashing", "TestSupport"],
            exclude: ["Python", "VersionOneFiles"],
            swiftSettings: crossModule),
        .testTarget(
            name: "FuzzRegressionTests", dependencies: ["FuzzTargets"], exclude: ["Inputs"],
            swiftSettings: crossModule),
    ]
)
