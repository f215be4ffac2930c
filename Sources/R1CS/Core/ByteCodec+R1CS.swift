import BN254
import Hashing

// The R1CS formats' own pieces on top of the shared codec: field elements (32 bytes big-endian, canonical) and
// labels (u32 little-endian byte length, then UTF-8).

extension ByteWriter {
    /// The canonical 32-byte big-endian encoding of `x`.
    mutating func append(_ x: Fr) {
        let c = x.canonicalLimbs
        for limb in [c.3, c.2, c.1, c.0] { append(limb, .bigEndian) }
    }

    mutating func appendLabel(_ label: String) {
        append(UInt32(label.utf8.count), .littleEndian)
        append(label.utf8)
    }
}

extension ByteReader {
    /// A canonical 32-byte big-endian field element; a value ≥ r is rejected, never reduced.
    mutating func readFr(_ field: @autoclosure () -> String) throws(ByteCodecError) -> Fr {
        let start = offset
        let l3 = try read(UInt64.self, .bigEndian, field())
        let l2 = try read(UInt64.self, .bigEndian, field())
        let l1 = try read(UInt64.self, .bigEndian, field())
        let l0 = try read(UInt64.self, .bigEndian, field())
        guard let x = Fr(canonicalLimbs: l0, l1, l2, l3) else {
            throw ByteCodecError.invalid(field(), at: start, "not a canonical field element (≥ r)")
        }
        return x
    }

    mutating func readLabel(_ field: @autoclosure () -> String) throws(ByteCodecError) -> String {
        let length = try readCount(UInt32.self, .littleEndian, field() + " length", elementSize: 1)
        let start = offset
        guard let label = String(validating: try take(length, field()), as: UTF8.self) else {
            throw ByteCodecError.invalid(field(), at: start, "not valid UTF-8")
        }
        return label
    }
}
