import BN254

/// Strict decimal text for field elements at the JSON boundary (snarkjs writes canonical decimals):
/// ASCII digits only, no sign, no whitespace, no leading zeros (except "0" itself), value `< p`.
/// Anything else is rejected, never reduced.
enum CanonicalDecimal {
    static func parse<F: PrimeField>(_ text: String, as: F.Type) -> F? {
        let utf8 = text.utf8
        guard let first = utf8.first, utf8.count <= 80 else { return nil }
        guard utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        if first == UInt8(ascii: "0") && utf8.count > 1 { return nil }
        return F(decimal: text)
    }
}
