import BN254
import Compiler
import Foundation
import R1CS
import TestSupport
import Testing

/// LayerNormalization (opset 17) with a proved inverse square root. Bound for inputs on the grid (README "Error
/// bounds"): g rounding ½u, r's relative error ≤ 2^−16 times |γ|·√L, final rounding ½u: u + max|γ|·√L·2^−15.
@Suite struct LayerNormOpTests {
    static let s = 12
    static var u: Double { 1 / Double(1 << s) }
    static func grid(_ v: [Double]) -> [Double] { v.map { ($0 / u).rounded() * u } }

    static func reference(_ x: [Double], rows: Int, _ gamma: [Double], _ beta: [Double], eps: Double) -> [Double] {
        let l = gamma.count
        var y: [Double] = []
        for r in 0..<rows {
            let row = Array(x[(r * l)..<((r + 1) * l)])
            let mean = row.reduce(0, +) / Double(l)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(l)
            y += (0..<l).map { gamma[$0] * (row[$0] - mean) / Foundation.sqrt(variance + eps) + beta[$0] }
        }
        return y
    }

    static func model(length: Int, rows: Int, gamma: [Double], beta: [Double], epsilon: Float = 1e-5) -> Model {
        let node = Node(
            opType: "LayerNormalization", name: "ln", inputs: ["x", "g", "b"], outputs: ["y"],
            attributes: ["axis": .int(-1), "epsilon": .float(epsilon)])
        var m = OpTests.model(
            [node], inputShape: [1, rows, length],
            constants: [
                "g": ConstantTensor(shape: [length], values: gamma), "b": ConstantTensor(shape: [length], values: beta),
            ])
        m.opsetVersion = 17
        return m
    }

    @Test func rowsWithinDocumentedBound() throws {
        let seed: UInt64 = 51
        var rng = SeededRNG(seed: seed)
        let l = 8
        let rows = 3
        var x = Self.grid(OpTests.random(l * rows, &rng, range: -4...4))
        x[16..<24] = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5 + Self.u]  // an almost constant row: ε dominates
        let gamma = OpTests.random(l, &rng, range: 0.5...1.5)
        let beta = OpTests.random(l, &rng)
        let ref = Self.reference(x, rows: rows, gamma, beta, eps: Double(Float(1e-5)))
        let bound = Self.u + 1.5 * Double(l).squareRoot() * 0x1p-15
        let syn = try OpTests.check(
            Self.model(length: l, rows: rows, gamma: gamma, beta: beta), input: Tensor(shape: [1, rows, l], data: x),
            reference: ref, bound: bound, range: -4...4, scaleBits: Self.s, seed: seed)
        #expect(syn.spans.contains { $0.op == "layer-norm" })
    }

    /// A forged inverse square root r ± 1 — with r·W, r²·W and r's range-check bits all recomputed consistently —
    /// is rejected by the bounds r²W ≤ 2^(2K) < (r + 1)²W.
    @Test func forgedInverseSquareRootIsRejected() throws {
        let l = 4
        let x: [Double] = [0.25, -1, 2, 0.5]
        let compiled = try ModelCompiler.compile(
            model: Self.model(length: l, rows: 1, gamma: [1, 1, 1, 1], beta: [0, 0, 0, 0]),
            options: CompileOptions(scaleBits: Self.s, inputRange: -4...4))
        let syn = try compiled.synthesize(input: Tensor(shape: [1, 1, l], data: x), recordLabels: true)
        #expect(syn.r1cs.isSatisfied(by: syn.witness) == nil)
        let labels = try #require(syn.r1cs.labels)
        let cons = syn.r1cs.constraints
        let rwIndex = try #require(labels.firstIndex { $0.hasSuffix("r·W") })
        let rrwIndex = try #require(labels.firstIndex { $0.hasSuffix("r²·W") })
        let bitsIndex = try #require(labels.firstIndex { $0.hasSuffix("r range: recomposition") })
        let r = try #require(cons[rwIndex].a.terms.first?.variable)
        let rw = try #require(cons[rwIndex].c.terms.first?.variable)
        let rrw = try #require(cons[rrwIndex].c.terms.first?.variable)
        let bits = cons[bitsIndex].a.terms.map(\.variable)  // sorted by index = least significant first
        for delta: Int64 in [1, -1] {
            var w = syn.witness
            let value = try #require(CompiledModel.signedInteger(w.values[r.index])) + delta
            w.values[r.index] = Fr(value)
            for (i, b) in bits.enumerated() { w.values[b.index] = (value >> Int64(i)) & 1 == 1 ? .one : .zero }
            let wv = cons[rwIndex].b.evaluate(w.values)
            w.values[rw.index] = Fr(value) * wv
            w.values[rrw.index] = Fr(value) * w.values[rw.index]
            let violation = syn.r1cs.isSatisfied(by: w)
            #expect(violation?.label?.contains("2^2K") == true, "delta \(delta): \(String(describing: violation))")
        }
    }

    @Test func constantScaleMustBeAConstant() throws {
        let nodes = [Node(opType: "LayerNormalization", name: "ln", inputs: ["x", "x"], outputs: ["y"])]
        #expect(throws: CompilerError.self) {
            try ModelCompiler.compile(
                model: OpTests.model(nodes, inputShape: [1, 4]), options: CompileOptions(scaleBits: 8))
        }
    }
}
