/// Pad (modes constant, reflect, edge, wrap; constant pads, optional constant axes; negative pads crop): a
/// `permute` layer whose entry −1 is the constant 0 — a relabeling with no variables, 0 constraints. Padding a
/// computed tensor with a non-zero constant is refused (it would need a constant term per element); a constant
/// tensor is padded at compile time with any value.
extension NodeLowering {
    static func lowerPad(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let data = try c.arg(0)
        let shape = data.shape
        let rank = shape.count
        let mode = try c.attributes.string("mode", default: "constant")
        var pads: [Int]
        var value = 0.0
        if c.has(1) {  // opset ≥ 11: pads, constant_value and axes are inputs
            pads = try c.integers(try c.constant(1, "pads").values, what: "pads")
            if c.has(2) {
                let v = try c.constant(2, "constant_value").values
                guard v.count <= 1 else {
                    throw .unsupportedAttribute(
                        op: c.op, node: c.node.name, attribute: "constant_value",
                        reason: "a scalar is expected, got \(v.count) values")
                }
                value = v.first ?? 0
            }
        } else {
            pads = try c.attributes.ints("pads", default: []).map { Int(clamping: $0) }
            value = Double(try c.attributes.float("value", default: 0))
        }
        var axes = Array(0..<rank)
        if c.has(3) {
            axes = []
            for a in try c.integers(try c.constant(3, "axes").values, what: "axes") {
                guard a >= -rank, a < rank else {
                    throw .unsupportedAttribute(
                        op: c.op, node: c.node.name, attribute: "axes",
                        reason: "axis \(a) is out of range for rank \(rank)")
                }
                axes.append(a < 0 ? a + rank : a)
            }
            guard Set(axes).count == axes.count else {
                throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "axes", reason: "repeats an axis")
            }
        }
        guard pads.count == 2 * axes.count, pads.allSatisfy({ $0.magnitude < 1 << 16 }) else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "pads",
                reason: "\(2 * axes.count) pads below 2^16 expected, got \(pads)")
        }
        var begin = Array(repeating: 0, count: rank)
        var end = Array(repeating: 0, count: rank)
        for (k, a) in axes.enumerated() { (begin[a], end[a]) = (pads[k], pads[k + axes.count]) }
        let outShape = (0..<rank).map { shape[$0] + begin[$0] + end[$0] }
        guard outShape.allSatisfy({ $0 > 0 }), let count = outShape.checkedProduct(atMost: 1 << 24) else {
            throw .shapeMismatch(node: c.node.name, expected: shape, got: outShape)
        }
        for d in 0..<rank where begin[d] > 0 || end[d] > 0 {
            let n = shape[d]
            let reach = Swift.max(begin[d], end[d])
            switch mode {
            case "constant", "edge": continue
            case "reflect" where n >= 2 && reach < n, "wrap" where reach <= n: continue
            case "reflect", "wrap":
                throw .unsupportedAttribute(
                    op: c.op, node: c.node.name, attribute: "pads",
                    reason: "\(mode) padding by \(reach) on an axis of size \(n)")
            default:
                throw .unsupportedAttribute(
                    op: c.op, node: c.node.name, attribute: "mode",
                    reason: "unknown mode '\(mode)' (constant, reflect, edge, wrap)")
            }
        }
        let mapping = padMapping(shape, outShape, begin: begin, count: count, mode: mode)
        switch data {
        case let .constant(k):
            let values = mapping.map { $0 < 0 ? value : k.values[$0] }
            return .constant(ConstantTensor(shape: outShape, values: values, elementType: k.elementType))
        case let .data(id, _):
            guard value == 0 || !mapping.contains(-1) else {
                throw .unsupportedAttribute(
                    op: c.op, node: c.node.name, attribute: "constant_value",
                    reason: "only 0 can pad a computed tensor, got \(value)")
            }
            return b.add(c.node.name, .permute(mapping), inputs: [id], shape: outShape)
        }
    }

    /// Output index → input index (−1 for a constant-padded element), row-major; `begin[d]` may be negative (crop).
    private static func padMapping(
        _ shape: [Int], _ outShape: [Int], begin: [Int], count: Int,
        mode: String
    ) -> [Int] {
        let rank = shape.count
        var strides = Array(repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        var mapping: [Int] = []
        mapping.reserveCapacity(count)
        var index = Array(repeating: 0, count: rank)
        for _ in 0..<count {
            var src = 0
            for d in 0..<rank {
                var i = index[d] - begin[d]
                let n = shape[d]
                if i < 0 || i >= n {
                    switch mode {
                    case "edge": i = Swift.min(Swift.max(i, 0), n - 1)
                    case "reflect": i = i < 0 ? -i : 2 * (n - 1) - i
                    case "wrap": i = (i % n + n) % n
                    default: i = -1
                    }
                }
                if i < 0 {
                    src = -1
                    break
                }
                src += i * strides[d]
            }
            mapping.append(src)
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < outShape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return mapping
    }
}
