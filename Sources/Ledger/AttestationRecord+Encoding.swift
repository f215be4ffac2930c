/// Canonical binary encoding of `AttestationRecord` (the bytes the Merkle leaf hash commits to). Versions 1 and 2:
///
///     u8   encoding version (1 without key provenance, 2 with it)
///     [32] modelDigest   [32] circuitDigest   [32] verifyingKeyDigest   [32] proofDigest
///     i64  timestamp (big-endian two's complement)
///     u16  n, [n] zkinferVersion (UTF-8)
///     (version 2 only) u16 n, [n] keyProvenance (UTF-8, n ≥ 1)
///     u32  count, then per public signal: u8 n, [n] ASCII digits
///     u8   output kind: 0 = JSON text → u32 n, [n] UTF-8
///                       1 = values    → u32 count, count × u64 (IEEE-754 binary64 bits), u8 hasClass (0/1),
///                                       [u64 class if hasClass = 1]
///
/// All integers big-endian. The encoding is canonical: one record has exactly one encoding (version 1 exactly when
/// it has no key provenance, so records of ledgers written before version 2 re-encode to the same bytes and leaf
/// hashes), and `init(encoded:)` rejects anything else (unknown version or kind, trailing bytes, invalid UTF-8, a
/// field violating the record invariants, hasClass not 0/1).
extension AttestationRecord {
    /// The newest encoding version (records with a key provenance).
    public static let encodingVersion: UInt8 = 2

    /// This record's encoding version: 1 without a key provenance, 2 with one.
    public var recordVersion: UInt8 { keyProvenance == nil ? 1 : 2 }

    /// The canonical encoding.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.u8(recordVersion)
        w.raw(modelDigest)
        w.raw(circuitDigest)
        w.raw(verifyingKeyDigest)
        w.raw(proofDigest)
        w.u64(UInt64(bitPattern: timestamp))
        w.u16(UInt16(zkinferVersion.utf8.count))
        w.raw(zkinferVersion.utf8)
        if let keyProvenance {
            w.u16(UInt16(keyProvenance.utf8.count))
            w.raw(keyProvenance.utf8)
        }
        w.u32(UInt32(publicSignals.count))
        for signal in publicSignals {
            w.u8(UInt8(signal.utf8.count))
            w.raw(signal.utf8)
        }
        switch output {
        case .json(let text):
            w.u8(0)
            w.u32(UInt32(text.utf8.count))
            w.raw(text.utf8)
        case .values(let values, let predictedClass):
            w.u8(1)
            w.u32(UInt32(values.count))
            for v in values { w.u64(v.bitPattern) }
            if let c = predictedClass {
                w.u8(1)
                w.u64(UInt64(c))
            } else {
                w.u8(0)
            }
        }
        return w.bytes
    }

    /// Decodes the canonical encoding; throws `.malformedRecord` (or `.invalidRecordField`) for anything that is not
    /// exactly the encoding of a valid record.
    public init(encoded bytes: some Collection<UInt8>) throws(LedgerError) {
        let array = Array(bytes)
        var r = ByteReader(array[...])
        let version = try r.u8("encoding version")
        guard version == 1 || version == 2 else {
            throw .malformedRecord(recordIndex: nil, reason: "unknown record encoding version \(version)")
        }
        let model = Array(try r.take(32, "modelDigest"))
        let circuit = Array(try r.take(32, "circuitDigest"))
        let vk = Array(try r.take(32, "verifyingKeyDigest"))
        let proof = Array(try r.take(32, "proofDigest"))
        let timestamp = Int64(bitPattern: try r.u64("timestamp"))
        let versionText = try Self.utf8(try r.take(Int(try r.u16("zkinferVersion length")), "zkinferVersion"))
        var provenance: String?
        if version == 2 {
            let length = Int(try r.u16("keyProvenance length"))
            guard length > 0 else { throw .malformedRecord(recordIndex: nil, reason: "empty keyProvenance") }
            provenance = try Self.utf8(try r.take(length, "keyProvenance"))
        }
        let signalCount = Int(try r.u32("public signal count"))
        guard signalCount <= r.remaining else {
            throw .malformedRecord(recordIndex: nil, reason: "public signal count \(signalCount) exceeds the data")
        }
        var signals: [String] = []
        signals.reserveCapacity(signalCount)
        for _ in 0..<signalCount {
            signals.append(try Self.utf8(try r.take(Int(try r.u8("signal length")), "public signal")))
        }
        let output: InferenceOutput
        switch try r.u8("output kind") {
        case 0:
            output = .json(try Self.utf8(try r.take(Int(try r.u32("output length")), "output JSON")))
        case 1:
            let count = Int(try r.u32("output value count"))
            guard count <= r.remaining / 8 else {
                throw .malformedRecord(recordIndex: nil, reason: "output value count \(count) exceeds the data")
            }
            var values: [Double] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(Double(bitPattern: try r.u64("output value"))) }
            let predictedClass: Int?
            switch try r.u8("predicted class flag") {
            case 0: predictedClass = nil
            case 1:
                let c = try r.u64("predicted class")
                guard c <= UInt64(Int.max) else {
                    throw .malformedRecord(recordIndex: nil, reason: "predicted class \(c) out of range")
                }
                predictedClass = Int(c)
            case let flag: throw .malformedRecord(recordIndex: nil, reason: "predicted class flag \(flag) is not 0/1")
            }
            output = .values(values, predictedClass: predictedClass)
        case let kind:
            throw .malformedRecord(recordIndex: nil, reason: "unknown output kind \(kind)")
        }
        guard r.isAtEnd else {
            throw .malformedRecord(recordIndex: nil, reason: "\(r.remaining) trailing bytes after the record")
        }
        try self.init(
            modelDigest: model, circuitDigest: circuit, verifyingKeyDigest: vk, publicSignals: signals,
            output: output, proofDigest: proof, timestamp: timestamp, zkinferVersion: versionText,
            keyProvenance: provenance)
    }

    private static func utf8(_ bytes: ArraySlice<UInt8>) throws(LedgerError) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw .malformedRecord(recordIndex: nil, reason: "invalid UTF-8 text")
        }
        return s
    }
}
