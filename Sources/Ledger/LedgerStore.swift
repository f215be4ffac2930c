import Foundation
import Hashing

/// A crash-safe, append-only ledger of `AttestationRecord`s in one file (layout: `LogFormat`), with the RFC 9162
/// Merkle tree over its records kept in memory (32 bytes per record) for tree heads and proofs.
///
/// Guarantees:
/// - **Durability:** `append` returns only after the frame is written and `fsync`ed; a returned append survives a
///   crash ("acknowledged = returned").
/// - **Crash recovery:** opening a file whose last frame is torn (short, zero-filled or failing its checksum at the
///   very end) cuts that frame away and reports it (`RecoveryNote`); every acknowledged record before it is kept.
/// - **Corruption is not recovery:** a bad frame anywhere before the end throws, naming the record index; nothing is
///   truncated.
/// - **Multiple writers:** appends take an exclusive `flock` on the file and first read the records other writers
///   (other processes, or other `LedgerStore` instances in this process) appended since, so records never
///   interleave and each writer's tree heads cover everyone's records.
///
/// Invariants: `count == leafHashes.count == frameOffsets.count`; `validEnd` is the offset just past the last
/// known valid frame; `compactRange` covers exactly `leafHashes`. An instance is thread-safe (an internal lock
/// serialises its methods). Threat model: CRC-32C catches accidental damage; deliberate rewriting is caught only by
/// comparing tree heads with a copy held elsewhere (`verifyAll(expected:)`, consistency proofs, an EVM anchor).
public final class LedgerStore: @unchecked Sendable {
    /// The `FileHeader` kind of a ledger file, "ledger".
    public static var fileKind: String { LogFormat.fileKind }
    /// File format version this build writes (it reads version 1 too, and appends to such files in place).
    public static var formatVersion: UInt32 { LogFormat.version }
    /// Largest accepted encoded record.
    public static var maximumRecordByteCount: Int { LogFormat.maximumRecordByteCount }

    /// Path of the ledger file.
    public let path: String
    private let file: LogFile
    private let mutex = NSLock()
    private var leafHashes: [MerkleHash] = []
    private var frameOffsets: [UInt64] = []
    private var compactRange = CompactRange()
    private var validEnd: UInt64 = 0
    private var notes: [RecoveryNote] = []

    /// Opens (or, with `createIfMissing`, creates) the ledger at `path`, validating every record, and repairs a
    /// torn tail. Returns the store and the recovery note if a torn record was cut away.
    /// Throws for a bad header, corruption before the end, I/O or lock failure.
    public static func open(path: String, createIfMissing: Bool = true) throws(LedgerError)
        -> (store: LedgerStore, recovery: RecoveryNote?)
    {
        let store = try LedgerStore(path: path, createIfMissing: createIfMissing)
        return (store, store.notes.last)
    }

    /// Same as `open(path:createIfMissing:)`; the recovery note, if any, is in `recoveryNotes`.
    public init(path: String, createIfMissing: Bool = true) throws(LedgerError) {
        self.path = path
        file = try LogFile(path: path, create: createIfMissing)
        try file.lock(exclusive: true)
        defer { file.unlock() }
        let size = try file.size()
        let head = try file.read(at: 0, count: Int(min(size, UInt64(LogFormat.longestHeader))))
        if let headerLength = try LogFormat.headerLength(head[...], path: path) {
            validEnd = UInt64(headerLength)
        } else {
            // New file, or a crash while the header was being written (no record can exist yet).
            try file.truncate(to: 0)
            try file.write(LogFormat.header, at: 0)
            try file.sync()
            LogFile.syncParentDirectory(of: path)
            if size > 0 {
                notes.append(
                    RecoveryNote(
                        path: path, recordIndex: 0, offset: 0, discardedByteCount: size,
                        reason: "incomplete file header rewritten"))
            }
            validEnd = UInt64(LogFormat.header.count)
        }
        try catchUpLocked()
    }

    /// Reads frames appended after `validEnd` (by anyone); cuts a torn tail. Caller holds the exclusive file lock.
    private func catchUpLocked() throws(LedgerError) {
        let size = try file.size()
        guard size >= validEnd else { throw .fileShrank(path: path, expectedAtLeast: validEnd, actual: size) }
        guard size > validEnd else { return }
        let bytes = try file.read(at: validEnd, count: Int(size - validEnd))
        let scan = try LogFormat.scan(bytes[...], baseOffset: validEnd, firstIndex: leafHashes.count)
        for frame in scan.frames {
            leafHashes.append(frame.leafHash)
            frameOffsets.append(frame.offset)
            compactRange.append(frame.leafHash)
        }
        validEnd = scan.validEnd
        if let reason = scan.tornReason {
            try file.truncate(to: validEnd)
            try file.sync()
            notes.append(
                RecoveryNote(
                    path: path, recordIndex: leafHashes.count, offset: validEnd,
                    discardedByteCount: size - validEnd, reason: reason))
        }
    }

    /// Every recovery performed by this instance (on open, or when an append found another writer's torn tail).
    public var recoveryNotes: [RecoveryNote] { mutex.withLock { notes } }

    /// Number of records known to this instance (call `refresh()` to pick up other writers' appends).
    public var count: Int { mutex.withLock { leafHashes.count } }

    /// Tree head over the records known to this instance.
    public var treeHead: TreeHead {
        mutex.withLock { TreeHead(size: UInt64(leafHashes.count), rootHash: compactRange.rootHash) }
    }

    /// Reads records appended by other writers since the last look; returns the new count.
    @discardableResult
    public func refresh() throws(LedgerError) -> Int {
        try withFileLock(exclusive: true) { () throws(LedgerError) in try catchUpLocked() }
        return count
    }

    /// Appends `record` durably: takes the exclusive lock, catches up with other writers, writes the frame at the
    /// end and fsyncs, then returns the record's index and the new tree head. The caller must have verified the
    /// proof the record attests. On a write/fsync failure the partial frame is cut away and the error thrown.
    @discardableResult
    public func append(_ record: AttestationRecord) throws(LedgerError) -> AppendReceipt {
        let payload = record.encoded()
        guard payload.count <= LogFormat.maximumRecordByteCount else {
            throw .recordTooLarge(byteCount: payload.count, maximum: LogFormat.maximumRecordByteCount)
        }
        let frame = LogFormat.frame(payload: payload)
        let leaf = MerkleTree.leafHash(payload)
        return try withFileLock(exclusive: true) { () throws(LedgerError) -> AppendReceipt in
            try catchUpLocked()
            let offset = validEnd
            do throws(LedgerError) {
                try file.write(frame, at: offset)
                try file.sync()
            } catch {
                try? file.truncate(to: offset)
                try? file.sync()
                throw error
            }
            leafHashes.append(leaf)
            frameOffsets.append(offset)
            compactRange.append(leaf)
            validEnd = offset + UInt64(frame.count)
            let head = TreeHead(size: UInt64(leafHashes.count), rootHash: compactRange.rootHash)
            return AppendReceipt(index: UInt64(leafHashes.count - 1), leafHash: leaf, treeHead: head)
        }
    }

    /// The record at `index`, read back from the file and checked against the leaf hash loaded at open/append.
    public func record(at index: Int) throws(LedgerError) -> AttestationRecord {
        try locked { () throws(LedgerError) -> AttestationRecord in
            guard index >= 0, index < leafHashes.count else {
                throw .indexOutOfRange(index: UInt64(max(index, 0)), count: UInt64(leafHashes.count))
            }
            let offset = frameOffsets[index]
            let end = index + 1 < frameOffsets.count ? frameOffsets[index + 1] : validEnd
            let bytes = try file.read(at: offset, count: Int(end - offset))
            let payload = bytes.dropFirst(8).dropLast(4)
            guard bytes.count == Int(end - offset), MerkleTree.leafHash(payload) == leafHashes[index] else {
                throw .recordChanged(recordIndex: index, offset: offset)
            }
            return try AttestationRecord(encoded: payload)
        }
    }

    /// Leaf hash of record `index`.
    public func leafHash(at index: Int) throws(LedgerError) -> MerkleHash {
        try locked { () throws(LedgerError) -> MerkleHash in
            guard index >= 0, index < leafHashes.count else {
                throw .indexOutOfRange(index: UInt64(max(index, 0)), count: UInt64(leafHashes.count))
            }
            return leafHashes[index]
        }
    }

    /// Tree head of the first `size` records (size ≤ count). O(size) hashes.
    public func treeHead(size: UInt64) throws(LedgerError) -> TreeHead {
        try locked { () throws(LedgerError) -> TreeHead in
            guard size <= UInt64(leafHashes.count) else {
                throw .treeSizeBeyondLog(size: size, count: UInt64(leafHashes.count))
            }
            return TreeHead(size: size, rootHash: MerkleTree.rootHash(leafHashes: leafHashes[..<Int(size)]))
        }
    }

    /// Inclusion proof of record `leafIndex` in the tree of the first `treeSize` records (default: all known).
    public func inclusionProof(leafIndex: UInt64, treeSize: UInt64? = nil) throws(LedgerError) -> InclusionProof {
        try locked { () throws(LedgerError) -> InclusionProof in
            let n = treeSize ?? UInt64(leafHashes.count)
            guard n <= UInt64(leafHashes.count) else {
                throw .treeSizeBeyondLog(size: n, count: UInt64(leafHashes.count))
            }
            return try MerkleTree.inclusionProof(leafIndex: leafIndex, leafHashes: Array(leafHashes[..<Int(n)]))
        }
    }

    /// Consistency proof from the tree of the first `firstSize` records to that of the first `secondSize`
    /// (default: all known).
    public func consistencyProof(firstSize: UInt64, secondSize: UInt64? = nil) throws(LedgerError)
        -> ConsistencyProof
    {
        try locked { () throws(LedgerError) -> ConsistencyProof in
            let n = secondSize ?? UInt64(leafHashes.count)
            guard n <= UInt64(leafHashes.count) else {
                throw .treeSizeBeyondLog(size: n, count: UInt64(leafHashes.count))
            }
            return try MerkleTree.consistencyProof(firstSize: firstSize, leafHashes: Array(leafHashes[..<Int(n)]))
        }
    }

    /// Re-reads and re-hashes the whole file under a shared lock, without repairing anything, and checks:
    /// the header; every frame's checksums and record encoding (the first bad one is named); that every record this
    /// instance already knew is unchanged (`.recordChanged` naming it otherwise); no torn tail (`.tornTail`); and,
    /// if `expected` is given, that the log's first `expected.size` records have root `expected.rootHash`
    /// (`.treeHeadMismatch`, or `.treeHeadBeyondLog` if records are missing). Returns the tree head of the file.
    @discardableResult
    public func verifyAll(expected: TreeHead? = nil) throws(LedgerError) -> TreeHead {
        try withFileLock(exclusive: false) { () throws(LedgerError) -> TreeHead in
            let leaves = try LedgerStore.scanWholeFile(file, allowTornTail: false).frames
            for (i, known) in leafHashes.enumerated() {
                guard i < leaves.count else {
                    throw .fileShrank(path: path, expectedAtLeast: validEnd, actual: try file.size())
                }
                if leaves[i].leafHash != known { throw .recordChanged(recordIndex: i, offset: frameOffsets[i]) }
            }
            return try LedgerStore.checkExpected(leaves.map(\.leafHash), expected)
        }
    }

    /// Read-only verification of a ledger file (no instance, no repair): the same checks as `verifyAll`, except the
    /// comparison with previously loaded records. Suitable for `zkinfer ledger verify` and auditors.
    @discardableResult
    public static func verifyFile(path: String, expected: TreeHead? = nil) throws(LedgerError) -> TreeHead {
        let check = try checkFile(path: path, expected: expected)
        if let torn = check.tornTail {
            throw .tornTail(recordIndex: torn.recordIndex, offset: torn.offset, reason: torn.reason)
        }
        return check.head
    }

    /// What `checkFile` found: the tree head of the intact records, and the torn tail after them, if any.
    public struct FileCheck: Equatable, Sendable {
        /// Tree head of every complete, valid record.
        public var head: TreeHead
        /// An incomplete last frame (or file header) left by an interrupted append: not part of the log; `open` cuts
        /// it. Nothing in it was ever acknowledged.
        public var tornTail: RecoveryNote?
    }

    /// `verifyFile` that reports a torn tail instead of throwing for it (read-only; `ledger verify`). The same torn
    /// tails `open` would cut are reported here, including a file shorter than its header that is a prefix of one
    /// (a crash during the first append; a 0-byte file is an empty ledger, as `open` treats it). Damage to a
    /// complete record still throws, naming it.
    public static func checkFile(path: String, expected: TreeHead? = nil) throws(LedgerError) -> FileCheck {
        let file = try LogFile(path: path, create: false, readOnly: true)
        try file.lock(exclusive: false)
        defer { file.unlock() }
        let (frames, torn) = try scanWholeFile(file, allowTornTail: true)
        return FileCheck(head: try checkExpected(frames.map(\.leafHash), expected), tornTail: torn)
    }

    private static func scanWholeFile(_ file: LogFile, allowTornTail: Bool) throws(LedgerError)
        -> (frames: [LogFormat.Frame], torn: RecoveryNote?)
    {
        let size = try file.size()
        let bytes = try file.read(at: 0, count: Int(size))
        let head = bytes.prefix(LogFormat.longestHeader)
        // As `init` decides: a proper prefix of a header (or an empty file) is an interrupted creation.
        guard let headerLength = try LogFormat.headerLength(head, path: file.path) else {
            let torn =
                bytes.isEmpty
                ? nil
                : RecoveryNote(
                    path: file.path, recordIndex: 0, offset: 0, discardedByteCount: UInt64(bytes.count),
                    reason: "incomplete file header (\(bytes.count) bytes)")
            if let torn, !allowTornTail { throw .tornTail(recordIndex: 0, offset: 0, reason: torn.reason) }
            return ([], torn)
        }
        let scan = try LogFormat.scan(bytes[headerLength...], baseOffset: UInt64(headerLength), firstIndex: 0)
        guard let reason = scan.tornReason else { return (scan.frames, nil) }
        if !allowTornTail { throw .tornTail(recordIndex: scan.frames.count, offset: scan.validEnd, reason: reason) }
        let note = RecoveryNote(
            path: file.path, recordIndex: scan.frames.count, offset: scan.validEnd,
            discardedByteCount: UInt64(bytes.count) - scan.validEnd, reason: reason)
        return (scan.frames, note)
    }

    private static func checkExpected(_ leaves: [MerkleHash], _ expected: TreeHead?) throws(LedgerError) -> TreeHead {
        let head = TreeHead(leafHashes: leaves)
        if let expected {
            guard expected.size <= head.size else {
                throw .treeHeadBeyondLog(expectedSize: expected.size, logSize: head.size)
            }
            let actual = TreeHead(leafHashes: Array(leaves[..<Int(expected.size)]))
            guard actual == expected else { throw .treeHeadMismatch(expected: expected, actual: actual) }
        }
        return head
    }

    /// Runs `body` holding this instance's mutex.
    private func locked<T>(_ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }

    /// Runs `body` holding this instance's mutex and the file lock.
    private func withFileLock<T>(exclusive: Bool, _ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        mutex.lock()
        defer { mutex.unlock() }
        try file.lock(exclusive: exclusive)
        defer { file.unlock() }
        return try body()
    }
}

/// What `LedgerStore.append` returns: the new record's index and leaf hash, and the tree head that includes it.
public struct AppendReceipt: Equatable, Sendable {
    /// 0-based index of the appended record.
    public var index: UInt64
    /// Its RFC 9162 leaf hash.
    public var leafHash: MerkleHash
    /// Tree head right after the append (its size is index + 1).
    public var treeHead: TreeHead

    /// Compact JSON: `{"index": N, "leafHash": "hex", "treeHead": {"treeSize": …, "rootHash": …}}`.
    public var json: String {
        "{\"index\": \(index), \"leafHash\": \(JSONString.quote(leafHash.hex)), \"treeHead\": \(treeHead.json)}"
    }
}

/// A repair made when opening (or catching up with) a ledger whose last frame was torn by a crash.
/// Only unacknowledged bytes are ever discarded: the torn frame was never returned from `append`.
public struct RecoveryNote: Equatable, Sendable, CustomStringConvertible {
    /// Ledger file.
    public var path: String
    /// Index the torn record would have had (= number of intact records kept).
    public var recordIndex: Int
    /// File offset where the torn frame started (the new end of file).
    public var offset: UInt64
    /// Bytes cut away.
    public var discardedByteCount: UInt64
    /// What was wrong ("incomplete frame (40 of 212 bytes)", …).
    public var reason: String

    /// The one-line message shown to users: what was cut away and that the records before it are intact.
    public var description: String {
        "\(path): recovered from an interrupted append: discarded torn record #\(recordIndex) at byte \(offset) "
            + "(\(discardedByteCount) bytes: \(reason)); the \(recordIndex) records before it are intact"
    }
}
