/// A point of G1: the BN254 curve E(F_q): y² = x³ + 3, in affine coordinates.
///
/// Invariant: either `isInfinity` (then x = y = 0) or (x, y) satisfies the curve equation. G1 has prime
/// order r (cofactor 1), so every point on the curve is in the subgroup. Values decoded from bytes are
/// checked; `init(uncheckedX:y:)` is not.
public struct G1Affine: Sendable, Hashable {
    /// The affine x coordinate in `Fq` (Montgomery form); 0 when `isInfinity`.
    public var x: Fq
    /// The affine y coordinate in `Fq` (Montgomery form); 0 when `isInfinity`.
    public var y: Fq
    /// Whether this is the point at infinity (the group identity); x and y are then both 0.
    public var isInfinity: Bool

    /// Wraps coordinates without checking the curve equation.
    @inlinable
    public init(uncheckedX x: Fq, y: Fq) {
        self.x = x
        self.y = y
        self.isInfinity = false
    }

    /// The point at infinity, the identity of G1, encoded as x = y = 0 with the `isInfinity` flag set.
    public static let infinity = G1Affine(x: .zero, y: .zero, isInfinity: true)
    /// The generator (1, 2) used by Ethereum's precompiles, snarkjs and gnark.
    public static let generator = G1Affine(uncheckedX: Fq(1), y: Fq(2))

    @inlinable
    init(x: Fq, y: Fq, isInfinity: Bool) {
        self.x = x
        self.y = y
        self.isInfinity = isInfinity
    }
}

/// A point of G2: the sextic twist E'(F_q2): y² = x³ + 3/ξ (ξ = 9 + u), in affine coordinates.
///
/// Invariant: either `isInfinity` (then x = y = 0) or (x, y) satisfies the twist equation. Unlike G1,
/// the twist has a large cofactor, so decoders must also check membership in the order-r subgroup.
public struct G2Affine: Sendable, Hashable {
    /// The affine x coordinate in `Fq2` (Montgomery form); 0 when `isInfinity`.
    public var x: Fq2
    /// The affine y coordinate in `Fq2` (Montgomery form); 0 when `isInfinity`.
    public var y: Fq2
    /// Whether this is the point at infinity (the group identity); x and y are then both 0.
    public var isInfinity: Bool

    /// Wraps coordinates without checking the curve equation or the subgroup.
    @inlinable
    public init(uncheckedX x: Fq2, y: Fq2) {
        self.x = x
        self.y = y
        self.isInfinity = false
    }

    /// The point at infinity, the identity of G2, encoded as x = y = 0 with the `isInfinity` flag set.
    public static let infinity = G2Affine(x: .zero, y: .zero, isInfinity: true)
    /// The generator used by Ethereum (EIP-197), snarkjs and gnark.
    public static let generator = G2Affine(
        uncheckedX: Fq2(
            Fq(decimal: "10857046999023057135944570762232829481370756359578518086990519993285655852781")!,
            Fq(decimal: "11559732032986387107991004021392285783925812861821192530917403151452391805634")!),
        y: Fq2(
            Fq(decimal: "8495653923123431417604973247489272438418190587263600148770280649306958101930")!,
            Fq(decimal: "4082367875863433681332203403145435568316851327593401208105741076214120093531")!))

    @inlinable
    init(x: Fq2, y: Fq2, isInfinity: Bool) {
        self.x = x
        self.y = y
        self.isInfinity = isInfinity
    }
}

extension G1Affine {
    /// b = 3, the constant of y² = x³ + b.
    public static let b = Fq(3)

    /// G1 has cofactor 1: every point on the curve is in the order-r subgroup.
    public var isInSubgroup: Bool { isOnCurve }
}

extension G2Affine {
    /// b' = 3/ξ (ξ = 9 + u), the constant of the twist y² = x³ + b'.
    public static let b = TowerConstants.twistB
}

extension G1Affine: CustomStringConvertible {
    /// The coordinates in decimal.
    public var description: String { isInfinity ? "G1(infinity)" : "G1(\(x.decimalString), \(y.decimalString))" }
}

extension G2Affine: CustomStringConvertible {
    /// The coordinates in decimal.
    public var description: String {
        if isInfinity { return "G2(infinity)" }
        let xs = "\(x.c0.decimalString) + \(x.c1.decimalString)·u"
        let ys = "\(y.c0.decimalString) + \(y.c1.decimalString)·u"
        return "G2((\(xs)), (\(ys)))"
    }
}
