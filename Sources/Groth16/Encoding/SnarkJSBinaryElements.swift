import BN254
import Hashing

/// Field elements and points as snarkjs's binary files store them (`toRprLEM`): each F_q / F_r element is 32 bytes,
/// little-endian, in Montgomery form with R = 2^256 — the same R as zkinfer's `Fq`/`Fr`, so the limbs are copied
/// unchanged; an F_q2 element is c0 ‖ c1; a point is x ‖ y affine; the point at infinity is all zero bytes.
/// Readers reject limbs ≥ the modulus (not reduced) and points off their curve; G2 subgroup membership is the
/// caller's choice (`checkSubgroup`).
enum SnarkJSBinary {
    static let g1Size = 64
    static let g2Size = 128

    /// R = 2^256 mod r as an element of F_r: snarkjs stores the zkey coefficients (section 4) as value·R² in
    /// Montgomery form, i.e. as the Montgomery limbs of value·R.
    static let montgomeryR: Fr = Fr(1 << 32).pow(8)
    static let montgomeryRInverse: Fr = montgomeryR.inverse!

    /// Four little-endian limbs at `offset` of `raw`.
    @inline(__always)
    static func limbs(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> (UInt64, UInt64, UInt64, UInt64) {
        (
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)),
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)),
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
        )
    }

    /// Whether little-endian limbs are below the modulus given as limbs.
    @inline(__always)
    static func isBelow(_ a: (UInt64, UInt64, UInt64, UInt64), _ m: (UInt64, UInt64, UInt64, UInt64)) -> Bool {
        if a.3 != m.3 { return a.3 < m.3 }
        if a.2 != m.2 { return a.2 < m.2 }
        if a.1 != m.1 { return a.1 < m.1 }
        return a.0 < m.0
    }

    static func fq(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Fq? {
        let l = limbs(raw, offset)
        guard isBelow(l, Fq.modulusLimbs) else { return nil }
        return Fq(montgomeryLimbs: l.0, l.1, l.2, l.3)
    }

    /// An F_r element stored in Montgomery form.
    static func frMontgomery(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Fr? {
        let l = limbs(raw, offset)
        guard isBelow(l, Fr.modulusLimbs) else { return nil }
        return Fr(montgomeryLimbs: l.0, l.1, l.2, l.3)
    }

    enum PointError: Error {
        case notReduced, notOnCurve, notInSubgroup
        var text: String {
            switch self {
            case .notReduced: "a coordinate is not below q"
            case .notOnCurve: "not on the curve"
            case .notInSubgroup: "not in the order-r subgroup of G2"
            }
        }
    }

    static func isZero(_ raw: UnsafeRawBufferPointer, _ offset: Int, _ count: Int) -> Bool {
        var acc: UInt8 = 0
        for i in offset..<(offset + count) { acc |= raw[i] }
        return acc == 0
    }

    static func g1(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Result<G1Affine, PointError> {
        if isZero(raw, offset, g1Size) { return .success(.infinity) }
        guard let x = fq(raw, offset), let y = fq(raw, offset + 32) else { return .failure(.notReduced) }
        let p = G1Affine(uncheckedX: x, y: y)
        return p.isOnCurve ? .success(p) : .failure(.notOnCurve)
    }

    static func g2(_ raw: UnsafeRawBufferPointer, _ offset: Int, checkSubgroup: Bool) -> Result<G2Affine, PointError> {
        if isZero(raw, offset, g2Size) { return .success(.infinity) }
        guard let x0 = fq(raw, offset), let x1 = fq(raw, offset + 32), let y0 = fq(raw, offset + 64),
            let y1 = fq(raw, offset + 96)
        else { return .failure(.notReduced) }
        let p = G2Affine(uncheckedX: Fq2(x0, x1), y: Fq2(y0, y1))
        guard p.isOnCurve else { return .failure(.notOnCurve) }
        if checkSubgroup && !p.isInSubgroup { return .failure(.notInSubgroup) }
        return .success(p)
    }

    // MARK: writing

    static func appendLimbs(_ l: (UInt64, UInt64, UInt64, UInt64), to w: inout Hashing.ByteWriter) {
        for limb in [l.0, l.1, l.2, l.3] { w.append(limb, .littleEndian) }
    }

    static func append(_ v: Fq, to w: inout Hashing.ByteWriter) {
        for limb in [v.l0, v.l1, v.l2, v.l3] { w.append(limb, .littleEndian) }
    }

    static func appendMontgomery(_ v: Fr, to w: inout Hashing.ByteWriter) {
        for limb in [v.l0, v.l1, v.l2, v.l3] { w.append(limb, .littleEndian) }
    }

    static func append(_ p: G1Affine, to w: inout Hashing.ByteWriter) {
        if p.isInfinity {
            w.append([UInt8](repeating: 0, count: g1Size))
            return
        }
        append(p.x, to: &w)
        append(p.y, to: &w)
    }

    static func append(_ p: G2Affine, to w: inout Hashing.ByteWriter) {
        if p.isInfinity {
            w.append([UInt8](repeating: 0, count: g2Size))
            return
        }
        for c in [p.x.c0, p.x.c1, p.y.c0, p.y.c1] { append(c, to: &w) }
    }
}
