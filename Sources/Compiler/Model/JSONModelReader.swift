import Foundation

/// Reads the hand-written JSON model format (documented in README.md, section "Models"): a sequential list of layers
/// applied to one input. Each layer becomes the equivalent ONNX node (dense → Gemm with transB = 1, conv2d →
/// Conv, …), so JSON and ONNX models share one lowering path.
public enum JSONModelReader {
    /// The JSON `format` tag a model file must carry.
    public static let formatName = "zkinfer-model"
    /// The JSON `version` this build reads.
    public static let supportedVersion = 1

    /// Parses a JSON model into the equivalent ONNX-style `Model`. Throws `.invalidJSON` naming the layer and field
    /// (wrong format tag or version, unknown layer type, bad weights shape, non-finite numbers).
    public static func read(_ bytes: [UInt8]) throws(CompilerError) -> Model {
        let root: [String: Any]
        do {
            guard let r = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw CompilerError.invalidJSON("the model must be a JSON object")
            }
            root = r
        } catch let e as CompilerError {
            throw e
        } catch {
            throw .invalidJSON("the model file is not valid JSON (\(error.localizedDescription))")
        }
        guard root["format"] as? String == formatName else {
            throw .invalidJSON("\"format\" must be \"\(formatName)\"")
        }
        guard let version = root["version"] as? Int, version == supportedVersion else {
            throw .invalidJSON("\"version\" must be \(supportedVersion)")
        }
        let name = root["name"] as? String ?? "json-model"
        guard let input = root["input"] as? [String: Any] else { throw .invalidJSON("missing \"input\" object") }
        let inputName = input["name"] as? String ?? "input"
        let inputShape = try ints(input["shape"], "input.shape")
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
            throw .invalidJSON("input.shape must hold positive integers")
        }
        var range: ClosedRange<Double>?
        if let r = input["range"] {
            let v = try doubles(r, "input.range").values
            guard v.count == 2, v[0] <= v[1] else {
                throw .invalidJSON("input.range must be [lower, upper] with lower ≤ upper")
            }
            range = v[0]...v[1]
        }
        guard let layers = root["layers"] as? [[String: Any]], !layers.isEmpty else {
            throw .invalidJSON("\"layers\" must be a non-empty array of objects")
        }
        var nodes: [Node] = []
        var initializers: [String: ConstantTensor] = [:]
        var current = inputName
        for (i, layer) in layers.enumerated() {
            guard let op = layer["op"] as? String else { throw .invalidJSON("layer \(i) has no \"op\"") }
            let lname = layer["name"] as? String ?? "\(op)\(i)"
            let out = "\(lname):out"
            func constant(_ key: String, required: Bool = true) throws(CompilerError) -> String? {
                guard let v = layer[key] else {
                    if required { throw .invalidJSON("layer '\(lname)' (\(op)) needs \"\(key)\"") }
                    return nil
                }
                let t = try doubles(v, "\(lname).\(key)")
                initializers["\(lname).\(key)"] = ConstantTensor(shape: t.shape, values: t.values)
                return "\(lname).\(key)"
            }
            /// An optional number field as a Float (ONNX attributes are float32); a non-number or a value that
            /// is not finite as a float32 is an error, never silently replaced by the default.
            func float(_ key: String) throws(CompilerError) -> Float? {
                guard let v = layer[key] else { return nil }
                let d = try Tensor.number(v, path: "\(lname).\(key)")
                guard Float(d).isFinite else {
                    throw .invalidJSON("\(lname).\(key) = \(d) is not a finite float32 number")
                }
                return Float(d)
            }
            func intList(_ key: String, _ d: [Int]) throws(CompilerError) -> [Int64] {
                guard let v = layer[key] else { return d.map(Int64.init) }
                return try ints(v, "\(lname).\(key)").map(Int64.init)
            }
            var node = Node(opType: "", name: lname, inputs: [current], outputs: [out])
            switch op {
            case "dense":
                node.opType = "Gemm"
                node.inputs += [try constant("weights")!]
                if let b = try constant("bias", required: false) { node.inputs.append(b) }
                node.attributes["transB"] = .int(1)
            case "conv2d":
                node.opType = "Conv"
                node.inputs += [try constant("weights")!]
                if let b = try constant("bias", required: false) { node.inputs.append(b) }
                node.attributes["strides"] = .ints(try intList("strides", [1, 1]))
                node.attributes["pads"] = .ints(try intList("pads", [0, 0, 0, 0]))
            case "maxpool", "avgpool":
                node.opType = op == "maxpool" ? "MaxPool" : "AveragePool"
                let k = try intList("kernel", [])
                node.attributes["kernel_shape"] = .ints(k)
                node.attributes["strides"] = .ints(try intList("strides", k.map { Int($0) }))
                node.attributes["pads"] = .ints(try intList("pads", [0, 0, 0, 0]))
            case "globalavgpool": node.opType = "GlobalAveragePool"
            case "flatten": node.opType = "Flatten"
            case "relu": node.opType = "Relu"
            case "leakyrelu":
                node.opType = "LeakyRelu"
                if let a = try float("alpha") { node.attributes["alpha"] = .float(a) }
            case "sigmoid": node.opType = "Sigmoid"
            case "tanh": node.opType = "Tanh"
            case "softmax": node.opType = "Softmax"
            case "argmax":
                guard i == layers.count - 1 else {
                    throw .invalidJSON(
                        "layer '\(lname)' (argmax) must be the last layer (its output is the proved class)")
                }
                node.opType = "ArgMax"
                node.attributes["axis"] = .int(-1)
            case "batchnorm":
                node.opType = "BatchNormalization"
                for key in ["scale", "bias", "mean", "var"] { node.inputs.append(try constant(key)!) }
                if let e = try float("epsilon") { node.attributes["epsilon"] = .float(e) }
            case "scale":  // y = x·factor + offset, elementwise (numbers or broadcastable arrays)
                node.opType = "Mul"
                node.inputs.append(try constant("factor")!)
                if layer["offset"] != nil {
                    nodes.append(node)
                    node = Node(opType: "Add", name: "\(lname)+offset", inputs: [out], outputs: ["\(lname):offset"])
                    node.inputs.append(try constant("offset")!)
                }
            default:
                throw .unsupportedOp(
                    op: op, node: lname,
                    supported: "dense, conv2d, maxpool, avgpool, globalavgpool, flatten, relu, "
                        + "leakyrelu, sigmoid, tanh, batchnorm, scale, argmax, softmax (final)")
            }
            nodes.append(node)
            current = node.outputs[0]
        }
        return Model(
            name: name, opsetVersion: 13, inputs: [ValueInfo(name: inputName, shape: inputShape)],
            outputs: [ValueInfo(name: current, shape: [])], initializers: initializers, nodes: nodes,
            inputRange: range)
    }

    private static func ints(_ v: Any?, _ path: String) throws(CompilerError) -> [Int] {
        guard let a = v as? [Any] else { throw .invalidJSON("\(path) must be an array of integers") }
        var out: [Int] = []
        for e in a {
            let d = try Tensor.number(e, path: path)
            guard d == d.rounded() else { throw .invalidJSON("\(path) must hold integers, got \(d)") }
            guard d.magnitude < 1e9 else {
                throw .invalidJSON("\(path): \(Tensor.integerText(d)) is too large (|value| < 10^9)")
            }
            out.append(Int(d))
        }
        return out
    }

    private static func doubles(_ v: Any, _ path: String) throws(CompilerError) -> (shape: [Int], values: [Double]) {
        if v is [Any] {
            var shape: [Int] = []
            var data: [Double] = []
            try Tensor.flatten(v, depth: 0, shape: &shape, data: &data, path: path)
            return (shape, data)
        }
        return ([], [try Tensor.number(v, path: path)])
    }
}
