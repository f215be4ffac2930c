import Foundation

/// One attested inference result: *the model with digest `modelDigest`, compiled to the circuit `circuitDigest`
/// and proved under the verifying key `verifyingKeyDigest`, produced `output` on public signals `publicSignals`;
/// the proof (digest `proofDigest`) verified at `timestamp` with zkinfer `zkinferVersion`*, under a key made as
/// `keyProvenance` says (`setup: single-party (development)` or `ceremony: ptau <blake2b>, N contributions, …`).
///
/// The ledger does not check proofs: the caller (ZKInfer) verifies before appending. The record only names the
/// artifacts by digest.
///
/// Invariants (checked by `init`, so every value of this type satisfies them, including decoded ones):
/// - the four digests are 32 bytes (SHA-256);
/// - every public signal is a canonical non-negative decimal (`0` or `[1-9][0-9]*`, at most 78 digits — enough
///   for any 256-bit value);
/// - `timestamp` (Unix seconds, UTC) lies in `timestampRange` (1970-01-01 … 9999-12-31);
/// - `zkinferVersion` is 1…64 UTF-8 bytes;
/// - `keyProvenance` is nil (records of encoding version 1, written before it existed) or 1…1024 UTF-8 bytes;
/// - `output` satisfies `InferenceOutput`'s invariant (finite values, non-negative class, JSON text that parses).
///
/// Encodings: `encoded()` is the canonical binary form hashed into the Merkle log (`leafHash`); `json` is the
/// display form, which `init(json:)` parses back to an equal record.
public struct AttestationRecord: Equatable, Sendable {
    /// SHA-256 of the model file.
    public let modelDigest: [UInt8]
    /// Digest of the compiled circuit (R1CS + quantization metadata).
    public let circuitDigest: [UInt8]
    /// SHA-256 of the verifying key.
    public let verifyingKeyDigest: [UInt8]
    /// Public signals of the proof, as canonical decimal strings (snarkjs `public.json` order).
    public let publicSignals: [String]
    /// The inference result.
    public let output: InferenceOutput
    /// SHA-256 of the proof.
    public let proofDigest: [UInt8]
    /// When the result was attested, Unix seconds (UTC).
    public let timestamp: Int64
    /// Version of zkinfer that verified and appended the result.
    public let zkinferVersion: String
    /// How the proving key was made (the bundle's `keys.setup`, prefixed `setup: ` unless it names a ceremony);
    /// nil in version-1 records.
    public let keyProvenance: String?

    /// Accepted timestamps: 1970-01-01T00:00:00Z … 9999-12-31T23:59:59Z.
    public static let timestampRange: ClosedRange<Int64> = 0...253_402_300_799

    /// Builds a record, checking every invariant; throws `.invalidRecordField` naming the first bad field.
    public init(
        modelDigest: [UInt8], circuitDigest: [UInt8], verifyingKeyDigest: [UInt8], publicSignals: [String],
        output: InferenceOutput, proofDigest: [UInt8], timestamp: Int64, zkinferVersion: String,
        keyProvenance: String? = nil
    ) throws(LedgerError) {
        for (name, digest) in [
            ("modelDigest", modelDigest), ("circuitDigest", circuitDigest),
            ("verifyingKeyDigest", verifyingKeyDigest), ("proofDigest", proofDigest),
        ] where digest.count != 32 {
            throw .invalidRecordField(field: name, reason: "expected 32 bytes, got \(digest.count)")
        }
        for (i, signal) in publicSignals.enumerated() where !Self.isCanonicalDecimal(signal) {
            throw .invalidRecordField(
                field: "publicSignals[\(i)]",
                reason: "\"\(signal.prefix(90))\" is not a canonical decimal of at most 78 digits")
        }
        guard Self.timestampRange.contains(timestamp) else {
            throw .invalidRecordField(field: "timestamp", reason: "\(timestamp) is outside 1970…9999")
        }
        guard (1...64).contains(zkinferVersion.utf8.count) else {
            throw .invalidRecordField(field: "zkinferVersion", reason: "must be 1…64 UTF-8 bytes")
        }
        if let keyProvenance, !(1...1024).contains(keyProvenance.utf8.count) {
            throw .invalidRecordField(field: "keyProvenance", reason: "must be 1…1024 UTF-8 bytes")
        }
        try output.validate()
        self.modelDigest = modelDigest
        self.circuitDigest = circuitDigest
        self.verifyingKeyDigest = verifyingKeyDigest
        self.publicSignals = publicSignals
        self.output = output
        self.proofDigest = proofDigest
        self.timestamp = timestamp
        self.zkinferVersion = zkinferVersion
        self.keyProvenance = keyProvenance
    }

    /// RFC 9162 leaf hash of this record: SHA-256(0x00 ‖ encoded()).
    public var leafHash: MerkleHash { MerkleTree.leafHash(encoded()) }

    /// `timestamp` as UTC ISO-8601, e.g. "2024-05-01T12:00:00Z".
    public var timeISO8601: String { ISO8601.format(unixSeconds: timestamp) }

    static func isCanonicalDecimal(_ s: String) -> Bool {
        let utf8 = s.utf8
        guard (1...78).contains(utf8.count), utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return utf8.count == 1 || utf8.first != 0x30
    }
}

/// The result of an inference, as the prover reported it and the proof's public signals commit to.
///
/// Invariants: `.values` holds finite doubles only and a non-negative `predictedClass` (if any); `.json` holds
/// text that parses as JSON (any value, including a bare number or string) of at most 16 MiB.
public enum InferenceOutput: Equatable, Sendable {
    /// Free-form JSON text, stored verbatim (byte for byte) and shown as a JSON string.
    case json(String)
    /// Output vector (dequantized) and, for classifiers, the predicted class index.
    case values([Double], predictedClass: Int?)

    func validate() throws(LedgerError) {
        switch self {
        case .json(let text):
            guard text.utf8.count <= 16 << 20 else {
                throw .invalidRecordField(field: "output.json", reason: "longer than 16 MiB")
            }
            let parses = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil
            guard parses else { throw .invalidRecordField(field: "output.json", reason: "not valid JSON text") }
        case .values(let values, let predictedClass):
            if let i = values.firstIndex(where: { !$0.isFinite }) {
                throw .invalidRecordField(field: "output.values[\(i)]", reason: "\(values[i]) is not finite")
            }
            if let c = predictedClass, c < 0 {
                throw .invalidRecordField(field: "output.predictedClass", reason: "\(c) is negative")
            }
        }
    }
}
