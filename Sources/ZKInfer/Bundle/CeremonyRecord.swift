/// The ceremony a bundle's keys came from, as `bundle.json` records it under `keys.ceremony` (present only for
/// keys from `setup --ptau` and `ceremony contribute|beacon`; `keys.setup` then holds `summary`):
/// the phase-1 file's name and BLAKE2b-512, the number of phase-2 contributions, and the last one's
/// contribution hash (the circuit hash while there is none).
///
/// Invariant: `ptauBLAKE2b` and `finalHash` are 128 lowercase hex digits; `contributions` ≥ 0.
public struct CeremonyRecord: Sendable, Equatable {
    /// The phase-1 (`.ptau`) file's name.
    public var ptau: String
    /// BLAKE2b-512 of the whole phase-1 file, 128 lowercase hex digits.
    public var ptauBLAKE2b: String
    /// The number of phase-2 contributions (≥ 0).
    public var contributions: Int
    /// The last contribution's hash, or the circuit hash when there is none (128 lowercase hex digits).
    public var finalHash: String

    /// A record with the given fields, stored unchecked (see the type's invariant).
    public init(ptau: String, ptauBLAKE2b: String, contributions: Int, finalHash: String) {
        self.ptau = ptau
        self.ptauBLAKE2b = ptauBLAKE2b
        self.contributions = contributions
        self.finalHash = finalHash
    }

    var jsonObject: [String: Any] {
        ["ptau": ptau, "ptauBLAKE2b": ptauBLAKE2b, "contributions": contributions, "finalHash": finalHash]
    }

    init(json c: JSONDocument) throws(ZKInferError) {
        self.init(
            ptau: try c.string("ptau"), ptauBLAKE2b: try c.hexDigest("ptauBLAKE2b", byteCount: 64),
            contributions: try c.integer("contributions", in: 0...Int(Int32.max)),
            finalHash: try c.hexDigest("finalHash", byteCount: 64))
    }

    /// The one-line provenance (`keys.setup`, `inspect`, reports).
    public var summary: String {
        "ceremony: ptau \(ptau) (blake2b \(ptauBLAKE2b.prefix(16))…), \(contributions) contribution"
            + (contributions == 1 ? "" : "s") + ", final hash \(finalHash.prefix(16))…"
    }
}
