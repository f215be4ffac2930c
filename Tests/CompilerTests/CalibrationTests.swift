import Compiler
import Testing

/// Scale calibration to a stated error (`CompileOptions.maxError`, `compile --max-error`): the chosen scale is the
/// smallest whose error on the sample meets the target, measured by compiling again at the scales around it.
@Suite struct CalibrationTests {
    static func compile(_ options: CompileOptions) throws -> CompiledModel {
        try ModelCompiler.compile(model: try Fixtures.model("digits-mlp"), options: options)
    }

    @Test(arguments: [0.05, 0.01, 0.003])
    func smallestScaleMeetingTheTarget(maxError: Double) throws {
        let sample = try Fixtures.input("digits-mlp")
        let chosen = try Self.compile(CompileOptions(sampleInput: sample, maxError: maxError))
        let error = try #require(chosen.report.maxAbsoluteError)
        #expect(error <= maxError, "s = \(chosen.scaleBits): error \(error) > \(maxError)")
        let s = chosen.scaleBits
        if s > ModelCompiler.calibrationRange.lowerBound {
            let below = try Self.compile(CompileOptions(scaleBits: s - 1, sampleInput: sample))
            let belowError = try #require(below.report.maxAbsoluteError)
            #expect(belowError > maxError, "s = \(s - 1) already had error \(belowError) ≤ \(maxError)")
        }
    }

    @Test func aTighterTargetNeverChoosesASmallerScale() throws {
        let sample = try Fixtures.input("digits-mlp")
        let loose = try Self.compile(CompileOptions(sampleInput: sample, maxError: 0.05)).scaleBits
        let tight = try Self.compile(CompileOptions(sampleInput: sample, maxError: 0.003)).scaleBits
        #expect(tight > loose)
    }

    @Test(arguments: [0.0, -1.0, Double.nan, Double.infinity])
    func invalidTargetsAreRefused(maxError: Double) throws {
        let sample = try Fixtures.input("digits-mlp")
        #expect(throws: CompilerError.self) {
            try Self.compile(CompileOptions(sampleInput: sample, maxError: maxError))
        }
    }

    /// A target no scale reaches is an error that says how close the best scale came, not a silent best effort.
    @Test func anUnreachableTargetIsRefused() throws {
        let sample = try Fixtures.input("digits-mlp")
        do {
            _ = try Self.compile(CompileOptions(sampleInput: sample, maxError: 1e-9))
            Issue.record("an unreachable max error was accepted")
        } catch {
            #expect("\(error)".contains("reaches max error ≤ 1e-09"), "\(error)")
        }
    }

    @Test func aTargetNeedsASample() throws {
        do {
            _ = try Self.compile(CompileOptions(maxError: 0.01))
            Issue.record("calibrating to a max error without a sample was accepted")
        } catch {
            #expect("\(error)".contains("needs a sample input"))
        }
    }
}
