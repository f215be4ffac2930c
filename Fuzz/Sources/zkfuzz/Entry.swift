import Foundation
import FuzzTargets

/// The target selected by the environment variable `ZKFUZZ_TARGET` (a `FuzzTarget` raw value).
let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["ZKFUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("zkfuzz: set ZKFUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

/// libFuzzer's entry point: `-sanitize=fuzzer` links libFuzzer's `main`, which calls this for every input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    selectedTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
