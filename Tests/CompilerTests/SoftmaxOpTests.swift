import BN254
import Compiler
import Foundation
import R1CS
import TestSupport
import Testing

/// Softmax proved inside the graph (any axis) and causal masking by Add/Where of −∞. Bound (README "Error
/// bounds"), for inputs on the grid: with ρ = (h²/8)·e^h = 1.3e−4 the exp table's relative interpolation error
/// (h = 1/32) and τ = u + e^−12 its absolute rounding/clamp error, |p̃ − p| ≤ 2.1ρ + (L + 1)τ + ½u.
@Suite struct SoftmaxOpTests {
    static let s = 12
    static var u: Double { 1 / Double(1 << s) }
    static func bound(length: Int) -> Double { 2.1 * 1.3e-4 + Double(length + 1) * (u + 6.2e-6) + 0.5 * u }
    static func grid(_ v: [Double]) -> [Double] { v.map { ($0 / u).rounded() * u } }

    static func softmax(_ v: [Double]) -> [Double] {
        let m = v.max()!
        let e = v.map { Foundation.exp($0 - m) }
        return e.map { $0 / e.reduce(0, +) }
    }

    /// Softmax over the last axis of [1, 2, 3, 5] (6 rows) followed by a Relu so that it is not the final op.
    @Test func lastAxisManyRows() throws {
        let seed: UInt64 = 41
        var rng = SeededRNG(seed: seed)
        let x = Self.grid(OpTests.random(30, &rng, range: -6...6))
        let nodes = [
            Node(opType: "Softmax", name: "sm", inputs: ["x"], outputs: ["p"], attributes: ["axis": .int(-1)]),
            Node(opType: "Relu", name: "r", inputs: ["p"], outputs: ["y"]),
        ]
        var ref: [Double] = []
        for r in 0..<6 { ref += Self.softmax(Array(x[(r * 5)..<(r * 5 + 5)])) }
        let syn = try OpTests.check(
            OpTests.model(nodes, inputShape: [1, 2, 3, 5]), input: Tensor(shape: [1, 2, 3, 5], data: x),
            reference: ref, bound: Self.bound(length: 5), range: -8...8, scaleBits: Self.s, seed: seed)
        #expect(syn.spans.contains { $0.op == "softmax" && !$0.constraints.isEmpty })
    }

    /// Softmax over a middle axis (inner > 1), as the final op: proved (it is not a single row).
    @Test func middleAxisIsProved() throws {
        let seed: UInt64 = 42
        var rng = SeededRNG(seed: seed)
        let x = Self.grid(OpTests.random(12, &rng, range: -3...3))
        let nodes = [Node(opType: "Softmax", name: "sm", inputs: ["x"], outputs: ["y"], attributes: ["axis": .int(1)])]
        var ref = x
        for i in 0..<4 {
            let p = Self.softmax((0..<3).map { x[$0 * 4 + i] })
            for l in 0..<3 { ref[l * 4 + i] = p[l] }
        }
        let syn = try OpTests.check(
            OpTests.model(nodes, inputShape: [1, 3, 4]), input: Tensor(shape: [1, 3, 4], data: x),
            reference: ref, bound: Self.bound(length: 3), range: -4...4, scaleBits: Self.s, seed: seed)
        #expect(syn.output.unprovedProbabilities == nil)
    }

    /// Opset 11 semantics: the input is coerced to 2-D at `axis` (default 1), one softmax over 12 elements.
    @Test func legacyOpsetFlattensTrailingAxes() throws {
        let seed: UInt64 = 43
        var rng = SeededRNG(seed: seed)
        let x = Self.grid(OpTests.random(12, &rng, range: -2...2))
        var model = OpTests.model(
            [
                Node(opType: "Softmax", name: "sm", inputs: ["x"], outputs: ["p"]),
                Node(opType: "Relu", name: "r", inputs: ["p"], outputs: ["y"]),
            ], inputShape: [1, 3, 4])
        model.opsetVersion = 11
        try OpTests.check(
            model, input: Tensor(shape: [1, 3, 4], data: x), reference: Self.softmax(x),
            bound: Self.bound(length: 12), range: -4...4, scaleBits: Self.s, seed: seed)
    }

    static func causal(_ x: [Double], _ t: Int) -> [Double] {
        var ref: [Double] = []
        for i in 0..<t {
            let p = Self.softmax(Array(x[(i * t)...(i * t + i)]))
            ref += p + Array(repeating: 0, count: t - i - 1)
        }
        return ref
    }

    /// Causal mask added as a constant of −∞ above the diagonal (and float32's lowest, as HF exports it): masked
    /// probabilities are exactly 0 and cost no constraints.
    @Test func causalMaskByAdd() throws {
        let seed: UInt64 = 44
        var rng = SeededRNG(seed: seed)
        let t = 4
        let x = Self.grid(OpTests.random(t * t, &rng, range: -3...3))
        var mask = Array(repeating: 0.0, count: t * t)
        for i in 0..<t { for j in (i + 1)..<t { mask[i * t + j] = j == t - 1 ? -3.4028234663852886e38 : -.infinity } }
        let nodes = [
            Node(opType: "Add", name: "mask", inputs: ["x", "M"], outputs: ["a"]),
            Node(opType: "Softmax", name: "sm", inputs: ["a"], outputs: ["y"], attributes: ["axis": .int(-1)]),
        ]
        let model = OpTests.model(
            nodes, inputShape: [1, t, t], constants: ["M": ConstantTensor(shape: [t, t], values: mask)])
        let syn = try OpTests.check(
            model, input: Tensor(shape: [1, t, t], data: x), reference: Self.causal(x, t),
            bound: Self.bound(length: t), range: -4...4, scaleBits: Self.s, seed: seed)
        for i in 0..<t { for j in (i + 1)..<t { #expect(syn.output.integers[i * t + j] == 0) } }
    }

    /// The same mask as Where(tril == 0, −∞, scores) with a constant condition.
    @Test func causalMaskByWhere() throws {
        let seed: UInt64 = 45
        var rng = SeededRNG(seed: seed)
        let t = 4
        let x = Self.grid(OpTests.random(t * t, &rng, range: -1.5...1.5))
        var upper = Array(repeating: 0.0, count: t * t)
        for i in 0..<t { for j in (i + 1)..<t { upper[i * t + j] = 1 } }
        // Scores x·xᵀ (every input reaches an unmasked score, so every public input is constrained).
        let nodes = [
            Node(
                opType: "Transpose", name: "xT", inputs: ["x"], outputs: ["xT"],
                attributes: ["perm": .ints([0, 2, 1])]),
            Node(opType: "MatMul", name: "scores", inputs: ["x", "xT"], outputs: ["sc"]),
            Node(opType: "Where", name: "mask", inputs: ["C", "ninf", "sc"], outputs: ["a"]),
            Node(opType: "Softmax", name: "sm", inputs: ["a"], outputs: ["y"], attributes: ["axis": .int(2)]),
        ]
        let model = OpTests.model(
            nodes, inputShape: [1, t, t],
            constants: [
                "C": ConstantTensor(shape: [1, t, t], values: upper, elementType: .bool),
                "ninf": ConstantTensor(shape: [], values: [-.infinity]),
            ])
        var scores: [Double] = []
        for i in 0..<t { for j in 0..<t { scores.append((0..<t).map { x[i * t + $0] * x[j * t + $0] }.reduce(0, +)) } }
        // The scores' rescale adds ½u, which softmax (Lipschitz ≤ 1 in the max norm) passes on.
        try OpTests.check(
            model, input: Tensor(shape: [1, t, t], data: x), reference: Self.causal(scores, t),
            bound: Self.bound(length: t) + 0.5 * Self.u, range: -4...4, scaleBits: Self.s, seed: seed)
    }

    /// Scores that collapse: all inputs equal → uniform; one input far above the others → one-hot.
    @Test func degenerateRows() throws {
        let x: [Double] = [1, 1, 1, 1, 7.5, -7.5, -7.5, -7.5]
        let nodes = [Node(opType: "Softmax", name: "sm", inputs: ["x"], outputs: ["y"], attributes: ["axis": .int(-1)])]
        let ref = Self.softmax(Array(x[0..<4])) + Self.softmax(Array(x[4..<8]))
        try OpTests.check(
            OpTests.model(nodes, inputShape: [1, 2, 4]), input: Tensor(shape: [1, 2, 4], data: x),
            reference: ref, bound: Self.bound(length: 4), range: -8...8, scaleBits: Self.s, seed: 46)
    }

    /// Soundness of the division: a forged quotient q ± 1 with a consistent product P ± S (so that q·S = P still
    /// holds) makes the remainder leave [0, 2S), which its range checks reject; and every variable of the softmax
    /// layer is pinned by a constraint.
    @Test func forgedQuotientIsRejected() throws {
        let x: [Double] = [0.5, -1.25, 2, 0.75, 3, -2, 0, 1]
        let nodes = [
            Node(opType: "Softmax", name: "sm", inputs: ["x"], outputs: ["p"], attributes: ["axis": .int(-1)]),
            Node(opType: "Relu", name: "r", inputs: ["p"], outputs: ["y"]),
        ]
        let compiled = try ModelCompiler.compile(
            model: OpTests.model(nodes, inputShape: [1, 2, 4]),
            options: CompileOptions(scaleBits: Self.s, inputRange: -4...4))
        let syn = try compiled.synthesize(input: Tensor(shape: [1, 2, 4], data: x), recordLabels: true)
        #expect(syn.r1cs.isSatisfied(by: syn.witness) == nil)
        let labels = try #require(syn.r1cs.labels)
        let divisions = labels.indices.filter { labels[$0].hasSuffix("quotient·sum") }
        #expect(divisions.count == 8)
        for i in divisions {
            let c = syn.r1cs.constraints[i]
            let q = try #require(c.a.terms.first?.variable)
            let p = try #require(c.c.terms.first?.variable)
            let total = c.b.evaluate(syn.witness.values)
            for delta in [Fr.one, Fr.minusOne] {
                var w = syn.witness
                w.values[q.index] = w.values[q.index] + delta
                w.values[p.index] = w.values[p.index] + delta * total
                let violation = syn.r1cs.isSatisfied(by: w)
                #expect(violation?.label?.contains("remainder") == true, "\(String(describing: violation))")
            }
        }
        let span = try #require(syn.spans.first { $0.op == "softmax" })
        for v in span.variables { #expect(perturbed(syn, at: v) != nil, "variable \(v) of the softmax is free") }
    }
}
