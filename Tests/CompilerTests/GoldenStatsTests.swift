import Compiler
import Foundation
import Testing

/// Golden constraint counts: Circuits/stats.csv (model, scale bits, constraints, public signals, private variables),
/// regenerated only with ZK_REGENERATE_GOLDEN=1 (STYLE.md §5). A change in any count must be deliberate.
@Suite(.serialized) struct GoldenStatsTests {
    static let path = "\(Fixtures.circuits)/stats.csv"
    static let header = "model,scale_bits,constraints,public_signals,private_variables"

    static func row(_ name: String) throws -> String {
        let compiled = try ModelCompiler.compile(
            model: try Fixtures.model(name), options: CompileOptions(sampleInput: try Fixtures.input(name)))
        let r = compiled.report
        return
            "\(name),\(compiled.scaleBits),\(compiled.constraintCount),\(r.publicInputCount),\(r.privateWitnessCount)"
    }

    @Test func constraintCountsMatchGolden() throws {
        let rows = try CircuitsModelTests.models.map(Self.row)
        let text = ([Self.header] + rows).joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["ZK_REGENERATE_GOLDEN"] == "1" {
            try text.write(toFile: Self.path, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(
            golden == text, "Circuits/stats.csv differs; rerun with ZK_REGENERATE_GOLDEN=1 if the change is intended")
    }
}
