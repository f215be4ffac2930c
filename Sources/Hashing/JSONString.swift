/// JSON string literals for zkinfer's hand-written JSON (fixed key order, so output is byte-stable).
///
/// Invariant: `quote(s)` is the RFC 8259 §7 string literal of `s`: quote and backslash escaped, `\n`, `\r`, `\t`
/// written short, every other control character below U+0020 as `\u00XX` (lower-case hex), everything else
/// verbatim; so equal strings always give equal bytes.
public enum JSONString {
    /// The JSON string literal of `s`, quotes included.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += "\\u00" + Hex.encode([UInt8(c.value)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
