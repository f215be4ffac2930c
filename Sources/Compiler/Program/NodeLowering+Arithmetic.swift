/// Add, Sub, Mul, Div: folded when both operands are constants; an elementwise affine layer (weights, bias)
/// when one operand is a constant (Mul/Div only by a constant); a `sum` layer for Add/Sub of two computed
/// tensors of the same shape. All of these are linear: 0 constraints.
extension NodeLowering {
    /// Add, Sub, Mul and Div (dispatch on the operand kinds, see the extension's documentation).
    static func lowerArithmetic(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let node = c.node, op = c.op
        let lhs = try c.arg(0), rhs = try c.arg(1)
        switch (lhs, rhs) {
        case let (.constant(x), .constant(y)):
            // Constant folding (shape arithmetic, pre-scaled weights).
            let shape = x.values.count >= y.values.count ? x.shape : y.shape
            let xs = try broadcast(x, to: shape, node: node), ys = try broadcast(y, to: shape, node: node)
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
            var w = Array(repeating: 1.0, count: n), bias = Array(repeating: 0.0, count: n)
            switch (op, dataFirst) {
            case ("Add", _): bias = kv
            case ("Sub", true): bias = kv.map { -$0 }
            case ("Sub", false): w = Array(repeating: -1, count: n); bias = kv
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
            return b.add(node.name, .linear(LinearOperator(kind: .elementwise(count: n), weights: w, bias: bias)),
                         inputs: [id], shape: shape)
        case let (.data(i, s1), .data(j, s2)):
            guard op == "Add" || op == "Sub" else {
                throw .unsupportedAttribute(
                    op: op, node: node.name, attribute: "B",
                    reason: "\(op) of two computed tensors is not supported (only by a constant); "
                        + "Add and Sub of two tensors are")
            }
            guard s1 == s2 else { throw .shapeMismatch(node: node.name, expected: s1, got: s2) }
            return b.add(node.name, .sum(signs: [1, op == "Add" ? 1 : -1]), inputs: [i, j], shape: s1)
        }
    }

    /// Broadcasts a constant to `shape` (numpy rules) as a flat array.
    static func broadcast(_ c: ConstantTensor, to shape: [Int], node: Node) throws(CompilerError) -> [Double] {
        guard let n = shape.checkedProduct(atMost: GraphLowering.maxElements) else { throw shapeTooLarge(shape, node) }
        if c.values.count == 1 { return Array(repeating: c.values[0], count: n) }
        let cs = Array(repeating: 1, count: max(0, shape.count - c.shape.count)) + c.shape
        guard cs.count == shape.count, zip(cs, shape).allSatisfy({ $0 == $1 || $0 == 1 }) else {
            throw .shapeMismatch(node: node.name, expected: shape, got: c.shape)
        }
        var strides = Array(repeating: 0, count: cs.count)
        var s = 1
        for i in stride(from: cs.count - 1, through: 0, by: -1) {
            strides[i] = cs[i] == 1 ? 0 : s
            s *= cs[i]
        }
        var out: [Double] = []
        out.reserveCapacity(n)
        var index = Array(repeating: 0, count: shape.count)
        for _ in 0..<n {
            var src = 0
            for d in 0..<shape.count { src += index[d] * strides[d] }
            out.append(c.values[src])
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return out
    }
}
