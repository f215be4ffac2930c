/// Add, Sub, Mul, Div: folded when both operands are constants; an elementwise affine layer (weights, bias)
/// when one operand is a constant; a `sum` layer for Add/Sub of two computed tensors of the same shape (linear:
/// 0 constraints); Mul of two computed tensors is a `product` layer (`lowerElementwiseProduct`).
extension NodeLowering {
    /// Add, Sub, Mul and Div (dispatch on the operand kinds, see the extension's documentation).
    static func lowerArithmetic(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let node = c.node
        let op = c.op
        let lhs = try c.arg(0)
        let rhs = try c.arg(1)
        switch (lhs, rhs) {
        case let (.constant(x), .constant(y)):
            // Constant folding (shape arithmetic, pre-scaled weights).
            let shape = x.values.count >= y.values.count ? x.shape : y.shape
            let xs = try broadcast(x, to: shape, node: node)
            let ys = try broadcast(y, to: shape, node: node)
            let v: [Double] = zip(xs, ys).map { p, q in
                switch op {
                case "Add": return p + q
                case "Sub": return p - q
                case "Mul": return p * q
                default: return p / q
                }
            }
            return .constant(ConstantTensor(shape: shape, values: v, elementType: x.elementType))
        case let (.data(id, shape), .constant(k)), let (.constant(k), .data(id, shape)):
            let dataFirst: Bool
            if case .data = lhs { dataFirst = true } else { dataFirst = false }
            let kv = try broadcast(k, to: shape, node: node)
            let n = kv.count
            guard k.values.count <= n else { throw .shapeMismatch(node: node.name, expected: shape, got: k.shape) }
            var w = Array(repeating: 1.0, count: n)
            var bias = Array(repeating: 0.0, count: n)
            switch (op, dataFirst) {
            case ("Add", _): bias = kv.map(maskValue)
            case ("Sub", true): bias = kv.map { -$0 }
            case ("Sub", false):
                w = Array(repeating: -1, count: n)
                bias = kv
            case ("Mul", _): w = kv
            case ("Div", true):
                guard kv.allSatisfy({ $0 != 0 }) else {
                    throw .unsupportedAttribute(op: op, node: node.name, attribute: "B", reason: "division by zero")
                }
                w = kv.map { 1 / $0 }
            default:
                throw .unsupportedAttribute(
                    op: op, node: node.name, attribute: "A",
                    reason: "dividing a constant by a computed tensor is not supported (only division by a constant)")
            }
            return b.add(
                node.name, .linear(LinearOperator(kind: .elementwise(count: n), weights: w, bias: bias)),
                inputs: [id], shape: shape)
        case let (.data(i, s1), .data(j, s2)):
            if op == "Mul" { return try lowerElementwiseProduct(c, &b) }
            guard op == "Add" || op == "Sub" else {
                throw .unsupportedAttribute(
                    op: op, node: node.name, attribute: "B",
                    reason: "\(op) of two computed tensors is not supported (only by a constant); "
                        + "Add, Sub and Mul of two tensors are")
            }
            guard s1 == s2 else { throw .shapeMismatch(node: node.name, expected: s1, got: s2) }
            return b.add(node.name, .sum(signs: [1, op == "Add" ? 1 : -1]), inputs: [i, j], shape: s1)
        }
    }

    /// Additive attention masks: a constant ≤ −10⁴ (including −∞ and float32's lowest) becomes −2^15, so that it
    /// quantizes, and exp(mask − max) is exactly 0 after the fixed-point Softmax's table (which ends at −12).
    static func maskValue(_ v: Double) -> Double { v <= -1e4 ? -32768 : v }

    /// Broadcasts a constant to `shape` (numpy rules) as a flat array.
    static func broadcast(_ c: ConstantTensor, to shape: [Int], node: Node) throws(CompilerError) -> [Double] {
        guard let n = shape.checkedProduct(atMost: GraphLowering.maxElements) else { throw shapeTooLarge(shape, node) }
        if c.values.count == 1 { return Array(repeating: c.values[0], count: n) }
        guard c.shape.count <= shape.count, broadcastShape(c.shape, shape) == shape else {
            throw .shapeMismatch(node: node.name, expected: shape, got: c.shape)
        }
        return broadcastIndices(from: c.shape, to: shape).map { c.values[$0] }
    }
}
