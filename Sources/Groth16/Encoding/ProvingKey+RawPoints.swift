import BN254
import Hashing

// Versions 3 and 4 of the proving-key file store the query points as their in-memory coordinates (Montgomery-form
// limbs, little-endian), so that loading a key is a bounds-checked copy instead of one field conversion and
// curve-equation check per coordinate (`zkinfer prove` loads the key for every proof).

/// A coordinate field stored in the proving key as raw Montgomery limbs (F_q: 4 limbs, F_q2: c0 ‖ c1).
protocol RawLimbField: CurveField {
    /// Bytes of one element.
    static var rawByteCount: Int { get }
    /// The element at `offset`, nil unless every 4-limb group is below q (a reduced Montgomery representative).
    static func raw(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Self?
    /// Appends the limbs, little-endian.
    func appendRaw(to writer: inout ByteWriter)
}

extension Fq: RawLimbField {
    static var rawByteCount: Int { 32 }

    @inline(__always)
    static func raw(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Fq? {
        let l0 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let l1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        let l2 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
        let l3 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
        let q = Fq.modulusLimbs
        let below = l3 != q.3 ? l3 < q.3 : l2 != q.2 ? l2 < q.2 : l1 != q.1 ? l1 < q.1 : l0 < q.0
        return below ? Fq(montgomeryLimbs: l0, l1, l2, l3) : nil
    }

    func appendRaw(to writer: inout ByteWriter) {
        for limb in [l0, l1, l2, l3] { writer.append(limb, .littleEndian) }
    }
}

extension Fq2: RawLimbField {
    static var rawByteCount: Int { 64 }

    @inline(__always)
    static func raw(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Fq2? {
        guard let c0 = Fq.raw(raw, at: offset), let c1 = Fq.raw(raw, at: offset + 32) else { return nil }
        return Fq2(c0, c1)
    }

    func appendRaw(to writer: inout ByteWriter) {
        c0.appendRaw(to: &writer)
        c1.appendRaw(to: &writer)
    }
}

/// Raw-limb encoding of affine points: x ‖ y (`RawLimbField`); the point at infinity as all-zero bytes
/// ((0, 0) is on neither curve).
enum RawPoints {
    /// Bytes of one point of type P.
    static func byteCount<P: AffinePoint>(_: P.Type) -> Int where P.Field: RawLimbField { 2 * P.Field.rawByteCount }

    static func append<P: AffinePoint>(_ p: P, to writer: inout ByteWriter) where P.Field: RawLimbField {
        p.x.appendRaw(to: &writer)
        p.y.appendRaw(to: &writer)
    }

    /// The point at byte `offset` of `raw`: nil unless both coordinates are canonical and (with `checkCurve`)
    /// the point is on its curve; all-zero is infinity.
    @inline(__always)
    static func point<P: AffinePoint>(_ raw: UnsafeRawBufferPointer, at offset: Int, checkCurve: Bool) -> P?
    where P.Field: RawLimbField {
        guard let x = P.Field.raw(raw, at: offset), let y = P.Field.raw(raw, at: offset + P.Field.rawByteCount)
        else { return nil }
        if x.isZero && y.isZero { return P.infinity }
        let p = P(uncheckedX: x, y: y)
        return checkCurve && !p.isOnCurve ? nil : p
    }

    /// `count` points stored back to back at the start of `raw` (which holds at least that many bytes); throws
    /// naming the first bad one (`field`[i], at `start` + its offset).
    static func decode<P: AffinePoint>(
        _ raw: UnsafeRawBufferPointer, count: Int, field: String, start: Int, checkCurve: Bool
    ) throws(ByteCodecError) -> [P] where P.Field: RawLimbField {
        let size = byteCount(P.self)
        precondition(raw.count >= size * count, "RawPoints.decode: buffer shorter than its points")
        var bad = -1
        let points = [P](unsafeUninitializedCapacity: count) { out, initialized in
            for i in 0..<count {
                guard let p: P = point(raw, at: size * i, checkCurve: checkCurve) else {
                    bad = i
                    break
                }
                (out.baseAddress! + i).initialize(to: p)
                initialized = i + 1
            }
        }
        if bad >= 0 {
            throw ByteCodecError.invalid("\(field)[\(bad)]", at: start + size * bad, "not a canonical curve point")
        }
        return points
    }
}

extension ByteWriter {
    /// A G1 point as raw limbs (`RawPoints`).
    mutating func appendRaw(_ p: G1Affine) { RawPoints.append(p, to: &self) }
    /// A G2 point as raw limbs (`RawPoints`).
    mutating func appendRaw(_ p: G2Affine) { RawPoints.append(p, to: &self) }
}

extension ByteReader {
    /// `count` points in raw-limb form (`RawPoints.decode`; no subgroup check).
    mutating func readRawPoints<P: AffinePoint>(
        _ count: Int, _ field: String, checkCurve: Bool
    ) throws(ByteCodecError) -> [P] where P.Field: RawLimbField {
        let start = offset
        let bytes = try take(RawPoints.byteCount(P.self) * count, field)
        return try bytes.withUnsafeBytes { raw in
            Result { () throws(ByteCodecError) in
                try RawPoints.decode(raw, count: count, field: field, start: start, checkCurve: checkCurve)
            }
        }.get()
    }
}
