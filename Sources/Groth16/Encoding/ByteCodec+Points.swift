import BN254
import Hashing

// Groth16's pieces on top of the shared codec: points in their EIP-196/197 uncompressed encodings, and the
// headers of the three binary formats (the common `FileHeader`, or the first versions' 4-byte magic ‖ u8 1).

extension ByteWriter {
    mutating func append(_ p: G1Affine) { append(p.uncompressedBytes) }
    mutating func append(_ p: G2Affine) { append(p.uncompressedBytes) }
}

extension ByteReader {
    /// A fully checked G1 point (canonical coordinates, on curve; G1 has cofactor 1).
    mutating func readG1(_ field: @autoclosure () -> String) throws(ByteCodecError) -> G1Affine {
        try readPoint(64, field()) { (bytes) throws(BN254Error) in try G1Affine(uncompressed: bytes) }
    }

    /// A fully checked G2 point (canonical coordinates, on the twist, in the order-r subgroup).
    mutating func readG2(_ field: @autoclosure () -> String) throws(ByteCodecError) -> G2Affine {
        try readPoint(128, field()) { (bytes) throws(BN254Error) in try G2Affine(uncompressed: bytes) }
    }

    /// A G2 point checked for canonical coordinates and the curve equation only. For proving-key points,
    /// where a bad point can only spoil the prover's own proofs (the verifier checks every proof).
    mutating func readG2SkippingSubgroupCheck(_ field: @autoclosure () -> String) throws(ByteCodecError) -> G2Affine {
        try readPoint(128, field()) { (slice) throws(BN254Error) in
            let base = slice.startIndex
            func fq(_ i: Int) throws(BN254Error) -> Fq {
                guard let value = Fq(bigEndianBytes: slice[(base + 32 * i)..<(base + 32 * i + 32)]) else {
                    throw .nonCanonicalFieldElement
                }
                return value
            }
            let x = Fq2(try fq(1), try fq(0))
            let y = Fq2(try fq(3), try fq(2))
            if x.isZero && y.isZero { return .infinity }
            let point = G2Affine(uncheckedX: x, y: y)
            guard point.isOnCurve else { throw .pointNotOnCurve }
            return point
        }
    }

    /// `size` bytes decoded by `decode`; a BN254 refusal becomes an `.invalid` naming the field and offset.
    mutating func readPoint<Point>(
        _ size: Int, _ field: @autoclosure () -> String, _ decode: (ArraySlice<UInt8>) throws(BN254Error) -> Point
    ) throws(ByteCodecError) -> Point {
        let start = offset
        let bytes = try take(size, field())
        do { return try decode(bytes) } catch {
            throw ByteCodecError.invalid(field(), at: start, "invalid group element: \(error)")
        }
    }

    /// The header of a Groth16 binary format: the common `FileHeader` (version `fileVersion`), or the first
    /// version's `legacyMagic` ‖ u8 1, whose body is the same.
    mutating func readGroth16Header(kind: String, fileVersion: UInt32, legacyMagic: [UInt8]) throws(ByteCodecError) {
        _ = try readGroth16Header(kind: kind, versions: fileVersion...fileVersion, legacyMagic: legacyMagic)
    }

    /// As `readGroth16Header(kind:fileVersion:legacyMagic:)` for a format with several `FileHeader` versions;
    /// returns the version read (1 for the legacy magic).
    mutating func readGroth16Header(
        kind: String, versions: ClosedRange<UInt32>, legacyMagic: [UInt8]
    ) throws(ByteCodecError) -> UInt32 {
        if bytes.starts(with: legacyMagic) {
            _ = try take(legacyMagic.count, "magic")
            let version = try readByte("format version")
            guard version == 1 else {
                throw ByteCodecError.invalid("format version", at: legacyMagic.count, "\(version) is not 1")
            }
            return 1
        }
        return try FileHeader.read(from: &self, kind: kind, supported: versions).version
    }
}
