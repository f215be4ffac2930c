import Compiler
import Foundation
import Testing

/// Issue 10 ("bad input never crashes and never lies"): each input a tamper-and-fuzz run found to trap or to be
/// mishandled by the readers and the compiler, now refused with one line naming the problem.
@Suite struct Issue10CompilerTests {
    /// A one-layer JSON model: x[1,4] → `layer`.
    static func jsonModel(_ layer: String, input: String = "{\"name\": \"x\", \"shape\": [1, 4]}") -> [UInt8] {
        Array(
            """
            {"format": "zkinfer-model", "version": 1, "input": \(input),
             "layers": [{"op": "dense", "weights": [[1, 0, 0, 0], [0, 1, 0, 0]]}, \(layer)]}
            """.utf8)
    }

    static func compile(_ bytes: [UInt8]) throws(CompilerError) -> CompiledModel {
        try ModelCompiler.compile(model: try JSONModelReader.read(bytes), options: CompileOptions(scaleBits: 8))
    }

    /// The thrown error's one-line message (fails the test if nothing is thrown).
    static func message(_ body: () throws(CompilerError) -> Void, sourceLocation: SourceLocation = #_sourceLocation)
        -> String
    {
        do {
            try body()
            Issue.record("accepted", sourceLocation: sourceLocation)
            return ""
        } catch {
            #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
            return error.description
        }
    }

    @Test(
        "LeakyReLU alpha that is huge or not a float32 number is refused (JSON)", arguments: ["1e18", "1e300", "3e38"])
    func leakyReluAlphaJSON(alpha: String) {
        let text = Self.message { () throws(CompilerError) in
            _ = try Self.compile(Self.jsonModel("{\"op\": \"leakyrelu\", \"alpha\": \(alpha)}"))
        }
        #expect(text.contains("alpha"), "\(text)")
    }

    @Test("LeakyReLU alpha as a string is an error, not silently the default")
    func leakyReluAlphaString() {
        let text = Self.message { () throws(CompilerError) in
            _ = try JSONModelReader.read(Self.jsonModel("{\"op\": \"leakyrelu\", \"alpha\": \"0.2\"}"))
        }
        #expect(text.contains("alpha") && text.contains("not a number"), "\(text)")
    }

    @Test(
        "LeakyReLU alpha NaN, ∞ or huge in an ONNX attribute is refused", arguments: [Float.nan, .infinity, 1e18, 3e38])
    func leakyReluAlphaONNX(alpha: Float) {
        let bytes = ONNXBuilder.model(
            nodes: [ONNXBuilder.node("LeakyRelu", "act", ["x"], ["y"], [ONNXBuilder.attrFloat("alpha", alpha)])],
            initializers: [], inputs: [ONNXBuilder.valueInfo("x", [.value(1), .value(4)])],
            outputs: [ONNXBuilder.valueInfo("y", [.value(1), .value(4)])])
        let text = Self.message { () throws(CompilerError) in
            _ = try ModelCompiler.compile(model: try ONNXReader.read(bytes), options: CompileOptions(scaleBits: 8))
        }
        #expect(text.contains("alpha"), "\(text)")
    }

    @Test("an input document whose shape product overflows Int is refused")
    func inputShapeOverflow() {
        for doc in [
            "{\"shape\": [4294967296, 4294967296], \"data\": [1]}",
            "{\"shape\": [2147483648, 2147483648, 2147483648], \"data\": [1]}",
            "{\"shape\": [1e300], \"data\": [1]}", "{\"shape\": [true], \"data\": [1]}",
        ] {
            let text = Self.message { () throws(CompilerError) in _ = try Tensor.parse(json: Array(doc.utf8)) }
            #expect(text.contains("shape"), "\(doc): \(text)")
        }
        #expect(throws: CompilerError.self) {
            try Tensor(shape: [1, 4], data: [0, 0, 0, 0]).conformed(to: [1 << 40, 1 << 40, 1 << 40], name: "x")
        }
    }

    @Test("a JSON boolean as an input value is named as a boolean")
    func booleanInputValue() {
        let text = Self.message { () throws(CompilerError) in _ = try Tensor.parse(json: Array("[0.5, true]".utf8)) }
        #expect(text.contains("boolean true"), "\(text)")
    }

    @Test("a 2^40 model dimension is reported as too large, not as a non-integer")
    func hugeDimensionMessage() {
        let text = Self.message { () throws(CompilerError) in
            _ = try JSONModelReader.read(Self.jsonModel("{\"op\": \"relu\"}", input: "{\"shape\": [1, 1099511627776]}"))
        }
        #expect(text.contains("1099511627776 is too large"), "\(text)")
        #expect(!text.contains("must hold integers"), "\(text)")
    }

    @Test("an ONNX input shape whose product overflows Int is refused, not trapped on")
    func onnxInputShapeOverflow() {
        let bytes = ONNXBuilder.model(
            nodes: [ONNXBuilder.node("Relu", "act", ["x"], ["y"])], initializers: [],
            inputs: [ONNXBuilder.valueInfo("x", [.value(1 << 23), .value(1 << 23), .value(1 << 23), .value(1 << 23)])],
            outputs: [ONNXBuilder.valueInfo("y", [.value(1)])])
        let text = Self.message { () throws(CompilerError) in
            _ = try ModelCompiler.compile(model: try ONNXReader.read(bytes), options: CompileOptions(scaleBits: 8))
        }
        #expect(text.contains("too large"), "\(text)")
    }

    @Test("a Reshape target whose product overflows Int is refused")
    func reshapeOverflow() {
        let bytes = ONNXBuilder.model(
            nodes: [ONNXBuilder.node("Reshape", "r", ["x", "shape"], ["y"])],
            initializers: [ONNXBuilder.int64Tensor("shape", values: [1 << 30, 1 << 30, 1 << 30, 4])],
            inputs: [ONNXBuilder.valueInfo("x", [.value(1), .value(4)])],
            outputs: [ONNXBuilder.valueInfo("y", [.value(1)])])
        _ = Self.message { () throws(CompilerError) in
            _ = try ModelCompiler.compile(model: try ONNXReader.read(bytes), options: CompileOptions(scaleBits: 8))
        }
    }

    @Test("BatchNorm with a negative variance names the variance, not a NaN weight")
    func batchNormNegativeVariance() {
        let text = Self.message { () throws(CompilerError) in
            _ = try Self.compile(
                Self.jsonModel(
                    "{\"op\": \"batchnorm\", \"scale\": [1, 1], \"bias\": [0, 0], \"mean\": [0, 0], \"var\": [1, -2]}"))
        }
        #expect(text.contains("var") && !text.contains("nan"), "\(text)")
    }

    @Test("an input just outside the stated bound is refused (the accepted bound is the one reported)")
    func inputBoundIsTheReportedOne() throws {
        let compiled = try Self.compile(
            Self.jsonModel("{\"op\": \"relu\"}", input: "{\"shape\": [1, 4], \"range\": [-1, 1]}"))
        #expect(compiled.inputRange == -1...1)
        // 1.001 rounds to 256 = the upper integer bound at scale 2^8, but it is outside [-1, 1].
        let text = Self.message { () throws(CompilerError) in
            _ = try compiled.synthesize(input: Tensor(shape: [1, 4], data: [0, 0, 0, 1.001]))
        }
        #expect(text.contains("1.001") && text.contains("[-1.0, 1.0]"), "\(text)")
        #expect(throws: Never.self) { try compiled.synthesize(input: Tensor(shape: [1, 4], data: [-1, 0, 0, 1])) }
    }

    @Test("argmax anywhere but last is refused, as documented (JSON and ONNX)")
    func argmaxNotLast() {
        let json = """
            {"format": "zkinfer-model", "version": 1, "input": {"shape": [1, 4]},
             "layers": [{"op": "argmax"}, {"op": "dense", "weights": [[1]]}]}
            """
        let text = Self.message { () throws(CompilerError) in _ = try JSONModelReader.read(Array(json.utf8)) }
        #expect(text.contains("last"), "\(text)")
        let bytes = ONNXBuilder.model(
            nodes: [
                ONNXBuilder.node("ArgMax", "am", ["x"], ["c"], [ONNXBuilder.attrInt("axis", 1)]),
                ONNXBuilder.node("Mul", "scale", ["c", "k"], ["y"]),
            ],
            initializers: [ONNXBuilder.floatTensor("k", dims: [1], values: [2], storage: .raw)],
            inputs: [ONNXBuilder.valueInfo("x", [.value(1), .value(4)])],
            outputs: [ONNXBuilder.valueInfo("y", [.value(1), .value(1)])])
        let onnx = Self.message { () throws(CompilerError) in
            _ = try ModelCompiler.compile(model: try ONNXReader.read(bytes), options: CompileOptions(scaleBits: 8))
        }
        #expect(onnx.contains("ArgMax must be the model's last op"), "\(onnx)")
    }

    @Test(
        "Squeeze with an out-of-range axis, or of an axis that is not 1, is refused",
        arguments: [[5], [-4], [1], [0, 0]])
    func squeezeAxes(axes: [Int64]) {
        let bytes = ONNXBuilder.model(
            opset: 11,
            nodes: [ONNXBuilder.node("Squeeze", "sq", ["x"], ["y"], [ONNXBuilder.attrInts("axes", axes)])],
            initializers: [], inputs: [ONNXBuilder.valueInfo("x", [.value(1), .value(4), .value(1)])],
            outputs: [ONNXBuilder.valueInfo("y", [.value(4)])])
        let text = Self.message { () throws(CompilerError) in
            _ = try ModelCompiler.compile(model: try ONNXReader.read(bytes), options: CompileOptions(scaleBits: 8))
        }
        #expect(text.contains("axes"), "\(axes): \(text)")
    }

    @Test("Squeeze of valid size-1 axes still works")
    func squeezeValid() throws {
        let bytes = ONNXBuilder.model(
            opset: 11,
            nodes: [
                ONNXBuilder.node("Squeeze", "sq", ["x"], ["s"], [ONNXBuilder.attrInts("axes", [0, -1])]),
                ONNXBuilder.node("Relu", "act", ["s"], ["y"]),
            ],
            initializers: [], inputs: [ONNXBuilder.valueInfo("x", [.value(1), .value(4), .value(1)])],
            outputs: [ONNXBuilder.valueInfo("y", [.value(4)])])
        let compiled = try ModelCompiler.compile(
            model: try ONNXReader.read(bytes), options: CompileOptions(scaleBits: 8))
        #expect(compiled.outputShape == [4])
    }

    @Test("a circuit.json whose shapes overflow Int is refused, not trapped on")
    func compiledModelShapeOverflow() throws {
        let compiled = try Self.compile(Self.jsonModel("{\"op\": \"relu\"}"))
        var text = String(decoding: compiled.encoded(), as: UTF8.self)
        text = text.replacingOccurrences(
            of: "\"inputShape\":[1,4]", with: "\"inputShape\":[8388607,8388607,8388607,8388607,8388607]")
        #expect(text.contains("8388607"))
        #expect(throws: CompilerError.self) { try CompiledModel(json: Array(text.utf8)) }
    }
}
