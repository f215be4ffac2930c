import BN254
import TestSupport

/// Test-only affine group arithmetic (the curves helper owns the real G1/G2 code): textbook chord-and-tangent
/// formulas with one inversion per step — slow, simple and independent of the Miller loop's projective steps.
enum AffineArithmetic {
    static func add(_ p: G1Affine, _ q: G1Affine) -> G1Affine {
        if p.isInfinity { return q }
        if q.isInfinity { return p }
        let lambda: Fq
        if p.x == q.x {
            if p.y != q.y || p.y.isZero { return .infinity }
            lambda = (p.x * p.x * Fq(3)) * (p.y.doubled()).inverse!  // tangent: 3x²/2y
        } else {
            lambda = (q.y - p.y) * (q.x - p.x).inverse!
        }
        let x = lambda * lambda - p.x - q.x
        return G1Affine(uncheckedX: x, y: lambda * (p.x - x) - p.y)
    }

    static func add(_ p: G2Affine, _ q: G2Affine) -> G2Affine {
        if p.isInfinity { return q }
        if q.isInfinity { return p }
        let lambda: Fq2
        if p.x == q.x {
            if p.y != q.y || p.y.isZero { return .infinity }
            lambda = (p.x.squared() * Fq(3)) * (p.y.doubled()).inverse!
        } else {
            lambda = (q.y - p.y) * (q.x - p.x).inverse!
        }
        let x = lambda.squared() - p.x - q.x
        return G2Affine(uncheckedX: x, y: lambda * (p.x - x) - p.y)
    }

    static func negate(_ p: G1Affine) -> G1Affine { p.isInfinity ? p : G1Affine(uncheckedX: p.x, y: -p.y) }
    static func negate(_ p: G2Affine) -> G2Affine { p.isInfinity ? p : G2Affine(uncheckedX: p.x, y: -p.y) }

    /// [k]P by left-to-right double-and-add over the limbs of k (little-endian).
    static func multiply(_ p: G1Affine, _ k: [UInt64]) -> G1Affine {
        var acc = G1Affine.infinity
        for limb in k.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                acc = add(acc, acc)
                if (limb >> UInt64(bit)) & 1 == 1 { acc = add(acc, p) }
            }
        }
        return acc
    }

    static func multiply(_ p: G2Affine, _ k: [UInt64]) -> G2Affine {
        var acc = G2Affine.infinity
        for limb in k.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                acc = add(acc, acc)
                if (limb >> UInt64(bit)) & 1 == 1 { acc = add(acc, p) }
            }
        }
        return acc
    }

    static func multiply(_ p: G1Affine, _ k: Fr) -> G1Affine { multiply(p, limbArray(k)) }
    static func multiply(_ p: G2Affine, _ k: Fr) -> G2Affine { multiply(p, limbArray(k)) }

    static func limbArray(_ k: Fr) -> [UInt64] {
        let l = k.canonicalLimbs
        return [l.0, l.1, l.2, l.3]
    }

    static func isOnCurve(_ p: G1Affine) -> Bool { p.isInfinity || p.y * p.y == p.x * p.x * p.x + Fq(3) }

    static func isOnTwist(_ p: G2Affine) -> Bool {
        let b = Fq2(Fq(3), .zero) * Fq2.xi.inverse!
        return p.isInfinity || p.y.squared() == p.x.squared() * p.x + b
    }
}

/// Test-only decoding of the EIP-197 precompile input (the curves helper owns the public decoders): 192 bytes per
/// pair, G1 x‖y then G2 x.c1‖x.c0‖y.c1‖y.c0, each coordinate 32 bytes big-endian; all-zero = infinity.
enum PrecompileInput {
    enum DecodeError: Error { case length, nonCanonical, notOnCurve }

    static func pairs(_ bytes: [UInt8]) throws -> [(G1Affine, G2Affine)] {
        guard bytes.count % 192 == 0 else { throw DecodeError.length }
        var out: [(G1Affine, G2Affine)] = []
        for start in stride(from: 0, to: bytes.count, by: 192) {
            func fq(_ k: Int) throws -> Fq {
                guard let v = Fq(bigEndianBytes: bytes[(start + 32 * k)..<(start + 32 * k + 32)]) else {
                    throw DecodeError.nonCanonical
                }
                return v
            }
            let (x, y) = (try fq(0), try fq(1))
            let p = x.isZero && y.isZero ? G1Affine.infinity : G1Affine(uncheckedX: x, y: y)
            let qx = Fq2(try fq(3), try fq(2))
            let qy = Fq2(try fq(5), try fq(4))
            let q = qx.isZero && qy.isZero ? G2Affine.infinity : G2Affine(uncheckedX: qx, y: qy)
            guard AffineArithmetic.isOnCurve(p), AffineArithmetic.isOnTwist(q) else { throw DecodeError.notOnCurve }
            out.append((p, q))
        }
        return out
    }
}

/// Random F_q12 elements from a seeded generator.
func randomFq12(_ rng: inout SeededRNG) -> Fq12 {
    func fq2() -> Fq2 { Fq2(Fq.random(using: &rng), Fq.random(using: &rng)) }
    return Fq12(Fq6(fq2(), fq2(), fq2()), Fq6(fq2(), fq2(), fq2()))
}

func randomFq6(_ rng: inout SeededRNG) -> Fq6 {
    func fq2() -> Fq2 { Fq2(Fq.random(using: &rng), Fq.random(using: &rng)) }
    return Fq6(fq2(), fq2(), fq2())
}

func randomFq2(_ rng: inout SeededRNG) -> Fq2 { Fq2(Fq.random(using: &rng), Fq.random(using: &rng)) }

/// Exponent limbs of (q^k − c) / d, computed with GMP (exact division asserted).
func exponentLimbs(qPower k: UInt, minus c: UInt64, dividedBy d: GMPInteger) -> [UInt64] {
    let q = GMPInteger.modulus(of: Fq.self)
    let n = q.pow(k) - GMPInteger(c)
    precondition((n.mod(d)).signum == 0)
    return (n / d).limbs()
}
