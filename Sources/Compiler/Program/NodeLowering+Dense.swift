/// Gemm and MatMul with constant weights: a `dense` linear layer (batch 1), weights stored row-major by output
/// (`weights[o·k + i]`). Linear: 0 constraints.
extension NodeLowering {
    /// Gemm: y = α·A·B + β·C with A the data tensor, B and C constants (`transA`, `transB` honoured).
    static func lowerGemm(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let node = c.node
        let x = c.operands
        guard x.count >= 2, case let .data(id, shape)? = x[0] else {
            throw .unsupportedAttribute(
                op: "Gemm", node: node.name, attribute: "A",
                reason: "A must be the data tensor and B a constant")
        }
        guard case let .constant(w)? = x[1] else {
            throw .unsupportedAttribute(
                op: "Gemm", node: node.name, attribute: "B",
                reason: "B must be a constant (initializer)")
        }
        let attrs = c.attributes
        let transA = try attrs.int("transA", default: 0) == 1
        let transB = try attrs.int("transB", default: 0) == 1
        let alpha = Double(try attrs.float("alpha", default: 1))
        let beta = Double(try attrs.float("beta", default: 1))
        guard shape.count == 2, (transA ? shape[1] : shape[0]) == 1 else {
            throw .shapeMismatch(node: node.name, expected: transA ? [0, 1] : [1, 0], got: shape)
        }
        let k = transA ? shape[0] : shape[1]
        guard w.shape.count == 2, (transB ? w.shape[1] : w.shape[0]) == k else {
            throw .shapeMismatch(node: node.name, expected: transB ? [0, k] : [k, 0], got: w.shape)
        }
        let n = transB ? w.shape[0] : w.shape[1]
        var weights = Array(repeating: 0.0, count: n * k)
        for o in 0..<n {
            for i in 0..<k { weights[o * k + i] = alpha * (transB ? w.values[o * k + i] : w.values[i * n + o]) }
        }
        var bias = Array(repeating: 0.0, count: n)
        if x.count > 2, let cv = x[2] {
            guard case let .constant(cc) = cv else {
                throw .unsupportedAttribute(
                    op: "Gemm", node: node.name, attribute: "C",
                    reason: "C must be a constant (initializer)")
            }
            bias = try broadcast(cc, to: [1, n], node: node).map { beta * $0 }
        }
        let dense = LinearOperator(kind: .dense(inputs: k, outputs: n), weights: weights, bias: bias)
        return b.add(node.name, .linear(dense), inputs: [id], shape: [1, n])
    }

    /// MatMul of the data tensor by a constant 2-D weight matrix (each row of the last axis separately: `denseRows`
    /// when the leading dimensions hold more than one row); of two computed tensors: `lowerActivationMatMul`.
    static func lowerMatMul(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        if case .data = try c.arg(1) { return try lowerActivationMatMul(c, &b) }
        let (id, shape) = try c.data(0)
        let w = try c.constant(1, "the second MatMul operand (weights)")
        let k = shape.last ?? 0
        guard w.shape.count == 2, w.shape[0] == k else {
            throw .shapeMismatch(node: c.node.name, expected: [1, w.shape.first ?? 0], got: shape)
        }
        let n = w.shape[1]
        let rows = shape.dropLast().reduce(1, *)
        var weights = Array(repeating: 0.0, count: n * k)
        for i in 0..<k { for o in 0..<n { weights[o * k + i] = w.values[i * n + o] } }
        let outShape = Array(shape.dropLast()) + [n]
        let bias = Array(repeating: 0.0, count: n)
        let kind: LinearKind = rows == 1 ? .dense(inputs: k, outputs: n) : .denseRows(rows: rows, inputs: k, outputs: n)
        let dense = LinearOperator(kind: kind, weights: weights, bias: bias)
        return b.add(c.node.name, .linear(dense), inputs: [id], shape: outShape)
    }
}
