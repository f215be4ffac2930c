import ZKInfer

/// `zkinfer groth16 prove --zkey FILE --wtns FILE [--r1cs FILE] -o OUTDIR`: a circom circuit proved from its own
/// files, as `snarkjs groth16 prove` does (no bundle involved).
enum Groth16ProveCommand {
    static let command = Command(
        spec: CommandSpec(
            name: "groth16 prove",
            summary: "Prove a circom circuit from its snarkjs .zkey and .wtns (as 'snarkjs groth16 prove').",
            options: [
                .value("zkey", "FILE", "The proving key (snarkjs Groth16 .zkey, bn128).", required: true),
                .value(
                    "wtns", "FILE", "The full witness (circom .wtns, e.g. from the circuit's witness generator).",
                    required: true),
                .value("r1cs", "FILE", "The circuit (circom .r1cs): check the key and the witness against it first."),
                .value("output", short: "o", "OUTDIR", "Where to write proof.json and public.json.", required: true),
                .json,
            ],
            discussion: """
                Writes proof.json and public.json (snarkjs layout; public.json is the witness's signals 1…nPublic).
                Check the proof with 'zkinfer verify --vk verification_key.json --proof OUTDIR/proof.json
                --public OUTDIR/public.json' ('snarkjs zkey export verificationkey' or 'zkinfer export vk' gives
                the key). Every proof is checked against the zkey's verifying key before it is written.
                With --r1cs: the key's A/B matrices (section 4) must be the circuit's, and the witness must satisfy
                every constraint; the first unsatisfied one is named. Without --r1cs the witness cannot be checked
                constraint by constraint (a zkey holds A and B but not C): a witness that does not satisfy the
                circuit gives a proof that does not verify, which is refused without naming the constraint.
                Exit status: 0 proof written, 2 unusable input (damaged file, witness of another circuit,
                unsatisfied constraint).
                """
        )
    ) { args, context in
        let zkey = args.value("zkey")!
        let wtns = args.value("wtns")!
        let r1cs = args.value("r1cs")
        for path in [zkey, wtns] + (r1cs.map { [$0] } ?? []) { try requireFile(path) }
        let report = try Pipeline.proveCircom(
            zkeyPath: zkey, wtnsPath: wtns, r1csPath: r1cs, outputDirectory: args.value("output")!,
            progress: context.progress.handler)
        context.emit(text: text(report), json: json(report))
        return .success
    }

    static func text(_ r: CircomProveReport) -> String {
        let witness =
            r.witnessChecked
            ? "satisfies every constraint of the .r1cs" : "not checked (no --r1cs); the proof verifies"
        return """
            proof          \(r.proofPath)
            public         \(r.publicPath) (\(r.publicSignalCount) signals)
            witness        \(witness)
            proof sha256   \(r.proofSHA256)
            time           prove \(formatDuration(r.proveSeconds)) (domain \(r.domainSize))
            """
    }

    static func json(_ r: CircomProveReport) -> [String: Any] {
        [
            "proof": r.proofPath, "public": r.publicPath, "publicSignals": r.publicSignalCount,
            "domainSize": r.domainSize, "witnessChecked": r.witnessChecked, "proofSHA256": r.proofSHA256,
            "proveSeconds": r.proveSeconds,
        ]
    }
}
