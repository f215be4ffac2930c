/// LayerNormalization in floating point (the reference): per row of `length` contiguous elements,
/// y_j = γ_j·(x_j − μ)/√(σ² + ε) + β_j with μ, σ² the row's mean and (biased) variance.
///
/// Invariant: gamma and beta have `length` entries; rows·length is the tensor's element count.
public struct LayerNormFloat: Codable, Sendable, Equatable {
    /// Number of normalized rows.
    public var rows: Int
    /// L: elements per row (the product of the normalized dimensions).
    public var length: Int
    /// Scale γ per position in the row.
    public var gamma: [Double]
    /// Bias β per position in the row.
    public var beta: [Double]
    /// ε added to the variance.
    public var epsilon: Double

    func apply(_ x: [Double]) -> [Double] {
        var y = x
        for r in 0..<rows {
            let row = x[(r * length)..<((r + 1) * length)]
            let mean = row.reduce(0, +) / Double(length)
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(length)
            let inv = 1 / (variance + epsilon).squareRoot()
            for j in 0..<length { y[r * length + j] = gamma[j] * (x[r * length + j] - mean) * inv + beta[j] }
        }
        return y
    }
}

/// LayerNormalization in fixed point, input X at scale 2^a, output at scale 2^s. Per row of L elements:
///   D_j = L·X_j − Σ X (exact: D_j = L·2^a·(x_j − μ)),  V = Σ D_j²,  W = V + E with E = max(1, round(ε·L³·2^(2a))),
///   r = ⌊2^K / √W⌋, i.e. the integer with r²·W ≤ 2^(2K) < (r + 1)²·W,
///   Y_j = roundHalfUp((D_j·r·g_j + B_j) / 2^K),  g_j = round(γ_j·√L·2^s),  B_j = round(β_j·2^(K+s)),
/// since (x_j − μ)/√(σ² + ε) = D_j·√L/√W exactly. K is chosen so that r ≥ 2^16 for the largest W the input bound
/// allows (relative error of r ≤ 2^−16), capped at 61 − bits(max|g|) so that g·D·r fits in Int64; under the cap
/// r_min = ⌊2^K/√W_max⌋ ≥ 2^10 is required, and r's relative error is ≤ 1/r_min (`inverseBound`), only rows whose W
/// is near the static maximum having less than 2^16. D_j² ≤ V ≤ W and r²W ≤ 2^(2K) give |D_j·r| ≤ 2^K, so
/// |Y_j| ≤ |g_j| + |B_j|/2^K.
///
/// Invariant (checked by `validate`): gamma and beta have `length` entries, E ≥ 1, 1 ≤ K ≤ 100.
public struct LayerNormParameters: Codable, Sendable, Equatable {
    /// Number of normalized rows.
    public var rows: Int
    /// L: elements per row (the product of the normalized dimensions).
    public var length: Int
    /// g_j = round(γ_j·√L·2^s).
    public var gamma: [Int64]
    /// B_j = round(β_j·2^(K+s)).
    public var beta: [Int64]
    /// E = max(1, round(ε·L³·2^(2a))).
    public var epsilon: Int64
    /// K: r = ⌊2^K/√W⌋ and the final rescale shift.
    public var shift: Int

    /// Bits of r at the largest W the input bound allows when 2^61 leaves room (relative error of r ≤ 2^−16).
    static let fullPrecisionBits = 16
    /// The fewest bits of r at the largest W (relative error ≤ 2^−10) before quantization gives up.
    static let minimumPrecisionBits = 10

    /// ⌊2^K / √w⌋ for w ≥ 1: the r with r²·w ≤ 2^(2K) < (r + 1)²·w.
    static func inverseSquareRoot(_ w: Int64, shift k: Int) -> Int64 {
        let target = UInt128(1) << UInt128(2 * k)
        let ww = UInt128(w)
        var r = Int64((Double(sign: .plus, exponent: k, significand: 1) / Double(w).squareRoot()).rounded(.down))
        while r > 0, UInt128(r) * UInt128(r) * ww > target { r -= 1 }
        while UInt128(r + 1) * UInt128(r + 1) * ww <= target { r += 1 }
        return r
    }

    /// Integer semantics (the executor).
    func apply(_ x: [Int64], layer: String) throws(CompilerError) -> [Int64] {
        var y = x
        let l = Int64(length)
        for row in 0..<rows {
            let base = row * length
            var total: Int64 = 0
            for j in 0..<length { total = try IntegerMath.add(total, x[base + j], layer) }
            var d: [Int64] = []
            var v: Int64 = epsilon
            for j in 0..<length {
                let dj = try IntegerMath.add(try IntegerMath.mul(l, x[base + j], layer), -total, layer)
                d.append(dj)
                v = try IntegerMath.add(v, try IntegerMath.mul(dj, dj, layer), layer)
            }
            let r = Self.inverseSquareRoot(v, shift: shift)
            for j in 0..<length {
                let t = try IntegerMath.mul(d[j], r, layer)
                let z = try IntegerMath.add(try IntegerMath.mul(t, gamma[j], layer), beta[j], layer)
                y[base + j] = IntegerMath.rescale(z, shift: shift)
            }
        }
        return y
    }

    /// The proved bound of r: [⌊2^K/√W_max⌋, ⌊2^K/√E⌋].
    func inverseBound(maxW: Int64) -> (Int64, Int64) {
        (Self.inverseSquareRoot(maxW, shift: shift), Self.inverseSquareRoot(epsilon, shift: shift))
    }

    /// Bounds of D_j and of W for one row of input bounds (interval arithmetic).
    func differenceBounds(_ b: TensorBounds, row: Int, layer: String) throws(CompilerError) -> (
        lower: [Int64], upper: [Int64], maxW: Int64
    ) {
        let base = row * length
        let l = Int64(length)
        var tLo: Int64 = 0
        var tHi: Int64 = 0
        for j in 0..<length {
            tLo = try IntegerMath.add(tLo, b.lower[base + j], layer)
            tHi = try IntegerMath.add(tHi, b.upper[base + j], layer)
        }
        var lo: [Int64] = []
        var hi: [Int64] = []
        var w = epsilon
        for j in 0..<length {
            // D_j = (L − 1)·X_j − Σ_{k≠j} X_k.
            let own = try IntegerMath.mul(l - 1, b.lower[base + j], layer)
            let ownHi = try IntegerMath.mul(l - 1, b.upper[base + j], layer)
            let a = try IntegerMath.add(own, -(tHi - b.upper[base + j]), layer)
            let c = try IntegerMath.add(ownHi, -(tLo - b.lower[base + j]), layer)
            lo.append(a)
            hi.append(c)
            let m = max(a.magnitude, c.magnitude)
            guard m < 1 << 31 else {
                throw .overflow(layer: layer, reason: "LayerNorm deviations exceed 2^31; use fewer scale bits")
            }
            w = try IntegerMath.add(w, Int64(m * m), layer)
        }
        return (lo, hi, w)
    }

    /// Output bounds: Y_j ∈ roundHalfUp([−2^K·|g_j| + B_j, 2^K·|g_j| + B_j] / 2^K) (see the type's documentation).
    func bounds(layer: String) throws(CompilerError) -> TensorBounds {
        var out = TensorBounds(lower: [], upper: [])
        let one = Int64(1) << Int64(shift)
        for _ in 0..<rows {
            for j in 0..<length {
                let span = try IntegerMath.mul(one, abs(gamma[j]), layer)
                out.lower.append(IntegerMath.rescale(try IntegerMath.add(-span, beta[j], layer), shift: shift))
                out.upper.append(IntegerMath.rescale(try IntegerMath.add(span, beta[j], layer), shift: shift))
            }
        }
        return out
    }

    func validate(layer: String, count: Int) throws(CompilerError) {
        guard rows > 0, length > 0, rows * length == count, gamma.count == length, beta.count == length,
            epsilon >= 1, epsilon < 1 << 60, (1...60).contains(shift),
            gamma.allSatisfy({ $0.magnitude < 1 << 40 }), beta.allSatisfy({ $0.magnitude < 1 << 61 })
        else {
            throw .invalidCompiledModel("layer '\(layer)' LayerNorm parameters invalid")
        }
    }

    /// Quantizes `f` for an input at scale 2^a with static bounds `input`, output at scale 2^s (see the type's
    /// documentation for E, g, B and the choice of K).
    static func quantize(
        _ f: LayerNormFloat, inputScale a: Int, outputScale s: Int, input: TensorBounds,
        layer: String
    ) throws(CompilerError) -> LayerNormParameters {
        let l = Double(f.length)
        let e = (f.epsilon * l * l * l * Double(sign: .plus, exponent: 2 * a, significand: 1)).rounded()
        guard e.isFinite, e < 0x1p60, f.epsilon >= 0 else {
            throw .overflow(layer: layer, reason: "epsilon·L³·2^(2a) does not fit in 60 bits")
        }
        let g = f.gamma.map { Quantizer.q($0 * l.squareRoot() * Double(1 << s)) }
        guard g.allSatisfy({ $0.magnitude < 0x1p40 }) else {
            throw .overflow(layer: layer, reason: "a scale γ is too large")
        }
        var p = LayerNormParameters(
            rows: f.rows, length: f.length, gamma: g.map { Int64($0) }, beta: [],
            epsilon: max(1, Int64(e)), shift: 1)
        var maxW: Int64 = 1
        for row in 0..<f.rows { maxW = max(maxW, try p.differenceBounds(input, row: row, layer: layer).maxW) }
        let rootBits = (IntegerMath.bitsFor(maxW) + 1) / 2  // √W_max < 2^rootBits
        let gammaBits = IntegerMath.bitsFor((p.gamma.map { abs($0) }.max() ?? 0) + 1)
        // g·D·r must fit in 2^61: K ≤ 61 − bits(g). A K below rootBits + 16 proves the same relations (r²W ≤ 2^(2K)
        // < (r + 1)²W holds for every W ≤ W_max ≤ 2^(2K)); only r's precision at the static maximum W drops.
        p.shift = min(rootBits + fullPrecisionBits, 61 - gammaBits)
        guard p.shift >= rootBits + minimumPrecisionBits else {
            throw .overflow(
                layer: layer,
                reason: "LayerNorm needs 2^\(rootBits + minimumPrecisionBits + gammaBits) > 2^61; use fewer scale bits")
        }
        let betaScale = Double(sign: .plus, exponent: p.shift + s, significand: 1)
        p.beta = try f.beta.map { b throws(CompilerError) in
            let v = Quantizer.q(b * betaScale)
            guard v.magnitude < 0x1p61 else { throw .overflow(layer: layer, reason: "a bias β is too large") }
            return Int64(v)
        }
        return p
    }
}
