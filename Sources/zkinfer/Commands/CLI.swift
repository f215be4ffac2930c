import ZKInfer

/// The `zkinfer` command line: finds the subcommand, parses its arguments, runs it and maps errors to
/// one line on stderr and an exit status (see `ExitStatus`).
enum CLI {
    static let commands: [Command] =
        [
            CompileCommand.command, SetupCommand.command, ProveCommand.command, VerifyCommand.command,
            LedgerCommands.append, LedgerCommands.show, LedgerCommands.verify, LedgerCommands.inclusion,
            LedgerCommands.consistency, CeremonyCommands.contribute, CeremonyCommands.beacon, CeremonyCommands.verify,
            InspectCommand.command, BenchCommand.command, DemoCommand.command,
        ] + ExportFormatCommands.all + ExportCommands.all

    /// Command groups (the first word of two-word commands) and the line their overview starts with
    /// (`ceremony` has an overview of its own, `CeremonyCommands.overview`).
    static let groups: [(name: String, title: String)] = [
        ("ledger", "zkinfer ledger — the tamper-evident log of verified proofs"),
        ("export", "zkinfer export — files for other tools: circom/snarkjs formats, Ethereum contracts and calldata"),
        ("import", "zkinfer import — files from other tools"),
    ]

    static var overview: String {
        var lines = [
            "zkinfer \(ZKInferVersion.string) — zero-knowledge proofs of neural-network inference (Groth16 over BN254)",
            "",
            "USAGE: zkinfer <command> [arguments] [options]",
            "",
            "COMMANDS:",
        ]
        for c in commands {
            let name = c.spec.name
            lines.append("  " + name + String(repeating: " ", count: max(1, 22 - name.count)) + c.spec.summary)
        }
        lines += [
            "",
            "Run 'zkinfer <command> --help' for a command's arguments and options.",
            "Exit status: 0 success (proof valid), 1 negative result (proof invalid, ledger mismatch),",
            "2 unusable input (bad arguments, missing or malformed files).",
        ]
        return lines.joined(separator: "\n")
    }

    /// Runs the command line `arguments` (without the program name); returns the exit status.
    static func run(_ arguments: [String]) -> ExitStatus {
        guard let first = arguments.first else {
            Console.err(overview)
            return .unusable
        }
        if first == "--help" || first == "-h" || first == "help" {
            Console.out(overview)
            return .success
        }
        if first == "--version" || first == "version" {
            Console.out("zkinfer \(ZKInferVersion.string)")
            return .success
        }
        // Two-word commands ("ledger append") first, then one-word ones.
        var matched: Command?
        var rest: ArraySlice<String> = []
        if arguments.count >= 2, let c = commands.first(where: { $0.spec.name == "\(first) \(arguments[1])" }) {
            matched = c
            rest = arguments.dropFirst(2)
        } else if let c = commands.first(where: { $0.spec.name == first }) {
            matched = c
            rest = arguments.dropFirst()
        }
        guard let command = matched else {
            if first == "ceremony" {
                if arguments.count == 1 || arguments[1] == "--help" || arguments[1] == "-h" {
                    Console.out(CeremonyCommands.overview)
                    return arguments.count == 1 ? .unusable : .success
                }
                Console.errorLine("zkinfer: unknown ceremony command '\(arguments[1])' (see 'zkinfer ceremony --help')")
            } else if let group = groups.first(where: { $0.name == first }) {
                if arguments.count == 1 || arguments[1] == "--help" || arguments[1] == "-h" {
                    Console.out(overview(of: group))
                    return arguments.count == 1 ? .unusable : .success
                }
                Console.errorLine("zkinfer: unknown \(first) command '\(arguments[1])' (see 'zkinfer \(first) --help')")
            } else {
                Console.errorLine("zkinfer: unknown command '\(first)' (see 'zkinfer --help')")
            }
            return .unusable
        }
        do {
            let parsed = try ParsedArguments(Array(rest), spec: command.spec)
            if parsed.helpRequested {
                Console.out(command.spec.helpText)
                return .success
            }
            let json = command.spec.options.contains { $0.name == "json" } && parsed.flag("json")
            let context = CommandContext(
                json: json, progress: ProgressDisplay(enabled: !json && Console.stderrIsTerminal))
            return try command.run(parsed, context)
        } catch let error as UsageError {
            Console.errorLine("zkinfer \(command.spec.name): \(error.message)")
            return .unusable
        } catch let error as ZKInferError {
            Console.errorLine("zkinfer \(command.spec.name): \(error.description)")
            return error.isUnusableInput ? .unusable : .negative
        } catch {
            Console.errorLine("zkinfer \(command.spec.name): \(error)")
            return .unusable
        }
    }

    /// The command list of one group (`zkinfer ledger`, `zkinfer export --help`).
    static func overview(of group: (name: String, title: String)) -> String {
        var lines = [group.title, "", "COMMANDS:"]
        for c in commands where c.spec.name.hasPrefix(group.name + " ") {
            let name = c.spec.name
            lines.append("  " + name + String(repeating: " ", count: max(1, 22 - name.count)) + c.spec.summary)
        }
        return lines.joined(separator: "\n")
    }
}
