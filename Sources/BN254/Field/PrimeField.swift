/// What `Fr` and `Fq` share beyond `FieldElement`, so that the non-hot algorithms (inversion, square roots,
/// encodings) and the generic test suites are written once. Kernels use the concrete types.
///
/// Invariant of every conformer: values are reduced (`< p`) and stored in Montgomery form.
public protocol PrimeField: FieldElement, Hashable, CustomStringConvertible {
    static var minusOne: Self { get }
    static var modulusLimbs: (UInt64, UInt64, UInt64, UInt64) { get }
    static var modulusDecimal: String { get }
    static var bitCount: Int { get }
    static var twoAdicity: Int { get }
    static var rootOfUnity: Self { get }
    static var halfOrderLimbs: (UInt64, UInt64, UInt64, UInt64) { get }
    static var inverseExponentLimbs: (UInt64, UInt64, UInt64, UInt64) { get }
    static var sqrtExponentLimbs: (UInt64, UInt64, UInt64, UInt64) { get }
    static var sqrtUsesTonelliShanks: Bool { get }

    init(montgomeryLimbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64)
    init?(canonicalLimbs c0: UInt64, _ c1: UInt64, _ c2: UInt64, _ c3: UInt64)
    init(_ v: UInt64)
    var canonicalLimbs: (UInt64, UInt64, UInt64, UInt64) { get }

    static func += (a: inout Self, b: Self)
    static func -= (a: inout Self, b: Self)
    static func *= (a: inout Self, b: Self)
    func doubled() -> Self
    func negated() -> Self
}

extension Fr: PrimeField {}
extension Fq: PrimeField {}

extension PrimeField {
    /// The signed integer v, mapped to p − |v| when negative.
    @inlinable
    public init(_ v: Int64) {
        let magnitude = Self(v.magnitude)
        self = v < 0 ? -magnitude : magnitude
    }

    /// The multiplicative inverse, or nil for zero (binary extended Euclid, see PrimeField+Inverse.swift).
    @inlinable
    public var inverse: Self? { inverseBinary }

    /// Legendre symbol (a | p): 0 for zero, 1 for a non-zero square, −1 otherwise (Euler's criterion).
    public var legendre: Int {
        if isZero { return 0 }
        return pow(Self.halfOrderLimbs) == Self.one ? 1 : -1
    }

    /// A square root, or nil when none exists. Which of the two roots is returned is unspecified;
    /// callers that need a particular one (point decompression) choose by parity.
    public var squareRoot: Self? {
        if isZero { return self }
        guard legendre == 1 else { return nil }
        if !Self.sqrtUsesTonelliShanks { return pow(Self.sqrtExponentLimbs) }
        // Tonelli–Shanks (Cohen, "A Course in Computational Algebraic Number Theory", Alg. 1.5.1), with
        // p − 1 = 2^s·t; the exponent table holds (t − 1)/2 and rootOfUnity is a primitive 2^s-th root.
        var w = pow(Self.sqrtExponentLimbs)  // a^((t−1)/2)
        var x = self * w  // a^((t+1)/2)
        var b = x * w  // a^t
        var z = Self.rootOfUnity
        var v = Self.twoAdicity
        while b != Self.one {
            var k = 0
            var b2k = b
            while b2k != Self.one {
                b2k = b2k * b2k
                k += 1
            }
            w = z
            for _ in 0..<(v - k - 1) { w = w * w }
            z = w * w
            b = b * z
            x = x * w
            v = k
        }
        return x
    }

    /// A uniformly random element (rejection sampling on `bitCount` random bits).
    public static func random<G: RandomNumberGenerator>(using rng: inout G) -> Self {
        let topMask: UInt64 = (1 << UInt64(bitCount - 192)) - 1
        while true {
            if let value = Self(canonicalLimbs: rng.next(), rng.next(), rng.next(), rng.next() & topMask) {
                return value
            }
        }
    }

    /// A uniformly random element from the system's secure generator.
    public static func random() -> Self {
        var rng = SystemRandomNumberGenerator()
        return random(using: &rng)
    }

    /// The canonical 32-byte big-endian encoding.
    public var bigEndianBytes: [UInt8] {
        let c = canonicalLimbs
        var out = [UInt8](repeating: 0, count: 32)
        for (i, limb) in [c.3, c.2, c.1, c.0].enumerated() {
            for j in 0..<8 { out[8 * i + j] = UInt8(truncatingIfNeeded: limb >> UInt64(56 - 8 * j)) }
        }
        return out
    }

    /// Decodes exactly 32 big-endian bytes; nil when the length is wrong or the value is ≥ p
    /// (non-canonical encodings are rejected, never reduced).
    public init?<Bytes: Collection>(bigEndianBytes bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 32 else { return nil }
        var limbs: [UInt64] = [0, 0, 0, 0]
        for (i, byte) in bytes.enumerated() {
            let limb = 3 - i / 8
            limbs[limb] = (limbs[limb] << 8) | UInt64(byte)
        }
        self.init(canonicalLimbs: limbs[0], limbs[1], limbs[2], limbs[3])
    }

    /// The canonical value (not the Montgomery limbs) in decimal, as snarkjs and circom print it.
    public var description: String { decimalString }
}
