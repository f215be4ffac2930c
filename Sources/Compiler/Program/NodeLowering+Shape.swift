/// Shape ops the exporters emit around attention. On constants (shape arithmetic) they are folded at load:
/// `Range`, `ConstantOfShape`, `Equal`, `Mod`, and `Split`/`Concat`/`Expand` of constants. On computed tensors,
/// `Split` and `Expand` are free relabelings (`permute`) and `Concat` a free multi-input relabeling (`concat`):
/// **0 constraints**.
extension NodeLowering {
    /// Split along `axis` (default 0) into the sizes of the `split` input (opset ≥ 13) or attribute, else into
    /// equal parts (one per output; `num_outputs` at opset 18). Every output is bound, not only the first.
    static func lowerSplit(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let v = try c.arg(0)
        let shape = v.shape
        var axis = Int(try c.attributes.int("axis", default: 0))
        if axis < 0 { axis += shape.count }
        guard (0..<shape.count).contains(axis) else {
            throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "axis", reason: "out of range")
        }
        let count = c.node.outputs.count
        var sizes: [Int]
        if c.has(1) {
            sizes = try c.integers(try c.constant(1, "split").values, what: "split")
        } else if c.node.attributes["split"] != nil {
            sizes = try c.attributes.ints("split", default: []).map { Int(clamping: $0) }
        } else {
            guard count >= 1, shape[axis] % count == 0 else {
                throw .unsupportedAttribute(
                    op: c.op, node: c.node.name, attribute: "split",
                    reason: "dimension \(shape[axis]) does not split into \(count) equal parts")
            }
            sizes = Array(repeating: shape[axis] / count, count: count)
        }
        guard sizes.count == count, sizes.allSatisfy({ $0 >= 1 }), sizes.reduce(0, +) == shape[axis] else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "split",
                reason: "sizes \(sizes) do not cover dimension \(shape[axis]) with \(count) outputs")
        }
        var start = 0
        var first: GraphValue?
        for (k, size) in sizes.enumerated() {
            var ranges = shape.map { Array(0..<$0) }
            ranges[axis] = Array(start..<(start + size))
            start += size
            let value = try select(c, v, ranges, &b, name: k == 0 ? c.node.name : "\(c.node.name)/\(k)")
            if k == 0 { first = value } else if !c.node.outputs[k].isEmpty { b.values[c.node.outputs[k]] = value }
        }
        guard let first else { throw .invalidONNX("node '\(c.node.name)' (Split) has no output") }
        return first
    }

    /// Concat along `axis`: folded for constants; otherwise a `concat` layer (same shape apart from `axis`). A
    /// constant operand among computed ones becomes a constant tensor first (`constantTensor`: 0 constraints).
    static func lowerConcat(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        var parts: [GraphValue] = []
        for i in 0..<c.operands.count where c.has(i) { parts.append(try c.arg(i)) }
        guard let rank = parts.first?.shape.count, rank >= 1 else {
            throw .invalidONNX("node '\(c.node.name)' (Concat) needs at least one input of rank ≥ 1")
        }
        var axis = Int(try c.attributes.int("axis", default: 0))
        if axis < 0 { axis += rank }
        guard (0..<rank).contains(axis) else {
            throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "axis", reason: "out of range")
        }
        var outShape = parts[0].shape
        outShape[axis] = 0
        for p in parts {
            var s = p.shape
            guard s.count == rank else { throw .shapeMismatch(node: c.node.name, expected: parts[0].shape, got: s) }
            outShape[axis] += s[axis]
            s[axis] = outShape[axis]
            guard s == outShape else { throw .shapeMismatch(node: c.node.name, expected: outShape, got: p.shape) }
        }
        guard outShape.checkedProduct(atMost: GraphLowering.maxElements) != nil else {
            throw shapeTooLarge(outShape, c.node)
        }
        // Output element order: for each outer index, each part's block of (its axis size × inner) elements.
        let outer = outShape[..<axis].reduce(1, *)
        let inner = outShape[(axis + 1)...].reduce(1, *)
        var sources: [Int] = []
        var indices: [Int] = []
        for o in 0..<outer {
            for (k, p) in parts.enumerated() {
                let block = p.shape[axis] * inner
                for e in 0..<block {
                    sources.append(k)
                    indices.append(o * block + e)
                }
            }
        }
        if parts.allSatisfy({ if case .constant = $0 { true } else { false } }) {
            var values: [Double] = []
            var type = ElementType.float
            for (k, i) in zip(sources, indices) {
                guard case let .constant(t) = parts[k] else { continue }
                values.append(t.values[i])
                type = t.elementType
            }
            return .constant(ConstantTensor(shape: outShape, values: values, elementType: type))
        }
        guard let computed = parts.lazy.compactMap({ if case let .data(id, _) = $0 { id } else { nil } }).first else {
            preconditionFailure("not every part is a constant")
        }
        var ids: [Int] = []
        for (k, p) in parts.enumerated() {
            switch p {
            case let .data(id, _): ids.append(id)
            case let .constant(t):
                guard t.values.allSatisfy(\.isFinite) else {
                    throw .unsupportedAttribute(
                        op: c.op, node: c.node.name, attribute: "input #\(k)", reason: "a constant value is not finite")
                }
                ids.append(constantTensor("\(c.node.name)/constant\(k)", t, after: computed, &b))
            }
        }
        return b.add(c.node.name, .concat(sources: sources, indices: indices), inputs: ids, shape: outShape)
    }

    /// A computed tensor holding the constant t: element 0 of `after` repeated (a free relabeling), then an
    /// elementwise affine layer with weights 0 and t as its bias. Its combinations are constants, so the rescale
    /// after it costs nothing (`ConstraintSystem.rescale`).
    private static func constantTensor(
        _ name: String, _ t: ConstantTensor, after id: Int, _ b: inout GraphBuilder
    ) -> Int {
        let n = t.values.count
        let zeros = LinearOperator(
            kind: .elementwise(count: n), weights: Array(repeating: 0, count: n), bias: t.values)
        guard
            case let .data(copies, _) = b.add(
                "\(name)/shape", .permute(Array(repeating: 0, count: n)), inputs: [id], shape: t.shape),
            case let .data(out, _) = b.add(name, .linear(zeros), inputs: [copies], shape: t.shape)
        else { preconditionFailure("GraphBuilder.add returns a computed tensor") }
        return out
    }

    /// Expand to the numpy broadcast of the input's shape and the constant `shape` input.
    static func lowerExpand(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let v = try c.arg(0)
        let target = try c.integers(try c.constant(1, "shape").values, what: "shape")
        guard let shape = broadcastShape(v.shape, target), shape.allSatisfy({ $0 >= 1 }) else {
            throw .shapeMismatch(node: c.node.name, expected: v.shape, got: target)
        }
        guard shape.checkedProduct(atMost: GraphLowering.maxElements) != nil else { throw shapeTooLarge(shape, c.node) }
        let map = broadcastIndices(from: v.shape, to: shape)
        switch v {
        case let .constant(k):
            return .constant(ConstantTensor(shape: shape, values: map.map { k.values[$0] }, elementType: k.elementType))
        case let .data(id, _):
            return b.add(c.node.name, .permute(map), inputs: [id], shape: shape)
        }
    }

    /// Range(start, limit, delta) of constants: folded.
    static func lowerRange(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let start = try scalarConstant(c, 0, "start")
        let limit = try scalarConstant(c, 1, "limit")
        let delta = try scalarConstant(c, 2, "delta")
        guard delta.value != 0 else {
            throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "delta", reason: "must not be 0")
        }
        let n = max(0, ((limit.value - start.value) / delta.value).rounded(.up))
        guard n >= 1, n <= Double(GraphLowering.maxElements) else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "limit", reason: "the range has \(n) elements")
        }
        let values = (0..<Int(n)).map { start.value + Double($0) * delta.value }
        return .constant(ConstantTensor(shape: [Int(n)], values: values, elementType: start.type))
    }

    /// ConstantOfShape(shape) with `value` (default float 0): folded.
    static func lowerConstantOfShape(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let shape = try c.integers(try c.constant(0, "shape").values, what: "shape")
        guard shape.allSatisfy({ $0 >= 1 }), let n = shape.checkedProduct(atMost: GraphLowering.maxElements) else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: "shape", reason: "\(shape) is empty or too large")
        }
        var fill = ConstantTensor(shape: [], values: [0])
        if case let .tensor(t)? = c.node.attributes["value"] {
            guard t.values.count == 1 else {
                throw .unsupportedAttribute(
                    op: c.op, node: c.node.name, attribute: "value", reason: "must be one value")
            }
            fill = t
        }
        return .constant(
            ConstantTensor(
                shape: shape, values: Array(repeating: fill.values[0], count: n), elementType: fill.elementType))
    }

    /// Equal and Mod of two constants (numpy broadcasting): folded (Equal gives 1/0 as bool).
    static func lowerConstantBinary(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let x = try c.constant(0, "A")
        let y = try c.constant(1, "B")
        guard let shape = broadcastShape(x.shape, y.shape) else {
            throw .shapeMismatch(node: c.node.name, expected: x.shape, got: y.shape)
        }
        let xs = try broadcast(x, to: shape, node: c.node)
        let ys = try broadcast(y, to: shape, node: c.node)
        if c.op == "Equal" {
            return .constant(
                ConstantTensor(shape: shape, values: zip(xs, ys).map { $0 == $1 ? 1 : 0 }, elementType: .bool))
        }
        // Mod: fmod = 1 keeps the dividend's sign (C fmod); fmod = 0 the divisor's (integer mod, Python's %).
        let fmod = try c.attributes.int("fmod", default: 0) == 1
        guard ys.allSatisfy({ $0 != 0 }) else {
            throw .unsupportedAttribute(op: c.op, node: c.node.name, attribute: "B", reason: "division by zero")
        }
        let values = zip(xs, ys).map { p, q in
            let r = p.truncatingRemainder(dividingBy: q)
            return fmod || r == 0 || (r < 0) == (q < 0) ? r : r + q
        }
        return .constant(ConstantTensor(shape: shape, values: values, elementType: x.elementType))
    }

    /// A one-element constant input with its element type.
    private static func scalarConstant(_ c: NodeContext, _ i: Int, _ what: String) throws(CompilerError)
        -> (value: Double, type: ElementType)
    {
        let k = try c.constant(i, what)
        guard k.values.count == 1, k.values[0].isFinite else {
            throw .unsupportedAttribute(
                op: c.op, node: c.node.name, attribute: what, reason: "must be a finite scalar constant")
        }
        return (k.values[0], k.elementType)
    }
}
