#!/usr/bin/env python3
"""Generates Sources/BN254/Field/{Fr,Fq}.generated.swift from one template.

Every constant (modulus limbs, R mod p, R^2 mod p, -p^-1 mod 2^64, square-root and root-of-unity
data) is derived here from the two BN254 moduli, never pasted by hand. Rerun after editing the
template:

    python3 Scripts/gen_fields.py            # rewrites the generated files
    python3 Scripts/gen_fields.py --check    # exits 1 if the committed files are stale
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Sources", "BN254", "Field")

# BN254 (alt_bn128) parameters: u = 4965661367192848881, q = 36u^4 + 36u^3 + 24u^2 + 6u + 1,
# r = 36u^4 + 36u^3 + 18u^2 + 6u + 1 (Barreto–Naehrig, eprint 2005/133).
U = 4965661367192848881
Q = 36 * U**4 + 36 * U**3 + 24 * U**2 + 6 * U + 1
R = 36 * U**4 + 36 * U**3 + 18 * U**2 + 6 * U + 1
assert Q == 21888242871839275222246405745257275088696311157297823662689037894645226208583
assert R == 21888242871839275222246405745257275088548364400416034343698204186575808495617


def limbs(x):
    return [(x >> (64 * i)) & (2**64 - 1) for i in range(4)]


def lit(x):
    return ", ".join("0x%016x" % l for l in limbs(x))


def two_adicity(p):
    s, t = 0, p - 1
    while t % 2 == 0:
        s, t = s + 1, t // 2
    return s, t


def smallest_non_residue(p):
    g = 2
    while pow(g, (p - 1) // 2, p) != p - 1:
        g += 1
    return g


def render(name, p, doc, generator):
    mont = 2**256
    one = mont % p
    r2 = mont * mont % p
    inv = (-pow(p, -1, 2**64)) % 2**64
    s, t = two_adicity(p)
    root = pow(generator, t, p)  # primitive 2^s-th root of unity
    assert pow(root, 2 ** (s - 1), p) == p - 1
    bits = p.bit_length()
    assert limbs(p)[3] < 2**62, "the no-carry Montgomery multiplication needs the top limb below 2^62"

    # Montgomery multiplication, CIOS with gnark-crypto's "no-carry" variant (the modulus' top bit is
    # clear), fully unrolled: Koç, Acar, Kaliski, "Analyzing and comparing Montgomery multiplication
    # algorithms" (1996), §4; gnark-crypto field/generator/internal/templates/element/mul_nocarry.go.
    body = ["        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0",
            "        var A: UInt64 = 0, C: UInt64 = 0, m: UInt64 = 0"]
    for i in range(4):
        body.append(f"        (A, t0) = mulAdd(a.l0, b.l{i}, t0, 0)")
        body.append("        m = t0 &* Self.inv")
        body.append("        C = mulAdd(m, Self.p0, t0, 0).hi")
        for j in range(1, 4):
            body.append(f"        (A, t{j}) = mulAdd(a.l{j}, b.l{i}, t{j}, A)")
            body.append(f"        (C, t{j-1}) = mulAdd(m, Self.p{j}, t{j}, C)")
        body.append("        t3 = C &+ A")
    mul = "\n".join(body)
    decl = ""

    # Dedicated squaring (SOS: separated operand scanning): the 6 cross products a_i·a_j (i < j) once, doubled by
    # a one-bit shift, plus the 4 squares a_i², then 4 rows of Montgomery reduction: 26 multiplications instead of
    # 32. Koç, Acar, Kaliski 1996, §3 (SOS) and the squaring remark in §5; Menezes et al., Handbook of Applied
    # Cryptography, Alg. 14.16 (squaring) and 14.32 (reduction). The reduction's carry word k stays 0 at the end
    # because the result (a² + m·p)/R < (p² + R·p)/R < 2p < 2^255.
    sq = ["        // Cross products a_i·a_j, i < j, into w1…w6 (w7 collects the last carry)."]
    sq.append("        var w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0, w4: UInt64 = 0, w5: UInt64 = 0, w6: UInt64 = 0, w7: UInt64 = 0")
    sq.append("        var C: UInt64 = 0")
    sq.append("        (C, w1) = mulAdd(l0, l1, 0, 0)")
    sq.append("        (C, w2) = mulAdd(l0, l2, 0, C)")
    sq.append("        (w4, w3) = mulAdd(l0, l3, 0, C)")
    sq.append("        (C, w3) = mulAdd(l1, l2, w3, 0)")
    sq.append("        (w5, w4) = mulAdd(l1, l3, w4, C)")
    sq.append("        (w6, w5) = mulAdd(l2, l3, w5, 0)")
    sq.append("        // Double: shift w1…w6 left by one bit.")
    sq.append("        w7 = w6 &>> 63")
    sq.append("        w6 = (w6 &<< 1) | (w5 &>> 63)")
    sq.append("        w5 = (w5 &<< 1) | (w4 &>> 63)")
    sq.append("        w4 = (w4 &<< 1) | (w3 &>> 63)")
    sq.append("        w3 = (w3 &<< 1) | (w2 &>> 63)")
    sq.append("        w2 = (w2 &<< 1) | (w1 &>> 63)")
    sq.append("        w1 = w1 &<< 1")
    sq.append("        // Add the squares a_i² at positions 2i, 2i + 1.")
    sq.append("        var k: UInt64 = 0")
    sq.append("        let (h0, w0) = mulAdd(l0, l0, 0, 0)")
    sq.append("        (w1, k) = addCarry(w1, h0, 0)")
    sq.append("        let (h1, s1) = mulAdd(l1, l1, 0, 0)")
    sq.append("        (w2, k) = addCarry(w2, s1, k)")
    sq.append("        (w3, k) = addCarry(w3, h1, k)")
    sq.append("        let (h2, s2) = mulAdd(l2, l2, 0, 0)")
    sq.append("        (w4, k) = addCarry(w4, s2, k)")
    sq.append("        (w5, k) = addCarry(w5, h2, k)")
    sq.append("        let (h3, s3) = mulAdd(l3, l3, 0, 0)")
    sq.append("        (w6, k) = addCarry(w6, s3, k)")
    sq.append("        (w7, _) = addCarry(w7, h3, k)")
    sq.append("        // Montgomery reduction, one limb per row; k carries each row's top word into the next row's.")
    sq.append("        var m: UInt64 = 0")
    sq.append("        var r0 = w0, r1 = w1, r2 = w2, r3 = w3")
    sq.append("        let tops = (w4, w5, w6, w7)")
    sq.append("        k = 0")
    for i in range(4):
        # Row i reduces word r0 (the current lowest); the 4-word window slides by one each row.
        sq.append("        m = r0 &* Self.inv")
        sq.append("        C = mulAdd(m, Self.p0, r0, 0).hi")
        sq.append("        (C, r0) = mulAdd(m, Self.p1, r1, C)")
        sq.append("        (C, r1) = mulAdd(m, Self.p2, r2, C)")
        sq.append("        (C, r2) = mulAdd(m, Self.p3, r3, C)")
        sq.append(f"        (r3, k) = addCarry(tops.{i}, C, k)")
    square = "\n".join(sq)

    sqrt_kind = "p ≡ 3 (mod 4): √a = a^((p+1)/4)" if p % 4 == 3 else f"Tonelli–Shanks, 2-adicity {s}"
    return f'''// generated by Scripts/gen_fields.py — do not edit.
// {name}: {doc}

/// An element of {doc}
///
/// Invariant: the limbs hold `a·R mod p` (Montgomery form, R = 2^256), little-endian, fully reduced
/// (`< p`). Every operation takes and returns reduced values, so `==` and hashing on limbs are exact.
/// Arithmetic is variable time in its final conditional subtraction only through a mask (no branch);
/// `inverse`, `pow` and `sqrt` are variable time. Not side-channel resistant.
public struct {name}: Sendable, Hashable {{
    public var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    /// Wraps limbs that are already in Montgomery form and `< p`; no conversion, no check.
    @inlinable @inline(__always)
    public init(montgomeryLimbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {{
        self.l0 = l0; self.l1 = l1; self.l2 = l2; self.l3 = l3
    }}

    /// The modulus p = {p}.
    public static let modulusDecimal = "{p}"
    /// Bit length of p.
    public static let bitCount = {bits}
    /// Two-adicity s of p − 1 (p − 1 = 2^s · t, t odd).
    public static let twoAdicity = {s}

    @usableFromInline static let p0: UInt64 = 0x{limbs(p)[0]:016x}
    @usableFromInline static let p1: UInt64 = 0x{limbs(p)[1]:016x}
    @usableFromInline static let p2: UInt64 = 0x{limbs(p)[2]:016x}
    @usableFromInline static let p3: UInt64 = 0x{limbs(p)[3]:016x}
    /// −p⁻¹ mod 2^64.
    @usableFromInline static let inv: UInt64 = 0x{inv:016x}
    /// R² mod p, to enter Montgomery form.
    @usableFromInline static let r2 = {name}(montgomeryLimbs: {lit(r2)})

    /// 0, the additive identity (all limbs zero in Montgomery form too).
    public static let zero = {name}(montgomeryLimbs: 0, 0, 0, 0)
    /// 1, the multiplicative identity: its Montgomery limbs are R mod p.
    public static let one = {name}(montgomeryLimbs: {lit(one)})
    /// p − 1 = −1.
    public static let minusOne = {name}(montgomeryLimbs: {lit((p - 1) * mont % p)})
    /// The modulus, little-endian limbs (canonical, not Montgomery).
    public static let modulusLimbs: (UInt64, UInt64, UInt64, UInt64) = ({lit(p)})
    /// (p − 1) / 2, little-endian limbs: the Legendre-symbol exponent.
    public static let halfOrderLimbs: (UInt64, UInt64, UInt64, UInt64) = ({lit((p - 1) // 2)})
    /// p − 2, little-endian limbs: the Fermat-inverse exponent.
    public static let inverseExponentLimbs: (UInt64, UInt64, UInt64, UInt64) = ({lit(p - 2)})
    /// A primitive 2^{s}-th root of unity, {generator}^t (t = (p − 1) / 2^{s}); {generator} generates the multiplicative group's 2-part.
    public static let rootOfUnity = {name}(montgomeryLimbs: {lit(root * mont % p)})
    /// Square-root data: {sqrt_kind}.
    public static let sqrtExponentLimbs: (UInt64, UInt64, UInt64, UInt64) = ({lit((p + 1) // 4 if p % 4 == 3 else (t - 1) // 2)})
    /// Whether `sqrt` runs Tonelli–Shanks (p ≡ 1 mod 4) or the single exponentiation by (p + 1) / 4 (p ≡ 3 mod 4).
    public static let sqrtUsesTonelliShanks = {"false" if p % 4 == 3 else "true"}

    /// Whether the value is 0 (valid because the limbs are always reduced: 0 has no other representation).
    public var isZero: Bool {{ (l0 | l1 | l2 | l3) == 0 }}

    /// a + b. Inputs and output `< p`; a + b < 2p < 2^256 because p < 2^254.
    @inlinable @inline(__always)
    public static func + (a: {name}, b: {name}) -> {name} {{
        let (s0, c0) = addCarry(a.l0, b.l0, 0)
        let (s1, c1) = addCarry(a.l1, b.l1, c0)
        let (s2, c2) = addCarry(a.l2, b.l2, c1)
        let (s3, _) = addCarry(a.l3, b.l3, c2)
        return reduceOnce(s0, s1, s2, s3)
    }}

    /// a − b, adding p back under a borrow mask (no branch).
    @inlinable @inline(__always)
    public static func - (a: {name}, b: {name}) -> {name} {{
        let (d0, b0) = subBorrow(a.l0, b.l0, 0)
        let (d1, b1) = subBorrow(a.l1, b.l1, b0)
        let (d2, b2) = subBorrow(a.l2, b.l2, b1)
        let (d3, b3) = subBorrow(a.l3, b.l3, b2)
        let mask = 0 &- b3
        let (e0, k0) = addCarry(d0, p0 & mask, 0)
        let (e1, k1) = addCarry(d1, p1 & mask, k0)
        let (e2, k2) = addCarry(d2, p2 & mask, k1)
        let (e3, _) = addCarry(d3, p3 & mask, k2)
        return {name}(montgomeryLimbs: e0, e1, e2, e3)
    }}

    /// −a (0 stays 0).
    @inlinable @inline(__always)
    public static prefix func - (a: {name}) -> {name} {{ zero - a }}

    /// a · b · R⁻¹ mod p: Montgomery product of reduced inputs, reduced output.
    @inlinable @inline(__always)
    public static func * (a: {name}, b: {name}) -> {name} {{
{decl}{mul}
        return reduceOnce(t0, t1, t2, t3)
    }}

    /// a = a + b in place; reduced operands, reduced result.
    @inlinable @inline(__always) public static func += (a: inout {name}, b: {name}) {{ a = a + b }}
    /// a = a − b in place; reduced operands, reduced result.
    @inlinable @inline(__always) public static func -= (a: inout {name}, b: {name}) {{ a = a - b }}
    /// a = a · b in place (Montgomery product); reduced operands, reduced result.
    @inlinable @inline(__always) public static func *= (a: inout {name}, b: {name}) {{ a = a * b }}

    /// a² · R⁻¹ mod p (dedicated squaring, 26 multiplications); reduced input and output.
    @inlinable @inline(__always)
    public func squared() -> {name} {{
{square}
        return Self.reduceOnce(r0, r1, r2, r3)
    }}
    /// Replaces the value with its square (`squared()`).
    @inlinable @inline(__always) public mutating func square() {{ self = squared() }}
    /// 2·self mod p (one modular addition).
    @inlinable @inline(__always) public func doubled() -> {name} {{ self + self }}
    /// Replaces the value with 2·self mod p.
    @inlinable @inline(__always) public mutating func double() {{ self = self + self }}
    /// −self mod p (0 stays 0), the same as prefix `-`.
    @inlinable @inline(__always) public func negated() -> {name} {{ -self }}
    /// Replaces the value with −self mod p (0 stays 0).
    @inlinable @inline(__always) public mutating func negate() {{ self = -self }}

    /// Subtracts p once if the value (< 2p) is ≥ p, through a borrow mask.
    @inlinable @inline(__always)
    static func reduceOnce(_ s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64) -> {name} {{
        let (d0, b0) = subBorrow(s0, p0, 0)
        let (d1, b1) = subBorrow(s1, p1, b0)
        let (d2, b2) = subBorrow(s2, p2, b1)
        let (d3, b3) = subBorrow(s3, p3, b2)
        let keep = 0 &- b3  // all ones when s < p: keep s
        return {name}(
            montgomeryLimbs: (s0 & keep) | (d0 & ~keep), (s1 & keep) | (d1 & ~keep),
            (s2 & keep) | (d2 & ~keep), (s3 & keep) | (d3 & ~keep))
    }}

    /// Converts canonical little-endian limbs `< p` into Montgomery form; nil when the value is ≥ p.
    @inlinable
    public init?(canonicalLimbs c0: UInt64, _ c1: UInt64, _ c2: UInt64, _ c3: UInt64) {{
        let (_, b0) = subBorrow(c0, Self.p0, 0)
        let (_, b1) = subBorrow(c1, Self.p1, b0)
        let (_, b2) = subBorrow(c2, Self.p2, b1)
        let (_, b3) = subBorrow(c3, Self.p3, b2)
        guard b3 == 1 else {{ return nil }}
        self = {name}(montgomeryLimbs: c0, c1, c2, c3) * Self.r2
    }}

    /// The canonical value (not Montgomery), little-endian limbs, `< p`.
    @inlinable
    public var canonicalLimbs: (UInt64, UInt64, UInt64, UInt64) {{
        let c = self * {name}(montgomeryLimbs: 1, 0, 0, 0)
        return (c.l0, c.l1, c.l2, c.l3)
    }}

    /// The integer v (always < p, as p > 2^64).
    @inlinable
    public init(_ v: UInt64) {{
        self = {name}(montgomeryLimbs: v, 0, 0, 0) * Self.r2
    }}
}}
'''


def main():
    files = {
        "Fr.generated.swift": render("Fr", R, "the BN254 scalar field F_r (r = the order of G1 and G2).", 5),
        "Fq.generated.swift": render("Fq", Q, "the BN254 base field F_q (coordinates of G1; F_q2 = F_q[u]/(u² + 1) for G2).", smallest_non_residue(Q)),
    }
    check = "--check" in sys.argv
    stale = False
    for fname, text in files.items():
        path = os.path.join(OUT, fname)
        if check:
            with open(path) as f:
                if f.read() != text:
                    print(f"stale: {path}", file=sys.stderr)
                    stale = True
        else:
            os.makedirs(OUT, exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
    sys.exit(1 if stale else 0)


if __name__ == "__main__":
    main()
