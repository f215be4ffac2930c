/// Elementwise activations of a computed tensor: Relu, LeakyRelu, Sigmoid, Tanh, and Softmax (which becomes the
/// unproved output head; `ProgramOptimizer` rejects it anywhere but last). Each adds one layer of the same shape.
extension NodeLowering {
    /// Relu: max(x, 0).
    static func lowerRelu(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        return b.add(c.node.name, .relu, inputs: [id], shape: shape)
    }

    /// LeakyRelu: x ≥ 0 ? x : α·x (`alpha`, default 0.01).
    static func lowerLeakyRelu(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        let alpha = try c.attributes.float("alpha", default: 0.01)
        guard alpha.isFinite else {
            throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "alpha", reason: "\(alpha) is not a finite number")
        }
        return b.add(c.node.name, .leakyRelu(alpha: Double(alpha)), inputs: [id], shape: shape)
    }

    /// Sigmoid: 1 / (1 + e^−x) (a piecewise-linear table after quantization).
    static func lowerSigmoid(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        return b.add(c.node.name, .sigmoid, inputs: [id], shape: shape)
    }

    /// Tanh (a piecewise-linear table after quantization).
    static func lowerTanh(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        return b.add(c.node.name, .tanh, inputs: [id], shape: shape)
    }

    /// Softmax over a single non-trivial axis (batch 1).
    static func lowerSoftmax(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        guard shape.filter({ $0 > 1 }).count <= 1 else {
            throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "axis",
                                        reason: "Softmax is supported over a single non-trivial axis (batch 1)")
        }
        return b.add(c.node.name, .softmax, inputs: [id], shape: shape)
    }
}
