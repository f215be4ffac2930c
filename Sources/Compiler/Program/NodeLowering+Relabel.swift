/// Ops that only relabel a tensor (Identity, Dropout, Cast, Flatten, Reshape, Squeeze, Unsqueeze): each returns
/// its input under a new shape and adds **no layer** (0 constraints).
extension NodeLowering {
    /// Identity and Dropout (inference mode): the input itself.
    static func lowerIdentity(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        try c.arg(0)
    }

    /// Cast: constants pass through unchanged (shape arithmetic); a computed tensor only to a float type.
    static func lowerCast(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        if case let .constant(k) = try c.arg(0) { return .constant(k) }
        let to = try c.attributes.int("to", default: 1)
        guard to == 1 || to == 11 || to == 10 else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "to",
                reason: "a data tensor can only be cast to a float type (got type \(to))")
        }
        return try c.arg(0)
    }

    /// Flatten to 2-D at `axis` (default 1).
    static func lowerFlatten(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let v = try c.arg(0)
        let shape = v.shape
        var axis = Int(try c.attributes.int("axis", default: 1))
        if axis < 0 { axis += shape.count }
        guard (0...shape.count).contains(axis) else {
            throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "axis", reason: "out of range")
        }
        guard let outer = shape[..<axis].checkedProduct(), let inner = shape[axis...].checkedProduct() else {
            throw shapeTooLarge(shape, c.node)
        }
        return try v.reshaped([outer, inner], c.node)
    }

    /// Reshape to a constant target shape (0 copies the input dimension, one −1 is inferred).
    static func lowerReshape(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let v = try c.arg(0)
        let shape = v.shape
        let target = try c.integers(try c.constant(1, "the shape").values, what: "shape")
        var out: [Int] = []
        for (i, d) in target.enumerated() {
            if d == 0 {
                guard i < shape.count else { throw .shapeMismatch(node: c.node.name, expected: shape, got: target) }
                out.append(shape[i])
            } else {
                out.append(d)
            }
        }
        guard let total = shape.checkedProduct() else { throw shapeTooLarge(shape, c.node) }
        if let k = out.firstIndex(of: -1) {
            let rest = out.enumerated().filter { $0.offset != k }.map(\.element).checkedProduct() ?? 0
            guard rest > 0, total % rest == 0 else {
                throw .shapeMismatch(node: c.node.name, expected: shape, got: target)
            }
            out[k] = total / rest
        }
        return try v.reshaped(out, c.node)
    }

    /// Squeeze: drops the listed axes (or every dimension of size 1 when none are listed).
    static func lowerSqueeze(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let v = try c.arg(0)
        let shape = v.shape
        let ax = try normalizedAxes(try squeezeAxes(c), rank: shape.count, c)
        if let a = ax.first(where: { shape[$0] != 1 }) {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "axes",
                reason: "axis \(a) has size \(shape[a]), only size-1 axes can be squeezed")
        }
        let out = shape.enumerated().filter { ax.isEmpty ? $0.element != 1 : !ax.contains($0.offset) }.map(\.element)
        return try v.reshaped(out, c.node)
    }

    /// Unsqueeze: inserts a dimension of size 1 at each listed axis of the output.
    static func lowerUnsqueeze(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let v = try c.arg(0)
        var out = v.shape
        let axes = try squeezeAxes(c)
        for a in try normalizedAxes(axes, rank: out.count + axes.count, c).sorted() { out.insert(1, at: a) }
        return try v.reshaped(out, c.node)
    }

    /// The `axes` of Squeeze/Unsqueeze: the attribute (opset < 13) or the constant second input (opset ≥ 13).
    private static func squeezeAxes(_ c: NodeContext) throws(CompilerError) -> [Int64] {
        var axes = try c.attributes.ints("axes", default: [])
        if c.has(1) { axes = try c.integers(try c.constant(1, "axes").values, what: "axes").map { Int64($0) } }
        return axes
    }

    /// `axes` normalised to [0, rank) and distinct, else refused. ONNX: each axis in [−r, r − 1], r the rank of the
    /// input (Squeeze) or of the output (Unsqueeze).
    private static func normalizedAxes(_ axes: [Int64], rank: Int, _ c: NodeContext) throws(CompilerError) -> [Int] {
        var out: [Int] = []
        for a in axes {
            guard a >= -Int64(rank), a < Int64(rank) else {
                throw .unsupportedAttribute(
                    op: c.op, node: c.node.name, attribute: "axes",
                    reason: "axis \(a) is out of range for rank \(rank)")
            }
            out.append(Int(a < 0 ? a + Int64(rank) : a))
        }
        guard Set(out).count == out.count else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "axes", reason: "\(axes) repeats an axis")
        }
        return out
    }
}
