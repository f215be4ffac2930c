/// Scalar multiplication on G1 with the GLV endomorphism (Gallant–Lambert–Vanstone, CRYPTO 2001, §4):
/// φ(x, y) = (β·x, y) is [λ] on G1 (β, λ cube roots of unity in F_q, F_r), so [k]P = [k1]P + [k2]φ(P) with
/// k = k1 + k2·λ (mod r) and |k1|, |k2| < 2^128, evaluated jointly in 4-bit windows: 128 doublings and at most
/// 64 additions instead of 256 and 64. Constants from `Scripts/gen_glv.py` (lattice basis by the extended Euclidean
/// algorithm on (r, λ); the split rounds with precomputed g_i = ⌊2^256·b_i'/r⌋, which only makes k1, k2 a bit
/// larger, never wrong: k1 is computed as k − λ·k2 in F_r). Variable time, like every multiplication here.
extension G1Jacobian {
    /// φ(P) = (β·X, Y, Z): [λ]P for P in G1.
    public func endomorphism() -> G1Jacobian { G1Jacobian(x: x * GLVConstants.beta, y: y, z: z) }

    /// k = k1 + k2·λ (mod r) as magnitudes below 2^128 with signs; nil if a half does not fit (not expected
    /// for k < r; the caller then multiplies plainly).
    static func glvSplit(_ k: Fr) -> (k1: (UInt64, UInt64), negative1: Bool, k2: (UInt64, UInt64), negative2: Bool)? {
        let l = k.canonicalLimbs
        // ⌊k·g / 2^256⌋: limbs 4 and 5 of the product (k < 2^254 and g < 2^131, so limb 6 is zero).
        func high(_ g: (UInt64, UInt64, UInt64)) -> (UInt64, UInt64) {
            let a = (l.0, l.1, l.2, l.3)
            var r = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            withUnsafeMutableBytes(of: &r) { raw in
                let out = raw.bindMemory(to: UInt64.self)
                withUnsafeBytes(of: a) { ra in
                    let aw = ra.bindMemory(to: UInt64.self)
                    withUnsafeBytes(of: g) { rg in
                        let gw = rg.bindMemory(to: UInt64.self)
                        for i in 0..<4 {
                            var carry: UInt64 = 0
                            for j in 0..<3 {
                                // ≤ (2^64 − 1)² + 2·(2^64 − 1) = 2^128 − 1: no overflow.
                                let t = UInt128(aw[i]) &* UInt128(gw[j]) &+ UInt128(out[i + j]) &+ UInt128(carry)
                                out[i + j] = UInt64(truncatingIfNeeded: t)
                                carry = UInt64(truncatingIfNeeded: t &>> 64)
                            }
                            out[i + 3] = carry
                        }
                    }
                }
            }
            return (r.4, r.5)
        }
        let c1 = high(GLVConstants.g1)
        let c2 = high(GLVConstants.g2)
        let c1r = Fr(canonicalLimbs: c1.0, c1.1, 0, 0)!
        let c2r = Fr(canonicalLimbs: c2.0, c2.1, 0, 0)!  // < 2^128 < r
        let k2 = -(c1r * GLVConstants.b1 + c2r * GLVConstants.b2)
        let k1 = k - GLVConstants.lambda * k2
        func small(_ v: Fr) -> ((UInt64, UInt64), Bool)? {
            let p = v.canonicalLimbs
            if p.2 == 0 && p.3 == 0 { return ((p.0, p.1), false) }
            let n = (-v).canonicalLimbs
            if n.2 == 0 && n.3 == 0 { return ((n.0, n.1), true) }
            return nil
        }
        guard let (m1, s1) = small(k1), let (m2, s2) = small(k2) else { return nil }
        return (m1, s1, m2, s2)
    }

    /// [k]P by GLV (see the extension's doc); equal to `self * k`.
    public func multipliedGLV(by k: Fr) -> G1Jacobian {
        guard !isInfinity, let split = Self.glvSplit(k) else { return self * k }
        let p = split.negative1 ? negated() : self
        // i·q for q = ±φ(P) is φ(i·p), negated when the two signs differ.
        let flip = split.negative1 != split.negative2
        return withUnsafeTemporaryAllocation(of: G1Jacobian.self, capacity: 32) { t in
            t.initialize(repeating: .infinity)
            for i in 1..<16 { t[i] = t[i - 1] + p }
            for i in 1..<16 {
                let e = t[i].endomorphism()
                t[16 + i] = flip ? e.negated() : e
            }
            var acc = G1Jacobian.infinity
            func limbs(_ a: UInt64, _ b: UInt64) {
                for nibble in stride(from: 60, through: 0, by: -4) {
                    acc = acc.doubled().doubled().doubled().doubled()
                    let wa = Int((a >> UInt64(nibble)) & 0xF)
                    let wb = Int((b >> UInt64(nibble)) & 0xF)
                    if wa != 0 { acc = acc + t[wa] }
                    if wb != 0 { acc = acc + t[16 + wb] }
                }
            }
            limbs(split.k1.1, split.k2.1)
            limbs(split.k1.0, split.k2.0)
            return acc
        }
    }
}

/// The GLV constants of BN254 G1 (`Scripts/gen_glv.py`).
enum GLVConstants {
    /// β in F_q with φ(G) = [λ]G.
    static let beta = Fq(
        canonicalLimbs: 0x5763_4731_77ff_fffe, 0xd4f2_63f1_acdb_5c4f, 0x59e2_6bce_a0d4_8bac, 0)!
    /// λ = 0xb3c4d79d41a917585bfc41088d8daaa78b17ea66b99c90dd, λ² + λ + 1 = 0 in F_r.
    static let lambda = Fr(canonicalLimbs: 0x8b17_ea66_b99c_90dd, 0x5bfc_4108_8d8d_aaa7, 0xb3c4_d79d_41a9_1758, 0)!
    /// The basis vectors' second coordinates b1 = −147946756881789319000765030803803410728, b2 = 9931322734385697763,
    /// reduced mod r.
    static let b1 = Fr(
        canonicalLimbs: 0xc1d0_39a8_72b0_eed9, 0xb8e6_65ff_8b01_1694, 0xb850_45b6_8181_585c,
        0x3064_4e72_e131_a029)!
    static let b2 = Fr(canonicalLimbs: 0x89d3_2568_94d2_13e3, 0, 0, 0)!
    /// g1 = ⌊2^256·b2/r⌋, g2 = ⌊2^256·(−b1)/r⌋ (66 and 130 bits).
    static let g1: (UInt64, UInt64, UInt64) = (0xd91d_232e_c7e0_b3d7, 0x2, 0)
    static let g2: (UInt64, UInt64, UInt64) = (0x7a7b_d9d4_391e_b18d, 0x4cce_f014_a773_d2cf, 0x2)
}
