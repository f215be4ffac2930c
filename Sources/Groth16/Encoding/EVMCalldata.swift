import BN254
import Hashing

/// Ethereum encodings of a Groth16 proof: the calldata of the snarkjs-generated Solidity verifier
/// `verifyProof(uint[2] a, uint[2][2] b, uint[2] c, uint[N] input)` and the input of the EIP-197 pairing
/// precompile (address 0x08). G2 coordinates are written imaginary part first (x.c1, x.c0, y.c1, y.c0), as
/// EIP-197 and snarkjs's `zkey export soliditycalldata` order them.
public enum EVMCalldata {
    /// The text `snarkjs zkey export soliditycalldata` prints (without its trailing newline):
    /// `["0x…", "0x…"],[["0x…", "0x…"],["0x…", "0x…"]],["0x…", "0x…"],["0x…", …]`, every word 32 bytes in
    /// lower-case hex.
    public static func solidityCalldataText(proof: Proof, publicInputs: [Fr]) -> String {
        func word(_ bytes: ArraySlice<UInt8>) -> String { "\"0x" + Hex.encode(bytes) + "\"" }
        let a = proof.a.uncompressedBytes
        let b = proof.b.uncompressedBytes  // x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0
        let c = proof.c.uncompressedBytes
        let inputs = publicInputs.map { word($0.bigEndianBytes[...]) }.joined(separator: ",")
        return "[\(word(a[0..<32])), \(word(a[32..<64]))],"
            + "[[\(word(b[0..<32])), \(word(b[32..<64]))],[\(word(b[64..<96])), \(word(b[96..<128]))]],"
            + "[\(word(c[0..<32])), \(word(c[32..<64]))],"
            + "[\(inputs)]"
    }

    /// The Solidity function selector: the first 4 bytes of Keccak-256 of the canonical signature,
    /// e.g. `functionSelector("transfer(address,uint256)") = a9059cbb`.
    public static func functionSelector(_ signature: String) -> [UInt8] {
        Array(Keccak256.hash(Array(signature.utf8)).prefix(4))
    }

    /// The Keccak-256 digest Ethereum uses (original Keccak padding), 32 bytes.
    public static func keccak256(_ bytes: [UInt8]) -> [UInt8] { Keccak256.hash(bytes) }

    /// The complete ABI-encoded call `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[N])` for the
    /// snarkjs Solidity verifier: selector ‖ a ‖ b ‖ c ‖ inputs, all static 32-byte words
    /// (4 + 32·(8 + N) bytes).
    public static func verifyProofCalldata(proof: Proof, publicInputs: [Fr]) -> [UInt8] {
        let signature = "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[\(publicInputs.count)])"
        var out = functionSelector(signature)
        out += proof.uncompressedBytes
        for x in publicInputs { out += x.bigEndianBytes }
        return out
    }

    /// The 768-byte input to the EIP-197 pairing precompile that checks this proof the way the snarkjs
    /// verifier does: e(−A, B)·e(α, β)·e(vk_x, γ)·e(C, δ) = 1, pairs in that order, with
    /// vk_x = IC₀ + Σ x_i·IC_{i+1}. The precompile returns 1 exactly when `Groth16Verifier.verify` accepts.
    /// - Throws: `Groth16Error.wrongPublicInputCount`.
    public static func pairingPrecompileInput(
        verifyingKey vk: VerifyingKey, publicInputs: [Fr], proof: Proof
    ) throws(Groth16Error) -> [UInt8] {
        guard publicInputs.count == vk.publicInputCount else {
            throw .wrongPublicInputCount(expected: vk.publicInputCount, got: publicInputs.count)
        }
        let vkX = Groth16Verifier.linearCombination(vk.gammaABCG1, publicInputs)
        var out: [UInt8] = []
        out += proof.a.negated().uncompressedBytes + proof.b.uncompressedBytes
        out += vk.alphaG1.uncompressedBytes + vk.betaG2.uncompressedBytes
        out += vkX.uncompressedBytes + vk.gammaG2.uncompressedBytes
        out += proof.c.uncompressedBytes + vk.deltaG2.uncompressedBytes
        return out
    }
}
