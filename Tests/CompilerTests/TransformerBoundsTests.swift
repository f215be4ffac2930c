import BN254
import Compiler
import Foundation
import R1CS
import TestSupport
import Testing

/// Issue 12: the static bounds that let the tiny GPT's residual stream fit higher scales (README "Transformers").
/// weights·V is bounded as a convex combination (the softmax constraints force p ≥ 0 and Σp ≤ 2^s + ⌊L/2⌋), a linear
/// layer after LayerNorm by the normalized row's length (Σ t_j² ≤ 2^(2K) is proved), and LayerNorm's shift K is
/// capped at 61 − bits(g). Each: executor vs a float reference within the documented bound, circuit output ==
/// executor output and every witness variable pinned (`OpTests.check`); the tighter bound holds on inputs that push
/// against it (the executor rejects any value outside its static bound) and beats plain interval arithmetic.
@Suite struct TransformerBoundsTests {
    static let s = 12
    static var u: Double { 1 / Double(1 << s) }
    static func grid(_ v: [Double]) -> [Double] { v.map { ($0 / u).rounded() * u } }

    /// The static bound (real units) of the first layer named `name`.
    static func bound(_ compiled: CompiledModel, layer name: String) throws -> (Double, Double) {
        let layer = try #require(compiled.program.layers.first { $0.name == name })
        let b = try IntervalAnalysis.run(compiled.program)[layer.output]
        let one = Double(sign: .plus, exponent: layer.scale, significand: 1)
        return (Double(b.minimum) / one, Double(b.maximum) / one)
    }

    /// x [1, t, d] → scores x·xᵀ → Softmax(axis −1) → weights·x.
    static func attention(t: Int, d: Int) -> Model {
        OpTests.model(
            [
                Node(
                    opType: "Transpose", name: "xT", inputs: ["x"], outputs: ["xT"],
                    attributes: ["perm": .ints([0, 2, 1])]),
                Node(opType: "MatMul", name: "scores", inputs: ["x", "xT"], outputs: ["sc"]),
                Node(opType: "Softmax", name: "sm", inputs: ["sc"], outputs: ["p"], attributes: ["axis": .int(-1)]),
                Node(opType: "MatMul", name: "pv", inputs: ["p", "x"], outputs: ["y"]),
            ], inputShape: [1, t, d])
    }

    static func attentionReference(_ x: [Double], t: Int, d: Int) -> [Double] {
        var y: [Double] = []
        for i in 0..<t {
            let scores = (0..<t).map { j in (0..<d).map { x[i * d + $0] * x[j * d + $0] }.reduce(0, +) }
            let p = SoftmaxOpTests.softmax(scores)
            for c in 0..<d { y.append((0..<t).map { p[$0] * x[$0 * d + c] }.reduce(0, +)) }
        }
        return y
    }

    /// weights·V ∈ [−(1 + ⌊L/2⌋·2^−s)·max|V|, …]: not L times that. Holds (the executor checks it) when one key
    /// takes all the weight at V's extreme, and a forged quotient raising Σp breaks a remainder check.
    @Test func attentionWeightsTimesValuesIsAConvexCombination() throws {
        let seed: UInt64 = 71
        var rng = SeededRNG(seed: seed)
        let (t, d) = (4, 3)
        let x = Self.grid(OpTests.random(t * d, &rng, range: -2...2))
        // Softmax error (SoftmaxOpTests.bound, plus the scores' ½u) times Σ|v| over a row, plus the final ½u.
        let bound = (SoftmaxOpTests.bound(length: t) + 0.5 * Self.u) * 2 * Double(t) + 0.5 * Self.u
        let syn = try OpTests.check(
            Self.attention(t: t, d: d), input: Tensor(shape: [1, t, d], data: x),
            reference: Self.attentionReference(x, t: t, d: d), bound: bound, range: -2...2, scaleBits: Self.s,
            seed: seed)
        let compiled = try ModelCompiler.compile(
            model: Self.attention(t: t, d: d), options: CompileOptions(scaleBits: Self.s, inputRange: -2...2))
        let (lo, hi) = try Self.bound(compiled, layer: "pv")
        let convex = 2 * (1 + Double(t / 2) * Self.u)
        #expect(hi <= convex && lo >= -convex, "weights·V bound [\(lo), \(hi)]")
        // Interval arithmetic alone: t terms of [0, 1]·[−2, 2].
        #expect(hi < 0.6 * Double(t) * 2, "no tighter than interval arithmetic: \(hi)")
        // A key at +2 everywhere takes all of its own query's weight: that output reaches the bound's top.
        var extreme = Array(repeating: 0.25, count: t * d)
        for c in 0..<d { extreme[(t - 1) * d + c] = 2 }
        let out = try compiled.evaluate(input: Tensor(shape: [1, t, d], data: extreme))
        #expect(out.values.max()! > 0.95 * 2 && out.values.max()! <= hi)
        // Raising every quotient of a row by one (with q·S = P kept) exceeds Σp's limit: a remainder check breaks.
        let labels = try #require(syn.r1cs.labels)
        let division = labels.indices.filter {
            labels[$0].hasPrefix("sm[row 0]") && labels[$0].hasSuffix("quotient·sum")
        }
        #expect(division.count == t)
        var w = syn.witness
        for i in division {
            let c = syn.r1cs.constraints[i]
            let q = try #require(c.a.terms.first?.variable)
            let p = try #require(c.c.terms.first?.variable)
            w.values[q.index] = w.values[q.index] + .one
            w.values[p.index] = w.values[p.index] + c.b.evaluate(syn.witness.values)
        }
        let violation = syn.r1cs.isSatisfied(by: w)
        #expect(violation?.label?.contains("remainder") == true, "\(String(describing: violation))")
    }

    /// x [1, rows, L] → LayerNormalization(γ, β) → MatMul(W [L, n]) + b.
    static func normalizedProjection(
        gamma: [Double], beta: [Double], w: [Double], b: [Double], rows: Int, epsilon: Float = 1e-5
    ) -> Model {
        let l = gamma.count
        var m = OpTests.model(
            [
                Node(
                    opType: "LayerNormalization", name: "ln", inputs: ["x", "g", "be"], outputs: ["y"],
                    attributes: ["axis": .int(-1), "epsilon": .float(epsilon)]),
                Node(opType: "MatMul", name: "mm", inputs: ["y", "W"], outputs: ["z"]),
                Node(opType: "Add", name: "bias", inputs: ["z", "b"], outputs: ["out"]),
            ], inputShape: [1, rows, l],
            constants: [
                "g": ConstantTensor(shape: [l], values: gamma), "be": ConstantTensor(shape: [l], values: beta),
                "W": ConstantTensor(shape: [l, b.count], values: w), "b": ConstantTensor(shape: [b.count], values: b),
            ])
        m.opsetVersion = 17
        return m
    }

    /// Dense after LayerNorm: |Σ_j W_jo·y_j − Σ_j W_jo·β_j − b_o| ≤ √L·‖W_·o ∘ γ‖₂ + ½u·Σ|W_jo| (plus rounding),
    /// whatever the input, where interval arithmetic gives Σ_j |W_jo|·(|γ_j|·√L + |β_j|). Holds on an input aligned
    /// with each column (the largest output the normalization allows).
    @Test func denseAfterLayerNormIsBoundedByTheRowLength() throws {
        let seed: UInt64 = 72
        var rng = SeededRNG(seed: seed)
        let (l, n, rows) = (16, 5, 3)
        let gamma = OpTests.random(l, &rng, range: 0.5...1.5)
        let beta = OpTests.random(l, &rng, range: -0.2...0.2)
        let w = OpTests.random(l * n, &rng, range: -0.5...0.5)
        let b = OpTests.random(n, &rng, range: -0.5...0.5)
        let model = Self.normalizedProjection(gamma: gamma, beta: beta, w: w, b: b, rows: rows)
        func reference(_ x: [Double]) -> [Double] {
            let y = LayerNormOpTests.reference(x, rows: rows, gamma, beta, eps: Double(Float(1e-5)))
            var out: [Double] = []
            for r in 0..<rows {
                for o in 0..<n { out.append(b[o] + (0..<l).map { w[$0 * n + o] * y[r * l + $0] }.reduce(0, +)) }
            }
            return out
        }
        let x = Self.grid(OpTests.random(rows * l, &rng, range: -8...8))
        // LayerNorm's bound (LayerNormOpTests) through Σ|W| of a column, plus the dense layer's roundings.
        let columnNorm = (0..<n).map { o in (0..<l).map { abs(w[$0 * n + o]) }.reduce(0, +) }.max()!
        let lnBound = Self.u + 1.5 * Double(l).squareRoot() * 0x1p-15
        let normalized = LayerNormOpTests.reference(x, rows: rows, gamma, beta, eps: Double(Float(1e-5)))
        let rowNorm = (0..<rows).map { r in normalized[(r * l)..<((r + 1) * l)].map(abs).reduce(0, +) }.max()!
        let bound = columnNorm * lnBound + 0.5 * Self.u * (columnNorm + rowNorm + 1) + Self.u
        try OpTests.check(
            model, input: Tensor(shape: [1, rows, l], data: x), reference: reference(x), bound: bound, range: -8...8,
            scaleBits: Self.s, seed: seed)
        let compiled = try ModelCompiler.compile(
            model: model, options: CompileOptions(scaleBits: Self.s, inputRange: -8...8))
        let dense = try #require(compiled.program.layers.first { $0.op.name == "dense" })
        let (lo, hi) = try Self.bound(compiled, layer: dense.name)
        var euclid = 0.0
        var interval = 0.0
        for o in 0..<n {
            let column = (0..<l).map { w[$0 * n + o] }
            let center = b[o] + zip(column, beta).map { $0 * $1 }.reduce(0, +)
            let length = zip(column, gamma).map { $0 * $0 * $1 * $1 }.reduce(0, +).squareRoot() * Double(l).squareRoot()
            euclid = max(euclid, abs(center) + length + 0.5 * Self.u * column.map(abs).reduce(0, +) + 0.01)
            interval = max(
                interval,
                abs(b[o])
                    + zip(column, zip(gamma, beta)).map { abs($0) * (abs($1.0) * Double(l).squareRoot() + abs($1.1)) }
                    .reduce(0, +))
        }
        #expect(hi <= euclid && -lo <= euclid, "dense bound [\(lo), \(hi)] beyond the row-length bound \(euclid)")
        #expect(max(hi, -lo) < 0.75 * interval, "no tighter than interval arithmetic (\(interval)): [\(lo), \(hi)]")
        // Inputs aligned with each column (x_j = ±W_jo/γ_j): the executor's values stay inside [lo, hi] and get close.
        var reached = 0.0
        for o in 0..<n {
            for sign in [1.0, -1.0] {
                let row = (0..<l).map { sign * 4 * w[$0 * n + o] / gamma[$0] }
                let out = try compiled.evaluate(input: Tensor(shape: [1, rows, l], data: Self.grid(row + row + row)))
                reached = max(reached, out.values.map(abs).max()!)
            }
        }
        #expect(reached > 0.7 * max(hi, -lo), "aligned inputs reach \(reached) of [\(lo), \(hi)]")
    }

    /// Inputs up to ±3000 with γ up to 4 at 2^12: K = 16 + ⌈bits(W_max)/2⌉ would need g·D·r up to 2^64; K capped at
    /// 61 − bits(g) keeps r ≥ 2^(K − ⌈bits(W_max)/2⌉) − 1 at the static maximum, so the error is at most
    /// u + max|γ|·√L·2/r_min, and far less for rows of ordinary size. The circuit still proves r (`OpTests.check`).
    @Test func layerNormShiftIsCappedForWideInputs() throws {
        let seed: UInt64 = 73
        var rng = SeededRNG(seed: seed)
        let (l, rows) = (16, 2)
        let gamma = OpTests.random(l, &rng, range: 2...4)
        let beta = OpTests.random(l, &rng, range: -0.5...0.5)
        let range = -3000.0...3000.0
        var x = Self.grid(OpTests.random(l, &rng, range: -3...3))
        x += Self.grid(OpTests.random(l, &rng, range: -2900...2900))
        let model = LayerNormOpTests.model(length: l, rows: rows, gamma: gamma, beta: beta)
        let compiled = try ModelCompiler.compile(
            model: model, options: CompileOptions(scaleBits: Self.s, inputRange: range))
        guard case let .layerNorm(p)? = compiled.program.layers.first(where: { $0.op.name == "layer-norm" })?.op else {
            Issue.record("no LayerNorm layer")
            return
        }
        // W_max from the input bound (the quantization's own rounding of the bits may differ by one): D_j ∈ ±2(L − 1)·3000·2^s, W = E + Σ D_j².
        let dMax = 2 * Double(l - 1) * 3000 * Double(1 << Self.s)
        let rootBits =
            Int((Double(l) * dMax * dMax).squareRoot().rounded(.up)).bitWidth
            - Int((Double(l) * dMax * dMax).squareRoot().rounded(.up)).leadingZeroBitCount
        let gBits =
            Int(4 * Double(l).squareRoot() * Double(1 << Self.s)).bitWidth
            - Int(4 * Double(l).squareRoot() * Double(1 << Self.s)).leadingZeroBitCount
        #expect(rootBits + 16 + gBits > 61, "the case must need the cap (\(rootBits) + 16 + \(gBits))")
        #expect(p.shift <= 61 - gBits + 1 && p.shift >= rootBits + 9, "K = \(p.shift)")
        let rMin = Double(sign: .plus, exponent: p.shift, significand: 1) / (Double(l) * dMax * dMax).squareRoot()
        let bound = Self.u + 4 * Double(l).squareRoot() * 2 / rMin
        try OpTests.check(
            model, input: Tensor(shape: [1, rows, l], data: x),
            reference: LayerNormOpTests.reference(x, rows: rows, gamma, beta, eps: Double(Float(1e-5))), bound: bound,
            range: range, scaleBits: Self.s, seed: seed)
    }
}
