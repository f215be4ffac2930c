import BN254
import Compiler
import Foundation
import R1CS
import Testing

/// Paths of the example models (Circuits/ at the repository root).
enum Fixtures {
    static let circuits: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Circuits").path
    }()

    static func path(_ model: String, _ file: String) -> String { "\(circuits)/\(model)/\(file)" }

    static func model(_ name: String) throws -> Model {
        let dir = "\(circuits)/\(name)"
        let file = FileManager.default.fileExists(atPath: "\(dir)/model.onnx") ? "model.onnx" : "model.json"
        return try ModelLoader.load(path: "\(dir)/\(file)")
    }

    static func input(_ name: String) throws -> Tensor { try ModelLoader.loadInput(path: path(name, "input.json")) }

    struct Expected: Decodable {
        var output: [Double]
        var argmax: Int
    }

    static func expected(_ name: String) throws -> Expected {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(name, "expected.json")))
        return try JSONDecoder().decode(Expected.self, from: data)
    }
}

/// Flips one witness value (adds 1) and returns the violation, if any.
func perturbed(_ s: Synthesis, at index: Int) -> ConstraintViolation? {
    var w = s.witness
    w.values[index] = w.values[index] + Fr.one
    return s.r1cs.isSatisfied(by: w)
}
