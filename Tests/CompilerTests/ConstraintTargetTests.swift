import BN254
import Compiler
import Foundation
import R1CS
import Testing

/// Constraint-count targets (public input): 784-64-10 ReLU MLP < 5,000; LeNet-5-sized CNN < 300,000.
/// Counting only; nothing is proved here.
@Suite struct ConstraintTargetTests {
    @Test func mlp784UnderFiveThousand() throws {
        let compiled = try ModelCompiler.compile(
            model: try Fixtures.model("mlp-784-64-10"),
            options: CompileOptions(sampleInput: try Fixtures.input("mlp-784-64-10")))
        #expect(
            compiled.constraintCount < 5_000, "\(compiled.constraintCount) constraints at scale 2^\(compiled.scaleBits)"
        )
        #expect(compiled.report.layers.map(\.constraints).reduce(0, +) == compiled.constraintCount)
    }

    @Test func lenet5UnderThreeHundredThousand() throws {
        let input = try Fixtures.input("lenet5")
        // scaleBits 9 = what calibration picks for this model (CircuitsModelTests compiles it with calibration).
        let compiled = try ModelCompiler.compile(
            model: try Fixtures.model("lenet5"), options: CompileOptions(scaleBits: 9, sampleInput: input))
        #expect(compiled.constraintCount < 300_000, "\(compiled.constraintCount) constraints\n\(compiled.report.text)")
        #expect(compiled.report.layers.map(\.constraints).reduce(0, +) == compiled.constraintCount)
        let expected = try Fixtures.expected("lenet5")
        #expect(compiled.report.maxAbsoluteError! < 0.05)
        let fixed = compiled.report.fixedPointOutput!
        #expect(fixed.firstIndex(of: fixed.max()!) == expected.argmax)
    }
}
