import Compiler
import Foundation
import Ledger

/// One fuzz target per class of input zkinfer reads: `run` feeds bytes to the readers of that class (and to what
/// consumes their output). A reader may throw for any input; the property under test is that nothing traps
/// (overflow, out of bounds, force unwrap, Int(Double) of NaN …) or allocates without bound.
///
/// Driven by libFuzzer in `Fuzz/` (coverage-guided, `-sanitize=fuzzer`) and replayed on saved inputs by
/// `FuzzRegressionTests`, so the bodies exist once.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `ONNXReader` (protobuf), then the compiler's checks, then a full compile when the model is small.
    case onnx
    /// `JSONModelReader`, then the same compile steps as `onnx`.
    case jsonModel = "json-model"
    /// `Tensor.parse` (input documents), conformed to and evaluated by a fixed compiled model.
    case input
    /// snarkjs `proof.json`, `verification_key.json`, `public.json` readers.
    case snarkjs
    /// Binary Groth16 verifying key, proving key, proof; snarkjs `.zkey`.
    case keys
    /// Binary R1CS, witness and the zkinfer file header; circom `.r1cs` and `.wtns`.
    case r1cs
    /// Bundle files: `bundle.json` (manifest) and `circuit.json` (compiled model, then evaluated when small).
    case bundle
    /// Ledger files: read-only check, open (with its repair), record reads and proofs; record encoding.
    case ledger
    /// Ledger JSON: inclusion/consistency proofs, tree heads, records, and `ledger verify --proof` on a fixed ledger.
    case ledgerJSON = "ledger-json"

    /// Feeds `bytes` to this target's readers; returns normally for every input (a trap is a bug).
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .onnx: if let model = try? ONNXReader.read(bytes) { Fuzz.compile(model) }
        case .jsonModel: if let model = try? JSONModelReader.read(bytes) { Fuzz.compile(model) }
        case .input: Fuzz.input(bytes)
        case .snarkjs: Fuzz.snarkjs(bytes)
        case .keys: Fuzz.keys(bytes)
        case .r1cs: Fuzz.r1cs(bytes)
        case .bundle: Fuzz.bundle(bytes)
        case .ledger: Fuzz.ledger(bytes)
        case .ledgerJSON: Fuzz.ledgerJSON(bytes)
        }
    }
}
