import Hashing

/// ABI-encoded calldata that records a ledger tree head in a root-storing contract with the interface
///
/// ```solidity
/// interface IZKInferLedgerAnchor {
///     /// Stores (treeSize, rootHash) of a zkinfer ledger: an RFC 9162 Merkle tree of attestation records.
///     function recordTreeHead(uint64 treeSize, bytes32 rootHash) external;
/// }
/// ```
///
/// Encoding (Solidity ABI spec, "Function Selector and Argument Encoding"): 4-byte selector
/// `keccak256("recordTreeHead(uint64,bytes32)")[0..<4]`, then `treeSize` as a 32-byte big-endian word, then
/// `rootHash` as 32 bytes. Invariant: `bytes` is exactly 68 bytes.
public struct TreeHeadCalldata: Sendable, Equatable {
    /// The Solidity signature whose selector prefixes the calldata.
    public static let functionSignature = "recordTreeHead(uint64,bytes32)"

    public let bytes: [UInt8]

    /// Encodes a tree head; `rootHash` must be 32 bytes.
    public init(treeSize: UInt64, rootHash: [UInt8]) {
        precondition(rootHash.count == 32, "tree head root must be 32 bytes")
        var out = Array(Keccak256.hash(Self.functionSignature.utf8).prefix(4))
        out += [UInt8](repeating: 0, count: 24)
        out += withUnsafeBytes(of: treeSize.bigEndian, Array.init)
        out += rootHash
        bytes = out
    }

    /// `0x`-prefixed lowercase hex, as `cast send`/`eth_sendTransaction` take it.
    public var hex: String { "0x" + Digest.hex(bytes) }

    /// The selector alone, `0x`-prefixed.
    public static var selectorHex: String { "0x" + Digest.hex(Array(Keccak256.hash(functionSignature.utf8).prefix(4))) }
}
