/// ArgMax over a vector: the proved output head (index of the first maximum, `CircuitLowering.lowerArgmax`).
extension NodeLowering {
    /// ArgMax along `axis` of a tensor whose other dimensions are all 1; `select_last_index` must be 0.
    static func lowerArgMax(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        let attrs = c.attributes
        let op = c.op
        let node = c.node
        guard try attrs.int("select_last_index", default: 0) == 0 else {
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "select_last_index",
                reason: "only 0 (first maximum) is supported")
        }
        var axis = Int(try attrs.int("axis", default: 0))
        if axis < 0 { axis += shape.count }
        guard (0..<shape.count).contains(axis) else {
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "axis",
                reason: "axis out of range for shape \(shape)")
        }
        guard shape.enumerated().allSatisfy({ $0.offset == axis || $0.element == 1 }) else {
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "axis",
                reason: "ArgMax is supported over a vector (all other dimensions 1)")
        }
        let keep = try attrs.int("keepdims", default: 1) == 1
        var outShape = shape
        if keep { outShape[axis] = 1 } else { outShape.remove(at: axis) }
        return b.add(node.name, .argmax, inputs: [id], shape: outShape.isEmpty ? [1] : outShape)
    }
}
