/// A minimal reader for the protocol-buffers binary wire format
/// (https://protobuf.dev/programming-guides/encoding/): varints, 64-bit, length-delimited and 32-bit fields,
/// with packed repeated scalars. It knows nothing about schemas; `ONNXReader` maps field numbers to meaning.
///
/// Invariant: `offset` always lies in `0...bytes.count`; every read checks the remaining length first and
/// throws `CompilerError.malformedProtobuf` (with the absolute byte offset) instead of reading past the end.
struct ProtobufReader {
    /// The wire types of the encoding (groups, types 3 and 4, are deprecated and rejected).
    enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    /// One field's value as found on the wire.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        /// A sub-range of the underlying buffer (bytes, string, embedded message or packed scalars).
        case bytes(ArraySlice<UInt8>)
    }

    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.offset = bytes.startIndex
    }

    init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    var isAtEnd: Bool { offset >= bytes.endIndex }

    /// Reads the next (field number, value) pair, or nil at the end of the buffer.
    mutating func next() throws(CompilerError) -> (field: Int, value: Value)? {
        if isAtEnd { return nil }
        let start = offset
        let key = try readVarint()
        let fieldNumber = key >> 3
        guard fieldNumber > 0, fieldNumber <= 0x1FFF_FFFF else {
            throw .malformedProtobuf(offset: start, reason: "invalid field number \(fieldNumber)")
        }
        guard let wire = WireType(rawValue: key & 7) else {
            throw .malformedProtobuf(offset: start, reason: "unsupported wire type \(key & 7) for field \(fieldNumber)")
        }
        switch wire {
        case .varint:
            return (Int(fieldNumber), .varint(try readVarint()))
        case .fixed64:
            return (Int(fieldNumber), .fixed64(try readFixed64()))
        case .fixed32:
            return (Int(fieldNumber), .fixed32(try readFixed32()))
        case .lengthDelimited:
            let lengthOffset = offset
            let length = try readVarint()
            guard length <= UInt64(bytes.endIndex - offset) else {
                throw .malformedProtobuf(
                    offset: lengthOffset,
                    reason: "length \(length) of field \(fieldNumber) runs past the end "
                        + "(\(bytes.endIndex - offset) bytes left)")
            }
            let slice = bytes[offset..<(offset + Int(length))]
            offset += Int(length)
            return (Int(fieldNumber), .bytes(slice))
        }
    }

    /// Base-128 varint, at most 10 bytes.
    mutating func readVarint() throws(CompilerError) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.endIndex else { throw .malformedProtobuf(offset: start, reason: "truncated varint") }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 { throw .malformedProtobuf(offset: start, reason: "varint longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .malformedProtobuf(offset: start, reason: "varint longer than 10 bytes") }
        }
    }

    mutating func readFixed32() throws(CompilerError) -> UInt32 {
        guard bytes.endIndex - offset >= 4 else {
            throw .malformedProtobuf(offset: offset, reason: "truncated fixed32")
        }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }

    mutating func readFixed64() throws(CompilerError) -> UInt64 {
        guard bytes.endIndex - offset >= 8 else {
            throw .malformedProtobuf(offset: offset, reason: "truncated fixed64")
        }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }
}

extension ProtobufReader.Value {
    /// Integer value of a varint field (two's complement for negative int64/int32).
    func int64(field: Int) throws(CompilerError) -> Int64 {
        guard case let .varint(v) = self else { throw .invalidONNX("field \(field) should be a varint") }
        return Int64(bitPattern: v)
    }

    func slice(field: Int) throws(CompilerError) -> ArraySlice<UInt8> {
        guard case let .bytes(s) = self else { throw .invalidONNX("field \(field) should be length-delimited") }
        return s
    }

    func string(field: Int) throws(CompilerError) -> String {
        let s = try slice(field: field)
        return String(decoding: s, as: UTF8.self)
    }

    func float(field: Int) throws(CompilerError) -> Float {
        guard case let .fixed32(v) = self else { throw .invalidONNX("field \(field) should be a 32-bit float") }
        return Float(bitPattern: v)
    }

    /// A repeated int64/int32 field: either one unpacked varint or a packed run of varints.
    func appendInt64s(to out: inout [Int64], field: Int) throws(CompilerError) {
        switch self {
        case let .varint(v): out.append(Int64(bitPattern: v))
        case let .bytes(s):
            var r = ProtobufReader(s)
            while !r.isAtEnd { out.append(Int64(bitPattern: try r.readVarint())) }
        default: throw .invalidONNX("field \(field) should hold int64 values")
        }
    }

    /// A repeated float field: one fixed32 or a packed run of fixed32 values.
    func appendFloats(to out: inout [Float], field: Int) throws(CompilerError) {
        switch self {
        case let .fixed32(v): out.append(Float(bitPattern: v))
        case let .bytes(s):
            guard s.count % 4 == 0 else {
                throw .malformedProtobuf(
                    offset: s.startIndex,
                    reason: "packed float field \(field) has \(s.count) bytes, not a multiple of 4")
            }
            var r = ProtobufReader(s)
            while !r.isAtEnd { out.append(Float(bitPattern: try r.readFixed32())) }
        default: throw .invalidONNX("field \(field) should hold float values")
        }
    }

    /// A repeated double field: one fixed64 or a packed run of fixed64 values.
    func appendDoubles(to out: inout [Double], field: Int) throws(CompilerError) {
        switch self {
        case let .fixed64(v): out.append(Double(bitPattern: v))
        case let .bytes(s):
            guard s.count % 8 == 0 else {
                throw .malformedProtobuf(
                    offset: s.startIndex,
                    reason: "packed double field \(field) has \(s.count) bytes, not a multiple of 8")
            }
            var r = ProtobufReader(s)
            while !r.isAtEnd { out.append(Double(bitPattern: try r.readFixed64())) }
        default: throw .invalidONNX("field \(field) should hold double values")
        }
    }
}
