import BN254

/// Who may see the model input.
public enum InputVisibility: String, Codable, Sendable, CaseIterable {
    /// The quantized input is part of the public signals.
    case `public`
    /// The input is a private witness, range-checked in the circuit.
    case `private`
    /// The input is private and range-checked; its Poseidon hash (`InputHash`) is a public signal.
    case hashed
}

/// Options of `Compiler.compile`.
public struct CompileOptions: Sendable {
    /// Fixed-point scale exponent s (values are integers at scale 2^s). nil: calibrated on `sampleInput`
    /// (the smallest s in `Compiler.calibrationRange` whose max output error ≤ 1% of the output magnitude),
    /// or `Compiler.defaultScaleBits` without a sample.
    public var scaleBits: Int?
    public var inputVisibility: InputVisibility
    /// A representative input: calibrates the scale, derives the input range when none is given, and the
    /// report's float-vs-fixed-point error is measured on it.
    public var sampleInput: Tensor?
    /// The range every input element must lie in. nil: the model's declared range (JSON `range`), else derived
    /// from the sample ([min(0, −2^⌈log2 −min⌉), 2^⌈log2 max⌉]), else [−1, 1].
    public var inputRange: ClosedRange<Double>?
    /// Which graph output to prove (default: the first float output).
    public var outputName: String?

    public init(scaleBits: Int? = nil, inputVisibility: InputVisibility = .public, sampleInput: Tensor? = nil,
                inputRange: ClosedRange<Double>? = nil, outputName: String? = nil) {
        self.scaleBits = scaleBits
        self.inputVisibility = inputVisibility
        self.sampleInput = sampleInput
        self.inputRange = inputRange
        self.outputName = outputName
    }
}

/// The compiler entry point: `Model` → `CompiledModel` (fixed-point program + circuit digest + report).
public enum Compiler {
    public static let defaultScaleBits = 8
    public static let calibrationRange = 4...14
    /// Accepted explicit scales.
    public static let scaleRange = 1...24

    /// Compiles a model. Steps: graph lowering (op support, shapes, BN folding), input range, scale choice,
    /// quantization, interval analysis, then one circuit synthesis on the sample input (or a zero/lower-bound
    /// input) for the digest and the per-layer constraint counts.
    public static func compile(model: Model, options: CompileOptions = CompileOptions()) throws(CompilerError) -> CompiledModel {
        let floatProgram = try GraphLowering.lower(model, outputName: options.outputName)
        let sample = try options.sampleInput.map { t throws(CompilerError) in try t.conformed(to: floatProgram.inputShape, name: floatProgram.inputName) }
        let range = try inputRange(options, model, sample)
        if let sample {
            for (i, v) in sample.data.enumerated() where !range.contains(v) {
                throw .outOfBound(tensor: floatProgram.inputName, index: i, value: v, bound: range)
            }
        }
        var notes: [String] = []
        let s: Int
        var scaleSource: String
        if let given = options.scaleBits {
            guard scaleRange.contains(given) else {
                throw .invalidInput("scale bits must be in \(scaleRange.lowerBound)...\(scaleRange.upperBound), got \(given)")
            }
            s = given
            scaleSource = "given"
        } else if let sample {
            (s, scaleSource) = try calibrate(floatProgram, range: range, sample: sample)
        } else {
            s = defaultScaleBits
            scaleSource = "default (no sample input to calibrate on)"
        }
        let program = try Quantizer.quantize(floatProgram, scaleBits: s, inputRange: range)
        let bounds = try IntervalAnalysis.run(program)
        // Representative input for the digest synthesis (structure does not depend on values).
        let one = Double(1 << s)
        let witnessInput: Tensor = sample ?? Tensor(
            shape: program.inputShape,
            data: Array(repeating: Double(min(max(0, program.inputLower), program.inputUpper)) / one, count: program.inputCount))
        var compiled = CompiledModel(program: program, modelName: model.name, inputVisibility: options.inputVisibility)
        let synthesis = try compiled.synthesizeUnchecked(input: witnessInput, bounds: bounds, recordLabels: false)
        compiled.circuitDigest = Hex.encode(synthesis.r1cs.digest)
        compiled.constraintCount = synthesis.r1cs.constraintCount
        // Error vs float on the sample.
        var maxError: Double?
        var floatOut: [Double]?
        if let sample {
            let (f, q) = comparableOutputs(floatProgram, program, sample: sample, fixedTrace: synthesis.trace)
            maxError = zip(f, q).map { abs($0 - $1) }.max() ?? 0
            floatOut = f
        }
        if program.outputHead == .softmaxNotProved {
            notes.append("The model ends in Softmax: the circuit proves the logits; argmax(logits) = argmax(softmax); "
                         + "probabilities are computed outside the circuit and are NOT proved.")
        }
        compiled.report = CompileReport.make(program: program, bounds: bounds, spans: synthesis.spans, r1cs: synthesis.r1cs,
                                             visibility: options.inputVisibility, scaleSource: scaleSource,
                                             maxAbsoluteError: maxError, floatOutput: floatOut,
                                             fixedOutput: sample == nil ? nil : synthesis.output.values,
                                             publicSignals: compiled.publicSignalNames, notes: notes)
        return compiled
    }

    /// Every check `compile` makes before it builds the circuit — lowering, input range, quantization at scale
    /// `options.scaleBits` (default `defaultScaleBits`), interval analysis — without building it. Returns the number
    /// of tensor elements of the fixed-point program: the circuit's size grows with it, so a caller (the fuzzers)
    /// can tell whether a full `compile` is affordable. Throws what `compile` would throw for these steps.
    public static func analyze(model: Model, options: CompileOptions = CompileOptions()) throws(CompilerError) -> Int {
        let floatProgram = try GraphLowering.lower(model, outputName: options.outputName)
        let range = try inputRange(options, model, nil)
        let s = options.scaleBits ?? defaultScaleBits
        guard scaleRange.contains(s) else { throw .invalidInput("scale bits must be in \(scaleRange), got \(s)") }
        let program = try Quantizer.quantize(floatProgram, scaleBits: s, inputRange: range)
        _ = try IntervalAnalysis.run(program)
        return program.layers.reduce(program.inputCount) { $0 + $1.shape.reduce(1, *) }
    }

    private static func inputRange(_ options: CompileOptions, _ model: Model, _ sample: Tensor?) throws(CompilerError) -> ClosedRange<Double> {
        if let r = options.inputRange ?? model.inputRange {
            guard r.lowerBound.isFinite, r.upperBound.isFinite else { throw .invalidInput("the input range must be finite") }
            return r
        }
        guard let sample else { return -1...1 }
        func ceilPow2(_ v: Double) -> Double {
            var p = 1.0 / 1024
            while p < v { p *= 2 }
            return p
        }
        let lo = sample.data.min() ?? 0, hi = sample.data.max() ?? 0
        return (lo < 0 ? -ceilPow2(-lo) : 0)...(hi > 0 ? ceilPow2(hi) : 1)
    }

    /// The smallest s in `calibrationRange` whose max |float − fixed| on the sample is ≤ 1% of max(1, max|float|);
    /// if none qualifies, the s with the smallest error. Scales whose bounds overflow are skipped.
    private static func calibrate(_ fp: FloatProgram, range: ClosedRange<Double>, sample: Tensor) throws(CompilerError) -> (Int, String) {
        var best: (s: Int, error: Double)?
        var lastError: CompilerError?
        for s in calibrationRange {
            do {
                let program = try Quantizer.quantize(fp, scaleBits: s, inputRange: range)
                let bounds = try IntervalAnalysis.run(program)
                let input = try quantize(sample, program: program)
                let trace = try FixedPointExecutor.run(program, input: input, bounds: bounds)
                let (f, q) = comparableOutputs(fp, program, sample: sample, fixedTrace: trace)
                let error = zip(f, q).map { abs($0 - $1) }.max() ?? 0
                let tolerance = 0.01 * max(1, f.map(abs).max() ?? 0)
                if error <= tolerance {
                    return (s, "calibrated on the sample input (smallest s in \(calibrationRange) with max error ≤ 1% of the output magnitude)")
                }
                if best == nil || error < best!.error { best = (s, error) }
            } catch {
                lastError = error
            }
        }
        guard let best else { throw lastError ?? .overflow(layer: "calibration", reason: "no scale fits") }
        return (best.s, "calibrated on the sample input (no s in \(calibrationRange) reached 1%; smallest error)")
    }

    /// Quantizes a float input at the program's scale (round half away from zero) and checks the bound.
    static func quantize(_ input: Tensor, program: FixedPointProgram) throws(CompilerError) -> [Int64] {
        let t = try input.conformed(to: program.inputShape, name: program.inputName)
        let one = Double(1 << program.scaleBits)
        let bound = Double(program.inputLower) / one...Double(program.inputUpper) / one
        var out: [Int64] = []
        out.reserveCapacity(t.data.count)
        for (i, v) in t.data.enumerated() {
            // The value itself must lie in the bound the error message states (not only its rounded image, which
            // would accept up to half a unit more on either side).
            guard bound.contains(v) else { throw .outOfBound(tensor: program.inputName, index: i, value: v, bound: bound) }
            out.append(Int64((v * one).rounded()))
        }
        return out
    }

    /// Float output and dequantized fixed-point output, compared on the tensor before an ArgMax head (if any).
    static func comparableOutputs(_ fp: FloatProgram, _ program: FixedPointProgram, sample: Tensor,
                                  fixedTrace: [[Int64]]) -> ([Double], [Double]) {
        let floatTrace = FloatExecutor.run(fp, input: sample.data)
        var fIndex = fp.layers.count, qIndex = program.outputTensor
        if case .argmax? = fp.layers.last?.op, case .argmax? = program.layers.last?.op {
            fIndex = fp.layers.last!.inputs[0]
            qIndex = program.layers.last!.inputs[0]
        }
        let scale = qIndex == 0 ? program.scaleBits : program.layers[qIndex - 1].scale
        let one = Double(1 << scale)
        return (floatTrace[fIndex], fixedTrace[qIndex].map { Double($0) / one })
    }
}

/// Lower-case hexadecimal (the Compiler module does not depend on Hashing).
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var s = ""
        for b in bytes { s.append(digits[Int(b >> 4)]); s.append(digits[Int(b & 15)]) }
        return s
    }
}
