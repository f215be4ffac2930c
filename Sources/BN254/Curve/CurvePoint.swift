/// The coordinate field of one of BN254's groups: F_q for G1, F_q2 for the G2 twist. Ties the field to its
/// affine point type, so that the point formulas (`Jacobian`, the MSM's `XYZZ`) are written once over `F`
/// and specialised for each group (whole-module optimisation inside BN254; `@inlinable` across modules).
///
/// Invariant: `Affine.Field == Self`; exactly two conformers, `Fq` (G1) and `Fq2` (G2).
public protocol CurveField: FieldElement {
    /// The affine points with coordinates in this field.
    associatedtype Affine: AffinePoint where Affine.Field == Self
    /// 2·self.
    func doubled() -> Self
}

/// An affine point of a short Weierstrass curve y² = x³ + b with a = 0 (BN254's G1 and G2 twist).
///
/// Invariant of every conformer: either `isInfinity` (then x = y = 0) or (x, y) is a point the type's own
/// invariant allows (on the curve, or unchecked when built by `init(uncheckedX:y:)`).
public protocol AffinePoint: Sendable, Hashable, CustomStringConvertible {
    associatedtype Field: CurveField where Field.Affine == Self
    /// The affine x coordinate (Montgomery form); 0 when `isInfinity`.
    var x: Field { get }
    /// The affine y coordinate (Montgomery form); 0 when `isInfinity`.
    var y: Field { get }
    /// Whether this is the point at infinity (the group identity).
    var isInfinity: Bool { get }
    /// b, the constant of y² = x³ + b.
    static var b: Field { get }
    /// The generator of the group (Ethereum's, snarkjs's and gnark's).
    static var generator: Self { get }
    /// The point at infinity.
    static var infinity: Self { get }
    /// Wraps coordinates without checking the curve equation.
    init(uncheckedX x: Field, y: Field)
}

extension Fq: CurveField {
    /// F_q is the coordinate field of G1.
    public typealias Affine = G1Affine
}

extension Fq2: CurveField {
    /// F_q2 is the coordinate field of the G2 twist.
    public typealias Affine = G2Affine
}
extension G1Affine: AffinePoint {}
extension G2Affine: AffinePoint {}

extension AffinePoint {
    /// Whether y² = x³ + b (true for infinity). For G2 this says nothing about the subgroup.
    @inlinable
    public var isOnCurve: Bool { isInfinity || y.squared() == x.squared() * x + Self.b }

    /// −P = (x, −y); infinity stays infinity.
    @inlinable
    public func negated() -> Self { isInfinity ? self : Self(uncheckedX: x, y: -y) }
    /// −P, the same as `negated()`: (x, −y); infinity stays infinity.
    @inlinable public static prefix func - (p: Self) -> Self { p.negated() }

    /// P + Q computed in Jacobian coordinates (call `toAffine()` for an affine result).
    @inlinable public static func + (p: Self, q: Self) -> Jacobian<Field> { Jacobian(p) + q }
    /// P − Q = P + (−Q) computed in Jacobian coordinates (call `toAffine()` for an affine result).
    @inlinable public static func - (p: Self, q: Self) -> Jacobian<Field> { Jacobian(p) + q.negated() }
    /// [k]P computed in Jacobian coordinates.
    @inlinable public static func * (p: Self, k: Fr) -> Jacobian<Field> { Jacobian(p) * k }
    /// [k]P with the scalar on the left, computed in Jacobian coordinates (variable time).
    @inlinable public static func * (k: Fr, p: Self) -> Jacobian<Field> { Jacobian(p) * k }
}
