import Foundation
import Testing

/// Shared fixtures: the example models in `Circuits/`, and a compiled + set-up bundle of the smallest one that
/// the tests share (built once per test process; each test copies what it modifies).
enum Fixtures {
    struct ExampleModel: Sendable, CustomStringConvertible {
        let name: String
        let modelPath: String
        let inputPath: String
        var description: String { name }
    }

    /// Every `Circuits/<name>/` with a model and an `input.json`, smallest model file first.
    static let models: [ExampleModel] = {
        let circuits = ZKInferBinary.packageRoot.appendingPathComponent("Circuits").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: circuits)) ?? []
        let found: [ExampleModel] = names.sorted().compactMap { name in
            let dir = circuits + "/" + name
            let input = dir + "/input.json"
            guard FileManager.default.fileExists(atPath: input) else { return nil }
            guard
                let model = ["model.json", "model.onnx"].map({ dir + "/" + $0 })
                    .first(where: { FileManager.default.fileExists(atPath: $0) })
            else { return nil }
            return ExampleModel(name: name, modelPath: model, inputPath: input)
        }
        return found.sorted { size($0.modelPath) < size($1.modelPath) }
    }()

    /// Constraint counts from the golden `Circuits/stats.csv` (model → constraints); empty when it is missing.
    static let goldenConstraintCounts: [String: Int] = {
        let path = ZKInferBinary.packageRoot.appendingPathComponent("Circuits/stats.csv").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var counts: [String: Int] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            if fields.count > 2, let n = Int(fields[2]) { counts[String(fields[0])] = n }
        }
        return counts
    }()

    /// Whether `ZK_LONG_TESTS=1` (the long tier: large circuits are set up and proved too).
    static let longTests = ProcessInfo.processInfo.environment["ZK_LONG_TESTS"] == "1"

    /// Models whose golden constraint count is at most `limit` (or unknown), and the others.
    static func models(upTo limit: Int) -> (quick: [ExampleModel], large: [ExampleModel]) {
        let isLarge = { (m: ExampleModel) in (goldenConstraintCounts[m.name] ?? 0) > limit }
        return (models.filter { !isLarge($0) }, models.filter(isLarge))
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? .max
    }

    /// The smallest example model (the tiny MLP).
    static func tinyModel() throws -> ExampleModel {
        try #require(models.first, "no model with input.json under \(ZKInferBinary.packageRoot.path)/Circuits")
    }

    /// A bundle of the tiny model after compile + setup, and one proof of its example input, built once.
    /// Tests must not modify these files (copy them first).
    struct ProvedBundle: Sendable {
        let bundle: String
        let proofDir: String
        let model: ExampleModel
        var vk: String { bundle + "/verification_key.json" }
        var proof: String { proofDir + "/proof.json" }
        var publicSignals: String { proofDir + "/public.json" }
        var output: String { proofDir + "/output.json" }
    }

    static func provedTinyBundle() throws -> ProvedBundle {
        try SharedBundle.shared.get()
    }
}

/// Builds the shared proved bundle once, under a lock (tests run in parallel).
final class SharedBundle: @unchecked Sendable {
    static let shared = SharedBundle()
    private let lock = NSLock()
    private var value: Fixtures.ProvedBundle?

    func get() throws -> Fixtures.ProvedBundle {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let model = try Fixtures.tinyModel()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zkinfer-e2e-shared-\(UUID().uuidString)"
        ).path
        let bundle = root + "/bundle"
        let proofs = root + "/proof"
        for args in [
            ["compile", model.modelPath, "-o", bundle],
            ["setup", bundle],
            ["prove", bundle, "--input", model.inputPath, "-o", proofs],
        ] {
            let r = try runZKInfer(args)
            try #require(r.status == 0, "\(r)")
        }
        let built = Fixtures.ProvedBundle(bundle: bundle, proofDir: proofs, model: model)
        value = built
        return built
    }
}

/// Copies `source` to a new path inside `directory` and returns it.
func copyFile(_ source: String, to directory: URL, as name: String? = nil) throws -> String {
    let destination = directory.appendingPathComponent(name ?? URL(fileURLWithPath: source).lastPathComponent).path
    try FileManager.default.copyItem(atPath: source, toPath: destination)
    return destination
}

/// Reads a JSON file as `Any`.
func readJSON(_ path: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)), options: .fragmentsAllowed)
}

/// Writes a JSON value to `path`.
func writeJSON(_ value: Any, to path: String) throws {
    try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .fragmentsAllowed])
        .write(to: URL(fileURLWithPath: path))
}

/// `text` (a non-negative decimal) plus one, as decimal text.
func decimalIncrement(_ text: String) -> String {
    var digits = Array(text.utf8).map { Int($0) - 48 }
    var i = digits.count - 1
    while i >= 0 {
        if digits[i] == 9 {
            digits[i] = 0
            i -= 1
        } else {
            digits[i] += 1
            break
        }
    }
    if i < 0 { digits.insert(1, at: 0) }
    return String(digits.map { Character(String($0)) })
}
