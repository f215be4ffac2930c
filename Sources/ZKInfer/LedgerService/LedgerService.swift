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
    }

    // MARK: Append

    /// Verifies `proofDirectory`'s proof with `bundle`'s verifying key and, only if it is valid, appends an
    /// attestation record to the ledger at `ledger` (created if absent). Throws `.proofInvalid` (a negative
    /// result) for a proof that does not verify; nothing is written then.
    public static func append(ledger: String, bundle: String, proofDirectory: String) throws(ZKInferError) -> AppendReport {
        let attested = try Pipeline.attest(bundle: bundle, proofDirectory: proofDirectory)
        let record: AttestationRecord
        do {
            record = try AttestationRecord(
                modelDigest: attested.modelDigest, circuitDigest: attested.circuitDigest,
                verifyingKeyDigest: attested.verifyingKeyDigest, publicSignals: attested.publicSignals,
                output: .values(attested.output, predictedClass: attested.predictedClass),
                proofDigest: attested.proofDigest, timestamp: Int64(Date().timeIntervalSince1970),
                zkinferVersion: ZKInferVersion.string)
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

    /// Record `index` as display JSON.
    public static func record(ledger: String, index: Int) throws(ZKInferError) -> String {
        try withStore(ledger) { store throws(LedgerError) in try store.record(at: index).json }
    }

    /// An inclusion proof for record `index` in the tree of the first `treeSize` records (default: all), as
    /// JSON: the Ledger module's proof fields plus `rootHash`, `leafHash` and the record itself, so that
    /// `checkProofFile` can recompute the leaf from the record.
    public static func inclusionProofJSON(ledger: String, index: Int, treeSize: Int?) throws(ZKInferError) -> String {
        try withStore(ledger) { store throws(LedgerError) in
            let size = treeSize.map(UInt64.init) ?? store.treeHead.size
            let proof = try store.inclusionProof(leafIndex: UInt64(index), treeSize: size)
            let record = try store.record(at: index)
            let head = try store.treeHead(size: size)
            var object = try jsonObject(proof.json)
            object["rootHash"] = head.rootHash.hex
            object["leafHash"] = record.leafHash.hex
            object["record"] = try jsonObject(record.json)
            return JSONText.pretty(object)
        }
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
    }

    /// Builds `InclusionCalldata` from the ledger file (the proof is the one `inclusionProofJSON` prints).
    public static func inclusionCalldata(ledger: String, index: Int, treeSize: Int?) throws(ZKInferError) -> InclusionCalldata {
        try withStore(ledger) { store throws(LedgerError) in
            let size = treeSize.map(UInt64.init) ?? store.treeHead.size
            let proof = try store.inclusionProof(leafIndex: UInt64(index), treeSize: size)
            let leaf = try store.record(at: index).leafHash
            return InclusionCalldata(
                signature: LedgerRegistryContract.verifyInclusionSignature,
                calldataHex: proof.evmCalldataHex(leafHash: leaf), leafIndex: index, treeSize: Int(size),
                leafHashHex: leaf.hex, rootHex: try store.treeHead(size: size).rootHash.hex)
        }
    }

    /// A consistency proof between the trees of the first `firstSize` and `secondSize` (default: all)
    /// records, as JSON with both roots.
    public static func consistencyProofJSON(ledger: String, firstSize: Int, secondSize: Int?) throws(ZKInferError) -> String {
        try withStore(ledger) { store throws(LedgerError) in
            let second = secondSize.map(UInt64.init) ?? store.treeHead.size
            let proof = try store.consistencyProof(firstSize: UInt64(firstSize), secondSize: second)
            var object = try jsonObject(proof.json)
            object["firstRootHash"] = try store.treeHead(size: UInt64(firstSize)).rootHash.hex
            object["secondRootHash"] = try store.treeHead(size: second).rootHash.hex
            return JSONText.pretty(object)
        }
    }

    /// Re-reads and re-hashes every record; reports the first one that fails.
    public static func audit(ledger: String) throws(ZKInferError) -> AuditReport {
        if !FileIO.exists(ledger) { throw .missingFile(path: ledger) }
        do {
            // Read-only: verification never repairs or truncates anything (opening a store would cut a torn tail).
            let head = try LedgerStore.verifyFile(path: ledger)
            return AuditReport(validRecords: Int(head.size), head: HeadReport(head), firstBadRecord: nil)
        } catch {
            guard let index = recordIndex(of: error) else { throw map(error, ledger) }
            var reason = error.description
            if case .tornTail = error {
                reason += " (an interrupted append leaves this, but so does damage to the last record; the next"
                    + " 'zkinfer ledger append' discards it — compare the tree head with one held elsewhere)"
            }
            return AuditReport(
                validRecords: index, head: HeadReport(TreeHead(size: 0, rootHash: MerkleTree.emptyRoot)),
                firstBadRecord: (index, reason))
        }
    }

    // MARK: Offline proof checks

    /// Checks an inclusion proof (with its record) or a consistency proof printed by this CLI, against the
    /// trusted roots given (`root`, `oldRoot`), or those recomputed from the ledger file when absent.
    public static func checkProofFile(
        _ path: String, ledger: String?, root: String?, oldRoot: String?
    ) throws(ZKInferError) -> ProofCheck {
        let bytes = try FileIO.read(path)
        let doc = try JSONDocument.parse(bytes, path: path)
        func trustedRoot(_ text: String?, option: String, size: UInt64) throws(ZKInferError) -> MerkleHash {
            if let text {
                guard let hash = MerkleHash(hex: text) else {
                    throw .invalidInput(path: "--\(option)", reason: "expected 64 hex digits, got '\(text)'")
                }
                return hash
            }
            guard let ledger else {
                throw .invalidInput(path: path, reason: "no --\(option) given and no ledger to take it from")
            }
            return try withStore(ledger) { store throws(LedgerError) in try store.treeHead(size: size).rootHash }
        }
        if doc.has("inclusionPath") {
            let proof: InclusionProof
            do { proof = try InclusionProof(json: bytes) } catch { throw .malformed(path: path, reason: error.description) }
            guard doc.has("record") else {
                throw .invalidField(path: path, field: "record", reason: "missing (print the proof with 'zkinfer ledger inclusion')")
            }
            let recordText = JSONText.pretty(try doc.raw("record"))
            let record: AttestationRecord
            do { record = try AttestationRecord(json: recordText) } catch {
                throw .invalidField(path: path, field: "record", reason: error.description)
            }
            let head = TreeHead(size: proof.treeSize, rootHash: try trustedRoot(root, option: "root", size: proof.treeSize))
            let ok = proof.verify(record: record, against: head)
            return ProofCheck(
                valid: ok, kind: "inclusion",
                detail: ok
                    ? "record #\(proof.leafIndex) is in the tree of size \(proof.treeSize) with root \(head.rootHash.hex)"
                    : "record #\(proof.leafIndex) is NOT proven to be in the tree of size \(proof.treeSize) with root \(head.rootHash.hex)")
        }
        if doc.has("consistencyPath") {
            let proof: ConsistencyProof
            do { proof = try ConsistencyProof(json: bytes) } catch { throw .malformed(path: path, reason: error.description) }
            let first = TreeHead(size: proof.firstSize, rootHash: try trustedRoot(oldRoot, option: "old-root", size: proof.firstSize))
            let second = TreeHead(size: proof.secondSize, rootHash: try trustedRoot(root, option: "root", size: proof.secondSize))
            let ok = proof.verify(first: first, second: second)
            return ProofCheck(
                valid: ok, kind: "consistency",
                detail: ok
                    ? "the tree of size \(proof.firstSize) (root \(first.rootHash.hex)) is a prefix of the tree of size \(proof.secondSize) (root \(second.rootHash.hex))"
                    : "the tree of size \(proof.firstSize) is NOT proven to be a prefix of the tree of size \(proof.secondSize) with these roots")
        }
        throw .malformed(path: path, reason: "neither an inclusion proof (inclusionPath) nor a consistency proof (consistencyPath)")
    }

    // MARK: Inspect support

    /// Facts about a ledger file, or nil if `bytes` is not one.
    static func inspectLedgerFile(_ path: String, bytes: [UInt8]) throws(ZKInferError) -> [(String, String)]? {
        // "ZKINFLOG": the header of version-1 ledgers.
        let isLedger = bytes.starts(with: Array("ZKINFLOG".utf8))
            || ArtifactInspector.header(bytes)?.kind == LedgerStore.fileKind
        guard isLedger else { return nil }
        let head = try self.head(ledger: path)
        return [("records", "\(head.size)"), ("root", head.rootHex)]
    }

    /// Kind and facts of a ledger proof JSON object, or nil.
    static func describeProofJSON(_ object: [String: Any]) -> (kind: String, facts: [(String, String)])? {
        if object["inclusionPath"] != nil {
            return ("ledger inclusion proof", [
                ("record", "\(object["leafIndex"] ?? "?")"), ("tree size", "\(object["treeSize"] ?? "?")"),
            ])
        }
        if object["consistencyPath"] != nil {
            return ("ledger consistency proof", [
                ("sizes", "\(object["firstSize"] ?? "?") → \(object["secondSize"] ?? "?")"),
            ])
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
        case .indexOutOfRange, .invalidTreeSizes: .invalidInput(path: path, reason: error.description)
        case .checksumMismatch, .corruptFrameHeader, .malformedRecord, .treeHeadMismatch, .treeHeadBeyondLog, .fileShrank:
            .ledgerCheckFailed(path: path, reason: error.description)
        default: .malformed(path: path, reason: error.description)
        }
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
