import BN254
import Hashing

/// A circom/snarkjs witness file (`.wtns`, iden3 binfile "wtns" v2; snarkjs `wtns_utils.js`): section 1 = n8 u32 ‖
/// prime (n8 bytes) ‖ nWitness u32, section 2 = nWitness values of n8 bytes, little-endian, standard form.
/// The values are the full assignment z in circom's wire order (z[0] = 1, public outputs, public inputs, private).
///
/// Invariant: every value < r (decoding rejects larger values, never reduces them).
public struct CircomWitness: Sendable, Equatable {
    /// The binfile magic of `.wtns` files; decoding refuses any other.
    public static let magic = "wtns"
    /// The `.wtns` format version read and written (snarkjs and circom's witness calculators write 2).
    public static let version: UInt32 = 2

    /// The full assignment z (z[0] = 1 when produced by circom), each value reduced (< r) and in Montgomery form.
    public var values: [Fr]

    /// Wraps an assignment as it is; nothing is checked until it is used against a constraint system.
    public init(values: [Fr]) { self.values = values }

    /// Decodes a `.wtns` file (`file` names it in errors); version 1 files share the layout and are accepted.
    /// - Throws: `BinFileError` naming the file, the section and what is wrong (prime not BN254's r, count not
    ///   matching the section size, a value ≥ r).
    public init(bytes: [UInt8], file: String) throws(BinFileError) {
        let bin = try BinFile(bytes: bytes, file: file, magic: Self.magic, versions: 1...2)
        let count = try bin.read(1, "header") { r throws -> Int in
            let n8 = try r.read(UInt32.self, .littleEndian, "n8")
            guard n8 == 32 else {
                throw BinFileError(
                    file: file, part: "section 1 (header)", reason: "n8 = \(n8); only BN254 (32) is supported")
            }
            guard Circom.limbs(try r.take(32, "prime")) == Fr.modulusLimbs else {
                throw BinFileError(file: file, part: "section 1 (header)", reason: "the prime is not BN254's r")
            }
            return Int(try r.read(UInt32.self, .littleEndian, "nWitness"))
        }
        let body = try bin.section(2, "values")
        guard body.count == count * 32 else {
            throw bin.error(2, "values", "size \(body.count), expected nWitness × 32 = \(count * 32)")
        }
        var values: [Fr] = []
        values.reserveCapacity(count)
        for i in 0..<count {
            let start = body.startIndex + 32 * i
            let l = Circom.limbs(body[start..<(start + 32)])
            guard let v = Fr(canonicalLimbs: l.0, l.1, l.2, l.3) else {
                throw bin.error(2, "values", "value \(i) is not below r")
            }
            values.append(v)
        }
        self.values = values
    }

    /// The `.wtns` (v2) bytes.
    public func serialized() -> [UInt8] {
        var header = Hashing.ByteWriter()
        header.append(UInt32(32), .littleEndian)
        Circom.append(limbs: Fr.modulusLimbs, to: &header)
        header.append(UInt32(values.count), .littleEndian)
        var body = Hashing.ByteWriter(capacity: 32 * values.count)
        for v in values { Circom.append(limbs: v.canonicalLimbs, to: &body) }
        return BinFile.write(magic: Self.magic, version: Self.version, sections: [(1, header.bytes), (2, body.bytes)])
    }

    /// The witness for a circuit with `publicInputCount` public wires; nil when there are not enough values.
    public func witness(publicInputCount: Int) -> Witness? {
        guard publicInputCount >= 0, publicInputCount < values.count else { return nil }
        return Witness(values: values, publicInputCount: publicInputCount)
    }
}
