/// Every failure the pipeline reports. Each case renders as one line naming the file (and the field, where
/// there is one) so that a CLI can print it as is.
///
/// Invariant: `isUnusableInput` is true for everything except a *negative result* (a proof that does not
/// verify, a ledger that does not re-hash): CLIs map the former to exit status 2 and the latter to 1.
public enum ZKInferError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A file or directory that should exist does not.
    case missingFile(path: String)
    /// A file exists but could not be read or written (permissions, I/O).
    case io(path: String, reason: String)
    /// A file is not in the expected syntax (not JSON, truncated binary, …).
    case malformed(path: String, reason: String)
    /// A field is missing or has the wrong type or value.
    case invalidField(path: String, field: String, reason: String)
    /// The file's format version is not one this build understands.
    case unsupportedVersion(path: String, field: String, found: String, supported: String)
    /// The bundle is incomplete for the requested step (e.g. `prove` before `setup`).
    case bundleIncomplete(path: String, missing: String, hint: String)
    /// A digest recorded in one artifact does not match another artifact.
    case digestMismatch(path: String, what: String, expected: String, found: String)
    /// The user's input (tensor file) is unusable: wrong shape, NaN, out of the compiled bounds, ….
    case invalidInput(path: String, reason: String)
    /// The model could not be compiled.
    case compileFailed(path: String, reason: String)
    /// A proof did not verify (a negative result, not an error of the caller).
    case proofInvalid(reason: String)
    /// A ledger check failed (a negative result).
    case ledgerCheckFailed(path: String, reason: String)
    /// A trusted-setup ceremony check failed: a ptau, a contribution or the key (a negative result).
    case ceremonyInvalid(reason: String)
    /// Something in another module failed in a way the caller cannot fix.
    case internalFailure(String)

    /// False only for negative results (`proofInvalid`, `ledgerCheckFailed`).
    public var isUnusableInput: Bool {
        switch self {
        case .proofInvalid, .ledgerCheckFailed, .ceremonyInvalid: false
        default: true
        }
    }

    /// A one-line message naming the file (and field) concerned.
    public var description: String {
        switch self {
        case .missingFile(let path): "\(path): no such file or directory"
        case .io(let path, let reason): "\(path): \(reason)"
        case .malformed(let path, let reason): "\(path): \(reason)"
        case .invalidField(let path, let field, let reason): "\(path): field '\(field)': \(reason)"
        case .unsupportedVersion(let path, let field, let found, let supported):
            "\(path): field '\(field)': unsupported value \(found) (this zkinfer reads \(supported))"
        case .bundleIncomplete(let path, let missing, let hint): "\(path): bundle has no \(missing) (\(hint))"
        case .digestMismatch(let path, let what, let expected, let found):
            "\(path): \(what) mismatch: expected \(expected), found \(found)"
        case .invalidInput(let path, let reason): "\(path): \(reason)"
        case .compileFailed(let path, let reason): "\(path): cannot compile: \(reason)"
        case .proofInvalid(let reason): "proof invalid: \(reason)"
        case .ledgerCheckFailed(let path, let reason): "\(path): \(reason)"
        case .ceremonyInvalid(let reason): reason
        case .internalFailure(let reason): "internal error: \(reason)"
        }
    }
}
