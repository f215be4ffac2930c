import BN254

extension Groth16Verifier {
    /// Verifies several proofs, each under its own key, with one shared Miller loop and one final exponentiation
    /// (the random-linear-combination batch check, e.g. gnark/arkworks batch verification): with independent
    /// random 128-bit r_i, accepts iff
    ///
    ///     Π_i e(r_i·A_i, B_i) · e(−r_i·vk_x,i, γ_i) · e(−r_i·C_i, δ_i) · e(−r_i·α_i, β_i) = 1.
    ///
    /// Every valid batch is accepted; a batch with any invalid proof is accepted with probability ≤ 2^−128 over
    /// the r_i (drawn from the system's secure generator; a verifier's coins the prover never sees). Input checks
    /// are those of `verify` and throw, naming the item (`"item i: proof.A"`). An empty batch is rejected.
    public static func verifyBatch(_ items: [(key: PreparedVerifyingKey, publicInputs: [Fr], proof: Proof)])
        throws(Groth16Error) -> Bool
    {
        guard !items.isEmpty else { return false }  // nothing proved: never "valid"
        var pairs: [(G1Affine, G2Prepared)] = []
        pairs.reserveCapacity(4 * items.count)
        var rng = SystemRandomNumberGenerator()
        let twoTo64 = Fr(UInt64(1) << 32) * Fr(UInt64(1) << 32)
        for (i, item) in items.enumerated() {
            let vk = item.key.verifyingKey
            guard item.publicInputs.count == vk.publicInputCount else {
                throw .wrongPublicInputCount(expected: vk.publicInputCount, got: item.publicInputs.count)
            }
            do { try validate(item.proof) } catch {
                switch error {
                case let .invalidPoint(field, reason): throw .invalidPoint(field: "item \(i): \(field)", reason: reason)
                case let .unexpectedInfinity(field): throw .unexpectedInfinity(field: "item \(i): \(field)")
                default: throw error
                }
            }
            var r = Fr.zero
            while r.isZero { r = Fr(rng.next()) * twoTo64 + Fr(rng.next()) }
            let vkX = linearCombination(vk.gammaABCG1, item.publicInputs)
            pairs.append(((item.proof.a * r).toAffine(), G2Prepared(item.proof.b)))
            pairs.append(((vkX * r).toAffine().negated(), item.key.gammaG2Prepared))
            pairs.append(((item.proof.c * r).toAffine().negated(), item.key.deltaG2Prepared))
            pairs.append(((vk.alphaG1 * r).toAffine().negated(), G2Prepared(vk.betaG2)))
        }
        return Pairing.productIsOne(pairs)
    }
}
