import Foundation

/// Standalone math ops as older exporters emit them for a decomposed LayerNorm (`ReduceMean`, `Sub`, `Pow` by 2,
/// `Add` ε, `Sqrt`, `Div`) or a hand-written softmax: on constants folded; on computed tensors `Sqrt` is a `sqrt`
/// layer, `Exp` a table (`TableFunction.exp`), `Pow` by a constant 1, 2, 3 or 0.5 products or a square root, and
/// `Div` of two computed tensors a `divide` layer. Costs and error bounds in `RootAndQuotient` and the lowerings.
extension NodeLowering {
    /// Sqrt: folded for a constant (which must not be negative), else a `sqrt` layer.
    static func lowerSqrt(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        if case let .constant(k) = try c.arg(0) {
            guard k.values.allSatisfy({ $0 >= 0 }) else {
                throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "X", reason: "a negative constant")
            }
            return .constant(ConstantTensor(shape: k.shape, values: k.values.map { $0.squareRoot() }))
        }
        let (id, shape) = try c.data(0)
        return b.add(c.node.name, .sqrt, inputs: [id], shape: shape)
    }

    /// Exp: folded for a constant, else a table on [−8, 8) (refused at compile time if the input may exceed 8).
    static func lowerExp(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        if case let .constant(k) = try c.arg(0) {
            return .constant(ConstantTensor(shape: k.shape, values: k.values.map { Foundation.exp($0) }))
        }
        let (id, shape) = try c.data(0)
        return b.add(c.node.name, .table(.exp), inputs: [id], shape: shape)
    }

    /// Pow(X, Y) with a constant scalar exponent Y: folded for a constant X; for a computed X, Y = 1 is X, Y = 2 the
    /// product X·X (1 constraint + rescale per element), Y = 3 two products, Y = 0.5 a square root.
    static func lowerPow(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let y = try c.constant(1, "the exponent")
        guard y.values.count == 1, let e = y.values.first, e.isFinite else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "Y", reason: "the exponent must be a finite scalar constant")
        }
        if case let .constant(k) = try c.arg(0) {
            return .constant(ConstantTensor(shape: k.shape, values: k.values.map { Foundation.pow($0, e) }))
        }
        let (id, shape) = try c.data(0)
        let n = shape.reduce(1, *)
        let g = ProductGeometry(rows: 1, inner: 1, columns: 1, leftOffsets: Array(0..<n), rightOffsets: Array(0..<n))
        switch e {
        case 1: return try c.arg(0)
        case 0.5: return b.add(c.node.name, .sqrt, inputs: [id], shape: shape)
        case 2: return b.add(c.node.name, .product(g), inputs: [id, id], shape: shape)
        case 3:
            guard
                case let .data(square, _) = b.add("\(c.node.name)/square", .product(g), inputs: [id, id], shape: shape)
            else { preconditionFailure("GraphBuilder.add returns a computed tensor") }
            return b.add(c.node.name, .product(g), inputs: [square, id], shape: shape)
        default:
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "Y",
                reason: "exponent \(e) is not supported for a computed base (1, 2, 3 and 0.5 are)")
        }
    }

    /// Div of two computed tensors (numpy broadcasting): a `divide` layer; the divisor must never be negative.
    static func lowerTensorDivision(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (inputs, g, shape) = try elementwiseGeometry(c)
        return b.add(c.node.name, .divide(g), inputs: inputs, shape: shape)
    }
}
