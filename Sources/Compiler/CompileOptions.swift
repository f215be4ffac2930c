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
    /// (the smallest s in `Compiler.calibrationRange` whose max output error ≤ `maxError`, by default 1% of the
    /// output magnitude), or `Compiler.defaultScaleBits` without a sample.
    public var scaleBits: Int?
    /// The largest max |fixed-point − float| output error on `sampleInput` calibration accepts (finite, > 0);
    /// nil: 1% of max(1, max |float output|). Ignored when `scaleBits` is given.
    public var maxError: Double?
    /// Who may see the input (default `.public`); decides the public signals and the input's range checks.
    public var inputVisibility: InputVisibility
    /// A representative input: calibrates the scale, derives the input range when none is given, and the
    /// report's float-vs-fixed-point error is measured on it.
    public var sampleInput: Tensor?
    /// The range every input element must lie in. nil: the model's declared range (JSON `range`), else derived
    /// from the sample ([min(0, −2^⌈log2 −min⌉), 2^⌈log2 max⌉]), else [−1, 1].
    public var inputRange: ClosedRange<Double>?
    /// Which graph output to prove (default: the first float output).
    public var outputName: String?

    /// Options with every choice at its documented default.
    public init(
        scaleBits: Int? = nil, inputVisibility: InputVisibility = .public, sampleInput: Tensor? = nil,
        inputRange: ClosedRange<Double>? = nil, outputName: String? = nil, maxError: Double? = nil
    ) {
        self.scaleBits = scaleBits
        self.maxError = maxError
        self.inputVisibility = inputVisibility
        self.sampleInput = sampleInput
        self.inputRange = inputRange
        self.outputName = outputName
    }
}
