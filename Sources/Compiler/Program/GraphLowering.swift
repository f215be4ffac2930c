/// Turns a `Model` graph into a `FloatProgram`: picks the output, drops nodes that do not feed it, resolves
/// static shapes, folds constants (Shape, Constant, Cast, arithmetic on constants), maps every supported ONNX
/// op to a `FloatOp`, turns relabelings (Identity, Dropout, Cast, Flatten, Reshape, Squeeze, Unsqueeze) into
/// aliases, folds BatchNormalization and constant Mul/Add/Sub/Div into a preceding linear layer, and turns a
/// final Softmax into the unproved `OutputHead.softmaxNotProved`.
///
/// Failure: unsupported op/attribute → `.unsupportedOp` / `.unsupportedAttribute` naming op, node and what is
/// supported; unknown tensor → `.missingTensor`; bad shapes → `.shapeMismatch`.
enum GraphLowering {
    static let supportedOps = "Gemm, MatMul, Add, Sub, Mul/Div by a constant, Conv (group 1, dilation 1), Relu, LeakyRelu, "
        + "MaxPool, AveragePool, GlobalAveragePool, Flatten, Reshape, Squeeze, Unsqueeze, Transpose, BatchNormalization, "
        + "Identity, Dropout, Sigmoid, Tanh, ArgMax, Softmax (final op only), Cast, Shape, Constant"

    /// Largest tensor the compiler accepts (elements).
    static let maxElements = 1 << 24

    /// Integer-valued constant entries (shapes, axes) as Int, rejecting NaN, fractions and huge values.
    private static func integers(_ values: [Double], node: Node, what: String) throws(CompilerError) -> [Int] {
        var out: [Int] = []
        for v in values {
            guard v.isFinite, v == v.rounded(), v.magnitude < 0x1p31 else {
                throw .unsupportedAttribute(op: node.opType, node: node.name, attribute: what, reason: "\(v) is not a valid integer")
            }
            out.append(Int(v))
        }
        return out
    }

    private enum Value {
        case constant(ConstantTensor)
        case data(id: Int, shape: [Int])
    }

    private struct Builder {
        var layers: [FloatLayer] = []
        var values: [String: Value] = [:]

        mutating func add(_ name: String, _ op: FloatOp, inputs: [Int], shape: [Int]) -> Value {
            let id = layers.count + 1
            layers.append(FloatLayer(name: name, op: op, inputs: inputs, output: id, shape: shape))
            return .data(id: id, shape: shape)
        }
    }

    static func lower(_ model: Model, outputName: String?) throws(CompilerError) -> FloatProgram {
        guard model.inputs.count == 1, let input = model.inputs.first else {
            throw .invalidONNX("the model must have exactly one non-constant input, found \(model.inputs.count): \(model.inputs.map(\.name))")
        }
        guard input.shape.allSatisfy({ $0 > 0 && $0 < 1 << 24 }), !input.shape.isEmpty,
              input.shape.checkedProduct(atMost: maxElements) != nil else {
            throw .invalidONNX("input '\(input.name)' has invalid or too large shape \(input.shape) (at most \(maxElements) elements)")
        }
        let output: ValueInfo
        if let outputName {
            guard let o = model.outputs.first(where: { $0.name == outputName }) else {
                throw .invalidONNX("no graph output named '\(outputName)'; outputs: \(model.outputs.map(\.name))")
            }
            output = o
        } else {
            output = model.outputs.first(where: { $0.elementType == .float || $0.elementType == .undefined }) ?? model.outputs[0]
        }
        // Nodes needed for the chosen output (dead-code elimination, backwards).
        var producer: [String: Int] = [:]
        for (i, node) in model.nodes.enumerated() { for o in node.outputs where !o.isEmpty { producer[o] = i } }
        var needed = Set<Int>()
        var stack = [output.name]
        while let t = stack.popLast() {
            guard let p = producer[t], !needed.contains(p) else { continue }
            needed.insert(p)
            stack.append(contentsOf: model.nodes[p].inputs.filter { !$0.isEmpty })
        }

        var b = Builder()
        b.values[input.name] = .data(id: 0, shape: input.shape)
        for (name, t) in model.initializers { b.values[name] = .constant(t) }
        for (i, node) in model.nodes.enumerated() where needed.contains(i) {
            guard node.domain.isEmpty || node.domain == "ai.onnx" else {
                throw .unsupportedOp(op: "\(node.domain).\(node.opType)", node: node.name, supported: supportedOps)
            }
            var operands: [Value?] = []
            for name in node.inputs {
                if name.isEmpty { operands.append(nil); continue }
                guard let v = b.values[name] else { throw .missingTensor(name: name, node: node.name) }
                operands.append(v)
            }
            let result = try lowerNode(node, operands, &b)
            // Every computed tensor is non-empty and small enough to lower (later ops assume both).
            if case let .data(_, shape) = result, shape.contains(where: { $0 < 1 }) || shape.checkedProduct(atMost: maxElements) == nil {
                throw .invalidONNX("node '\(node.name)' (\(node.opType)) computes a tensor of shape \(shape): "
                                   + "empty or larger than \(maxElements) elements")
            }
            guard let first = node.outputs.first else { throw .invalidONNX("node '\(node.name)' has no output") }
            b.values[first] = result
        }
        guard let final = b.values[output.name] else { throw .missingTensor(name: output.name, node: "graph output") }
        guard case let .data(finalID, finalShape) = final else {
            throw .invalidONNX("output '\(output.name)' is a constant; it does not depend on the input")
        }
        // Bring the output tensor to the end (it may be an alias of an earlier layer's output).
        var layers = b.layers
        if finalID != layers.count || finalID == 0 {
            layers.append(FloatLayer(name: output.name, op: .permute(Array(0..<finalShape.reduce(1, *))),
                                     inputs: [finalID], output: layers.count + 1, shape: finalShape))
        } else {
            layers[layers.count - 1].shape = finalShape
        }
        var program = FloatProgram(modelName: model.name, inputName: input.name, inputShape: input.shape,
                                   layers: layers, outputHead: .none, declaredInputRange: model.inputRange)
        try ProgramOptimizer.optimize(&program)
        // The proved class index is the circuit's output: nothing may compute on it (README, "Models").
        if let i = program.layers.firstIndex(where: { if case .argmax = $0.op { true } else { false } }),
           i != program.layers.count - 1 {
            throw .unsupportedAttribute(op: "ArgMax", node: program.layers[i].name, attribute: "(position)",
                                        reason: "ArgMax must be the model's last op; here '\(program.layers[i + 1].name)' follows it")
        }
        return program
    }

    // MARK: - Per-op lowering

    private static func lowerNode(_ node: Node, _ x: [Value?], _ b: inout Builder) throws(CompilerError) -> Value {
        let op = node.opType
        func arg(_ i: Int) throws(CompilerError) -> Value {
            guard i < x.count, let v = x[i] else {
                throw .invalidONNX("node '\(node.name)' (\(op)) is missing its input #\(i)")
            }
            return v
        }
        func constant(_ i: Int, _ what: String) throws(CompilerError) -> ConstantTensor {
            guard case let .constant(c) = try arg(i) else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "input #\(i)",
                                            reason: "\(what) must be a constant (initializer), not a computed tensor")
            }
            return c
        }
        func data(_ i: Int) throws(CompilerError) -> (Int, [Int]) {
            guard case let .data(id, shape) = try arg(i) else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "input #\(i)", reason: "expected the data tensor, got a constant")
            }
            return (id, shape)
        }
        let attrs = Attributes(node: node)

        switch op {
        case "Identity", "Dropout":
            return try arg(0)
        case "Cast":
            if case let .constant(c) = try arg(0) { return .constant(c) }
            let to = try attrs.int("to", default: 1)
            guard to == 1 || to == 11 || to == 10 else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "to", reason: "a data tensor can only be cast to a float type (got type \(to))")
            }
            return try arg(0)
        case "Constant":
            if case let .tensor(t)? = node.attributes["value"] { return .constant(t) }
            if case let .float(f)? = node.attributes["value_float"] { return .constant(ConstantTensor(shape: [], values: [Double(f)])) }
            if case let .floats(f)? = node.attributes["value_floats"] { return .constant(ConstantTensor(shape: [f.count], values: f.map(Double.init))) }
            if case let .int(v)? = node.attributes["value_int"] { return .constant(ConstantTensor(shape: [], values: [Double(v)], elementType: .int64)) }
            if case let .ints(v)? = node.attributes["value_ints"] { return .constant(ConstantTensor(shape: [v.count], values: v.map(Double.init), elementType: .int64)) }
            throw .unsupportedAttribute(op: op, node: node.name, attribute: "value", reason: "supported: value (tensor), value_float(s), value_int(s)")
        case "Shape":
            let shape = try shapeOf(try arg(0))
            return .constant(ConstantTensor(shape: [shape.count], values: shape.map(Double.init), elementType: .int64))
        case "Flatten":
            let v = try arg(0)
            let shape = try shapeOf(v)
            var axis = Int(try attrs.int("axis", default: 1))
            if axis < 0 { axis += shape.count }
            guard (0...shape.count).contains(axis) else { throw .unsupportedAttribute(op: op, node: node.name, attribute: "axis", reason: "out of range") }
            guard let outer = shape[..<axis].checkedProduct(), let inner = shape[axis...].checkedProduct() else {
                throw tooLarge(shape, node)
            }
            return try reshaped(v, [outer, inner], node)
        case "Reshape":
            let v = try arg(0)
            let shape = try shapeOf(v)
            let target = try integers(try constant(1, "the shape").values, node: node, what: "shape")
            var out: [Int] = []
            for (i, d) in target.enumerated() {
                if d == 0 {
                    guard i < shape.count else { throw .shapeMismatch(node: node.name, expected: shape, got: target) }
                    out.append(shape[i])
                } else { out.append(d) }
            }
            guard let total = shape.checkedProduct() else { throw tooLarge(shape, node) }
            if let k = out.firstIndex(of: -1) {
                let rest = out.enumerated().filter { $0.offset != k }.map(\.element).checkedProduct() ?? 0
                guard rest > 0, total % rest == 0 else { throw .shapeMismatch(node: node.name, expected: shape, got: target) }
                out[k] = total / rest
            }
            return try reshaped(v, out, node)
        case "Squeeze", "Unsqueeze":
            let v = try arg(0)
            let shape = try shapeOf(v)
            var axes = try attrs.ints("axes", default: [])
            if x.count > 1, x[1] != nil { axes = try integers(try constant(1, "axes").values, node: node, what: "axes").map { Int64($0) } }
            guard axes.allSatisfy({ $0.magnitude <= 64 }) else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "axes", reason: "out of range")
            }
            var out = shape
            // ONNX: each axis in [-r, r − 1], r the rank of the output (Unsqueeze) or the input (Squeeze).
            let rank = op == "Squeeze" ? shape.count : shape.count + axes.count
            let ax = axes.map { Int($0 < 0 ? $0 + Int64(rank) : $0) }
            if let bad = zip(axes, ax).first(where: { !(0..<rank).contains($0.1) }) {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "axes",
                                            reason: "axis \(bad.0) is out of range for rank \(rank)")
            }
            guard Set(ax).count == ax.count else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "axes", reason: "\(axes) repeats an axis")
            }
            if op == "Squeeze" {
                if let a = ax.first(where: { shape[$0] != 1 }) {
                    throw .unsupportedAttribute(op: op, node: node.name, attribute: "axes",
                                                reason: "axis \(a) has size \(shape[a]), only size-1 axes can be squeezed")
                }
                out = shape.enumerated().filter { ax.isEmpty ? $0.element != 1 : !ax.contains($0.offset) }.map(\.element)
            } else {
                for a in ax.sorted() { out.insert(1, at: a) }
            }
            return try reshaped(v, out, node)
        case "Transpose":
            let (id, shape) = try data(0)
            let perm = try attrs.ints("perm", default: (0..<Int64(shape.count)).reversed().map { $0 }).map { Int($0) }
            guard perm.sorted() == Array(0..<shape.count) else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "perm", reason: "\(perm) is not a permutation of the \(shape.count) axes")
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
            return b.add(node.name, .permute(mapping), inputs: [id], shape: outShape)
        case "Add", "Sub", "Mul", "Div":
            return try lowerArithmetic(node, try arg(0), try arg(1), &b)
        case "Gemm":
            return try lowerGemm(node, x, attrs, &b)
        case "MatMul":
            let (id, shape) = try data(0)
            let w = try constant(1, "the second MatMul operand (weights)")
            let k = shape.last ?? 0
            guard w.shape.count == 2, w.shape[0] == k, shape.dropLast().reduce(1, *) == 1 else {
                throw .shapeMismatch(node: node.name, expected: [1, w.shape.first ?? 0], got: shape)
            }
            let n = w.shape[1]
            var weights = Array(repeating: 0.0, count: n * k)
            for i in 0..<k { for o in 0..<n { weights[o * k + i] = w.values[i * n + o] } }
            let outShape = Array(shape.dropLast()) + [n]
            return b.add(node.name, .linear(LinearOperator(kind: .dense(inputs: k, outputs: n), weights: weights,
                                                            bias: Array(repeating: 0, count: n))), inputs: [id], shape: outShape)
        case "Conv":
            return try lowerConv(node, x, attrs, &b)
        case "BatchNormalization":
            let (id, shape) = try data(0)
            guard shape.count >= 2 else { throw .shapeMismatch(node: node.name, expected: [1, 0], got: shape) }
            let c = shape[1]
            let scale = try constant(1, "scale"), bias = try constant(2, "B")
            let mean = try constant(3, "mean"), variance = try constant(4, "var")
            guard [scale, bias, mean, variance].allSatisfy({ $0.values.count == c }) else {
                throw .shapeMismatch(node: node.name, expected: [c], got: scale.shape)
            }
            let eps = Double(try attrs.float("epsilon", default: 1e-5))
            let spatial = shape.reduce(1, *) / c
            var w: [Double] = [], bb: [Double] = []
            for ch in 0..<c {
                // y = scale·(x − mean)/√(var + ε) + B needs var + ε > 0 (a variance is never negative).
                guard variance.values[ch] + eps > 0, (variance.values[ch] + eps).isFinite else {
                    throw .unsupportedAttribute(op: op, node: node.name, attribute: "var",
                                                reason: "channel \(ch): var + epsilon = \(variance.values[ch]) + \(eps) is not a positive number")
                }
                let a = scale.values[ch] / (variance.values[ch] + eps).squareRoot()
                let off = bias.values[ch] - a * mean.values[ch]
                w.append(contentsOf: repeatElement(a, count: spatial))
                bb.append(contentsOf: repeatElement(off, count: spatial))
            }
            return b.add(node.name, .linear(LinearOperator(kind: .elementwise(count: w.count), weights: w, bias: bb)),
                         inputs: [id], shape: shape)
        case "Relu":
            let (id, shape) = try data(0)
            return b.add(node.name, .relu, inputs: [id], shape: shape)
        case "LeakyRelu":
            let (id, shape) = try data(0)
            let alpha = try attrs.float("alpha", default: 0.01)
            guard alpha.isFinite else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "alpha", reason: "\(alpha) is not a finite number")
            }
            return b.add(node.name, .leakyRelu(alpha: Double(alpha)), inputs: [id], shape: shape)
        case "Sigmoid":
            let (id, shape) = try data(0)
            return b.add(node.name, .sigmoid, inputs: [id], shape: shape)
        case "Tanh":
            let (id, shape) = try data(0)
            return b.add(node.name, .tanh, inputs: [id], shape: shape)
        case "Softmax":
            let (id, shape) = try data(0)
            guard shape.filter({ $0 > 1 }).count <= 1 else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "axis", reason: "Softmax is supported over a single non-trivial axis (batch 1)")
            }
            return b.add(node.name, .softmax, inputs: [id], shape: shape)
        case "ArgMax":
            let (id, shape) = try data(0)
            guard try attrs.int("select_last_index", default: 0) == 0 else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "select_last_index", reason: "only 0 (first maximum) is supported")
            }
            var axis = Int(try attrs.int("axis", default: 0))
            if axis < 0 { axis += shape.count }
            guard (0..<shape.count).contains(axis) else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "axis", reason: "axis out of range for shape \(shape)")
            }
            guard shape.enumerated().allSatisfy({ $0.offset == axis || $0.element == 1 }) else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "axis", reason: "ArgMax is supported over a vector (all other dimensions 1)")
            }
            let keep = try attrs.int("keepdims", default: 1) == 1
            var outShape = shape
            if keep { outShape[axis] = 1 } else { outShape.remove(at: axis) }
            return b.add(node.name, .argmax, inputs: [id], shape: outShape.isEmpty ? [1] : outShape)
        case "MaxPool", "AveragePool":
            let (id, shape) = try data(0)
            guard shape.count == 4, shape[0] == 1 else { throw .shapeMismatch(node: node.name, expected: [1, 0, 0, 0], got: shape) }
            guard try attrs.int("ceil_mode", default: 0) == 0 else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "ceil_mode", reason: "only ceil_mode = 0 is supported")
            }
            if op == "MaxPool" {
                guard try attrs.int("storage_order", default: 0) == 0, node.outputs.count < 2 || node.outputs[1].isEmpty else {
                    throw .unsupportedAttribute(op: op, node: node.name, attribute: "Indices", reason: "the indices output is not supported")
                }
            }
            let g = try windowGeometry(node, attrs, shape, outputChannels: shape[1], kernel: nil)
            let outShape = [1, g.outputChannels, g.outputHeight, g.outputWidth]
            if op == "MaxPool" { return b.add(node.name, .maxPool(g), inputs: [id], shape: outShape) }
            let include = try attrs.int("count_include_pad", default: 0) == 1
            let k = g.kernelHeight * g.kernelWidth
            return b.add(node.name, .linear(LinearOperator(kind: .averagePool(g, countIncludesPadding: include),
                                                            weights: (1...k).map { 1 / Double($0) }, bias: [])),
                         inputs: [id], shape: outShape)
        case "GlobalAveragePool":
            let (id, shape) = try data(0)
            guard shape.count == 4, shape[0] == 1 else { throw .shapeMismatch(node: node.name, expected: [1, 0, 0, 0], got: shape) }
            let g = WindowGeometry(inputChannels: shape[1], inputHeight: shape[2], inputWidth: shape[3], outputChannels: shape[1],
                                   kernelHeight: shape[2], kernelWidth: shape[3], strideHeight: 1, strideWidth: 1,
                                   padTop: 0, padLeft: 0, padBottom: 0, padRight: 0)
            let k = shape[2] * shape[3]
            return b.add(node.name, .linear(LinearOperator(kind: .averagePool(g, countIncludesPadding: true),
                                                            weights: (1...k).map { 1 / Double($0) }, bias: [])),
                         inputs: [id], shape: [1, shape[1], 1, 1])
        default:
            throw .unsupportedOp(op: op, node: node.name, supported: supportedOps)
        }
    }

    private static func tooLarge(_ shape: [Int], _ node: Node) -> CompilerError {
        .invalidONNX("node '\(node.name)' (\(node.opType)): shape \(shape) has too many elements")
    }

    private static func shapeOf(_ v: Value) throws(CompilerError) -> [Int] {
        switch v {
        case let .constant(c): return c.shape
        case let .data(_, shape): return shape
        }
    }

    private static func reshaped(_ v: Value, _ shape: [Int], _ node: Node) throws(CompilerError) -> Value {
        let old = try shapeOf(v)
        guard shape.allSatisfy({ $0 >= 0 }), let count = shape.checkedProduct(), count == old.checkedProduct() else {
            throw .shapeMismatch(node: node.name, expected: old, got: shape)
        }
        switch v {
        case var .constant(c):
            c.shape = shape
            return .constant(c)
        case let .data(id, _):
            return .data(id: id, shape: shape)
        }
    }

    /// Broadcasts a constant to `shape` (numpy rules) as a flat array.
    private static func broadcast(_ c: ConstantTensor, to shape: [Int], node: Node) throws(CompilerError) -> [Double] {
        guard let n = shape.checkedProduct(atMost: maxElements) else {
            throw tooLarge(shape, node)
        }
        if c.values.count == 1 { return Array(repeating: c.values[0], count: n) }
        let cs = Array(repeating: 1, count: max(0, shape.count - c.shape.count)) + c.shape
        guard cs.count == shape.count, zip(cs, shape).allSatisfy({ $0 == $1 || $0 == 1 }) else {
            throw .shapeMismatch(node: node.name, expected: shape, got: c.shape)
        }
        var strides = Array(repeating: 0, count: cs.count)
        var s = 1
        for i in stride(from: cs.count - 1, through: 0, by: -1) {
            strides[i] = cs[i] == 1 ? 0 : s
            s *= cs[i]
        }
        var out: [Double] = []
        out.reserveCapacity(n)
        var index = Array(repeating: 0, count: shape.count)
        for _ in 0..<n {
            var src = 0
            for d in 0..<shape.count { src += index[d] * strides[d] }
            out.append(c.values[src])
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

    private static func lowerArithmetic(_ node: Node, _ a: Value, _ c: Value, _ b: inout Builder) throws(CompilerError) -> Value {
        let op = node.opType
        switch (a, c) {
        case let (.constant(x), .constant(y)):
            // Constant folding (shape arithmetic, pre-scaled weights).
            let shape = x.values.count >= y.values.count ? x.shape : y.shape
            let xs = try broadcast(x, to: shape, node: node), ys = try broadcast(y, to: shape, node: node)
            let v: [Double] = zip(xs, ys).map { p, q in
                switch op {
                case "Add": return p + q
                case "Sub": return p - q
                case "Mul": return p * q
                default: return p / q
                }
            }
            return .constant(ConstantTensor(shape: shape, values: v, elementType: x.elementType))
        case let (.data(id, shape), .constant(k)), let (.constant(k), .data(id, shape)):
            let dataFirst: Bool
            if case .data = a { dataFirst = true } else { dataFirst = false }
            let kv = try broadcast(k, to: shape, node: node)
            let n = kv.count
            guard k.values.count <= n else { throw .shapeMismatch(node: node.name, expected: shape, got: k.shape) }
            var w = Array(repeating: 1.0, count: n), bias = Array(repeating: 0.0, count: n)
            switch (op, dataFirst) {
            case ("Add", _): bias = kv
            case ("Sub", true): bias = kv.map { -$0 }
            case ("Sub", false): w = Array(repeating: -1, count: n); bias = kv
            case ("Mul", _): w = kv
            case ("Div", true):
                guard kv.allSatisfy({ $0 != 0 }) else {
                    throw .unsupportedAttribute(op: op, node: node.name, attribute: "B", reason: "division by zero")
                }
                w = kv.map { 1 / $0 }
            default:
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "A",
                                            reason: "dividing a constant by a computed tensor is not supported (only division by a constant)")
            }
            return b.add(node.name, .linear(LinearOperator(kind: .elementwise(count: n), weights: w, bias: bias)),
                         inputs: [id], shape: shape)
        case let (.data(i, s1), .data(j, s2)):
            guard op == "Add" || op == "Sub" else {
                throw .unsupportedAttribute(op: op, node: node.name, attribute: "B",
                                            reason: "\(op) of two computed tensors is not supported (only by a constant); Add and Sub of two tensors are")
            }
            guard s1 == s2 else { throw .shapeMismatch(node: node.name, expected: s1, got: s2) }
            return b.add(node.name, .sum(signs: [1, op == "Add" ? 1 : -1]), inputs: [i, j], shape: s1)
        }
    }

    private static func lowerGemm(_ node: Node, _ x: [Value?], _ attrs: Attributes, _ b: inout Builder) throws(CompilerError) -> Value {
        guard x.count >= 2, case let .data(id, shape)? = x[0] else {
            throw .unsupportedAttribute(op: "Gemm", node: node.name, attribute: "A", reason: "A must be the data tensor and B a constant")
        }
        guard case let .constant(w)? = x[1] else {
            throw .unsupportedAttribute(op: "Gemm", node: node.name, attribute: "B", reason: "B must be a constant (initializer)")
        }
        let transA = try attrs.int("transA", default: 0) == 1, transB = try attrs.int("transB", default: 0) == 1
        let alpha = Double(try attrs.float("alpha", default: 1)), beta = Double(try attrs.float("beta", default: 1))
        guard shape.count == 2, (transA ? shape[1] : shape[0]) == 1 else {
            throw .shapeMismatch(node: node.name, expected: transA ? [0, 1] : [1, 0], got: shape)
        }
        let k = transA ? shape[0] : shape[1]
        guard w.shape.count == 2, (transB ? w.shape[1] : w.shape[0]) == k else {
            throw .shapeMismatch(node: node.name, expected: transB ? [0, k] : [k, 0], got: w.shape)
        }
        let n = transB ? w.shape[0] : w.shape[1]
        var weights = Array(repeating: 0.0, count: n * k)
        for o in 0..<n {
            for i in 0..<k { weights[o * k + i] = alpha * (transB ? w.values[o * k + i] : w.values[i * n + o]) }
        }
        var bias = Array(repeating: 0.0, count: n)
        if x.count > 2, let cv = x[2] {
            guard case let .constant(c) = cv else {
                throw .unsupportedAttribute(op: "Gemm", node: node.name, attribute: "C", reason: "C must be a constant (initializer)")
            }
            bias = try broadcast(c, to: [1, n], node: node).map { beta * $0 }
        }
        return b.add(node.name, .linear(LinearOperator(kind: .dense(inputs: k, outputs: n), weights: weights, bias: bias)),
                     inputs: [id], shape: [1, n])
    }

    private static func lowerConv(_ node: Node, _ x: [Value?], _ attrs: Attributes, _ b: inout Builder) throws(CompilerError) -> Value {
        guard x.count >= 2, case let .data(id, shape)? = x[0] else {
            throw .unsupportedAttribute(op: "Conv", node: node.name, attribute: "X", reason: "X must be the data tensor")
        }
        guard case let .constant(w)? = x[1] else {
            throw .unsupportedAttribute(op: "Conv", node: node.name, attribute: "W", reason: "W must be a constant (initializer)")
        }
        guard shape.count == 4, shape[0] == 1 else { throw .shapeMismatch(node: node.name, expected: [1, 0, 0, 0], got: shape) }
        guard try attrs.int("group", default: 1) == 1 else {
            throw .unsupportedAttribute(op: "Conv", node: node.name, attribute: "group", reason: "only group = 1 is supported")
        }
        guard w.shape.count == 4, w.shape[1] == shape[1] else {
            throw .shapeMismatch(node: node.name, expected: [0, shape[1], 0, 0], got: w.shape)
        }
        let g = try windowGeometry(node, attrs, shape, outputChannels: w.shape[0], kernel: (w.shape[2], w.shape[3]))
        var bias = Array(repeating: 0.0, count: w.shape[0])
        if x.count > 2, let bv = x[2] {
            guard case let .constant(c) = bv, c.values.count == w.shape[0] else {
                throw .unsupportedAttribute(op: "Conv", node: node.name, attribute: "B", reason: "B must be a constant of \(w.shape[0]) values")
            }
            bias = c.values
        }
        return b.add(node.name, .linear(LinearOperator(kind: .conv(g), weights: w.values, bias: bias)),
                     inputs: [id], shape: [1, g.outputChannels, g.outputHeight, g.outputWidth])
    }

    /// Kernel, strides, pads (explicit or auto_pad) for Conv/MaxPool/AveragePool; dilations must be 1.
    private static func windowGeometry(_ node: Node, _ attrs: Attributes, _ shape: [Int], outputChannels: Int,
                                       kernel: (Int, Int)?) throws(CompilerError) -> WindowGeometry {
        let op = node.opType
        let ks = try attrs.ints("kernel_shape", default: kernel.map { [Int64($0.0), Int64($0.1)] } ?? [])
        guard ks.count == 2, ks.allSatisfy({ $0 > 0 && $0 < 1 << 16 }) else {
            throw .unsupportedAttribute(op: op, node: node.name, attribute: "kernel_shape", reason: "a 2-D kernel shape is required, got \(ks)")
        }
        if let kernel, ks != [Int64(kernel.0), Int64(kernel.1)] {
            throw .shapeMismatch(node: node.name, expected: [kernel.0, kernel.1], got: ks.map { Int($0) })
        }
        guard try attrs.ints("dilations", default: [1, 1]).allSatisfy({ $0 == 1 }) else {
            throw .unsupportedAttribute(op: op, node: node.name, attribute: "dilations", reason: "only dilation 1 is supported")
        }
        let strides = try attrs.ints("strides", default: [1, 1])
        guard strides.count == 2, strides.allSatisfy({ $0 > 0 && $0 < 1 << 16 }) else {
            throw .unsupportedAttribute(op: op, node: node.name, attribute: "strides", reason: "two positive strides expected, got \(strides)")
        }
        var pads = try attrs.ints("pads", default: [0, 0, 0, 0])
        guard pads.count == 4, pads.allSatisfy({ $0 >= 0 }), pads[0] < ks[0], pads[2] < ks[0], pads[1] < ks[1], pads[3] < ks[1] else {
            throw .unsupportedAttribute(op: op, node: node.name, attribute: "pads",
                                        reason: "four non-negative pads, each smaller than the kernel, expected; got \(pads)")
        }
        let autoPad = try attrs.string("auto_pad", default: "NOTSET")
        switch autoPad {
        case "NOTSET", "VALID":
            if autoPad == "VALID" { pads = [0, 0, 0, 0] }
        case "SAME_UPPER", "SAME_LOWER":
            for d in 0..<2 {
                let inSize = Int64(shape[2 + d])
                let out = (inSize + strides[d] - 1) / strides[d]
                let total = max(0, (out - 1) * strides[d] + ks[d] - inSize)
                let small = total / 2, large = total - small
                pads[d] = autoPad == "SAME_UPPER" ? small : large
                pads[d + 2] = autoPad == "SAME_UPPER" ? large : small
            }
        default:
            throw .unsupportedAttribute(op: op, node: node.name, attribute: "auto_pad", reason: "unknown value '\(autoPad)'")
        }
        let g = WindowGeometry(inputChannels: shape[1], inputHeight: shape[2], inputWidth: shape[3], outputChannels: outputChannels,
                               kernelHeight: Int(ks[0]), kernelWidth: Int(ks[1]), strideHeight: Int(strides[0]),
                               strideWidth: Int(strides[1]), padTop: Int(pads[0]), padLeft: Int(pads[1]),
                               padBottom: Int(pads[2]), padRight: Int(pads[3]))
        guard g.inputHeight + g.padTop + g.padBottom >= g.kernelHeight, g.inputWidth + g.padLeft + g.padRight >= g.kernelWidth else {
            throw .shapeMismatch(node: node.name, expected: [g.kernelHeight, g.kernelWidth], got: [shape[2], shape[3]])
        }
        return g
    }
}

/// Typed attribute access with defaults; a present attribute of the wrong kind is an error.
struct Attributes {
    let node: Node

    func int(_ name: String, default d: Int64) throws(CompilerError) -> Int64 {
        guard let a = node.attributes[name] else { return d }
        guard case let .int(v) = a else { throw wrongType(name, "INT") }
        return v
    }

    func ints(_ name: String, default d: [Int64]) throws(CompilerError) -> [Int64] {
        guard let a = node.attributes[name] else { return d }
        guard case let .ints(v) = a else { throw wrongType(name, "INTS") }
        return v
    }

    func float(_ name: String, default d: Float) throws(CompilerError) -> Float {
        guard let a = node.attributes[name] else { return d }
        switch a {
        case let .float(v): return v
        case let .int(v): return Float(v)
        default: throw wrongType(name, "FLOAT")
        }
    }

    func string(_ name: String, default d: String) throws(CompilerError) -> String {
        guard let a = node.attributes[name] else { return d }
        guard case let .string(v) = a else { throw wrongType(name, "STRING") }
        return v
    }

    private func wrongType(_ name: String, _ expected: String) -> CompilerError {
        .unsupportedAttribute(op: node.opType, node: node.name, attribute: name, reason: "expected type \(expected), got \(node.attributes[name]!)")
    }
}
