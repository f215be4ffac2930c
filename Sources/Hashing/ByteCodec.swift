/// The byte order of a fixed-width integer in a binary format. zkinfer's own formats are big-endian (as
/// EIP-196/197 points and network order); circom/snarkjs files (`.r1cs`, `.wtns`, `.zkey`, `.ptau`) are
/// little-endian.
public enum ByteOrder: Sendable {
    /// Most significant byte first (network order; zkinfer's own formats and EIP-196/197 points).
    case bigEndian
    /// Least significant byte first (circom/snarkjs binary files).
    case littleEndian
}

/// Why a `ByteReader` read failed: what was being read (`field`), where (`offset` from the start of the
/// reader's bytes) and what was wrong. Each module wraps it in its own error enum with the file's name.
public struct ByteCodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failure, with the numbers a message needs.
    public enum Reason: Sendable, Equatable {
        /// `needed` bytes were asked for, `available` remained.
        case truncated(needed: Int, available: Int)
        /// A count or length field holds `value`, above `limit` (or more elements than the remaining bytes hold).
        case countTooLarge(value: UInt64, limit: UInt64)
        /// `count` bytes follow the end of the encoding.
        case trailingBytes(count: Int)
        /// The bytes were read but their value is not acceptable (non-canonical, out of range, wrong tag…).
        case invalid(String)
    }

    /// What was being read, as a message names it (`"header"`, `"nWires"`, …).
    public let field: String
    /// Where the failed read started, in bytes from the start of the reader's bytes.
    public let offset: Int
    /// What went wrong, with the numbers the message needs.
    public let reason: Reason

    /// An error about `field` at `offset`; readers build it with `ByteReader.error(_:_:)`, which fills the offset in.
    public init(field: String, offset: Int, reason: Reason) {
        self.field = field
        self.offset = offset
        self.reason = reason
    }

    /// `field` at `offset` holds a value that is not acceptable (`why`).
    public static func invalid(_ field: String, at offset: Int, _ why: String) -> ByteCodecError {
        ByteCodecError(field: field, offset: offset, reason: .invalid(why))
    }

    /// The one-line message shown to users, naming the field, the byte offset and the reason.
    public var description: String {
        switch reason {
        case .truncated(let needed, let available):
            "truncated in \(field) at byte \(offset): needs \(needed) bytes, \(available) left"
        case .countTooLarge(let value, let limit):
            "\(field) at byte \(offset) is \(value), above the limit \(limit) for this input"
        case .trailingBytes(let count):
            "\(count) unexpected bytes after \(field) at byte \(offset)"
        case .invalid(let why):
            "\(field) at byte \(offset): \(why)"
        }
    }
}

/// Appends fixed-width integers and raw bytes: the one writer behind every binary format of zkinfer (the model
/// is arkworks' `ark-serialize`: the format says the byte order, the codec only writes what it is told).
///
/// Invariant: `bytes` holds everything appended since the last `flush()`; with a sink, `flush()` hands the
/// buffered bytes over in order, so the concatenation of all chunks is the encoding.
public struct ByteWriter {
    /// The bytes appended and not yet flushed to the sink (without a sink: everything appended).
    public private(set) var bytes: [UInt8] = []
    private let chunkSize: Int
    private let sink: (([UInt8]) -> Void)?

    /// Accumulates everything in `bytes`.
    public init(capacity: Int = 0) {
        chunkSize = .max
        sink = nil
        bytes.reserveCapacity(capacity)
    }

    /// Streams chunks of about `chunkSize` bytes to `sink` (so hashing a large encoding never holds all of it);
    /// call `flush()` at the end.
    public init(chunkSize: Int, sink: @escaping ([UInt8]) -> Void) {
        self.chunkSize = chunkSize
        self.sink = sink
        bytes.reserveCapacity(chunkSize + 64)
    }

    /// Hands the buffered bytes to the sink (no-op without one).
    public mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Appends raw bytes as they are; flushes to the sink once `chunkSize` bytes are buffered.
    public mutating func append(_ raw: some Sequence<UInt8>) {
        bytes.append(contentsOf: raw)
        if bytes.count >= chunkSize { flush() }
    }

    /// Appends one byte; flushes to the sink once `chunkSize` bytes are buffered.
    public mutating func append(_ byte: UInt8) {
        bytes.append(byte)
        if bytes.count >= chunkSize { flush() }
    }

    /// `value` in `order`, `T.bitWidth / 8` bytes.
    public mutating func append<T: FixedWidthInteger>(_ value: T, _ order: ByteOrder) {
        let stored = order == .bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: stored) { bytes.append(contentsOf: $0) }
        if bytes.count >= chunkSize { flush() }
    }
}

/// Bounds-checked reads over a byte string: every read either returns exactly what was asked for or throws a
/// `ByteCodecError` naming the field; nothing traps on hostile input, and counts are checked against the bytes
/// that remain before anything is allocated from them.
///
/// Invariant: `bytes.startIndex <= position <= bytes.endIndex`.
public struct ByteReader {
    /// The bytes being read; indices are those of the slice (`startIndex` need not be 0).
    public let bytes: ArraySlice<UInt8>
    /// The index in `bytes` of the next byte to read, in `bytes.startIndex...bytes.endIndex`.
    public private(set) var position: Int

    /// A reader at the start of `bytes`.
    public init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    /// A reader at the start of the slice; offsets in errors count from `bytes.startIndex`.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// Bytes consumed so far.
    public var offset: Int { position - bytes.startIndex }
    /// The number of bytes not yet read (≥ 0).
    public var remaining: Int { bytes.endIndex - position }
    /// Whether every byte has been read; decoders check this to refuse trailing bytes.
    public var isAtEnd: Bool { position == bytes.endIndex }

    /// A `ByteCodecError` about `field` at the current offset, for checks made by the caller after a read.
    public func error(_ field: String, _ reason: ByteCodecError.Reason) -> ByteCodecError {
        ByteCodecError(field: field, offset: offset, reason: reason)
    }

    /// The next `count` bytes.
    public mutating func take(_ count: Int, _ field: @autoclosure () -> String) throws(ByteCodecError)
        -> ArraySlice<UInt8>
    {
        guard count >= 0, count <= remaining else {
            throw error(field(), .truncated(needed: count, available: remaining))
        }
        defer { position += count }
        return bytes[position..<position + count]
    }

    /// The next byte.
    /// - Throws: `ByteCodecError` `.truncated` when no byte remains.
    public mutating func readByte(_ field: @autoclosure () -> String) throws(ByteCodecError) -> UInt8 {
        guard remaining >= 1 else { throw error(field(), .truncated(needed: 1, available: 0)) }
        defer { position += 1 }
        return bytes[position]
    }

    /// A `T.bitWidth / 8`-byte integer in `order`.
    public mutating func read<T: FixedWidthInteger & UnsignedInteger>(
        _: T.Type, _ order: ByteOrder, _ field: @autoclosure () -> String
    ) throws(ByteCodecError) -> T {
        let raw = try take(T.bitWidth / 8, field())
        return order == .bigEndian
            ? raw.reduce(T.zero) { $0 << 8 | T($1) }
            : raw.reversed().reduce(T.zero) { $0 << 8 | T($1) }
    }

    /// An element count of width `T`, refused when above `limit` or when `count × elementSize` bytes do not
    /// remain, so a corrupted count never makes a decoder allocate.
    public mutating func readCount<T: FixedWidthInteger & UnsignedInteger>(
        _: T.Type, _ order: ByteOrder, _ field: String, elementSize: Int, limit: Int = 1 << 32
    ) throws(ByteCodecError) -> Int {
        let start = offset
        let value = try read(T.self, order, field)
        let bound = UInt64(max(0, min(limit, elementSize > 0 ? remaining / elementSize : limit)))
        guard UInt64(value) <= bound else {
            throw ByteCodecError(
                field: field, offset: start, reason: .countTooLarge(value: UInt64(value), limit: bound))
        }
        return Int(value)
    }

    /// Checks that nothing follows the encoding.
    public func expectEnd(after field: String) throws(ByteCodecError) {
        guard remaining == 0 else { throw error(field, .trailingBytes(count: remaining)) }
    }
}
