import Foundation
import Hashing

/// A parsed JSON object plus the file it came from, with typed accessors whose errors name the file and the
/// dotted field path (`"keys.verifyingKey"`).
///
/// Invariant: `storage` is the result of `JSONSerialization` (so values are `NSNumber`, `String`, `[Any]`,
/// `[String: Any]`, `NSNull`); `prefix` is the dotted path of this object inside the file ("" at the top).
public struct JSONDocument: @unchecked Sendable {
    /// The file the document was read from (named in every error).
    public let path: String
    /// Dotted path of this object inside the file ("" at the top), prefixed to field names in errors.
    public let prefix: String
    let storage: [String: Any]

    /// Parses the file at `path`; the top level must be an object.
    public static func load(_ path: String) throws(ZKInferError) -> JSONDocument {
        try parse(FileIO.read(path), path: path)
    }

    /// Parses `bytes` (from `path`, used in messages); the top level must be an object.
    public static func parse(_ bytes: [UInt8], path: String) throws(ZKInferError) -> JSONDocument {
        let any = try parseAny(bytes, path: path)
        guard let object = any as? [String: Any] else { throw .malformed(path: path, reason: "expected a JSON object") }
        return JSONDocument(path: path, prefix: "", storage: object)
    }

    /// Parses any JSON value (arrays and scalars allowed at the top level).
    public static func parseAny(_ bytes: [UInt8], path: String) throws(ZKInferError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw .malformed(path: path, reason: "not valid JSON")
        }
    }

    /// Reads a versioned zkinfer file: checks `format == expectedFormat` and `formatVersion ∈ supported`.
    public static func loadVersioned(
        _ path: String, format expectedFormat: String, supported: ClosedRange<Int>
    ) throws(ZKInferError) -> JSONDocument {
        let document = try load(path)
        try document.checkVersion(format: expectedFormat, supported: supported)
        return document
    }

    /// Checks the `format` and `formatVersion` fields of this (top-level) object.
    public func checkVersion(format expectedFormat: String, supported: ClosedRange<Int>) throws(ZKInferError) {
        let format = try string("format")
        guard format == expectedFormat else {
            throw .invalidField(
                path: path, field: "format", reason: "expected \"\(expectedFormat)\", found \"\(format)\"")
        }
        guard let version = storage["formatVersion"], let v = JSONDocument.exactInteger(version) else {
            throw .invalidField(path: path, field: "formatVersion", reason: "missing or not an integer")
        }
        guard supported.contains(v) else {
            let range =
                supported.count == 1 ? "\(supported.lowerBound)" : "\(supported.lowerBound)...\(supported.upperBound)"
            throw .unsupportedVersion(path: path, field: "formatVersion", found: "\(v)", supported: "version \(range)")
        }
    }

    func fieldName(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }

    /// Whether `key` is present (and not `null`).
    public func has(_ key: String) -> Bool {
        guard let value = storage[key] else { return false }
        return !(value is NSNull)
    }

    /// The raw value of `key`.
    public func raw(_ key: String) throws(ZKInferError) -> Any {
        guard let value = storage[key], !(value is NSNull) else {
            throw .invalidField(path: path, field: fieldName(key), reason: "missing")
        }
        return value
    }

    /// A string field.
    public func string(_ key: String) throws(ZKInferError) -> String {
        guard let s = try raw(key) as? String else {
            throw .invalidField(path: path, field: fieldName(key), reason: "expected a string")
        }
        return s
    }

    /// An integer field (JSON number with no fractional part), optionally bounded.
    public func integer(_ key: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(ZKInferError) -> Int {
        guard let i = JSONDocument.exactInteger(try raw(key)), range.contains(i) else {
            throw .invalidField(
                path: path, field: fieldName(key),
                reason: "expected an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return i
    }

    /// The value as an `Int` if it is a JSON number with an exact integer value (booleans are not numbers).
    public static func exactInteger(_ value: Any) -> Int? {
        guard let n = value as? NSNumber else { return nil }
        let type = String(cString: n.objCType)
        if type == "c" { return nil }  // swift-corelibs-foundation boxes JSON true/false as char NSNumbers
        if type == "d" || type == "f" { return Int(exactly: n.doubleValue) }
        return type == "Q" ? Int(exactly: n.uint64Value) : Int(exactly: n.int64Value)
    }

    /// A nested object field.
    public func object(_ key: String) throws(ZKInferError) -> JSONDocument {
        guard let o = try raw(key) as? [String: Any] else {
            throw .invalidField(path: path, field: fieldName(key), reason: "expected an object")
        }
        return JSONDocument(path: path, prefix: fieldName(key), storage: o)
    }

    /// A string field holding lowercase or uppercase hex of exactly `byteCount` bytes.
    public func hexDigest(_ key: String, byteCount: Int = 32) throws(ZKInferError) -> String {
        let s = try string(key)
        guard s.count == 2 * byteCount, s.allSatisfy(\.isHexDigit) else {
            throw .invalidField(path: path, field: fieldName(key), reason: "expected \(2 * byteCount) hex digits")
        }
        return s.lowercased()
    }
}

/// Serialises JSON-compatible values (`String`, `Int`, `Double`, `Bool`, arrays, `[String: Any]`) the way every
/// zkinfer file and `--json` output is written: sorted keys, two-space indentation, arrays of scalars on one
/// line, doubles in shortest round-trip form (so reading them back gives the same bits).
///
/// Precondition: `value` is JSON-compatible and every double is finite (callers never produce NaN/∞).
public enum JSONText {
    /// Pretty-printed, trailing newline.
    public static func pretty(_ value: Any) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out + "\n"
    }

    /// One line.
    public static func compact(_ value: Any) -> String {
        var out = ""
        write(value, indent: nil, into: &out)
        return out
    }

    private static func write(_ value: Any, indent: Int?, into out: inout String) {
        switch value {
        case let s as String:
            out += JSONString.quote(s)
        case let o as [String: Any]:
            guard !o.isEmpty else {
                out += "{}"
                return
            }
            let keys = o.keys.sorted()
            if let indent {
                let pad = String(repeating: " ", count: indent + 2)
                out += "{\n"
                for (i, k) in keys.enumerated() {
                    out += pad + JSONString.quote(k) + ": "
                    write(o[k]!, indent: indent + 2, into: &out)
                    out += i + 1 < keys.count ? ",\n" : "\n"
                }
                out += String(repeating: " ", count: indent) + "}"
            } else {
                out +=
                    "{"
                    + keys.map { k in
                        var v = ""
                        write(o[k]!, indent: nil, into: &v)
                        return JSONString.quote(k) + ": " + v
                    }.joined(separator: ", ") + "}"
            }
        case let a as [Any]:
            let scalars = a.allSatisfy { !($0 is [Any]) && !($0 is [String: Any]) }
            if scalars || indent == nil {
                out +=
                    "["
                    + a.map { e in
                        var v = ""
                        write(e, indent: nil, into: &v)
                        return v
                    }.joined(separator: ", ") + "]"
            } else {
                let pad = String(repeating: " ", count: indent! + 2)
                out += "[\n"
                for (i, e) in a.enumerated() {
                    out += pad
                    write(e, indent: indent! + 2, into: &out)
                    out += i + 1 < a.count ? ",\n" : "\n"
                }
                out += String(repeating: " ", count: indent!) + "]"
            }
        default:
            out += scalar(value)
        }
    }

    private static func scalar(_ value: Any) -> String {
        if let n = value as? NSNumber {
            let type = String(cString: n.objCType)
            if type == "c" { return n.boolValue ? "true" : "false" }
            if type == "d" || type == "f" {
                let d = n.doubleValue
                precondition(d.isFinite, "JSONText: non-finite number")
                if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
                return "\(d)"
            }
            return n.stringValue
        }
        if let b = value as? Bool { return b ? "true" : "false" }
        if value is NSNull { return "null" }
        preconditionFailure("JSONText: not a JSON value: \(type(of: value))")
    }
}
