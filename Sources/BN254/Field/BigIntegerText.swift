import CGMP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal and hexadecimal text for 256-bit values, through GMP (conversion only; never on a hot path).
enum BigIntegerText {
    /// Parses an unsigned integer in `radix` 10 or 16 (hex may carry a `0x` prefix) into little-endian limbs.
    /// Nil for an empty string, any character outside the radix's digits (signs and spaces included),
    /// or a value of more than 256 bits.
    static func limbs(parsing text: String, radix: Int32) -> (UInt64, UInt64, UInt64, UInt64)? {
        var digits = Substring(text)
        if radix == 16, digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        let allowed: (Character) -> Bool = radix == 16 ? { $0.isHexDigit } : { $0.isASCII && $0.isWholeNumber }
        guard !digits.isEmpty, digits.count <= 80, digits.allSatisfy(allowed) else { return nil }
        var z = __mpz_struct()
        __gmpz_init(&z)
        defer { __gmpz_clear(&z) }
        guard __gmpz_set_str(&z, String(digits), radix) == 0, __gmpz_sizeinbase(&z, 2) <= 256 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        var count = 0
        words.withUnsafeMutableBytes { buffer in
            _ = __gmpz_export(buffer.baseAddress, &count, -1, 8, 0, 0, &z)
        }
        return (words[0], words[1], words[2], words[3])
    }

    /// Formats little-endian limbs in `radix` 10 or 16 (lower case, no prefix, no leading zeros).
    static func string(_ limbs: (UInt64, UInt64, UInt64, UInt64), radix: Int32) -> String {
        var z = __mpz_struct()
        __gmpz_init(&z)
        defer { __gmpz_clear(&z) }
        let words = [limbs.0, limbs.1, limbs.2, limbs.3]
        words.withUnsafeBytes { buffer in
            __gmpz_import(&z, 4, -1, 8, 0, 0, buffer.baseAddress)
        }
        guard let cString = __gmpz_get_str(nil, radix, &z) else { return "" }
        defer { free(cString) }
        return String(cString: cString)
    }
}

extension PrimeField {
    /// Parses a canonical decimal string; nil when malformed or ≥ p (never reduced).
    public init?(decimal text: String) {
        guard let l = BigIntegerText.limbs(parsing: text, radix: 10) else { return nil }
        self.init(canonicalLimbs: l.0, l.1, l.2, l.3)
    }

    /// Parses a canonical hexadecimal string (optional `0x`); nil when malformed or ≥ p.
    public init?(hex text: String) {
        guard let l = BigIntegerText.limbs(parsing: text, radix: 16) else { return nil }
        self.init(canonicalLimbs: l.0, l.1, l.2, l.3)
    }

    /// The canonical value in decimal.
    public var decimalString: String { BigIntegerText.string(canonicalLimbs, radix: 10) }

    /// The canonical value in lower-case hexadecimal with a `0x` prefix.
    public var hexString: String { "0x" + BigIntegerText.string(canonicalLimbs, radix: 16) }
}
