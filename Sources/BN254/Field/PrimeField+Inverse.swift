// Field inversion by the binary extended Euclidean algorithm (variable time), replacing Fermat's
// a^(p−2) (≈ 254 squarings + ≈ 130 multiplications) in `PrimeField.inverse` — the single inversion
// behind every batch inversion (MSM batch-affine flush, `batchToAffine`).
//
// Algorithm: Hankerson, Menezes, Vanstone, "Guide to Elliptic Curve Cryptography" (2004), Alg. 2.22
// ("binary algorithm for inversion in F_p"), on the canonical 4×64-bit limbs:
//     u = a, v = p, x1 = 1, x2 = 0            invariants: a·x1 ≡ u, a·x2 ≡ v (mod p); 0 ≤ x1, x2 < p
//     while u ≠ 1 and v ≠ 1:
//         while u even: u ← u/2, x1 ← x1/2 mod p      (x1/2 mod p = x1 even ? x1/2 : (x1 + p)/2)
//         while v even: v ← v/2, x2 ← x2/2 mod p
//         if u ≥ v: u ← u − v, x1 ← x1 − x2 mod p  else: v ← v − u, x2 ← x2 − x1 mod p
//     return u = 1 ? x1 : x2
// p is an odd prime < 2^255 (both BN254 moduli are < 2^254), so x + p never overflows 256 bits and
// gcd(a, p) = 1 for 0 < a < p guarantees termination with u = 1 or v = 1.
//
// Montgomery fix-up. Elements are stored as aR mod p (R = 2^256). We take the canonical value a
// (`canonicalLimbs` = MontMul(aR, 1) = a: one Montgomery product), invert it plainly to a^(−1), and
// re-enter Montgomery form with `init(canonicalLimbs:)` = MontMul(a^(−1), R² mod p) = a^(−1)R: a second
// product. The alternative — invert the Montgomery representative aR itself to (aR)^(−1), then
// MontMul((aR)^(−1), R²) = a^(−1)R^(−1)·R²·R^(−1) = a^(−1) and MontMul(a^(−1), R²) = a^(−1)R, i.e.
// multiply by R³ via two products by R² — costs the same two products, so the canonical route (which
// needs nothing beyond the `PrimeField` protocol) is used.

/// A 256-bit unsigned integer as four little-endian limbs: scratch for the binary inversion only.
/// Invariant: none beyond the width (values are plain integers, not field elements).
@usableFromInline
struct InversionLimbs {
    @usableFromInline var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    @inlinable @inline(__always)
    init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
    }

    @inlinable @inline(__always)
    var isOne: Bool { l0 == 1 && (l1 | l2 | l3) == 0 }

    /// self >> s for 1 ≤ s ≤ 63.
    @inlinable @inline(__always)
    mutating func shiftRight(_ s: UInt64) {
        let t = 64 &- s
        l0 = (l0 &>> s) | (l1 &<< t)
        l1 = (l1 &>> s) | (l2 &<< t)
        l2 = (l2 &>> s) | (l3 &<< t)
        l3 = l3 &>> s
    }

    /// self ← self/2 mod m for odd m with self < m < 2^255: adds m first when self is odd (branch-free).
    @inlinable @inline(__always)
    mutating func halveMod(_ m: InversionLimbs) {
        let mask = 0 &- (l0 & 1)
        var c: UInt64
        (l0, c) = addCarry(l0, m.l0 & mask, 0)
        (l1, c) = addCarry(l1, m.l1 & mask, c)
        (l2, c) = addCarry(l2, m.l2 & mask, c)
        (l3, _) = addCarry(l3, m.l3 & mask, c)  // no carry out: self + m < 2^256
        shiftRight(1)
    }

    /// self ← self − b mod m for self, b < m (adds m back on borrow, branch-free).
    @inlinable @inline(__always)
    mutating func subtractMod(_ b: InversionLimbs, _ m: InversionLimbs) {
        var borrow: UInt64
        (l0, borrow) = subBorrow(l0, b.l0, 0)
        (l1, borrow) = subBorrow(l1, b.l1, borrow)
        (l2, borrow) = subBorrow(l2, b.l2, borrow)
        (l3, borrow) = subBorrow(l3, b.l3, borrow)
        let mask = 0 &- borrow
        var c: UInt64
        (l0, c) = addCarry(l0, m.l0 & mask, 0)
        (l1, c) = addCarry(l1, m.l1 & mask, c)
        (l2, c) = addCarry(l2, m.l2 & mask, c)
        (l3, _) = addCarry(l3, m.l3 & mask, c)
    }

    /// Divides out all factors of two (self ≠ 0), halving `x` modulo m once per factor.
    @inlinable @inline(__always)
    mutating func removeTwos(halving x: inout InversionLimbs, _ m: InversionLimbs) {
        while l0 & 1 == 0 {
            // Shift by the trailing zeros of the low limb (at most 63 at once; a zero low limb takes
            // two rounds). x has to be halved bit by bit.
            let s = UInt64(min(l0.trailingZeroBitCount, 63))
            shiftRight(s)
            for _ in 0..<s { x.halveMod(m) }
        }
    }
}

/// a^(−1) mod m for 0 < a < m, m an odd prime < 2^255, on canonical little-endian limbs
/// (HMV Alg. 2.22; see the file header). Variable time.
@inlinable
func binaryInverse(
    _ a: (UInt64, UInt64, UInt64, UInt64), modulus p: (UInt64, UInt64, UInt64, UInt64)
) -> (UInt64, UInt64, UInt64, UInt64) {
    let m = InversionLimbs(p.0, p.1, p.2, p.3)
    var u = InversionLimbs(a.0, a.1, a.2, a.3)
    var v = m
    var x1 = InversionLimbs(1, 0, 0, 0)
    var x2 = InversionLimbs(0, 0, 0, 0)
    assert((u.l0 | u.l1 | u.l2 | u.l3) != 0, "binaryInverse: zero has no inverse")
    while !u.isOne && !v.isOne {
        u.removeTwos(halving: &x1, m)
        v.removeTwos(halving: &x2, m)
        // d = u − v; a borrow means u < v.
        var borrow: UInt64
        var d = u
        (d.l0, borrow) = subBorrow(u.l0, v.l0, 0)
        (d.l1, borrow) = subBorrow(u.l1, v.l1, borrow)
        (d.l2, borrow) = subBorrow(u.l2, v.l2, borrow)
        (d.l3, borrow) = subBorrow(u.l3, v.l3, borrow)
        if borrow == 0 {
            u = d
            x1.subtractMod(x2, m)
        } else {
            // v − u = −d (two's complement of d).
            var c: UInt64
            (v.l0, c) = subBorrow(0, d.l0, 0)
            (v.l1, c) = subBorrow(0, d.l1, c)
            (v.l2, c) = subBorrow(0, d.l2, c)
            (v.l3, _) = subBorrow(0, d.l3, c)
            x2.subtractMod(x1, m)
        }
    }
    let x = u.isOne ? x1 : x2
    return (x.l0, x.l1, x.l2, x.l3)
}

extension PrimeField {
    /// The multiplicative inverse by Fermat's little theorem, a^(p−2) (≈ 254 squarings + ≈ 130
    /// multiplications, variable time), or nil for zero. Kept as the reference for `inverseBinary`.
    @inlinable
    public var inverseFermat: Self? { isZero ? nil : pow(Self.inverseExponentLimbs) }

    /// The multiplicative inverse by the binary extended Euclidean algorithm on canonical limbs
    /// (Hankerson–Menezes–Vanstone Alg. 2.22) plus two Montgomery products for the form conversion;
    /// nil for zero. Variable time: not side-channel resistant.
    @inlinable
    public var inverseBinary: Self? {
        if isZero { return nil }
        let inv = binaryInverse(canonicalLimbs, modulus: Self.modulusLimbs)
        return Self(canonicalLimbs: inv.0, inv.1, inv.2, inv.3)
    }
}
