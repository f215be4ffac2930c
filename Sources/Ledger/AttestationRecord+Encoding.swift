import Hashing

/// Canonical binary encoding of `AttestationRecord` (the bytes the Merkle leaf hash commits to). Version 1:
///
///     u8   encoding version (= 1)
///     [32] modelDigest   [32] circuitDigest   [32] verifyingKeyDigest   [32] proofDigest
///     i64  timestamp (big-endian two's complement)
///     u16  n, [n] zkinferVersion (UTF-8)
///     u32  count, then per public signal: u8 n, [n] ASCII digits
///     u8   output kind: 0 = JSON text → u32 n, [n] UTF-8
///                       1 = values    → u32 count, count × u64 (IEEE-754 binary64 bits), u8 hasClass (0/1),
///                                       [u64 class if hasClass = 1]
///
/// All integers big-endian. The encoding is canonical: one record has exactly one encoding, and `init(encoded:)`
/// rejects anything else (unknown version or kind, trailing bytes, invalid UTF-8, a field violating the record
/// invariants, hasClass not 0/1).
extension AttestationRecord {
    /// Current encoding version.
    public static let encodingVersion: UInt8 = 1

    /// The canonical encoding.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.append(Self.encodingVersion)
        w.append(modelDigest)
        w.append(circuitDigest)
        w.append(verifyingKeyDigest)
        w.append(proofDigest)
        w.append(UInt64(bitPattern: timestamp), .bigEndian)
        w.append(UInt16(zkinferVersion.utf8.count), .bigEndian)
        w.append(zkinferVersion.utf8)
        w.append(UInt32(publicSignals.count), .bigEndian)
        for signal in publicSignals {
            w.append(UInt8(signal.utf8.count))
            w.append(signal.utf8)
        }
        switch output {
        case .json(let text):
            w.append(UInt8(0))
            w.append(UInt32(text.utf8.count), .bigEndian)
            w.append(text.utf8)
        case .values(let values, let predictedClass):
            w.append(UInt8(1))
            w.append(UInt32(values.count), .bigEndian)
            for v in values { w.append(v.bitPattern, .bigEndian) }
            if let c = predictedClass {
                w.append(UInt8(1))
                w.append(UInt64(c), .bigEndian)
            } else {
                w.append(UInt8(0))
            }
        }
        return w.bytes
    }

    /// Decodes the canonical encoding; throws `.malformedRecord` (or `.invalidRecordField`) for anything that is not
    /// exactly the encoding of a valid record.
    public init(encoded bytes: some Collection<UInt8>) throws(LedgerError) {
        let array = Array(bytes)
        let fields = try LedgerError.decoding(recordIndex: nil) { () throws(ByteCodecError) in
            try Self.decodeFields(ByteReader(array))
        }
        try self.init(
            modelDigest: fields.model, circuitDigest: fields.circuit, verifyingKeyDigest: fields.vk,
            publicSignals: fields.signals, output: fields.output, proofDigest: fields.proof,
            timestamp: fields.timestamp, zkinferVersion: fields.version)
    }

    private static func decodeFields(_ reader: ByteReader) throws(ByteCodecError) -> (
        model: [UInt8], circuit: [UInt8], vk: [UInt8], proof: [UInt8], timestamp: Int64, version: String,
        signals: [String], output: InferenceOutput
    ) {
        var r = reader
        let version = try r.readByte("encoding version")
        guard version == Self.encodingVersion else {
            throw ByteCodecError.invalid("encoding version", at: 0, "unknown version \(version)")
        }
        let model = Array(try r.take(32, "modelDigest"))
        let circuit = Array(try r.take(32, "circuitDigest"))
        let vk = Array(try r.take(32, "verifyingKeyDigest"))
        let proof = Array(try r.take(32, "proofDigest"))
        let timestamp = Int64(bitPattern: try r.read(UInt64.self, .bigEndian, "timestamp"))
        let versionLength = try r.readCount(UInt16.self, .bigEndian, "zkinferVersion length", elementSize: 1)
        let versionText = try utf8(&r, versionLength, "zkinferVersion")
        let signalCount = try r.readCount(UInt32.self, .bigEndian, "public signal count", elementSize: 1)
        var signals: [String] = []
        signals.reserveCapacity(signalCount)
        for i in 0..<signalCount {
            let length = try r.readCount(UInt8.self, .bigEndian, "public signal #\(i) length", elementSize: 1)
            signals.append(try utf8(&r, length, "public signal #\(i)"))
        }
        let output: InferenceOutput
        let kindAt = r.offset
        switch try r.readByte("output kind") {
        case 0:
            let length = try r.readCount(UInt32.self, .bigEndian, "output length", elementSize: 1)
            output = .json(try utf8(&r, length, "output JSON"))
        case 1:
            let count = try r.readCount(UInt32.self, .bigEndian, "output value count", elementSize: 8)
            var values: [Double] = []
            values.reserveCapacity(count)
            for i in 0..<count {
                values.append(Double(bitPattern: try r.read(UInt64.self, .bigEndian, "output value #\(i)")))
            }
            let predictedClass: Int?
            let flagAt = r.offset
            switch try r.readByte("predicted class flag") {
            case 0: predictedClass = nil
            case 1:
                let classAt = r.offset
                let c = try r.read(UInt64.self, .bigEndian, "predicted class")
                guard c <= UInt64(Int.max) else {
                    throw ByteCodecError.invalid("predicted class", at: classAt, "\(c) is out of range")
                }
                predictedClass = Int(c)
            case let flag:
                throw ByteCodecError.invalid("predicted class flag", at: flagAt, "\(flag) is not 0/1")
            }
            output = .values(values, predictedClass: predictedClass)
        case let kind:
            throw ByteCodecError.invalid("output kind", at: kindAt, "unknown kind \(kind)")
        }
        try r.expectEnd(after: "the record")
        return (model, circuit, vk, proof, timestamp, versionText, signals, output)
    }

    private static func utf8(_ r: inout ByteReader, _ length: Int, _ field: String) throws(ByteCodecError) -> String {
        let start = r.offset
        guard let s = String(validating: try r.take(length, field), as: UTF8.self) else {
            throw ByteCodecError.invalid(field, at: start, "invalid UTF-8 text")
        }
        return s
    }
}
