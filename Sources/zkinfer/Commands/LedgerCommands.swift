import ZKInfer

/// `zkinfer ledger append|show|verify|inclusion|consistency`.
enum LedgerCommands {
    static let ledgerOption = OptionSpec.value(
        "ledger", "FILE", "The ledger file (default: ./\(LedgerService.defaultFileName) in the current directory).")

    static func ledgerPath(_ args: ParsedArguments) -> String {
        args.value("ledger") ?? LedgerService.defaultFileName
    }

    static let append = Command(
        spec: CommandSpec(
            name: "ledger append",
            summary: "Verify a proof and record it in the ledger (refuses proofs that do not verify).",
            positionals: [.init(name: "DIR", help: "The bundle the proof was made with (its verifying key is used).")],
            options: [
                .value("proof-dir", "OUTDIR", "Directory with proof.json, public.json, output.json (default: DIR)."),
                ledgerOption, .json,
            ],
            discussion: """
                The proof is verified with the bundle's verifying key first; an invalid proof is refused
                (exit 1) and nothing is written. The record holds the model digest, circuit digest,
                verifying-key digest, public signals, the output (read from the public signals, dequantized),
                the proof digest, the time and the zkinfer version. The ledger file is created if absent.
                Appends are atomic and durable (fsync) before they are acknowledged; concurrent appends from
                several processes are serialised with a file lock.
                """)
    ) { args, context in
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        let proofDir = args.value("proof-dir") ?? bundle
        try requireDirectory(proofDir)
        let r = try LedgerService.append(ledger: ledgerPath(args), bundle: bundle, proofDirectory: proofDir)
        for note in r.recovered { Console.err("note: \(note)") }
        context.emit(
            text: "appended record #\(r.index) to \(r.ledgerPath): tree size \(r.treeSize), root \(r.rootHex)",
            json: ["index": r.index, "ledger": r.ledgerPath, "treeSize": r.treeSize, "rootHash": r.rootHex,
                   "leafHash": r.leafHashHex] as [String: Any])
        return .success
    }

    static let show = Command(
        spec: CommandSpec(
            name: "ledger show",
            summary: "Print the ledger's tree head (size, root), or one record.",
            options: [
                ledgerOption,
                .value("record", "N", "Print record N (0-based) instead of the tree head."),
                .flag("evm", "Print the tree head as calldata for the root-storing contract (see README)."),
                .json,
            ])
    ) { args, context in
        let path = ledgerPath(args)
        try requireFile(path)
        if let n = try args.integer("record", in: 0...Int.max) {
            let record = try LedgerService.record(ledger: path, index: n)
            Console.out(record)
            return .success
        }
        let head = try LedgerService.head(ledger: path)
        for note in head.recovered { Console.err("note: \(note)") }
        if args.flag("evm") {
            context.emit(
                text: "\(head.evmSignature)\n\(head.evmCalldataHex)",
                json: ["function": head.evmSignature, "calldata": head.evmCalldataHex, "treeSize": head.size,
                       "rootHash": head.rootHex] as [String: Any])
        } else {
            context.emit(
                text: "tree size \(head.size)\nroot      \(head.rootHex)",
                json: ["treeSize": head.size, "rootHash": head.rootHex] as [String: Any])
        }
        return .success
    }

    static let inclusion = Command(
        spec: CommandSpec(
            name: "ledger inclusion",
            summary: "Print an inclusion proof (JSON) for record N.",
            positionals: [.init(name: "N", help: "Record index (0-based).")],
            options: [
                .value("size", "M", "Prove against the tree of the first M records (default: the whole log)."),
                .flag("evm", "Print the calldata of verifyInclusion on the ledger-registry contract instead."),
                ledgerOption, .json,
            ],
            discussion: """
                Output (JSON): leafIndex, treeSize, inclusionPath (RFC 9162 §2.1.3, hex), rootHash, leafHash and
                the record itself. Check it with 'zkinfer ledger verify --proof FILE [--root HEX]'.
                With --evm: the function signature and the ABI calldata of
                verifyInclusion(leafHash, index, treeSize, path) for the contract that
                'zkinfer export ledger-contract' writes (it returns true once treeSize's root is published there);
                with --json also leafIndex, treeSize, leafHash and rootHash.
                """)
    ) { args, context in
        let path = ledgerPath(args)
        let n = try args.integerPositional(0, in: 0...Int.max)
        try requireFile(path)
        if args.flag("evm") {
            let c = try LedgerService.inclusionCalldata(
                ledger: path, index: n, treeSize: try args.integer("size", in: 1...Int.max))
            context.emit(
                text: "\(c.signature)\n\(c.calldataHex)",
                json: ["function": c.signature, "calldata": c.calldataHex, "leafIndex": c.leafIndex,
                       "treeSize": c.treeSize, "leafHash": c.leafHashHex, "rootHash": c.rootHex] as [String: Any])
            return .success
        }
        Console.out(try LedgerService.inclusionProofJSON(
            ledger: path, index: n, treeSize: try args.integer("size", in: 1...Int.max)))
        return .success
    }

    static let consistency = Command(
        spec: CommandSpec(
            name: "ledger consistency",
            summary: "Print a consistency proof (JSON) between tree sizes M and N.",
            positionals: [
                .init(name: "M", help: "The older tree size."),
                .init(name: "N", help: "The newer tree size (default: the current size)."),
            ],
            minimumPositionals: 1,
            options: [ledgerOption],
            discussion: """
                Output (JSON): firstSize, secondSize, consistencyPath (RFC 9162 §2.1.4, hex), firstRootHash,
                secondRootHash. It shows the log of size M is a prefix of the log of size N (append-only).
                """)
    ) { args, _ in
        let path = ledgerPath(args)
        let m = try args.integerPositional(0, in: 0...Int.max)
        let n = args.positional(1) == nil ? nil : try args.integerPositional(1, in: 0...Int.max)
        try requireFile(path)
        Console.out(try LedgerService.consistencyProofJSON(ledger: path, firstSize: m, secondSize: n))
        return .success
    }

    static let verify = Command(
        spec: CommandSpec(
            name: "ledger verify",
            summary: "Check an inclusion/consistency proof against a tree head, or re-hash the whole log.",
            options: [
                .value("proof", "FILE", "An inclusion or consistency proof printed by this CLI."),
                .value("root", "HEX", "Trusted root of the proof's (newer) tree size (default: from the ledger file)."),
                .value("old-root", "HEX", "Trusted root of the older tree (consistency proofs; default: from the ledger)."),
                ledgerOption, .json,
            ],
            discussion: """
                Without --proof: re-reads every record (read-only: nothing is repaired or truncated), recomputes its
                hash and the tree, and reports the first record that does not match (exit 1), or 'ok' with the tree
                head. An incomplete last record (left by an interrupted append) is reported too; the next
                'ledger append' or 'ledger show' cuts it away and says so.
                With --proof: checks the proof offline against the tree head given by --root (and --old-root),
                or, when absent, the heads recomputed from the ledger file. Exit 0 valid, 1 invalid, 2 unusable.
                """)
    ) { args, context in
        if let proof = args.value("proof") {
            try requireFile(proof)
            let ledger = args.value("ledger") ?? (args.value("root") == nil ? LedgerService.defaultFileName : nil)
            let r = try LedgerService.checkProofFile(
                proof, ledger: ledger, root: args.value("root"), oldRoot: args.value("old-root"))
            context.emit(
                text: (r.valid ? "valid: " : "invalid: ") + r.detail,
                json: ["valid": r.valid, "kind": r.kind, "detail": r.detail] as [String: Any])
            return r.valid ? .success : .negative
        }
        let path = ledgerPath(args)
        try requireFile(path)
        let audit = try LedgerService.audit(ledger: path)
        if let bad = audit.firstBadRecord {
            context.emit(
                text: "FAILED: record #\(bad.index): \(bad.reason) (\(audit.validRecords) records before it verify)",
                json: ["valid": false, "firstBadRecord": bad.index, "reason": bad.reason,
                       "validRecords": audit.validRecords] as [String: Any])
            return .negative
        }
        context.emit(
            text: "ok: \(audit.validRecords) records re-hashed; tree size \(audit.head.size), root \(audit.head.rootHex)",
            json: ["valid": true, "treeSize": audit.head.size, "rootHash": audit.head.rootHex] as [String: Any])
        return .success
    }
}
