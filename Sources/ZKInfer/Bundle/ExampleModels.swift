import Foundation

/// The example models shipped in the package's `Circuits/` directory (`Circuits/<name>/model.json` or
/// `model.onnx`, with an example `input.json` beside it), found at run time.
///
/// Search order: `$ZKINFER_CIRCUITS`; `Circuits/` in the current directory or any ancestor; `Circuits/` in
/// an ancestor of the running executable (so `.build/release/zkinfer` finds the package's copy from
/// anywhere). Invariant: every `ExampleModel` returned has an existing model file.
public enum ExampleModels {
    /// One example: its directory name, model file and (optional) example input.
    public struct ExampleModel: Sendable, Equatable {
        /// The directory name under `Circuits/`.
        public var name: String
        /// Path of `model.json` or `model.onnx` (exists when returned).
        public var modelPath: String
        /// Path of the example `input.json`, nil when the directory has none.
        public var inputPath: String?
    }

    /// The `Circuits/` directory, or nil if none was found (the error lists where it looked).
    public static func circuitsDirectory(executablePath: String? = nil) -> (path: String?, searched: [String]) {
        var searched: [String] = []
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["ZKINFER_CIRCUITS"] {
            searched.append(env)
            if FileIO.isDirectory(env) { return (env, searched) }
        }
        var starts = [URL(fileURLWithPath: fm.currentDirectoryPath)]
        let exe = executablePath.map { URL(fileURLWithPath: $0) } ?? Bundle.main.executableURL
        if let exe {
            starts.append(exe.deletingLastPathComponent())
            starts.append(exe.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for start in starts {
            var dir = start.standardizedFileURL
            while true {
                let candidate = dir.appendingPathComponent("Circuits").path
                if !searched.contains(candidate) {
                    searched.append(candidate)
                    if FileIO.isDirectory(candidate), !list(in: candidate).isEmpty { return (candidate, searched) }
                }
                if dir.path == "/" { break }
                dir.deleteLastPathComponent()
            }
        }
        return (nil, searched)
    }

    /// The models in `directory`, sorted by name.
    public static func list(in directory: String) -> [ExampleModel] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.sorted().compactMap { name in
            let dir = FileIO.join(directory, name)
            guard FileIO.isDirectory(dir) else { return nil }
            guard let model = ["model.json", "model.onnx"].map({ FileIO.join(dir, $0) }).first(where: FileIO.exists)
            else { return nil }
            let input = FileIO.join(dir, "input.json")
            return ExampleModel(name: name, modelPath: model, inputPath: FileIO.exists(input) ? input : nil)
        }
    }

    /// All example models, or `.missingFile` naming the places searched.
    public static func all(executablePath: String? = nil) throws(ZKInferError) -> [ExampleModel] {
        let (dir, searched) = circuitsDirectory(executablePath: executablePath)
        guard let dir else {
            throw .missingFile(
                path: "Circuits/ (searched \(searched.prefix(4).joined(separator: ", "))…; set ZKINFER_CIRCUITS)")
        }
        return list(in: dir)
    }
}
