/// The arithmetic every field of the module shares (F_r, F_q, F_q2, F_q6, F_q12), so that exponentiation and
/// batch inversion are written once. Kernels still use the concrete types; these generic helpers are
/// `@inlinable`, so callers in any module get a copy specialised for the concrete field.
///
/// Invariant of every conformer: values are reduced, and `inverse` is nil exactly for zero.
public protocol FieldElement: Sendable, Equatable {
    /// The additive identity.
    static var zero: Self { get }
    /// The multiplicative identity.
    static var one: Self { get }
    /// Whether this is zero.
    var isZero: Bool { get }
    /// The multiplicative inverse, nil for zero.
    var inverse: Self? { get }
    /// The sum.
    static func + (a: Self, b: Self) -> Self
    /// The difference.
    static func - (a: Self, b: Self) -> Self
    /// The product.
    static func * (a: Self, b: Self) -> Self
    /// The additive inverse.
    static prefix func - (a: Self) -> Self
    /// self², at most the cost of `self * self`.
    func squared() -> Self
}

extension Fq2: FieldElement {}
extension Fq6: FieldElement {}
extension Fq12: FieldElement {}

extension FieldElement {
    /// self^e for an exponent given as little-endian 64-bit limbs (left-to-right square and multiply;
    /// variable time). An empty exponent gives one.
    @inlinable
    public func pow(_ exponent: [UInt64]) -> Self {
        var result = Self.one
        for limb in exponent.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.squared()
                if (limb &>> UInt64(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }

    /// self^e for a 256-bit exponent given as little-endian limbs (variable time).
    @inlinable
    public func pow(_ e: (UInt64, UInt64, UInt64, UInt64)) -> Self { pow([e.0, e.1, e.2, e.3]) }

    /// self^e for a machine-word exponent (variable time).
    @inlinable
    public func pow(_ e: UInt64) -> Self { pow([e]) }

    /// Inverts every non-zero element in place with one field inversion (Montgomery's trick:
    /// 3(n − 1) multiplications); zeros stay zero.
    @inlinable
    public static func batchInvert(_ values: inout [Self]) {
        var prefix = [Self](repeating: .one, count: values.count)
        var acc = Self.one
        for i in values.indices {
            prefix[i] = acc
            if !values[i].isZero { acc = acc * values[i] }
        }
        guard var inv = acc.inverse else { return }
        for i in values.indices.reversed() where !values[i].isZero {
            let next = inv * values[i]
            values[i] = inv * prefix[i]
            inv = next
        }
    }
}
