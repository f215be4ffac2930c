import BN254
import CGMP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A non-negative or negative arbitrary-precision integer backed by GMP's `mpz_t`: the independent oracle that
/// field and curve tests compare the fixed-width Montgomery code against (as gnark tests use `math/big`).
///
/// Invariant: `pointer` owns one initialised `mpz_t` for the object's lifetime. Values are immutable: every
/// operation returns a new `GMPInteger`. Slow (heap allocation per value) — tests only, never in library code.
/// GMP's convenience macros are not imported into Swift, so this calls the `__gmpz_*` functions directly.
public final class GMPInteger: @unchecked Sendable, CustomStringConvertible, Comparable, Hashable {
    let pointer: UnsafeMutablePointer<__mpz_struct>

    private init() {
        pointer = .allocate(capacity: 1)
        __gmpz_init(pointer)
    }

    deinit {
        __gmpz_clear(pointer)
        pointer.deallocate()
    }

    /// The value of a machine word.
    public convenience init(_ value: UInt64) {
        self.init()
        __gmpz_set_ui(pointer, UInt(value))
    }

    /// The value of little-endian 64-bit limbs (any count).
    public convenience init(limbs: [UInt64]) {
        self.init()
        if limbs.isEmpty { return }
        limbs.withUnsafeBytes { __gmpz_import(pointer, limbs.count, -1, 8, 0, 0, $0.baseAddress) }
    }

    /// The value of a 4-limb little-endian tuple (the form `Fr`/`Fq` use for canonical limbs).
    public convenience init(limbs l: (UInt64, UInt64, UInt64, UInt64)) { self.init(limbs: [l.0, l.1, l.2, l.3]) }

    /// Parses a decimal (radix 10) or hexadecimal (radix 16) string with an optional leading "-"; nil if malformed.
    public convenience init?(_ text: String, radix: Int32 = 10) {
        self.init()
        if __gmpz_set_str(pointer, text, radix) != 0 { return nil }
    }

    /// The canonical value of a field element (not its Montgomery form).
    public convenience init<F: PrimeField>(_ element: F) { self.init(limbs: element.canonicalLimbs) }

    /// The field's modulus.
    public static func modulus<F: PrimeField>(of _: F.Type) -> GMPInteger { GMPInteger(limbs: F.modulusLimbs) }

    private static func make(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> GMPInteger {
        let result = GMPInteger()
        body(result.pointer)
        return result
    }

    /// The exact sum a + b (no modular reduction).
    public static func + (a: GMPInteger, b: GMPInteger) -> GMPInteger { make { __gmpz_add($0, a.pointer, b.pointer) } }
    /// The exact difference a − b, possibly negative.
    public static func - (a: GMPInteger, b: GMPInteger) -> GMPInteger { make { __gmpz_sub($0, a.pointer, b.pointer) } }
    /// The exact product a · b (no modular reduction).
    public static func * (a: GMPInteger, b: GMPInteger) -> GMPInteger { make { __gmpz_mul($0, a.pointer, b.pointer) } }
    /// The negation −a.
    public static prefix func - (a: GMPInteger) -> GMPInteger { make { __gmpz_neg($0, a.pointer) } }

    /// Floor division (rounds toward −∞); precondition: b ≠ 0.
    public static func / (a: GMPInteger, b: GMPInteger) -> GMPInteger {
        precondition(b.signum != 0, "GMPInteger: division by zero")
        return make { __gmpz_fdiv_q($0, a.pointer, b.pointer) }
    }

    /// The least non-negative residue a mod m (m > 0).
    public func mod(_ m: GMPInteger) -> GMPInteger {
        precondition(m.signum > 0, "GMPInteger: modulus must be positive")
        return GMPInteger.make { __gmpz_mod($0, pointer, m.pointer) }
    }

    /// self^e mod m for e ≥ 0, m > 0.
    public func powMod(_ e: GMPInteger, _ m: GMPInteger) -> GMPInteger {
        GMPInteger.make { __gmpz_powm($0, pointer, e.pointer, m.pointer) }
    }

    /// self^e for a small exponent.
    public func pow(_ e: UInt) -> GMPInteger { GMPInteger.make { __gmpz_pow_ui($0, pointer, e) } }

    /// The inverse modulo m, or nil when gcd(self, m) ≠ 1.
    public func inverseMod(_ m: GMPInteger) -> GMPInteger? {
        let result = GMPInteger()
        return __gmpz_invert(result.pointer, pointer, m.pointer) == 0 ? nil : result
    }

    /// The Legendre symbol (self | p) for an odd prime p (GMP's Jacobi symbol, equal for primes): 0, 1 or −1.
    public func legendre(_ p: GMPInteger) -> Int { Int(__gmpz_jacobi(pointer, p.pointer)) }

    /// −1, 0 or 1.
    public var signum: Int {
        let size = pointer.pointee._mp_size
        return size > 0 ? 1 : (size < 0 ? -1 : 0)
    }

    /// Number of bits of |self| (0 for 0).
    public var bitWidth: Int { signum == 0 ? 0 : Int(__gmpz_sizeinbase(pointer, 2)) }

    /// |self| as little-endian 64-bit limbs, at least `minimumCount` of them (zero-padded).
    public func limbs(minimumCount: Int = 4) -> [UInt64] {
        let count = max(minimumCount, (bitWidth + 63) / 64)
        var words = [UInt64](repeating: 0, count: count)
        var written = 0
        words.withUnsafeMutableBytes { _ = __gmpz_export($0.baseAddress, &written, -1, 8, 0, 0, pointer) }
        return words
    }

    /// The value as a field element; nil if negative or ≥ the field's modulus (never reduced).
    public func fieldElement<F: PrimeField>(_: F.Type = F.self) -> F? {
        guard signum >= 0, bitWidth <= 256 else { return nil }
        let l = limbs()
        return F(canonicalLimbs: l[0], l[1], l[2], l[3])
    }

    /// Text in the given radix (lower case, leading "-" when negative).
    public func string(radix: Int32 = 10) -> String {
        guard let c = __gmpz_get_str(nil, radix, pointer) else { return "" }
        defer { free(c) }
        return String(cString: c)
    }

    /// The value in decimal, with a leading "-" when negative.
    public var description: String { string() }

    /// Numeric equality (`mpz_cmp`), not identity of the objects.
    public static func == (a: GMPInteger, b: GMPInteger) -> Bool { __gmpz_cmp(a.pointer, b.pointer) == 0 }
    /// Numeric order over all integers, negative ones included.
    public static func < (a: GMPInteger, b: GMPInteger) -> Bool { __gmpz_cmp(a.pointer, b.pointer) < 0 }
    /// Hashes the hexadecimal text, so numerically equal values hash equally.
    public func hash(into hasher: inout Hasher) { hasher.combine(string(radix: 16)) }
}
