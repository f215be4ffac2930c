import BN254
import R1CS

/// Dense, conv, elementwise affine and average pooling (`FixedPointOp.linear`).
extension CircuitLowering {
    /// Linear layer: output i = Σ w·x + b as one linear combination. **0 constraints.**
    static func lowerLinear(_ op: LinearOperator<Int64>, _ x: [BoundedCombination], _ bounds: TensorBounds)
        -> [BoundedCombination]
    {
        let weights = op.weights.map { Fr($0) }
        return op.rows().enumerated().map { i, row in
            var terms: [LinearCombination.Term] = []
            terms.reserveCapacity(row.inputs.count + 1)
            for k in 0..<row.inputs.count {
                let w = weights[Int(row.weightIndices[k])]
                if w.isZero { continue }
                for t in x[Int(row.inputs[k])].lc.terms {
                    terms.append(LinearCombination.Term(variable: t.variable, coefficient: t.coefficient * w))
                }
            }
            if row.biasIndex >= 0 {
                terms.append(LinearCombination.Term(variable: .one, coefficient: Fr(op.bias[Int(row.biasIndex)])))
            }
            return BoundedCombination(
                lc: LinearCombination(unsortedTerms: terms), lower: bounds.lower[i], upper: bounds.upper[i])
        }
    }
}
