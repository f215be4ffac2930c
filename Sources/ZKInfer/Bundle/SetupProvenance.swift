/// Where a bundle's keys came from, as `bundle.json` records it under `keys`:
///
/// - `"setup": "single-party (development)"`: `zkinfer setup DIR` (whoever ran it could forge proofs);
///   bundles written before the ceremony existed say `"single-party"` and load as this case;
/// - `"setup": "ceremony"` with `"ceremony": {"ptau", "ptauBLAKE2b", "contributions", "finalHash"}`: the
///   initial phase-2 key from a verified phase-1 file, then `contributions` phase-2 contributions, the last
///   one's contribution hash being `finalHash` (the circuit hash when there is none yet).
public enum SetupProvenance: Sendable, Equatable {
    case singleParty
    case ceremony(ptau: String, ptauBLAKE2b: String, contributions: Int, finalHash: String)

    /// The `setup` text and the `ceremony` object, merged into `keys`.
    var jsonFields: [String: Any] {
        switch self {
        case .singleParty:
            return ["setup": Self.singlePartyText]
        case let .ceremony(ptau, hash, count, final):
            return [
                "setup": "ceremony",
                "ceremony": ["ptau": ptau, "ptauBLAKE2b": hash, "contributions": count, "finalHash": final] as [String: Any],
            ]
        }
    }

    static let singlePartyText = "single-party (development)"

    init(keys k: JSONDocument) throws(ZKInferError) {
        guard k.has("setup") else { self = .singleParty; return }
        switch try k.string("setup") {
        case "single-party", Self.singlePartyText:
            self = .singleParty
        case "ceremony":
            let c = try k.object("ceremony")
            self = .ceremony(
                ptau: try c.string("ptau"), ptauBLAKE2b: try c.hexDigest("ptauBLAKE2b", byteCount: 64),
                contributions: try c.integer("contributions", in: 0...Int(Int32.max)),
                finalHash: try c.hexDigest("finalHash", byteCount: 64))
        default:
            throw .invalidField(
                path: k.path, field: "keys.setup", reason: "expected \"\(Self.singlePartyText)\" or \"ceremony\"")
        }
    }

    /// One line for reports, `inspect` and ledger records.
    public var summary: String {
        switch self {
        case .singleParty:
            return "setup: single-party (development) — whoever ran it could forge proofs"
        case let .ceremony(ptau, hash, count, final):
            return "ceremony: ptau \(ptau) (blake2b \(hash.prefix(16))…), \(count) contribution"
                + (count == 1 ? "" : "s") + ", final hash \(final.prefix(16))…"
        }
    }
}
