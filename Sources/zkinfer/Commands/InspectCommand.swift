import ZKInfer

/// `zkinfer inspect FILE` — what an artifact is, and its digest.
enum InspectCommand {
    static let spec = CommandSpec(
        name: "inspect",
        summary: "Tell what an artifact is (model, bundle, key, proof, ledger, …) and print its digest.",
        positionals: [.init(name: "FILE", help: "Any file or bundle directory zkinfer reads or writes.")],
        options: [.json],
        discussion:
            "Recognises files by content, not by name. The digest is SHA-256 of the file's bytes\n(of bundle.json for a bundle directory)."
    )

    static let command = Command(spec: spec) { args, context in
        let path = args.positional(0)!
        guard FileIO.exists(path) else { throw ZKInferError.missingFile(path: path) }  // a file or a bundle directory
        let info = try ArtifactInspector.inspect(path)
        var json: [String: Any] = ["path": info.path, "kind": info.kind, "sha256": info.sha256]
        var facts: [String: String] = [:]
        for (k, v) in info.facts { facts[k] = v }
        json["facts"] = facts
        let width = max(8, (info.facts.map(\.0.count).max() ?? 0) + 2)
        let text =
            ([padRight("kind", width) + info.kind, padRight("sha256", width) + info.sha256]
            + info.facts.map { padRight($0.0, width) + $0.1 }).joined(separator: "\n")
        context.emit(text: "\(path)\n" + text, json: json)
        return .success
    }
}
