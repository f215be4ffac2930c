import Foundation

extension ArtifactInspector {
    /// A segmented bundle (`segments.json` at the top, `compile --segments`): the model, the segment count and
    /// total constraints, then one line per segment with its layers, constraints, keys and whether its
    /// sub-bundle's circuit digest is the one `segments.json` records (a digest is never shown as matching when the
    /// sub-bundle is missing or differs).
    static func inspectSegmentedBundle(_ path: String) throws(ZKInferError) -> ArtifactInfo {
        let manifest = try SegmentManifest.load(bundle: path)
        let total = manifest.segments.reduce(0) { $0 + $1.constraints }
        var facts: [(String, String)] = [
            ("model", "\(manifest.modelName) (sha256 \(manifest.modelSHA256))"),
            ("segments", "\(manifest.segments.count), \(total) constraints in all"),
        ]
        for (entry, bundle) in zip(manifest.segments, manifest.bundles(in: path)) {
            let layers = "layers \(entry.firstLayer)..<\(entry.endLayer), \(entry.constraints) constraints"
            let state: String
            do throws(ZKInferError) {
                let sub = try BundleManifest.load(bundle: bundle)
                if sub.circuitDigest != entry.circuitDigest {
                    state =
                        "circuit DIFFERS from segments.json: digest \(sub.circuitDigest), recorded \(entry.circuitDigest)"
                } else {
                    state =
                        "circuit digest \(entry.circuitDigest), " + (sub.keys == nil ? "no keys yet" : "keys present")
                }
            } catch {
                state = "UNREADABLE: \(error.description)"
            }
            facts.append((entry.directory, "\(layers); \(state)"))
        }
        let sha = try Digest.fileSHA256Hex(FileIO.join(path, SegmentManifest.fileName))
        return ArtifactInfo(path: path, kind: "segmented bundle", sha256: sha, facts: facts)
    }
}
