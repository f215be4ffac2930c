import Foundation

/// `segments.json`: the top of a segmented bundle (`zkinfer compile --segments K`). Each segment is an ordinary
/// bundle in its own sub-directory (`segment-0`, `segment-1`, …: circuit, keys, setup or ceremony as for any
/// bundle); this file lists them in order with the digests that tie them together.
///
/// ```json
/// { "format": "zkinfer-segments", "formatVersion": 1, "modelName": "…", "modelSHA256": "…",
///   "segments": [ { "directory": "segment-0", "firstLayer": 0, "endLayer": 3, "constraints": 1234,
///                   "circuitDigest": "…" }, … ] }
/// ```
/// Invariant (checked by `load`): at least one segment; directories are `segment-<i>` in order; layer ranges
/// are contiguous from 0; every digest is 64 lowercase hex digits. Each sub-bundle's `circuit.digest` must equal
/// its entry's `circuitDigest` (checked by the pipeline before use).
public struct SegmentManifest: Codable, Sendable, Equatable {
    /// One segment's entry.
    public struct Entry: Codable, Sendable, Equatable {
        /// Sub-directory of the segment's bundle, `segment-<index>`.
        public var directory: String
        /// First layer (index into the model's fixed-point program) the segment proves.
        public var firstLayer: Int
        /// One past its last layer.
        public var endLayer: Int
        /// Constraints of the segment's circuit.
        public var constraints: Int
        /// The segment bundle's circuit digest (`BundleManifest.circuitDigest`).
        public var circuitDigest: String
    }

    /// The file name at the top of a segmented bundle.
    public static let fileName = "segments.json"
    /// The `format` tag.
    public static let format = "zkinfer-segments"

    /// Always `format`.
    public var format: String = SegmentManifest.format
    /// Always 1.
    public var formatVersion: Int = 1
    /// The model's name.
    public var modelName: String
    /// SHA-256 of the model file (hex).
    public var modelSHA256: String
    /// The segments, in proving order.
    public var segments: [Entry]

    /// The sub-directory name of segment `index`.
    public static func directory(_ index: Int) -> String { "segment-\(index)" }

    /// Whether `bundle` is a segmented bundle (has `segments.json`).
    public static func isSegmented(bundle: String) -> Bool {
        FileIO.exists(FileIO.join(bundle, fileName))
    }

    /// Reads and checks `bundle/segments.json`.
    public static func load(bundle: String) throws(ZKInferError) -> SegmentManifest {
        let path = FileIO.join(bundle, fileName)
        let bytes = try FileIO.read(path)
        let m: SegmentManifest
        do { m = try JSONDecoder().decode(SegmentManifest.self, from: Data(bytes)) } catch {
            throw .malformed(path: path, reason: "not a segments manifest (\(error))")
        }
        guard m.format == format else {
            throw .invalidField(path: path, field: "format", reason: "expected \"\(format)\"")
        }
        guard m.formatVersion == 1 else {
            throw .unsupportedVersion(path: path, field: "formatVersion", found: "\(m.formatVersion)", supported: "1")
        }
        guard !m.segments.isEmpty else { throw .invalidField(path: path, field: "segments", reason: "is empty") }
        var next = 0
        for (i, e) in m.segments.enumerated() {
            guard e.directory == directory(i), e.firstLayer == next, e.endLayer > e.firstLayer,
                e.circuitDigest.count == 64, e.circuitDigest.allSatisfy({ $0.isHexDigit && !$0.isUppercase })
            else { throw .invalidField(path: path, field: "segments[\(i)]", reason: "inconsistent entry") }
            next = e.endLayer
        }
        return m
    }

    /// Writes `bundle/segments.json` (sorted keys, pretty).
    public func write(bundle: String) throws(ZKInferError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data: Data
        do { data = try encoder.encode(self) } catch { throw .internalFailure("cannot encode segments.json: \(error)") }
        try FileIO.write(Array(data) + [0x0A], to: FileIO.join(bundle, Self.fileName))
    }

    /// The sub-bundle paths, in order.
    public func bundles(in bundle: String) -> [String] {
        segments.map { FileIO.join(bundle, $0.directory) }
    }
}
