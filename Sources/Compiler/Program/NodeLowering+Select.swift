/// Slice and Gather with constant indices: on a computed tensor a free relabeling (`permute`, 0 constraints, e.g.
/// the last token `x[:, -1, :]`); on a constant, folded. Gather of a constant table by the integer model input is
/// an embedding lookup (`lowerEmbedding`).
extension NodeLowering {
    /// Slice: starts/ends/axes/steps from constant inputs (opset ≥ 10) or attributes (opset < 10); ONNX clamping.
    static func lowerSlice(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let v = try c.arg(0)
        let shape = v.shape
        func list(_ i: Int, _ name: String) throws(CompilerError) -> [Int]? {
            if c.has(i) {
                return try c.integers(try c.constant(i, name).values.map { max(min($0, 0x1p30), -0x1p30) }, what: name)
            }
            guard c.node.attributes[name] != nil else { return nil }
            return try c.attributes.ints(name, default: []).map { Int(max(min($0, 1 << 30), -(1 << 30))) }
        }
        guard let starts = try list(1, "starts"), let ends = try list(2, "ends"), starts.count == ends.count else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "starts", reason: "starts and ends must be given")
        }
        let axes = try list(3, "axes") ?? Array(0..<starts.count)
        let steps = try list(4, "steps") ?? Array(repeating: 1, count: starts.count)
        guard axes.count == starts.count, steps.count == starts.count, steps.allSatisfy({ $0 != 0 }) else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "axes", reason: "axes/steps do not match starts")
        }
        var ranges = shape.map { Array(0..<$0) }
        for k in 0..<axes.count {
            let axis = axes[k] < 0 ? axes[k] + shape.count : axes[k]
            guard (0..<shape.count).contains(axis) else {
                throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "axes", reason: "axis out of range")
            }
            let n = shape[axis]
            let step = steps[k]
            var start = starts[k] < 0 ? starts[k] + n : starts[k]
            var end = ends[k] < 0 ? ends[k] + n : ends[k]
            if step > 0 {
                start = min(max(start, 0), n)
                end = min(max(end, 0), n)
                ranges[axis] = Array(stride(from: start, to: end, by: step))
            } else {
                start = min(max(start, -1), n - 1)
                end = min(max(end, -1), n - 1)
                ranges[axis] = Array(stride(from: start, to: end, by: step))
            }
        }
        return try select(c, v, ranges, &b)
    }

    /// Gather along `axis` with constant indices (negative indices count from the end).
    static func lowerGather(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let v = try c.arg(0)
        let shape = v.shape
        guard case let .constant(indexTensor) = try c.arg(1) else { return try lowerEmbedding(c, &b) }
        var axis = Int(try c.attributes.int("axis", default: 0))
        if axis < 0 { axis += shape.count }
        guard (0..<shape.count).contains(axis) else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "axis", reason: "out of range for \(shape)")
        }
        let indices = try c.integers(indexTensor.values, what: "indices").map { $0 < 0 ? $0 + shape[axis] : $0 }
        guard indices.allSatisfy({ (0..<shape[axis]).contains($0) }) else {
            throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "indices", reason: "index out of range")
        }
        var ranges = shape.map { Array(0..<$0) }
        ranges[axis] = indices
        let selected = try select(c, v, ranges, &b)
        // Output shape: data[..<axis] + indices.shape + data[(axis+1)...].
        let outShape = Array(shape[..<axis]) + indexTensor.shape + Array(shape[(axis + 1)...])
        return try selected.reshaped(outShape.isEmpty ? [1] : outShape, c.node)
    }

    /// The sub-tensor taking, along each axis d, the indices `ranges[d]` (in order): folded for a constant, a
    /// `permute` layer (named `name`, default the node's name) for a computed tensor.
    static func select(
        _ c: NodeContext, _ v: GraphValue, _ ranges: [[Int]], _ b: inout GraphBuilder, name: String? = nil
    ) throws(CompilerError) -> GraphValue {
        let shape = v.shape
        let outShape = ranges.map(\.count)
        // An empty slice is a valid constant (shape arithmetic, e.g. shape[3:] of a rank-3 shape); never a tensor.
        let isConstant: Bool
        if case .constant = v { isConstant = true } else { isConstant = false }
        guard isConstant || outShape.allSatisfy({ $0 > 0 }) else {
            throw .shapeMismatch(node: c.node.name, expected: shape, got: outShape)
        }
        var strides = Array(repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        var mapping: [Int] = [0]
        for d in 0..<shape.count {
            mapping = mapping.flatMap { base in ranges[d].map { base + $0 * strides[d] } }
        }
        switch v {
        case let .constant(k):
            return .constant(
                ConstantTensor(shape: outShape, values: mapping.map { k.values[$0] }, elementType: k.elementType))
        case let .data(id, _):
            return b.add(name ?? c.node.name, .permute(mapping), inputs: [id], shape: outShape)
        }
    }
}
