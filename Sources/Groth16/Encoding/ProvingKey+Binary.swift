import BN254
import Hashing

extension ProvingKey {
    static let fileKind = "groth16-proving-key"
    /// The version `serialized()` writes: queries without their points at infinity (`ProvingKey+Sparse`).
    static let fileVersion: UInt32 = 4
    /// The first version with raw-limb query points (all of them, infinity included), still read.
    static let rawPointsVersion: UInt32 = 3
    /// The oldest version with a `FileHeader` (points in EIP-196/197 encodings), still read.
    static let uncompressedPointsVersion: UInt32 = 2
    /// The first version's magic ("G16K" ‖ u8 1 in place of the `FileHeader`, same body), still read.
    static let legacyMagic: [UInt8] = Array("G16K".utf8)

    /// The binary file, version 4 (`ProvingKey+Sparse`): the key's small parts, then each query without its
    /// points at infinity, as raw Montgomery limbs behind a presence bitmap. Versions 1–3 are still read.
    public func serialized() -> [UInt8] { serializedSparse() }

    /// The version-3 file, as zkinfer wrote it before version 4: `FileHeader` (kind "groth16-proving-key",
    /// version 3) ‖ constraint count (u64) ‖ verifying-key body (as in `VerifyingKey.serialized()` without its
    /// header) ‖ [β]₁ ‖ [δ]₁ (uncompressed) ‖ then each of A (G1), B (G1), B (G2), H (G1), L (G1) as a u32 count
    /// followed by all its points (infinity as zero bytes) as raw Montgomery limbs (`RawPoints`). Counts
    /// big-endian. For the compatibility tests.
    public func serializedVersion3() -> [UInt8] { serialized(rawPoints: true) }

    /// The version-2 file (query points in their EIP-196/197 encodings, decoded point by point), as zkinfer
    /// wrote it before version 3; for tools that need that layout and for the compatibility tests.
    public func serializedVersion2() -> [UInt8] { serialized(rawPoints: false) }

    private func serialized(rawPoints: Bool) -> [UInt8] {
        var writer = ByteWriter(
            capacity: 1024 + 64 * (aQuery.count + bG1Query.count + hQuery.count + lQuery.count) + 128 * bG2Query.count)
        let version = rawPoints ? Self.rawPointsVersion : Self.uncompressedPointsVersion
        FileHeader(kind: Self.fileKind, version: version).write(to: &writer)
        writer.append(UInt64(constraintCount), .bigEndian)
        verifyingKey.appendBody(to: &writer)
        writer.append(betaG1)
        writer.append(deltaG1)
        func g1(_ query: [G1Affine]) {
            writer.append(UInt32(query.count), .bigEndian)
            for point in query { if rawPoints { writer.appendRaw(point) } else { writer.append(point) } }
        }
        g1(aQuery)
        g1(bG1Query)
        writer.append(UInt32(bG2Query.count), .bigEndian)
        for point in bG2Query { if rawPoints { writer.appendRaw(point) } else { writer.append(point) } }
        g1(hQuery)
        g1(lQuery)
        return writer.bytes
    }

    /// Decodes `serialized()` output (any version) with every check: canonical coordinates, curve equations, G2
    /// subgroup (the subgroup check costs about one G2 scalar multiplication per B-query point), and consistent
    /// counts.
    public init(serialized bytes: [UInt8]) throws(Groth16Error) {
        try self.init(serialized: bytes, checkG2Subgroup: true)
    }

    /// Decodes `serialized()` output checking canonical coordinates (and, in versions 1–2, curve equations) but
    /// not G2 subgroup membership nor (versions 3–4) the curve equations of the queries — fast loading of a key
    /// this system generated itself. A key corrupted this way can only make the prover emit proofs that fail
    /// verification; it cannot make a verifier accept.
    public init(serializedSkippingSubgroupChecks bytes: [UInt8]) throws(Groth16Error) {
        try self.init(serialized: bytes, checkG2Subgroup: false)
    }

    init(serialized bytes: [UInt8], checkG2Subgroup: Bool) throws(Groth16Error) {
        self = try Groth16Error.decoding("proving key") { () throws(ByteCodecError) in
            var reader = ByteReader(bytes)
            let version = try reader.readGroth16Header(
                kind: Self.fileKind, versions: Self.uncompressedPointsVersion...Self.fileVersion,
                legacyMagic: Self.legacyMagic)
            if version == Self.fileVersion {
                return try bytes.withUnsafeBytes { raw in
                    Result { () throws(ByteCodecError) in try ProvingKey(sparseFile: raw, checkCurve: checkG2Subgroup) }
                }.get()
            }
            return try ProvingKey(
                readingBodyFrom: &reader, rawPoints: version >= 3, checkG2Subgroup: checkG2Subgroup)
        }
    }

    private init(
        readingBodyFrom reader: inout ByteReader, rawPoints: Bool, checkG2Subgroup: Bool
    ) throws(ByteCodecError) {
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
            if rawPoints { return try reader.readRawPoints(count, "pk.\(name)", checkCurve: checkG2Subgroup) }
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
        if rawPoints {
            b2 = try reader.readRawPoints(b2Count, "pk.B query (G2)", checkCurve: checkG2Subgroup)
            if checkG2Subgroup { try Self.checkSubgroup(b2, at: b2At) }
        }
        for i in 0..<(rawPoints ? 0 : b2Count) {
            b2.append(
                checkG2Subgroup
                    ? try reader.readG2("pk.B query (G2)[\(i)]")
                    : try reader.readG2SkippingSubgroupCheck("pk.B query (G2)[\(i)]"))
        }
        let h = try g1Query("H query")
        let l = try g1Query("L query")
        try reader.expectEnd(after: "pk.L query")

        try Self.checkCounts(counts, constraints: constraints, publicInputs: vk.publicInputCount)
        self.init(
            verifyingKey: vk, betaG1: betaG1, deltaG1: deltaG1, aQuery: a, bG1Query: b1, bG2Query: b2,
            hQuery: h, lQuery: l, constraintCount: constraints)
    }

    /// Every B-query (G2) point in the order-r subgroup.
    static func checkSubgroup(_ points: [G2Affine], at offset: Int) throws(ByteCodecError) {
        for (i, p) in points.enumerated() where !p.isInSubgroup {
            throw ByteCodecError.invalid("pk.B query (G2)[\(i)]", at: offset, "not in the order-r subgroup")
        }
    }

    /// The queries' lengths (A, B G1, B G2, H, L in that order, each with its field name and offset) against the
    /// key's shape: the others follow from A's, the public input count and the constraint count.
    static func checkCounts(
        _ counts: [(String, at: Int, Int)], constraints: Int, publicInputs publicCount: Int
    ) throws(ByteCodecError) {
        let variables = counts[0].2
        guard variables >= publicCount + 1 else {
            throw ByteCodecError.invalid(
                counts[0].0, at: counts[0].at, "\(variables) is less than 1 + \(publicCount) public inputs")
        }
        let domain = ProvingKey.domainSize(constraintCount: constraints, publicInputCount: publicCount)
        let expected = [variables, variables, variables, domain - 1, variables - publicCount - 1]
        for (index, (field, at, found)) in counts.enumerated() where found != expected[index] {
            throw ByteCodecError.invalid(
                field, at: at, "\(found) does not match the key's shape (expected \(expected[index]))")
        }
    }
}
