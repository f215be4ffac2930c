/// Which tensor elements the proved output depends on (backwards from the output, per element). The circuit
/// lowering constrains only live elements: a model whose output is `x[:, -1, :]` (a language model's next-token
/// logits) proves the layers after its last attention for the last position only.
///
/// Invariant: a live element is computed only from live elements, so every live element — and the output — is as
/// constrained as without the analysis; dead elements are never read by a live one. Depends on the program only
/// (not on input values), so the circuit's structure and digest stay input-independent.
enum Liveness {
    /// `live[t][i]`: element i of tensor t feeds the output or belongs to one of the `alsoLive` tensors (a
    /// segment's outgoing tensors, which its link hash covers whole).
    static func run(_ program: FixedPointProgram, alsoLive: [Int] = []) -> [[Bool]] {
        var sizes = [program.inputCount]
        for layer in program.layers { sizes.append(layer.shape.reduce(1, *)) }
        var live = sizes.map { Array(repeating: false, count: $0) }
        for t in [program.outputTensor] + alsoLive { live[t] = Array(repeating: true, count: sizes[t]) }
        for layer in program.layers.reversed() {
            let out = live[layer.output]
            guard out.contains(true) else { continue }
            let a = layer.inputs[0]
            func whole() { for t in layer.inputs { live[t] = Array(repeating: true, count: sizes[t]) } }
            switch layer.op {
            case let .linear(op):
                for (o, row) in op.rows().enumerated() where out[o] {
                    for i in row.inputs { live[a][Int(i)] = true }
                }
            case .sum, .rescale, .relu, .leakyRelu, .piecewiseLinear, .clip, .sqrt, .rescaleClip, .hardSwish:
                for t in layer.inputs { for i in 0..<out.count where out[i] { live[t][i] = true } }
            case let .permute(p):
                for (o, i) in p.enumerated() where out[o] && i >= 0 { live[a][i] = true }  // −1: the constant 0 (Pad)
            case let .concat(sources, indices):
                for o in 0..<out.count where out[o] { live[layer.inputs[sources[o]]][indices[o]] = true }
            case let .product(g):
                let b = layer.inputs[1]
                g.forEachTermUnchecked { o, i, j in
                    if out[o] {
                        live[a][i] = true
                        live[b][j] = true
                    }
                }
            case let .divide(g, _):
                for o in 0..<out.count where out[o] {
                    live[a][g.leftOffsets[o]] = true
                    live[layer.inputs[1]][g.rightOffsets[o]] = true
                }
            case let .softmax(g, _, _):
                g.forEachRow { idx in if idx.contains(where: { out[$0] }) { for i in idx { live[a][i] = true } } }
            case let .layerNorm(p):
                for r in 0..<p.rows where out[(r * p.length)..<((r + 1) * p.length)].contains(true) {
                    for i in (r * p.length)..<((r + 1) * p.length) { live[a][i] = true }
                }
            case let .embedding(e):
                for o in 0..<out.count where out[o] { live[a][o / e.width] = true }
            case .maxPool, .argmax:
                whole()
            }
        }
        return live
    }
}

extension ProductGeometry {
    /// `forEachTerm` for a body that cannot fail.
    func forEachTermUnchecked(_ body: (Int, Int, Int) -> Void) {
        for b in 0..<batchCount {
            for i in 0..<rows {
                for j in 0..<columns {
                    let o = (b * rows + i) * columns + j
                    for t in 0..<inner { body(o, leftOffsets[b] + i * inner + t, rightOffsets[b] + t * columns + j) }
                }
            }
        }
    }
}
