/// Softmax over one axis of a tensor viewed as [outer, length, inner]: element (o, l, i) is at flat index
/// (o·length + l)·inner + i, and each of the outer·inner rows (fixed o, i; l = 0…length−1) is normalized.
///
/// Fixed-point semantics per row (input x at scale 2^a, output at scale 2^s = `outputBits`):
///   m = max_l x_l;  e_l = exp(x_l − m) by the piecewise-linear `exp` table (scale 2^a, on [≈ −13, 0]);
///   S = Σ e_l;  p_l = ⌊(2·e_l·2^s + S) / (2S)⌋ = round-half-up(e_l·2^s / S).
/// The table is exact at 0 (e = 2^a for the maximum), so S ≥ 2^a > 0; inputs below its lower bound (≤ −12) clamp
/// to values[0] ≤ round(e^−12·2^a) (0 for a ≤ 16). Masked scores (far below the row's maximum, e.g. a causal
/// mask of −∞) are statically below the table, so their e and p are the constant 0 and cost nothing.
///
/// Invariant: outer, length, inner ≥ 1 and their product is the tensor's element count.
public struct SoftmaxGeometry: Codable, Sendable, Equatable {
    /// Product of the dimensions before the axis.
    public var outer: Int
    /// Size of the normalized axis (of the trailing dimensions from `axis`, opset < 13).
    public var length: Int
    /// Product of the dimensions after the axis.
    public var inner: Int

    /// Elements of the tensor.
    public var count: Int { outer * length * inner }

    /// Calls `body(indices)` for every row: the flat indices of its `length` elements, in axis order.
    func forEachRow<E: Error>(_ body: ([Int]) throws(E) -> Void) throws(E) {
        for o in 0..<outer {
            for i in 0..<inner { try body((0..<length).map { (o * length + $0) * inner + i }) }
        }
    }

    /// Float semantics (the reference).
    func apply(_ x: [Double]) -> [Double] {
        var y = x
        forEachRow { idx in
            let p = Activation.softmax(idx.map { x[$0] })
            for (k, i) in idx.enumerated() { y[i] = p[k] }
        }
        return y
    }

    /// The exp table for inputs at scale 2^a: segments of width h = 2^(m − a), m = max(a − 5, 0) (h = 1/32 for
    /// a ≥ 5) from lowerBound ≤ −12 up to and including 0, the segment count N rounded up from 12/h + 1 to a multiple
    /// of the power of two L with L² ≥ N, so that the circuit selects the segment by two one-hot vectors
    /// (`lowerPiecewiseLinear`: N = 416 costs 13 + 32 + 2 + 26 constraints where 97 segments of 1/8 cost 98).
    /// Interpolation error on a segment ≤ (h²/8)·e^(x+h) (relative ≤ 1.3e−4 for h = 1/32), table rounding ½·2^−a.
    static func expTable(scale a: Int) -> PiecewiseLinearTable {
        let m = max(a - 5, 0)
        var segments = (12 << (a - m)) + 1  // the last segment starts at 0
        while true {
            var l = 1
            while l * l < segments { l <<= 1 }
            if segments % l == 0 { break }
            segments += 1
        }
        let lowerBound = -Int64(segments - 1) << Int64(m)
        let one = Double(1 << a)
        let values = (0...segments).map { j in
            Int64(Quantizer.q(Activation.exp(Double(lowerBound + Int64(j) << Int64(m)) / one) * one))
        }
        return PiecewiseLinearTable(function: "exp", lowerBound: lowerBound, segmentBits: m, values: values)
    }

    /// Upper bound of x_l − m for an element whose bound is `upper` in a row whose maximum is ≥ `rowLower`
    /// (x_l − m ≤ 0 always, since m is the maximum). Below `table.lowerBound`, e and p are constant.
    static func differenceUpper(_ upper: Int64, rowLower: Int64) -> Int64 { min(0, upper - rowLower) }

    /// Integer semantics (the executor).
    func apply(_ x: [Int64], exp t: PiecewiseLinearTable, outputBits s: Int, layer: String) throws(CompilerError)
        -> [Int64]
    {
        var y = x
        try forEachRow { idx throws(CompilerError) in
            let m = idx.map { x[$0] }.max()!
            let e = idx.map { IntegerMath.evaluate(t, x[$0] - m) }
            let total = e.reduce(0, +)
            for (k, i) in idx.enumerated() {
                let n = try IntegerMath.add(try IntegerMath.mul(2 * e[k], Int64(1) << Int64(s), layer), total, layer)
                y[i] = n / (2 * total)
            }
        }
        return y
    }

    /// Output bounds: [0, 2^s], or [0, 0] for elements whose e is statically the constant 0.
    func bounds(_ x: TensorBounds, exp t: PiecewiseLinearTable, outputBits s: Int) -> TensorBounds {
        var out = TensorBounds(
            lower: Array(repeating: 0, count: count), upper: Array(repeating: Int64(1) << Int64(s), count: count))
        forEachRow { idx in
            let rowLower = idx.map { x.lower[$0] }.max()!
            for i in idx where Self.differenceUpper(x.upper[i], rowLower: rowLower) < t.lowerBound && t.values[0] == 0 {
                out.upper[i] = 0
            }
        }
        return out
    }

    /// Rejects a geometry or table a tampered compiled model could carry.
    func validate(layer: String, inputCount: Int, exp t: PiecewiseLinearTable, outputBits s: Int) throws(CompilerError)
    {
        guard outer > 0, length > 0, inner > 0, count == inputCount, (0...30).contains(s), t.values.count >= 2,
            t.values.count <= 1 << 12, (0...30).contains(t.segmentBits), t.lowerBound < 0, t.upperBound >= 0,
            t.lowerBound.magnitude < 1 << 40, t.values.allSatisfy({ $0 >= 0 && $0 < 1 << 32 }),
            t.values.contains(where: { $0 > 0 })
        else {
            throw .invalidCompiledModel("layer '\(layer)' softmax geometry or exp table invalid")
        }
    }
}
