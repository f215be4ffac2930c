/// Clip (ReLU6 and friends), HardSigmoid and HardSwish. Clip with constant bounds is a `clip` layer (a comparison
/// with each bound the static bound does not already decide: n + 2 constraints each; after a linear layer the
/// quantizer fuses it with the rescale, `FixedPointOp.rescaleClip`); HardSigmoid is an elementwise affine layer
/// (αx + β) and a clip to [0, 1] (so a fused rescale+clip); HardSwish is one `hardSwish` layer (fused with a
/// preceding linear layer's rescale). Errors: clip is exact on quantized values; HardSigmoid's affine step adds
/// ½u·|x| (α rounding) + ½u (rescale); HardSwish is the exact h(q) rounded: ½u, plus ≤ 1.5× the input's error.
extension NodeLowering {
    /// Clip: `min`/`max` from the optional constant inputs (opset ≥ 11) or the attributes (opset < 11).
    static func lowerClip(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        var lower: Double? = nil
        var upper: Double? = nil
        if c.node.attributes["min"] != nil { lower = Double(try c.attributes.float("min", default: 0)) }
        if c.node.attributes["max"] != nil { upper = Double(try c.attributes.float("max", default: 0)) }
        if c.has(1) { lower = try scalar(c, 1, "min") }
        if c.has(2) { upper = try scalar(c, 2, "max") }
        if let lower, let upper, lower > upper {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "min", reason: "min \(lower) > max \(upper)")
        }
        return b.add(c.node.name, .clip(lower: lower, upper: upper), inputs: [id], shape: shape)
    }

    /// HardSigmoid: max(0, min(1, α·x + β)) (defaults α = 0.2, β = 0.5).
    static func lowerHardSigmoid(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        let alpha = Double(try c.attributes.float("alpha", default: 0.2))
        let beta = Double(try c.attributes.float("beta", default: 0.5))
        return hardSigmoid(c.node.name, id, shape, alpha: alpha, beta: beta, &b)
    }

    /// HardSwish: x·HardSigmoid(x) with α = 1/6, β = 0.5, i.e. x·clip(x + 3, 0, 6)/6.
    static func lowerHardSwish(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        return b.add(c.node.name, .hardSwish, inputs: [id], shape: shape)
    }

    private static func hardSigmoid(
        _ name: String, _ id: Int, _ shape: [Int], alpha: Double, beta: Double,
        _ b: inout GraphBuilder
    ) -> GraphValue {
        let n = shape.reduce(1, *)
        let affine = LinearOperator(
            kind: .elementwise(count: n), weights: Array(repeating: alpha, count: n),
            bias: Array(repeating: beta, count: n))
        guard case let .data(z, _) = b.add("\(name)/affine", .linear(affine), inputs: [id], shape: shape) else {
            preconditionFailure("GraphBuilder.add returns a computed tensor")
        }
        return b.add(name, .clip(lower: 0, upper: 1), inputs: [z], shape: shape)
    }

    /// A one-element constant input as a Double.
    private static func scalar(_ c: NodeContext, _ i: Int, _ what: String) throws(CompilerError) -> Double {
        let k = try c.constant(i, what)
        guard k.values.count == 1, k.values[0].isFinite else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: what, reason: "must be a finite scalar constant")
        }
        return k.values[0]
    }

    /// Erf (a `TableFunction.erf` table).
    static func lowerErf(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        return b.add(c.node.name, .table(.erf), inputs: [id], shape: shape)
    }

    /// Gelu (opset 20): x·Φ(x), Φ by a table (`normalCDF`, or `tanhCDF` for approximate = "tanh"), then a product.
    static func lowerGelu(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        let approximate = try c.attributes.string("approximate", default: "none")
        guard approximate == "none" || approximate == "tanh" else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "approximate", reason: "'none' or 'tanh'")
        }
        guard
            case let .data(cdf, _) = b.add(
                "\(c.node.name)/cdf", .table(approximate == "tanh" ? .tanhCDF : .normalCDF),
                inputs: [id], shape: shape)
        else {
            preconditionFailure("GraphBuilder.add returns a computed tensor")
        }
        let n = shape.reduce(1, *)
        let g = ProductGeometry(rows: 1, inner: 1, columns: 1, leftOffsets: Array(0..<n), rightOffsets: Array(0..<n))
        return b.add(c.node.name, .product(g), inputs: [id, cdf], shape: shape)
    }
}
