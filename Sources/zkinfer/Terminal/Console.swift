import Foundation

/// Process exit statuses of every zkinfer command.
///
/// 0 success / valid; 1 a negative result (proof invalid, ledger check failed); 2 the command could not do
/// its job with what it was given (usage error, missing or malformed file, input out of bounds, …).
enum ExitStatus: Int32 {
    case success = 0
    case negative = 1
    case unusable = 2
}

/// Writes to stdout (results) and stderr (errors, progress).
///
/// Invariant: results go to stdout only; everything meant for a human watching (progress, errors) to stderr.
enum Console {
    /// Prints one line (or a block) of results on stdout.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Prints one line on stderr.
    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Prints an error on stderr as exactly one line: control characters (which may come from a file's content,
    /// e.g. an op name, or from a path) are escaped, so input cannot add lines to a log or drive the terminal.
    static func errorLine(_ text: String) {
        var line = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                line += scalar.escaped(asASCII: true)
            } else {
                line.unicodeScalars.append(scalar)
            }
        }
        err(line)
    }

    /// Writes raw text on stderr (no newline added; used for `\r` progress updates).
    static func errRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether stderr is a terminal (progress is shown only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// Formats a duration for humans: `812 ms`, `3.42 s`, `2 min 05 s`.
func formatDuration(_ seconds: Double) -> String {
    if seconds < 1 { return String(format: "%.0f ms", seconds * 1000) }
    if seconds < 120 { return String(format: "%.2f s", seconds) }
    let whole = Int(seconds.rounded())
    return String(format: "%d min %02d s", whole / 60, whole % 60)
}

/// `text` right-aligned in `width` columns (never truncated).
func padLeft(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// `text` left-aligned in `width` columns (never truncated).
func padRight(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}
