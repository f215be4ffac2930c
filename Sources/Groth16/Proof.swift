import BN254

/// A Groth16 proof π = (A, B, C) (Groth, "On the Size of Pairing-based Non-interactive Arguments",
/// eprint 2016/260, §3.2): A, C ∈ G1 and B ∈ G2.
///
/// Invariant when produced by `Groth16Prover` or any decoder of this module: every point is on its curve and
/// B is in the order-r subgroup of the twist. The memberwise initializer does not check; the verifier checks
/// again (on curve, subgroup) before it uses a proof, so an unchecked value can never make it accept.
public struct Proof: Sendable, Hashable {
    /// A ∈ G1.
    public var a: G1Affine
    /// B ∈ G2 (in the order-r subgroup when produced or decoded here).
    public var b: G2Affine
    /// C ∈ G1.
    public var c: G1Affine

    /// Wraps three points without validation (see the type's invariant).
    public init(a: G1Affine, b: G2Affine, c: G1Affine) {
        self.a = a
        self.b = b
        self.c = c
    }
}
