/// The zkinfer release this build reports (in bundles, ledger records and `zkinfer --version`).
///
/// Invariant: a semantic version string `MAJOR.MINOR.PATCH`.
public enum ZKInferVersion {
    public static let string = "0.1.0"
}
