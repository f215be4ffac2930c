/// Why a ceremony file (`.ptau`, a phase-2 transcript) was refused or a ceremony check failed. Every case names
/// the file and, where there is one, the section or the contribution, so the one-line message can be acted on.
public enum CeremonyError: Error, Equatable, CustomStringConvertible {
    /// The file's structure is damaged: `section` (nil for the file header) is missing, truncated or malformed.
    case malformed(file: String, section: Int?, reason: String)
    /// The file is well formed but a check of its content failed (`what` names the section or contribution).
    case verificationFailed(file: String, what: String)
    /// The file cannot serve this circuit (too few powers, wrong curve…).
    case unsuitable(file: String, reason: String)
    /// Reading or writing the file failed at the operating-system level.
    case io(file: String, reason: String)

    /// The one-line message shown to users, naming the file and the section or contribution at fault.
    public var description: String {
        switch self {
        case let .malformed(file, section, reason):
            return "\(file): " + (section.map { "section \($0): " } ?? "header: ") + reason
        case let .verificationFailed(file, what):
            return "\(file): verification failed: \(what)"
        case let .unsuitable(file, reason):
            return "\(file): \(reason)"
        case let .io(file, reason):
            return "\(file): \(reason)"
        }
    }
}
