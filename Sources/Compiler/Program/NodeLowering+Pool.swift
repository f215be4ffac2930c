/// MaxPool (a `maxPool` layer: comparisons in the circuit), AveragePool and GlobalAveragePool (`averagePool`
/// linear layers: 0 constraints). 2-D, batch 1, `ceil_mode` 0.
extension NodeLowering {
    /// MaxPool and AveragePool over `windowGeometry`'s windows (MaxPool without the Indices output).
    static func lowerPool(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        let node = c.node
        let op = c.op
        let attrs = c.attributes
        guard shape.count == 4, shape[0] == 1 else {
            throw .shapeMismatch(node: node.name, expected: [1, 0, 0, 0], got: shape)
        }
        guard try attrs.int("ceil_mode", default: 0) == 0 else {
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "ceil_mode",
                reason: "only ceil_mode = 0 is supported")
        }
        if op == "MaxPool" {
            let indicesUnused = node.outputs.count < 2 || node.outputs[1].isEmpty
            guard try attrs.int("storage_order", default: 0) == 0, indicesUnused else {
                throw .unsupportedAttribute(
                    op: op, node: node.name, attribute: "Indices",
                    reason: "the indices output is not supported")
            }
        }
        let g = try windowGeometry(c, shape, outputChannels: shape[1], kernel: nil)
        let outShape = [1, g.outputChannels, g.outputHeight, g.outputWidth]
        if op == "MaxPool" { return b.add(node.name, .maxPool(g), inputs: [id], shape: outShape) }
        let include = try attrs.int("count_include_pad", default: 0) == 1
        let k = g.kernelHeight * g.kernelWidth
        return b.add(
            node.name,
            .linear(
                LinearOperator(
                    kind: .averagePool(g, countIncludesPadding: include),
                    weights: (1...k).map { 1 / Double($0) }, bias: [])),
            inputs: [id], shape: outShape)
    }

    /// GlobalAveragePool: one window covering each channel's H×W plane.
    static func lowerGlobalAveragePool(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let (id, shape) = try c.data(0)
        guard shape.count == 4, shape[0] == 1 else {
            throw .shapeMismatch(node: c.node.name, expected: [1, 0, 0, 0], got: shape)
        }
        let g = WindowGeometry(
            inputChannels: shape[1], inputHeight: shape[2], inputWidth: shape[3],
            outputChannels: shape[1], kernelHeight: shape[2], kernelWidth: shape[3],
            strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0, padBottom: 0, padRight: 0)
        let k = shape[2] * shape[3]
        return b.add(
            c.node.name,
            .linear(
                LinearOperator(
                    kind: .averagePool(g, countIncludesPadding: true),
                    weights: (1...k).map { 1 / Double($0) }, bias: [])),
            inputs: [id], shape: [1, shape[1], 1, 1])
    }
}
