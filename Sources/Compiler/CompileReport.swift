import R1CS

/// The human- and machine-readable compile report: constraints per layer and in total, scales, static bounds,
/// and the float-vs-fixed-point error on the sample input.
public struct CompileReport: Codable, Sendable, Equatable {
    /// One row per layer (plus the input handling and the output binding).
    public struct Layer: Codable, Sendable, Equatable {
        /// Layer name; the first row is the input, the last the output binding.
        public var name: String
        /// Short op name (`FixedPointOp.name`, or the input/output row's description).
        public var op: String
        /// Shape of the layer's output tensor.
        public var shape: [Int]
        /// Scale exponent of the layer's output (values are integers / 2^scale).
        public var scaleBits: Int
        /// Constraints this layer adds (0 for linear layers and relabelings).
        public var constraints: Int
        /// Static bound of the output as reals (lower, upper).
        public var lowerBound: Double
        /// Upper static bound of the output, as a real (integer bound / 2^scaleBits).
        public var upperBound: Double
    }

    /// Input row, one row per program layer in order, output-binding row; constraints sum to `totalConstraints`.
    public var layers: [Layer] = []
    /// Constraints of the whole circuit (`R1CS.constraintCount`).
    public var totalConstraints = 0
    /// Public signals (outputs, then the input part), as in `CompiledModel.publicSignalNames`.
    public var publicInputCount = 0
    /// Private witness variables of the circuit.
    public var privateWitnessCount = 0
    /// The fixed-point scale exponent s of the input and of every rescaled tensor.
    public var scaleBits = 0
    /// Where `scaleBits` came from ("given", calibrated on the sample, or the default), as a sentence.
    public var scaleSource = ""
    /// Name of the rescale rounding rule (`RoundingRule.rawValue`; "roundHalfUp" in reports written before the rename).
    public var roundingRule = RoundingRule.toNearestOrUp.rawValue
    /// The compiled input range as [lower, upper] (reals).
    public var inputRange: [Double] = []
    /// The input visibility (`InputVisibility.rawValue`).
    public var inputVisibility = InputVisibility.public.rawValue
    /// Names of the public signals in order (`CompiledModel.publicSignalNames`).
    public var publicSignals: [String] = []
    /// max |float − fixed| on the sample input (nil without a sample).
    public var maxAbsoluteError: Double?
    /// The float model's output on the sample input (before an ArgMax head); nil without a sample.
    public var floatOutput: [Double]?
    /// The fixed-point output on the sample input, dequantized; nil without a sample.
    public var fixedPointOutput: [Double]?
    /// Sentences about what is and is not proved (e.g. an unproved Softmax head).
    public var notes: [String] = []

    /// An empty report (what a `CompiledModel` holds before compilation fills it in).
    public init() {}

    static func make(
        program: FixedPointProgram, bounds: [TensorBounds], spans: [LayerSpan], r1cs: ConstraintMatrices,
        visibility: InputVisibility, scaleSource: String, maxAbsoluteError: Double?,
        floatOutput: [Double]?, fixedOutput: [Double]?, publicSignals: [String],
        notes: [String]
    ) -> CompileReport {
        var r = CompileReport()
        let one = Double(1 << program.scaleBits)
        r.layers.append(
            Layer(
                name: spans[0].layer, op: spans[0].op, shape: program.inputShape, scaleBits: program.scaleBits,
                constraints: spans[0].constraints.count, lowerBound: Double(program.inputLower) / one,
                upperBound: Double(program.inputUpper) / one))
        for (i, layer) in program.layers.enumerated() {
            let b = bounds[layer.output]
            let s = Double(1 << layer.scale)
            r.layers.append(
                Layer(
                    name: layer.name, op: layer.op.name, shape: layer.shape, scaleBits: layer.scale,
                    constraints: spans[i + 1].constraints.count,
                    lowerBound: Double(b.minimum) / s, upperBound: Double(b.maximum) / s))
        }
        let last = spans[spans.count - 1]
        r.layers.append(
            Layer(
                name: last.layer, op: last.op, shape: program.outputShape, scaleBits: program.outputScale,
                constraints: last.constraints.count, lowerBound: r.layers.last!.lowerBound,
                upperBound: r.layers.last!.upperBound))
        r.totalConstraints = r1cs.constraintCount
        r.publicInputCount = r1cs.publicInputCount
        r.privateWitnessCount = r1cs.witnessCount
        r.scaleBits = program.scaleBits
        r.scaleSource = scaleSource
        r.inputRange = [Double(program.inputLower) / one, Double(program.inputUpper) / one]
        r.inputVisibility = visibility.rawValue
        r.publicSignals = publicSignals
        r.maxAbsoluteError = maxAbsoluteError
        r.floatOutput = floatOutput
        r.fixedPointOutput = fixedOutput
        r.notes = notes
        return r
    }

    /// A plain-text table.
    public var text: String {
        var lines: [String] = []
        lines.append(
            "scale 2^\(scaleBits) (\(scaleSource)); rounding \(roundingRule); input \(inputVisibility) in "
                + "[\(inputRange.first ?? 0), \(inputRange.last ?? 0)]")
        lines.append(
            pad("layer", 36) + pad("op", 20) + pad("shape", 16) + pad("scale", 7) + pad("constraints", 13) + "bound")
        for l in layers {
            lines.append(
                pad(l.name, 36) + pad(l.op, 20) + pad("\(l.shape)", 16) + pad("\(l.scaleBits)", 7)
                    + pad("\(l.constraints)", 13) + "[\(format(l.lowerBound)), \(format(l.upperBound))]")
        }
        lines.append(
            "total constraints: \(totalConstraints); public signals: \(publicInputCount); "
                + "private variables: \(privateWitnessCount)")
        if let e = maxAbsoluteError { lines.append("max |float − fixed point| on the sample input: \(format(e))") }
        lines.append("public signals: " + summarize(publicSignals))
        lines.append(contentsOf: notes.map { "note: \($0)" })
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }
    private func format(_ v: Double) -> String {
        v.magnitude < 1e9 ? String(Double(Int((v * 1e6).rounded())) / 1e6) : String(v)
    }
    private func summarize(_ names: [String]) -> String {
        names.count <= 6
            ? names.joined(separator: ", ")
            : names.prefix(3).joined(separator: ", ") + ", …, " + names.suffix(2).joined(separator: ", ")
                + " (\(names.count))"
    }
}
