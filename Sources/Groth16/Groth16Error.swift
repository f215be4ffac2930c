import BN254
import Hashing

/// Every way the Groth16 module refuses input: unusable keys, proofs or public inputs, and witnesses
/// that do not satisfy the circuit. Cases carry what was expected and what was found, and the name of the
/// field being decoded, so a message can be acted on without a debugger (gnark `verify.go` messages).
public enum Groth16Error: Error, Equatable, CustomStringConvertible {
    /// The verifier was given a different number of public inputs than the key was made for.
    case wrongPublicInputCount(expected: Int, got: Int)
    /// A public input given as text or bytes is not a canonical integer `< r` (it is rejected, never reduced).
    case nonCanonicalPublicInput(index: Int, text: String)
    /// The witness vector does not have the circuit's length (1 + public + private).
    case invalidWitnessLength(expected: Int, got: Int)
    /// The witness's first entry (the constant-one wire) is not 1.
    case witnessConstantNotOne
    /// The witness violates constraint `index` (with its label when the circuit recorded labels).
    case unsatisfiedConstraint(index: Int, label: String?)
    /// The proving key was made for a different circuit shape than the one given to the prover.
    case provingKeyMismatch(field: String, expected: Int, got: Int)
    /// The circuit needs an evaluation domain larger than 2^28 (the two-adicity of BN254's F_r).
    case circuitTooLarge(requiredDomainSize: Int)
    /// A binary proof or key (`format`) could not be decoded: the codec error names the field, the byte offset
    /// and what was wrong (truncation, trailing bytes, a wrong header or version, an invalid point or count).
    case malformed(format: String, ByteCodecError)
    /// A group element named `field` failed to decode or validate (length, canonical, on curve, subgroup).
    case invalidPoint(field: String, reason: BN254Error)
    /// A group element named `field` is the point at infinity where that is not allowed.
    case unexpectedInfinity(field: String)
    /// A field element named `field` is not canonical (`≥` its modulus) or not a valid number.
    case invalidFieldElement(field: String, text: String)
    /// A count or other header value named `field` is out of range or inconsistent.
    case invalidHeader(field: String, value: Int)
    /// A JSON document is malformed or does not have snarkjs's layout at `field`.
    case malformedJSON(field: String, reason: String)

    /// The one-line message shown to users, naming the field or input at fault and what was expected.
    public var description: String {
        switch self {
        case let .wrongPublicInputCount(expected, got):
            return "wrong number of public inputs: the verifying key expects \(expected), got \(got)"
        case let .nonCanonicalPublicInput(index, text):
            return
                "public input #\(index) is not a canonical field element < r (it is rejected, never reduced): \(text)"
        case let .invalidWitnessLength(expected, got):
            return "wrong witness length: the circuit has \(expected) variables (1 + public + private), got \(got)"
        case .witnessConstantNotOne:
            return "invalid witness: entry 0 (the constant-one wire) must be 1"
        case let .unsatisfiedConstraint(index, label):
            let name = label.map { $0.isEmpty ? "" : " (\"\($0)\")" } ?? ""
            return "the witness does not satisfy constraint #\(index)\(name); no proof was produced"
        case let .provingKeyMismatch(field, expected, got):
            return
                "the proving key does not match the circuit: \(field) is \(expected) in the key, \(got) in the circuit"
        case let .circuitTooLarge(size):
            return "the circuit needs an evaluation domain of \(size) points; BN254 supports at most 2^28"
        case let .malformed(format, error):
            return "malformed \(format) encoding: \(error)"
        case let .invalidPoint(field, reason):
            return "invalid group element \(field): \(reason)"
        case let .unexpectedInfinity(field):
            return "invalid group element \(field): the point at infinity is not allowed here"
        case let .invalidFieldElement(field, text):
            return "invalid field element \(field): \(text) is not a canonical decimal integer below the modulus"
        case let .invalidHeader(field, value):
            return "invalid header field \(field): \(value)"
        case let .malformedJSON(field, reason):
            return "malformed snarkjs JSON at \(field): \(reason)"
        }
    }

    /// Runs a decoder, turning its codec errors into this module's error (the one place that mapping happens).
    static func decoding<T>(_ format: String, _ decode: () throws(ByteCodecError) -> T) throws(Groth16Error) -> T {
        do { return try decode() } catch { throw .malformed(format: format, error) }
    }
}
