/// The file names inside an artifact bundle (one directory per compiled model) and beside a proof.
///
/// ```
/// <bundle>/bundle.json             manifest: versions, digests, compile options, key digests
/// <bundle>/model.json|model.onnx   byte-identical copy of the compiled model (prove rebuilds from it)
/// <bundle>/circuit.r1cs            the constraint system (binary, envelope kind "r1cs")
/// <bundle>/circuit.json            quantization metadata: input/output shapes, scales, bounds, layers
/// <bundle>/report.txt              human-readable compile report
/// <bundle>/proving.key             Groth16 proving key (binary, after `setup`)
/// <bundle>/proving_key.zkey        or: the proving key as a snarkjs .zkey (`setup --zkey`, `import zkey`)
/// <bundle>/verifying.key           Groth16 verifying key (binary, after `setup`)
/// <bundle>/verification_key.json   the same verifying key in snarkjs layout (after `setup`)
/// <outdir>/proof.json              Groth16 proof, snarkjs layout
/// <outdir>/public.json             public signals, snarkjs layout (decimal strings)
/// <outdir>/output.json             the model's output, dequantized (+ predicted class)
/// ```
/// Invariant: all names are plain file names (no directories), fixed for format version 1.
public enum BundleLayout {
    public static let manifest = "bundle.json"
    public static let r1cs = "circuit.r1cs"
    public static let circuitMetadata = "circuit.json"
    public static let report = "report.txt"
    public static let provingKey = "proving.key"
    public static let provingKeyZKey = "proving_key.zkey"
    public static let verifyingKey = "verifying.key"
    public static let verificationKeyJSON = "verification_key.json"
    public static let proof = "proof.json"
    public static let publicSignals = "public.json"
    public static let output = "output.json"

    /// `model.json` or `model.onnx`, keeping the source's extension so readers can tell the format.
    public static func modelCopy(sourceExtension: String) -> String {
        sourceExtension.lowercased() == "onnx" ? "model.onnx" : "model.json"
    }

    /// Envelope kinds and versions of the binary files.
    public static let r1csKind = "r1cs"
    public static let provingKeyKind = "groth16-proving-key"
    public static let verifyingKeyKind = "groth16-verifying-key"
    public static let binaryFormatVersion: UInt32 = 1

    /// JSON `format` tags and versions of zkinfer's own JSON files.
    public static let manifestFormat = "zkinfer-bundle"
    public static let circuitFormat = "zkinfer-circuit"
    public static let outputFormat = "zkinfer-output"
    public static let jsonFormatVersion = 1
}
