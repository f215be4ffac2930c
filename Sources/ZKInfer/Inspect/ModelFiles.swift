import Compiler

/// Model facts for `inspect`, through the Compiler's readers (ONNX protobuf or zkinfer JSON).
enum ModelFiles {
    /// Name, input and output shapes and node count of the model at `path`; throws if it is not a model.
    static func describe(path: String, bytes: [UInt8]) throws(ZKInferError) -> [(String, String)] {
        let model: Model
        do { model = try ModelLoader.load(path: path) } catch { throw .malformed(path: path, reason: error.description) }
        var facts: [(String, String)] = [("name", model.name)]
        for input in model.inputs { facts.append(("input", "\(input.name) \(input.shape)")) }
        for output in model.outputs { facts.append(("output", "\(output.name) \(output.shape)")) }
        facts.append(("nodes", "\(model.nodes.count)"))
        if model.opsetVersion > 0 { facts.append(("opset", "\(model.opsetVersion)")) }
        return facts
    }
}
