import BN254
import Hashing

// Binary format of an R1CS, version 1 (all integers little-endian; field elements 32-byte big-endian,
// canonical, < r):
//
//   magic            8 bytes  "zkinR1CS"
//   version          u32      1
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
//
// The encoding of a given system is unique (normal form + fixed field order), so the digest — SHA-256 of
// the encoding *without* the label section (flags = 0) — identifies the constraints independently of
// machine, run and labels.

extension R1CS {
    static let magic: [UInt8] = Array("zkinR1CS".utf8)
    static let formatVersion: UInt32 = 1
    static let publicLabelsFlag: UInt32 = 1
    static let constraintLabelsFlag: UInt32 = 2

    /// The binary encoding (format above). With `includingLabels` (the default) the public input labels
    /// and, when recorded, the constraint labels are included, so decoding gives back an equal value.
    public func serialized(includingLabels: Bool = true) -> [UInt8] {
        var w = ByteWriter()
        write(into: &w, includingLabels: includingLabels)
        return w.buffer
    }

    /// SHA-256 of the canonical encoding without labels: `SHA256.hash(serialized(includingLabels: false))`,
    /// computed by streaming (O(size) time, O(1) extra memory). Same constraints ⇒ same digest on any
    /// machine; any change of count, index or coefficient changes it.
    public var digest: [UInt8] {
        var hasher = SHA256()
        var w = ByteWriter(chunkSize: 1 << 16) { chunk in chunk.withUnsafeBytes { hasher.update($0) } }
        write(into: &w, includingLabels: false)
        w.flush()
        return hasher.finalize()
    }

    func write(into w: inout ByteWriter, includingLabels: Bool) {
        precondition(variableCount <= Int(UInt32.max), "too many variables for format version 1")
        let flags: UInt32 = includingLabels ? Self.publicLabelsFlag | (labels != nil ? Self.constraintLabelsFlag : 0) : 0
        w.bytes(Self.magic)
        w.u32(Self.formatVersion)
        w.u32(flags)
        w.u64(UInt64(publicInputCount))
        w.u64(UInt64(witnessCount))
        w.u64(UInt64(constraints.count))
        for k in constraints {
            for lc in [k.a, k.b, k.c] {
                w.u32(UInt32(lc.terms.count))
                for t in lc.terms {
                    w.u32(UInt32(t.variable.index))
                    w.fr(t.coefficient)
                }
            }
        }
        if flags & Self.publicLabelsFlag != 0 {
            for s in publicInputLabels { w.string(s) }
        }
        if flags & Self.constraintLabelsFlag != 0, let labels {
            for s in labels { w.string(s) }
        }
    }

    /// Decodes and validates an encoding produced by `serialized()`. Rejects, with a specific error:
    /// wrong magic or version, unknown flags, truncation, counts beyond the input or u32 indices,
    /// non-canonical or zero coefficients, unsorted/duplicate indices, indices ≥ variableCount,
    /// invalid UTF-8 labels and trailing bytes. Never traps on malformed input.
    public init(serialized bytes: [UInt8]) throws(R1CSError) {
        var r = ByteReader(bytes)
        let magic = Array(try r.take(8))
        guard magic == Self.magic else { throw .badMagic(expected: Self.magic, got: magic) }
        let version = try r.u32()
        guard version == Self.formatVersion else {
            throw .unsupportedVersion(expected: Self.formatVersion, got: version)
        }
        let flags = try r.u32()
        let known = Self.publicLabelsFlag | Self.constraintLabelsFlag
        guard flags & ~known == 0, flags != Self.constraintLabelsFlag else { throw .unknownFlags(flags) }
        let n = try r.count("publicInputCount", limit: UInt64(UInt32.max) - 1)
        let m = try r.count("witnessCount", limit: UInt64(UInt32.max) - 1 - UInt64(n))
        let variableCount = 1 + n + m
        // Each constraint takes at least 12 bytes (three empty term lists).
        let constraintCount = try r.count("constraintCount", limit: UInt64(r.remaining / 12))
        var constraints: [Constraint] = []
        constraints.reserveCapacity(constraintCount)
        for k in 0..<constraintCount {
            var sides: [LinearCombination] = []
            for _ in 0..<3 {
                let termCount = Int(try r.u32())
                guard termCount <= r.remaining / 36 else {
                    throw .countTooLarge(field: "termCount", value: UInt64(termCount), limit: UInt64(r.remaining / 36))
                }
                var terms: [LinearCombination.Term] = []
                terms.reserveCapacity(termCount)
                var previous = -1
                for _ in 0..<termCount {
                    let at = r.offset
                    let index = Int(try r.u32())
                    guard index < variableCount else {
                        throw .variableIndexOutOfRange(constraint: k, index: index, variableCount: variableCount)
                    }
                    guard index > previous else { throw .termsNotStrictlyIncreasing(constraint: k, offset: at) }
                    previous = index
                    let c = try r.fr()
                    guard !c.isZero else { throw .zeroCoefficient(constraint: k, offset: at + 4) }
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
            for _ in 0..<n { publicLabels!.append(try r.string()) }
        }
        if flags & Self.constraintLabelsFlag != 0 {
            var all: [String] = []
            all.reserveCapacity(constraintCount)
            for _ in 0..<constraintCount { all.append(try r.string()) }
            labels = all
        }
        try r.expectEnd()
        self.init(publicInputCount: n, witnessCount: m, constraints: constraints, labels: labels,
                  publicInputLabels: publicLabels)
    }
}

// Binary format of a Witness, version 1: magic "zkinWTNS", version u32 = 1, publicInputCount u64,
// valueCount u64 (including z[0]), then valueCount canonical 32-byte big-endian field elements.
extension Witness {
    static let magic: [UInt8] = Array("zkinWTNS".utf8)
    static let formatVersion: UInt32 = 1

    /// The binary encoding (format above).
    public func serialized() -> [UInt8] {
        var w = ByteWriter()
        w.bytes(Self.magic)
        w.u32(Self.formatVersion)
        w.u64(UInt64(publicInputCount))
        w.u64(UInt64(values.count))
        for v in values { w.fr(v) }
        return w.buffer
    }

    /// Decodes and validates a witness encoding: magic, version, counts, canonical values, z[0] = 1,
    /// no trailing bytes.
    public init(serialized bytes: [UInt8]) throws(R1CSError) {
        var r = ByteReader(bytes)
        let magic = Array(try r.take(8))
        guard magic == Self.magic else { throw .badMagic(expected: Self.magic, got: magic) }
        let version = try r.u32()
        guard version == Self.formatVersion else {
            throw .unsupportedVersion(expected: Self.formatVersion, got: version)
        }
        let n = try r.count("publicInputCount", limit: UInt64(UInt32.max))
        let count = try r.count("valueCount", limit: UInt64(r.remaining / 32))
        guard count > n else { throw .countTooLarge(field: "publicInputCount", value: UInt64(n), limit: UInt64(max(count, 1) - 1)) }
        var values: [Fr] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try r.fr()) }
        guard values[0] == .one else { throw .constantWireNotOne }
        try r.expectEnd()
        self.init(values: values, publicInputCount: n)
    }
}
