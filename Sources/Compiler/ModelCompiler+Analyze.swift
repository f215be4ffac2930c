extension ModelCompiler {
    /// Every check `compile` makes before it builds the circuit — lowering, input range, quantization at scale
    /// `options.scaleBits` (default `defaultScaleBits`; no calibration), interval analysis — without building it.
    /// Returns the number of tensor elements of the fixed-point program: the circuit's size grows with it, so a
    /// caller (the fuzzers) can tell whether a full `compile` is affordable. Throws what `compile` would throw.
    public static func analyze(model: Model, options: CompileOptions = CompileOptions()) throws(CompilerError) -> Int {
        let floatProgram = try GraphLowering.lower(model, outputName: options.outputName)
        let range = try inputRange(options, model, nil, inputName: floatProgram.inputName)
        let (s, _) = try chooseScale(options, floatProgram, range: range, sample: nil)
        let program = try Quantizer.quantize(floatProgram, scaleBits: s, inputRange: range)
        _ = try IntervalAnalysis.run(program)
        return program.layers.reduce(program.inputCount) { $0 + $1.shape.reduce(1, *) }
    }
}
