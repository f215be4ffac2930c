import BN254

/// Little-endian / big-endian byte writer used by the binary encodings. Flushes to `sink` in chunks so
/// that hashing a large system never materialises its whole encoding.
struct ByteWriter {
    private(set) var buffer: [UInt8] = []
    private let chunkSize: Int
    private let sink: (([UInt8]) -> Void)?

    /// Accumulates everything in `buffer`.
    init() { chunkSize = .max; sink = nil }

    /// Streams chunks of about `chunkSize` bytes to `sink`; call `flush()` at the end.
    init(chunkSize: Int, sink: @escaping ([UInt8]) -> Void) {
        self.chunkSize = chunkSize
        self.sink = sink
        buffer.reserveCapacity(chunkSize + 64)
    }

    mutating func flush() {
        guard let sink, !buffer.isEmpty else { return }
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private mutating func maybeFlush() { if buffer.count >= chunkSize { flush() } }

    mutating func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b); maybeFlush() }

    mutating func u32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) }
        maybeFlush()
    }

    mutating func u64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) }
        maybeFlush()
    }

    /// The canonical 32-byte big-endian encoding of a field element.
    mutating func fr(_ x: Fr) {
        let c = x.canonicalLimbs
        let bigEndian = (c.3.bigEndian, c.2.bigEndian, c.1.bigEndian, c.0.bigEndian)
        withUnsafeBytes(of: bigEndian) { buffer.append(contentsOf: $0) }
        maybeFlush()
    }

    /// u32 length, then the UTF-8 bytes.
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(utf8.count))
        bytes(utf8)
    }
}

/// Bounds-checked reader over a byte array; every read either succeeds or throws `.truncated`.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func need(_ n: Int) throws(R1CSError) {
        guard n <= remaining else { throw .truncated(offset: offset, needed: n, available: remaining) }
    }

    mutating func take(_ n: Int) throws(R1CSError) -> ArraySlice<UInt8> {
        try need(n)
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    /// The `count` ≤ 8 bytes at `at`, as a little-endian (or big-endian) integer. Caller checked bounds.
    @inline(__always)
    private func word(at: Int, count: Int, bigEndian: Bool) -> UInt64 {
        var v: UInt64 = 0
        if bigEndian {
            for i in 0..<count { v = (v << 8) | UInt64(bytes[at + i]) }
        } else {
            for i in stride(from: count - 1, through: 0, by: -1) { v = (v << 8) | UInt64(bytes[at + i]) }
        }
        return v
    }

    mutating func u32() throws(R1CSError) -> UInt32 {
        try need(4)
        defer { offset += 4 }
        return UInt32(truncatingIfNeeded: word(at: offset, count: 4, bigEndian: false))
    }

    mutating func u64() throws(R1CSError) -> UInt64 {
        try need(8)
        defer { offset += 8 }
        return word(at: offset, count: 8, bigEndian: false)
    }

    /// A canonical 32-byte big-endian field element; ≥ r is rejected.
    mutating func fr() throws(R1CSError) -> Fr {
        try need(32)
        let l3 = word(at: offset, count: 8, bigEndian: true), l2 = word(at: offset + 8, count: 8, bigEndian: true)
        let l1 = word(at: offset + 16, count: 8, bigEndian: true), l0 = word(at: offset + 24, count: 8, bigEndian: true)
        guard let x = Fr(canonicalLimbs: l0, l1, l2, l3) else { throw .nonCanonicalFieldElement(offset: offset) }
        offset += 32
        return x
    }

    mutating func string() throws(R1CSError) -> String {
        let start = offset
        let n = Int(try u32())
        let raw = try take(n)
        guard let s = String(validating: raw, as: UTF8.self) else { throw .invalidLabel(offset: start) }
        return s
    }

    /// A count that must not exceed `limit` (also used to bound allocations by the remaining input).
    mutating func count(_ field: String, limit: UInt64) throws(R1CSError) -> Int {
        let v = try u64()
        guard v <= limit else { throw .countTooLarge(field: field, value: v, limit: limit) }
        return Int(v)
    }

    func expectEnd() throws(R1CSError) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }
}
