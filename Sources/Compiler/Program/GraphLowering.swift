/// Turns a `Model` graph into a `FloatProgram`: picks the output, drops nodes that do not feed it, resolves
/// static shapes, then hands each remaining node to its op's entry in `NodeLowering.table` (constants are
/// folded, relabelings become aliases, every other op becomes a `FloatOp` layer). `ProgramOptimizer` then
/// folds BatchNormalization and constant Mul/Add/Sub/Div into a preceding linear layer and turns a final
/// Softmax into the unproved `OutputHead.softmaxNotProved`.
///
/// Failure: an op missing from the table, or of another domain → `.unsupportedOp` listing
/// `NodeLowering.supportedDescription`; unsupported attribute → `.unsupportedAttribute` naming op, node and
/// what is supported; unknown tensor → `.missingTensor`; bad shapes → `.shapeMismatch`.
enum GraphLowering {
    /// Largest tensor the compiler accepts (elements).
    static let maxElements = 1 << 24

    static func lower(_ model: Model, outputName: String?) throws(CompilerError) -> FloatProgram {
        let input = try modelInput(model)
        let output = try chosenOutput(model, outputName)
        let needed = nodesFeeding(output.name, in: model)

        var b = GraphBuilder()
        b.opsetVersion = model.opsetVersion
        b.values[input.name] = .data(id: 0, shape: input.shape)
        for (name, t) in model.initializers { b.values[name] = .constant(t) }
        for (i, node) in model.nodes.enumerated() where needed.contains(i) {
            guard node.domain.isEmpty || node.domain == "ai.onnx", let lowering = NodeLowering.byOp[node.opType] else {
                let op = node.domain.isEmpty || node.domain == "ai.onnx" ? node.opType : "\(node.domain).\(node.opType)"
                throw .unsupportedOp(op: op, node: node.name, supported: NodeLowering.supportedDescription)
            }
            var operands: [GraphValue?] = []
            for name in node.inputs {
                if name.isEmpty {
                    operands.append(nil)
                    continue
                }
                guard let v = b.values[name] else { throw .missingTensor(name: name, node: node.name) }
                operands.append(v)
            }
            let result = try lowering.lower(NodeContext(node: node, operands: operands), &b)
            // Every computed tensor is non-empty and small enough to lower (later ops assume both).
            if case let .data(_, shape) = result,
                shape.contains(where: { $0 < 1 }) || shape.checkedProduct(atMost: maxElements) == nil
            {
                throw .invalidONNX(
                    "node '\(node.name)' (\(node.opType)) computes a tensor of shape \(shape): "
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
            layers.append(
                FloatLayer(
                    name: output.name, op: .permute(Array(0..<finalShape.reduce(1, *))),
                    inputs: [finalID], output: layers.count + 1, shape: finalShape))
        } else {
            layers[layers.count - 1].shape = finalShape
        }
        var program = FloatProgram(
            modelName: model.name, inputName: input.name, inputShape: input.shape,
            layers: layers, outputHead: .none, declaredInputRange: model.inputRange)
        try ProgramOptimizer.optimize(&program)
        // The proved class index is the circuit's output: nothing may compute on it (README, "Models").
        if let i = program.layers.firstIndex(where: { if case .argmax = $0.op { true } else { false } }),
            i != program.layers.count - 1
        {
            throw .unsupportedAttribute(
                op: "ArgMax", node: program.layers[i].name, attribute: "(position)",
                reason: "ArgMax must be the model's last op; here '\(program.layers[i + 1].name)' follows it")
        }
        return program
    }

    /// The model's single non-constant input, with a valid static shape of at most `maxElements` elements.
    private static func modelInput(_ model: Model) throws(CompilerError) -> ValueInfo {
        guard model.inputs.count == 1, let input = model.inputs.first else {
            throw .invalidONNX(
                "the model must have exactly one non-constant input, found \(model.inputs.count): "
                    + "\(model.inputs.map(\.name))")
        }
        guard input.shape.allSatisfy({ $0 > 0 && $0 < 1 << 24 }), !input.shape.isEmpty,
            input.shape.checkedProduct(atMost: maxElements) != nil
        else {
            throw .invalidONNX(
                "input '\(input.name)' has invalid or too large shape \(input.shape) "
                    + "(at most \(maxElements) elements)")
        }
        return input
    }

    /// The graph output named `outputName`, or by default the first float output (else the first output).
    private static func chosenOutput(_ model: Model, _ outputName: String?) throws(CompilerError) -> ValueInfo {
        if let outputName {
            guard let o = model.outputs.first(where: { $0.name == outputName }) else {
                throw .invalidONNX("no graph output named '\(outputName)'; outputs: \(model.outputs.map(\.name))")
            }
            return o
        }
        guard
            let o = model.outputs.first(where: { $0.elementType == .float || $0.elementType == .undefined })
                ?? model.outputs.first
        else { throw .invalidONNX("the graph has no outputs") }
        return o
    }

    /// Indices of the nodes the tensor `name` depends on (dead-code elimination, backwards from the output).
    private static func nodesFeeding(_ name: String, in model: Model) -> Set<Int> {
        var producer: [String: Int] = [:]
        for (i, node) in model.nodes.enumerated() { for o in node.outputs where !o.isEmpty { producer[o] = i } }
        var needed = Set<Int>()
        var stack = [name]
        while let t = stack.popLast() {
            guard let p = producer[t], !needed.contains(p) else { continue }
            needed.insert(p)
            stack.append(contentsOf: model.nodes[p].inputs.filter { !$0.isEmpty })
        }
        return needed
    }
}
