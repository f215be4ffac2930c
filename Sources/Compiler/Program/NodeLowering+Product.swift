/// Products of two computed tensors: MatMul of two activations (attention Q·Kᵀ and weights·V, numpy batch
/// broadcasting) and Mul of two tensors (numpy broadcasting). Each becomes a `product` layer: one constraint
/// per product term, then a rescale.
extension NodeLowering {
    /// MatMul A·B with both operands computed: A [..., m, k], B [..., k, n] (a 1-D A or B is promoted as numpy does).
    static func lowerActivationMatMul(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (left, ls) = try c.data(0)
        let (right, rs) = try c.data(1)
        let a = ls.count == 1 ? [1] + ls : ls
        let bb = rs.count == 1 ? rs + [1] : rs
        guard a.count >= 2, bb.count >= 2, a[a.count - 1] == bb[bb.count - 2] else {
            throw .shapeMismatch(node: c.node.name, expected: ls, got: rs)
        }
        let m = a[a.count - 2]
        let k = a[a.count - 1]
        let n = bb[bb.count - 1]
        let aBatch = Array(a.dropLast(2))
        let bBatch = Array(bb.dropLast(2))
        guard let batch = broadcastShape(aBatch, bBatch) else {
            throw .shapeMismatch(node: c.node.name, expected: ls, got: rs)
        }
        let leftOffsets = broadcastIndices(from: aBatch, to: batch).map { $0 * m * k }
        let rightOffsets = broadcastIndices(from: bBatch, to: batch).map { $0 * k * n }
        var outShape = batch + [m, n]
        if rs.count == 1 { outShape.removeLast() }
        if ls.count == 1 { outShape.remove(at: outShape.count - (rs.count == 1 ? 1 : 2)) }
        let g = ProductGeometry(rows: m, inner: k, columns: n, leftOffsets: leftOffsets, rightOffsets: rightOffsets)
        return b.add(c.node.name, .product(g), inputs: [left, right], shape: outShape.isEmpty ? [1] : outShape)
    }

    /// Mul of two computed tensors with numpy broadcasting: the product geometry with m = k = n = 1.
    static func lowerElementwiseProduct(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (inputs, g, shape) = try elementwiseGeometry(c)
        return b.add(c.node.name, .product(g), inputs: inputs, shape: shape)
    }

    /// The two computed inputs of an elementwise binary node (Mul, Div), their numpy broadcast shape and the
    /// geometry (m = k = n = 1) pairing each output element with its broadcast operands.
    static func elementwiseGeometry(
        _ c: NodeContext
    ) throws(CompilerError) -> (inputs: [Int], geometry: ProductGeometry, shape: [Int]) {
        let (left, ls) = try c.data(0)
        let (right, rs) = try c.data(1)
        guard let shape = broadcastShape(ls, rs) else { throw .shapeMismatch(node: c.node.name, expected: ls, got: rs) }
        let g = ProductGeometry(
            rows: 1, inner: 1, columns: 1, leftOffsets: broadcastIndices(from: ls, to: shape),
            rightOffsets: broadcastIndices(from: rs, to: shape))
        return ([left, right], g, shape)
    }

    /// The numpy broadcast of two shapes, or nil when they are incompatible.
    static func broadcastShape(_ x: [Int], _ y: [Int]) -> [Int]? {
        let r = max(x.count, y.count)
        let xs = Array(repeating: 1, count: r - x.count) + x
        let ys = Array(repeating: 1, count: r - y.count) + y
        var out: [Int] = []
        for (p, q) in zip(xs, ys) {
            guard p == q || p == 1 || q == 1 else { return nil }
            out.append(max(p, q))
        }
        return out
    }

    /// For each element of `shape` (row-major), the row-major index of the element of a tensor of shape `from`
    /// that numpy broadcasting maps to it. Precondition: `from` broadcasts to `shape`.
    static func broadcastIndices(from: [Int], to shape: [Int]) -> [Int] {
        let n = shape.reduce(1, *)
        let cs = Array(repeating: 1, count: max(0, shape.count - from.count)) + from
        var strides = Array(repeating: 0, count: cs.count)
        var s = 1
        for i in stride(from: cs.count - 1, through: 0, by: -1) {
            strides[i] = cs[i] == 1 ? 0 : s
            s *= cs[i]
        }
        var out: [Int] = []
        out.reserveCapacity(n)
        var index = Array(repeating: 0, count: shape.count)
        for _ in 0..<n {
            var src = 0
            for d in 0..<shape.count { src += index[d] * strides[d] }
            out.append(src)
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
