import Hashing

/// Display JSON of an `AttestationRecord` (fixed key order, 2-space indentation):
///
///     {
///       "recordFormat": 1,
///       "modelDigest": "<hex>", "circuitDigest": "<hex>", "verifyingKeyDigest": "<hex>", "proofDigest": "<hex>",
///       "publicSignals": ["1", "42"],
///       "output": {"values": [0.25, -1.5], "predictedClass": 1}      or   {"json": "<the JSON text as a string>"},
///       "timestamp": 1714564800,
///       "time": "2024-05-01T12:00:00Z",
///       "zkinferVersion": "0.1.0"
///     }
///
/// (one key per line in the real output). Doubles print in shortest round-trip form, so `init(json:)` recovers
/// the exact bits and hence the same `leafHash`: an auditor can check an inclusion proof from the JSON alone.
extension AttestationRecord {
    /// Multi-line display JSON.
    public var json: String {
        var lines: [String] = []
        lines.append("\"recordFormat\": \(Self.encodingVersion)")
        lines.append("\"modelDigest\": \(JSONString.quote(Hex.encode(modelDigest)))")
        lines.append("\"circuitDigest\": \(JSONString.quote(Hex.encode(circuitDigest)))")
        lines.append("\"verifyingKeyDigest\": \(JSONString.quote(Hex.encode(verifyingKeyDigest)))")
        lines.append("\"proofDigest\": \(JSONString.quote(Hex.encode(proofDigest)))")
        lines.append("\"publicSignals\": [" + publicSignals.map(JSONString.quote).joined(separator: ", ") + "]")
        switch output {
        case .json(let text):
            lines.append("\"output\": {\"json\": \(JSONString.quote(text))}")
        case .values(let values, let predictedClass):
            var o = "\"output\": {\"values\": [" + values.map(JSONText.number).joined(separator: ", ") + "]"
            if let c = predictedClass { o += ", \"predictedClass\": \(c)" }
            lines.append(o + "}")
        }
        lines.append("\"timestamp\": \(timestamp)")
        lines.append("\"time\": \(JSONString.quote(timeISO8601))")
        lines.append("\"zkinferVersion\": \(JSONString.quote(zkinferVersion))")
        return "{\n" + lines.map { "  " + $0 }.joined(separator: ",\n") + "\n}"
    }

    /// Parses the display JSON. `time`, if present, must agree with `timestamp`; `recordFormat`, if present, must be
    /// 1. Throws `.invalidJSON` / `.invalidRecordField` naming the problem.
    public init(json: some Collection<UInt8>) throws(LedgerError) {
        let what = "attestation record"
        let dto = try JSONText.decode(RecordJSON.self, from: json, what: what)
        if let format = dto.recordFormat, format != Int(Self.encodingVersion) {
            throw .invalidJSON(what: what, reason: "recordFormat \(format) is not supported")
        }
        func digest(_ text: String, _ field: String) throws(LedgerError) -> [UInt8] {
            guard let bytes = Hex.decode(text), bytes.count == 32 else {
                throw .invalidJSON(what: what, reason: "'\(field)' must be 64 hex digits")
            }
            return bytes
        }
        let output: InferenceOutput
        switch (dto.output.json, dto.output.values) {
        case (let text?, nil):
            guard dto.output.predictedClass == nil else {
                throw .invalidJSON(what: what, reason: "'output.predictedClass' only goes with 'output.values'")
            }
            output = .json(text)
        case (nil, let values?): output = .values(values, predictedClass: dto.output.predictedClass)
        default: throw .invalidJSON(what: what, reason: "'output' needs exactly one of 'json' or 'values'")
        }
        try self.init(
            modelDigest: try digest(dto.modelDigest, "modelDigest"),
            circuitDigest: try digest(dto.circuitDigest, "circuitDigest"),
            verifyingKeyDigest: try digest(dto.verifyingKeyDigest, "verifyingKeyDigest"),
            publicSignals: dto.publicSignals, output: output,
            proofDigest: try digest(dto.proofDigest, "proofDigest"),
            timestamp: dto.timestamp, zkinferVersion: dto.zkinferVersion)
        if let time = dto.time, time != timeISO8601 {
            throw .invalidJSON(what: what, reason: "'time' \(time) disagrees with 'timestamp' (\(timeISO8601))")
        }
    }

    /// Parses the display JSON from a string.
    public init(json: String) throws(LedgerError) { try self.init(json: Array(json.utf8)) }
}

private struct OutputJSON: Decodable {
    var json: String?
    var values: [Double]?
    var predictedClass: Int?
}

private struct RecordJSON: Decodable {
    var recordFormat: Int?
    var modelDigest: String
    var circuitDigest: String
    var verifyingKeyDigest: String
    var proofDigest: String
    var publicSignals: [String]
    var output: OutputJSON
    var timestamp: Int64
    var time: String?
    var zkinferVersion: String
}
