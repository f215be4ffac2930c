import Foundation
import Groth16
import Hashing
import Ledger

/// The ledger side of the pipeline: verifies a proof before recording it, and answers the CLI's ledger
/// queries (tree head, records, inclusion/consistency proofs, full re-hash).
///
/// The Ledger module knows nothing about proofs; the Groth16 check happens here, before
/// `LedgerStore.append`, so an invalid proof never reaches the log.
public enum LedgerService {
    /// The default ledger file, relative to the current directory.
    public static let defaultFileName = "zkinfer.ledger"

    /// What `append` recorded.
    public struct AppendReport: Sendable {
        /// The new record's index in the log (0-based).
        public var index: Int
        /// The ledger file appended to.
        public var ledgerPath: String
        /// The tree size after the append (`index + 1`).
        public var treeSize: Int
        /// The new tree head's root hash (hex).
        public var rootHex: String
        /// The record's RFC 9162 leaf hash (hex), what inclusion proofs prove.
        public var leafHashHex: String
        /// Notes of torn tails (interrupted appends) that opening the log cut away.
        public var recovered: [String]
    }

    /// A tree head, with its EVM calldata.
    public struct HeadReport: Sendable {
        /// Records in the tree.
        public var size: Int
        /// The RFC 9162 root hash of those records (hex).
        public var rootHex: String
        /// The Solidity function whose call data publishes this head (`TreeHead.publishRootSignature`).
        public var evmSignature: String
        /// ABI-encoded call data of that function for this head (hex, with the 4-byte selector).
        public var evmCalldataHex: String
        /// Notes of torn tails (interrupted appends) that opening the log cut away.
        public var recovered: [String] = []

        init(_ head: TreeHead) {
            size = Int(head.size)
            rootHex = head.rootHash.hex
            evmSignature = TreeHead.publishRootSignature
            evmCalldataHex = head.evmCalldataHex
        }
    }

    /// The result of re-hashing the whole log.
    public struct AuditReport: Sendable {
        /// Records that verify (all of them, or those before the first bad one).
        public var validRecords: Int
        /// The tree head (meaningful only when `firstBadRecord` is nil).
        public var head: HeadReport
        /// The first record that does not verify and why; nil when the whole log verifies.
        public var firstBadRecord: (index: Int, reason: String)?
        /// An incomplete last record (interrupted append) after the valid ones: not part of the log, reported only.
        public var tornTail: String?
        /// The trusted heads the log was compared with (`--size/--root`, `--old-size/--old-root`), all matching
        /// when `firstBadRecord` is nil.
        public var matchedHeads: [TreeHead] = []
    }

    /// The result of checking an inclusion or consistency proof file.
    public struct ProofCheck: Sendable {
        /// Whether the proof verifies against the trusted root(s): given (`--root`, `--old-root`), else the
        /// ledger's tree head of the proof's size.
        public var valid: Bool
        /// "inclusion" or "consistency".
        public var kind: String
        /// One line saying what was checked, or why it failed.
        public var detail: String
        /// Notes of torn tails cut when the ledger file was opened to look up a tree head.
        public var recovered: [String] = []
    }

    /// A tree head given by the caller: a size and, optionally, the trusted root of the tree of that size. A root
    /// alone is refused: a tree head is a size *and* a root (RFC 9162 §2.1.3, §2.1.4), and a proof checked against a
    /// root "of whatever size the proof claims" would let the proof's own size field go unchecked.
    public struct GivenHead: Sendable {
        /// The tree size, when given.
        public var size: Int?
        /// The root as 64 hex digits, when given (not yet parsed).
        public var rootHex: String?
        /// Option name of the size in messages ("size" or "old-size").
        public var sizeOption: String
        /// Option name of the root in messages ("root" or "old-root").
        public var rootOption: String

        /// A head from the caller's options; nothing is checked until ``root(sizeOptional:)``.
        public init(size: Int?, rootHex: String?, sizeOption: String = "size", rootOption: String = "root") {
            self.size = size
            self.rootHex = rootHex
            self.sizeOption = sizeOption
            self.rootOption = rootOption
        }

        var isEmpty: Bool { size == nil && rootHex == nil }

        /// The root as a hash; throws for bad hex or (unless `sizeOptional`) a root without a size.
        func root(sizeOptional: Bool = false) throws(ZKInferError) -> MerkleHash? {
            guard let rootHex else { return nil }
            guard size != nil || sizeOptional else {
                throw .invalidInput(
                    path: "--\(rootOption)",
                    reason:
                        "a tree head is a size and a root: give --\(sizeOption) N with --\(rootOption) (RFC 9162 §2.1.3)"
                )
            }
            guard let hash = MerkleHash(hex: rootHex) else {
                throw .invalidInput(path: "--\(rootOption)", reason: "expected 64 hex digits, got '\(rootHex)'")
            }
            return hash
        }
    }

    // MARK: Append

    /// Verifies `proofDirectory`'s proof with `bundle`'s verifying key and, only if it is valid, appends an
    /// attestation record to the ledger at `ledger` (created if absent). Throws `.proofInvalid` (a negative
    /// result) for a proof that does not verify; nothing is written then.
    public static func append(ledger: String, bundle: String, proofDirectory: String) throws(ZKInferError)
        -> AppendReport
    {
        let attested = try Pipeline.attest(bundle: bundle, proofDirectory: proofDirectory)
        let record: AttestationRecord
        do {
            record = try AttestationRecord(
                modelDigest: attested.modelDigest, circuitDigest: attested.circuitDigest,
                verifyingKeyDigest: attested.verifyingKeyDigest, publicSignals: attested.publicSignals,
                output: .values(attested.output, predictedClass: attested.predictedClass),
                proofDigest: attested.proofDigest, timestamp: Int64(Date().timeIntervalSince1970),
                zkinferVersion: ZKInferVersion.string, keyProvenance: attested.keyProvenance)
        } catch {
            throw .internalFailure("cannot build the ledger record: \(error.description)")
        }
        return try withStore(ledger, create: true) { store throws(LedgerError) in
            let receipt = try store.append(record)
            return AppendReport(
                index: Int(receipt.index), ledgerPath: ledger, treeSize: Int(receipt.treeHead.size),
                rootHex: receipt.treeHead.rootHash.hex, leafHashHex: receipt.leafHash.hex,
                recovered: store.recoveryNotes.map(\.description))
        }
    }

    // MARK: Queries

    /// The current tree head.
    public static func head(ledger: String) throws(ZKInferError) -> HeadReport {
        try withStore(ledger) { store throws(LedgerError) in
            var report = HeadReport(store.treeHead)
            report.recovered = store.recoveryNotes.map(\.description)
            return report
        }
    }

    /// Record `index` as display JSON, with notes of torn tails cut on opening.
    public static func record(ledger: String, index: Int) throws(ZKInferError) -> (json: String, recovered: [String]) {
        try withStore(ledger) { store throws(LedgerError) in
            (try store.record(at: index).json, store.recoveryNotes.map(\.description))
        }
    }

    /// An inclusion proof for record `index` in the tree of the first `treeSize` records (default: all), as
    /// JSON: the Ledger module's proof fields plus `rootHash`, `leafHash` and the record itself, so that
    /// `checkProofFile` can recompute the leaf from the record.
    public static func inclusionProofJSON(
        ledger: String, index: Int, treeSize: Int?
    ) throws(ZKInferError) -> (json: String, recovered: [String]) {
        let (json, notes) = try withStore(ledger) { store throws(LedgerError) -> (String, [String]) in
            let size = treeSize.map(UInt64.init) ?? store.treeHead.size
            let proof = try store.inclusionProof(leafIndex: UInt64(index), treeSize: size)
            let record = try store.record(at: index)
            let head = try store.treeHead(size: size)
            var object = try jsonObject(proof.json)
            object["rootHash"] = head.rootHash.hex
            object["leafHash"] = record.leafHash.hex
            object["record"] = try jsonObject(record.json)
            return (JSONText.pretty(object), store.recoveryNotes.map(\.description))
        }
        return (json, notes)
    }

    /// The calldata of `verifyInclusion(leafHash, index, treeSize, path)` on the ledger-registry contract
    /// (`LedgerRegistryContract`) for record `index` in the tree of the first `treeSize` records (default: all).
    public struct InclusionCalldata: Sendable {
        /// The function signature the calldata calls, `verifyInclusion(bytes32,uint256,uint256,bytes32[])`.
        public var signature: String
        /// The ABI-encoded call (selector and arguments) as `0x`-prefixed hex.
        public var calldataHex: String
        /// The 0-based index of the record whose inclusion is proved.
        public var leafIndex: Int
        /// The size of the tree the proof is for (≤ the number of records).
        public var treeSize: Int
        /// The record's RFC 9162 leaf hash (64 hex digits).
        public var leafHashHex: String
        /// The root of the tree of `treeSize` records (64 hex digits); the call returns true only if it was published.
        public var rootHex: String
        /// Notes of torn tails (interrupted appends) that opening the log cut away.
        public var recovered: [String] = []
    }

    /// Builds `InclusionCalldata` from the ledger file (the proof is the one `inclusionProofJSON` prints).
    public static func inclusionCalldata(ledger: String, index: Int, treeSize: Int?) throws(ZKInferError)
        -> InclusionCalldata
    {
        try withStore(ledger) { store throws(LedgerError) in
            let size = treeSize.map(UInt64.init) ?? store.treeHead.size
            let proof = try store.inclusionProof(leafIndex: UInt64(index), treeSize: size)
            let leaf = try store.record(at: index).leafHash
            return InclusionCalldata(
                signature: LedgerRegistryContract.verifyInclusionSignature,
                calldataHex: proof.evmCalldataHex(leafHash: leaf), leafIndex: index, treeSize: Int(size),
                leafHashHex: leaf.hex, rootHex: try store.treeHead(size: size).rootHash.hex,
                recovered: store.recoveryNotes.map(\.description))
        }
    }

    /// A consistency proof between the trees of the first `firstSize` and `secondSize` (default: all)
    /// records, as JSON with both roots.
    public static func consistencyProofJSON(
        ledger: String, firstSize: Int, secondSize: Int?
    ) throws(ZKInferError) -> (json: String, recovered: [String]) {
        try withStore(ledger) { store throws(LedgerError) -> (String, [String]) in
            let second = secondSize.map(UInt64.init) ?? store.treeHead.size
            let proof = try store.consistencyProof(firstSize: UInt64(firstSize), secondSize: second)
            var object = try jsonObject(proof.json)
            object["firstRootHash"] = try store.treeHead(size: UInt64(firstSize)).rootHash.hex
            object["secondRootHash"] = try store.treeHead(size: second).rootHash.hex
            return (JSONText.pretty(object), store.recoveryNotes.map(\.description))
        }
    }

    /// Re-reads and re-hashes every record; reports the first one that fails. A torn tail (an incomplete last
    /// frame: an interrupted append, never acknowledged) is reported in `tornTail`, not as a failure. A given head
    /// must match the log's tree of its size — for `head`, the whole log when only a root is given; `oldHead` needs
    /// both — and a mismatch is a failed check. A size without a root is refused (nothing to compare).
    public static func audit(
        ledger: String, head: GivenHead = GivenHead(size: nil, rootHex: nil),
        oldHead: GivenHead = GivenHead(size: nil, rootHex: nil, sizeOption: "old-size", rootOption: "old-root")
    ) throws(ZKInferError) -> AuditReport {
        if !FileIO.exists(ledger) { throw .missingFile(path: ledger) }
        for given in [head, oldHead] where given.size != nil && given.rootHex == nil {
            throw .invalidInput(
                path: "--\(given.sizeOption)",
                reason: "without --proof, --\(given.sizeOption) needs --\(given.rootOption) (the root to compare)")
        }
        let newRoot = try head.root(sizeOptional: true)
        let oldRoot = try oldHead.root()
        do {
            // Read-only: verification never repairs or truncates anything (opening a store would cut a torn tail).
            let check = try LedgerStore.checkFile(path: ledger)
            var expected: [TreeHead] = []
            if let oldRoot, let size = oldHead.size { expected.append(TreeHead(size: UInt64(size), rootHash: oldRoot)) }
            if let newRoot {
                expected.append(TreeHead(size: head.size.map(UInt64.init) ?? check.head.size, rootHash: newRoot))
            }
            for head in expected { _ = try LedgerStore.checkFile(path: ledger, expected: head) }
            return AuditReport(
                validRecords: Int(check.head.size), head: HeadReport(check.head), firstBadRecord: nil,
                tornTail: check.tornTail.map {
                    "\(ledger): an interrupted append left \($0.discardedByteCount) bytes at byte \($0.offset) (\($0.reason)) "
                        + "after the \($0.recordIndex) complete records; never acknowledged, they are not part of the log "
                        + "(the next 'ledger append' or 'ledger show' cuts them)"
                },
                matchedHeads: expected)
        } catch {
            guard let index = recordIndex(of: error) else { throw map(error, ledger) }
            return AuditReport(
                validRecords: index, head: HeadReport(TreeHead(size: 0, rootHash: MerkleTree.emptyRoot)),
                firstBadRecord: (index, error.description))
        }
    }

    // MARK: Offline proof checks

    /// Checks an inclusion proof (with its record) or a consistency proof printed by this CLI against a tree head:
    /// the one given (`head`: size and root; `oldHead` for a consistency proof's older tree), or the ledger file's
    /// own tree of the given size, or — with no size given — of the size the proof names (the statement is then
    /// about the ledger file's tree, and says so). The file's `leafHash`, `rootHash`, `firstRootHash` and
    /// `secondRootHash` fields, when present, must equal what is recomputed (else the check fails).
    public static func checkProofFile(
        _ path: String, ledger: String?, head: GivenHead, oldHead: GivenHead
    ) throws(ZKInferError) -> ProofCheck {
        let bytes = try FileIO.read(path)
        let doc = try JSONDocument.parse(bytes, path: path)
        var notes: [String] = []
        /// The trusted head of `proofSize` (or of the given size), and where it came from.
        func trusted(_ given: GivenHead, proofSize: UInt64) throws(ZKInferError) -> (TreeHead, String) {
            let size = given.size.map(UInt64.init) ?? proofSize
            if let root = try given.root() { return (TreeHead(size: size, rootHash: root), "given") }
            guard let ledger else {
                throw .invalidInput(path: path, reason: "no --\(given.rootOption) given and no ledger to take it from")
            }
            let head = try withStore(ledger) { store throws(LedgerError) -> TreeHead in
                notes += store.recoveryNotes.map(\.description)
                return try store.treeHead(size: size)
            }
            return (head, "from \(ledger)")
        }
        /// A hash field of the proof file that must equal `expected`, or the reason it does not.
        func mismatch(_ field: String, _ expected: MerkleHash) throws(ZKInferError) -> String? {
            guard doc.has(field) else { return nil }
            let text = try doc.string(field)
            guard let hash = MerkleHash(hex: text) else {
                throw .invalidField(path: path, field: field, reason: "expected 64 hex digits, got '\(text)'")
            }
            return hash == expected ? nil : "its \(field) \(text) is not the recomputed \(expected.hex)"
        }
        if doc.has("inclusionPath") {
            let proof: InclusionProof
            do { proof = try InclusionProof(json: bytes) } catch {
                throw .malformed(path: path, reason: error.description)
            }
            guard doc.has("record") else {
                throw .invalidField(
                    path: path, field: "record", reason: "missing (print the proof with 'zkinfer ledger inclusion')")
            }
            let recordText = JSONText.pretty(try doc.raw("record"))
            let record: AttestationRecord
            do { record = try AttestationRecord(json: recordText) } catch {
                throw .invalidField(path: path, field: "record", reason: error.description)
            }
            let (head, source) = try trusted(head, proofSize: proof.treeSize)
            let claim = "record #\(proof.leafIndex) is in the tree of size \(head.size) with root \(head.rootHash.hex)"
            var failure: String?
            if proof.treeSize != head.size {
                failure = "the proof is for a tree of size \(proof.treeSize), not \(head.size)"
            } else if let m = try mismatch("leafHash", record.leafHash) {
                failure = "the proof file is inconsistent: \(m)"
            } else if !proof.verify(record: record, against: head) {
                failure = "the inclusion path does not lead from the record to this root"
            } else if let m = try mismatch("rootHash", head.rootHash) {
                failure = "the proof file is inconsistent: \(m)"
            }
            return ProofCheck(
                valid: failure == nil, kind: "inclusion",
                detail: failure.map { "NOT proven that \(claim) (root \(source)): \($0)" }
                    ?? "\(claim) (root \(source))",
                recovered: notes)
        }
        if doc.has("consistencyPath") {
            let proof: ConsistencyProof
            do { proof = try ConsistencyProof(json: bytes) } catch {
                throw .malformed(path: path, reason: error.description)
            }
            let (first, firstSource) = try trusted(oldHead, proofSize: proof.firstSize)
            let (second, secondSource) = try trusted(head, proofSize: proof.secondSize)
            let claim =
                "the tree of size \(first.size) (root \(first.rootHash.hex), \(firstSource)) is a prefix of the tree "
                + "of size \(second.size) (root \(second.rootHash.hex), \(secondSource))"
            var failure: String?
            if proof.firstSize != first.size || proof.secondSize != second.size {
                failure =
                    "the proof is for sizes \(proof.firstSize) → \(proof.secondSize), not \(first.size) → \(second.size)"
            } else if !proof.verify(first: first, second: second) {
                failure = "the consistency path does not connect these roots"
            } else if let m = try mismatch("firstRootHash", first.rootHash) {
                failure = "the proof file is inconsistent: \(m)"
            } else if let m = try mismatch("secondRootHash", second.rootHash) {
                failure = "the proof file is inconsistent: \(m)"
            }
            return ProofCheck(
                valid: failure == nil, kind: "consistency",
                detail: failure.map { "NOT proven that \(claim): \($0)" } ?? claim, recovered: notes)
        }
        throw .malformed(
            path: path, reason: "neither an inclusion proof (inclusionPath) nor a consistency proof (consistencyPath)")
    }

    // MARK: Inspect support

    /// Facts about a ledger file, or nil if `bytes` is not one.
    static func inspectLedgerFile(_ path: String, bytes: [UInt8]) throws(ZKInferError) -> [(String, String)]? {
        // "ZKINFLOG": the header of version-1 ledgers.
        let isLedger =
            bytes.starts(with: Array("ZKINFLOG".utf8))
            || ArtifactInspector.header(bytes)?.kind == LedgerStore.fileKind
        guard isLedger else { return nil }
        let head = try self.head(ledger: path)
        return [("records", "\(head.size)"), ("root", head.rootHex)]
    }

    /// Kind and facts of a ledger proof JSON object, or nil.
    static func describeProofJSON(_ object: [String: Any]) -> (kind: String, facts: [(String, String)])? {
        if object["inclusionPath"] != nil {
            return (
                "ledger inclusion proof",
                [
                    ("record", "\(object["leafIndex"] ?? "?")"), ("tree size", "\(object["treeSize"] ?? "?")"),
                ]
            )
        }
        if object["consistencyPath"] != nil {
            return (
                "ledger consistency proof",
                [
                    ("sizes", "\(object["firstSize"] ?? "?") → \(object["secondSize"] ?? "?")")
                ]
            )
        }
        if object["recordFormat"] != nil && object["proofDigest"] != nil {
            return ("ledger record", [("proof digest", "\(object["proofDigest"] ?? "?")")])
        }
        return nil
    }

    // MARK: Helpers

    static func withStore<T>(
        _ path: String, create: Bool = false, _ body: (LedgerStore) throws(LedgerError) -> T
    ) throws(ZKInferError) -> T {
        if !create && !FileIO.exists(path) { throw .missingFile(path: path) }
        do {
            let store = try LedgerStore(path: path, createIfMissing: create)
            return try body(store)
        } catch {
            throw map(error, path)
        }
    }

    static func map(_ error: LedgerError, _ path: String) -> ZKInferError {
        switch error {
        case .indexOutOfRange, .invalidTreeSizes, .treeSizeBeyondLog:
            .invalidInput(path: path, reason: reason(error, path))
        case .checksumMismatch, .corruptFrameHeader, .malformedRecord, .treeHeadMismatch, .treeHeadBeyondLog,
            .fileShrank:
            .ledgerCheckFailed(path: path, reason: reason(error, path))
        default: .malformed(path: path, reason: reason(error, path))
        }
    }

    /// The error's description without a leading "path: " (the ZKInferError names the path once).
    static func reason(_ error: LedgerError, _ path: String) -> String {
        let text = error.description
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }

    /// The record index a ledger error names, if any.
    static func recordIndex(of error: LedgerError) -> Int? {
        switch error {
        case .tornTail(let i, _, _), .checksumMismatch(let i, _), .corruptFrameHeader(let i, _, _): i
        case .malformedRecord(let i, _): i
        default: nil
        }
    }

    static func jsonObject(_ text: String) throws(LedgerError) -> [String: Any] {
        guard let o = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw .invalidJSON(what: "ledger output", reason: "not a JSON object")
        }
        return o
    }
}
