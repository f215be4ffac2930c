import Foundation
import Hashing

/// An unsigned tree head (RFC 9162 §4.9 without the signature): the size of the log and the MTH of its first
/// `size` entries. Two parties holding the same tree head agree on every one of those entries.
///
/// Invariant: `rootHash` is `MerkleTree.emptyRoot` when `size == 0` (enforced by the log, not by this value type:
/// a parsed tree head is only a claim until a proof checks it).
/// JSON form: `{"treeSize": 3, "rootHash": "<64 hex digits>"}`.
public struct TreeHead: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Number of entries.
    public var size: UInt64
    /// MTH of those entries.
    public var rootHash: MerkleHash

    /// A tree head.
    public init(size: UInt64, rootHash: MerkleHash) {
        self.size = size
        self.rootHash = rootHash
    }

    /// The tree head of the given leaf hashes.
    public init(leafHashes: [MerkleHash]) {
        self.init(size: UInt64(leafHashes.count), rootHash: MerkleTree.rootHash(leafHashes: leafHashes))
    }

    /// The one-line message shown to users: the tree size and the root hash in hex.
    public var description: String { "tree head size \(size) root \(rootHash.hex)" }

    /// Compact JSON: `{"treeSize": N, "rootHash": "hex"}`.
    public var json: String { "{\"treeSize\": \(size), \"rootHash\": \(JSONString.quote(rootHash.hex))}" }

    /// Parses the JSON form (extra keys are ignored, so a larger document containing these two keys also parses).
    public init(json: some Collection<UInt8>) throws(LedgerError) {
        let dto = try JSONText.decode(TreeHeadJSON.self, from: json, what: "tree head")
        self.init(size: dto.treeSize, rootHash: try JSONText.hash(dto.rootHash, field: "rootHash", what: "tree head"))
    }

    /// Parses the JSON form from a string.
    public init(json: String) throws(LedgerError) { try self.init(json: Array(json.utf8)) }
}

// MARK: - EVM anchoring

extension TreeHead {
    /// Solidity signature of the anchoring function: `publishRoot(uint64,bytes32)`.
    ///
    /// The anchoring contract this calldata targets (zkinfer ships the interface, not a deployment):
    ///
    /// ```solidity
    /// // SPDX-License-Identifier: MIT
    /// pragma solidity ^0.8.20;
    ///
    /// /// Public, timestamped record of zkinfer ledger tree heads (RFC 9162 Merkle roots, SHA-256).
    /// interface IZKInferLedgerAnchor {
    ///     /// Emitted once per published head; block.timestamp dates the head.
    ///     event RootPublished(uint64 indexed treeSize, bytes32 rootHash, address indexed publisher);
    ///
    ///     /// Records that the ledger had `treeSize` entries with Merkle root `rootHash`.
    ///     /// Implementations should restrict callers to the ledger operator and require treeSize to grow
    ///     /// (a stricter variant can also take an RFC 9162 consistency proof from the previous head and check it
    ///     /// with the SHA-256 precompile at address 0x02).
    ///     function publishRoot(uint64 treeSize, bytes32 rootHash) external;
    /// }
    /// ```
    ///
    /// An auditor later checks a record by fetching the anchored `(treeSize, rootHash)` from the event log and
    /// verifying the record's inclusion proof against it offline (`InclusionProof.verify`).
    public static let publishRootSignature = "publishRoot(uint64,bytes32)"

    /// The 4-byte ABI selector: the first 4 bytes of keccak256("publishRoot(uint64,bytes32)"), derived with
    /// `Keccak256` (Solidity ABI spec, "Function Selector").
    public static let publishRootSelector: [UInt8] = Array(Keccak256.hash(publishRootSignature.utf8).prefix(4))

    /// ABI-encoded call `publishRoot(size, rootHash)`: selector ‖ uint64 left-padded to 32 bytes ‖ bytes32.
    /// 68 bytes (Solidity ABI spec: static types, head-only encoding).
    public var evmCalldata: [UInt8] {
        var w = ByteWriter(capacity: 68)
        w.append(TreeHead.publishRootSelector)
        w.append([UInt8](repeating: 0, count: 24))
        w.append(size, .bigEndian)
        w.append(rootHash.bytes)
        return w.bytes
    }

    /// `evmCalldata` as a `0x`-prefixed hex string (what `cast send … <calldata>` or eth_sendTransaction takes).
    public var evmCalldataHex: String { "0x" + Hex.encode(evmCalldata) }
}

private struct TreeHeadJSON: Decodable {
    var treeSize: UInt64
    var rootHash: String
}
