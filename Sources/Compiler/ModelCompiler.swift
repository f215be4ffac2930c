import BN254
import Hashing

/// The compiler entry point: `Model` → `CompiledModel` (fixed-point program + circuit digest + report).
///
/// `compile` runs the steps below in order, each a function of its own: graph lowering (`GraphLowering`: op
/// support, shapes, BN folding), the input range (`Compiler+Scale.swift`), the scale (`chooseScale`),
/// quantization (`Quantizer`), interval analysis (`IntervalAnalysis`), one circuit synthesis for the digest
/// and the per-layer constraint counts (`synthesizeForDigest`), and the report (`makeReport`, with the
/// float-vs-fixed-point error of `Compiler+Accuracy.swift`).
public enum ModelCompiler {
    /// Scale exponent used when neither a scale nor a sample input to calibrate on is given.
    public static let defaultScaleBits = 8
    /// Scale exponents tried, smallest first, when calibrating on a sample input.
    public static let calibrationRange = 4...14
    /// Accepted explicit scales.
    public static let scaleRange = 1...24

    /// Compiles a model (steps: see the type's documentation). Throws `CompilerError`: unsupported ops or
    /// attributes, bad shapes, a sample input out of the input range, a scale outside `scaleRange`, overflow.
    public static func compile(model: Model, options: CompileOptions = CompileOptions()) throws(CompilerError)
        -> CompiledModel
    {
        let floatProgram = try GraphLowering.lower(model, outputName: options.outputName)
        let sample = try options.sampleInput.map { t throws(CompilerError) in
            try t.conformed(to: floatProgram.inputShape, name: floatProgram.inputName)
        }
        let range = try inputRange(options, model, sample, inputName: floatProgram.inputName)
        let (s, scaleSource) = try chooseScale(options, floatProgram, range: range, sample: sample)
        let program = try Quantizer.quantize(floatProgram, scaleBits: s, inputRange: range)
        let bounds = try IntervalAnalysis.run(program)
        var compiled = CompiledModel(program: program, modelName: model.name, inputVisibility: options.inputVisibility)
        let synthesis = try synthesizeForDigest(&compiled, bounds: bounds, sample: sample)
        compiled.report = makeReport(
            compiled, floatProgram, bounds: bounds, synthesis: synthesis, sample: sample,
            scaleSource: scaleSource)
        return compiled
    }

    /// Builds the circuit once, on the sample input or else on an in-bound constant input (the circuit's
    /// structure does not depend on values), and records its digest and constraint count in `compiled`.
    private static func synthesizeForDigest(
        _ compiled: inout CompiledModel, bounds: [TensorBounds],
        sample: Tensor?
    ) throws(CompilerError) -> Synthesis {
        let program = compiled.program
        let one = Double(1 << program.scaleBits)
        let representative = Double(min(max(0, program.inputLower), program.inputUpper)) / one
        let input =
            sample
            ?? Tensor(
                shape: program.inputShape,
                data: Array(repeating: representative, count: program.inputCount))
        let synthesis = try compiled.synthesizeUnchecked(input: input, bounds: bounds, recordLabels: false)
        compiled.circuitDigest = Hex.encode(synthesis.r1cs.digest)
        compiled.constraintCount = synthesis.r1cs.constraintCount
        return synthesis
    }

    /// The compile report: per-layer constraints and bounds, and (with a sample) the float-vs-fixed-point error.
    private static func makeReport(
        _ compiled: CompiledModel, _ floatProgram: FloatProgram, bounds: [TensorBounds],
        synthesis: Synthesis, sample: Tensor?, scaleSource: String
    ) -> CompileReport {
        let program = compiled.program
        var maxError: Double?
        var floatOut: [Double]?
        if let sample {
            let (f, q) = comparableOutputs(floatProgram, program, sample: sample, fixedTrace: synthesis.trace)
            maxError = zip(f, q).map { abs($0 - $1) }.max() ?? 0
            floatOut = f
        }
        var notes: [String] = []
        if program.outputHead == .softmaxNotProved {
            notes.append(
                "The model ends in Softmax: the circuit proves the logits; argmax(logits) = argmax(softmax); "
                    + "probabilities are computed outside the circuit and are NOT proved.")
        }
        return CompileReport.make(
            program: program, bounds: bounds, spans: synthesis.spans, r1cs: synthesis.r1cs,
            visibility: compiled.inputVisibility, scaleSource: scaleSource,
            maxAbsoluteError: maxError, floatOutput: floatOut,
            fixedOutput: sample == nil ? nil : synthesis.output.values,
            publicSignals: compiled.publicSignalNames, notes: notes)
    }
}
