import BN254
import R1CS

/// Embedding lookups (`FixedPointOp.embedding`, semantics in `EmbeddingParameters`).
extension CircuitLowering {
    /// Per token: a one-hot row b_0…b_{V−1} (V booleans: V constraints), Σ b_i = 1 (1) and Σ i·b_i = id (1) prove
    /// that exactly the row of the id is selected (and that 0 ≤ id < V, whatever the input's visibility); then each
    /// of the D outputs is a fresh variable y = Σ_i table[i, k]·b_i + bias (1 each, so that later ops see one wire,
    /// not V terms). **V + 2 + D constraints per token.**
    static func lowerEmbedding(
        _ cs: ConstraintSystem, _ e: EmbeddingParameters, _ ids: [BoundedCombination], _ alive: [Bool],
        label: String
    ) -> [BoundedCombination] {
        var out: [BoundedCombination] = []
        out.reserveCapacity(ids.count * e.width)
        let lo = (0..<e.width).map { k in (0..<e.vocabulary).map { e.table[$0 * e.width + k] }.min()! }
        let hi = (0..<e.width).map { k in (0..<e.vocabulary).map { e.table[$0 * e.width + k] }.max()! }
        for (t, id) in ids.enumerated() {
            let name = "\(label)[token \(t)]"
            guard alive[(t * e.width)..<((t + 1) * e.width)].contains(true) else {
                out.append(contentsOf: repeatElement(cs.boundedConstant(0), count: e.width))
                continue
            }
            let selected = CompiledModel.signedInteger(cs.value(of: id.lc)) ?? -1
            let bits = (0..<e.vocabulary).map { i in
                let v = cs.allocateWitness(Int64(i) == selected ? .one : .zero)
                cs.assertBoolean(v, label: "\(name): one-hot \(i) boolean")
                return v
            }
            cs.assertEqual(
                LinearCombination(terms: bits.map { ($0, Fr.one) }), LinearCombination.one, label: "\(name): one row")
            cs.assertEqual(
                LinearCombination(terms: bits.enumerated().map { ($0.element, Fr(UInt64($0.offset))) }), id.lc,
                label: "\(name): row index = id")
            for k in 0..<e.width {
                let bias = e.bias[t * e.width + k]
                let terms = bits.enumerated().compactMap { i, v in
                    e.table[i * e.width + k] == 0 ? nil : (v, Fr(e.table[i * e.width + k]))
                }
                let lc = LinearCombination(terms: terms) + LinearCombination(constant: Fr(bias))
                let y = cs.allocateWitness(cs.value(of: lc))
                cs.assertEqual(lc, y, label: "\(name)[\(k)]")
                out.append(BoundedCombination(lc: LinearCombination(y), lower: lo[k] + bias, upper: hi[k] + bias))
            }
        }
        return out
    }
}
