/// How the model's input appears in the proof's public signals.
///
/// `public`: the quantized input tensor is public (the verifier sees x). `private`: x is a witness only; the
/// proof shows *some* x produced y. `hashed`: x is private but its Poseidon hash is public, binding the proof
/// to one committed input without revealing it.
public enum InputVisibility: String, Sendable, CaseIterable {
    case `public`, `private`, hashed
}

/// What `compile` is asked to do besides the model itself.
///
/// Invariant: `scaleBits`, when set, is in 0...32 (the compiler rejects scales it cannot bound).
public struct CompileOptions: Sendable {
    public var inputVisibility: InputVisibility
    /// Fixed-point fraction bits; nil lets the compiler choose its default.
    public var scaleBits: Int?
    /// Input used to measure the quantization error against the float model; nil skips the measurement
    /// (a bundled example input beside the model is used if present).
    public var sampleInputPath: String?

    public init(inputVisibility: InputVisibility = .public, scaleBits: Int? = nil, sampleInputPath: String? = nil) {
        self.inputVisibility = inputVisibility
        self.scaleBits = scaleBits
        self.sampleInputPath = sampleInputPath
    }
}

/// Constraints contributed by one layer of the model.
public struct LayerCost: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var constraints: Int
    public var outputShape: [Int]

    public init(name: String, kind: String, constraints: Int, outputShape: [Int]) {
        self.name = name
        self.kind = kind
        self.constraints = constraints
        self.outputShape = outputShape
    }
}

/// The result of `compile`: what was written and what it costs.
///
/// Invariant: `layers` sum to at most `constraintCount` (the rest is input/output bookkeeping, reported as
/// `otherConstraints`); digests are 64 lowercase hex digits.
public struct CompileReport: Sendable {
    public var bundlePath: String
    public var modelName: String
    public var modelSHA256: String
    public var r1csSHA256: String
    public var circuitDigest: String
    public var scaleBits: Int
    public var inputVisibility: InputVisibility
    public var inputShape: [Int]
    public var outputShape: [Int]
    public var constraintCount: Int
    public var publicInputCount: Int
    public var witnessCount: Int
    public var layers: [LayerCost]
    /// max |fixed-point output − float output| on the sample input, nil if no sample input was available.
    public var maxAbsoluteError: Double?
    public var sampleInputPath: String?
    public var seconds: Double

    public var otherConstraints: Int { constraintCount - layers.reduce(0) { $0 + $1.constraints } }
}

/// The result of `setup`.
public struct SetupReport: Sendable {
    public var bundlePath: String
    public var provingKeyBytes: Int
    public var verifyingKeySHA256: String
    public var verificationKeyJSONPath: String
    public var seconds: Double
}

/// The result of `prove`.
///
/// Invariant: `output` is the dequantized model output in row-major order, `outputShape` its shape;
/// `predictedClass` is the arg-max index when the output is a vector of ≥ 2 scores, else nil.
public struct ProveReport: Sendable {
    public var proofPath: String
    public var publicPath: String
    public var outputPath: String
    public var output: [Double]
    public var outputShape: [Int]
    public var predictedClass: Int?
    public var publicSignalCount: Int
    public var proofSHA256: String
    public var witnessSeconds: Double
    public var proveSeconds: Double
}

/// The result of `verify`.
public struct VerifyReport: Sendable {
    public var valid: Bool
    public var publicSignalCount: Int
    public var seconds: Double
}
