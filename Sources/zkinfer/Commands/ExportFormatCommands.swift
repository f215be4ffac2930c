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
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        try write(try Pipeline.exportR1CS(bundle: bundle), to: args.value("output")!)
        return .success
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
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        let input = args.value("input")!
        try requireFile(input)
        try write(try Pipeline.exportWitness(bundle: bundle, input: input), to: args.value("output")!)
        return .success
    }

    static let zkey = Command(
        spec: CommandSpec(
            name: "export zkey",
            summary: "Write a bundle's proving key as a snarkjs Groth16 .zkey.",
            positionals: [.init(name: "DIR", help: "A bundle after 'zkinfer setup --zkey' or 'zkinfer import zkey'.")],
            options: [output],
            discussion: """
                Bundles whose key is in zkinfer's own format (plain 'zkinfer setup') cannot be exported: their H
                query uses a different basis; run 'zkinfer setup DIR --zkey'.
                """
        )
    ) { args, _ in
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        try write(try Pipeline.exportZKey(bundle: bundle), to: args.value("output")!)
        return .success
    }

    static let vk = Command(
        spec: CommandSpec(
            name: "export vk",
            summary: "Write the verifying key as snarkjs verification_key.json.",
            positionals: [.init(name: "DIR", help: "A bundle after setup, or a directory with verifying.key.")],
            options: [output],
            discussion: "The same key as DIR/verification_key.json, re-derived from DIR/verifying.key (digest-checked)."
        )
    ) { args, _ in
        let directory = args.positional(0)!
        try requireDirectory(directory)
        try FileIO.write(try Pipeline.exportVerificationKey(from: directory), to: args.value("output")!)
        return .success
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

    static func write(_ bytes: [UInt8], to path: String) throws(ZKInferError) {
        try FileIO.write(bytes, to: path)
    }
}
