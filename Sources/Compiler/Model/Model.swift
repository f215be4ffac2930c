/// A neural network as a graph of ONNX-style nodes over named tensors, in floating point, as read from a
/// file (`ONNXReader`, `JSONModelReader`). Nothing is checked for supportedness here; `GraphLowering`
/// does that when it turns the graph into a `Program`.
///
/// Invariants: every shape is static (symbolic or missing dimensions are resolved to batch 1 by the
/// readers); initializer values are stored as `Double` (float32 and int64 shape data are exact).
public struct Model: Sendable {
    /// A human-readable model name (graph name, or the JSON `name`).
    public var name: String
    /// Version of the default ONNX operator set (`ai.onnx`) the nodes follow.
    public var opsetVersion: Int
    /// Graph inputs that are not initializers, with static shapes.
    public var inputs: [ValueInfo]
    /// Graph outputs, in file order.
    public var outputs: [ValueInfo]
    /// Constant tensors by name (weights, biases, shape tensors).
    public var initializers: [String: ConstantTensor]
    /// Nodes in the file's order (ONNX requires topological order; the lowering checks it).
    public var nodes: [Node]
    /// The value range every input element is declared to lie in, when the model states one (JSON `range`).
    public var inputRange: ClosedRange<Double>?

    /// A model from its parts (what the readers build; tests build small graphs with it).
    public init(
        name: String, opsetVersion: Int, inputs: [ValueInfo], outputs: [ValueInfo],
        initializers: [String: ConstantTensor], nodes: [Node], inputRange: ClosedRange<Double>? = nil
    ) {
        self.name = name
        self.opsetVersion = opsetVersion
        self.inputs = inputs
        self.outputs = outputs
        self.initializers = initializers
        self.nodes = nodes
        self.inputRange = inputRange
    }
}

/// ONNX `TensorProto.DataType` codes used by the compiler.
public enum ElementType: Int, Sendable, Codable {
    /// No type given.
    case undefined = 0
    /// 32-bit IEEE float: the only type computed on.
    case float = 1
    /// 8-bit unsigned integer.
    case uint8 = 2
    /// 8-bit signed integer.
    case int8 = 3
    /// 16-bit unsigned integer.
    case uint16 = 4
    /// 16-bit signed integer.
    case int16 = 5
    /// 32-bit signed integer.
    case int32 = 6
    /// 64-bit signed integer (shapes, indices).
    case int64 = 7
    /// UTF-8 string.
    case string = 8
    /// Boolean.
    case bool = 9
    /// 16-bit IEEE float.
    case float16 = 10
    /// 64-bit IEEE float.
    case double = 11
    /// 32-bit unsigned integer.
    case uint32 = 12
    /// 64-bit unsigned integer.
    case uint64 = 13
}

/// A named tensor with a static shape (graph input or output).
public struct ValueInfo: Sendable, Equatable {
    /// The tensor's name in the graph.
    public var name: String
    /// Static shape; symbolic dimensions were resolved to 1 by the reader.
    public var shape: [Int]
    /// The declared element type.
    public var elementType: ElementType
    /// A tensor description; element type float unless given.
    public init(name: String, shape: [Int], elementType: ElementType = .float) {
        self.name = name
        self.shape = shape
        self.elementType = elementType
    }
}

/// A constant tensor (initializer or `Constant` node value).
///
/// Invariant: `values.count == shape.reduce(1, *)` (checked by the readers).
public struct ConstantTensor: Sendable, Equatable {
    /// Static shape (empty for a scalar).
    public var shape: [Int]
    /// Row-major values, exact for float32 and for int64 values below 2^53.
    public var values: [Double]
    /// The element type the file declared (int64 for shape tensors).
    public var elementType: ElementType
    /// A constant; the caller keeps `values.count == shape.reduce(1, *)`.
    public init(shape: [Int], values: [Double], elementType: ElementType = .float) {
        self.shape = shape
        self.values = values
        self.elementType = elementType
    }
}

/// One attribute value (the ONNX `AttributeProto` kinds the compiler understands; others are kept as
/// `.unsupported` so that an op that needs them fails with a clear message).
public enum AttributeValue: Sendable, Equatable {
    /// An INT attribute.
    case int(Int64)
    /// An INTS attribute (a list).
    case ints([Int64])
    /// A FLOAT attribute.
    case float(Float)
    /// A FLOATS attribute (a list).
    case floats([Float])
    /// A STRING attribute (bytes read as UTF-8).
    case string(String)
    /// A STRINGS attribute (a list).
    case strings([String])
    /// A TENSOR attribute (e.g. `Constant`'s `value`).
    case tensor(ConstantTensor)
    /// Any other attribute kind, by its ONNX `AttributeProto.AttributeType` code; lowering rejects it if used.
    case unsupported(type: Int)
}

/// One operation of the graph.
public struct Node: Sendable {
    /// ONNX op type, e.g. "Gemm", "Conv"; `NodeLowering.table` lists what lowers.
    public var opType: String
    /// Node name (generated by the reader when the file has none); errors and reports name the node by it.
    public var name: String
    /// Operator domain; "" and "ai.onnx" are the default domain, anything else is unsupported.
    public var domain: String
    /// Input tensor names; an empty string marks an omitted optional input.
    public var inputs: [String]
    /// Output tensor names; the lowering binds only the first (MaxPool rejects a used Indices output).
    public var outputs: [String]
    /// Attributes by name.
    public var attributes: [String: AttributeValue]

    /// A node; default domain, no attributes unless given.
    public init(
        opType: String, name: String, domain: String = "", inputs: [String], outputs: [String],
        attributes: [String: AttributeValue] = [:]
    ) {
        self.opType = opType
        self.name = name
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }
}
