/// A usage error: the command line itself is wrong. Printed as one line; the process exits with status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// The result of matching a command line against a `CommandSpec`.
///
/// Invariant: every key in `values`/`flags` names an option of the spec it was parsed against; values of
/// options with `allowedValues` are members of that set; the positional count is within the spec's bounds.
struct ParsedArguments {
    let spec: CommandSpec
    let positionals: [String]
    private let values: [String: String]
    private let flags: Set<String>

    /// Whether `--help`/`-h` was given (then nothing else is validated).
    let helpRequested: Bool

    /// Parses `arguments` (the words after the command name).
    ///
    /// Accepts `--name value`, `--name=value`, `-x value` for declared short aliases, and `--` to end options.
    /// Throws `UsageError` for unknown options, missing or repeated values, values outside `allowedValues`,
    /// and too few or too many positionals.
    init(_ arguments: [String], spec: CommandSpec) throws(UsageError) {
        self.spec = spec
        let byName = Dictionary(uniqueKeysWithValues: spec.options.map { ($0.name, $0) })
        var positionals: [String] = []
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var index = 0
        var optionsEnded = false
        let hint = "see 'zkinfer \(spec.name) --help'"

        if arguments.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
            self.positionals = []
            self.values = [:]
            self.flags = []
            self.helpRequested = true
            return
        }

        while index < arguments.count {
            let word = arguments[index]
            index += 1
            // "-1" is a (negative) number, not an option: the command's range check then names the argument.
            if optionsEnded || !word.hasPrefix("-") || word == "-" || word.dropFirst().first?.isNumber == true {
                positionals.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            var name: String
            var inlineValue: String?
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    name = String(body[..<eq])
                    inlineValue = String(body[body.index(after: eq)...])
                } else {
                    name = String(body)
                }
            } else {
                let letter = word.dropFirst()
                guard letter.count == 1, let option = spec.options.first(where: { $0.short == letter.first }) else {
                    throw UsageError("unknown option '\(word)' for 'zkinfer \(spec.name)' (\(hint))")
                }
                name = option.name
            }
            guard let option = byName[name] else {
                throw UsageError("unknown option '\(word)' for 'zkinfer \(spec.name)' (\(hint))")
            }
            guard let valueName = option.valueName else {
                if inlineValue != nil { throw UsageError("option '--\(name)' takes no value (\(hint))") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else {
                    throw UsageError("option '--\(name)' needs a value \(valueName) (\(hint))")
                }
                value = arguments[index]
                index += 1
            }
            if values[name] != nil { throw UsageError("option '--\(name)' given more than once (\(hint))") }
            if let allowed = option.allowedValues, !allowed.contains(value) {
                throw UsageError(
                    "invalid value '\(value)' for '--\(name)': expected one of \(allowed.joined(separator: ", "))")
            }
            values[name] = value
        }

        if positionals.count < spec.minimumPositionals {
            let missing = spec.positionals[positionals.count].name
            throw UsageError("missing argument \(missing) for 'zkinfer \(spec.name)' (\(hint))")
        }
        if positionals.count > spec.positionals.count {
            throw UsageError(
                "unexpected argument '\(positionals[spec.positionals.count])' for 'zkinfer \(spec.name)' (\(hint))")
        }
        for option in spec.options where option.required && values[option.name] == nil {
            throw UsageError("missing required option '--\(option.name)' for 'zkinfer \(spec.name)' (\(hint))")
        }
        self.positionals = positionals
        self.values = values
        self.flags = flags
        self.helpRequested = false
    }

    /// The value of `--name`, or nil if absent.
    func value(_ name: String) -> String? {
        assert(spec.options.contains { $0.name == name && $0.valueName != nil }, "undeclared option \(name)")
        return values[name]
    }

    /// Whether the flag `--name` was given.
    func flag(_ name: String) -> Bool {
        assert(spec.options.contains { $0.name == name && $0.valueName == nil }, "undeclared flag \(name)")
        return flags.contains(name)
    }

    /// The positional at `index`, or nil if it was not given.
    func positional(_ index: Int) -> String? {
        index < positionals.count ? positionals[index] : nil
    }

    /// `--name` parsed as an integer within `range`; nil if absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let n = Int(text), range.contains(n) else {
            throw UsageError(
                "invalid value '\(text)' for '--\(name)': expected an integer in \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return n
    }

    /// `--name` parsed as a finite positive number; nil if absent.
    func positiveNumber(_ name: String) throws(UsageError) -> Double? {
        guard let text = value(name) else { return nil }
        guard let x = Double(text), x.isFinite, x > 0 else {
            throw UsageError("invalid value '\(text)' for '--\(name)': expected a positive number")
        }
        return x
    }

    /// The positional at `index` parsed as an integer within `range` (the positional must exist).
    func integerPositional(_ index: Int, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        let name = spec.positionals[index].name
        guard let text = positional(index), let n = Int(text), range.contains(n) else {
            throw UsageError(
                "invalid \(name) '\(positional(index) ?? "")': expected an integer in \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return n
    }
}
