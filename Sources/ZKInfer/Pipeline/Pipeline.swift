/// The zkinfer pipeline: compile → setup → prove → verify → anchor, each step reading and writing the
/// on-disk artifact bundle (see `BundleLayout`).
public enum Pipeline {
    public static func compile(
        model: String, options: CompileOptions, bundle: String?, progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> CompileReport {
        throw .internalFailure("compile: not wired yet")
    }

    public static func prove(
        bundle: String, input: String, outputDirectory: String, progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> ProveReport {
        throw .internalFailure("prove: not wired yet")
    }
}

extension CompileReport {
    public var renderedText: String { "" }
}
