/// The ceremony a bundle's keys came from, as `bundle.json` records it under `keys.ceremony` (present only for
/// keys from `setup --ptau` and `ceremony contribute|beacon`; `keys.setup` then holds `summary`):
/// the phase-1 file's name and BLAKE2b-512, the number of phase-2 contributions, and the last one's
/// contribution hash (the circuit hash while there is none).
///
/// Invariant: `ptauBLAKE2b` and `finalHash` are 128 lowercase hex digits; `contributions` ≥ 0.
public struct CeremonyRecord: Sendable, Equatable {
    public var ptau: String
    public var ptauBLAKE2b: String
    public var contributions: Int
    public var finalHash: String

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
