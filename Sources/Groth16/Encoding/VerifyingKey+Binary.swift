import BN254

extension VerifyingKey {
    static let magic: [UInt8] = Array("G16V".utf8)
    static let formatVersion: UInt8 = 1

    /// The versioned binary form: "G16V" ‖ version (1) ‖ α (G1, 64) ‖ β, γ, δ (G2, 128 each, EIP-197 order) ‖
    /// IC count (u32 big-endian) ‖ IC points (G1, 64 each). Points uncompressed (EIP-196/197).
    public func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.append(Self.magic)
        writer.append([Self.formatVersion])
        appendBody(to: &writer)
        return writer.bytes
    }

    func appendBody(to writer: inout ByteWriter) {
        writer.append(alphaG1)
        writer.append(betaG2)
        writer.append(gammaG2)
        writer.append(deltaG2)
        writer.append(uint32: UInt32(gammaABCG1.count))
        for point in gammaABCG1 { writer.append(point) }
    }

    /// Decodes `serialized()` output, checking every point (canonical, on curve, G2 subgroup) and the layout.
    public init(serialized bytes: [UInt8]) throws(Groth16Error) {
        var reader = ByteReader(bytes)
        try reader.readHeader(magic: Self.magic, version: Self.formatVersion, format: "verifying key")
        try self.init(readingBodyFrom: &reader)
        try reader.expectEnd()
    }

    init(readingBodyFrom reader: inout ByteReader) throws(Groth16Error) {
        let alpha = try reader.readG1(field: "vk.alpha")
        let beta = try reader.readG2(field: "vk.beta")
        let gamma = try reader.readG2(field: "vk.gamma")
        let delta = try reader.readG2(field: "vk.delta")
        let count = try reader.readCount(field: "vk.IC count", elementSize: 64)
        guard count >= 1 else { throw .invalidHeader(field: "vk.IC count", value: count) }
        var ic: [G1Affine] = []
        ic.reserveCapacity(count)
        for i in 0..<count { ic.append(try reader.readG1(field: "vk.IC[\(i)]")) }
        self.init(alphaG1: alpha, betaG2: beta, gammaG2: gamma, deltaG2: delta, gammaABCG1: ic)
    }
}
