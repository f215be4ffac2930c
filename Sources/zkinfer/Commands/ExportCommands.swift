import ZKInfer

/// `zkinfer export …`: artefacts for other tools — the Groth16 verifier contract of a bundle, the ledger-registry
/// contract and a proof's calldata. Each subcommand is one `Command` named "export <what>"; add new ones to `all`.
enum ExportCommands {
    static let all: [Command] = [verifier, ledgerContract, calldata]

    static let outputOption = OptionSpec.value("output", short: "o", "FILE", "Write to FILE instead of stdout.")

    /// `--solidity` / `--vyper` (exactly one, or none when `defaultLanguage` is given).
    static func language(_ args: ParsedArguments, default defaultLanguage: ContractExport.Language?) throws
        -> ContractExport.Language
    {
        switch (args.flag("solidity"), args.flag("vyper")) {
        case (true, true): throw UsageError("give one of --solidity and --vyper, not both")
        case (true, false): return .solidity
        case (false, true): return .vyper
        case (false, false):
            guard let defaultLanguage else { throw UsageError("missing --solidity or --vyper") }
            return defaultLanguage
        }
    }

    /// Prints `text` or writes it to `--output`, then says where on stderr.
    static func deliver(_ text: String, _ args: ParsedArguments, what: String) throws -> ExitStatus {
        if let path = args.value("output") {
            try FileIO.write(text, to: path)
            Console.err("wrote \(what) to \(path)")
        } else {
            Console.out(text)
        }
        return .success
    }

    static let verifier = Command(
        spec: CommandSpec(
            name: "export verifier",
            summary: "Write a Groth16 verifier contract (Solidity or Vyper) for a bundle's verifying key.",
            positionals: [.init(name: "DIR", help: "A bundle after 'zkinfer setup'.")],
            options: [
                .flag("solidity", "Solidity (snarkjs's verifier layout and interface)."),
                .flag("vyper", "Vyper 0.4 (same interface and checks)."),
                outputOption,
                .value(
                    "contract-name", "NAME", "The contract's name (default: \(ContractExport.defaultVerifierName))."),
            ],
            discussion: """
                The contract has snarkjs's interface,
                  verifyProof(uint[2] a, uint[2][2] b, uint[2] c, uint[N] input) returns (bool),
                so 'zkinfer export calldata' (or snarkjs's soliditycalldata) calls it unchanged. It returns false,
                never reverts, for a wrong proof, a public input >= r or a coordinate >= q (rejected, not reduced),
                and a point off the curve. It uses the EIP-196/197 precompiles (ecAdd, ecMul, ecPairing).
                A call costs about 182k gas plus 6.55k per public signal (Vyper; 7k per signal above 128
                signals): prefer a private or hashed input (README: On-chain verification).
                Vyper names a contract after its file: save it as NAME.vy.
                """)
    ) { args, _ in
        let lang = try language(args, default: nil)
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        let name = args.value("contract-name") ?? ContractExport.defaultVerifierName
        let result = try ContractExport.verifier(bundle: bundle, language: lang, contractName: name)
        return try deliver(result.source, args, what: "\(lang.rawValue) verifier (\(result.signature))")
    }

    static let ledgerContract = Command(
        spec: CommandSpec(
            name: "export ledger-contract",
            summary: "Write the ledger-registry contract: published tree heads and on-chain inclusion checks.",
            options: [
                .flag("solidity", "Solidity (the default)."),
                .flag("vyper", "Vyper 0.4."),
                outputOption,
                .value("contract-name", "NAME", "The contract's name (default: ZKInferLedgerRegistry)."),
            ],
            discussion: """
                publishRoot(uint64 treeSize, bytes32 rootHash) ('zkinfer ledger show --evm' prints its calldata)
                records a tree head: publishers only (the deployer, and whom the owner adds with
                setPublisher(address, bool)), tree sizes strictly growing, one RootPublished event per head.
                verifyInclusion(bytes32 leafHash, uint256 index, uint256 treeSize, bytes32[] path) returns (bool)
                ('zkinfer ledger inclusion N --evm') checks an RFC 9162 inclusion proof against a published head
                with the SHA-256 precompile.
                """)
    ) { args, _ in
        let lang = try language(args, default: .solidity)
        let source = try ContractExport.ledgerContract(
            language: lang, contractName: args.value("contract-name") ?? "ZKInferLedgerRegistry")
        return try deliver(source, args, what: "\(lang.rawValue) ledger-registry contract")
    }

    static let calldata = Command(
        spec: CommandSpec(
            name: "export calldata",
            summary: "Print a proof as calldata for the verifier contract's verifyProof.",
            positionals: [
                .init(name: "OUTDIR", help: "The directory 'zkinfer prove' wrote (proof.json, public.json).")
            ],
            options: [.json],
            discussion: """
                Prints three lines: the function signature, the arguments as 'snarkjs zkey export
                soliditycalldata' prints them (B as [[x.c1, x.c0], [y.c1, y.c0]], EIP-197 order), and the whole
                ABI-encoded call as hex (for eth_call / 'cast call ADDRESS DATA').
                """)
    ) { args, context in
        let dir = args.positional(0)!
        try requireDirectory(dir)
        let c = try ContractExport.proofCalldata(proofDirectory: dir)
        context.emit(
            text: "\(c.signature)\n\(c.arguments)\n\(c.hex)",
            json: ["function": c.signature, "arguments": c.arguments, "calldata": c.hex] as [String: Any])
        return .success
    }
}
