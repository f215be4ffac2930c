/// Every way loading, compiling or running a model can fail. Each case carries enough context (file offset,
/// node name, op type, tensor name, expected/got) for the message to say what is wrong and where.
///
/// Invariant: `description` is a complete, human-readable sentence naming the offending item.
public enum CompilerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The protobuf wire format is broken (truncated varint, length past the end, bad wire type…).
    case malformedProtobuf(offset: Int, reason: String)
    /// A well-formed protobuf that is not a usable ONNX model (missing graph, wrong field type…).
    case invalidONNX(String)
    /// The model's default-domain opset version is outside the supported range.
    case unsupportedOpset(version: Int, supported: ClosedRange<Int>)
    /// An op type the compiler cannot lower.
    case unsupportedOp(op: String, node: String, supported: String)
    /// An attribute value (or combination) the compiler cannot lower for this op.
    case unsupportedAttribute(op: String, node: String, attribute: String, reason: String)
    /// A node refers to a tensor that no input, initializer or earlier node provides.
    case missingTensor(name: String, node: String)
    /// Shapes that do not fit together.
    case shapeMismatch(node: String, expected: [Int], got: [Int])
    /// The JSON model or input document is invalid.
    case invalidJSON(String)
    /// The input tensor does not match what the model was compiled for.
    case invalidInput(String)
    /// A value is outside the static bound the circuit was compiled for (input or an intermediate tensor).
    case outOfBound(tensor: String, index: Int, value: Double, bound: ClosedRange<Double>)
    /// Integer overflow or a bound that does not fit the fixed-point representation.
    case overflow(layer: String, reason: String)
    /// I/O (file not found, unreadable) or an unknown file extension.
    case io(String)
    /// A serialized compiled model that cannot be used (wrong version, inconsistent fields, digest mismatch).
    case invalidCompiledModel(String)

    /// A one-line, human-readable message naming the offending item.
    public var description: String {
        switch self {
        case let .malformedProtobuf(offset, reason):
            return "malformed ONNX protobuf at byte \(offset): \(reason)"
        case let .invalidONNX(message):
            return "invalid ONNX model: \(message)"
        case let .unsupportedOpset(version, supported):
            return "unsupported ONNX opset version \(version) "
                + "(supported: \(supported.lowerBound)–\(supported.upperBound))"
        case let .unsupportedOp(op, node, supported):
            return "unsupported op '\(op)' in node '\(node)'; supported ops: \(supported)"
        case let .unsupportedAttribute(op, node, attribute, reason):
            return "unsupported attribute '\(attribute)' of \(op) node '\(node)': \(reason)"
        case let .missingTensor(name, node):
            return "node '\(node)' uses tensor '\(name)', which is neither a graph input, an initializer "
                + "nor a node output"
        case let .shapeMismatch(node, expected, got):
            return "shape mismatch in '\(node)': expected \(expected), got \(got)"
        case let .invalidJSON(message):
            return "invalid JSON: \(message)"
        case let .invalidInput(message):
            return "invalid input: \(message)"
        case let .outOfBound(tensor, index, value, bound):
            return "value \(value) at index \(index) of tensor '\(tensor)' is outside the bound "
                + "[\(bound.lowerBound), \(bound.upperBound)] the circuit was compiled for"
        case let .overflow(layer, reason):
            return "fixed-point overflow in layer '\(layer)': \(reason)"
        case let .io(message):
            return message
        case let .invalidCompiledModel(message):
            return "invalid compiled model: \(message)"
        }
    }
}
