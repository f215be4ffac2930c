import BN254
import Foundation
import Hashing
import R1CS

/// The model's output as computed in fixed point (and, in the circuit, exposed as public signals).
public struct FixedPointOutput: Sendable, Equatable {
    /// Shape of the output tensor.
    public var shape: [Int]
    /// Output integers at scale 2^`scaleBits` (the public output signals, read as signed integers).
    public var integers: [Int64]
    /// Scale exponent of `integers` (the program's output scale).
    public var scaleBits: Int
    /// Dequantized values integers[i] / 2^scaleBits.
    public var values: [Double]
    /// Index of the first maximum of `values` (or, for an ArgMax output, the proved index itself).
    public var argmax: Int
    /// softmax(values) when the model ended in Softmax (`OutputHead.softmaxNotProved`): NOT proved.
    public var unprovedProbabilities: [Double]?
}

/// What `CompiledModel.synthesize` returns: the circuit, its satisfying assignment, and the output.
public struct Synthesis: Sendable {
    /// The constraint system; its digest equals `CompiledModel.circuitDigest` for every in-bound input.
    public var r1cs: ConstraintMatrices
    /// The satisfying assignment z = [1, public…, private…] for this input.
    public var witness: Witness
    /// The model's output for this input, as the public output signals carry it.
    public var output: FixedPointOutput
    /// Constraint and variable ranges of each layer (input handling first, output binding last).
    public var spans: [LayerSpan]
    /// The public signals (= `witness.publicValues`), in the order of `CompiledModel.publicSignalNames`.
    public var publicSignals: [Fr] { Array(witness.publicValues) }
    /// All tensors of the fixed-point executor (index = tensor id of `CompiledModel.program`).
    public var trace: [[Int64]]
}

/// A compiled model: the fixed-point program (weights as integers — public constants of the circuit), the
/// input visibility, the SHA-256 digest of the R1CS it lowers to, and the compile report. Serializable
/// (`encoded()` / `CompiledModel(json:)`) so that `prove` rebuilds the identical circuit from the bundle.
///
/// Public signals, in order (`publicSignalNames`): `output[0…n−1]` (the output tensor, signed integers at scale
/// 2^outputScale, negative v as r − |v|), then `input[0…m−1]` for a public input, or `inputHash` for a hashed input,
/// or nothing for a private input.
///
/// Invariant: `circuitDigest` is the digest of the R1CS that `synthesize` builds for every in-bound input.
public struct CompiledModel: Codable, Sendable {
    /// The `formatVersion` this build writes and the only one it reads.
    public static let currentFormatVersion = 1
    /// Version of the serialized layout; `init(json:)` rejects any other.
    public var formatVersion: Int = CompiledModel.currentFormatVersion
    /// The model's name (ONNX graph name or JSON `name`).
    public var modelName: String
    /// The quantized program the circuit is built from (validated on load).
    public var program: FixedPointProgram
    /// Who may see the input; decides the public signals (see the type's documentation).
    public var inputVisibility: InputVisibility
    /// Hex SHA-256 of the R1CS (`R1CS.digest`).
    public var circuitDigest: String = ""
    /// Constraints of the circuit (`R1CS.constraintCount`), recorded at compile time.
    public var constraintCount: Int = 0
    /// The compile report (per-layer constraints, bounds, error on the sample input).
    public var report: CompileReport = CompileReport()
    /// For one segment of a segmented model: which layers this circuit proves and how it links to its
    /// neighbours (`SegmentSpec`); nil for a whole-model circuit (and absent from its JSON).
    public var segment: SegmentSpec?

    init(program: FixedPointProgram, modelName: String, inputVisibility: InputVisibility) {
        self.program = program
        self.modelName = modelName
        self.inputVisibility = inputVisibility
    }

    /// Names of the public signals in order (see the type's documentation).
    public var publicSignalNames: [String] {
        var outputs = (0..<program.outputShape.reduce(1, *)).map { "output[\($0)]" }
        if let segment, !segment.isLast { outputs = ["segmentOutputHash"] }
        if let segment, !segment.isFirst { return outputs + ["segmentInputHash"] }
        switch inputVisibility {
        case .public: return outputs + (0..<program.inputCount).map { "input[\($0)]" }
        case .private: return outputs
        case .hashed: return outputs + ["inputHash"]
        }
    }

    /// Shape of the model input (batch 1).
    public var inputShape: [Int] { program.inputShape }
    /// Shape of the proved output tensor.
    public var outputShape: [Int] { program.outputShape }
    /// The fixed-point scale exponent s of the input.
    public var scaleBits: Int { program.scaleBits }
    /// The real range every input element must lie in.
    public var inputRange: ClosedRange<Double> {
        let one = Double(1 << program.inputScale)
        return Double(program.inputLower) / one...Double(program.inputUpper) / one
    }

    /// Quantizes an input (round(x·2^s), ties away from zero). Throws `.invalidInput` (shape, non-finite) or
    /// `.outOfBound` naming the input tensor and element.
    public func quantize(input: Tensor) throws(CompilerError) -> [Int64] {
        try ModelCompiler.quantize(input, program: program)
    }

    /// Runs the fixed-point executor and builds the circuit with this input's values. Checks that the R1CS digest
    /// equals `circuitDigest` (`.invalidCompiledModel` otherwise). `recordLabels` keeps constraint labels (slower).
    /// `checkDigest: false` skips that check (serialising and hashing every constraint, a sixth of a lenet5
    /// `prove`) for a caller that checks the circuit another way — `prove` checks the proof against the bundle's
    /// verifying key and computes the digest only when that fails, to name the cause.
    public func synthesize(
        input: Tensor, recordLabels: Bool = false, checkDigest: Bool = true
    ) throws(CompilerError) -> Synthesis {
        try program.validate()
        let bounds = try IntervalAnalysis.run(program)
        let s = try synthesizeUnchecked(input: input, bounds: bounds, recordLabels: recordLabels)
        if checkDigest { try requireCompiledDigest(s) }
        return s
    }

    /// Runs only the fixed-point executor (no circuit): the output a proof for this input would carry. Cheap; for
    /// batch evaluation (accuracy measurements). Throws like `synthesize` for bad or out-of-bound input.
    public func evaluate(input: Tensor) throws(CompilerError) -> FixedPointOutput {
        let bounds = try IntervalAnalysis.run(program)
        return try evaluate(input: input, bounds: bounds)
    }

    /// `evaluate(input:)` with precomputed bounds (`IntervalAnalysis.run(program)`), for many inputs.
    public func evaluate(input: Tensor, bounds: [TensorBounds]) throws(CompilerError) -> FixedPointOutput {
        let trace = try FixedPointExecutor.run(program, input: try quantize(input: input), bounds: bounds)
        return output(integers: trace[program.outputTensor])
    }

    /// The fixed-point executor's trace of the whole program for `input` (every tensor), from which each segment
    /// of a segmented model is synthesized (`synthesize(trace:)`): the model runs once for all segments.
    public func trace(input: Tensor) throws(CompilerError) -> [[Int64]] {
        let bounds = try IntervalAnalysis.run(program)
        return try FixedPointExecutor.run(program, input: try quantize(input: input), bounds: bounds)
    }

    /// `synthesize(input:)` from a trace of `trace(input:)` (of any compiled model with the same program).
    public func synthesize(
        trace: [[Int64]], recordLabels: Bool = false, checkDigest: Bool = true
    ) throws(CompilerError) -> Synthesis {
        try program.validate()
        guard trace.count == program.tensorCount else {
            throw .invalidCompiledModel("a trace of \(trace.count) tensors for a program of \(program.tensorCount)")
        }
        let bounds = try IntervalAnalysis.run(program)
        let s = try synthesizeUnchecked(trace: trace, bounds: bounds, recordLabels: recordLabels)
        if checkDigest { try requireCompiledDigest(s) }
        return s
    }

    /// Throws `.invalidCompiledModel` unless the synthesized circuit's R1CS digest is `circuitDigest`.
    private func requireCompiledDigest(_ s: Synthesis) throws(CompilerError) {
        let digest = Hex.encode(s.r1cs.digest)
        guard digest == circuitDigest else {
            throw .invalidCompiledModel(
                "the rebuilt circuit's digest \(digest) differs from the compiled digest \(circuitDigest)")
        }
    }

    /// The public signals a proof of this circuit for `trace` carries, computed without building the circuit
    /// (outputs, input part, link hashes): what a proof made elsewhere must show for the same input.
    public func publicSignals(trace: [[Int64]]) throws(CompilerError) -> [Fr] {
        guard trace.count == program.tensorCount else {
            throw .invalidCompiledModel("a trace of \(trace.count) tensors for a program of \(program.tensorCount)")
        }
        let bounds = try IntervalAnalysis.run(program)
        func linkHash(_ tensors: [Int]) throws(CompilerError) -> Fr {
            let link = try SegmentLink(tensors: tensors, bounds: bounds)
            let values = tensors.flatMap { trace[$0] }
            guard link.contains(values) else {
                throw .invalidCompiledModel("the linked tensors \(tensors) are not in their static bounds")
            }
            return link.hash(values)
        }
        var out: [Fr]
        if let segment, !segment.isLast {
            out = [try linkHash(segment.outputTensors)]
        } else {
            out = trace[program.outputTensor].map { Fr($0) }
        }
        if let segment, !segment.isFirst { return out + [try linkHash(segment.inputTensors)] }
        switch inputVisibility {
        case .public: return out + trace[0].map { Fr($0) }
        case .private: return out
        case .hashed: return out + [InputHash.hash(trace[0])]
        }
    }

    func synthesizeUnchecked(input: Tensor, bounds: [TensorBounds], recordLabels: Bool) throws(CompilerError)
        -> Synthesis
    {
        let q = try quantize(input: input)
        let trace = try FixedPointExecutor.run(program, input: q, bounds: bounds)
        return try synthesizeUnchecked(trace: trace, bounds: bounds, recordLabels: recordLabels)
    }

    func synthesizeUnchecked(trace: [[Int64]], bounds: [TensorBounds], recordLabels: Bool) throws(CompilerError)
        -> Synthesis
    {
        let result = try CircuitLowering.build(
            program: program, bounds: bounds, trace: trace, visibility: inputVisibility, segment: segment,
            recordLabels: recordLabels)
        let (r1cs, witness) = result.system.finalize()
        return Synthesis(
            r1cs: r1cs, witness: witness, output: output(integers: trace[program.outputTensor]),
            spans: result.spans, trace: trace)
    }

    /// Dequantizes output integers (scale 2^outputScale) and computes the argmax (and the unproved softmax head).
    public func output(integers: [Int64]) -> FixedPointOutput {
        let scale = program.outputScale
        let one = Double(1 << scale)
        let values = integers.map { Double($0) / one }
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        if case .argmax? = program.layers.last?.op, let v = integers.first { best = Int(v) }
        return FixedPointOutput(
            shape: program.outputShape, integers: integers, scaleBits: scale, values: values, argmax: best,
            unprovedProbabilities: program.outputHead == .softmaxNotProved ? Activation.softmax(values) : nil)
    }

    /// Decodes public signals (verifier side): checks their count, reads the outputs as signed integers, and for a
    /// public input checks every input signal lies in the compiled input bound (the circuit does not range-check
    /// public inputs; the verifier must, and this does). Throws `.invalidInput` / `.outOfBound`.
    public func output(publicSignals: [Fr]) throws(CompilerError) -> FixedPointOutput {
        let names = publicSignalNames
        guard publicSignals.count == names.count else {
            throw .invalidInput(
                "expected \(names.count) public signals (\(program.outputShape.reduce(1, *)) outputs + input part), "
                    + "got \(publicSignals.count)")
        }
        // A segment before the last carries a link hash where the outputs would be: its decoded output is empty.
        let hasOutputs = segment?.isLast ?? true
        let n = hasOutputs ? program.outputShape.reduce(1, *) : 1
        var outputs: [Int64] = []
        for i in 0..<n where hasOutputs {
            guard let v = Self.signedInteger(publicSignals[i]) else {
                throw .invalidInput("public signal \(names[i]) is not a 63-bit signed integer")
            }
            outputs.append(v)
        }
        if inputVisibility == .public, segment?.isFirst ?? true {
            let one = Double(1 << program.inputScale)
            for i in 0..<program.inputCount {
                guard let v = Self.signedInteger(publicSignals[n + i]), v >= program.inputLower,
                    v <= program.inputUpper
                else {
                    let v = Self.signedInteger(publicSignals[n + i]).map { Double($0) / one } ?? .infinity
                    throw .outOfBound(tensor: program.inputName, index: i, value: v, bound: inputRange)
                }
            }
        }
        return output(integers: outputs)
    }

    /// The `inputHash` public signal a hashed-input proof for `input` carries (`InputHash.hash` of the quantized
    /// input). Available for any visibility, so a holder of the input can check a published hash.
    public func inputHash(for input: Tensor) throws(CompilerError) -> Fr {
        InputHash.hash(try quantize(input: input))
    }

    /// v as a signed integer when v or −v is below 2^63; nil otherwise.
    public static func signedInteger(_ v: Fr) -> Int64? {
        let l = v.canonicalLimbs
        if l.1 == 0, l.2 == 0, l.3 == 0, l.0 < 1 << 63 { return Int64(l.0) }
        let m = (-v).canonicalLimbs
        if m.1 == 0, m.2 == 0, m.3 == 0, m.0 <= 1 << 63 { return m.0 == 1 << 63 ? Int64.min : -Int64(m.0) }
        return nil
    }

    // MARK: - Serialization

    /// JSON encoding (sorted keys, so the same model always gives the same bytes).
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { return Array(try encoder.encode(self)) } catch {
            preconditionFailure("CompiledModel is always encodable: \(error)")
        }
    }

    /// Decodes `encoded()` output; rejects another format version or an inconsistent program.
    public init(json bytes: [UInt8]) throws(CompilerError) {
        let decoded: CompiledModel
        do {
            decoded = try JSONDecoder().decode(CompiledModel.self, from: Data(bytes))
        } catch {
            throw .invalidCompiledModel("cannot decode (\(error))")
        }
        guard decoded.formatVersion == Self.currentFormatVersion else {
            throw .invalidCompiledModel(
                "format version \(decoded.formatVersion) is not supported (expected \(Self.currentFormatVersion))")
        }
        try decoded.program.validate()
        try decoded.segment?.validate(decoded.program)
        guard decoded.circuitDigest.count == 64 else {
            throw .invalidCompiledModel("circuitDigest must be 64 hex digits")
        }
        self = decoded
    }
}
