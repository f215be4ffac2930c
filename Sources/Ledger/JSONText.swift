import Foundation

/// Small helpers for the hand-written JSON output of this module (strings: `JSONString.quote`), and the shared
/// decoder entry point for parsing.
enum JSONText {
    /// A JSON number for a finite double: Swift's shortest round-trip form ("0.1", "1e-05", "-0.0"), which is valid
    /// JSON and parses back to the same bits.
    static func number(_ d: Double) -> String {
        precondition(d.isFinite, "non-finite doubles have no JSON form")
        return d.description
    }

    /// Decodes `T` from UTF-8 JSON, mapping every failure to `.invalidJSON(what:reason:)`.
    static func decode<T: Decodable>(
        _ type: T.Type, from json: some Collection<UInt8>, what: String
    ) throws(LedgerError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(json))
        } catch let error as DecodingError {
            throw .invalidJSON(what: what, reason: describe(error))
        } catch {
            throw .invalidJSON(what: what, reason: "\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at '\(keys.joined(separator: "."))'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)'" + path(context)
        case .typeMismatch(_, let context): return "wrong type" + path(context) + ": " + context.debugDescription
        case .valueNotFound(_, let context): return "null value" + path(context)
        case .dataCorrupted(let context): return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }

    /// Hex string field → MerkleHash, or `.invalidJSON` naming the field.
    static func hash(_ text: String, field: String, what: String) throws(LedgerError) -> MerkleHash {
        guard let hash = MerkleHash(hex: text) else {
            throw .invalidJSON(what: what, reason: "'\(field)' must be 64 hex digits, got \"\(text.prefix(80))\"")
        }
        return hash
    }

    /// `texts` as hashes (a proof's node list `field`), each checked as `hash` checks one.
    static func hashes(_ texts: [String], field: String, what: String) throws(LedgerError) -> [MerkleHash] {
        var hashes: [MerkleHash] = []
        hashes.reserveCapacity(texts.count)
        for (i, text) in texts.enumerated() { hashes.append(try hash(text, field: "\(field)[\(i)]", what: what)) }
        return hashes
    }
}

/// UTC ISO-8601 timestamps ("2024-05-01T12:00:00Z") from Unix seconds, computed with the proleptic Gregorian
/// civil-from-days algorithm of H. Hinnant ("chrono-Compatible Low-Level Date Algorithms"); no locale or time zone
/// database involved, so the text is the same on every machine.
enum ISO8601 {
    /// Unix seconds must be in `AttestationRecord.timestampRange` (years 1970…9999).
    static func format(unixSeconds: Int64) -> String {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secondsOfDay = unixSeconds - days * 86_400
        // civil_from_days
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondsOfDay / 3600, 2)):"
            + "\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2))Z"
    }
}
