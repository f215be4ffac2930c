/// ReduceSum, ReduceMean and ReduceMax over constant axes (attribute before opset 13/18, else the optional
/// second input; none = all axes; `keepdims`). The reduced axes are moved last by a free relabeling; then Sum and
/// Mean are a `denseRows` layer with weights 1 or 1/L (0 constraints + one rescale per output; error ½u·(1 + Σ|x|·
/// |1/L − round(2^s/L)/2^s|·2^s)), and Max is a max-pool window over each row (L − 1 comparisons, n + 2 each).
extension NodeLowering {
    static func lowerReduce(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        var axes = try c.attributes.ints("axes", default: []).map { Int($0) }
        if c.has(1) { axes = try c.integers(try c.constant(1, "axes").values, what: "axes") }
        axes = axes.map { $0 < 0 ? $0 + shape.count : $0 }
        guard axes.allSatisfy({ (0..<shape.count).contains($0) }), Set(axes).count == axes.count else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "axes", reason: "out of range for \(shape)")
        }
        if axes.isEmpty {
            if try c.attributes.int("noop_with_empty_axes", default: 0) == 1 { return try c.arg(0) }
            axes = Array(0..<shape.count)
        }
        let kept = (0..<shape.count).filter { !axes.contains($0) }
        let reduced = axes.sorted()
        let rows = kept.map { shape[$0] }.reduce(1, *)
        let length = reduced.map { shape[$0] }.reduce(1, *)
        var source = id
        let perm = kept + reduced
        if perm != Array(0..<shape.count) {
            var strides = Array(repeating: 1, count: shape.count)
            for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
            var mapping: [Int] = [0]
            for d in perm { mapping = mapping.flatMap { base in (0..<shape[d]).map { base + $0 * strides[d] } } }
            guard
                case let .data(t, _) = b.add(
                    "\(c.node.name)/transpose", .permute(mapping), inputs: [id], shape: perm.map { shape[$0] })
            else { preconditionFailure("GraphBuilder.add returns a computed tensor") }
            source = t
        }
        let keep = try c.attributes.int("keepdims", default: 1) == 1
        var outShape =
            keep ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element } : kept.map { shape[$0] }
        if outShape.isEmpty { outShape = [1] }
        if c.op == "ReduceMax" {
            let g = WindowGeometry(
                inputChannels: rows, inputHeight: 1, inputWidth: length, outputChannels: rows, kernelHeight: 1,
                kernelWidth: length, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0, padBottom: 0, padRight: 0)
            return b.add(c.node.name, .maxPool(g), inputs: [source], shape: outShape)
        }
        let w = c.op == "ReduceMean" ? 1 / Double(length) : 1
        let op = LinearOperator(
            kind: .denseRows(rows: rows, inputs: length, outputs: 1), weights: Array(repeating: w, count: length),
            bias: [0])
        return b.add(c.node.name, .linear(op), inputs: [source], shape: outShape)
    }
}
