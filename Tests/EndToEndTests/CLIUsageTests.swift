import Foundation
import Testing

/// The command line's contract that needs no proving: help texts, unknown flags, missing files → one line on
/// stderr and exit status 2.
@Suite("CLI usage")
struct CLIUsageTests {
    static let commands = [
        ["compile"], ["setup"], ["prove"], ["verify"], ["ledger", "append"], ["ledger", "show"], ["ledger", "verify"],
        ["ledger", "inclusion"], ["ledger", "consistency"], ["inspect"], ["bench"], ["demo"],
        ["export", "verifier"], ["export", "ledger-contract"], ["export", "calldata"],
        ["export", "r1cs"], ["export", "wtns"], ["export", "zkey"], ["export", "vk"], ["import", "zkey"],
        ["groth16", "prove"], ["ceremony", "contribute"], ["ceremony", "beacon"], ["ceremony", "verify"],
    ]

    @Test("every command has --help (exit 0, usage line on stdout)", arguments: commands)
    func help(command: [String]) throws {
        let r = try runZKInfer(command + ["--help"])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("USAGE: zkinfer \(command.joined(separator: " "))"), "\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
    }

    @Test("an unknown flag is a one-line error with exit 2", arguments: commands)
    func unknownFlag(command: [String]) throws {
        let r = try runZKInfer(command + ["--no-such-flag"])
        #expect(r.status == 2, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r)")
        #expect(r.stderr.contains("unknown option '--no-such-flag'"), "\(r)")
    }

    @Test("missing files are a one-line error naming the file, exit 2")
    func missingFiles() throws {
        let missing = "/nonexistent/zkinfer-e2e/file.json"
        let cases: [[String]] = [
            ["compile", missing],
            ["setup", "/nonexistent/zkinfer-e2e/bundle"],
            ["prove", "/nonexistent/zkinfer-e2e/bundle", "--input", missing],
            ["verify", "--vk", missing, "--proof", missing, "--public", missing],
            ["inspect", missing],
            ["ledger", "show", "--ledger", missing],
            ["groth16", "prove", "--zkey", missing, "--wtns", missing, "-o", "/nonexistent/zkinfer-e2e/out"],
            ["export", "vk", missing, "-o", "/nonexistent/zkinfer-e2e/vk.json"],
        ]
        for args in cases {
            let r = try runZKInfer(args)
            #expect(r.status == 2, "\(r)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r)")
            #expect(r.stderr.contains("/nonexistent/zkinfer-e2e/"), "\(r)")
        }
    }

    @Test("usage errors: unknown command, missing argument, bad option value, extra argument")
    func usageErrors() throws {
        let cases: [([String], String)] = [
            (["frobnicate"], "unknown command 'frobnicate'"),
            (["ledger", "frobnicate"], "unknown ledger command 'frobnicate'"),
            (["compile"], "missing argument MODEL"),
            (["verify", "--vk", "a", "--proof", "b"], "missing required option '--public'"),
            (["compile", "m.json", "--input-visibility", "secret"], "invalid value 'secret' for '--input-visibility'"),
            (["compile", "m.json", "--scale", "many"], "invalid value 'many' for '--scale'"),
            (["compile", "m.json", "--max-error", "-1"], "invalid value '-1' for '--max-error'"),
            (
                ["compile", "m.json", "--max-error", "0.01", "--scale", "9"],
                "--scale and --max-error cannot be combined"
            ),
            (["setup", "a", "b"], "unexpected argument 'b'"),
            (["prove", "dir", "--input"], "option '--input' needs a value"),
            (["ledger", "inclusion", "x"], "invalid N 'x'"),
            (["export", "frobnicate"], "unknown export command 'frobnicate'"),
            (["export", "verifier", "dir"], "missing --solidity or --vyper"),
            (["export", "ledger-contract", "--solidity", "--vyper"], "give one of --solidity and --vyper"),
            (["export", "ledger-contract", "--contract-name", "9x"], "'9x' is not an identifier"),
            (["groth16", "frobnicate"], "unknown groth16 command 'frobnicate'"),
            (["groth16", "prove", "--zkey", "k.zkey", "-o", "out"], "missing required option '--wtns'"),
        ]
        for (args, message) in cases {
            let r = try runZKInfer(args)
            #expect(r.status == 2, "\(r)")
            #expect(r.stderr.contains(message), "expected '\(message)' in: \(r)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r)")
        }
    }

    @Test("top-level help lists every command; --version prints the version")
    func overview() throws {
        let r = try runZKInfer(["--help"])
        #expect(r.status == 0)
        for c in Self.commands { #expect(r.stdout.contains(c.joined(separator: " ")), "\(c) missing from \(r)") }
        for group in ["ledger", "export"] {
            let g = try runZKInfer([group, "--help"])
            #expect(g.status == 0, "\(g)")
            for c in Self.commands where c.first == group {
                #expect(g.stdout.contains(c.joined(separator: " ")), "\(c) missing from \(g)")
            }
        }
        let v = try runZKInfer(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("zkinfer "), "\(v)")
    }
}
