import BN254

// Point encodings of snarkjs's binary files (.ptau, .zkey) and of its transcript hashes (ffjavascript /
// wasmcurves `build_curve_jacobian_a0.js`):
// - LEM ("little-endian Montgomery"), the storage form: x ‖ y, each coordinate its 4 Montgomery limbs
//   (R = 2^256, as our `Fq`) little-endian, F_q2 as c0 ‖ c1; the point at infinity is all zero bytes.
// - U (uncompressed), hashed by transcripts: each coordinate canonical and big-endian over its whole width
//   (so F_q2 is c1 ‖ c0) — byte for byte EIP-196/197 (`uncompressedBytes`); infinity is all zeros.
// - C (compressed), hashed by phase-1 response hashes: x as in U, bit 0x80 of byte 0 set when y is
//   "negative" (y > (q − 1)/2; for F_q2 the sign of c1, or of c0 when c1 = 0); infinity is 0x40, zeros.

/// The LEM/C codecs of snarkjs points. Decoding checks limbs < q and the curve equation; G2 subgroup
/// membership is the caller's choice (it costs a scalar multiplication, see `G2Affine.isInSubgroup`).
public enum SnarkJSPoint {
    public static let g1Size = 64
    public static let g2Size = 128

    /// A field element from 32 little-endian Montgomery bytes at `offset`; nil when the limbs are ≥ q.
    @inline(__always)
    static func fq(_ b: UnsafeRawBufferPointer, _ offset: Int) -> Fq? {
        let l0 = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let l1 = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        let l2 = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
        let l3 = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
        let q = Fq.modulusLimbs
        // limbs < q, compared from the top limb down.
        let below = l3 != q.3 ? l3 < q.3 : l2 != q.2 ? l2 < q.2 : l1 != q.1 ? l1 < q.1 : l0 < q.0
        return below ? Fq(montgomeryLimbs: l0, l1, l2, l3) : nil
    }

    @inline(__always)
    static func append(_ v: Fq, to out: inout [UInt8]) {
        for limb in [v.l0, v.l1, v.l2, v.l3] {
            for j in 0..<8 { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(8 * j))) }
        }
    }

    /// Decodes one LEM G1 point at `offset` of `bytes` (64 bytes available there).
    public static func g1(_ b: UnsafeRawBufferPointer, at offset: Int) throws(BN254Error) -> G1Affine {
        guard offset >= 0, offset + g1Size <= b.count else {
            throw .invalidLength(expected: g1Size, got: max(0, b.count - offset))
        }
        guard let x = fq(b, offset), let y = fq(b, offset + 32) else { throw .nonCanonicalFieldElement }
        if x.isZero && y.isZero { return .infinity }
        let p = G1Affine(uncheckedX: x, y: y)
        guard p.isOnCurve else { throw .pointNotOnCurve }
        return p
    }

    /// Decodes one LEM G2 point at `offset` (on the twist; subgroup not checked here).
    public static func g2(_ b: UnsafeRawBufferPointer, at offset: Int) throws(BN254Error) -> G2Affine {
        guard offset >= 0, offset + g2Size <= b.count else {
            throw .invalidLength(expected: g2Size, got: max(0, b.count - offset))
        }
        guard let x0 = fq(b, offset), let x1 = fq(b, offset + 32), let y0 = fq(b, offset + 64),
            let y1 = fq(b, offset + 96)
        else { throw .nonCanonicalFieldElement }
        let x = Fq2(x0, x1)
        let y = Fq2(y0, y1)
        if x.isZero && y.isZero { return .infinity }
        let p = G2Affine(uncheckedX: x, y: y)
        guard p.isOnCurve else { throw .pointNotOnCurve }
        return p
    }

    public static func g1(_ bytes: some Collection<UInt8>) throws(BN254Error) -> G1Affine {
        let a = Array(bytes)
        guard a.count == g1Size else { throw .invalidLength(expected: g1Size, got: a.count) }
        var result: Result<G1Affine, BN254Error> = .success(.infinity)
        a.withUnsafeBytes { b in result = Result { () throws(BN254Error) in try g1(b, at: 0) } }
        return try result.get()
    }

    public static func g2(_ bytes: some Collection<UInt8>) throws(BN254Error) -> G2Affine {
        let a = Array(bytes)
        guard a.count == g2Size else { throw .invalidLength(expected: g2Size, got: a.count) }
        var result: Result<G2Affine, BN254Error> = .success(.infinity)
        a.withUnsafeBytes { b in result = Result { () throws(BN254Error) in try g2(b, at: 0) } }
        return try result.get()
    }

    /// Appends the LEM encoding of `p`.
    public static func append(_ p: G1Affine, to out: inout [UInt8]) {
        if p.isInfinity { out.append(contentsOf: repeatElement(0, count: g1Size)); return }
        append(p.x, to: &out)
        append(p.y, to: &out)
    }

    public static func append(_ p: G2Affine, to out: inout [UInt8]) {
        if p.isInfinity { out.append(contentsOf: repeatElement(0, count: g2Size)); return }
        append(p.x.c0, to: &out)
        append(p.x.c1, to: &out)
        append(p.y.c0, to: &out)
        append(p.y.c1, to: &out)
    }

    public static func lem(_ p: G1Affine) -> [UInt8] { var o: [UInt8] = []; append(p, to: &o); return o }
    public static func lem(_ p: G2Affine) -> [UInt8] { var o: [UInt8] = []; append(p, to: &o); return o }

    /// wasmcurves `_isNegative`/`_sign` on F_q: the canonical value is above (q − 1)/2.
    static func isNegative(_ v: Fq) -> Bool {
        let c = v.canonicalLimbs
        let h = Fq.halfOrderLimbs  // (q − 1)/2
        if c.3 != h.3 { return c.3 > h.3 }
        if c.2 != h.2 { return c.2 > h.2 }
        if c.1 != h.1 { return c.1 > h.1 }
        return c.0 > h.0
    }

    /// The F_q2 sign: that of c1, or of c0 when c1 = 0 (wasmcurves `build_f2m.js` `_isNegative`, `_sign`).
    static func isNegative(_ v: Fq2) -> Bool { v.c1.isZero ? isNegative(v.c0) : isNegative(v.c1) }

    /// The C (compressed) encoding hashed by phase-1 response hashes.
    public static func compressed(_ p: G1Affine) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        if p.isInfinity { out[0] = 0x40; return out }
        out = p.x.bigEndianBytes
        if isNegative(p.y) { out[0] |= 0x80 }
        return out
    }

    public static func compressed(_ p: G2Affine) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        if p.isInfinity { out[0] = 0x40; return out }
        out = p.x.c1.bigEndianBytes + p.x.c0.bigEndianBytes
        if isNegative(p.y) { out[0] |= 0x80 }
        return out
    }
}
