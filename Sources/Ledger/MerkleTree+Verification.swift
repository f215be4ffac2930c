/// Proof verification, RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), step by step.
extension MerkleTree {
    /// Verifies that `leafHash` is leaf `leafIndex` of the tree of size `treeSize` whose root is `rootHash`, given
    /// the audit path (RFC 9162 §2.1.3.2). Returns false for any mismatch, malformed path or index ≥ size.
    public static func verifyInclusion(
        leafIndex: UInt64, treeSize: UInt64, leafHash: MerkleHash, path: [MerkleHash], rootHash: MerkleHash
    ) -> Bool {
        // 1. leaf_index < tree_size
        guard leafIndex < treeSize else { return false }
        // 2. fn = leaf_index, sn = tree_size − 1;  3. r = hash
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        // 4. for each p in inclusion_path
        for p in path {
            // a. sn == 0 → fail
            if sn == 0 { return false }
            // b. LSB(fn) set or fn == sn → r = H(0x01‖p‖r), then shift until LSB(fn) set or fn == 0;
            //    else r = H(0x01‖r‖p)
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            // c. shift once
            fn >>= 1
            sn >>= 1
        }
        // 5. sn == 0 and r == root
        return sn == 0 && r == rootHash
    }

    /// Verifies that the tree (`firstSize`, `firstRoot`) is a prefix of (`secondSize`, `secondRoot`) given the
    /// consistency path (RFC 9162 §2.1.4.2). The RFC algorithm assumes 0 < first < second; the trivial cases are
    /// handled as transparency-dev/merkle does: first == second needs an empty path and equal roots; first == 0
    /// needs an empty path (the empty tree is a prefix of every tree). first > second is rejected.
    public static func verifyConsistency(
        firstSize: UInt64, secondSize: UInt64, firstRoot: MerkleHash, secondRoot: MerkleHash, path: [MerkleHash]
    ) -> Bool {
        if firstSize > secondSize { return false }
        if firstSize == secondSize { return path.isEmpty && firstRoot == secondRoot }
        if firstSize == 0 { return path.isEmpty && firstRoot == emptyRoot }
        // 1. empty path → fail
        guard !path.isEmpty else { return false }
        // 2. first a power of 2 → prepend first_hash
        var consistencyPath = path
        if firstSize & (firstSize - 1) == 0 { consistencyPath.insert(firstRoot, at: 0) }
        // 3. fn = first − 1, sn = second − 1
        var fn = firstSize - 1
        var sn = secondSize - 1
        // 4. while LSB(fn) set, shift both
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // 5. fr = sr = first element
        var fr = consistencyPath[0]
        var sr = consistencyPath[0]
        // 6. for each subsequent c
        for c in consistencyPath.dropFirst() {
            // a. sn == 0 → fail
            if sn == 0 { return false }
            // b.
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            // c. shift once
            fn >>= 1
            sn >>= 1
        }
        // 7. fr == first_hash, sr == second_hash, sn == 0
        return fr == firstRoot && sr == secondRoot && sn == 0
    }
}
