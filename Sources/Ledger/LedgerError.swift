import Hashing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every failure of the Ledger module. Cases carry what was expected and what was found, so the CLI can print
/// `description` as is. Record indices are 0-based positions in the log; offsets are byte offsets in the log file.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not start with a ledger header (`LogFormat`).
    case badMagic(path: String)
    /// The file's format version is not one this build reads.
    case unsupportedFormatVersion(path: String, found: UInt32, supported: UInt32)
    /// The file header is incomplete or damaged (shorter than a header but not a prefix of one).
    case corruptHeader(path: String, reason: String)
    /// The last record is incomplete (crash mid-write). `LedgerStore.open` repairs this; read-only verification
    /// reports it.
    case tornTail(recordIndex: Int, offset: UInt64, reason: String)
    /// A record before the end of the file fails its checksum: the file was damaged or tampered with.
    case checksumMismatch(recordIndex: Int, offset: UInt64)
    /// A record this store had already read now has different (checksum-valid) contents: the file was rewritten.
    case recordChanged(recordIndex: Int, offset: UInt64)
    /// A record's frame header (length and its check) is damaged: the file was damaged or tampered with.
    case corruptFrameHeader(recordIndex: Int, offset: UInt64, reason: String)
    /// A record's payload passed its checksum but is not a canonical `AttestationRecord` encoding; the codec error
    /// names the field, its byte offset in the record and what was wrong.
    case malformedRecord(recordIndex: Int?, ByteCodecError)
    /// An `AttestationRecord` field is invalid (wrong digest length, non-decimal signal, non-finite output …).
    case invalidRecordField(field: String, reason: String)
    /// The log does not match a tree head the caller holds (e.g. one anchored on chain).
    case treeHeadMismatch(expected: TreeHead, actual: TreeHead)
    /// The caller's tree head is for a larger tree than the log holds (records were removed).
    case treeHeadBeyondLog(expectedSize: UInt64, logSize: UInt64)
    /// A record index outside the log.
    case indexOutOfRange(index: UInt64, count: UInt64)
    /// A tree size larger than the log (a tree head or proof for records the log does not have).
    case treeSizeBeyondLog(size: UInt64, count: UInt64)
    /// A consistency proof was requested from a larger tree to a smaller one.
    case invalidTreeSizes(first: UInt64, second: UInt64)
    /// Another process removed bytes the store had already read (only tampering or a manual edit does that).
    case fileShrank(path: String, expectedAtLeast: UInt64, actual: UInt64)
    /// Taking the exclusive append lock failed.
    case lockFailed(path: String, errno: Int32)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// A JSON document (proof, tree head, record) could not be parsed.
    case invalidJSON(what: String, reason: String)
    /// A record is larger than `LedgerStore.maximumRecordByteCount`.
    case recordTooLarge(byteCount: Int, maximum: Int)

    /// The one-line message shown to users, with the path, index or offset and what was expected and found.
    public var description: String {
        switch self {
        case .badMagic(let path):
            "\(path): not a zkinfer ledger (bad magic)"
        case .unsupportedFormatVersion(let path, let found, let supported):
            "\(path): ledger format version \(found) is not supported (this build reads version \(supported))"
        case .corruptHeader(let path, let reason):
            "\(path): corrupt ledger header: \(reason)"
        case .tornTail(let index, let offset, let reason):
            "torn last record #\(index) at byte \(offset): \(reason)"
        case .checksumMismatch(let index, let offset):
            "checksum mismatch at record #\(index) (byte \(offset)): the log was damaged or tampered with"
        case .recordChanged(let index, let offset):
            "record #\(index) (byte \(offset)) changed after it was read: the log was rewritten"
        case .corruptFrameHeader(let index, let offset, let reason):
            "corrupt frame header at record #\(index) (byte \(offset)): \(reason): the log was damaged or tampered with"
        case .malformedRecord(let index, let reason):
            if let index { "malformed record #\(index): \(reason)" } else { "malformed record: \(reason)" }
        case .invalidRecordField(let field, let reason):
            "invalid attestation record field '\(field)': \(reason)"
        case .treeHeadMismatch(let expected, let actual):
            "tree head mismatch at size \(expected.size): expected root \(expected.rootHash.hex), "
                + "log has \(actual.rootHash.hex)"
        case .treeHeadBeyondLog(let expectedSize, let logSize):
            "expected tree head has \(expectedSize) records but the log has only \(logSize): records were removed"
        case .indexOutOfRange(let index, let count):
            "record index \(index) out of range (the tree has \(count) records)"
        case .treeSizeBeyondLog(let size, let count):
            "tree size \(size) exceeds the log's \(count) records"
        case .invalidTreeSizes(let first, let second):
            "invalid tree sizes for a consistency proof: first \(first) > second \(second)"
        case .fileShrank(let path, let expected, let actual):
            "\(path): file shrank to \(actual) bytes below the \(expected) already read: records were removed"
        case .lockFailed(let path, let errno):
            "\(path): cannot take the ledger lock: \(Self.systemMessage(errno))"
        case .io(let operation, let path, let errno):
            "\(path): \(operation) failed: \(Self.systemMessage(errno))"
        case .invalidJSON(let what, let reason):
            "invalid \(what) JSON: \(reason)"
        case .recordTooLarge(let byteCount, let maximum):
            "record of \(byteCount) bytes exceeds the maximum of \(maximum)"
        }
    }

    /// strerror(3) text with the number, e.g. "Is a directory (errno 21)".
    static func systemMessage(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }

    /// Runs a record decoder, turning its codec errors into this module's error (the one place that mapping happens).
    static func decoding<T>(recordIndex: Int?, _ decode: () throws(ByteCodecError) -> T) throws(LedgerError) -> T {
        do { return try decode() } catch { throw .malformedRecord(recordIndex: recordIndex, error) }
    }
}
