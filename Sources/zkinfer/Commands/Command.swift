import ZKInfer

/// One subcommand: its declared interface and the code that runs it.
///
/// Invariant: `run` is only called with arguments parsed against `spec` and never with `--help`.
struct Command: Sendable {
    let spec: CommandSpec
    let run: @Sendable (ParsedArguments, CommandContext) throws -> ExitStatus
}

/// What every command gets besides its arguments.
struct CommandContext {
    /// `--json` was given: print one JSON document on stdout and no text.
    let json: Bool
    /// Progress on stderr (disabled unless stderr is a terminal and output is text).
    let progress: ProgressDisplay

    /// Prints `text` in text mode or `object` (pretty, sorted keys) in JSON mode.
    func emit(text: @autoclosure () -> String, json object: @autoclosure () -> Any) {
        if json { Console.out(JSONText.pretty(object())) } else { Console.out(text()) }
    }
}

/// Checks that the file named by an option or argument exists, for a one-line error before any work.
func requireFile(_ path: String) throws(ZKInferError) {
    guard FileIO.exists(path) else { throw .missingFile(path: path) }
    guard !FileIO.isDirectory(path) else { throw .io(path: path, reason: "is a directory, expected a file") }
}

/// Checks that `path` is a directory.
func requireDirectory(_ path: String) throws(ZKInferError) {
    guard FileIO.exists(path) else { throw .missingFile(path: path) }
    guard FileIO.isDirectory(path) else { throw .io(path: path, reason: "is not a directory (expected a bundle)") }
}
