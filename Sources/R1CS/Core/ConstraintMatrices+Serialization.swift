import BN254
import Hashing

// The R1CS file, version 2 (integers little-endian; field elements 32-byte big-endian, canonical, < r):
//
//   header           FileHeader: "ZKINFER\0", kind "r1cs", version u32 = 2
//   flags            u32      bit 0: public input labels follow the constraints; bit 1: constraint labels
//                             follow those (only with bit 0); other bits must be 0
//   publicInputCount u64      n
//   witnessCount     u64      m            (variableCount = 1 + n + m, must fit in u32)
//   constraintCount  u64
//   constraints      for each constraint, for each of a, b, c:
//                        termCount u32, then termCount × (variable index u32, coefficient 32 bytes)
//                    terms strictly increasing by index, coefficients non-zero (normal form)
//   [labels]         if flag bit 0: n public input labels; then, if flag bit 1, constraintCount
//                    constraint labels; each label is a u32 byte length + UTF-8 bytes
//   seal             SHA-256 of everything before it (FileHeader.seal)
//
// Version 1 (zkinfer's first `circuit.r1cs`, still read): the same header with version 1, then a u64 payload
// length, the payload and its SHA-256, where the payload is "zkinR1CS" ‖ u32 1 ‖ the fields from flags on.
//
// The encoding of a given system is unique (normal form + fixed field order), so the digest identifies the
// constraints independently of machine, run and labels. Its preimage keeps the version-1 prefix,
// "zkinR1CS" ‖ u32 1 ‖ the fields from flags on with flags = 0, so digests recorded in bundles and ledgers by
// earlier versions stay valid.

extension ConstraintMatrices {
    static let fileKind = "r1cs"
    static let fileVersion: UInt32 = 2
    /// The prefix of the version-1 payload, kept as the digest's domain prefix.
    static let digestPrefix: [UInt8] = Array("zkinR1CS".utf8) + [1, 0, 0, 0]
    static let publicLabelsFlag: UInt32 = 1
    static let constraintLabelsFlag: UInt32 = 2

    /// The file encoding (format above). With `includingLabels` (the default) the public input labels
    /// and, when recorded, the constraint labels are included, so decoding gives back an equal value.
    public func serialized(includingLabels: Bool = true) -> [UInt8] {
        var w = ByteWriter()
        FileHeader(kind: Self.fileKind, version: Self.fileVersion).write(to: &w)
        writeBody(into: &w, includingLabels: includingLabels)
        var bytes = w.bytes
        FileHeader.seal(&bytes)
        return bytes
    }

    /// SHA-256 of the canonical encoding without labels (`digestPrefix` ‖ the body with flags = 0), computed by
    /// streaming (O(size) time, O(1) extra memory). Same constraints ⇒ same digest on any machine; any change of
    /// count, index or coefficient changes it.
    public var digest: [UInt8] {
        var hasher = SHA256()
        var w = ByteWriter(chunkSize: 1 << 16) { chunk in chunk.withUnsafeBytes { hasher.update($0) } }
        w.append(Self.digestPrefix)
        writeBody(into: &w, includingLabels: false)
        w.flush()
        return hasher.finalize()
    }

    func writeBody(into w: inout ByteWriter, includingLabels: Bool) {
        precondition(variableCount <= Int(UInt32.max), "too many variables for the R1CS format")
        let flags: UInt32 =
            includingLabels ? Self.publicLabelsFlag | (labels != nil ? Self.constraintLabelsFlag : 0) : 0
        w.append(flags, .littleEndian)
        w.append(UInt64(publicInputCount), .littleEndian)
        w.append(UInt64(witnessCount), .littleEndian)
        w.append(UInt64(constraints.count), .littleEndian)
        for k in constraints {
            for lc in [k.a, k.b, k.c] {
                w.append(UInt32(lc.terms.count), .littleEndian)
                for t in lc.terms {
                    w.append(UInt32(t.variable.index), .littleEndian)
                    w.append(t.coefficient)
                }
            }
        }
        if flags & Self.publicLabelsFlag != 0 {
            for s in publicInputLabels { w.appendLabel(s) }
        }
        if flags & Self.constraintLabelsFlag != 0, let labels {
            for s in labels { w.appendLabel(s) }
        }
    }

    /// Decodes and validates a file produced by `serialized()` (or a version-1 file). Rejects, naming the field
    /// and byte offset: a wrong header or seal, unknown flags, truncation, counts beyond the input or u32
    /// indices, non-canonical or zero coefficients, unsorted/duplicate indices, indices ≥ variableCount, invalid
    /// UTF-8 labels and trailing bytes. Never traps on malformed input.
    public init(serialized bytes: [UInt8]) throws(R1CSError) {
        self = try R1CSError.decoding("R1CS") { () throws(ByteCodecError) in try Self.decode(bytes) }
    }

    static func decode(_ bytes: [UInt8]) throws(ByteCodecError) -> ConstraintMatrices {
        var r = ByteReader(bytes)
        let header = try FileHeader.read(from: &r, kind: fileKind, supported: 1...fileVersion)
        if header.version == 1 {
            let length = try r.readCount(UInt64.self, .littleEndian, "payload length", elementSize: 1)
            let payload = try r.take(length, "payload")
            let checksum = try r.take(FileHeader.sealByteCount, "payload SHA-256")
            try r.expectEnd(after: "payload SHA-256")
            guard SHA256.hash(payload).elementsEqual(checksum) else {
                throw r.error("payload SHA-256", .invalid("does not match the payload (file damaged)"))
            }
            var inner = ByteReader(payload)
            let prefix = try inner.take(digestPrefix.count, "version 1 payload prefix")
            guard prefix.elementsEqual(digestPrefix) else {
                throw inner.error("version 1 payload prefix", .invalid("not \"zkinR1CS\" version 1"))
            }
            return try readBody(&inner)
        }
        var sealed = ByteReader(try FileHeader.unseal(bytes))
        _ = try sealed.take(header.byteCount, "file header")
        return try readBody(&sealed)
    }

    static func readBody(_ r: inout ByteReader) throws(ByteCodecError) -> ConstraintMatrices {
        let flagsAt = r.offset
        let flags = try r.read(UInt32.self, .littleEndian, "flags")
        let known = Self.publicLabelsFlag | Self.constraintLabelsFlag
        guard flags & ~known == 0, flags != Self.constraintLabelsFlag else {
            throw ByteCodecError.invalid("flags", at: flagsAt, "unknown flag bits set: \(flags)")
        }
        let n = try r.readCount(
            UInt64.self, .littleEndian, "publicInputCount", elementSize: 0, limit: Int(UInt32.max) - 1)
        let m = try r.readCount(
            UInt64.self, .littleEndian, "witnessCount", elementSize: 0, limit: Int(UInt32.max) - 1 - n)
        let variableCount = 1 + n + m
        // Each constraint takes at least 12 bytes (three empty term lists), each term 36.
        let constraintCount = try r.readCount(UInt64.self, .littleEndian, "constraintCount", elementSize: 12)
        var constraints: [Constraint] = []
        constraints.reserveCapacity(constraintCount)
        for k in 0..<constraintCount {
            var sides: [LinearCombination] = []
            for _ in 0..<3 {
                let termCount = try r.readCount(
                    UInt32.self, .littleEndian, "constraint #\(k) termCount", elementSize: 36)
                var terms: [LinearCombination.Term] = []
                terms.reserveCapacity(termCount)
                var previous = -1
                for _ in 0..<termCount {
                    let at = r.offset
                    let index = Int(try r.read(UInt32.self, .littleEndian, "constraint #\(k) variable index"))
                    guard index < variableCount else {
                        throw ByteCodecError.invalid(
                            "constraint #\(k) variable index", at: at,
                            "\(index) is out of range (variable count \(variableCount))")
                    }
                    guard index > previous else {
                        throw ByteCodecError.invalid(
                            "constraint #\(k) variable index", at: at,
                            "\(index) does not follow \(previous) (indices must strictly increase)")
                    }
                    previous = index
                    let c = try r.readFr("constraint #\(k) coefficient")
                    guard !c.isZero else {
                        throw ByteCodecError.invalid(
                            "constraint #\(k) coefficient", at: at + 4, "zero (not normal form)")
                    }
                    terms.append(.init(variable: Variable(index: index), coefficient: c))
                }
                sides.append(LinearCombination(normalizedTerms: terms))
            }
            constraints.append(Constraint(a: sides[0], b: sides[1], c: sides[2]))
        }
        var labels: [String]? = nil
        var publicLabels: [String]? = nil
        if flags & Self.publicLabelsFlag != 0 {
            publicLabels = []
            for i in 0..<n { publicLabels!.append(try r.readLabel("public input label #\(i)")) }
        }
        if flags & Self.constraintLabelsFlag != 0 {
            var all: [String] = []
            all.reserveCapacity(constraintCount)
            for k in 0..<constraintCount { all.append(try r.readLabel("constraint label #\(k)")) }
            labels = all
        }
        try r.expectEnd(after: "the R1CS body")
        return ConstraintMatrices(
            publicInputCount: n, witnessCount: m, constraints: constraints, labels: labels,
            publicInputLabels: publicLabels)
    }
}

// The witness file, version 2: FileHeader "ZKINFER\0", kind "witness", version u32 = 2; publicInputCount u64,
// valueCount u64 (including z[0]), both little-endian; then valueCount canonical 32-byte big-endian field
// elements. Version 1 (still read) had the magic "zkinWTNS" and u32 version 1 in place of the FileHeader.
extension Witness {
    static let fileKind = "witness"
    static let fileVersion: UInt32 = 2
    static let legacyMagic: [UInt8] = Array("zkinWTNS".utf8)

    /// The binary encoding (format above).
    public func serialized() -> [UInt8] {
        var w = ByteWriter(capacity: 64 + 32 * values.count)
        FileHeader(kind: Self.fileKind, version: Self.fileVersion).write(to: &w)
        w.append(UInt64(publicInputCount), .littleEndian)
        w.append(UInt64(values.count), .littleEndian)
        for v in values { w.append(v) }
        return w.bytes
    }

    /// Decodes and validates a witness encoding: header, counts, canonical values, z[0] = 1, no trailing bytes.
    public init(serialized bytes: [UInt8]) throws(R1CSError) {
        self = try R1CSError.decoding("witness") { () throws(ByteCodecError) in
            var r = ByteReader(bytes)
            if bytes.starts(with: Self.legacyMagic) {
                _ = try r.take(Self.legacyMagic.count, "magic")
                let version = try r.read(UInt32.self, .littleEndian, "format version")
                guard version == 1 else { throw r.error("format version", .invalid("\(version) is not 1")) }
            } else {
                _ = try FileHeader.read(from: &r, kind: Self.fileKind, supported: Self.fileVersion...Self.fileVersion)
            }
            let n = try r.readCount(
                UInt64.self, .littleEndian, "publicInputCount", elementSize: 0, limit: Int(UInt32.max))
            let countAt = r.offset
            let count = try r.readCount(UInt64.self, .littleEndian, "valueCount", elementSize: 32)
            guard count > n else {
                throw ByteCodecError.invalid(
                    "valueCount", at: countAt, "\(count) does not exceed publicInputCount \(n)")
            }
            var values: [Fr] = []
            values.reserveCapacity(count)
            for i in 0..<count { values.append(try r.readFr("z[\(i)]")) }
            guard values[0] == .one else {
                throw ByteCodecError.invalid("z[0]", at: countAt + 8, "the constant wire must be 1")
            }
            try r.expectEnd(after: "z[\(count - 1)]")
            return Witness(values: values, publicInputCount: n)
        }
    }
}
