/// Why a BN254 value was rejected: every decoder in this module throws one of these for bad input
/// (never crashes, never silently reduces or repairs).
public enum BN254Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// The byte string has the wrong length for the encoding.
    case invalidLength(expected: Int, got: Int)
    /// A coordinate's encoding is ≥ the field modulus q (non-canonical; rejected, not reduced).
    case nonCanonicalFieldElement
    /// The coordinates do not satisfy the curve (G1) or twist (G2) equation.
    case pointNotOnCurve
    /// The point is on the twist but not in the order-r subgroup G2.
    case pointNotInSubgroup
    /// The top two bits of a compressed encoding are not one of 0b10 (smallest y), 0b11 (largest y),
    /// 0b01 (infinity).
    case invalidCompressionFlags
    /// An infinity encoding carries non-zero bits after its flag.
    case invalidInfinityEncoding
    /// A compressed x has no point on the curve: x³ + b is not a square.
    case noSquareRoot

    /// The one-line message shown to users, naming the rejected encoding and why.
    public var description: String {
        switch self {
        case let .invalidLength(expected, got):
            return "invalid encoding length: expected \(expected) bytes, got \(got)"
        case .nonCanonicalFieldElement:
            return "non-canonical field element: a coordinate is not below the field modulus q"
        case .pointNotOnCurve:
            return "point is not on the curve"
        case .pointNotInSubgroup:
            return "point is not in the prime-order subgroup G2"
        case .invalidCompressionFlags:
            return "invalid compression flags in the top two bits of the first byte"
        case .invalidInfinityEncoding:
            return "invalid point-at-infinity encoding: bits after the infinity flag must all be zero"
        case .noSquareRoot:
            return "compressed x-coordinate is not on the curve (x³ + b has no square root)"
        }
    }
}
