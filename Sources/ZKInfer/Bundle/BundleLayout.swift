/// The file names inside an artifact bundle (one directory per compiled model) and beside a proof.
///
/// ```
/// <bundle>/bundle.json             manifest: versions, digests, compile options, key digests
/// <bundle>/model.json|model.onnx   byte-identical copy of the compiled model (prove rebuilds from it)
/// <bundle>/circuit.r1cs            the constraint system (binary, `FileHeader` kind "r1cs")
/// <bundle>/circuit.json            quantization metadata: input/output shapes, scales, bounds, layers
/// <bundle>/report.txt              human-readable compile report
/// <bundle>/proving.key             Groth16 proving key (binary, after `setup`)
/// <bundle>/proving_key.zkey        or: the proving key as a snarkjs .zkey (`setup --zkey`, `import zkey`)
/// <bundle>/verifying.key           Groth16 verifying key (binary, after `setup`)
/// <bundle>/verification_key.json   the same verifying key in snarkjs layout (after `setup`)
/// <bundle>/phase2.transcript       the phase-2 ceremony record (after `setup --ptau`; snarkjs zkey section 10)
/// <outdir>/proof.json              Groth16 proof, snarkjs layout
/// <outdir>/public.json             public signals, snarkjs layout (decimal strings)
/// <outdir>/output.json             the model's output, dequantized (+ predicted class)
/// ```
/// Invariant: all names are plain file names (no directories), fixed for format version 1.
public enum BundleLayout {
    /// The manifest (`BundleManifest`), written last by `compile` and updated by `setup`.
    public static let manifest = "bundle.json"
    /// The constraint system (`R1CS.serialized()`: `FileHeader` kind "r1cs", sealed).
    public static let r1cs = "circuit.r1cs"
    /// The `CompiledModel` JSON: the fixed-point program the circuit is rebuilt from at prove time.
    public static let circuitMetadata = "circuit.json"
    /// The human-readable compile report.
    public static let report = "report.txt"
    /// The Groth16 proving key (`ProvingKey.serialized()`), written by `setup`.
    public static let provingKey = "proving.key"
    /// The proving key as a snarkjs `.zkey`, the alternative to `provingKey` (`setup --zkey`, `import zkey`).
    public static let provingKeyZKey = "proving_key.zkey"
    /// The Groth16 verifying key (`VerifyingKey.serialized()`), written by `setup`.
    public static let verifyingKey = "verifying.key"
    /// The verifying key in snarkjs' `verification_key.json` layout, written by `setup`.
    public static let verificationKeyJSON = "verification_key.json"
    /// The phase-2 ceremony transcript (snarkjs zkey section 10 in a one-section binfile), written by
    /// `setup --ptau` and extended by each `ceremony contribute`/`beacon`.
    public static let phase2Transcript = "phase2.transcript"
    /// The proof in snarkjs' `proof.json` layout, written by `prove` into the output directory.
    public static let proof = "proof.json"
    /// The public signals in snarkjs' `public.json` layout (decimal strings), written by `prove`.
    public static let publicSignals = "public.json"
    /// The dequantized model output (format `outputFormat`), written by `prove`.
    public static let output = "output.json"

    /// `model.json` or `model.onnx`, keeping the source's extension so readers can tell the format.
    public static func modelCopy(sourceExtension: String) -> String {
        sourceExtension.lowercased() == "onnx" ? "model.onnx" : "model.json"
    }

    /// JSON `format` tags and versions of zkinfer's own JSON files.
    public static let manifestFormat = "zkinfer-bundle"
    /// The `format` tag of `circuit.json`.
    public static let circuitFormat = "zkinfer-circuit"
    /// The `format` tag of `output.json`.
    public static let outputFormat = "zkinfer-output"
    /// The only `formatVersion` written and read in zkinfer's JSON files.
    public static let jsonFormatVersion = 1
}
