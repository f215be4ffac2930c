import BN254
import Hashing

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
        self = try Groth16Error.decoding("proof") { () throws(ByteCodecError) in
            var reader = ByteReader(bytes)
            let proof = try Self.readUncompressed(&reader)
            try reader.expectEnd(after: "proof.C")
            return proof
        }
    }

    /// Decodes exactly 128 bytes (`compressedBytes`), with the same checks.
    public init(compressedBytes bytes: [UInt8]) throws(Groth16Error) {
        self = try Groth16Error.decoding("proof") { () throws(ByteCodecError) in
            var reader = ByteReader(bytes)
            let proof = try Self.readCompressed(&reader)
            try reader.expectEnd(after: "proof.C")
            return proof
        }
    }

    static func readUncompressed(_ reader: inout ByteReader) throws(ByteCodecError) -> Proof {
        Proof(a: try reader.readG1("proof.A"), b: try reader.readG2("proof.B"), c: try reader.readG1("proof.C"))
    }

    static func readCompressed(_ reader: inout ByteReader) throws(ByteCodecError) -> Proof {
        let a = try reader.readPoint(32, "proof.A") { (s) throws(BN254Error) in try G1Affine(compressed: s) }
        let b = try reader.readPoint(64, "proof.B") { (s) throws(BN254Error) in try G2Affine(compressed: s) }
        let c = try reader.readPoint(32, "proof.C") { (s) throws(BN254Error) in try G1Affine(compressed: s) }
        return Proof(a: a, b: b, c: c)
    }

    static let fileKind = "groth16-proof"
    static let fileVersion: UInt32 = 2
    /// The first binary container's magic ("G16P" ‖ u8 1 ‖ form ‖ points), still read.
    static let legacyMagic: [UInt8] = Array("G16P".utf8)

    /// The proof's identity as zkinfer records it (output.json, ledger records): SHA-256 of
    /// "G16P" ‖ 1 ‖ 0 ‖ `uncompressedBytes`, the first binary container, kept so recorded digests stay valid.
    public var digest: [UInt8] { SHA256.hash(Self.legacyMagic + [1, 0] + uncompressedBytes) }

    /// The binary file: `FileHeader` (kind "groth16-proof", version 2) ‖ form (0 = uncompressed, 1 = compressed)
    /// ‖ the points.
    public func serialized(compressed: Bool = false) -> [UInt8] {
        var writer = ByteWriter(capacity: 32 + 256)
        FileHeader(kind: Self.fileKind, version: Self.fileVersion).write(to: &writer)
        writer.append(UInt8(compressed ? 1 : 0))
        writer.append(compressed ? compressedBytes : uncompressedBytes)
        return writer.bytes
    }

    /// Decodes `serialized(compressed:)` output (or the first version's "G16P" container); every failure names
    /// what was wrong.
    public init(serialized bytes: [UInt8]) throws(Groth16Error) {
        self = try Groth16Error.decoding("proof") { () throws(ByteCodecError) in
            var reader = ByteReader(bytes)
            try reader.readGroth16Header(
                kind: Self.fileKind, fileVersion: Self.fileVersion, legacyMagic: Self.legacyMagic)
            let formAt = reader.offset
            let proof: Proof
            switch try reader.readByte("proof form") {
            case 0: proof = try Self.readUncompressed(&reader)
            case 1: proof = try Self.readCompressed(&reader)
            case let form:
                throw ByteCodecError.invalid("proof form", at: formAt, "\(form) is neither 0 nor 1")
            }
            try reader.expectEnd(after: "proof.C")
            return proof
        }
    }
}
