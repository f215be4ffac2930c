import ZKInfer

/// `zkinfer export r1cs|wtns|zkey|vk` and `zkinfer import zkey`: the circom/snarkjs files of a bundle.
enum ExportFormatCommands {
    static let output = OptionSpec.value("output", short: "o", "FILE", "Where to write the file.", required: true)

    static let r1cs = Command(
        spec: CommandSpec(
            name: "export r1cs",
            summary: "Write a bundle's circuit as a circom .r1cs (binfile v1).",
            positionals: [.init(name: "DIR", help: "A bundle written by 'zkinfer compile'.")],
            options: [output],
            discussion: """
                The constraint system in circom's format (iden3 r1csfile): wire 0 = 1, then the public signals,
                then the private ones, as in zkinfer. snarkjs ('groth16 setup', 'r1cs info') and arkworks-circom
                read it.
                """
        )
    ) { args, _ in
        try export(args) { bundle throws(ZKInferError) in try Pipeline.exportR1CS(bundle: bundle) }
    }

    static let wtns = Command(
        spec: CommandSpec(
            name: "export wtns",
            summary: "Run the model on an input and write the full witness as a circom .wtns (v2).",
            positionals: [.init(name: "DIR", help: "A bundle written by 'zkinfer compile'.")],
            options: [
                .value("input", "FILE", "The input tensor (JSON, as for 'zkinfer prove').", required: true), output,
            ],
            discussion: """
                The witness holds every wire, private ones included: it reveals the input. 'snarkjs groth16 prove'
                and arkworks-circom prove from it with the bundle's .zkey ('zkinfer export zkey').
                """
        )
    ) { args, _ in
        let input = args.value("input")!
        try requireFile(input)
        return try export(args) { bundle throws(ZKInferError) in
            try Pipeline.exportWitness(bundle: bundle, input: input)
        }
    }

    static let zkey = Command(
        spec: CommandSpec(
            name: "export zkey",
            summary: "Write a bundle's proving key as a snarkjs Groth16 .zkey.",
            positionals: [
                .init(name: "DIR", help: "A bundle after 'zkinfer setup' (any kind) or 'zkinfer import zkey'.")
            ],
            options: [output],
            discussion: """
                A bundle from 'setup --zkey' or 'import zkey' holds a .zkey: it is copied. A key in zkinfer's own
                format (plain 'zkinfer setup') is converted: same points, and the zkey's H points (section 9) are
                computed from the key's own H points by an FFT over G1 ((N/2)·log2(N) point multiplications:
                minutes for a domain of 2^17). One term of a true zkey H point needs the setup's secret τ; it is
                left out, which changes no proof: in every snarkjs-convention prover (snarkjs, rapidsnark,
                arkworks-circom, zkinfer) its weight sums to zero. Such a zkey cannot be checked against a .ptau
                (it never came from one). For large circuits 'zkinfer setup DIR --zkey' is faster.
                """
        )
    ) { args, context in
        try export(args) { bundle throws(ZKInferError) in
            try Pipeline.exportZKey(bundle: bundle, progress: context.progress.handler)
        }
    }

    static let vk = Command(
        spec: CommandSpec(
            name: "export vk",
            summary: "Write the verifying key as snarkjs verification_key.json.",
            positionals: [
                .init(name: "SOURCE", help: "A bundle after setup, a directory with verifying.key, or a .zkey.")
            ],
            options: [output],
            discussion: """
                From a bundle: the same key as DIR/verification_key.json, re-derived from DIR/verifying.key
                (digest-checked). From a snarkjs .zkey: its verifying key (as 'snarkjs zkey export
                verificationkey'), every point checked on its curve and in its subgroup.
                """
        )
    ) { args, _ in
        try export(args, source: .directoryOrFile) { source throws(ZKInferError) in
            let json =
                FileIO.isDirectory(source)
                ? try Pipeline.exportVerificationKey(from: source) : try Pipeline.exportVerificationKey(zkey: source)
            return Array(json.utf8)
        }
    }

    static let importZKey = Command(
        spec: CommandSpec(
            name: "import zkey",
            summary: "Use a snarkjs Groth16 .zkey (e.g. from a phase-2 ceremony) as a bundle's proving key.",
            positionals: [
                .init(name: "DIR", help: "A bundle written by 'zkinfer compile'."),
                .init(name: "FILE", help: "The .zkey, made for this bundle's circuit ('zkinfer export r1cs')."),
            ],
            options: [.json],
            discussion: """
                Checks: the file's structure (every section, every point on its curve, G2 points in the subgroup),
                that it was made for this circuit (sizes and the A/B coefficients of its section 4), and that every
                phase-2 contribution it records verifies (transcript hash, proof of knowledge, δ chain). What it
                cannot check without the phase-1 .ptau: that the key's points come from the ceremony's τ.
                Writes DIR/proving_key.zkey, DIR/verifying.key, DIR/verification_key.json; 'zkinfer prove' then
                proves with it.
                """
        )
    ) { args, context in
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        let file = args.positional(1)!
        try requireFile(file)
        let report = try Pipeline.importZKey(bundle: bundle, zkeyPath: file, progress: context.progress.handler)
        context.emit(text: ReportText.setup(report), json: ReportJSON.setup(report))
        return .success
    }

    static let all = [r1cs, wtns, zkey, vk, importZKey]

    /// What the first argument of an export must be.
    enum Source { case directory, directoryOrFile }

    /// Every export's shape: check the first argument, make the bytes from it, write them to `-o FILE`.
    static func export(
        _ args: ParsedArguments, source kind: Source = .directory, _ make: (String) throws(ZKInferError) -> [UInt8]
    ) throws(ZKInferError) -> ExitStatus {
        let source = args.positional(0)!
        switch kind {
        case .directory: try requireDirectory(source)
        case .directoryOrFile: guard FileIO.exists(source) else { throw .missingFile(path: source) }
        }
        try FileIO.write(try make(source), to: args.value("output")!)
        return .success
    }
}
