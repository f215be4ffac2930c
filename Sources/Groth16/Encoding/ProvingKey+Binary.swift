import BN254
import Hashing

extension ProvingKey {
    static let fileKind = "groth16-proving-key"
    static let fileVersion: UInt32 = 2
    /// The first version's magic ("G16K" ‖ u8 1 in place of the `FileHeader`, same body), still read.
    static let legacyMagic: [UInt8] = Array("G16K".utf8)

    /// The binary file: `FileHeader` (kind "groth16-proving-key", version 2) ‖ constraint count (u64) ‖
    /// verifying-key body (as in `VerifyingKey.serialized()` without its header) ‖ [β]₁ ‖ [δ]₁ ‖ then each
    /// of A (G1), B (G1), B (G2), H (G1), L (G1) as a u32 count followed by uncompressed points. Integers
    /// big-endian.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter(
            capacity: 1024 + 64 * (aQuery.count + bG1Query.count + hQuery.count + lQuery.count) + 128 * bG2Query.count)
        FileHeader(kind: Self.fileKind, version: Self.fileVersion).write(to: &writer)
        writer.append(UInt64(constraintCount), .bigEndian)
        verifyingKey.appendBody(to: &writer)
        writer.append(betaG1)
        writer.append(deltaG1)
        for query in [aQuery, bG1Query] {
            writer.append(UInt32(query.count), .bigEndian)
            for point in query { writer.append(point) }
        }
        writer.append(UInt32(bG2Query.count), .bigEndian)
        for point in bG2Query { writer.append(point) }
        for query in [hQuery, lQuery] {
            writer.append(UInt32(query.count), .bigEndian)
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
        self = try Groth16Error.decoding("proving key") { () throws(ByteCodecError) in
            var reader = ByteReader(bytes)
            try reader.readGroth16Header(
                kind: Self.fileKind, fileVersion: Self.fileVersion, legacyMagic: Self.legacyMagic)
            return try ProvingKey(readingBodyFrom: &reader, checkG2Subgroup: checkG2Subgroup)
        }
    }

    private init(readingBodyFrom reader: inout ByteReader, checkG2Subgroup: Bool) throws(ByteCodecError) {
        let constraints = try reader.readCount(
            UInt64.self, .bigEndian, "pk.constraint count", elementSize: 0, limit: (1 << 28) - 1)
        let vk = try VerifyingKey(readingBodyFrom: &reader)
        let betaG1 = try reader.readG1("pk.beta (G1)")
        let deltaG1 = try reader.readG1("pk.delta (G1)")
        var counts: [(String, at: Int, Int)] = []
        func g1Query(_ name: String) throws(ByteCodecError) -> [G1Affine] {
            let at = reader.offset
            let count = try reader.readCount(
                UInt32.self, .bigEndian, "pk.\(name) count", elementSize: 64, limit: 1 << 29)
            counts.append(("pk.\(name) count", at, count))
            var points: [G1Affine] = []
            points.reserveCapacity(count)
            for i in 0..<count { points.append(try reader.readG1("pk.\(name)[\(i)]")) }
            return points
        }
        let a = try g1Query("A query")
        let b1 = try g1Query("B query (G1)")
        let b2At = reader.offset
        let b2Count = try reader.readCount(
            UInt32.self, .bigEndian, "pk.B query (G2) count", elementSize: 128, limit: 1 << 29)
        counts.append(("pk.B query (G2) count", b2At, b2Count))
        var b2: [G2Affine] = []
        b2.reserveCapacity(b2Count)
        for i in 0..<b2Count {
            b2.append(
                checkG2Subgroup
                    ? try reader.readG2("pk.B query (G2)[\(i)]")
                    : try reader.readG2SkippingSubgroupCheck("pk.B query (G2)[\(i)]"))
        }
        let h = try g1Query("H query")
        let l = try g1Query("L query")
        try reader.expectEnd(after: "pk.L query")

        let variables = a.count
        let publicCount = vk.publicInputCount
        guard variables >= publicCount + 1 else {
            throw ByteCodecError.invalid(
                "pk.A query count", at: counts[0].at, "\(variables) is less than 1 + \(publicCount) public inputs")
        }
        let domain = ProvingKey.domainSize(constraintCount: constraints, publicInputCount: publicCount)
        // The other queries' lengths follow from A's, the public input count and the constraint count.
        let expected = [
            "pk.B query (G1) count": variables, "pk.B query (G2) count": variables,
            "pk.H query count": domain - 1, "pk.L query count": variables - publicCount - 1,
        ]
        for (field, at, found) in counts.dropFirst() where found != expected[field] {
            throw ByteCodecError.invalid(
                field, at: at, "\(found) does not match the key's shape (expected \(expected[field] ?? 0))")
        }
        self.init(
            verifyingKey: vk, betaG1: betaG1, deltaG1: deltaG1, aQuery: a, bG1Query: b1, bG2Query: b2,
            hQuery: h, lQuery: l, constraintCount: constraints)
    }
}
