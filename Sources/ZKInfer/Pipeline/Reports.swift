import Compiler

/// What `Pipeline.compile` is asked to do besides reading the model.
///
/// Invariant: `inputVisibility` is one of `CompileRequest.inputVisibilityChoices` (checked by `compile`).
public struct CompileRequest: Sendable {
    /// "public" (the verifier sees the input), "private" (hidden), "hashed" (hidden; its Poseidon hash is public).
    public var inputVisibility: String
    /// Fixed-point fraction bits; nil lets the compiler calibrate on the sample input (or use its default).
    public var scaleBits: Int?
    /// Input for calibration and the float-vs-fixed-point error; nil uses `input.json` beside the model if any.
    public var sampleInputPath: String?

    public init(inputVisibility: String = "public", scaleBits: Int? = nil, sampleInputPath: String? = nil) {
        self.inputVisibility = inputVisibility
        self.scaleBits = scaleBits
        self.sampleInputPath = sampleInputPath
    }

    /// The accepted `inputVisibility` values.
    public static var inputVisibilityChoices: [String] { InputVisibility.allCases.map(\.rawValue) }
}

/// Constraints contributed by one layer of the model (plus the input handling and output binding rows).
public struct LayerCost: Sendable, Equatable {
    public var name: String
    public var op: String
    public var shape: [Int]
    public var scaleBits: Int
    public var constraints: Int
}

/// The result of `compile`: what was written and what it costs.
///
/// Invariant: digests are 64 lowercase hex digits; `layers` (including input handling and output binding rows)
/// sum to `constraintCount`.
public struct CompileSummary: Sendable {
    public var bundlePath: String
    public var modelName: String
    public var modelSHA256: String
    public var r1csSHA256: String
    public var circuitDigest: String
    public var scaleBits: Int
    public var inputVisibility: String
    public var inputShape: [Int]
    public var outputShape: [Int]
    public var constraintCount: Int
    public var publicInputCount: Int
    public var witnessCount: Int
    public var layers: [LayerCost]
    /// max |fixed-point output − float output| on the sample input, nil if no sample input was available.
    public var maxAbsoluteError: Double?
    public var sampleInputPath: String?
    /// The human-readable report (also written to the bundle's report.txt).
    public var reportText: String
    public var seconds: Double
}

/// The result of `setup`.
public struct SetupReport: Sendable {
    public var bundlePath: String
    public var provingKeyBytes: Int
    public var verifyingKeySHA256: String
    public var verificationKeyJSONPath: String
    public var seconds: Double
    /// Where the key came from (`BundleManifest.Keys.setup`).
    public var provenance: String = BundleManifest.Keys.singleParty
    /// `proving.key` or `proving_key.zkey`.
    public var provingKeyFile: String = BundleLayout.provingKey
}

/// The result of `prove`.
///
/// Invariant: `output` is the dequantized model output in row-major order, `outputShape` its shape;
/// `predictedClass` is the arg-max index when the output is a vector of ≥ 2 scores (or an ArgMax head), else nil.
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
