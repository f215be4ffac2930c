/// Conv (2-D, batch 1, dilation 1, any `group`) with constant weights and bias: a `conv` linear layer (a
/// `groupedConv` one when group > 1: depthwise and grouped convolutions). 0 constraints; the rescale that follows
/// costs per output element, and each output's linear combination has (C/group)·kH·kW terms.
/// `windowGeometry` (kernel, strides, pads, auto_pad) is shared with the pooling ops.
extension NodeLowering {
    /// Conv of the data tensor X [1, C, H, W] by constant W [M, C, kH, kW] and optional constant B [M].
    static func lowerConv(_ c: NodeContext, _ b: inout GraphBuilder) throws(CompilerError) -> GraphValue {
        let node = c.node
        let x = c.operands
        guard x.count >= 2, case let .data(id, shape)? = x[0] else {
            throw .unsupportedAttribute(
                op: "Conv", node: node.name, attribute: "X", reason: "X must be the data tensor")
        }
        guard case let .constant(w)? = x[1] else {
            throw .unsupportedAttribute(
                op: "Conv", node: node.name, attribute: "W",
                reason: "W must be a constant (initializer)")
        }
        guard shape.count == 4, shape[0] == 1 else {
            throw .shapeMismatch(node: node.name, expected: [1, 0, 0, 0], got: shape)
        }
        let group = try c.attributes.int("group", default: 1)
        guard group >= 1, group <= Int64(shape[1]), shape[1] % Int(group) == 0 else {
            throw .unsupportedAttribute(
                op: "Conv", node: node.name, attribute: "group",
                reason: "group \(group) does not divide the \(shape[1]) input channels")
        }
        let groups = Int(group)
        guard w.shape.count == 4, w.shape[1] == shape[1] / groups else {
            throw .shapeMismatch(node: node.name, expected: [0, shape[1] / groups, 0, 0], got: w.shape)
        }
        guard w.shape[0] % groups == 0 else {
            throw .unsupportedAttribute(
                op: "Conv", node: node.name, attribute: "group",
                reason: "group \(group) does not divide the \(w.shape[0]) output channels")
        }
        let g = try windowGeometry(c, shape, outputChannels: w.shape[0], kernel: (w.shape[2], w.shape[3]))
        var bias = Array(repeating: 0.0, count: w.shape[0])
        if x.count > 2, let bv = x[2] {
            guard case let .constant(k) = bv, k.values.count == w.shape[0] else {
                throw .unsupportedAttribute(
                    op: "Conv", node: node.name, attribute: "B",
                    reason: "B must be a constant of \(w.shape[0]) values")
            }
            bias = k.values
        }
        let kind: LinearKind = groups == 1 ? .conv(g) : .groupedConv(g, groups: groups)
        return b.add(
            node.name, .linear(LinearOperator(kind: kind, weights: w.values, bias: bias)),
            inputs: [id], shape: [1, g.outputChannels, g.outputHeight, g.outputWidth])
    }

    /// Kernel, strides, pads (explicit or auto_pad) for Conv/MaxPool/AveragePool; dilations must be 1.
    static func windowGeometry(
        _ c: NodeContext, _ shape: [Int], outputChannels: Int,
        kernel: (Int, Int)?
    ) throws(CompilerError) -> WindowGeometry {
        let node = c.node
        let attrs = c.attributes
        let op = c.op
        let ks = try attrs.ints("kernel_shape", default: kernel.map { [Int64($0.0), Int64($0.1)] } ?? [])
        guard ks.count == 2, ks.allSatisfy({ $0 > 0 && $0 < 1 << 16 }) else {
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "kernel_shape",
                reason: "a 2-D kernel shape is required, got \(ks)")
        }
        if let kernel, ks != [Int64(kernel.0), Int64(kernel.1)] {
            throw .shapeMismatch(node: node.name, expected: [kernel.0, kernel.1], got: ks.map { Int($0) })
        }
        guard try attrs.ints("dilations", default: [1, 1]).allSatisfy({ $0 == 1 }) else {
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "dilations",
                reason: "only dilation 1 is supported")
        }
        let strides = try attrs.ints("strides", default: [1, 1])
        guard strides.count == 2, strides.allSatisfy({ $0 > 0 && $0 < 1 << 16 }) else {
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "strides",
                reason: "two positive strides expected, got \(strides)")
        }
        var pads = try attrs.ints("pads", default: [0, 0, 0, 0])
        guard pads.count == 4, pads.allSatisfy({ $0 >= 0 }), pads[0] < ks[0], pads[2] < ks[0], pads[1] < ks[1],
            pads[3] < ks[1]
        else {
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "pads",
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
                let small = total / 2
                let large = total - small
                pads[d] = autoPad == "SAME_UPPER" ? small : large
                pads[d + 2] = autoPad == "SAME_UPPER" ? large : small
            }
        default:
            throw .unsupportedAttribute(
                op: op, node: node.name, attribute: "auto_pad", reason: "unknown value '\(autoPad)'")
        }
        let g = WindowGeometry(
            inputChannels: shape[1], inputHeight: shape[2], inputWidth: shape[3],
            outputChannels: outputChannels, kernelHeight: Int(ks[0]), kernelWidth: Int(ks[1]),
            strideHeight: Int(strides[0]), strideWidth: Int(strides[1]), padTop: Int(pads[0]),
            padLeft: Int(pads[1]), padBottom: Int(pads[2]), padRight: Int(pads[3]))
        guard g.inputHeight + g.padTop + g.padBottom >= g.kernelHeight,
            g.inputWidth + g.padLeft + g.padRight >= g.kernelWidth
        else {
            throw .shapeMismatch(
                node: node.name, expected: [g.kernelHeight, g.kernelWidth], got: [shape[2], shape[3]])
        }
        return g
    }
}
