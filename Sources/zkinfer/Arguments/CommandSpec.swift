/// The declared shape of one subcommand: what `--help` prints and what the parser accepts.
///
/// Invariant: option names are unique, start with `--`, and short aliases (if any) are a single `-` plus one
/// letter. Positional arguments are matched in order; `minimumPositionals ≤ count ≤ positionals.count`
/// unless `variadicLast` is set.
struct CommandSpec: Sendable {
    /// The words after `zkinfer` that select this command, e.g. `"ledger append"`.
    let name: String
    /// One line: what the command does (shown in the command list and at the top of `--help`).
    let summary: String
    /// Positional arguments in order.
    let positionals: [Positional]
    /// How many positionals are required (the rest are optional).
    let minimumPositionals: Int
    /// Options and flags the command accepts (besides `--help`).
    let options: [OptionSpec]
    /// Further paragraphs printed after the option list (formats, examples, exit codes).
    let discussion: String

    init(
        name: String, summary: String, positionals: [Positional] = [], minimumPositionals: Int? = nil,
        options: [OptionSpec] = [], discussion: String = ""
    ) {
        self.name = name
        self.summary = summary
        self.positionals = positionals
        self.minimumPositionals = minimumPositionals ?? positionals.count
        self.options = options
        self.discussion = discussion
    }

    /// A positional argument: `NAME` in the usage line plus a help text.
    struct Positional: Sendable {
        let name: String
        let help: String
    }

    /// The usage line, e.g. `zkinfer prove DIR --input FILE [-o OUTDIR] [--json]`.
    var usage: String {
        var parts = ["zkinfer", name]
        for (i, p) in positionals.enumerated() {
            parts.append(i < minimumPositionals ? p.name : "[\(p.name)]")
        }
        for option in options {
            let flag = option.short.map { "-\($0)" } ?? "--\(option.name)"
            let text = option.valueName.map { "\(flag) \($0)" } ?? flag
            parts.append(option.required ? text : "[\(text)]")
        }
        return parts.joined(separator: " ")
    }

    /// The full `--help` text.
    var helpText: String {
        var lines = ["zkinfer \(name) — \(summary)", "", "USAGE: \(usage)"]
        if !positionals.isEmpty {
            lines += ["", "ARGUMENTS:"]
            for p in positionals { lines.append(Self.row(p.name, p.help)) }
        }
        lines += ["", "OPTIONS:"]
        for option in options {
            var head = option.short.map { "-\($0), " } ?? ""
            head += "--\(option.name)"
            if let value = option.valueName { head += " \(value)" }
            var help = option.help
            if let allowed = option.allowedValues { help += " (one of: \(allowed.joined(separator: ", ")))" }
            lines.append(Self.row(head, help))
        }
        lines.append(Self.row("-h, --help", "Show this help and exit."))
        if !discussion.isEmpty { lines += ["", discussion] }
        return lines.joined(separator: "\n")
    }

    private static func row(_ head: String, _ help: String) -> String {
        let pad = 26
        let indent = String(repeating: " ", count: pad + 2)
        let helpLines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var first = "  " + head
        if first.count < pad + 2 {
            first += String(repeating: " ", count: pad + 2 - first.count) + helpLines[0]
        } else {
            first += "\n" + indent + helpLines[0]
        }
        return ([first] + helpLines.dropFirst().map { indent + $0 }).joined(separator: "\n")
    }
}

/// One `--name [VALUE]` option. A flag has `valueName == nil`.
///
/// Invariant: `name` has no leading dashes; `allowedValues`, when set, is the closed set of accepted values.
struct OptionSpec: Sendable {
    let name: String
    let short: Character?
    let valueName: String?
    let help: String
    let allowedValues: [String]?
    let required: Bool

    /// An option that takes a value.
    static func value(
        _ name: String, short: Character? = nil, _ valueName: String, _ help: String,
        allowed: [String]? = nil, required: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            name: name, short: short, valueName: valueName, help: help, allowedValues: allowed, required: required)
    }

    /// A boolean flag.
    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, short: nil, valueName: nil, help: help, allowedValues: nil, required: false)
    }

    /// `--json`, shared by every command that reports something.
    static let json = flag("json", "Print one JSON document on stdout instead of text (for machines).")
}
