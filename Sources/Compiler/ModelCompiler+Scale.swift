/// The input range and the fixed-point scale: the two choices `Compiler.compile` makes before quantizing.
extension ModelCompiler {
    /// The range every input element must lie in: the option, else the model's declared range, else derived from
    /// the sample ([min(0, −2^⌈log2 −min⌉), 2^⌈log2 max⌉]), else [−1, 1]. Throws `.invalidInput` for a non-finite
    /// range and `.outOfBound` naming the element when the sample does not lie in the range. An integer input of
    /// token ids (`tokenVocabulary`) has the range 0…V − 1; another range for it is `.invalidInput`.
    static func inputRange(
        _ options: CompileOptions, _ model: Model, _ sample: Tensor?, inputName: String,
        tokenVocabulary: Int? = nil
    ) throws(CompilerError) -> ClosedRange<Double> {
        if let v = tokenVocabulary {
            guard options.inputRange == nil else {
                throw .invalidInput(
                    "'\(inputName)' holds token ids; its range is the vocabulary 0…\(v - 1), "
                        + "an input range cannot be given")
            }
            if let sample, let i = sample.data.firstIndex(where: { !(0...Double(v - 1)).contains($0) }) {
                throw .invalidInput(
                    "token id \(sample.data[i]) at '\(inputName)' element \(i) is outside the "
                        + "vocabulary 0…\(v - 1)")
            }
            return 0...Double(v - 1)
        }
        let range = try declaredOrDerivedRange(options, model, sample)
        if let sample {
            for (i, v) in sample.data.enumerated() where !range.contains(v) {
                throw .outOfBound(tensor: inputName, index: i, value: v, bound: range)
            }
        }
        return range
    }

    private static func declaredOrDerivedRange(
        _ options: CompileOptions, _ model: Model,
        _ sample: Tensor?
    ) throws(CompilerError) -> ClosedRange<Double> {
        if let r = options.inputRange ?? model.inputRange {
            guard r.lowerBound.isFinite, r.upperBound.isFinite else {
                throw .invalidInput("the input range must be finite")
            }
            return r
        }
        guard let sample else { return -1...1 }
        func ceilPow2(_ v: Double) -> Double {
            var p = 1.0 / 1024
            while p < v { p *= 2 }
            return p
        }
        let lo = sample.data.min() ?? 0
        let hi = sample.data.max() ?? 0
        return (lo < 0 ? -ceilPow2(-lo) : 0)...(hi > 0 ? ceilPow2(hi) : 1)
    }

    /// The scale exponent and a sentence saying where it came from: the option (checked against `scaleRange`),
    /// else calibrated on the sample, else `defaultScaleBits`.
    static func chooseScale(
        _ options: CompileOptions, _ floatProgram: FloatProgram, range: ClosedRange<Double>,
        sample: Tensor?
    ) throws(CompilerError) -> (scaleBits: Int, source: String) {
        if let given = options.scaleBits {
            guard scaleRange.contains(given) else {
                throw .invalidInput(
                    "scale bits must be in \(scaleRange.lowerBound)...\(scaleRange.upperBound), got \(given)")
            }
            return (given, "given")
        }
        if let maxError = options.maxError {
            guard maxError.isFinite, maxError > 0 else {
                throw .invalidInput("the calibration's max error must be a positive number, got \(maxError)")
            }
            guard sample != nil else {
                throw .invalidInput("calibrating to a max error needs a sample input to measure it on")
            }
        }
        if let sample { return try calibrate(floatProgram, range: range, sample: sample, maxError: options.maxError) }
        return (defaultScaleBits, "default (no sample input to calibrate on)")
    }

    /// The smallest s in `calibrationRange` whose max |float − fixed| on the sample is ≤ `maxError` (nil: 1% of
    /// max(1, max|float|)); if none qualifies, the s with the smallest error — or, for a stated `maxError`, an
    /// `.invalidInput` error saying how close the best scale came. Scales whose bounds overflow are skipped.
    private static func calibrate(
        _ fp: FloatProgram, range: ClosedRange<Double>,
        sample: Tensor, maxError: Double?
    ) throws(CompilerError) -> (scaleBits: Int, source: String) {
        let target = maxError.map { "max error ≤ \($0)" } ?? "max error ≤ 1% of the output magnitude"
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
                let tolerance = maxError ?? 0.01 * max(1, f.map(abs).max() ?? 0)
                if error <= tolerance {
                    return (s, "calibrated on the sample input (smallest s in \(calibrationRange) with \(target))")
                }
                if best == nil || error < best!.error { best = (s, error) }
            } catch {
                lastError = error
            }
        }
        guard let best else { throw lastError ?? .overflow(layer: "calibration", reason: "no scale fits") }
        if let maxError {
            throw .invalidInput(
                "no scale in \(calibrationRange) reaches max error ≤ \(maxError) on the sample input (smallest: "
                    + "\(best.error) at s = \(best.s)); give a larger --max-error or --scale")
        }
        return (
            best.s, "calibrated on the sample input (no s in \(calibrationRange) reached \(target); smallest error)"
        )
    }
}
