import BN254
import Hashing

// Version 3 of the proving-key file stores the query points as their in-memory coordinates (Montgomery-form
// limbs, little-endian), so that loading a key is a bounds-checked copy instead of one field conversion and
// curve-equation check per coordinate (`zkinfer prove` loads the key for every proof).

extension ByteWriter {
    /// x ‖ y as 4 + 4 little-endian Montgomery limbs; the point at infinity as 64 zero bytes.
    mutating func appendRaw(_ p: G1Affine) {
        for limb in [p.x.l0, p.x.l1, p.x.l2, p.x.l3, p.y.l0, p.y.l1, p.y.l2, p.y.l3] { append(limb, .littleEndian) }
    }

    /// x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1, each 4 little-endian Montgomery limbs; infinity as 128 zero bytes.
    mutating func appendRaw(_ p: G2Affine) {
        for f in [p.x.c0, p.x.c1, p.y.c0, p.y.c1] {
            for limb in [f.l0, f.l1, f.l2, f.l3] { append(limb, .littleEndian) }
        }
    }
}

extension ByteReader {
    /// `count` G1 points in `appendRaw` form. Every coordinate must be below q (a reduced Montgomery
    /// representative); all-zero is infinity ((0, 0) is not on the curve). With `checkCurve`, each other point
    /// must satisfy the curve equation.
    mutating func readRawG1(_ count: Int, _ field: String, checkCurve: Bool) throws(ByteCodecError) -> [G1Affine] {
        let start = offset
        let bytes = try take(64 * count, field)
        var bad = -1
        let points = bytes.withUnsafeBytes { raw in
            [G1Affine](unsafeUninitializedCapacity: count) { out, initialized in
                for i in 0..<count {
                    let x = RawLimbs.fq(raw, at: 64 * i)
                    let y = RawLimbs.fq(raw, at: 64 * i + 32)
                    guard let x, let y else {
                        bad = i
                        break
                    }
                    let p = x.isZero && y.isZero ? G1Affine.infinity : G1Affine(uncheckedX: x, y: y)
                    if checkCurve && !p.isOnCurve {
                        bad = i
                        break
                    }
                    (out.baseAddress! + i).initialize(to: p)
                    initialized = i + 1
                }
            }
        }
        if bad >= 0 {
            throw ByteCodecError.invalid("\(field)[\(bad)]", at: start + 64 * bad, "not a canonical curve point")
        }
        return points
    }

    /// `count` G2 points in `appendRaw` form, checked as `readRawG1` does (no subgroup check).
    mutating func readRawG2(_ count: Int, _ field: String, checkCurve: Bool) throws(ByteCodecError) -> [G2Affine] {
        let start = offset
        let bytes = try take(128 * count, field)
        var bad = -1
        let points = bytes.withUnsafeBytes { raw in
            [G2Affine](unsafeUninitializedCapacity: count) { out, initialized in
                for i in 0..<count {
                    let base = 128 * i
                    let a = RawLimbs.fq(raw, at: base)
                    let b = RawLimbs.fq(raw, at: base + 32)
                    let c = RawLimbs.fq(raw, at: base + 64)
                    let d = RawLimbs.fq(raw, at: base + 96)
                    guard let a, let b, let c, let d else {
                        bad = i
                        break
                    }
                    let x = Fq2(a, b)
                    let y = Fq2(c, d)
                    let p = x.isZero && y.isZero ? G2Affine.infinity : G2Affine(uncheckedX: x, y: y)
                    if checkCurve && !p.isOnCurve {
                        bad = i
                        break
                    }
                    (out.baseAddress! + i).initialize(to: p)
                    initialized = i + 1
                }
            }
        }
        if bad >= 0 {
            throw ByteCodecError.invalid("\(field)[\(bad)]", at: start + 128 * bad, "not a canonical curve point")
        }
        return points
    }
}

/// Reads 4 little-endian limbs as a Montgomery-form `Fq`, nil unless below q.
enum RawLimbs {
    @inline(__always)
    static func fq(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Fq? {
        let l0 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let l1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        let l2 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
        let l3 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
        let q = Fq.modulusLimbs
        let below = l3 != q.3 ? l3 < q.3 : l2 != q.2 ? l2 < q.2 : l1 != q.1 ? l1 < q.1 : l0 < q.0
        return below ? Fq(montgomeryLimbs: l0, l1, l2, l3) : nil
    }
}
