/// A tiny protobuf encoder for building ONNX test models by hand (independent of the reader under test).
struct PB {
    var bytes: [UInt8] = []

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
    mutating func key(_ field: Int, _ wire: Int) { varint(UInt64(field << 3 | wire)) }
    mutating func int(_ field: Int, _ v: Int64) {
        key(field, 0)
        varint(UInt64(bitPattern: v))
    }
    mutating func data(_ field: Int, _ b: [UInt8]) {
        key(field, 2)
        varint(UInt64(b.count))
        bytes += b
    }
    mutating func string(_ field: Int, _ s: String) { data(field, Array(s.utf8)) }
    mutating func message(_ field: Int, _ m: PB) { data(field, m.bytes) }
    mutating func float(_ field: Int, _ f: Float) {
        key(field, 5)
        let u = f.bitPattern
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: u >> (8 * UInt32(i)))) }
    }
    mutating func packedFloats(_ field: Int, _ v: [Float]) {
        var b: [UInt8] = []
        for f in v { for i in 0..<4 { b.append(UInt8(truncatingIfNeeded: f.bitPattern >> (8 * UInt32(i)))) } }
        data(field, b)
    }
    mutating func packedInts(_ field: Int, _ v: [Int64]) {
        var inner = PB()
        for x in v { inner.varint(UInt64(bitPattern: x)) }
        data(field, inner.bytes)
    }
}

/// ONNX message builders (field numbers from onnx/onnx.proto).
enum ONNXBuilder {
    enum Storage { case raw, typed }

    static func floatTensor(_ name: String, dims: [Int64], values: [Float], storage: Storage) -> PB {
        var t = PB()
        t.packedInts(1, dims)
        t.int(2, 1)  // FLOAT
        t.string(8, name)
        switch storage {
        case .raw:
            var raw: [UInt8] = []
            for f in values {
                for i in 0..<4 { raw.append(UInt8(truncatingIfNeeded: f.bitPattern >> (8 * UInt32(i)))) }
            }
            t.data(9, raw)
        case .typed:
            t.packedFloats(4, values)
        }
        return t
    }

    static func int64Tensor(_ name: String, values: [Int64]) -> PB {
        var t = PB()
        t.int(1, Int64(values.count))  // unpacked dims
        t.int(2, 7)  // INT64
        t.string(8, name)
        t.packedInts(7, values)
        return t
    }

    enum Dim {
        case value(Int64)
        case param(String)
    }

    static func valueInfo(_ name: String, _ dims: [Dim], elemType: Int64 = 1) -> PB {
        var shape = PB()
        for d in dims {
            var dim = PB()
            switch d {
            case let .value(v): dim.int(1, v)
            case let .param(p): dim.string(2, p)
            }
            shape.message(1, dim)
        }
        var tensorType = PB()
        tensorType.int(1, elemType)
        tensorType.message(2, shape)
        var type = PB()
        type.message(1, tensorType)
        var vi = PB()
        vi.string(1, name)
        vi.message(2, type)
        return vi
    }

    static func attrInt(_ name: String, _ v: Int64) -> PB {
        var a = PB()
        a.string(1, name)
        a.int(20, 2)
        a.int(3, v)
        return a
    }
    static func attrFloat(_ name: String, _ v: Float) -> PB {
        var a = PB()
        a.string(1, name)
        a.int(20, 1)
        a.float(2, v)
        return a
    }
    static func attrInts(_ name: String, _ v: [Int64]) -> PB {
        var a = PB()
        a.string(1, name)
        a.int(20, 7)
        a.packedInts(8, v)
        return a
    }

    static func node(_ op: String, _ name: String, _ inputs: [String], _ outputs: [String], _ attrs: [PB] = []) -> PB {
        var n = PB()
        for i in inputs { n.string(1, i) }
        for o in outputs { n.string(2, o) }
        n.string(3, name)
        n.string(4, op)
        for a in attrs { n.message(5, a) }
        return n
    }

    static func model(opset: Int64 = 13, nodes: [PB], initializers: [PB], inputs: [PB], outputs: [PB]) -> [UInt8] {
        var g = PB()
        for n in nodes { g.message(1, n) }
        g.string(2, "test-graph")
        for t in initializers { g.message(5, t) }
        for i in inputs { g.message(11, i) }
        for o in outputs { g.message(12, o) }
        var opsetID = PB()
        opsetID.string(1, "")
        opsetID.int(2, opset)
        var m = PB()
        m.int(1, 8)  // ir_version
        m.message(8, opsetID)
        m.string(2, "zkinfer-tests")
        m.message(7, g)
        return m.bytes
    }
}
