/// BatchNormalization (inference): an elementwise affine layer y = a·x + (B − a·mean), a = scale/√(var + ε),
/// per channel (axis 1); `ProgramOptimizer` then folds it into a preceding linear layer. 0 constraints.
extension NodeLowering {
    /// BatchNormalization with constant scale, B, mean and var of one value per channel.
    static func lowerBatchNormalization(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        guard shape.count >= 2 else { throw .shapeMismatch(node: c.node.name, expected: [1, 0], got: shape) }
        let channels = shape[1]
        let scale = try c.constant(1, "scale")
        let bias = try c.constant(2, "B")
        let mean = try c.constant(3, "mean")
        let variance = try c.constant(4, "var")
        guard [scale, bias, mean, variance].allSatisfy({ $0.values.count == channels }) else {
            throw .shapeMismatch(node: c.node.name, expected: [channels], got: scale.shape)
        }
        let eps = Double(try c.attributes.float("epsilon", default: 1e-5))
        let spatial = shape.reduce(1, *) / channels
        var w: [Double] = []
        var bb: [Double] = []
        for ch in 0..<channels {
            // y = scale·(x − mean)/√(var + ε) + B needs var + ε > 0 (a variance is never negative).
            guard variance.values[ch] + eps > 0, (variance.values[ch] + eps).isFinite else {
                throw .unsupportedAttribute(
                    op: c.op, node: c.node.name, attribute: "var",
                    reason: "channel \(ch): var + epsilon = \(variance.values[ch]) + \(eps) is not a positive number")
            }
            let a = scale.values[ch] / (variance.values[ch] + eps).squareRoot()
            let off = bias.values[ch] - a * mean.values[ch]
            w.append(contentsOf: repeatElement(a, count: spatial))
            bb.append(contentsOf: repeatElement(off, count: spatial))
        }
        return b.add(
            c.node.name, .linear(LinearOperator(kind: .elementwise(count: w.count), weights: w, bias: bb)),
            inputs: [id], shape: shape)
    }
}
