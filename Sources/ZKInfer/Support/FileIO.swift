import Foundation

/// Reading and writing artifact files with errors that name the path.
///
/// Writes are atomic (temporary file in the same directory, then `rename`), so a crash never leaves a
/// half-written artifact under its final name.
public enum FileIO {
    /// The bytes of the file at `path`; `.missingFile` if it does not exist, `.io` otherwise.
    public static func read(_ path: String) throws(ZKInferError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .missingFile(path: path)
        }
        if isDirectory.boolValue { throw .io(path: path, reason: "is a directory, expected a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, reason: "cannot read (permission denied?)")
        }
        return [UInt8](data)
    }

    /// Writes `bytes` to `path` atomically, creating parent directories.
    public static func write(_ bytes: [UInt8], to path: String) throws(ZKInferError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw .io(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to path: String) throws(ZKInferError) {
        try write(Array(text.utf8), to: path)
    }

    /// Creates `path` (and parents) as a directory; fails if a non-directory is in the way.
    public static func makeDirectory(_ path: String) throws(ZKInferError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { throw .io(path: path, reason: "exists and is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io(path: path, reason: "cannot create directory: \(error.localizedDescription)")
        }
    }

    /// Whether `path` exists and is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether anything exists at `path`.
    public static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// `component` appended to directory `directory` with exactly one `/`.
    public static func join(_ directory: String, _ component: String) -> String {
        if directory.isEmpty { return component }
        return directory.hasSuffix("/") ? directory + component : directory + "/" + component
    }
}
