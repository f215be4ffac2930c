import BN254
import Compiler
import Foundation
import R1CS
import TestSupport
import Testing

/// Issue 12, transformer half: embeddings by token ids (one-hot rows), shape ops around attention, the standalone
/// Sqrt/Pow/Div/Exp of a decomposed LayerNorm, and per-element liveness (only what the output reads is proved).
/// Each op: executor vs a naive float reference written here within its documented bound, circuit output ==
/// executor output, and perturbing any witness variable breaks a constraint (`OpTests.check`, or the same loop for
/// integer inputs).
@Suite struct TransformerOpTests {
    static let s = 8
    static var ulp: Double { 1 / Double(1 << s) }

    /// tokens [1, T] (int64) → Gather(table [V, D]) → Add(position table [T, D]).
    static func embeddingModel(vocabulary v: Int, width d: Int, tokens t: Int, _ rng: inout SeededRNG)
        -> (Model, [Double], [Double])
    {
        let table = OpTests.random(v * d, &rng, range: -2...2)
        let positions = OpTests.random(t * d, &rng, range: -0.5...0.5)
        let nodes = [
            Node(opType: "Gather", name: "wte", inputs: ["table", "tokens"], outputs: ["e"]),
            Node(opType: "Add", name: "pos", inputs: ["e", "positions"], outputs: ["y"]),
        ]
        let model = Model(
            name: "embedding", opsetVersion: 17,
            inputs: [ValueInfo(name: "tokens", shape: [1, t], elementType: .int64)],
            outputs: [ValueInfo(name: "y", shape: [])],
            initializers: [
                "table": ConstantTensor(shape: [v, d], values: table),
                "positions": ConstantTensor(shape: [t, d], values: positions),
            ], nodes: nodes)
        return (model, table, positions)
    }

    /// Checks an integer-input model like `OpTests.check` (no input range option: the vocabulary is the range).
    @discardableResult
    static func checkTokens(
        _ model: Model, ids: [Double], reference: [Double], bound: Double, visibility: InputVisibility,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Synthesis {
        let input = Tensor(shape: [1, ids.count], data: ids)
        let compiled = try ModelCompiler.compile(
            model: model, options: CompileOptions(scaleBits: s, inputVisibility: visibility, sampleInput: input))
        let syn = try compiled.synthesize(input: input, recordLabels: true)
        #expect(syn.r1cs.isSatisfied(by: syn.witness) == nil, sourceLocation: sourceLocation)
        let n = syn.output.integers.count
        #expect(
            syn.publicSignals.prefix(n).map { CompiledModel.signedInteger($0)! } == syn.output.integers,
            sourceLocation: sourceLocation)
        let err = zip(syn.output.values, reference).map { abs($0 - $1) }.max() ?? .infinity
        #expect(
            syn.output.values.count == reference.count && err <= bound, "error \(err) > \(bound)",
            sourceLocation: sourceLocation)
        for span in syn.spans where !span.variables.isEmpty {
            for v in span.variables.prefix(400) {
                #expect(
                    perturbed(syn, at: v) != nil, "variable \(v) of \(span.layer) is not pinned",
                    sourceLocation: sourceLocation)
            }
        }
        #expect(perturbed(syn, at: 1) != nil, sourceLocation: sourceLocation)
        return syn
    }

    @Test(arguments: InputVisibility.allCases)
    func embeddingSelectsTheRowsOfTheTokenIDs(visibility: InputVisibility) throws {
        let seed: UInt64 = 1201
        var rng = SeededRNG(seed: seed)
        let (v, d, t) = (11, 3, 5)
        let (model, table, positions) = Self.embeddingModel(vocabulary: v, width: d, tokens: t, &rng)
        let ids: [Double] = [0, 10, 3, 3, 7]
        var reference: [Double] = []
        for (p, id) in ids.enumerated() {
            for k in 0..<d { reference.append(table[Int(id) * d + k] + positions[p * d + k]) }
        }
        // Table and position bias each rounded to the grid: ≤ ulp.
        let syn = try Self.checkTokens(model, ids: ids, reference: reference, bound: Self.ulp, visibility: visibility)
        let span = try #require(syn.spans.first { $0.op == "embedding" })
        // V + 2 + D constraints per token.
        #expect(span.constraints.count == t * (v + 2 + d))
    }

    /// A prover who selects another row (one-hot bits and outputs recomputed consistently) breaks "row index = id";
    /// a one-hot row with two bits set breaks "one row".
    @Test func forgedSelectionIsRejected() throws {
        var rng = SeededRNG(seed: 1202)
        let (model, _, _) = Self.embeddingModel(vocabulary: 6, width: 2, tokens: 2, &rng)
        let input = Tensor(shape: [1, 2], data: [4, 1])
        let compiled = try ModelCompiler.compile(
            model: model, options: CompileOptions(scaleBits: Self.s, sampleInput: input))
        let syn = try compiled.synthesize(input: input, recordLabels: true)
        let labels = try #require(syn.r1cs.labels)
        let span = try #require(syn.spans.first { $0.op == "embedding" })
        let first = span.variables.lowerBound  // token 0: bits b_0…b_5 then outputs
        var w = syn.witness
        w.values[first + 4] = .zero
        w.values[first + 2] = .one
        let violation = try #require(syn.r1cs.isSatisfied(by: w))
        #expect(labels[violation.index].contains("row index = id") || labels[violation.index].contains("[token 0]"))
        var two = syn.witness
        two.values[first + 0] = .one
        #expect(syn.r1cs.isSatisfied(by: two) != nil)
    }

    @Test func tokenIDsOutsideTheVocabularyAreRejected() throws {
        var rng = SeededRNG(seed: 1203)
        let (model, _, _) = Self.embeddingModel(vocabulary: 6, width: 2, tokens: 2, &rng)
        let compiled = try ModelCompiler.compile(model: model, options: CompileOptions(scaleBits: Self.s))
        #expect(compiled.inputRange == 0...5)
        for (bad, text) in [
            ([3.0, 6.0], "outside the vocabulary 0…5"), ([2.5, 1], "not an integer token id"),
            ([-1.0, 0], "outside the vocabulary 0…5"),
        ] {
            #expect {
                _ = try compiled.synthesize(input: Tensor(shape: [1, 2], data: bad))
            } throws: { error in
                "\(error)".contains(text)
            }
        }
        // A public-input verifier rejects an out-of-vocabulary input signal too.
        let syn = try compiled.synthesize(input: Tensor(shape: [1, 2], data: [1, 2]))
        var signals = syn.publicSignals
        signals[signals.count - 1] = Fr(UInt64(6))
        #expect(throws: CompilerError.self) { _ = try compiled.output(publicSignals: signals) }
        // Token ids may only index embeddings.
        var misuse = model
        misuse.nodes = [Node(opType: "Relu", name: "r", inputs: ["tokens"], outputs: ["y"])]
        #expect { _ = try ModelCompiler.compile(model: misuse) } throws: { "\($0)".contains("token ids") }
    }

    /// Split (3 parts, all bound), Concat of computed tensors, Expand, and the folded shape arithmetic (Shape, Range,
    /// ConstantOfShape, Equal, Mod, Concat of constants) feeding a Reshape and a Where: exact relabelings.
    @Test func shapeOpsAroundAttention() throws {
        let seed: UInt64 = 1204
        var rng = SeededRNG(seed: seed)
        let x = (OpTests.random(12, &rng)).map { ($0 * 256).rounded() / 256 }
        let int64 = { (v: [Double]) in ConstantTensor(shape: [v.count], values: v, elementType: .int64) }
        let nodes = [
            Node(
                opType: "Split", name: "split", inputs: ["x", "sizes"], outputs: ["a", "b", "c"],
                attributes: ["axis": .int(1)]),
            Node(
                opType: "Concat", name: "cat", inputs: ["c", "a", "b"], outputs: ["y"], attributes: ["axis": .int(1)]),
            Node(opType: "Expand", name: "expand", inputs: ["y", "target"], outputs: ["e"]),  // [2, 6] → [3, 2, 6]
            Node(opType: "Shape", name: "shape", inputs: ["e"], outputs: ["s"]),
            Node(opType: "Gather", name: "first", inputs: ["s", "idx0"], outputs: ["s0"]),  // [3]
            Node(
                opType: "Concat", name: "flat", inputs: ["s0", "twelve"], outputs: ["f"], attributes: ["axis": .int(0)]),
            Node(opType: "Reshape", name: "reshape", inputs: ["e", "f"], outputs: ["z"]),
            Node(opType: "Range", name: "range", inputs: ["zero", "three", "one"], outputs: ["r"]),
            Node(opType: "Mod", name: "mod", inputs: ["r", "two"], outputs: ["m"]),  // [0, 1, 0]
            Node(opType: "Equal", name: "eq", inputs: ["m", "zero"], outputs: ["mask"]),  // [1, 0, 1]
            Node(opType: "Reshape", name: "col", inputs: ["mask", "col3"], outputs: ["maskFull"]),  // [3, 1]
            Node(
                opType: "ConstantOfShape", name: "fill", inputs: ["oneShape"], outputs: ["half"],
                attributes: ["value": .tensor(ConstantTensor(shape: [1], values: [0.5]))]),
            Node(opType: "Where", name: "where", inputs: ["maskFull", "z", "half"], outputs: ["w"]),
        ]
        let constants: [String: ConstantTensor] = [
            "sizes": int64([1, 2, 3]), "zero": ConstantTensor(shape: [], values: [0], elementType: .int64),
            "three": ConstantTensor(shape: [], values: [3], elementType: .int64),
            "one": ConstantTensor(shape: [], values: [1], elementType: .int64),
            "two": ConstantTensor(shape: [], values: [2], elementType: .int64), "target": int64([3, 2, 6]),
            "idx0": int64([0]), "twelve": int64([12]), "col3": int64([3, 1]), "oneShape": int64([1]),
        ]
        let model = OpTests.model(nodes, inputShape: [2, 6], constants: constants)
        // Reference: rows of x [2, 6] → per row c(3 cols) a(1) b(2); expanded 3 times; middle copy replaced by 0.5.
        var y: [Double] = []
        for r in 0..<2 {
            let row = Array(x[(r * 6)..<(r * 6 + 6)])
            y += Array(row[3..<6]) + [row[0]] + Array(row[1..<3])
        }
        let reference = (0..<3).flatMap { k in k == 1 ? Array(repeating: 0.5, count: 12) : y }
        try OpTests.check(model, input: Tensor(shape: [2, 6], data: x), reference: reference, bound: 0, seed: seed)
    }

    /// LayerNorm as older exporters emit it: ReduceMean, Sub, Pow 2, ReduceMean, Add ε, Sqrt, Div (by a tensor),
    /// Mul γ, Add β. Bound: rescales and rounding of the mean/variance (a few ulp each), the square root's floor
    /// (ulp) and the quotient's rounding, amplified by 1/σ (σ ≥ 0.5 here): 16 ulp of the output.
    @Test func decomposedLayerNorm() throws {
        let seed: UInt64 = 1205
        var rng = SeededRNG(seed: seed)
        let l = 6
        let x = OpTests.random(2 * l, &rng, range: -2...2).map { ($0 * 256).rounded() / 256 }
        let gamma = OpTests.random(l, &rng, range: 0.5...1.5)
        let beta = OpTests.random(l, &rng)
        let nodes = [
            Node(opType: "ReduceMean", name: "mean", inputs: ["x"], outputs: ["mu"], attributes: ["axes": .ints([-1])]),
            Node(opType: "Sub", name: "sub", inputs: ["x", "mu"], outputs: ["d"]),
            Node(opType: "Pow", name: "pow", inputs: ["d", "two"], outputs: ["d2"]),
            Node(opType: "ReduceMean", name: "var", inputs: ["d2"], outputs: ["v"], attributes: ["axes": .ints([-1])]),
            Node(opType: "Add", name: "eps", inputs: ["v", "epsilon"], outputs: ["ve"]),
            Node(opType: "Sqrt", name: "sqrt", inputs: ["ve"], outputs: ["sd"]),
            Node(opType: "Div", name: "div", inputs: ["d", "sd"], outputs: ["n"]),
            Node(opType: "Mul", name: "gamma", inputs: ["n", "g"], outputs: ["ng"]),
            Node(opType: "Add", name: "beta", inputs: ["ng", "b"], outputs: ["y"]),
        ]
        let model = OpTests.model(
            nodes, inputShape: [1, 2, l],
            constants: [
                "two": ConstantTensor(shape: [], values: [2]), "epsilon": ConstantTensor(shape: [], values: [1e-5]),
                "g": ConstantTensor(shape: [l], values: gamma), "b": ConstantTensor(shape: [l], values: beta),
            ])
        let reference = LayerNormOpTests.reference(x, rows: 2, gamma, beta, eps: 1e-5)
        let syn = try OpTests.check(
            model, input: Tensor(shape: [1, 2, l], data: x), reference: reference, bound: 16 * Self.ulp,
            range: -2...2, scaleBits: Self.s, seed: seed)
        #expect(syn.spans.contains { $0.op == "sqrt" } && syn.spans.contains { $0.op == "divide" })
    }

    /// Exp on [−8, 8): relative interpolation error (h²/8)·e^h = 5.2e−4 (h = 1/16) plus ½ ulp roundings; an input that may pass 8 is
    /// refused at compile time (never clamped silently).
    @Test func standaloneExp() throws {
        let seed: UInt64 = 1206
        var rng = SeededRNG(seed: seed)
        let x = OpTests.random(16, &rng, range: -6...2).map { ($0 * 1024).rounded() / 1024 }
        let model = OpTests.model(
            [Node(opType: "Exp", name: "exp", inputs: ["x"], outputs: ["y"])], inputShape: [1, 16])
        let syn = try OpTests.check(
            model, input: Tensor(shape: [1, 16], data: x), reference: x.map { Foundation.exp($0) },
            bound: 5.2e-4 * Foundation.exp(2) + 2 * 0x1p-10, range: -8...2, scaleBits: 10, seed: seed)
        #expect(syn.spans.contains { $0.op == "exp" })
        #expect {
            _ = try ModelCompiler.compile(model: model, options: CompileOptions(scaleBits: 10, inputRange: -1...9))
        } throws: { "\($0)".contains("Exp's input may reach") }
    }

    /// Div by a tensor whose bound allows a negative divisor is refused with a clear error.
    @Test func divisionByAPossiblyNegativeTensorIsRefused() {
        let model = OpTests.model(
            [Node(opType: "Div", name: "div", inputs: ["x", "x"], outputs: ["y"])], inputShape: [1, 4])
        #expect {
            _ = try ModelCompiler.compile(model: model, options: CompileOptions(scaleBits: 8, inputRange: -1...1))
        } throws: { "\($0)".contains("never negative") }
    }

    /// Only the elements the output reads are proved: h = x·W then y = h[:, -1, :] costs one row's rescales, and
    /// the circuit stays sound (OpTests.check perturbs every allocated variable). The input is private here: a
    /// public input element the output never reads is in no constraint (the proof holds for any value of it).
    @Test func onlyTheLastPositionIsProved() throws {
        let seed: UInt64 = 1207
        var rng = SeededRNG(seed: seed)
        let (t, d) = (8, 4)
        let w = OpTests.random(d * d, &rng).map { ($0 * 256).rounded() / 256 }
        let x = OpTests.random(t * d, &rng).map { ($0 * 256).rounded() / 256 }
        let nodes = [
            Node(opType: "MatMul", name: "mm", inputs: ["x", "w"], outputs: ["h"]),
            Node(opType: "Mul", name: "sq", inputs: ["h", "h"], outputs: ["h2"]),
            Node(opType: "Gather", name: "last", inputs: ["h2", "idx"], outputs: ["y"], attributes: ["axis": .int(1)]),
        ]
        let model = OpTests.model(
            nodes, inputShape: [1, t, d],
            constants: [
                "w": ConstantTensor(shape: [d, d], values: w),
                "idx": ConstantTensor(shape: [], values: [Double(t - 1)], elementType: .int64),
            ])
        var reference: [Double] = []
        for j in 0..<d {
            let h = (0..<d).reduce(0.0) { $0 + x[(t - 1) * d + $1] * w[$1 * d + j] }
            reference.append(h * h)
        }
        let syn = try OpTests.check(
            model, input: Tensor(shape: [1, t, d], data: x), reference: reference, bound: 8 * Self.ulp,
            visibility: .private, seed: seed)
        let products = try #require(syn.spans.first { $0.op == "mul" })
        #expect(products.constraints.count == d)  // not t·d
    }
}
