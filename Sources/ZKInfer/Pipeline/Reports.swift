import Compiler

/// What `Pipeline.compile` is asked to do besides reading the model.
///
/// Invariant: `inputVisibility` is one of `CompileRequest.inputVisibilityChoices` (checked by `compile`).
public struct CompileRequest: Sendable {
    /// "public" (the verifier sees the input), "private" (hidden), "hashed" (hidden; its Poseidon hash is public).
    public var inputVisibility: String
    /// Fixed-point fraction bits; nil lets the compiler calibrate on the sample input (or use its default).
    public var scaleBits: Int?
    /// The max |fixed-point − float| error on the sample input that calibration aims for (`--max-error`); nil: 1%
    /// of the output magnitude.
    public var maxError: Double?
    /// Input for calibration and the float-vs-fixed-point error; nil uses `input.json` beside the model if any.
    public var sampleInputPath: String?
    /// Cut the model into this many linked segments (`--segments K`); nil for one circuit.
    public var segmentCount: Int?
    /// Cut the model into the fewest segments of at most about this many constraints (`--max-constraints N`).
    public var maxSegmentConstraints: Int?

    /// A request; by default a public input, a calibrated scale, `input.json` beside the model, one circuit.
    public init(
        inputVisibility: String = "public", scaleBits: Int? = nil, sampleInputPath: String? = nil,
        segmentCount: Int? = nil, maxSegmentConstraints: Int? = nil, maxError: Double? = nil
    ) {
        self.inputVisibility = inputVisibility
        self.scaleBits = scaleBits
        self.maxError = maxError
        self.sampleInputPath = sampleInputPath
        self.segmentCount = segmentCount
        self.maxSegmentConstraints = maxSegmentConstraints
    }

    /// The segmentation asked for, if any.
    var segments: SegmentRequest? {
        if let k = segmentCount { return .count(k) }
        return maxSegmentConstraints.map { .maxConstraints($0) }
    }

    /// The accepted `inputVisibility` values.
    public static var inputVisibilityChoices: [String] { InputVisibility.allCases.map(\.rawValue) }
}

/// Constraints contributed by one layer of the model (plus the input handling and output binding rows).
public struct LayerCost: Sendable, Equatable {
    /// The layer's name (first row: the input; last row: "output").
    public var name: String
    /// Short op name, as in the compile report.
    public var op: String
    /// Output shape of the layer.
    public var shape: [Int]
    /// Scale exponent of the layer's output.
    public var scaleBits: Int
    /// Constraints the layer adds.
    public var constraints: Int
}

/// The result of `compile`: what was written and what it costs.
///
/// Invariant: digests are 64 lowercase hex digits; `layers` (including input handling and output binding rows)
/// sum to `constraintCount`.
public struct CompileSummary: Sendable {
    /// The bundle directory written.
    public var bundlePath: String
    /// The model's name.
    public var modelName: String
    /// SHA-256 of the model file (hex).
    public var modelSHA256: String
    /// `R1CS.digest` of the circuit (hex).
    public var r1csSHA256: String
    /// The bundle's circuit digest (`BundleManifest.circuitDigest`).
    public var circuitDigest: String
    /// The fixed-point scale exponent chosen or given.
    public var scaleBits: Int
    /// "public", "private" or "hashed".
    public var inputVisibility: String
    /// Shape of the model input.
    public var inputShape: [Int]
    /// Shape of the proved output.
    public var outputShape: [Int]
    /// Constraints of the circuit.
    public var constraintCount: Int
    /// Public signals of the circuit.
    public var publicInputCount: Int
    /// Private witness variables of the circuit.
    public var witnessCount: Int
    /// Per-layer constraint counts, input handling first and output binding last.
    public var layers: [LayerCost]
    /// max |fixed-point output − float output| on the sample input, nil if no sample input was available.
    public var maxAbsoluteError: Double?
    /// The sample input used (given, or found beside the model); nil when there was none.
    public var sampleInputPath: String?
    /// The human-readable report (also written to the bundle's report.txt).
    public var reportText: String
    /// For a segmented bundle: each segment's directory, layer range and constraints (empty otherwise).
    public var segments: [SegmentManifest.Entry] = []
    /// Wall-clock seconds of the whole compile.
    public var seconds: Double
}

/// The result of `setup`.
public struct SetupReport: Sendable {
    /// The bundle the keys were written into.
    public var bundlePath: String
    /// Size of `proving.key` in bytes.
    public var provingKeyBytes: Int
    /// SHA-256 of `verifying.key` (hex), as recorded in the manifest.
    public var verifyingKeySHA256: String
    /// Path of the snarkjs-layout `verification_key.json`.
    public var verificationKeyJSONPath: String
    /// Wall-clock seconds of key generation.
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
    /// Path of the written `proof.json`.
    public var proofPath: String
    /// Path of the written `public.json`.
    public var publicPath: String
    /// Path of the written `output.json`.
    public var outputPath: String
    /// The dequantized output, row-major (see the type's invariant).
    public var output: [Double]
    /// Shape of `output`.
    public var outputShape: [Int]
    /// Arg-max index of a score vector (or the proved ArgMax), nil otherwise.
    public var predictedClass: Int?
    /// Number of public signals in `public.json`.
    public var publicSignalCount: Int
    /// SHA-256 of `proof.json`'s bytes (hex).
    public var proofSHA256: String
    /// Wall-clock seconds to compute the witness (fixed-point run + circuit synthesis).
    public var witnessSeconds: Double
    /// Wall-clock seconds of the Groth16 prover.
    public var proveSeconds: Double
}

/// The result of `verify`.
public struct VerifyReport: Sendable {
    /// Whether the Groth16 verifier accepted the proof for these public signals.
    public var valid: Bool
    /// Number of public signals checked.
    public var publicSignalCount: Int
    /// Wall-clock seconds of verification.
    public var seconds: Double
}
