// Byte encodings of G1 and G2 points.
//
// Uncompressed (EIP-196 / EIP-197): G1 = x ‖ y (64 bytes), G2 = x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 (128 bytes), each
// coordinate 32 bytes big-endian canonical; the point at infinity is all zero bytes.
// Compressed (gnark-crypto's bn254 format): G1 = x (32 bytes), G2 = x.c1 ‖ x.c0 (64 bytes), with flags in the
// top two bits of the first byte (free because q < 2^254): 0b10 = the smaller y, 0b11 = the lexicographically
// largest y (`isLexicographicallyLargest`), 0b01 = infinity (all other bits zero).

/// Flag values (top two bits of byte 0) of the compressed encodings, as gnark-crypto defines them.
enum CompressionFlag {
    static let mask: UInt8 = 0b11 << 6
    static let smallest: UInt8 = 0b10 << 6
    static let largest: UInt8 = 0b11 << 6
    static let infinity: UInt8 = 0b01 << 6
}

/// Reads the 32 big-endian bytes at `offset` as a canonical `Fq`.
@inline(__always)
private func readFq(_ bytes: [UInt8], _ offset: Int) throws(BN254Error) -> Fq {
    guard let v = Fq(bigEndianBytes: bytes[offset..<offset + 32]) else { throw .nonCanonicalFieldElement }
    return v
}

/// Checks the flags of a compressed encoding: returns nil for a (valid) infinity encoding, otherwise whether
/// the largest y was chosen; the flag bits are cleared in `bytes`.
private func readCompressionFlags(_ bytes: inout [UInt8]) throws(BN254Error) -> Bool? {
    let flag = bytes[0] & CompressionFlag.mask
    bytes[0] &= ~CompressionFlag.mask
    switch flag {
    case CompressionFlag.infinity:
        guard bytes.allSatisfy({ $0 == 0 }) else { throw .invalidInfinityEncoding }
        return nil
    case CompressionFlag.smallest: return false
    case CompressionFlag.largest: return true
    default: throw .invalidCompressionFlags
    }
}

extension G1Affine {
    /// Decodes EIP-196's 64-byte x ‖ y (big-endian, canonical; all zeros = infinity). Throws on a wrong length,
    /// a coordinate ≥ q, or a point off the curve (G1 has cofactor 1, so no separate subgroup check).
    public init(uncompressed bytes: some Collection<UInt8>) throws(BN254Error) {
        let b = Array(bytes)
        guard b.count == 64 else { throw .invalidLength(expected: 64, got: b.count) }
        if b.allSatisfy({ $0 == 0 }) {
            self = .infinity
            return
        }
        let point = G1Affine(uncheckedX: try readFq(b, 0), y: try readFq(b, 32))
        guard point.isOnCurve else { throw .pointNotOnCurve }
        self = point
    }

    /// EIP-196's 64-byte x ‖ y (big-endian canonical); infinity = 64 zero bytes.
    public var uncompressedBytes: [UInt8] {
        if isInfinity { return [UInt8](repeating: 0, count: 64) }
        return x.bigEndianBytes + y.bigEndianBytes
    }

    /// Decodes gnark's 32-byte compressed form (x with flags in the top two bits). Throws on a wrong length,
    /// bad flags, x ≥ q, or an x with no point on the curve.
    public init(compressed bytes: some Collection<UInt8>) throws(BN254Error) {
        var b = Array(bytes)
        guard b.count == 32 else { throw .invalidLength(expected: 32, got: b.count) }
        guard let largest = try readCompressionFlags(&b) else {
            self = .infinity
            return
        }
        let x = try readFq(b, 0)
        guard var y = (x.squared() * x + G1Affine.b).squareRoot else { throw .noSquareRoot }
        if y.isLexicographicallyLargest != largest { y = -y }
        self = G1Affine(uncheckedX: x, y: y)
    }

    /// gnark's 32-byte compressed form: x big-endian, top bits 0b10 (smallest y) / 0b11 (largest y);
    /// infinity = 0x40 followed by zeros.
    public var compressedBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        if isInfinity {
            out[0] = CompressionFlag.infinity
            return out
        }
        out = x.bigEndianBytes
        out[0] |= y.isLexicographicallyLargest ? CompressionFlag.largest : CompressionFlag.smallest
        return out
    }
}

extension G2Affine {
    /// Decodes EIP-197's 128-byte x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 (all zeros = infinity). Throws on a wrong length,
    /// a coordinate ≥ q, a point off the twist, or a point outside the order-r subgroup.
    public init(uncompressed bytes: some Collection<UInt8>) throws(BN254Error) {
        let b = Array(bytes)
        guard b.count == 128 else { throw .invalidLength(expected: 128, got: b.count) }
        if b.allSatisfy({ $0 == 0 }) {
            self = .infinity
            return
        }
        let x = Fq2(try readFq(b, 32), try readFq(b, 0))
        let y = Fq2(try readFq(b, 96), try readFq(b, 64))
        let point = G2Affine(uncheckedX: x, y: y)
        guard point.isOnCurve else { throw .pointNotOnCurve }
        guard point.isInSubgroup else { throw .pointNotInSubgroup }
        self = point
    }

    /// EIP-197's 128-byte x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 (big-endian canonical); infinity = 128 zero bytes.
    public var uncompressedBytes: [UInt8] {
        if isInfinity { return [UInt8](repeating: 0, count: 128) }
        return x.c1.bigEndianBytes + x.c0.bigEndianBytes + y.c1.bigEndianBytes + y.c0.bigEndianBytes
    }

    /// Decodes gnark's 64-byte compressed form x.c1 ‖ x.c0 (flags in the top two bits of byte 0). Throws on a
    /// wrong length, bad flags, a coordinate ≥ q, an x with no point on the twist, or a point outside G2.
    public init(compressed bytes: some Collection<UInt8>) throws(BN254Error) {
        var b = Array(bytes)
        guard b.count == 64 else { throw .invalidLength(expected: 64, got: b.count) }
        guard let largest = try readCompressionFlags(&b) else {
            self = .infinity
            return
        }
        let x = Fq2(try readFq(b, 32), try readFq(b, 0))
        guard var y = (x.squared() * x + G2Affine.b).squareRoot else { throw .noSquareRoot }
        if y.isLexicographicallyLargest != largest { y = -y }
        let point = G2Affine(uncheckedX: x, y: y)
        guard point.isInSubgroup else { throw .pointNotInSubgroup }
        self = point
    }

    /// gnark's 64-byte compressed form: x.c1 ‖ x.c0 big-endian, top bits of byte 0 = 0b10 (smallest y) /
    /// 0b11 (largest y); infinity = 0x40 followed by zeros.
    public var compressedBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        if isInfinity {
            out[0] = CompressionFlag.infinity
            return out
        }
        out = x.c1.bigEndianBytes + x.c0.bigEndianBytes
        out[0] |= y.isLexicographicallyLargest ? CompressionFlag.largest : CompressionFlag.smallest
        return out
    }
}
