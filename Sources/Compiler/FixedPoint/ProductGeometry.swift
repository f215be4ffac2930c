/// The index structure of a product of two computed tensors (activation × activation): a batch of matrix
/// products y_b = A_b·B_b with A_b an m×k block of the left tensor starting at `leftOffsets[b]` and B_b a k×n
/// block of the right tensor starting at `rightOffsets[b]`, both row-major:
///   y[(b·m + i)·n + j] = Σ_t left[leftOffsets[b] + i·k + t] · right[rightOffsets[b] + t·n + j].
/// MatMul of two activations (with numpy batch broadcasting) uses it directly; an elementwise `Mul` of two
/// tensors (with broadcasting) is the case m = k = n = 1 with the offsets as the broadcast index maps.
///
/// Invariant (checked by `validate`): both offset arrays have `batchCount` entries and every block lies inside
/// its tensor. Cost in the circuit: one constraint per product term (batch·m·n·k), then the usual rescale.
public struct ProductGeometry: Codable, Sendable, Equatable {
    /// m: rows of each left block and of each output block.
    public var rows: Int
    /// k: the summed dimension (columns of a left block, rows of a right block).
    public var inner: Int
    /// n: columns of each right block and of each output block.
    public var columns: Int
    /// Start of the left block of each batch element (flat index into the left tensor).
    public var leftOffsets: [Int]
    /// Start of the right block of each batch element (flat index into the right tensor).
    public var rightOffsets: [Int]

    /// Number of block products.
    public var batchCount: Int { leftOffsets.count }
    /// Elements of the output: batch·m·n.
    public var outputCount: Int { batchCount * rows * columns }
    /// Product terms (= constraints): batch·m·n·k.
    public var termCount: Int { outputCount * inner }

    /// Calls `body(output, leftIndex, rightIndex)` for every product term, in output order.
    func forEachTerm(_ body: (Int, Int, Int) throws(CompilerError) -> Void) throws(CompilerError) {
        for b in 0..<batchCount {
            let lo = leftOffsets[b]
            let ro = rightOffsets[b]
            for i in 0..<rows {
                for j in 0..<columns {
                    let o = (b * rows + i) * columns + j
                    for t in 0..<inner { try body(o, lo + i * inner + t, ro + t * columns + j) }
                }
            }
        }
    }

    /// Rejects geometry that would index outside the operands (a tampered compiled model).
    func validate(layer: String, leftCount: Int, rightCount: Int, outputCount n: Int) throws(CompilerError) {
        let dims = [rows, inner, columns]
        guard dims.allSatisfy({ $0 > 0 && $0 < 1 << 24 }), leftOffsets.count == rightOffsets.count, batchCount > 0,
            outputCount == n, termCount <= 1 << 26,
            leftOffsets.allSatisfy({ $0 >= 0 && $0 + rows * inner <= leftCount }),
            rightOffsets.allSatisfy({ $0 >= 0 && $0 + inner * columns <= rightCount })
        else {
            throw .invalidCompiledModel("layer '\(layer)' has invalid product geometry")
        }
    }

    /// Integer semantics (the executor): exact Int64 product-sums with overflow checks.
    func apply(_ a: [Int64], _ b: [Int64], layer: String) throws(CompilerError) -> [Int64] {
        var y = Array(repeating: Int64(0), count: outputCount)
        try forEachTerm { o, i, j throws(CompilerError) in
            y[o] = try IntegerMath.add(y[o], try IntegerMath.mul(a[i], b[j], layer), layer)
        }
        return y
    }

    /// Float semantics (the reference executor).
    func apply(_ a: [Double], _ b: [Double]) -> [Double] {
        var y = Array(repeating: 0.0, count: outputCount)
        try? forEachTerm { o, i, j in y[o] += a[i] * b[j] }
        return y
    }

    /// Interval bounds of the output: Σ over terms of [min, max] of the four corner products.
    func bounds(_ a: TensorBounds, _ b: TensorBounds, layer: String) throws(CompilerError) -> TensorBounds {
        var out = TensorBounds(
            lower: Array(repeating: 0, count: outputCount), upper: Array(repeating: 0, count: outputCount))
        try forEachTerm { o, i, j throws(CompilerError) in
            let c = [
                try IntegerMath.mul(a.lower[i], b.lower[j], layer), try IntegerMath.mul(a.lower[i], b.upper[j], layer),
                try IntegerMath.mul(a.upper[i], b.lower[j], layer), try IntegerMath.mul(a.upper[i], b.upper[j], layer),
            ]
            out.lower[o] = try IntegerMath.add(out.lower[o], c.min()!, layer)
            out.upper[o] = try IntegerMath.add(out.upper[o], c.max()!, layer)
        }
        return out
    }
}
