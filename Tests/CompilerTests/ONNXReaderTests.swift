import Compiler
import Foundation
import TestSupport
import Testing

/// The ONNX reader against hand-encoded protobuf (ProtobufWriter.swift) and malformed files.
@Suite struct ONNXReaderTests {
    /// x[1,4] → Gemm(W [3,4] raw_data, transB) → Reshape(shape int64_data [1, -1]) → Add(b float_data) → y.
    static func gemmModel(
        opset: Int64 = 13, wDims: [Int64] = [3, 4], op: String = "Gemm", includeW: Bool = true,
        transB: PB = ONNXBuilder.attrInt("transB", 1)
    ) -> [UInt8] {
        let w: [Float] = [0.5, -0.25, 0.75, 0.125, -0.5, 0.25, 0.0, 1.0, 0.375, 0.5, -0.75, 0.25]
        var inits = [
            ONNXBuilder.int64Tensor("shape", values: [1, -1]),
            ONNXBuilder.floatTensor("b", dims: [3], values: [0.25, -0.125, 0.5], storage: .typed),
        ]
        if includeW {
            inits.append(
                ONNXBuilder.floatTensor(
                    "W", dims: wDims, values: Array(w.prefix(Int(wDims.reduce(1, *)))), storage: .raw))
        }
        return ONNXBuilder.model(
            opset: opset,
            nodes: [
                ONNXBuilder.node(op, "fc", ["x", "W"], ["h"], [transB]),
                ONNXBuilder.node("Reshape", "reshape", ["h", "shape"], ["r"]),
                ONNXBuilder.node("Add", "bias", ["r", "b"], ["y"]),
            ],
            initializers: inits,
            inputs: [ONNXBuilder.valueInfo("x", [.param("batch"), .value(4)])],
            outputs: [ONNXBuilder.valueInfo("y", [.param("batch"), .value(3)])])
    }

    @Test func readsHandEncodedModel() throws {
        let model = try ONNXReader.read(Self.gemmModel())
        #expect(model.opsetVersion == 13)
        #expect(model.inputs == [ValueInfo(name: "x", shape: [1, 4])])  // dim_param → batch 1
        #expect(
            model.initializers["W"]?.values == [0.5, -0.25, 0.75, 0.125, -0.5, 0.25, 0.0, 1.0, 0.375, 0.5, -0.75, 0.25])
        #expect(model.initializers["shape"]?.values == [1, -1])
        #expect(model.initializers["b"]?.values == [0.25, -0.125, 0.5])
        #expect(model.nodes.map(\.opType) == ["Gemm", "Reshape", "Add"])
        #expect(model.nodes[0].attributes["transB"] == .int(1))
        let x: [Double] = [0.5, -1, 0.25, 1]
        let compiled = try ModelCompiler.compile(model: model, options: CompileOptions(scaleBits: 10))
        let out = try compiled.synthesize(input: Tensor(shape: [1, 4], data: x))
        #expect(out.r1cs.isSatisfied(by: out.witness) == nil)
        let w = model.initializers["W"]!.values
        let b = model.initializers["b"]!.values
        for o in 0..<3 {
            var ref = b[o]
            for i in 0..<4 { ref += w[o * 4 + i] * x[i] }
            #expect(abs(out.output.values[o] - ref) <= 2.0 / 1024)
        }
    }

    @Test func everyTruncationIsRejectedWithoutCrashing() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("small-cnn", "model.onnx"))))
        var rejected = 0
        for length in stride(from: 0, to: bytes.count, by: 7) {
            do {
                let model = try ONNXReader.read(Array(bytes.prefix(length)))
                // A cut exactly at a field boundary can leave a readable but incomplete model: it must not compile.
                _ = try ModelCompiler.compile(model: model, options: CompileOptions(scaleBits: 6))
                Issue.record("truncation at \(length) of \(bytes.count) bytes was accepted")
            } catch {
                rejected += 1
                #expect(!error.description.isEmpty)
            }
        }
        #expect(rejected > 300)
        do {
            _ = try ONNXReader.read(Array(bytes.prefix(bytes.count - 3)))
            Issue.record("truncated file accepted")
        } catch {
            guard case .malformedProtobuf = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.description.contains("malformed ONNX protobuf at byte"))
        }
    }

    @Test func wrongFieldTypes() {
        // graph (field 7) encoded as a varint instead of a message.
        var m = PB()
        var opset = PB()
        opset.int(2, 13)
        m.message(8, opset)
        m.int(7, 5)
        #expect(throws: CompilerError.invalidONNX("field 7 should be length-delimited")) {
            try ONNXReader.read(m.bytes)
        }
        // An INT attribute given as FLOAT.
        let bytes = Self.gemmModel(transB: ONNXBuilder.attrFloat("transB", 1))
        do {
            _ = try ModelCompiler.compile(model: try ONNXReader.read(bytes))
            Issue.record("wrong attribute type accepted")
        } catch {
            #expect(error.description.contains("transB") && error.description.contains("expected type INT"))
        }
        // Raw data whose length does not match the dims.
        var t = ONNXBuilder.floatTensor("W", dims: [2, 2], values: [1, 2, 3], storage: .raw)
        t.int(2, 1)
        let model = ONNXBuilder.model(
            nodes: [], initializers: [t], inputs: [ONNXBuilder.valueInfo("x", [.value(1)])],
            outputs: [ONNXBuilder.valueInfo("x", [.value(1)])])
        #expect(throws: CompilerError.invalidONNX("tensor 'W' has 3 values but its shape [2, 2] needs 4")) {
            try ONNXReader.read(model)
        }
        // Empty file, random bytes.
        #expect(throws: CompilerError.invalidONNX("the file is empty")) { try ONNXReader.read([]) }
        #expect(throws: CompilerError.self) { try ONNXReader.read([0xFF, 0xFF, 0xFF]) }
    }

    @Test func missingInitializerShapeMismatchUnsupportedOpAndOpset() throws {
        #expect(throws: CompilerError.missingTensor(name: "W", node: "fc")) {
            try ModelCompiler.compile(model: try ONNXReader.read(Self.gemmModel(includeW: false)))
        }
        #expect(throws: CompilerError.shapeMismatch(node: "fc", expected: [0, 4], got: [3, 3])) {
            try ModelCompiler.compile(model: try ONNXReader.read(Self.gemmModel(wDims: [3, 3])))
        }
        do {
            _ = try ModelCompiler.compile(model: try ONNXReader.read(Self.gemmModel(op: "LSTM")))
            Issue.record("LSTM accepted")
        } catch {
            guard case let .unsupportedOp(op, node, supported) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(op == "LSTM" && node == "fc" && supported.contains("Gemm"))
            #expect(error.description.contains("unsupported op 'LSTM' in node 'fc'"))
        }
        for opset: Int64 in [8, 22] {
            #expect(throws: CompilerError.unsupportedOpset(version: Int(opset), supported: 9...21)) {
                try ONNXReader.read(Self.gemmModel(opset: opset))
            }
        }
    }

    @Test func unsupportedAttributesNameTheAttribute() throws {
        let conv = Node(opType: "Conv", name: "c", inputs: ["x", "K"], outputs: ["y"], attributes: ["group": .int(3)])
        let model = Model(
            name: "m", opsetVersion: 13, inputs: [ValueInfo(name: "x", shape: [1, 2, 4, 4])],
            outputs: [ValueInfo(name: "y", shape: [])],
            initializers: ["K": ConstantTensor(shape: [2, 1, 3, 3], values: Array(repeating: 0.1, count: 18))],
            nodes: [conv])
        #expect(
            throws: CompilerError.unsupportedAttribute(
                op: "Conv", node: "c", attribute: "group", reason: "group 3 does not divide the 2 input channels")
        ) {
            try ModelCompiler.compile(model: model)
        }
        // Mul of two computed tensors is supported (ProductOpTests); Div of two only by a divisor that is never
        // negative (TransformerOpTests): x / x with x in [−1, 1] is refused.
        let mul = Node(opType: "Div", name: "sq", inputs: ["x", "x"], outputs: ["y"])
        let m2 = Model(
            name: "m", opsetVersion: 13, inputs: [ValueInfo(name: "x", shape: [1, 3])],
            outputs: [ValueInfo(name: "y", shape: [])], initializers: [:], nodes: [mul])
        do {
            _ = try ModelCompiler.compile(model: m2)
            Issue.record("x / x accepted")
        } catch {
            #expect(error.description.contains("Div by a tensor needs a divisor that is never negative"))
        }
    }
}

/// Seeded mutation fuzzing of a real ONNX file and of a compiled model: every mutant is either rejected with a
/// one-line `CompilerError` or yields a model that works (and, for a compiled model, rebuilds the very circuit it
/// claims); nothing traps.
@Suite struct MutationFuzzTests {
    /// A clear error: one non-empty line.
    static func isOneLine(_ error: CompilerError) -> Bool {
        !error.description.isEmpty && !error.description.contains("\n")
    }

    @Test func mutatedONNXNeverCrashes() throws {
        let seed: UInt64 = 0x5EED_0001
        var rng = SeededRNG(seed: seed)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("small-cnn", "model.onnx"))))
        let input = try Fixtures.input("small-cnn")
        var rejected = 0
        var accepted = 0
        for trial in 0..<150 {
            var m = bytes
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<m.count, using: &rng)
                m[i] = UInt8.random(in: 0...255, using: &rng)
            }
            do throws(CompilerError) {
                let model = try ONNXReader.read(m)
                let c = try ModelCompiler.compile(model: model, options: CompileOptions(scaleBits: 6))
                let out = try c.evaluate(input: input)
                // An accepted mutant is a working model: its output has its declared shape.
                #expect(
                    out.values.count == c.outputShape.reduce(1, *) && out.values.allSatisfy(\.isFinite),
                    "seed \(seed), trial \(trial)")
                accepted += 1
            } catch {
                #expect(Self.isOneLine(error), "seed \(seed), trial \(trial): \(error)")
                rejected += 1
            }
        }
        // Both outcomes occur, so the mutations reach the reader's checks and the compiler.
        #expect(rejected > 0 && accepted > 0, "seed \(seed): \(rejected) rejected, \(accepted) accepted")
    }

    /// Mutates one digit (or sign) of a compiled model's JSON. Each mutant is rejected when decoded
    /// (`.invalidCompiledModel`), or decodes to a model that re-encodes to itself and either fails to synthesize
    /// with a one-line error or rebuilds exactly the compiled circuit (same digest, satisfied witness, and the
    /// original outputs when the program is unchanged).
    @Test func mutatedCompiledModelNeverCrashes() throws {
        let seed: UInt64 = 0x5EED_0002
        var rng = SeededRNG(seed: seed)
        let c = try ModelCompiler.compile(model: try Fixtures.model("tiny-mlp"), options: CompileOptions(scaleBits: 6))
        let input = try Fixtures.input("tiny-mlp")
        let original = try c.synthesize(input: input)
        let json = c.encoded()
        let digits = Array("0123456789-".utf8)
        let positions = json.indices.filter { digits.contains(json[$0]) }
        var mutated = 0
        var rejectedOnDecode = 0
        var rejectedOnSynthesis = 0
        var rebuilt = 0
        for trial in 0..<300 {
            var m = json
            m[positions.randomElement(using: &rng)!] = digits.randomElement(using: &rng)!
            guard m != json else { continue }
            mutated += 1
            let back: CompiledModel
            do throws(CompilerError) {
                back = try CompiledModel(json: m)
            } catch {
                guard case .invalidCompiledModel = error else {
                    Issue.record(
                        "seed \(seed), trial \(trial): decoding failed with \(error), not .invalidCompiledModel")
                    continue
                }
                #expect(Self.isOneLine(error), "seed \(seed), trial \(trial): \(error)")
                rejectedOnDecode += 1
                continue
            }
            let reencoded = back.encoded()
            #expect((try? CompiledModel(json: reencoded))?.encoded() == reencoded, "seed \(seed), trial \(trial)")
            do throws(CompilerError) {
                let s = try back.synthesize(input: input)
                #expect(back.circuitDigest == c.circuitDigest, "seed \(seed), trial \(trial): digest field changed")
                #expect(
                    s.r1cs.digest == original.r1cs.digest && s.r1cs.isSatisfied(by: s.witness) == nil,
                    "seed \(seed), trial \(trial)")
                if back.program == c.program {
                    #expect(s.output.integers == original.output.integers, "seed \(seed), trial \(trial)")
                }
                rebuilt += 1
            } catch {
                #expect(Self.isOneLine(error), "seed \(seed), trial \(trial): \(error)")
                rejectedOnSynthesis += 1
            }
        }
        #expect(mutated > 200, "seed \(seed): only \(mutated) mutants")
        #expect(
            rejectedOnDecode + rejectedOnSynthesis > 0,
            "seed \(seed): no mutant was rejected (\(mutated) mutants, \(rebuilt) rebuilt)")
    }
}
