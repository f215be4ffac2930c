import Compiler

/// Model facts for `inspect`, through the Compiler's readers (ONNX protobuf or zkinfer JSON).
enum ModelFiles {
    /// Name, input and output shapes and node count of the model at `path`; throws if it is not a model.
    static func describe(path: String, bytes: [UInt8]) throws(ZKInferError) -> [(String, String)] {
        let model: Model
        do { model = try ModelLoader.load(path: path) } catch {
            throw .malformed(path: path, reason: error.description)
        }
        var facts: [(String, String)] = [("name", model.name)]
        for input in model.inputs { facts.append(("input", "\(input.name) \(input.shape)")) }
        for output in model.outputs { facts.append(("output", "\(output.name) \(output.shape)")) }
        facts.append(("nodes", "\(model.nodes.count)"))
        if model.opsetVersion > 0 { facts.append(("opset", "\(model.opsetVersion)")) }
        return facts
    }

    /// Facts of a bundle's `circuit.json` (the compiler's `CompiledModel`).
    static func describeCompiled(path: String, bytes: [UInt8]) throws(ZKInferError) -> [(String, String)] {
        let compiled: CompiledModel
        do { compiled = try CompiledModel(json: bytes) } catch {
            throw .malformed(path: path, reason: error.description)
        }
        return [
            ("format version", "\(compiled.formatVersion)"), ("model", compiled.modelName),
            (
                "input",
                "\(compiled.inputShape) in [\(compiled.inputRange.lowerBound), "
                    + "\(compiled.inputRange.upperBound)], \(compiled.inputVisibility.rawValue)"
            ),
            ("output", "\(compiled.outputShape)"), ("scale", "2^\(compiled.scaleBits)"),
            ("constraints", "\(compiled.constraintCount)"), ("public signals", "\(compiled.publicSignalNames.count)"),
            ("r1cs digest", compiled.circuitDigest),
        ]
    }
}
