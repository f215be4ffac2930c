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
                the proof digest, the time, the zkinfer version and how the key was made ('setup:
                single-party (development)', or the ceremony's ptau, contribution count and final hash).
                The ledger file is created if absent.
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
            json: [
                "index": r.index, "ledger": r.ledgerPath, "treeSize": r.treeSize, "rootHash": r.rootHex,
                "leafHash": r.leafHashHex,
            ] as [String: Any])
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
            for note in record.recovered { Console.err("note: \(note)") }
            Console.out(record.json)
            return .success
        }
        let head = try LedgerService.head(ledger: path)
        for note in head.recovered { Console.err("note: \(note)") }
        if args.flag("evm") {
            context.emit(
                text: "\(head.evmSignature)\n\(head.evmCalldataHex)",
                json: [
                    "function": head.evmSignature, "calldata": head.evmCalldataHex, "treeSize": head.size,
                    "rootHash": head.rootHex,
                ] as [String: Any])
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
                the record itself. Check it with 'zkinfer ledger verify --proof FILE --size M --root HEX'.
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
            for note in c.recovered { Console.err("note: \(note)") }
            context.emit(
                text: "\(c.signature)\n\(c.calldataHex)",
                json: [
                    "function": c.signature, "calldata": c.calldataHex, "leafIndex": c.leafIndex,
                    "treeSize": c.treeSize, "leafHash": c.leafHashHex, "rootHash": c.rootHex,
                ] as [String: Any])
            return .success
        }
        let proof = try LedgerService.inclusionProofJSON(
            ledger: path, index: n, treeSize: try args.integer("size", in: 1...Int.max))
        for note in proof.recovered { Console.err("note: \(note)") }
        Console.out(proof.json)
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
        let proof = try LedgerService.consistencyProofJSON(ledger: path, firstSize: m, secondSize: n)
        for note in proof.recovered { Console.err("note: \(note)") }
        Console.out(proof.json)
        return .success
    }

    static let verify = Command(
        spec: CommandSpec(
            name: "ledger verify",
            summary: "Check an inclusion/consistency proof against a tree head, or re-hash the whole log.",
            options: [
                .value("proof", "FILE", "An inclusion or consistency proof printed by this CLI."),
                .value(
                    "size", "N", "Size of the trusted (newer) tree head; --root needs it (a head is a size and a root)."
                ),
                .value(
                    "root", "HEX", "Trusted root of the tree of size N (default: the ledger file's tree of that size)."),
                .value("old-size", "M", "Size of the trusted older tree head (consistency proofs)."),
                .value("old-root", "HEX", "Trusted root of the tree of size M (default: the ledger file's)."),
                ledgerOption, .json,
            ],
            discussion: """
                Without --proof: re-reads every record (read-only: nothing is repaired or truncated), recomputes its
                hash and the tree, and reports the first record that does not match (exit 1), or 'ok' with the tree
                head. With --root HEX (and --size N; default: the whole log) the log's tree of that size must also
                have that root, and likewise --old-size/--old-root (exit 1 otherwise): use it to check the file
                against an anchored head. An
                incomplete last record (left by an interrupted append, never acknowledged) is noted on stderr and
                is not part of the log; the next 'ledger append' or 'ledger show' cuts it away and says so.
                With --proof: checks the proof offline against the tree head given by --size/--root (and
                --old-size/--old-root), or, when absent, the ledger file's tree of the size given or named in the
                proof. Exit 0 valid, 1 invalid (also when the proof's tree size differs from --size), 2 unusable.
                """)
    ) { args, context in
        let head = LedgerService.GivenHead(size: try args.integer("size", in: 0...Int.max), rootHex: args.value("root"))
        let oldHead = LedgerService.GivenHead(
            size: try args.integer("old-size", in: 0...Int.max), rootHex: args.value("old-root"),
            sizeOption: "old-size", rootOption: "old-root")
        if let proof = args.value("proof") {
            try requireFile(proof)
            let onlyGivenRoots =
                (head.rootHex != nil || head.size == nil) && (oldHead.rootHex != nil || oldHead.size == nil)
            let ledger =
                args.value("ledger") ?? (head.rootHex != nil && onlyGivenRoots ? nil : LedgerService.defaultFileName)
            let r = try LedgerService.checkProofFile(proof, ledger: ledger, head: head, oldHead: oldHead)
            for note in r.recovered { Console.err("note: \(note)") }
            context.emit(
                text: (r.valid ? "valid: " : "invalid: ") + r.detail,
                json: ["valid": r.valid, "kind": r.kind, "detail": r.detail] as [String: Any])
            return r.valid ? .success : .negative
        }
        let path = ledgerPath(args)
        try requireFile(path)
        let audit = try LedgerService.audit(ledger: path, head: head, oldHead: oldHead)
        if let torn = audit.tornTail { Console.err("note: \(torn)") }
        if let bad = audit.firstBadRecord {
            context.emit(
                text: "FAILED: record #\(bad.index): \(bad.reason) (\(audit.validRecords) records before it verify)",
                json: [
                    "valid": false, "firstBadRecord": bad.index, "reason": bad.reason,
                    "validRecords": audit.validRecords,
                ] as [String: Any])
            return .negative
        }
        let matched = audit.matchedHeads.map { "; tree of size \($0.size) has the given root" }.joined()
        var json: [String: Any] = [
            "valid": true, "treeSize": audit.head.size, "rootHash": audit.head.rootHex,
            "matchedHeads": audit.matchedHeads.map { ["treeSize": Int($0.size), "rootHash": $0.rootHash.hex] },
        ]
        if let torn = audit.tornTail { json["tornTail"] = torn }
        context.emit(
            text:
                "ok: \(audit.validRecords) records re-hashed; tree size \(audit.head.size), root \(audit.head.rootHex)\(matched)",
            json: json)
        return .success
    }
}
