import Hashing
import Ledger
import Testing

/// The ledger-registry contract's calldata and sources (the contract itself runs in Tests/EVM, driven by
/// EndToEndTests/EVMTests).
@Suite struct LedgerRegistryContractTests {
    static func leaves(_ n: Int) -> [MerkleHash] {
        (0..<n).map { MerkleTree.leafHash([UInt8(truncatingIfNeeded: $0)]) }
    }

    @Test func verifyInclusionCalldataLayout() throws {
        let leaves = Self.leaves(7)
        let proof = try MerkleTree.inclusionProof(leafIndex: 5, leafHashes: leaves)
        let data = proof.evmCalldata(leafHash: leaves[5])
        #expect(
            Array(data.prefix(4))
                == Array(Keccak256.hash(Array("verifyInclusion(bytes32,uint256,uint256,bytes32[])".utf8)).prefix(4)))
        #expect(data.count == 4 + 32 * (5 + proof.path.count))
        func word(_ i: Int) -> [UInt8] { Array(data[(4 + 32 * i)..<(4 + 32 * (i + 1))]) }
        func uint(_ i: Int) -> UInt64 { word(i).suffix(8).reduce(0) { $0 << 8 | UInt64($1) } }
        #expect(word(0) == leaves[5].bytes)
        #expect(uint(1) == 5 && uint(2) == 7 && uint(3) == 0x80 && uint(4) == UInt64(proof.path.count))
        #expect(word(1).prefix(24).allSatisfy { $0 == 0 })
        for (k, p) in proof.path.enumerated() { #expect(word(5 + k) == p.bytes) }
        #expect(proof.evmCalldataHex(leafHash: leaves[5]) == "0x" + Hex.encode(data))
    }

    @Test func sourcesDeclareTheSameInterface() {
        let sol = LedgerRegistryContract.solidity(name: "Reg")
        let vy = LedgerRegistryContract.vyper(name: "Reg")
        #expect(sol.contains("contract Reg {"))
        #expect(vy.contains("# @title Reg:"))
        for s in [sol, vy] {
            for name in ["publishRoot", "verifyInclusion", "setPublisher", "RootPublished", "rootOf", "latestTreeSize"]
            {
                #expect(s.contains(name), "\(name) missing")
            }
            // Node hash of RFC 9162 as MerkleTree computes it: SHA-256(0x01 ‖ left ‖ right).
            #expect(s.contains("0x01"))
        }
        #expect(TreeHead.publishRootSignature == "publishRoot(uint64,bytes32)")
    }
}
