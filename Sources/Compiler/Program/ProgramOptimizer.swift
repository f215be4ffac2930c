/// Float-program rewrites done before quantization:
/// 1. Softmax: dropped before an ArgMax (argmax is invariant under the monotone softmax); as the final op over a
///    single row it becomes `OutputHead.softmaxNotProved` (the circuit proves the logits). Anywhere else it stays
///    and is proved in the circuit.
/// 2. An elementwise affine layer (BatchNormalization, Mul/Add/Sub/Div by a constant) that is the only consumer
///    of a dense, conv or elementwise layer is folded into it (W' = diag(a)·W, b' = a·b + c), so it costs no
///    extra rescale. For a conv, `a` and `c` must be constant per output channel (true for BatchNormalization).
/// 3. Identity permutations are removed; dead layers dropped; tensor ids renumbered.
enum ProgramOptimizer {
    static func optimize(_ program: inout FloatProgram) throws(CompilerError) {
        var layers = program.layers
        var alias: [Int: Int] = [:]  // tensor id → replacement id
        func resolve(_ t: Int) -> Int {
            var t = t
            while let a = alias[t] { t = a }
            return t
        }
        var finalID = layers.last?.output ?? 0
        var removed = Set<Int>()
        // Softmax.
        for (i, layer) in layers.enumerated() {
            guard case let .softmax(g) = layer.op else { continue }
            let consumers = layers.filter { $0.inputs.contains(layer.output) }
            let chainToEnd = isRelabelChainToEnd(from: layer.output, layers)
            let onlyRelabelings = consumers.allSatisfy { if case .permute = $0.op { true } else { false } }
            if chainToEnd, g.outer * g.inner == 1, i == layers.count - 1 || onlyRelabelings {
                program.outputHead = .softmaxNotProved
                alias[layer.output] = layer.inputs[0]
                removed.insert(i)
            } else if !consumers.isEmpty, consumers.allSatisfy({ if case .argmax = $0.op { true } else { false } }) {
                alias[layer.output] = layer.inputs[0]
                removed.insert(i)
            }  // else: proved in the circuit (`FixedPointOp.softmax`)
        }
        // Identity permutations.
        for (i, layer) in layers.enumerated() where !removed.contains(i) {
            if case let .permute(p) = layer.op, p == Array(0..<p.count) {
                alias[layer.output] = layer.inputs[0]
                removed.insert(i)
            }
        }
        for i in layers.indices { layers[i].inputs = layers[i].inputs.map(resolve) }
        finalID = resolve(finalID)
        // Fold elementwise affine into the producing linear layer.
        var producer: [Int: Int] = [:]
        for (i, l) in layers.enumerated() where !removed.contains(i) { producer[l.output] = i }
        for (i, layer) in layers.enumerated() where !removed.contains(i) {
            guard case let .linear(second) = layer.op, case .elementwise = second.kind,
                let p = producer[resolve(layer.inputs[0])], !removed.contains(p),
                case let .linear(first) = layers[p].op
            else { continue }
            let consumers = layers.enumerated().filter {
                !removed.contains($0.offset) && $0.element.inputs.map(resolve).contains(layers[p].output)
            }
            guard consumers.count == 1, layers[p].output != finalID else { continue }
            guard let folded = fold(first, second) else { continue }
            layers[p].op = .linear(folded)
            layers[p].name += "+" + layer.name
            alias[layer.output] = layers[p].output
            removed.insert(i)
            layers[p].shape = layer.shape
        }
        for i in layers.indices { layers[i].inputs = layers[i].inputs.map(resolve) }
        finalID = resolve(finalID)
        // Dead-code elimination from the output, then renumber.
        var live = Set([finalID])
        for (i, l) in layers.enumerated().reversed() where !removed.contains(i) && live.contains(l.output) {
            live.formUnion(l.inputs)
        }
        var renumber: [Int: Int] = [0: 0]
        var out: [FloatLayer] = []
        for (i, l) in layers.enumerated() where !removed.contains(i) && live.contains(l.output) {
            var l = l
            l.inputs = l.inputs.map { renumber[$0]! }
            renumber[l.output] = out.count + 1
            l.output = out.count + 1
            out.append(l)
        }
        if finalID == 0 {
            let n = program.inputShape.reduce(1, *)
            out.append(
                FloatLayer(
                    name: "output", op: .permute(Array(0..<n)), inputs: [0], output: 1, shape: program.inputShape))
        }
        if let last = program.layers.last, !out.isEmpty, program.outputHead == .none {
            out[out.count - 1].shape = last.shape
        }
        program.layers = out
    }

    /// Whether only relabelings lie between tensor `t` and the program's end.
    private static func isRelabelChainToEnd(from t: Int, _ layers: [FloatLayer]) -> Bool {
        var current = t
        for l in layers where l.output > t {
            guard l.inputs == [current], case .permute = l.op else { return false }
            current = l.output
        }
        return true
    }

    /// second ∘ first for an elementwise `second`, or nil when it cannot be folded.
    private static func fold(
        _ first: LinearOperator<Double>,
        _ second: LinearOperator<Double>
    ) -> LinearOperator<Double>? {
        let a = second.weights
        let c = second.bias
        let firstBias = first.bias.isEmpty ? Array(repeating: 0.0, count: first.outputCount) : nil
        switch first.kind {
        case let .dense(inputs, outputs):
            var w = first.weights
            for o in 0..<outputs { for i in 0..<inputs { w[o * inputs + i] *= a[o] } }
            let b = (0..<outputs).map { a[$0] * (firstBias?[$0] ?? first.bias[$0]) + c[$0] }
            return LinearOperator(kind: first.kind, weights: w, bias: b)
        case .elementwise:
            let n = first.outputCount
            return LinearOperator(
                kind: first.kind, weights: (0..<n).map { a[$0] * first.weights[$0] },
                bias: (0..<n).map { a[$0] * first.bias[$0] + c[$0] })
        case let .conv(g), let .groupedConv(g, _):
            let plane = g.outputHeight * g.outputWidth
            var w = first.weights
            var b = first.bias
            let perChannel = first.weights.count / g.outputChannels
            for oc in 0..<g.outputChannels {
                let s = a[oc * plane]
                let t = c[oc * plane]
                for k in 0..<plane where a[oc * plane + k] != s || c[oc * plane + k] != t { return nil }
                for k in 0..<perChannel { w[oc * perChannel + k] *= s }
                b[oc] = s * b[oc] + t
            }
            return LinearOperator(kind: first.kind, weights: w, bias: b)
        case let .denseRows(rows, inputs, outputs):
            // Foldable when the elementwise map is the same for every row (a per-column scale and shift).
            for r in 1..<max(rows, 1) {
                for o in 0..<outputs where a[r * outputs + o] != a[o] || c[r * outputs + o] != c[o] { return nil }
            }
            var w = first.weights
            for o in 0..<outputs { for i in 0..<inputs { w[o * inputs + i] *= a[o] } }
            let b = (0..<outputs).map { a[$0] * (firstBias?[$0] ?? first.bias[$0]) + c[$0] }
            return LinearOperator(kind: first.kind, weights: w, bias: b)
        case .averagePool:
            return nil
        }
    }
}
