/// Linear layers fed by LayerNorm outputs (the Q/K/V, MLP and head projections of a transformer): a bound from the
/// normalized row's length instead of Σ|w|·max|y|.
extension IntervalAnalysis {
    /// The LayerNorm layer (index into `program.layers`), row and position whose output element `index` of tensor
    /// `tensor` is a copy of (following permutes), or nil.
    static func layerNormSource(_ program: FixedPointProgram, tensor: Int, index: Int) -> (
        layer: Int, row: Int, position: Int
    )? {
        var t = tensor
        var i = index
        while t > 0 {
            let layer = program.layers[t - 1]
            switch layer.op {
            case let .permute(p):
                guard p[i] >= 0 else { return nil }
                i = p[i]
                t = layer.inputs[0]
            case let .layerNorm(ln):
                return (t - 1, i / ln.length, i % ln.length)
            default:
                return nil
            }
        }
        return nil
    }

    /// Whether `tensor` is a LayerNorm output or a permute chain of one.
    static func readsLayerNorm(_ program: FixedPointProgram, tensor: Int) -> Bool {
        var t = tensor
        while t > 0 {
            switch program.layers[t - 1].op {
            case .permute: t = program.layers[t - 1].inputs[0]
            case .layerNorm: return true
            default: return false
            }
        }
        return false
    }

    /// Bounds of Σ_j c_j·Y_j over one row of a LayerNorm's output (c_j summed per position), whatever its input.
    /// The lowering proves t_j = D_j·r with Σ t_j² = r²·(W − E) ≤ r²·W ≤ 2^(2K), and Y_j = rescale(g_j·t_j + B_j, K),
    /// i.e. Y_j·2^K = g_j·t_j + B_j + δ_j with δ_j ∈ (−2^(K−1), 2^(K−1)] (the rescale's remainder range). So
    /// Σ c_j·Y_j·2^K = Σ c_j·g_j·t_j + C + Σ c_j·δ_j, C = Σ c_j·B_j, and Cauchy–Schwarz bounds the first term by
    /// √(Σ (c_j·g_j)²)·2^K: Σ c_j·Y_j ∈ [(C − R)/2^K, (C + R)/2^K], R = 2^K·√(Σ (c_j·g_j)²) + 2^(K−1)·Σ|c_j|.
    /// The executor computes the same Y_j, so its values obey it too. Computed in Double and widened by one unit plus
    /// 2^−40 of the magnitudes (far above the rounding of ≤ 2^12 terms); nil when that is not exact enough.
    static func layerNormCombinationBounds(_ p: LayerNormParameters, weights c: [Int: Int64]) -> (Int64, Int64)? {
        guard c.count <= 1 << 12 else { return nil }
        var squares = 0.0
        var center = 0.0
        var magnitude = 0.0
        var absWeights = 0.0
        for (j, w) in c {
            let cg = Double(w) * Double(p.gamma[j])
            squares += cg * cg
            center += Double(w) * Double(p.beta[j])
            magnitude += abs(Double(w) * Double(p.beta[j]))
            absWeights += abs(Double(w))
        }
        let one = Double(sign: .plus, exponent: p.shift, significand: 1)
        let radius = squares.squareRoot() + absWeights / 2  // R / 2^K
        let c0 = center / one
        let margin = 1 + 0x1p-40 * (magnitude / one + radius)
        let lo = (c0 - radius - margin).rounded(.up)
        let hi = (c0 + radius + margin).rounded(.down)
        guard lo.magnitude < 0x1p52, hi.magnitude < 0x1p52 else { return nil }
        return (Int64(lo), Int64(hi))
    }

    /// Bounds of one linear row y = bias + Σ_k w_k·x[inputs[k]]: the terms whose input is a LayerNorm output grouped
    /// per normalized row (`layerNormCombinationBounds`), the others by interval arithmetic. Nil when no term reads a
    /// LayerNorm output.
    static func layerNormRowBounds(
        _ program: FixedPointProgram, _ op: LinearOperator<Int64>, _ row: SparseRow, input: Int,
        _ bounds: TensorBounds, layer: String
    ) throws(CompilerError) -> (Int64, Int64)? {
        var lo: Int64 = row.biasIndex >= 0 ? op.bias[Int(row.biasIndex)] : 0
        var hi = lo
        var groups: [Int: [Int: Int64]] = [:]  // key: LayerNorm layer·2^32 + row
        for k in 0..<row.inputs.count {
            let w = op.weights[Int(row.weightIndices[k])]
            let i = Int(row.inputs[k])
            if let s = layerNormSource(program, tensor: input, index: i) {
                let key = s.layer << 32 | s.row
                groups[key, default: [:]][s.position] = try IntegerMath.add(
                    groups[key]?[s.position] ?? 0, w, layer)
                continue
            }
            let a = try IntegerMath.mul(w, bounds.lower[i], layer)
            let b = try IntegerMath.mul(w, bounds.upper[i], layer)
            lo = try IntegerMath.add(lo, min(a, b), layer)
            hi = try IntegerMath.add(hi, max(a, b), layer)
        }
        guard !groups.isEmpty else { return nil }
        for (key, weights) in groups {
            guard case let .layerNorm(p) = program.layers[key >> 32].op,
                let (a, b) = layerNormCombinationBounds(p, weights: weights)
            else { return nil }
            lo = try IntegerMath.add(lo, a, layer)
            hi = try IntegerMath.add(hi, b, layer)
        }
        return (lo, hi)
    }
}
