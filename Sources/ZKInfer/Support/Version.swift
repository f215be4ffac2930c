/// The zkinfer release this build reports (in bundles, ledger records and `zkinfer --version`).
///
/// Invariant: a semantic version string `MAJOR.MINOR.PATCH`.
public enum ZKInferVersion {
    /// The version, `MAJOR.MINOR.PATCH`.
    public static let string = "0.1.0"
}
