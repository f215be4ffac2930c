import BN254

extension Proof {
    /// The 256-byte uncompressed proof A ‖ B ‖ C in EIP-197 order: A = x ‖ y (32-byte big-endian each),
    /// B = x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 (imaginary part first), C = x ‖ y — the layout the BN254 precompiles
    /// and snarkjs/gnark Solidity verifiers consume. Unversioned (its length identifies it); see `serialized()`.
    public var uncompressedBytes: [UInt8] { a.uncompressedBytes + b.uncompressedBytes + c.uncompressedBytes }

    /// The 128-byte compressed proof A (32) ‖ B (64) ‖ C (32), flag bits in each point's top byte as gnark
    /// encodes them. Unversioned; see `serialized(compressed:)`.
    public var compressedBytes: [UInt8] { a.compressedBytes + b.compressedBytes + c.compressedBytes }

    /// Decodes exactly 256 bytes (`uncompressedBytes`), checking canonical coordinates, curves and B's subgroup.
    public init(uncompressedBytes bytes: [UInt8]) throws(Groth16Error) {
        guard bytes.count == 256 else {
            throw bytes.count < 256
                ? .truncated(field: "proof (256 bytes uncompressed)", needed: 256, available: bytes.count)
                : .trailingBytes(count: bytes.count - 256)
        }
        var reader = ByteReader(bytes)
        self.init(a: try reader.readG1(field: "proof.A"), b: try reader.readG2(field: "proof.B"),
                  c: try reader.readG1(field: "proof.C"))
    }

    /// Decodes exactly 128 bytes (`compressedBytes`), with the same checks.
    public init(compressedBytes bytes: [UInt8]) throws(Groth16Error) {
        guard bytes.count == 128 else {
            throw bytes.count < 128
                ? .truncated(field: "proof (128 bytes compressed)", needed: 128, available: bytes.count)
                : .trailingBytes(count: bytes.count - 128)
        }
        func point<T>(_ range: Range<Int>, _ field: String, _ decode: (ArraySlice<UInt8>) throws(BN254Error) -> T)
            throws(Groth16Error) -> T {
            do { return try decode(bytes[range]) } catch { throw .invalidPoint(field: field, reason: error) }
        }
        let a = try point(0..<32, "proof.A") { (s) throws(BN254Error) in try G1Affine(compressed: s) }
        let b = try point(32..<96, "proof.B") { (s) throws(BN254Error) in try G2Affine(compressed: s) }
        let c = try point(96..<128, "proof.C") { (s) throws(BN254Error) in try G1Affine(compressed: s) }
        self.init(a: a, b: b, c: c)
    }

    static let magic: [UInt8] = Array("G16P".utf8)
    static let formatVersion: UInt8 = 1

    /// The versioned container: "G16P" ‖ version (1) ‖ form (0 = uncompressed, 1 = compressed) ‖ payload.
    public func serialized(compressed: Bool = false) -> [UInt8] {
        Self.magic + [Self.formatVersion, compressed ? 1 : 0] + (compressed ? compressedBytes : uncompressedBytes)
    }

    /// Decodes `serialized(compressed:)` output; every failure names what was wrong.
    public init(serialized bytes: [UInt8]) throws(Groth16Error) {
        var reader = ByteReader(bytes)
        try reader.readHeader(magic: Self.magic, version: Self.formatVersion, format: "proof")
        let form = try reader.readUInt8(field: "proof form")
        let payload = Array(bytes[reader.offset...])
        switch form {
        case 0: try self.init(uncompressedBytes: payload)
        case 1: try self.init(compressedBytes: payload)
        default: throw .invalidHeader(field: "proof form", value: Int(form))
        }
    }
}
