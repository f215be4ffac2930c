import Foundation

/// `bundle.json`: what a bundle holds and the digests that tie its files together.
///
/// ```json
/// { "format": "zkinfer-bundle", "formatVersion": 1, "zkinferVersion": "0.1.0", "createdAt": "…Z",
///   "model": { "file": "model.json", "name": "mlp", "sha256": "…" },
///   "circuit": { "r1cs": "circuit.r1cs", "metadata": "circuit.json", "r1csSHA256": "…", "digest": "…",
///                "constraints": 0, "publicInputs": 0, "witnessVariables": 0 },
///   "compile": { "inputVisibility": "public", "scaleBits": 8 },
///   "keys": { "provingKey": "proving.key", "verifyingKey": "verifying.key",
///             "verificationKeyJSON": "verification_key.json", "provingKeySHA256": "…",
///             "verifyingKeySHA256": "…", "setup": "single-party (development)", "createdAt": "…Z" } }
/// ```
/// Keys from a ceremony (`setup --ptau`) say `"setup": "ceremony: …"` and add a `"ceremony"` object
/// (`CeremonyRecord`). `keys` is absent until `setup` ran. Invariant: every digest is 64 lowercase hex digits;
/// `circuit.digest` = SHA-256(r1cs digest ‖ SHA-256 of circuit.json), i.e. it commits to both the
/// constraints and the quantization metadata; `verifyingKeySHA256` is SHA-256 of `verifying.key`'s bytes.
public struct BundleManifest: Sendable, Equatable {
    /// The `ZKInferVersion` that compiled the bundle.
    public var zkinferVersion: String
    /// When `compile` wrote the bundle (ISO 8601, UTC, `BundleManifest.timestamp()`).
    public var createdAt: String
    /// The model copy's file name inside the bundle (`BundleLayout.modelCopy`).
    public var modelFile: String
    /// The model's name.
    public var modelName: String
    /// SHA-256 of the model file's bytes (hex).
    public var modelSHA256: String
    /// `R1CS.digest` of the constraint system (hex); `prove` checks the rebuilt circuit against it.
    public var r1csSHA256: String
    /// SHA-256(r1cs digest ‖ SHA-256 of circuit.json) (hex): what the ledger records as the circuit.
    public var circuitDigest: String
    /// Constraints of the circuit.
    public var constraintCount: Int
    /// Public signals of the circuit.
    public var publicInputCount: Int
    /// Private witness variables of the circuit.
    public var witnessCount: Int
    /// "public", "private" or "hashed" (`CompileRequest.inputVisibilityChoices`).
    public var inputVisibility: String
    /// The fixed-point scale exponent the model was compiled at.
    public var scaleBits: Int
    /// The key files' digests; nil until `setup` ran.
    public var keys: Keys?

    /// The `keys` object, written by `setup` (or `import zkey`).
    public struct Keys: Sendable, Equatable {
        /// The proving key's file: `proving.key` (zkinfer's format) or `proving_key.zkey` (snarkjs's).
        public var provingKeyFile: String
        /// SHA-256 of the proving key file's bytes (hex); `prove` checks it before loading the key.
        public var provingKeySHA256: String
        /// SHA-256 of `verifying.key`'s bytes (hex); the ledger records it with each attestation.
        public var verifyingKeySHA256: String
        /// Where the key came from, one line ("single-party (development)", "imported snarkjs zkey: …").
        public var setup: String
        /// When `setup` (or `import zkey`) ran (ISO 8601, UTC).
        public var createdAt: String
        /// The ceremony the key came from (`setup --ptau` and contributions); nil otherwise.
        public var ceremony: CeremonyRecord?

        /// The key digests as `setup` or `import zkey` records them; by default a `proving.key` from plain setup.
        public init(
            provingKeySHA256: String, verifyingKeySHA256: String, createdAt: String,
            provingKeyFile: String = BundleLayout.provingKey, setup: String = Keys.singleParty,
            ceremony: CeremonyRecord? = nil
        ) {
            self.ceremony = ceremony
            self.provingKeyFile = provingKeyFile
            self.provingKeySHA256 = provingKeySHA256
            self.verifyingKeySHA256 = verifyingKeySHA256
            self.setup = setup
            self.createdAt = createdAt
        }

        /// The provenance of a key from plain `zkinfer setup`.
        public static let singleParty = "single-party (development)"

        /// Whether the proving key is a snarkjs `.zkey`.
        public var isZKey: Bool { provingKeyFile == BundleLayout.provingKeyZKey }

        /// The key's provenance as ledger records carry it: `ceremony: ptau NAME blake2b …, N contributions,
        /// final hash …` (full hashes) for ceremony keys, `setup: ` + `setup` otherwise.
        public var ledgerProvenance: String { ceremony?.ledgerSummary ?? "setup: " + setup }
    }

    /// A manifest from its fields (what `compile` writes; `keys` nil before `setup`).
    public init(
        zkinferVersion: String, createdAt: String, modelFile: String, modelName: String, modelSHA256: String,
        r1csSHA256: String, circuitDigest: String, constraintCount: Int, publicInputCount: Int, witnessCount: Int,
        inputVisibility: String, scaleBits: Int, keys: Keys?
    ) {
        self.zkinferVersion = zkinferVersion
        self.createdAt = createdAt
        self.modelFile = modelFile
        self.modelName = modelName
        self.modelSHA256 = modelSHA256
        self.r1csSHA256 = r1csSHA256
        self.circuitDigest = circuitDigest
        self.constraintCount = constraintCount
        self.publicInputCount = publicInputCount
        self.witnessCount = witnessCount
        self.inputVisibility = inputVisibility
        self.scaleBits = scaleBits
        self.keys = keys
    }

    /// Reads and validates `<bundle>/bundle.json`.
    public static func load(bundle: String) throws(ZKInferError) -> BundleManifest {
        let path = FileIO.join(bundle, BundleLayout.manifest)
        guard FileIO.exists(path) else {
            throw .bundleIncomplete(
                path: bundle, missing: BundleLayout.manifest, hint: "is this a directory written by 'zkinfer compile'?")
        }
        let doc = try JSONDocument.loadVersioned(
            path, format: BundleLayout.manifestFormat,
            supported: BundleLayout.jsonFormatVersion...BundleLayout.jsonFormatVersion)
        let model = try doc.object("model")
        let circuit = try doc.object("circuit")
        let compile = try doc.object("compile")
        let visibilityText = try compile.string("inputVisibility")
        guard CompileRequest.inputVisibilityChoices.contains(visibilityText) else {
            throw .invalidField(
                path: path, field: "compile.inputVisibility", reason: "unknown value \"\(visibilityText)\"")
        }
        let modelFile = try model.string("file")
        guard modelFile == "model.json" || modelFile == "model.onnx" else {
            throw .invalidField(path: path, field: "model.file", reason: "expected model.json or model.onnx")
        }
        var keys: Keys?
        if doc.has("keys") {
            let k = try doc.object("keys")
            let file = k.has("provingKey") ? try k.string("provingKey") : BundleLayout.provingKey
            guard file == BundleLayout.provingKey || file == BundleLayout.provingKeyZKey else {
                throw .invalidField(
                    path: path, field: "keys.provingKey",
                    reason: "expected \(BundleLayout.provingKey) "
                        + "or \(BundleLayout.provingKeyZKey)")
            }
            let setup = k.has("setup") ? try k.string("setup") : Keys.singleParty
            keys = Keys(
                provingKeySHA256: try k.hexDigest("provingKeySHA256"),
                verifyingKeySHA256: try k.hexDigest("verifyingKeySHA256"),
                createdAt: try k.string("createdAt"), provingKeyFile: file,
                setup: setup == "single-party" ? Keys.singleParty : setup,
                ceremony: k.has("ceremony") ? try CeremonyRecord(json: try k.object("ceremony")) : nil)
        }
        return BundleManifest(
            zkinferVersion: try doc.string("zkinferVersion"), createdAt: try doc.string("createdAt"),
            modelFile: modelFile, modelName: try model.string("name"), modelSHA256: try model.hexDigest("sha256"),
            r1csSHA256: try circuit.hexDigest("r1csSHA256"), circuitDigest: try circuit.hexDigest("digest"),
            constraintCount: try circuit.integer("constraints", in: 0...Int.max),
            publicInputCount: try circuit.integer("publicInputs", in: 0...Int.max),
            witnessCount: try circuit.integer("witnessVariables", in: 0...Int.max),
            inputVisibility: visibilityText, scaleBits: try compile.integer("scaleBits", in: 0...64), keys: keys)
    }

    /// The JSON object written to `bundle.json`.
    public var jsonObject: [String: Any] {
        var o: [String: Any] = [
            "format": BundleLayout.manifestFormat, "formatVersion": BundleLayout.jsonFormatVersion,
            "zkinferVersion": zkinferVersion, "createdAt": createdAt,
            "model": ["file": modelFile, "name": modelName, "sha256": modelSHA256],
            "circuit": [
                "r1cs": BundleLayout.r1cs, "metadata": BundleLayout.circuitMetadata, "r1csSHA256": r1csSHA256,
                "digest": circuitDigest, "constraints": constraintCount, "publicInputs": publicInputCount,
                "witnessVariables": witnessCount,
            ] as [String: Any],
            "compile": ["inputVisibility": inputVisibility, "scaleBits": scaleBits] as [String: Any],
        ]
        if let keys {
            o["keys"] = [
                "provingKey": keys.provingKeyFile, "verifyingKey": BundleLayout.verifyingKey,
                "verificationKeyJSON": BundleLayout.verificationKeyJSON, "provingKeySHA256": keys.provingKeySHA256,
                "verifyingKeySHA256": keys.verifyingKeySHA256, "setup": keys.setup, "createdAt": keys.createdAt,
            ].merging(keys.ceremony.map { ["ceremony": $0.jsonObject] } ?? [:]) { $1 }
        }
        return o
    }

    /// Writes `<bundle>/bundle.json` atomically.
    public func write(bundle: String) throws(ZKInferError) {
        try FileIO.write(JSONText.pretty(jsonObject), to: FileIO.join(bundle, BundleLayout.manifest))
    }

    /// Now, as ISO 8601 UTC with seconds (`2026-01-01T12:00:00Z`).
    public static func timestamp(_ date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
