import Hashing

/// Merkle tree hashing of RFC 9162 (Certificate Transparency v2) §2.1, with SHA-256:
///
///     MTH({})      = SHA-256()
///     MTH({d0})    = SHA-256(0x00 ‖ d0)                              (leaf hash)
///     MTH(D[n])    = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))        (node hash), k = largest power of 2 < n
///
/// Functions here take the *leaf hashes* `SHA-256(0x00 ‖ entry)` of the entries, so a log stores 32 bytes per entry
/// and never re-reads entries to build proofs. Proof generation follows the recursive definitions (§2.1.3.1 PATH,
/// §2.1.4.1 PROOF/SUBPROOF); each proof costs O(n) hashes (it recomputes subtree roots), which is what a log
/// of up to ~10^6 entries can afford; the root of a growing log is kept incrementally by `CompactRange`.
public enum MerkleTree {
    /// MTH of the empty tree: SHA-256 of the empty string (e3b0c442…7852b855).
    public static let emptyRoot: MerkleHash = MerkleHash.sha256(UnsafeRawBufferPointer(start: nil, count: 0))

    /// Leaf hash of an entry: SHA-256(0x00 ‖ entry).
    public static func leafHash(_ entry: some Sequence<UInt8>) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(CollectionOfOne(UInt8(0x00)))
        hasher.update(entry)
        return withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { out in
            hasher.finalize(into: out)
            return MerkleHash(raw: UnsafeRawBufferPointer(out))
        }
    }

    /// Interior node hash: SHA-256(0x01 ‖ left ‖ right). Allocation-free.
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            left.store(to: buffer, at: 1)
            right.store(to: buffer, at: 33)
            return MerkleHash.sha256(UnsafeRawBufferPointer(buffer))
        }
    }

    /// MTH over the given leaf hashes (RFC 9162 §2.1.1). O(n) hashes.
    public static func rootHash(leafHashes: some RandomAccessCollection<MerkleHash>) -> MerkleHash {
        var range = CompactRange()
        for leaf in leafHashes { range.append(leaf) }
        return range.rootHash
    }

    /// The audit path of leaf `leafIndex` in the tree of the given leaves (RFC 9162 §2.1.3.1, PATH(m, D[n])).
    /// Throws `.indexOutOfRange` unless `leafIndex < leafHashes.count`.
    public static func inclusionProof(leafIndex: UInt64, leafHashes: [MerkleHash]) throws(LedgerError)
        -> InclusionProof
    {
        let n = UInt64(leafHashes.count)
        guard leafIndex < n else { throw .indexOutOfRange(index: leafIndex, count: n) }
        var path: [MerkleHash] = []
        leafHashes.withUnsafeBufferPointer { leaves in
            buildPath(Int(leafIndex), leaves[...], into: &path)
        }
        return InclusionProof(leafIndex: leafIndex, treeSize: n, path: path)
    }

    /// The consistency proof between the tree of the first `firstSize` leaves and the tree of all of them
    /// (RFC 9162 §2.1.4.1, PROOF(m, D[n]) = SUBPROOF(m, D[n], true)). For `firstSize` 0 or `n` the proof is empty.
    /// Throws `.invalidTreeSizes` if `firstSize > leafHashes.count`.
    public static func consistencyProof(firstSize: UInt64, leafHashes: [MerkleHash]) throws(LedgerError)
        -> ConsistencyProof
    {
        let n = UInt64(leafHashes.count)
        guard firstSize <= n else { throw .invalidTreeSizes(first: firstSize, second: n) }
        var path: [MerkleHash] = []
        if firstSize > 0 && firstSize < n {
            leafHashes.withUnsafeBufferPointer { leaves in
                buildSubproof(Int(firstSize), leaves[...], complete: true, into: &path)
            }
        }
        return ConsistencyProof(firstSize: firstSize, secondSize: n, path: path)
    }

    /// Largest power of two strictly smaller than `n` (n ≥ 2).
    static func splitPoint(_ n: Int) -> Int {
        precondition(n >= 2)
        return 1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }

    /// MTH of a slice of leaf hashes, recursively as in §2.1.1 (used for proof siblings).
    static func subtreeRoot(_ leaves: Slice<UnsafeBufferPointer<MerkleHash>>) -> MerkleHash {
        var range = CompactRange()
        for leaf in leaves { range.append(leaf) }
        return range.rootHash
    }

    /// PATH(m, D[n]): for n > 1, k = split point; m < k → PATH(m, D[0:k]) : MTH(D[k:n]);
    /// m ≥ k → PATH(m − k, D[k:n]) : MTH(D[0:k]). Elements are appended leaf-side first.
    private static func buildPath(
        _ m: Int, _ leaves: Slice<UnsafeBufferPointer<MerkleHash>>,
        into path: inout [MerkleHash]
    ) {
        let n = leaves.count
        guard n > 1 else { return }
        let k = splitPoint(n)
        let start = leaves.startIndex
        if m < k {
            buildPath(m, leaves[start..<start + k], into: &path)
            path.append(subtreeRoot(leaves[(start + k)...]))
        } else {
            buildPath(m - k, leaves[(start + k)...], into: &path)
            path.append(subtreeRoot(leaves[start..<start + k]))
        }
    }

    /// SUBPROOF(m, D[n], b): m = n → {} if b, else {MTH(D[n])}; m < n, k = split point:
    /// m ≤ k → SUBPROOF(m, D[0:k], b) : MTH(D[k:n]);  m > k → SUBPROOF(m − k, D[k:n], false) : MTH(D[0:k]).
    private static func buildSubproof(
        _ m: Int, _ leaves: Slice<UnsafeBufferPointer<MerkleHash>>, complete: Bool,
        into path: inout [MerkleHash]
    ) {
        let n = leaves.count
        if m == n {
            if !complete { path.append(subtreeRoot(leaves)) }
            return
        }
        let k = splitPoint(n)
        let start = leaves.startIndex
        if m <= k {
            buildSubproof(m, leaves[start..<start + k], complete: complete, into: &path)
            path.append(subtreeRoot(leaves[(start + k)...]))
        } else {
            buildSubproof(m - k, leaves[(start + k)...], complete: false, into: &path)
            path.append(subtreeRoot(leaves[start..<start + k]))
        }
    }
}

/// The roots of the perfect subtrees covering leaves [0, n), largest first: exactly one per set bit of n
/// (the "compact range" of transparency-dev/merkle). Appending a leaf merges equal-sized subtrees (O(1) amortised
/// hashes); the RFC 9162 root is the right fold `H(s0, H(s1, … H(s_{j−1}, s_j)))`, because MTH splits off the
/// largest power-of-two prefix at every level.
///
/// Invariant: `subtreeRoots.count == size.nonzeroBitCount`, subtree i covers 2^(bit i of size, from the top) leaves.
public struct CompactRange: Sendable, Equatable {
    /// Number of leaves covered.
    public private(set) var size: UInt64 = 0
    /// Roots of the perfect subtrees, largest (leftmost) first.
    public private(set) var subtreeRoots: [MerkleHash] = []

    /// An empty range.
    public init() {}

    /// Appends one leaf hash.
    public mutating func append(_ leafHash: MerkleHash) {
        var node = leafHash
        var merged = size
        // Every trailing 1 bit of `size` is a subtree of equal size to the running node: merge it.
        while merged & 1 == 1 {
            node = MerkleTree.nodeHash(subtreeRoots.removeLast(), node)
            merged >>= 1
        }
        subtreeRoots.append(node)
        size += 1
    }

    /// MTH of the covered leaves (`MerkleTree.emptyRoot` when empty). O(log n) hashes.
    public var rootHash: MerkleHash {
        guard var acc = subtreeRoots.last else { return MerkleTree.emptyRoot }
        for root in subtreeRoots.dropLast().reversed() { acc = MerkleTree.nodeHash(root, acc) }
        return acc
    }
}
