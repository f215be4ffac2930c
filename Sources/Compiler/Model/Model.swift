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

    public init(name: String, opsetVersion: Int, inputs: [ValueInfo], outputs: [ValueInfo],
                initializers: [String: ConstantTensor], nodes: [Node], inputRange: ClosedRange<Double>? = nil) {
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
    case undefined = 0, float = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7, string = 8
    case bool = 9, float16 = 10, double = 11, uint32 = 12, uint64 = 13
}

/// A named tensor with a static shape (graph input or output).
public struct ValueInfo: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var elementType: ElementType
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
    public var shape: [Int]
    public var values: [Double]
    public var elementType: ElementType
    public init(shape: [Int], values: [Double], elementType: ElementType = .float) {
        self.shape = shape
        self.values = values
        self.elementType = elementType
    }
}

/// One attribute value (the ONNX `AttributeProto` kinds the compiler understands; others are kept as
/// `.unsupported` so that an op that needs them fails with a clear message).
public enum AttributeValue: Sendable, Equatable {
    case int(Int64)
    case ints([Int64])
    case float(Float)
    case floats([Float])
    case string(String)
    case strings([String])
    case tensor(ConstantTensor)
    case unsupported(type: Int)
}

/// One operation of the graph.
public struct Node: Sendable {
    public var opType: String
    public var name: String
    public var domain: String
    /// Input tensor names; an empty string marks an omitted optional input.
    public var inputs: [String]
    public var outputs: [String]
    public var attributes: [String: AttributeValue]

    public init(opType: String, name: String, domain: String = "", inputs: [String], outputs: [String],
                attributes: [String: AttributeValue] = [:]) {
        self.opType = opType
        self.name = name
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }
}
