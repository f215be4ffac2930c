import Foundation

/// Loads a model file: `.onnx` → `ONNXReader`, `.json` → `JSONModelReader`; another extension is sniffed
/// (a leading `{` means JSON).
public enum ModelLoader {
    /// Reads and parses the model at `path`. Throws `.io` when it cannot be read, else the reader's error.
    public static func load(path: String) throws(CompilerError) -> Model {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io("cannot read model file '\(path)' (missing or unreadable)")
        }
        let bytes = [UInt8](data)
        let lower = path.lowercased()
        if lower.hasSuffix(".onnx") { return try ONNXReader.read(bytes) }
        if lower.hasSuffix(".json") { return try JSONModelReader.read(bytes) }
        if bytes.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "{") {
            return try JSONModelReader.read(bytes)
        }
        return try ONNXReader.read(bytes)
    }

    /// Reads an input file (`Tensor.parse(json:)`).
    public static func loadInput(path: String) throws(CompilerError) -> Tensor {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io("cannot read input file '\(path)' (missing or unreadable)")
        }
        return try Tensor.parse(json: [UInt8](data))
    }
}
