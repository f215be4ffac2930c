import Hashing
import Ledger
import TestSupport
import Testing

/// A naive RFC 9162 §2.1 implementation written straight from the definitions, over *entries* (not leaf hashes),
/// with `SHA256` only: the oracle the library's Merkle code is compared with.
enum NaiveRFC9162 {
    static func hash(_ bytes: [UInt8]) -> [UInt8] { SHA256.hash(bytes) }

    /// Largest power of two strictly less than n (n > 1).
    static func k(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH(D[n]) (§2.1.1).
    static func mth(_ d: ArraySlice<[UInt8]>) -> [UInt8] {
        switch d.count {
        case 0: return hash([])
        case 1: return hash([0x00] + d.first!)
        default:
            let s = d.startIndex
            let k = k(d.count)
            return hash([0x01] + mth(d[s..<s + k]) + mth(d[(s + k)...]))
        }
    }

    /// PATH(m, D[n]) (§2.1.3.1).
    static func path(_ m: Int, _ d: ArraySlice<[UInt8]>) -> [[UInt8]] {
        let n = d.count
        if n <= 1 { return [] }
        let s = d.startIndex
        let k = k(n)
        if m < k { return path(m, d[s..<s + k]) + [mth(d[(s + k)...])] }
        return path(m - k, d[(s + k)...]) + [mth(d[s..<s + k])]
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (§2.1.4.1).
    static func proof(_ m: Int, _ d: ArraySlice<[UInt8]>) -> [[UInt8]] { subproof(m, d, true) }

    static func subproof(_ m: Int, _ d: ArraySlice<[UInt8]>, _ b: Bool) -> [[UInt8]] {
        let n = d.count
        if m == n { return b ? [] : [mth(d)] }
        let s = d.startIndex
        let k = k(n)
        if m <= k { return subproof(m, d[s..<s + k], b) + [mth(d[(s + k)...])] }
        return subproof(m - k, d[(s + k)...], false) + [mth(d[s..<s + k])]
    }
}

private func h(_ hex: String) -> MerkleHash { MerkleHash(hex: hex)! }

@Suite struct MerkleTests {
    /// Entries of varying lengths (0…40 bytes), deterministic.
    static let entries: [[UInt8]] = {
        var rng = SeededRNG(seed: testSeed(fallback: 0x3E7C1E))
        return (0..<64).map { i in (0..<(i * 7 % 41)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
    }()
    static let leafHashes = entries.map { MerkleTree.leafHash($0) }

    /// RFC 6962 / RFC 9162 reference tree of the certificate-transparency test suite (8 leaves), roots for every
    /// size and published proofs.
    static let ctEntries = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ].map { Hex.decode($0)! }
    static let ctRoots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test func certificateTransparencyVectors() throws {
        let leaves = Self.ctEntries.map { MerkleTree.leafHash($0) }
        #expect(MerkleTree.emptyRoot.hex == Self.ctRoots[0])
        for n in 0...8 {
            #expect(MerkleTree.rootHash(leafHashes: leaves[..<n]).hex == Self.ctRoots[n], "size \(n)")
        }
        let inclusion0 = try MerkleTree.inclusionProof(leafIndex: 0, leafHashes: leaves)
        #expect(
            inclusion0.path.map(\.hex) == [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ])
        let inclusion5 = try MerkleTree.inclusionProof(leafIndex: 5, leafHashes: leaves)
        #expect(
            inclusion5.path.map(\.hex) == [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ])
        let consistency2 = try MerkleTree.consistencyProof(firstSize: 2, leafHashes: leaves)
        #expect(
            consistency2.path.map(\.hex) == [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ])
        let consistency6 = try MerkleTree.consistencyProof(firstSize: 6, leafHashes: leaves)
        #expect(
            consistency6.path.map(\.hex) == [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ])
        let head8 = TreeHead(size: 8, rootHash: h(Self.ctRoots[8]))
        #expect(inclusion5.verify(leafHash: leaves[5], against: head8))
        #expect(consistency6.verify(first: TreeHead(size: 6, rootHash: h(Self.ctRoots[6])), second: head8))
    }

    @Test func rootsMatchNaiveForEverySize() {
        var range = CompactRange()
        for n in 0...64 {
            let naive = NaiveRFC9162.mth(Self.entries[..<n])
            #expect(MerkleTree.rootHash(leafHashes: Self.leafHashes[..<n]).bytes == naive, "size \(n)")
            #expect(range.rootHash.bytes == naive, "compact range at size \(n)")
            #expect(range.subtreeRoots.count == n.nonzeroBitCount)
            if n < 64 { range.append(Self.leafHashes[n]) }
        }
    }

    /// Every leaf of every tree size 1…64: the proof equals the naive PATH, verifies, and every tampering fails.
    @Test func inclusionProofsForEveryLeafOfEverySize() throws {
        for n in 1...64 {
            let leaves = Array(Self.leafHashes[..<n])
            let root = MerkleTree.rootHash(leafHashes: leaves)
            let head = TreeHead(size: UInt64(n), rootHash: root)
            for m in 0..<n {
                let proof = try MerkleTree.inclusionProof(leafIndex: UInt64(m), leafHashes: leaves)
                #expect(proof.path.map(\.bytes) == NaiveRFC9162.path(m, Self.entries[..<n]), "PATH(\(m), \(n))")
                #expect(proof.treeSize == UInt64(n) && proof.leafIndex == UInt64(m))
                #expect(proof.verify(leafHash: leaves[m], against: head), "verify \(m)/\(n)")
                expectInclusionTamperingFails(proof, leaves: leaves, m: m, root: root)
            }
            #expect(throws: LedgerError.indexOutOfRange(index: UInt64(n), count: UInt64(n))) {
                try MerkleTree.inclusionProof(leafIndex: UInt64(n), leafHashes: leaves)
            }
        }
    }

    private func expectInclusionTamperingFails(
        _ proof: InclusionProof, leaves: [MerkleHash], m: Int, root: MerkleHash
    ) {
        let n = leaves.count
        func accepts(
            _ index: UInt64, _ size: UInt64, _ leaf: MerkleHash, _ path: [MerkleHash], _ r: MerkleHash
        ) -> Bool {
            MerkleTree.verifyInclusion(leafIndex: index, treeSize: size, leafHash: leaf, path: path, rootHash: r)
        }
        let leaf = leaves[m]
        for i in proof.path.indices {  // each element altered
            var path = proof.path
            path[i] = MerkleTree.leafHash(path[i].bytes)
            #expect(!accepts(UInt64(m), UInt64(n), leaf, path, root), "altered element \(i) of \(m)/\(n)")
        }
        if !proof.path.isEmpty {
            #expect(!accepts(UInt64(m), UInt64(n), leaf, Array(proof.path.dropLast()), root), "truncated \(m)/\(n)")
        }
        #expect(!accepts(UInt64(m), UInt64(n), leaf, proof.path + [leaf], root), "extended \(m)/\(n)")
        #expect(!accepts(UInt64(m), UInt64(n), MerkleTree.leafHash([0xFF]), proof.path, root), "other leaf \(m)/\(n)")
        #expect(!accepts(UInt64(m), UInt64(n), leaf, proof.path, MerkleTree.nodeHash(root, root)), "other root")
        #expect(!accepts(UInt64(n), UInt64(n), leaf, proof.path, root), "index = size")
        for other in 0..<n where other != m && leaves[other] != leaf {
            #expect(!accepts(UInt64(other), UInt64(n), leaf, proof.path, root), "index \(other) instead of \(m)/\(n)")
        }
        // (The same path claimed for another tree size can still hash to `root`: a proof is bound to a size only
        // through the tree head (size, root) it is checked against, as in RFC 9162.)
    }

    /// Every pair 0 ≤ m ≤ n ≤ 64: the proof equals the naive PROOF, verifies, and every tampering fails.
    @Test func consistencyProofsForEveryPair() throws {
        let roots = (0...64).map { MerkleTree.rootHash(leafHashes: Self.leafHashes[..<$0]) }
        for n in 0...64 {
            let leaves = Array(Self.leafHashes[..<n])
            for m in 0...n {
                let proof = try MerkleTree.consistencyProof(firstSize: UInt64(m), leafHashes: leaves)
                let naive = (m == 0) ? [] : NaiveRFC9162.proof(m, Self.entries[..<n])
                #expect(proof.path.map(\.bytes) == naive, "PROOF(\(m), \(n))")
                let first = TreeHead(size: UInt64(m), rootHash: roots[m])
                let second = TreeHead(size: UInt64(n), rootHash: roots[n])
                #expect(proof.verify(first: first, second: second), "verify \(m) → \(n)")
                expectConsistencyTamperingFails(proof, roots: roots, m: m, n: n)
            }
            #expect(throws: LedgerError.invalidTreeSizes(first: UInt64(n + 1), second: UInt64(n))) {
                try MerkleTree.consistencyProof(firstSize: UInt64(n + 1), leafHashes: leaves)
            }
        }
    }

    private func expectConsistencyTamperingFails(_ proof: ConsistencyProof, roots: [MerkleHash], m: Int, n: Int) {
        func accepts(_ m: Int, _ n: Int, _ r1: MerkleHash, _ r2: MerkleHash, _ path: [MerkleHash]) -> Bool {
            MerkleTree.verifyConsistency(
                firstSize: UInt64(m), secondSize: UInt64(n), firstRoot: r1, secondRoot: r2,
                path: path)
        }
        let junk = MerkleTree.leafHash([0xAB])
        for i in proof.path.indices {
            var path = proof.path
            path[i] = MerkleTree.leafHash(path[i].bytes)
            #expect(!accepts(m, n, roots[m], roots[n], path), "altered element \(i) of \(m) → \(n)")
        }
        if !proof.path.isEmpty {
            #expect(!accepts(m, n, roots[m], roots[n], Array(proof.path.dropLast())), "truncated \(m) → \(n)")
        }
        #expect(!accepts(m, n, roots[m], roots[n], proof.path + [junk]), "extended \(m) → \(n)")
        if m < n || m > 0 {
            // A wrong old root: for m = 0 the old root must be the empty root, for m = n the roots must agree.
            #expect(!accepts(m, n, junk, roots[n], proof.path), "wrong first root \(m) → \(n)")
        }
        // (For m = 0 any second root is consistent: every tree extends the empty tree.)
        if m > 0 { #expect(!accepts(m, n, roots[m], junk, proof.path), "wrong second root \(m) → \(n)") }
        if m < n && m > 0 {
            // Same proof claimed for other sizes.
            #expect(
                !accepts(m, n - 1, roots[m], roots[n - 1], proof.path) || m == n - 1 && proof.path.isEmpty,
                "claimed for \(m) → \(n - 1)")
            #expect(!accepts(m, n, roots[m - 1], roots[n], proof.path), "first root of size \(m - 1)")
        }
        #expect(!accepts(n + 1, n, roots[n], roots[n], proof.path), "first > second")
    }

    @Test func proofJSONRoundTripsAndRejectsGarbage() throws {
        let leaves = Array(Self.leafHashes[..<13])
        let inclusion = try MerkleTree.inclusionProof(leafIndex: 6, leafHashes: leaves)
        #expect(try InclusionProof(json: inclusion.json) == inclusion)
        let consistency = try MerkleTree.consistencyProof(firstSize: 5, leafHashes: leaves)
        #expect(try ConsistencyProof(json: consistency.json) == consistency)
        let head = TreeHead(leafHashes: leaves)
        #expect(try TreeHead(json: head.json) == head)
        // A larger document containing the fields also parses (the CLI may print several things at once).
        #expect(try TreeHead(json: "{\"treeSize\": 13, \"rootHash\": \"\(head.rootHash.hex)\", \"note\": 1}") == head)

        let bad: [(String, String)] = [
            ("{}", "missing field 'treeSize'"),
            ("{\"treeSize\": -1, \"rootHash\": \"\(head.rootHash.hex)\"}", ""),
            ("{\"treeSize\": 1.5, \"rootHash\": \"\(head.rootHash.hex)\"}", ""),
            ("{\"treeSize\": 1, \"rootHash\": \"abcd\"}", "'rootHash' must be 64 hex digits"),
            ("{\"treeSize\": 1, \"rootHash\": 5}", ""),
            ("not json", ""),
        ]
        for (text, fragment) in bad {
            do {
                _ = try TreeHead(json: text)
                Issue.record("accepted \(text)")
            } catch {
                guard case .invalidJSON(let what, let reason) = error else {
                    Issue.record("wrong error \(error)")
                    continue
                }
                #expect(what == "tree head")
                #expect(fragment.isEmpty || reason.contains(fragment), "\(reason)")
            }
        }
        #expect(throws: LedgerError.self) {
            try InclusionProof(json: "{\"leafIndex\": 0, \"treeSize\": 1, \"inclusionPath\": [\"zz\"]}")
        }
        #expect(throws: LedgerError.self) { try ConsistencyProof(json: "{\"firstSize\": 0, \"secondSize\": 1}") }
    }

    @Test func merkleHashParsing() {
        let hash = Self.leafHashes[3]
        #expect(MerkleHash(bytes: hash.bytes) == hash)
        #expect(MerkleHash(hex: "0x" + hash.hex.uppercased()) == hash)
        #expect(MerkleHash(bytes: [UInt8](repeating: 0, count: 31)) == nil)
        #expect(MerkleHash(hex: String(hash.hex.dropLast(2))) == nil)
    }
}
