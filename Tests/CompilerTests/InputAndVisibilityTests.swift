import BN254
import Compiler
import Foundation
import Hashing
import R1CS
import TestSupport
import Testing

@Suite struct InputAndVisibilityTests {
    static func tiny(_ visibility: InputVisibility) throws -> CompiledModel {
        try ModelCompiler.compile(
            model: try Fixtures.model("tiny-mlp"),
            options: CompileOptions(
                scaleBits: 8, inputVisibility: visibility, sampleInput: try Fixtures.input("tiny-mlp")))
    }

    @Test func inputParsing() throws {
        #expect(
            try Tensor.parse(json: Array("[[1, 2.5], [3, -4]]".utf8)) == Tensor(shape: [2, 2], data: [1, 2.5, 3, -4]))
        #expect(
            try Tensor.parse(json: Array(#"{"shape": [1, 3], "data": [0, 1e-3, 2]}"#.utf8))
                == Tensor(shape: [1, 3], data: [0, 0.001, 2]))
        #expect(throws: CompilerError.invalidInput("ragged nested array at input[1]: expected 2 elements, got 1")) {
            try Tensor.parse(json: Array("[[1, 2], [3]]".utf8))
        }
        #expect(throws: CompilerError.invalidInput("input[1] is not a number (the string \"x\")")) {
            try Tensor.parse(json: Array(#"[1, "x"]"#.utf8))
        }
        #expect(throws: CompilerError.invalidInput("input[0] is not a number (the boolean true)")) {
            try Tensor.parse(json: Array("[true]".utf8))
        }
        #expect(throws: CompilerError.invalidInput("\"data\" has 2 values but \"shape\" [3] needs 3")) {
            try Tensor.parse(json: Array(#"{"shape": [3], "data": [1, 2]}"#.utf8))
        }
        #expect(throws: CompilerError.self) { try Tensor.parse(json: Array("[1, NaN]".utf8)) }
        #expect(throws: CompilerError.self) { try Tensor.parse(json: Array("[1, 1e999]".utf8)) }
    }

    @Test func badInputsAreRejectedByName() throws {
        let c = try Self.tiny(.public)
        #expect(throws: CompilerError.invalidInput("input 'x' must have shape [1, 4], got [1, 3]")) {
            try c.synthesize(input: Tensor(shape: [1, 3], data: [0, 0, 0]))
        }
        #expect(throws: CompilerError.invalidInput("input 'x' element 1 is not finite (nan)")) {
            try c.synthesize(input: Tensor(shape: [1, 4], data: [0, .nan, 0, 0]))
        }
        #expect(throws: CompilerError.outOfBound(tensor: "x", index: 2, value: 1.5, bound: -1...1)) {
            try c.synthesize(input: Tensor(shape: [4], data: [0, 0, 1.5, 0]))
        }
        // A flat [4] vector is accepted for [1, 4].
        #expect(try c.synthesize(input: Tensor(shape: [4], data: [0.1, 0.2, 0.3, 0.4])).output.integers.count == 2)
    }

    @Test func visibilityCostsAndPublicSignals() throws {
        let pub = try Self.tiny(.public)
        let priv = try Self.tiny(.private)
        let hashed = try Self.tiny(.hashed)
        let input = try Fixtures.input("tiny-mlp")
        #expect(pub.publicSignalNames == ["output[0]", "output[1]", "input[0]", "input[1]", "input[2]", "input[3]"])
        #expect(priv.publicSignalNames == ["output[0]", "output[1]"])
        #expect(hashed.publicSignalNames == ["output[0]", "output[1]", "inputHash"])
        // Input bound [-256, 256] at 2^8: 513 values → two 10-bit range checks (11 constraints each) per input.
        #expect(priv.constraintCount - pub.constraintCount == 4 * 2 * 11)
        // Hashed = private + one Poseidon call with 1 + 4 inputs (3·(8·6 + 60) + 1 = 325 constraints) + 1 binding.
        #expect(hashed.constraintCount - priv.constraintCount == 325 + 1)
        let s = try hashed.synthesize(input: input)
        #expect(s.r1cs.isSatisfied(by: s.witness) == nil)
        let q = try hashed.quantize(input: input)
        #expect(s.publicSignals[2] == InputHash.hash(q))
        #expect(s.publicSignals[2] == Poseidon.hash([Fr(UInt64(4))] + q.map { Fr($0) }))
        #expect(try pub.synthesize(input: input).publicSignals.suffix(4).map { CompiledModel.signedInteger($0)! } == q)
        // Private input outside the bound cannot be slipped in: perturb a private input variable.
        let ps = try priv.synthesize(input: input)
        let firstPrivate = 1 + ps.r1cs.publicInputCount
        for v in firstPrivate..<(firstPrivate + 4) { #expect(perturbed(ps, at: v) != nil) }
        // Same outputs whatever the visibility.
        #expect(ps.output == s.output)
    }

    /// A hashed input longer than one Poseidon chunk (64 inputs: 4 chunks of 15 and one of 4).
    @Test func hashedMultiChunkInputSatisfies() throws {
        let input = try Fixtures.input("small-cnn")
        let model = try Fixtures.model("small-cnn")
        let pub = try ModelCompiler.compile(model: model, options: CompileOptions(scaleBits: 7, sampleInput: input))
        let hashed = try ModelCompiler.compile(
            model: model, options: CompileOptions(scaleBits: 7, inputVisibility: .hashed, sampleInput: input))
        let s = try hashed.synthesize(input: input)
        #expect(s.r1cs.isSatisfied(by: s.witness) == nil)
        #expect(s.publicSignals.count == 11)
        #expect(s.publicSignals[10] == InputHash.hash(try hashed.quantize(input: input)))
        #expect(s.publicSignals[10] == (try pub.inputHash(for: input)))
        #expect(s.output == (try pub.synthesize(input: input)).output)
        // [0, 1] at 2^7 = 129 values: two 8-bit checks (9 constraints each) per input; 4 Poseidon calls with 16
        // inputs (613 each) + 1 with 1 + 4 inputs (325) + 1 binding.
        #expect(hashed.constraintCount - pub.constraintCount == 64 * 18 + 4 * 613 + 325 + 1)
    }

    @Test func publicSignalsDecodeAndBoundCheck() throws {
        let c = try Self.tiny(.public)
        let s = try c.synthesize(input: try Fixtures.input("tiny-mlp"))
        #expect(try c.output(publicSignals: s.publicSignals) == s.output)
        var bad = s.publicSignals
        bad[3] = Fr(UInt64(1000))  // input[1] = 1000/256 > 1
        #expect(throws: CompilerError.outOfBound(tensor: "x", index: 1, value: 1000.0 / 256, bound: -1...1)) {
            try c.output(publicSignals: bad)
        }
        #expect(throws: CompilerError.self) { try c.output(publicSignals: Array(s.publicSignals.dropLast())) }
    }

    @Test func serializationRoundTripRebuildsTheSameCircuit() throws {
        let c = try ModelCompiler.compile(
            model: try Fixtures.model("small-cnn"),
            options: CompileOptions(sampleInput: try Fixtures.input("small-cnn")))
        let bytes = c.encoded()
        let back = try CompiledModel(json: bytes)
        #expect(back.encoded() == bytes)
        let s = try back.synthesize(input: try Fixtures.input("small-cnn"))
        #expect(Hex.encode(s.r1cs.digest) == c.circuitDigest)
        #expect(s.r1cs.isSatisfied(by: s.witness) == nil)
        // Another input: same circuit (digest), different witness.
        var rng = SeededRNG(seed: testSeed(fallback: 21))
        let other = Tensor(shape: [1, 1, 8, 8], data: (0..<64).map { _ in Double.random(in: 0...1, using: &rng) })
        let s2 = try back.synthesize(input: other)
        #expect(Hex.encode(s2.r1cs.digest) == c.circuitDigest && s2.witness != s.witness)
        // Tampering with a weight changes the circuit: rejected.
        var tampered = back
        if case var .linear(op) = tampered.program.layers[0].op {
            op.weights[0] += 1
            tampered.program.layers[0].op = .linear(op)
        }
        #expect(throws: CompilerError.self) { try tampered.synthesize(input: other) }
        #expect(throws: CompilerError.self) { try CompiledModel(json: Array(bytes.dropLast(10))) }
    }

    /// The rounding rule was spelled "roundHalfUp" before it took swift-numerics' name `toNearestOrUp`: a
    /// circuit.json with the old spelling still decodes to the same rule and rebuilds the same circuit, and an
    /// unknown rule is rejected.
    @Test func legacyRoundingRuleSpellingDecodes() throws {
        let c = try ModelCompiler.compile(model: try Fixtures.model("tiny-mlp"), options: CompileOptions(scaleBits: 6))
        let text = String(decoding: c.encoded(), as: UTF8.self)
        #expect(text.contains("\"rounding\":\"toNearestOrUp\""))
        let legacy = try CompiledModel(
            json: Array(text.replacingOccurrences(of: "toNearestOrUp", with: "roundHalfUp").utf8))
        #expect(legacy.program.rounding == .toNearestOrUp)
        let s = try legacy.synthesize(input: try Fixtures.input("tiny-mlp"))
        #expect(Hex.encode(s.r1cs.digest) == c.circuitDigest)
        let unknown = Array(
            text.replacingOccurrences(of: "\"rounding\":\"toNearestOrUp\"", with: "\"rounding\":\"down\"").utf8)
        #expect(throws: CompilerError.self) { try CompiledModel(json: unknown) }
    }
}
