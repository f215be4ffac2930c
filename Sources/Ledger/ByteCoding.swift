/// Big-endian byte writer for the canonical encodings (no allocation beyond the growing output array).
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bigEndian(UInt64(v), count: 2) }
    mutating func u32(_ v: UInt32) { bigEndian(UInt64(v), count: 4) }
    mutating func u64(_ v: UInt64) { bigEndian(v, count: 8) }
    mutating func raw(_ v: some Sequence<UInt8>) { bytes.append(contentsOf: v) }

    private mutating func bigEndian(_ v: UInt64, count: Int) {
        for i in stride(from: count - 1, through: 0, by: -1) {
            bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))))
        }
    }
}

/// Big-endian reader over a byte slice; every read is bounds-checked and throws `.malformedRecord` on underflow.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    var isAtEnd: Bool { position == bytes.endIndex }
    var remaining: Int { bytes.endIndex - position }

    mutating func take(_ count: Int, _ what: String) throws(LedgerError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else {
            throw .malformedRecord(recordIndex: nil, reason: "truncated while reading \(what)")
        }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func u8(_ what: String) throws(LedgerError) -> UInt8 { try take(1, what).first! }
    mutating func u16(_ what: String) throws(LedgerError) -> UInt16 { UInt16(try bigEndian(2, what)) }
    mutating func u32(_ what: String) throws(LedgerError) -> UInt32 { UInt32(try bigEndian(4, what)) }
    mutating func u64(_ what: String) throws(LedgerError) -> UInt64 { try bigEndian(8, what) }

    private mutating func bigEndian(_ count: Int, _ what: String) throws(LedgerError) -> UInt64 {
        try take(count, what).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
