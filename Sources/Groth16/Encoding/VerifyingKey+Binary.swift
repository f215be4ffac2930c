import BN254
import Hashing

extension VerifyingKey {
    static let fileKind = "groth16-verifying-key"
    static let fileVersion: UInt32 = 2
    /// The first version's magic ("G16V" ‖ u8 1 in place of the `FileHeader`, same body), still read.
    static let legacyMagic: [UInt8] = Array("G16V".utf8)

    /// The binary file: `FileHeader` (kind "groth16-verifying-key", version 2) ‖ α (G1, 64) ‖ β, γ, δ (G2, 128
    /// each, EIP-197 order) ‖ IC count (u32 big-endian) ‖ IC points (G1, 64 each). Points uncompressed
    /// (EIP-196/197).
    public func serialized() -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + 64 + 3 * 128 + 4 + 64 * gammaABCG1.count)
        FileHeader(kind: Self.fileKind, version: Self.fileVersion).write(to: &writer)
        appendBody(to: &writer)
        return writer.bytes
    }

    func appendBody(to writer: inout ByteWriter) {
        writer.append(alphaG1)
        writer.append(betaG2)
        writer.append(gammaG2)
        writer.append(deltaG2)
        writer.append(UInt32(gammaABCG1.count), .bigEndian)
        for point in gammaABCG1 { writer.append(point) }
    }

    /// Decodes `serialized()` output (or a first-version "G16V" file), checking every point (canonical, on
    /// curve, G2 subgroup) and the layout.
    public init(serialized bytes: [UInt8]) throws(Groth16Error) {
        self = try Groth16Error.decoding("verifying key") { () throws(ByteCodecError) in
            var reader = ByteReader(bytes)
            try reader.readGroth16Header(
                kind: Self.fileKind, fileVersion: Self.fileVersion, legacyMagic: Self.legacyMagic)
            let vk = try VerifyingKey(readingBodyFrom: &reader)
            try reader.expectEnd(after: "vk.IC")
            return vk
        }
    }

    init(readingBodyFrom reader: inout ByteReader) throws(ByteCodecError) {
        let alpha = try reader.readG1("vk.alpha")
        let beta = try reader.readG2("vk.beta")
        let gamma = try reader.readG2("vk.gamma")
        let delta = try reader.readG2("vk.delta")
        let countAt = reader.offset
        let count = try reader.readCount(UInt32.self, .bigEndian, "vk.IC count", elementSize: 64, limit: 1 << 29)
        guard count >= 1 else {
            throw ByteCodecError.invalid("vk.IC count", at: countAt, "0 (at least 1 point is needed)")
        }
        var ic: [G1Affine] = []
        ic.reserveCapacity(count)
        for i in 0..<count { ic.append(try reader.readG1("vk.IC[\(i)]")) }
        self.init(alphaG1: alpha, betaG2: beta, gammaG2: gamma, deltaG2: delta, gammaABCG1: ic)
    }
}
