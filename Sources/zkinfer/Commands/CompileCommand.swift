import ZKInfer

/// `zkinfer compile MODEL` — model → artifact bundle (circuit, metadata, report).
enum CompileCommand {
    static let spec = CommandSpec(
        name: "compile",
        summary: "Compile a model (JSON or ONNX) to a circuit and write the artifact bundle.",
        positionals: [.init(name: "MODEL", help: "The model file: zkinfer JSON (model.json) or ONNX (.onnx).")],
        options: [
            .value("output", short: "o", "DIR", "Bundle directory to write (default: ./<model name>.zkbundle)."),
            .value(
                "input-visibility", "MODE",
                "How the input appears in the proof: public (verifier sees it), private (hidden),\n"
                    + "hashed (hidden, its Poseidon hash is public). Default: public.",
                allowed: CompileRequest.inputVisibilityChoices),
            .value(
                "scale", "BITS",
                "Fixed-point fraction bits, 1...24 (default: calibrated on the sample input, else 8)."),
            .value(
                "max-error", "E",
                "Calibrate to the smallest scale whose max |fixed-point − float| output error on the\n"
                    + "sample input is ≤ E (default: 1% of the output magnitude)."),
            .value(
                "sample-input", "FILE",
                "Input used to report the max error of the fixed-point circuit vs the float model\n"
                    + "(default: input.json beside the model, if present)."),
            .value("segments", "K", "Cut the model at layer boundaries into K linked, cost-balanced segments."),
            .value("max-constraints", "N", "Cut into the fewest segments of at most about N constraints each."),
            .json,
        ],
        discussion: """
            Writes DIR/bundle.json, the model copy, circuit.r1cs, circuit.json and report.txt, then prints the
            report: constraints per layer, scale, and max |fixed-point − float| on the sample input.
            Next step: 'zkinfer setup DIR'.
            With --segments K or --max-constraints N the bundle is segmented: DIR/segments.json lists
            DIR/segment-0 … segment-(K-1), each an ordinary bundle (its own circuit and keys). The tensors
            crossing a cut are private in both neighbours, linked by a public Poseidon hash (README,
            "Segmented proofs"); 'setup', 'prove', 'verify' and 'ledger append' on DIR handle every segment.
            """
    )

    static let command = Command(spec: spec) { args, context in
        let model = args.positional(0)!
        let segmentCount = try args.integer("segments", in: 1...100_000)
        let maxConstraints = try args.integer("max-constraints", in: 1...Int(Int32.max))
        guard segmentCount == nil || maxConstraints == nil else {
            throw UsageError("--segments and --max-constraints cannot be combined")
        }
        guard args.value("scale") == nil || args.value("max-error") == nil else {
            throw UsageError("--scale and --max-error cannot be combined (--max-error chooses the scale)")
        }
        let options = CompileRequest(
            inputVisibility: args.value("input-visibility") ?? "public",
            scaleBits: try args.integer("scale", in: 1...24),
            sampleInputPath: args.value("sample-input"), segmentCount: segmentCount,
            maxSegmentConstraints: maxConstraints, maxError: try args.positiveNumber("max-error"))
        try requireFile(model)
        if let sample = options.sampleInputPath { try requireFile(sample) }
        let report = try Pipeline.compile(
            model: model, options: options, bundle: args.value("output"), progress: context.progress.handler)
        var json = ReportJSON.compile(report)
        if !report.segments.isEmpty { json["segments"] = SegmentReport.json(report.segments) }
        context.emit(text: ReportText.compile(report), json: json)
        return .success
    }
}

/// `zkinfer setup DIR` — Groth16 keys into the bundle.
enum SetupCommand {
    static let spec = CommandSpec(
        name: "setup",
        summary: "Generate the Groth16 proving and verifying keys of a compiled bundle.",
        positionals: [.init(name: "DIR", help: "A bundle written by 'zkinfer compile'.")],
        options: [
            .value("ptau", "FILE", "Start a multi-party ceremony from this phase-1 file (snarkjs .ptau, bn128)."),
            .flag("zkey", "Write the proving key as a snarkjs .zkey (DIR/proving_key.zkey) instead of proving.key."),
            .json,
        ],
        discussion: """
            Writes DIR/proving.key, DIR/verifying.key and DIR/verification_key.json (snarkjs layout).
            Without --ptau this is a single-party setup FOR DEVELOPMENT: the random values (toxic waste)
            exist only in this process's memory and are discarded, but whoever runs it could forge proofs
            had they kept them; bundle.json records "setup": "single-party (development)".
            With --ptau FILE the setup has no secret: the .ptau is verified (contributions, powers, hashes),
            the initial phase-2 key (delta = 1) is derived from it and DIR/phase2.transcript is started;
            participants then run 'zkinfer ceremony contribute' (see 'zkinfer ceremony --help').
            With --zkey the proving key is a snarkjs Groth16 .zkey (snarkjs's QAP convention) that snarkjs,
            rapidsnark and arkworks-circom can prove with; 'zkinfer export zkey' hands it out.
            Does not need any input: the circuit's structure is fixed at compile time.
            """
    )

    static let command = Command(spec: spec) { args, context in
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        if SegmentManifest.isSegmented(bundle: bundle) {
            guard args.value("ptau") == nil else {
                throw UsageError(
                    "a segmented bundle has one key per segment: run 'zkinfer setup \(bundle)/segment-<i> "
                        + "--ptau FILE' (and the ceremony) for each segment")
            }
            let reports = try Pipeline.setupSegments(
                bundle: bundle, zkey: args.flag("zkey"), progress: context.progress.handler)
            context.emit(
                text: reports.map(ReportText.setup).joined(separator: "\n"),
                json: ["segments": reports.map(ReportJSON.setup)])
            return .success
        }
        if let ptau = args.value("ptau") {
            guard !args.flag("zkey") else { throw UsageError("--ptau and --zkey cannot be combined") }
            let report = try Pipeline.setupFromPtau(bundle: bundle, ptau: ptau, progress: context.progress.handler)
            context.emit(text: CeremonyCommands.text(report), json: CeremonyCommands.json(report))
            return .success
        }
        let report = try Pipeline.setup(bundle: bundle, zkey: args.flag("zkey"), progress: context.progress.handler)
        context.emit(text: ReportText.setup(report), json: ReportJSON.setup(report))
        return .success
    }
}

/// `zkinfer prove DIR --input FILE` — fixed-point inference + Groth16 proof.
enum ProveCommand {
    static let spec = CommandSpec(
        name: "prove",
        summary: "Run the model in fixed point on an input and prove the result.",
        positionals: [.init(name: "DIR", help: "A bundle after 'zkinfer setup'.")],
        options: [
            .value("input", "FILE", "The input tensor (JSON; see below).", required: true),
            .value(
                "output", short: "o", "OUTDIR", "Where to write proof.json, public.json, output.json (default: DIR)."),
            .value("segment", "I", "Segmented bundle: prove only segment I (0-based) into OUTDIR/segment-I."),
            .value(
                "ray", "ADDRESS",
                "Segmented bundle: prove each segment as a job on this Ray cluster\n"
                    + "(job server host:port, e.g. 127.0.0.1:8265; see README, \"Proving on Ray\")."),
            .value("ray-zkinfer", "PATH", "The zkinfer binary on the Ray workers (default: this binary's path)."),
            .value("ray-runtime-env", "JSON", "The Ray jobs' runtime_env (e.g. a working_dir URI with the bundle)."),
            .value("ray-cpus", "N", "CPUs reserved per segment job (default: 1)."),
            .value("ray-attempts", "N", "Attempts per segment before giving up (default: 3)."),
            .json,
        ],
        discussion: """
            INPUT FILE: JSON, either the tensor as nested arrays in the model's input shape
              [[0.1, 0.2, 0.3, 0.4]]
            or a flat row-major array with its shape
              {"shape": [1, 4], "data": [0.1, 0.2, 0.3, 0.4]}
            Leading 1-dimensions may be left out ([0.1, 0.2, 0.3, 0.4] fits shape [1, 4]).
            Values are real numbers; NaN/infinite values, a wrong shape, and values outside the bounds the
            circuit was compiled for are rejected with an error naming the element.

            Writes proof.json and public.json (snarkjs layout: 'snarkjs groth16 verify' accepts them) and
            output.json (the output dequantized, with the predicted class for classifiers).
            A segmented bundle (compile --segments) runs the model once and proves every segment, writing
            OUTDIR/segment-<i>/proof.json + public.json and OUTDIR/output.json; --segment I proves one;
            --ray ADDRESS submits one Ray job per segment (retried when a job fails or is lost).
            """
    )

    static let command = Command(spec: spec) { args, context in
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        let input = args.value("input")!
        try requireFile(input)
        if SegmentManifest.isSegmented(bundle: bundle) {
            return try SegmentReport.prove(args, bundle: bundle, input: input, context)
        }
        for option in ["segment", "ray"] where args.value(option) != nil {
            throw UsageError("--\(option) needs a segmented bundle (zkinfer compile --segments K)")
        }
        let report = try Pipeline.prove(
            bundle: bundle, input: input, outputDirectory: args.value("output") ?? bundle,
            progress: context.progress.handler)
        context.emit(text: ReportText.prove(report), json: ReportJSON.prove(report))
        return .success
    }
}

/// `zkinfer verify --vk --proof --public` — one line, exit 0/1/2.
enum VerifyCommand {
    static let spec = CommandSpec(
        name: "verify",
        summary: "Check a proof against a verifying key and public signals (exit 0 valid, 1 invalid, 2 unusable).",
        positionals: [.init(name: "DIR", help: "A segmented bundle (instead of --vk/--proof/--public).")],
        minimumPositionals: 0,
        options: [
            .value("vk", "FILE", "verification_key.json (snarkjs layout) or the bundle's verifying.key."),
            .value("proof", "FILE", "proof.json (snarkjs layout)."),
            .value("public", "FILE", "public.json (snarkjs layout: array of decimal strings)."),
            .value("proof-dir", "OUTDIR", "With DIR: the segmented proof's directory (default: DIR)."),
            .json,
        ],
        discussion: """
            Prints exactly one line (for CI logs): 'valid …' or 'invalid …' on stdout, or the reason the
            files are unusable on stderr. Exit status: 0 valid, 1 invalid, 2 unusable input (missing file,
            malformed JSON, point not on the curve, value ≥ the field modulus, wrong number of signals).
            'zkinfer verify DIR [--proof-dir OUTDIR]' checks a segmented proof: every segment's proof with
            its segment's key (one batched pairing check) and the hash chain linking the segments.
            """
    )

    static let command = Command(spec: spec) { args, context in
        if let bundle = args.positional(0) {
            return try SegmentReport.verify(args, bundle: bundle, context)
        }
        for name in ["vk", "proof", "public"] where args.value(name) == nil {
            throw UsageError("missing required option '--\(name)' for 'zkinfer verify' (see 'zkinfer verify --help')")
        }
        let vk = args.value("vk")!
        let proof = args.value("proof")!
        let publicPath = args.value("public")!
        for path in [vk, proof, publicPath] { try requireFile(path) }
        let report = try Pipeline.verify(verifyingKey: vk, proof: proof, publicSignals: publicPath)
        if context.json {
            Console.out(JSONText.compact(ReportJSON.verify(report)))
        } else {
            Console.out(ReportText.verify(report, proofPath: proof))
        }
        return report.valid ? .success : .negative
    }
}
