import BN254

extension ProvingKey {
    static let magic: [UInt8] = Array("G16K".utf8)
    static let formatVersion: UInt8 = 1

    /// The versioned binary form: "G16K" ‖ version (1) ‖ constraint count (u64) ‖ verifying-key body (as in
    /// `VerifyingKey.serialized()` without its header) ‖ [β]₁ ‖ [δ]₁ ‖ then each of A (G1), B (G1), B (G2),
    /// H (G1), L (G1) as a u32 count followed by uncompressed points. Integers big-endian.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(
            64 + 64 * (aQuery.count + bG1Query.count + hQuery.count + lQuery.count) + 128 * bG2Query.count)
        writer.append(Self.magic)
        writer.append([Self.formatVersion])
        writer.append(uint64: UInt64(constraintCount))
        verifyingKey.appendBody(to: &writer)
        writer.append(betaG1)
        writer.append(deltaG1)
        for query in [aQuery, bG1Query] {
            writer.append(uint32: UInt32(query.count))
            for point in query { writer.append(point) }
        }
        writer.append(uint32: UInt32(bG2Query.count))
        for point in bG2Query { writer.append(point) }
        for query in [hQuery, lQuery] {
            writer.append(uint32: UInt32(query.count))
            for point in query { writer.append(point) }
        }
        return writer.bytes
    }

    /// Decodes `serialized()` output with every check: canonical coordinates, curve equations, G2 subgroup
    /// (the subgroup check costs about one G2 scalar multiplication per B-query point), and consistent counts.
    public init(serialized bytes: [UInt8]) throws(Groth16Error) {
        try self.init(serialized: bytes, checkG2Subgroup: true)
    }

    /// Decodes `serialized()` output checking canonical coordinates and curve equations but not G2 subgroup
    /// membership of the B query — fast loading of a key this system generated itself. A key corrupted this
    /// way can only make the prover emit proofs that fail verification; it cannot make a verifier accept.
    public init(serializedSkippingSubgroupChecks bytes: [UInt8]) throws(Groth16Error) {
        try self.init(serialized: bytes, checkG2Subgroup: false)
    }

    init(serialized bytes: [UInt8], checkG2Subgroup: Bool) throws(Groth16Error) {
        var reader = ByteReader(bytes)
        try reader.readHeader(magic: Self.magic, version: Self.formatVersion, format: "proving key")
        let constraints = try reader.readUInt64(field: "pk.constraint count")
        guard constraints < 1 << 28 else { throw .invalidHeader(field: "pk.constraint count", value: Int(clamping: constraints)) }
        let vk = try VerifyingKey(readingBodyFrom: &reader)
        let betaG1 = try reader.readG1(field: "pk.beta (G1)")
        let deltaG1 = try reader.readG1(field: "pk.delta (G1)")
        func g1Query(_ name: String) throws(Groth16Error) -> [G1Affine] {
            let count = try reader.readCount(field: "pk.\(name) count", elementSize: 64)
            var points: [G1Affine] = []
            points.reserveCapacity(count)
            for i in 0..<count { points.append(try reader.readG1(field: "pk.\(name)[\(i)]")) }
            return points
        }
        let a = try g1Query("A query")
        let b1 = try g1Query("B query (G1)")
        let b2Count = try reader.readCount(field: "pk.B query (G2) count", elementSize: 128)
        var b2: [G2Affine] = []
        b2.reserveCapacity(b2Count)
        for i in 0..<b2Count {
            b2.append(checkG2Subgroup
                ? try reader.readG2(field: "pk.B query (G2)[\(i)]")
                : try reader.readG2SkippingSubgroupCheck(field: "pk.B query (G2)[\(i)]"))
        }
        let h = try g1Query("H query")
        let l = try g1Query("L query")
        try reader.expectEnd()

        let variables = a.count
        let publicCount = vk.publicInputCount
        let domain = ProvingKey.domainSize(constraintCount: Int(constraints), publicInputCount: publicCount)
        let checks = [
            ("pk.B query (G1) count", b1.count, variables),
            ("pk.B query (G2) count", b2.count, variables),
            ("pk.L query count", l.count, variables - publicCount - 1),
            ("pk.H query count", h.count, domain - 1),
        ]
        guard variables >= publicCount + 1 else { throw .invalidHeader(field: "pk.A query count", value: variables) }
        for (field, found, expected) in checks where found != expected {
            throw .invalidHeader(field: field, value: found)
        }
        self.init(verifyingKey: vk, betaG1: betaG1, deltaG1: deltaG1, aQuery: a, bG1Query: b1, bG2Query: b2,
                  hQuery: h, lQuery: l, constraintCount: Int(constraints))
    }
}
