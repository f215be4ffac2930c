/// LayerNormalization (opset 17): normalization over the dimensions from `axis` (default −1) on, with constant
/// Scale (γ) and optional B (β) broadcast to those dimensions; one `layerNorm` layer (cost and error in
/// `LayerNormParameters` / `CircuitLowering.lowerLayerNorm`). Only the Y output is produced (a consumer of
/// Mean or InvStdDev fails with `.missingTensor`).
extension NodeLowering {
    static func lowerLayerNormalization(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        var axis = Int(try c.attributes.int("axis", default: -1))
        if axis < 0 { axis += shape.count }
        guard (0..<shape.count).contains(axis) else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "axis", reason: "out of range for shape \(shape)")
        }
        let normalized = Array(shape[axis...])
        let length = normalized.reduce(1, *)
        let gamma = try broadcast(try c.constant(1, "Scale"), to: normalized, node: c.node)
        let beta =
            c.has(2)
            ? try broadcast(try c.constant(2, "B"), to: normalized, node: c.node)
            : Array(repeating: 0.0, count: length)
        let epsilon = Double(try c.attributes.float("epsilon", default: 1e-5))
        guard epsilon >= 0, epsilon.isFinite else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "epsilon", reason: "must be finite and ≥ 0")
        }
        let f = LayerNormFloat(
            rows: shape.reduce(1, *) / length, length: length, gamma: gamma, beta: beta, epsilon: epsilon)
        return b.add(c.node.name, .layerNorm(f), inputs: [id], shape: shape)
    }
}
