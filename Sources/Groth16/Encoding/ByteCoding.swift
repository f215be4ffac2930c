import BN254

/// Appends the fixed-width pieces of this module's binary formats (big-endian integers, EIP-196/197 points).
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ raw: [UInt8]) { bytes += raw }

    mutating func append(uint32 value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func append(uint64 value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func append(_ p: G1Affine) { bytes += p.uncompressedBytes }
    mutating func append(_ p: G2Affine) { bytes += p.uncompressedBytes }
}

/// Reads the same pieces back with bounds checks; every failure names the field being read.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int, field: @autoclosure () -> String) throws(Groth16Error) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw .truncated(field: field(), needed: count, available: remaining)
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func readUInt8(field: String) throws(Groth16Error) -> UInt8 {
        try take(1, field: field).first!
    }

    mutating func readUInt32(field: String) throws(Groth16Error) -> UInt32 {
        try take(4, field: field).reduce(0) { ($0 << 8) | UInt32($1) }
    }

    mutating func readUInt64(field: String) throws(Groth16Error) -> UInt64 {
        try take(8, field: field).reduce(0) { ($0 << 8) | UInt64($1) }
    }

    /// A count that must not exceed `limit` nor claim more elements of `elementSize` bytes than remain,
    /// so a corrupted header never makes the decoder allocate a huge array.
    mutating func readCount(field: String, elementSize: Int, limit: Int = 1 << 29) throws(Groth16Error) -> Int {
        let raw = try readUInt32(field: field)
        let count = Int(raw)
        guard count <= limit else { throw .invalidHeader(field: field, value: count) }
        guard count * elementSize <= remaining else {
            throw .truncated(field: field + " (\(count) elements)", needed: count * elementSize, available: remaining)
        }
        return count
    }

    /// Checks the magic bytes and the version byte.
    mutating func readHeader(magic: [UInt8], version: UInt8, format: String) throws(Groth16Error) {
        let found = try take(magic.count, field: "\(format) magic")
        guard Array(found) == magic else { throw .badMagic(expected: format, got: Array(found)) }
        let foundVersion = try readUInt8(field: "\(format) version")
        guard foundVersion == version else {
            throw .unsupportedVersion(format: format, expected: version, got: foundVersion)
        }
    }

    /// A fully checked G1 point (length, canonical coordinates, on curve; G1 has cofactor 1).
    mutating func readG1(field: @autoclosure () -> String) throws(Groth16Error) -> G1Affine {
        let slice = try take(64, field: field())
        do { return try G1Affine(uncompressed: slice) } catch { throw .invalidPoint(field: field(), reason: error) }
    }

    /// A fully checked G2 point (length, canonical coordinates, on the twist, in the order-r subgroup).
    mutating func readG2(field: @autoclosure () -> String) throws(Groth16Error) -> G2Affine {
        let slice = try take(128, field: field())
        do { return try G2Affine(uncompressed: slice) } catch { throw .invalidPoint(field: field(), reason: error) }
    }

    /// A G2 point checked for canonical coordinates and the curve equation only. For proving-key points,
    /// where a bad point can only spoil the prover's own proofs (the verifier checks every proof).
    mutating func readG2SkippingSubgroupCheck(field: @autoclosure () -> String) throws(Groth16Error) -> G2Affine {
        let slice = try take(128, field: field())
        let base = slice.startIndex
        func fq(_ i: Int) throws(Groth16Error) -> Fq {
            guard let value = Fq(bigEndianBytes: slice[(base + 32 * i)..<(base + 32 * i + 32)]) else {
                throw .invalidPoint(field: field(), reason: .nonCanonicalFieldElement)
            }
            return value
        }
        let x = Fq2(try fq(1), try fq(0))
        let y = Fq2(try fq(3), try fq(2))
        if x.isZero && y.isZero { return .infinity }
        let point = G2Affine(uncheckedX: x, y: y)
        guard point.isOnCurve else { throw .invalidPoint(field: field(), reason: .pointNotOnCurve) }
        return point
    }

    func expectEnd() throws(Groth16Error) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }
}
