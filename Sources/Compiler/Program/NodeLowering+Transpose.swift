/// Transpose: a `permute` layer (a relabeling of elements: no variables, 0 constraints).
extension NodeLowering {
    /// Transpose by `perm` (default: reverse the axes); the layer maps output index → input index.
    static func lowerTranspose(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        let reversed = (0..<Int64(shape.count)).reversed().map { $0 }
        let perm = try c.attributes.ints("perm", default: reversed).map { Int($0) }
        guard perm.sorted() == Array(0..<shape.count) else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "perm",
                reason: "\(perm) is not a permutation of the \(shape.count) axes")
        }
        let outShape = perm.map { shape[$0] }
        var inStrides = Array(repeating: 1, count: shape.count)
        for i in stride(from: shape.count - 2, through: 0, by: -1) { inStrides[i] = inStrides[i + 1] * shape[i + 1] }
        var mapping: [Int] = []
        mapping.reserveCapacity(shape.reduce(1, *))
        var index = Array(repeating: 0, count: shape.count)
        for _ in 0..<shape.reduce(1, *) {
            var src = 0
            for (k, p) in perm.enumerated() { src += index[k] * inStrides[p] }
            mapping.append(src)
            var d = outShape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < outShape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return b.add(c.node.name, .permute(mapping), inputs: [id], shape: outShape)
    }
}
