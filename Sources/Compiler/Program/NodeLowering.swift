/// The op table of `GraphLowering`: one `NodeLowering` entry per supported ONNX op, each implemented in a
/// `NodeLowering+<Family>.swift` file. Adding an op is one file (or one function in an existing family file)
/// plus one line in `table`; nothing else dispatches on op names.
///
/// Invariant: op names in `table` are unique (checked when `byOp` is built); `supportedDescription`, the
/// text every `.unsupportedOp` error lists, is generated from `table`, so it cannot drift from what lowers.
struct NodeLowering: Sendable {
    /// A lowering: reads the node's operands and attributes from the context, appends zero or more float
    /// layers to the builder, and returns the value the node's first output names.
    typealias Lower = @Sendable (NodeContext, inout GraphBuilder) throws(CompilerError) -> GraphValue

    /// ONNX op type (`Node.opType`, domain `ai.onnx`).
    let op: String
    /// What of the op is supported, when it is a restriction of the ONNX op (shown in error messages).
    let restriction: String?
    let lower: Lower

    init(_ op: String, _ lower: @escaping Lower, restriction: String? = nil) {
        self.op = op
        self.restriction = restriction
        self.lower = lower
    }

    /// Every supported op, in the order error messages list them.
    static let table: [NodeLowering] = [
        NodeLowering("Gemm", lowerGemm),
        NodeLowering("MatMul", lowerMatMul),
        NodeLowering("Add", lowerArithmetic),
        NodeLowering("Sub", lowerArithmetic),
        NodeLowering("Mul", lowerArithmetic),
        NodeLowering("Div", lowerArithmetic, restriction: "by a constant or by a non-negative tensor"),
        NodeLowering("Conv", lowerConv, restriction: "dilation 1"),
        NodeLowering("Relu", lowerRelu),
        NodeLowering("LeakyRelu", lowerLeakyRelu),
        NodeLowering("MaxPool", lowerPool),
        NodeLowering("AveragePool", lowerPool),
        NodeLowering("GlobalAveragePool", lowerGlobalAveragePool),
        NodeLowering("Flatten", lowerFlatten),
        NodeLowering("Reshape", lowerReshape),
        NodeLowering("Squeeze", lowerSqueeze),
        NodeLowering("Unsqueeze", lowerUnsqueeze),
        NodeLowering("Transpose", lowerTranspose),
        NodeLowering("Slice", lowerSlice, restriction: "constant starts/ends/axes/steps"),
        NodeLowering("Gather", lowerGather, restriction: "constant indices, or token ids into a constant table"),
        NodeLowering("ReduceSum", lowerReduce, restriction: "constant axes"),
        NodeLowering("ReduceMean", lowerReduce, restriction: "constant axes"),
        NodeLowering("ReduceMax", lowerReduce, restriction: "constant axes"),
        NodeLowering("BatchNormalization", lowerBatchNormalization),
        NodeLowering("LayerNormalization", lowerLayerNormalization, restriction: "constant Scale and B, Y output only"),
        NodeLowering("Identity", lowerIdentity),
        NodeLowering("Dropout", lowerIdentity),
        NodeLowering("Sigmoid", lowerSigmoid),
        NodeLowering("Tanh", lowerTanh),
        NodeLowering("Erf", lowerErf),
        NodeLowering("Gelu", lowerGelu),
        NodeLowering("Clip", lowerClip, restriction: "constant bounds"),
        NodeLowering("HardSigmoid", lowerHardSigmoid),
        NodeLowering("HardSwish", lowerHardSwish),
        NodeLowering("ArgMax", lowerArgMax),
        NodeLowering("Softmax", lowerSoftmax),
        NodeLowering("Where", lowerWhere, restriction: "constant condition, one constant branch"),
        NodeLowering("Cast", lowerCast),
        NodeLowering("Shape", lowerShape),
        NodeLowering("Constant", lowerConstant),
        // Transformer ops (issue 12): shape ops around attention, constant folding.
        NodeLowering("Split", lowerSplit),
        NodeLowering("Concat", lowerConcat, restriction: "constant parts finite"),
        NodeLowering("Expand", lowerExpand, restriction: "constant shape"),
        NodeLowering("Range", lowerRange, restriction: "constant inputs"),
        NodeLowering("ConstantOfShape", lowerConstantOfShape, restriction: "constant shape"),
        NodeLowering("Equal", lowerConstantBinary, restriction: "constant inputs"),
        NodeLowering("Mod", lowerConstantBinary, restriction: "constant inputs"),
        NodeLowering("Sqrt", lowerSqrt),
        NodeLowering("Exp", lowerExp, restriction: "inputs up to 8"),
        NodeLowering("Pow", lowerPow, restriction: "constant exponent; 1, 2, 3 or 0.5 for a computed base"),
        NodeLowering("Pad", lowerPad, restriction: "constant pads; data padded with 0, reflect, edge or wrap"),
    ]

    /// `table` keyed by op name.
    static let byOp: [String: NodeLowering] = Dictionary(table.map { ($0.op, $0) }) { first, duplicate in
        preconditionFailure("op '\(first.op)' is registered twice in NodeLowering.table")
    }

    /// The supported ops as listed by `.unsupportedOp` errors, e.g. "Gemm, …, Conv (dilation 1), …".
    static let supportedDescription: String = table.map { entry in
        entry.restriction.map { "\(entry.op) (\($0))" } ?? entry.op
    }.joined(separator: ", ")
}

/// A tensor during graph lowering: a compile-time constant (initializers and what is folded from them), or a
/// computed tensor, i.e. the output `id` of a float layer (0 is the model input).
enum GraphValue {
    case constant(ConstantTensor)
    case data(id: Int, shape: [Int])

    /// The tensor's static shape.
    var shape: [Int] {
        switch self {
        case let .constant(c): return c.shape
        case let .data(_, shape): return shape
        }
    }

    /// The same tensor under a new shape with the same element count (a relabeling: no layer is added).
    func reshaped(_ shape: [Int], _ node: Node) throws(CompilerError) -> GraphValue {
        let old = self.shape
        guard shape.allSatisfy({ $0 >= 0 }), let count = shape.checkedProduct(), count == old.checkedProduct() else {
            throw .shapeMismatch(node: node.name, expected: old, got: shape)
        }
        switch self {
        case var .constant(c):
            c.shape = shape
            return .constant(c)
        case let .data(id, _):
            return .data(id: id, shape: shape)
        }
    }
}

/// A shape whose element count overflows (a product of dimensions read from a file).
func shapeTooLarge(_ shape: [Int], _ node: Node) -> CompilerError {
    .invalidONNX("node '\(node.name)' (\(node.opType)): shape \(shape) has too many elements")
}

/// The float program under construction: its layers, and the value each tensor name currently refers to.
///
/// Invariant: `layers[i].output == i + 1` (what `add` appends), as `FloatProgram` requires.
struct GraphBuilder {
    var layers: [FloatLayer] = []
    var values: [String: GraphValue] = [:]
    /// The model's default-domain opset (some ops changed semantics across versions, e.g. Softmax at 13).
    var opsetVersion = 13
    /// The model input (tensor 0) holds integers (token ids): only embedding lookups may read it.
    var integerInput = false

    /// Appends a layer reading the tensors `inputs` and returns its output as a computed value.
    mutating func add(_ name: String, _ op: FloatOp, inputs: [Int], shape: [Int]) -> GraphValue {
        let id = layers.count + 1
        layers.append(FloatLayer(name: name, op: op, inputs: inputs, output: id, shape: shape))
        return .data(id: id, shape: shape)
    }
}

/// What a lowering sees of its node: the node, its operands (nil for an omitted optional input) and typed
/// access to operands and attributes, each failing with an error that names the op, node and input.
struct NodeContext {
    let node: Node
    let operands: [GraphValue?]
    let attributes: Attributes

    init(node: Node, operands: [GraphValue?]) {
        self.node = node
        self.operands = operands
        self.attributes = Attributes(node: node)
    }

    var op: String { node.opType }

    /// Whether optional input `i` is present.
    func has(_ i: Int) -> Bool { i < operands.count && operands[i] != nil }

    /// Input `i`, which must be present.
    func arg(_ i: Int) throws(CompilerError) -> GraphValue {
        guard i < operands.count, let v = operands[i] else {
            throw .invalidONNX("node '\(node.name)' (\(op)) is missing its input #\(i)")
        }
        return v
    }

    /// Input `i`, which must be a constant (`what` names it in the error).
    func constant(_ i: Int, _ what: String) throws(CompilerError) -> ConstantTensor {
        guard case let .constant(c) = try arg(i) else {
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "input #\(i)",
                reason: "\(what) must be a constant (initializer), not a computed tensor")
        }
        return c
    }

    /// Input `i`, which must be a computed tensor: its layer output id and shape.
    func data(_ i: Int) throws(CompilerError) -> (Int, [Int]) {
        guard case let .data(id, shape) = try arg(i) else {
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "input #\(i)",
                reason: "expected the data tensor, got a constant")
        }
        return (id, shape)
    }

    /// Integer-valued constant entries (shapes, axes) as Int, rejecting NaN, fractions and huge values.
    func integers(_ values: [Double], what: String) throws(CompilerError) -> [Int] {
        var out: [Int] = []
        for v in values {
            guard v.isFinite, v == v.rounded(), v.magnitude < 0x1p31 else {
                throw .unsupportedAttribute(
                    op: node.opType, node: node.name, attribute: what,
                    reason: "\(v) is not a valid integer")
            }
            out.append(Int(v))
        }
        return out
    }
}
