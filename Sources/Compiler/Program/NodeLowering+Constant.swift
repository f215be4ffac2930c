/// Ops whose result is known at compile time: `Constant` and `Shape` (static shapes). They add no layer; the
/// constants they produce feed shape arithmetic (`Reshape` targets) or are folded into weights.
extension NodeLowering {
    /// Constant: the `value` tensor, or a scalar/list from `value_float(s)` / `value_int(s)`.
    static func lowerConstant(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let a = c.node.attributes
        if case let .tensor(t)? = a["value"] { return .constant(t) }
        if case let .float(f)? = a["value_float"] { return .constant(ConstantTensor(shape: [], values: [Double(f)])) }
        if case let .floats(f)? = a["value_floats"] {
            return .constant(ConstantTensor(shape: [f.count], values: f.map(Double.init)))
        }
        if case let .int(v)? = a["value_int"] {
            return .constant(ConstantTensor(shape: [], values: [Double(v)], elementType: .int64))
        }
        if case let .ints(v)? = a["value_ints"] {
            return .constant(ConstantTensor(shape: [v.count], values: v.map(Double.init), elementType: .int64))
        }
        throw .unsupportedAttribute(
            op: c.op, node: c.node.name, attribute: "value",
            reason: "supported: value (tensor), value_float(s), value_int(s)")
    }

    /// Shape: the input's static shape as an int64 constant.
    static func lowerShape(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let shape = try c.arg(0).shape
        return .constant(ConstantTensor(shape: [shape.count], values: shape.map(Double.init), elementType: .int64))
    }
}
