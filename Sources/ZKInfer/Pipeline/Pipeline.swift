import Compiler
import Foundation
import R1CS

/// The zkinfer pipeline: compile → setup → prove → verify → anchor, each step reading and writing the
/// on-disk artifact bundle (see `BundleLayout`). The library never prints; progress goes to a
/// `ProgressHandler`, errors are `ZKInferError`s naming the file (and field).
public enum Pipeline {
    /// The circuit digest recorded in the manifest and the ledger: SHA-256(R1CS digest ‖ SHA-256(circuit.json)),
    /// committing to the constraints and to the quantization metadata that interprets the public signals.
    static func circuitDigest(r1csDigest: [UInt8], circuitJSON: [UInt8]) -> String {
        Digest.sha256Hex(r1csDigest + Digest.sha256(circuitJSON))
    }

    /// An input tensor file (nested arrays, or `{"shape", "data"}`), errors naming the file.
    static func loadInput(_ path: String) throws(ZKInferError) -> Tensor {
        _ = try FileIO.read(path)  // missing/unreadable → the usual one-line error
        do { return try ModelLoader.loadInput(path: path) } catch {
            throw .invalidInput(path: path, reason: error.description)
        }
    }

    /// `input.json` in the model's directory, if present.
    static func defaultSampleInput(besides modelPath: String) -> String? {
        let directory = URL(fileURLWithPath: modelPath).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("input.json").path
        return FileIO.exists(candidate) ? candidate : nil
    }

    /// An in-bound input (zeros clamped to the input range): the circuit's structure does not depend on values.
    static func representativeInput(_ compiled: CompiledModel) -> Tensor {
        let value = min(max(0, compiled.inputRange.lowerBound), compiled.inputRange.upperBound)
        return Tensor(
            shape: compiled.inputShape, data: Array(repeating: value, count: compiled.inputShape.reduce(1, *)))
    }

    /// `./<name>.zkbundle`, where name is the model's name (or the file/directory name if it has none).
    static func defaultBundlePath(modelName: String, modelPath: String) -> String {
        var name = modelName.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        if name.isEmpty {
            let url = URL(fileURLWithPath: modelPath)
            name = url.deletingPathExtension().lastPathComponent
            if name == "model" { name = url.deletingLastPathComponent().lastPathComponent }
        }
        return name + ".zkbundle"
    }

    static func reportHeader(_ m: BundleManifest, modelPath: String, samplePath: String?) -> String {
        var lines = [
            "zkinfer \(ZKInferVersion.string) compile report — model \(m.modelName) (\(modelPath))",
            "model sha256    \(m.modelSHA256)",
            "r1cs digest     \(m.r1csSHA256)",
            "circuit digest  \(m.circuitDigest)",
            "constraints     \(m.constraintCount) (public signals \(m.publicInputCount), "
                + "private variables \(m.witnessCount))",
        ]
        lines.append("sample input    \(samplePath ?? "none (no error measurement; scale not calibrated)")")
        return lines.joined(separator: "\n")
    }
}
