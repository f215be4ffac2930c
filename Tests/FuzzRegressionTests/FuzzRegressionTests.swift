import Foundation
import FuzzTargets
import Testing

/// Replays saved fuzz inputs through the fuzz targets' bodies (`FuzzTarget.run`) without libFuzzer: every input
/// that once crashed a reader (saved by `Fuzz/ci.sh` under `Inputs/<target>/`), plus the issue-10 crash cases.
/// A trap aborts the test process, which fails the run; each file is named before it is replayed.
@Suite struct FuzzRegressionTests {
    static let inputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Inputs")

    /// (target, file) for every saved input.
    static let cases: [String] = {
        let fm = FileManager.default
        var found: [String] = []
        for target in FuzzTarget.allCases {
            let dir = inputs.appendingPathComponent(target.rawValue)
            for name in ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() where !name.hasPrefix(".") {
                found.append("\(target.rawValue)/\(name)")
            }
        }
        return found
    }()

    @Test("saved inputs exist for the crash classes of issue 10")
    func inputsExist() {
        for target in [FuzzTarget.onnx, .jsonModel, .input] {
            #expect(Self.cases.contains { $0.hasPrefix(target.rawValue + "/") }, "no saved input for \(target)")
        }
    }

    @Test("every saved input is handled without a trap", arguments: cases)
    func replay(_ relativePath: String) throws {
        let target = try #require(FuzzTarget(rawValue: String(relativePath.split(separator: "/")[0])))
        let bytes = try [UInt8](Data(contentsOf: Self.inputs.appendingPathComponent(relativePath)))
        FileHandle.standardError.write(Data("replaying \(relativePath) (\(bytes.count) bytes)\n".utf8))
        target.run(bytes)
    }
}
