// swift-tools-version: 6.1
// Coverage-guided fuzzing of zkinfer's readers with libFuzzer. Kept out of the main package so that `swift build`
// and `swift test` never build it: `Fuzz/run.sh` builds it with `-sanitize=fuzzer` (see README.md, "Fuzzing").
import PackageDescription

let package = Package(
    name: "zkinfer-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "zkinfer", path: "..")],
    targets: [
        // main.swift hands control to libFuzzer (LLVMFuzzerRunDriver), which calls `LLVMFuzzerTestOneInput`.
        .executableTarget(name: "zkfuzz", dependencies: [.product(name: "FuzzTargets", package: "zkinfer")])
    ]
)
