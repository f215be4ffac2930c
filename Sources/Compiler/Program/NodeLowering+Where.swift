/// Where(condition, X, Y) with a constant condition (causal masks): a selection between a computed tensor and a
/// constant is an elementwise affine layer (weight 1 where the data is selected, else 0 and the constant as the
/// bias); constants ≤ −10⁴ (−∞ masks) become −2^15 (`maskValue`). A data operand of a smaller shape is first
/// broadcast by a free relabeling. Costs one rescale per element unless folded into a preceding linear layer.
extension NodeLowering {
    static func lowerWhere(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let condition = try c.constant(0, "the condition")
        let x = try c.arg(1)
        let y = try c.arg(2)
        guard let s1 = broadcastShape(condition.shape, x.shape), let shape = broadcastShape(s1, y.shape) else {
            throw .shapeMismatch(node: c.node.name, expected: x.shape, got: y.shape)
        }
        let select = try broadcast(condition, to: shape, node: c.node).map { $0 != 0 }
        switch (x, y) {
        case let (.constant(p), .constant(q)):
            let pv = try broadcast(p, to: shape, node: c.node)
            let qv = try broadcast(q, to: shape, node: c.node)
            return .constant(
                ConstantTensor(
                    shape: shape, values: select.indices.map { select[$0] ? pv[$0] : qv[$0] },
                    elementType: p.elementType))
        case let (.data(id, ds), .constant(k)), let (.constant(k), .data(id, ds)):
            let dataIsX: Bool
            if case .data = x { dataIsX = true } else { dataIsX = false }
            let kv = try broadcast(k, to: shape, node: c.node).map(maskValue)
            var source = id
            if ds != shape {
                source = b.layers.count + 1
                _ = b.add(
                    "\(c.node.name)/broadcast", .permute(broadcastIndices(from: ds, to: shape)), inputs: [id],
                    shape: shape)
            }
            let takesData = select.map { $0 == dataIsX }
            let op = LinearOperator(
                kind: .elementwise(count: kv.count), weights: takesData.map { $0 ? 1.0 : 0.0 },
                bias: kv.indices.map { takesData[$0] ? 0 : kv[$0] })
            return b.add(c.node.name, .linear(op), inputs: [source], shape: shape)
        case (.data, .data):
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "X",
                reason: "Where between two computed tensors is not supported (one must be a constant)")
        }
    }
}
