import Hashing

/// The source of the ledger-registry contract, in Solidity or Vyper 0.4: an on-chain, append-only record of this
/// log's tree heads, and an RFC 9162 §2.1.3.2 inclusion check against them, so that another contract can verify
/// that a leaf (an attestation record's leaf hash) is in a published tree.
///
/// Interface (both languages):
/// - `publishRoot(uint64 treeSize, bytes32 rootHash)` (`TreeHead.evmCalldata`): callers must be publishers (the
///   deployer, and whoever the owner adds with `setPublisher(address, bool)`); `treeSize` must exceed every size
///   published before (a smaller or equal size reverts) and `rootHash` must not be zero; emits
///   `RootPublished(uint64 indexed treeSize, bytes32 rootHash, address indexed publisher)`.
/// - `verifyInclusion(bytes32 leafHash, uint256 index, uint256 treeSize, bytes32[] path) returns (bool)`
///   (`InclusionProof.evmCalldata`): true iff `treeSize` was published and the path leads from `leafHash` at
///   `index` to its root, hashing as `MerkleTree` does (node = SHA-256(0x01 ‖ left ‖ right), precompile 0x02).
///   False, never a revert, for a wrong proof (the Vyper version bounds the path to 64 hashes, the most a
///   tree of up to 2^64 leaves needs; a longer array does not ABI-decode there).
/// - `rootOf(uint64) returns (bytes32)`, `latestTreeSize() returns (uint64)`, `owner()`, `isPublisher(address)`.
///
/// Invariant: the text is fixed apart from the contract name, which the caller has checked is an identifier
/// (`[A-Za-z_][A-Za-z0-9_]*`; the CLI checks it).
public enum LedgerRegistryContract {
    /// The default contract name.
    public static let defaultName = "ZKInferLedgerRegistry"

    /// Solidity signature of the inclusion check.
    public static let verifyInclusionSignature = "verifyInclusion(bytes32,uint256,uint256,bytes32[])"

    /// The 4-byte selector of `verifyInclusionSignature` (Solidity ABI spec, "Function Selector").
    public static let verifyInclusionSelector: [UInt8] = Array(Keccak256.hash(verifyInclusionSignature.utf8).prefix(4))

    /// Appends the 32-byte big-endian ABI word holding `value`.
    static func appendABIWord(_ value: UInt64, to writer: inout Hashing.ByteWriter) {
        writer.append(repeatElement(UInt8(0), count: 24))
        writer.append(value, .bigEndian)
    }
}

extension InclusionProof {
    /// ABI-encoded call `verifyInclusion(leafHash, leafIndex, treeSize, path)` for `LedgerRegistryContract`:
    /// selector ‖ leafHash ‖ index ‖ treeSize ‖ offset of the array (0x80) ‖ path length ‖ path hashes
    /// (Solidity ABI spec: static head, then the dynamic `bytes32[]` tail). 4 + 32·(5 + path.count) bytes.
    public func evmCalldata(leafHash: MerkleHash) -> [UInt8] {
        var out = Hashing.ByteWriter(capacity: 4 + 32 * (5 + path.count))
        out.append(LedgerRegistryContract.verifyInclusionSelector)
        out.append(leafHash.bytes)
        for word: UInt64 in [leafIndex, treeSize, 4 * 32, UInt64(path.count)] {
            LedgerRegistryContract.appendABIWord(word, to: &out)
        }
        for p in path { out.append(p.bytes) }
        return out.bytes
    }

    /// `evmCalldata(leafHash:)` as `0x`-prefixed hex.
    public func evmCalldataHex(leafHash: MerkleHash) -> String { "0x" + Hex.encode(evmCalldata(leafHash: leafHash)) }
}
