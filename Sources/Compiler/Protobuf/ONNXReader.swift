/// Reads the subset of ONNX's `ModelProto` (onnx/onnx.proto, IR version ≥ 3) that the compiler needs:
/// opset imports, the main graph's nodes with INT/INTS/FLOAT/FLOATS/STRING/STRINGS/TENSOR attributes,
/// initializers (little-endian `raw_data` or the typed `float_data`/`int32_data`/`int64_data`/`double_data`
/// fields), and graph inputs/outputs with shapes (`dim_param` or an empty dimension means batch 1).
/// Unknown fields are skipped, as protobuf requires.
///
/// Failure: malformed bytes → `.malformedProtobuf(offset:reason:)`; a well-formed message with wrong or
/// missing content → `.invalidONNX`; opset outside 9…21 → `.unsupportedOpset`.
public enum ONNXReader {
    /// The default-domain opset versions the compiler's op semantics are written for.
    public static let supportedOpsets: ClosedRange<Int> = 9...21

    /// Parses a serialized `ModelProto`.
    public static func read(_ bytes: [UInt8]) throws(CompilerError) -> Model {
        guard !bytes.isEmpty else { throw .invalidONNX("the file is empty") }
        var reader = ProtobufReader(bytes)
        var opset: Int?
        var graphBytes: ArraySlice<UInt8>?
        while let (field, value) = try reader.next() {
            switch field {
            case 8:  // opset_import: OperatorSetIdProto
                var r = ProtobufReader(try value.slice(field: 8))
                var domain = ""
                var version: Int64 = 0
                while let (f, v) = try r.next() {
                    if f == 1 { domain = try v.string(field: 1) }
                    if f == 2 { version = try v.int64(field: 2) }
                }
                if domain == "" || domain == "ai.onnx" { opset = Int(version) }
            case 7:  // graph
                graphBytes = try value.slice(field: 7)
            default:
                continue
            }
        }
        guard let graphBytes else { throw .invalidONNX("ModelProto has no graph (field 7)") }
        guard let opset else { throw .invalidONNX("ModelProto has no opset_import for the default domain") }
        guard supportedOpsets.contains(opset) else {
            throw .unsupportedOpset(version: opset, supported: supportedOpsets)
        }
        return try readGraph(graphBytes, opset: opset)
    }

    private static func readGraph(_ bytes: ArraySlice<UInt8>, opset: Int) throws(CompilerError) -> Model {
        var reader = ProtobufReader(bytes)
        var name = ""
        var nodes: [Node] = []
        var initializers: [String: ConstantTensor] = [:]
        var inputs: [ValueInfo] = []
        var outputs: [ValueInfo] = []
        while let (field, value) = try reader.next() {
            switch field {
            case 1: nodes.append(try readNode(try value.slice(field: 1), index: nodes.count))
            case 2: name = try value.string(field: 2)
            case 5:
                let (tensorName, tensor) = try readTensor(try value.slice(field: 5))
                guard !tensorName.isEmpty else { throw .invalidONNX("an initializer has no name") }
                initializers[tensorName] = tensor
            case 15: throw .invalidONNX("sparse initializers are not supported")
            case 11: inputs.append(try readValueInfo(try value.slice(field: 11)))
            case 12: outputs.append(try readValueInfo(try value.slice(field: 12)))
            default: continue
            }
        }
        // Graph inputs that also have an initializer are constants (IR < 4 listed them as inputs).
        inputs.removeAll { initializers[$0.name] != nil }
        guard !outputs.isEmpty else { throw .invalidONNX("the graph has no outputs") }
        return Model(
            name: name.isEmpty ? "onnx-model" : name, opsetVersion: opset, inputs: inputs,
            outputs: outputs, initializers: initializers, nodes: nodes)
    }

    private static func readNode(_ bytes: ArraySlice<UInt8>, index: Int) throws(CompilerError) -> Node {
        var reader = ProtobufReader(bytes)
        var node = Node(opType: "", name: "", inputs: [], outputs: [])
        while let (field, value) = try reader.next() {
            switch field {
            case 1: node.inputs.append(try value.string(field: 1))
            case 2: node.outputs.append(try value.string(field: 2))
            case 3: node.name = try value.string(field: 3)
            case 4: node.opType = try value.string(field: 4)
            case 7: node.domain = try value.string(field: 7)
            case 5:
                let (attrName, attr) = try readAttribute(try value.slice(field: 5))
                node.attributes[attrName] = attr
            default: continue
            }
        }
        if node.name.isEmpty { node.name = "\(node.opType.isEmpty ? "node" : node.opType)_\(index)" }
        guard !node.opType.isEmpty else { throw .invalidONNX("node '\(node.name)' has no op_type") }
        return node
    }

    private static func readAttribute(_ bytes: ArraySlice<UInt8>) throws(CompilerError) -> (String, AttributeValue) {
        var reader = ProtobufReader(bytes)
        var name = ""
        var type = 0
        var f: Float?
        var i: Int64?
        var s: String?
        var t: ConstantTensor?
        var floats: [Float] = []
        var ints: [Int64] = []
        var strings: [String] = []
        while let (field, value) = try reader.next() {
            switch field {
            case 1: name = try value.string(field: 1)
            case 20: type = Int(try value.int64(field: 20))
            case 2: f = try value.float(field: 2)
            case 3: i = try value.int64(field: 3)
            case 4: s = try value.string(field: 4)
            case 5: t = try readTensor(try value.slice(field: 5)).1
            case 7: try value.appendFloats(to: &floats, field: 7)
            case 8: try value.appendInt64s(to: &ints, field: 8)
            case 9: strings.append(try value.string(field: 9))
            default: continue
            }
        }
        switch type {
        case 1: return (name, .float(f ?? 0))
        case 2: return (name, .int(i ?? 0))
        case 3: return (name, .string(s ?? ""))
        case 4:
            guard let t else { throw .invalidONNX("TENSOR attribute '\(name)' has no tensor") }
            return (name, .tensor(t))
        case 6: return (name, .floats(floats))
        case 7: return (name, .ints(ints))
        case 8: return (name, .strings(strings))
        default: return (name, .unsupported(type: type))
        }
    }

    /// Reads a `TensorProto` into doubles. Returns its name and value.
    static func readTensor(_ bytes: ArraySlice<UInt8>) throws(CompilerError) -> (String, ConstantTensor) {
        var reader = ProtobufReader(bytes)
        var name = ""
        var dims: [Int64] = []
        var dataType = 0
        var raw: ArraySlice<UInt8>?
        var floats: [Float] = []
        var int64s: [Int64] = []
        var int32s: [Int64] = []
        var doubles: [Double] = []
        while let (field, value) = try reader.next() {
            switch field {
            case 1: try value.appendInt64s(to: &dims, field: 1)
            case 2: dataType = Int(try value.int64(field: 2))
            case 4: try value.appendFloats(to: &floats, field: 4)
            case 5: try value.appendInt64s(to: &int32s, field: 5)
            case 7: try value.appendInt64s(to: &int64s, field: 7)
            case 8: name = try value.string(field: 8)
            case 9: raw = try value.slice(field: 9)
            case 10: try value.appendDoubles(to: &doubles, field: 10)
            case 14:
                if try value.int64(field: 14) == 1 {
                    throw .invalidONNX("tensor '\(name)' uses external data, which is not supported")
                }
            default: continue
            }
        }
        let label = name.isEmpty ? "(unnamed)" : name
        guard dims.allSatisfy({ $0 >= 0 && $0 < 1 << 31 }) else {
            throw .invalidONNX("tensor '\(label)' has invalid dims \(dims)")
        }
        let shape = dims.map { Int($0) }
        var count = 1
        for d in shape {
            let (p, o) = count.multipliedReportingOverflow(by: d)
            guard !o, p < 1 << 31 else { throw .invalidONNX("tensor '\(label)' is too large") }
            count = p
        }
        guard let elementType = ElementType(rawValue: dataType) else {
            throw .invalidONNX("tensor '\(label)' has unknown data type \(dataType)")
        }
        var values: [Double] = []
        if let raw {
            values = try decodeRaw(raw, type: elementType, name: label)
        } else {
            switch elementType {
            case .float: values = floats.map(Double.init)
            case .double: values = doubles
            case .int64: values = int64s.map(Double.init)
            case .int32, .int16, .int8, .uint8, .uint16, .bool: values = int32s.map(Double.init)
            default: throw .invalidONNX("tensor '\(label)' has unsupported data type \(elementType)")
            }
        }
        guard values.count == count else {
            throw .invalidONNX("tensor '\(label)' has \(values.count) values but its shape \(shape) needs \(count)")
        }
        return (name, ConstantTensor(shape: shape, values: values, elementType: elementType))
    }

    private static func decodeRaw(_ raw: ArraySlice<UInt8>, type: ElementType, name: String) throws(CompilerError)
        -> [Double]
    {
        let width: Int
        switch type {
        case .float, .int32, .uint32: width = 4
        case .double, .int64, .uint64: width = 8
        case .int16, .uint16: width = 2
        case .int8, .uint8, .bool: width = 1
        default: throw .invalidONNX("tensor '\(name)' has unsupported raw data type \(type)")
        }
        guard raw.count % width == 0 else {
            throw .invalidONNX("raw_data of tensor '\(name)' has \(raw.count) bytes, not a multiple of \(width)")
        }
        var out: [Double] = []
        out.reserveCapacity(raw.count / width)
        var i = raw.startIndex
        while i < raw.endIndex {
            var u: UInt64 = 0
            for k in 0..<width { u |= UInt64(raw[i + k]) << (8 * UInt64(k)) }
            i += width
            switch type {
            case .float: out.append(Double(Float(bitPattern: UInt32(truncatingIfNeeded: u))))
            case .double: out.append(Double(bitPattern: u))
            case .int64: out.append(Double(Int64(bitPattern: u)))
            case .uint64: out.append(Double(u))
            case .int32: out.append(Double(Int32(truncatingIfNeeded: u)))
            case .uint32: out.append(Double(UInt32(truncatingIfNeeded: u)))
            case .int16: out.append(Double(Int16(truncatingIfNeeded: u)))
            case .uint16: out.append(Double(UInt16(truncatingIfNeeded: u)))
            case .int8: out.append(Double(Int8(truncatingIfNeeded: u)))
            default: out.append(Double(u))
            }
        }
        return out
    }

    private static func readValueInfo(_ bytes: ArraySlice<UInt8>) throws(CompilerError) -> ValueInfo {
        var reader = ProtobufReader(bytes)
        var info = ValueInfo(name: "", shape: [], elementType: .undefined)
        while let (field, value) = try reader.next() {
            switch field {
            case 1: info.name = try value.string(field: 1)
            case 2:  // TypeProto
                var tr = ProtobufReader(try value.slice(field: 2))
                while let (tf, tv) = try tr.next() {
                    guard tf == 1 else { continue }  // tensor_type
                    var tt = ProtobufReader(try tv.slice(field: 1))
                    while let (f, v) = try tt.next() {
                        if f == 1, let e = ElementType(rawValue: Int(try v.int64(field: 1))) { info.elementType = e }
                        if f == 2 { info.shape = try readShape(try v.slice(field: 2), name: info.name) }
                    }
                }
            default: continue
            }
        }
        return info
    }

    private static func readShape(_ bytes: ArraySlice<UInt8>, name: String) throws(CompilerError) -> [Int] {
        var reader = ProtobufReader(bytes)
        var shape: [Int] = []
        while let (field, value) = try reader.next() {
            guard field == 1 else { continue }
            var dr = ProtobufReader(try value.slice(field: 1))
            var dim = 1  // dim_param or no value: symbolic batch → 1
            while let (f, v) = try dr.next() {
                if f == 1 {
                    let d = try v.int64(field: 1)
                    guard d >= 0 && d < 1 << 31 else { throw .invalidONNX("'\(name)' has invalid dimension \(d)") }
                    dim = Int(d)
                }
            }
            shape.append(dim)
        }
        return shape
    }
}
