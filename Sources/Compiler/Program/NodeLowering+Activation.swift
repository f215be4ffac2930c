/// Elementwise activations of a computed tensor: Relu, LeakyRelu, Sigmoid, Tanh, and Softmax along an axis (a final
/// single-row Softmax becomes the unproved output head in `ProgramOptimizer`; elsewhere it is proved). Each adds
/// one layer of the same shape.
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
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "alpha", reason: "\(alpha) is not a finite number")
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

    /// Softmax along `axis`: opset ≥ 13 one axis (default −1); opset < 13 the input coerced to 2-D at `axis`
    /// (default 1), i.e. normalized over all dimensions from `axis` on.
    static func lowerSoftmax(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        let legacy = b.opsetVersion < 13
        var axis = Int(try c.attributes.int("axis", default: legacy ? 1 : -1))
        if axis < 0 { axis += shape.count }
        guard (0..<max(shape.count, 1)).contains(axis) else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "axis",
                reason: "out of range for shape \(shape)")
        }
        let outer = shape[..<axis].reduce(1, *)
        let length = legacy ? shape[axis...].reduce(1, *) : shape[axis]
        let g = SoftmaxGeometry(outer: outer, length: length, inner: shape.reduce(1, *) / (outer * length))
        return b.add(c.node.name, .softmax(g), inputs: [id], shape: shape)
    }
}
