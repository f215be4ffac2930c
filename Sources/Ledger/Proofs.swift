import Hashing

/// An RFC 9162 §2.1.3 inclusion proof (audit path): shows that the leaf at `leafIndex` is in the tree of size
/// `treeSize`. Invariant when produced by this module: `path` is PATH(leafIndex, D[treeSize]), leaf-side sibling
/// first, and has at most ⌈log2 treeSize⌉ elements. A parsed proof is unchecked until `verify` accepts it.
///
/// JSON form: `{"leafIndex": 2, "treeSize": 5, "inclusionPath": ["<hex>", …]}`.
public struct InclusionProof: Equatable, Sendable {
    /// 0-based index of the leaf.
    public var leafIndex: UInt64
    /// Size of the tree the proof is for.
    public var treeSize: UInt64
    /// Sibling hashes, from the leaf up.
    public var path: [MerkleHash]

    /// A proof from its parts (no check).
    public init(leafIndex: UInt64, treeSize: UInt64, path: [MerkleHash]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.path = path
    }

    /// True iff `leafHash` is leaf `leafIndex` of the tree `head` (head.size must equal `treeSize`).
    public func verify(leafHash: MerkleHash, against head: TreeHead) -> Bool {
        head.size == treeSize
            && MerkleTree.verifyInclusion(
                leafIndex: leafIndex, treeSize: treeSize, leafHash: leafHash, path: path, rootHash: head.rootHash)
    }

    /// True iff `record` is leaf `leafIndex` of the tree `head`.
    public func verify(record: AttestationRecord, against head: TreeHead) -> Bool {
        verify(leafHash: record.leafHash, against: head)
    }

    /// Compact JSON form.
    public var json: String {
        let hashes = path.map { JSONString.quote($0.hex) }.joined(separator: ", ")
        return "{\"leafIndex\": \(leafIndex), \"treeSize\": \(treeSize), \"inclusionPath\": [\(hashes)]}"
    }

    /// Parses the JSON form (extra keys ignored).
    public init(json: some Collection<UInt8>) throws(LedgerError) {
        let what = "inclusion proof"
        let dto = try JSONText.decode(InclusionProofJSON.self, from: json, what: what)
        let path = try JSONText.hashes(dto.inclusionPath, field: "inclusionPath", what: what)
        self.init(leafIndex: dto.leafIndex, treeSize: dto.treeSize, path: path)
    }

    /// Parses the JSON form from a string.
    public init(json: String) throws(LedgerError) { try self.init(json: Array(json.utf8)) }
}

/// An RFC 9162 §2.1.4 consistency proof: shows that the tree of size `firstSize` is a prefix of the tree of size
/// `secondSize` (the log only appended). Invariant when produced here: `path` is PROOF(firstSize, D[secondSize]),
/// empty when firstSize is 0 or equals secondSize.
///
/// JSON form: `{"firstSize": 3, "secondSize": 7, "consistencyPath": ["<hex>", …]}`.
public struct ConsistencyProof: Equatable, Sendable {
    /// Size of the older tree.
    public var firstSize: UInt64
    /// Size of the newer tree.
    public var secondSize: UInt64
    /// Proof nodes.
    public var path: [MerkleHash]

    /// A proof from its parts (no check).
    public init(firstSize: UInt64, secondSize: UInt64, path: [MerkleHash]) {
        self.firstSize = firstSize
        self.secondSize = secondSize
        self.path = path
    }

    /// True iff `second` extends `first` (sizes must match the proof's).
    public func verify(first: TreeHead, second: TreeHead) -> Bool {
        first.size == firstSize && second.size == secondSize
            && MerkleTree.verifyConsistency(
                firstSize: firstSize, secondSize: secondSize, firstRoot: first.rootHash,
                secondRoot: second.rootHash, path: path)
    }

    /// Compact JSON form.
    public var json: String {
        let hashes = path.map { JSONString.quote($0.hex) }.joined(separator: ", ")
        return "{\"firstSize\": \(firstSize), \"secondSize\": \(secondSize), \"consistencyPath\": [\(hashes)]}"
    }

    /// Parses the JSON form (extra keys ignored).
    public init(json: some Collection<UInt8>) throws(LedgerError) {
        let what = "consistency proof"
        let dto = try JSONText.decode(ConsistencyProofJSON.self, from: json, what: what)
        let path = try JSONText.hashes(dto.consistencyPath, field: "consistencyPath", what: what)
        self.init(firstSize: dto.firstSize, secondSize: dto.secondSize, path: path)
    }

    /// Parses the JSON form from a string.
    public init(json: String) throws(LedgerError) { try self.init(json: Array(json.utf8)) }
}

private struct InclusionProofJSON: Decodable {
    var leafIndex: UInt64
    var treeSize: UInt64
    var inclusionPath: [String]
}

private struct ConsistencyProofJSON: Decodable {
    var firstSize: UInt64
    var secondSize: UInt64
    var consistencyPath: [String]
}
