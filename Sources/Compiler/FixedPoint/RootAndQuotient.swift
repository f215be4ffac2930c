/// Integer semantics of the standalone `Sqrt` and of `Div` by a computed tensor (decomposed LayerNorm, hand-written
/// normalizations), shared by the executor and the interval analysis. Circuits: `CircuitLowering.lowerSquareRoot`,
/// `lowerDivision`.
///
/// Sqrt, input X at scale 2^a, output at 2^a: y = ⌊√(max(X, 0)·2^a)⌋ (negative inputs, which only interval
/// looseness or rounding produce before a square root, count as 0). Error ≤ 2^−a (floor) plus the input's error
/// times 1/(2√x).
///
/// Div, A at scale 2^a, B at scale 2^b, output at 2^s: with shift k = s − a + b and d = max(B, 1),
/// y = ⌊(2·A·2^k + d) / (2d)⌋, i.e. A·2^k/d rounded half up. The divisor must never be negative (checked on its
/// static bound at compile time); a divisor that quantizes to 0 is taken as one unit 2^−b. Error ≤ 2^−(s+1) plus
/// the propagated input errors (|A|/B² per unit of B).
enum RootAndQuotient {
    /// ⌊√v⌋ for v ≥ 0.
    static func integerSquareRoot(_ v: Int64) -> Int64 {
        guard v > 0 else { return 0 }
        var r = Int64(Double(v).squareRoot())
        while r > 0, UInt128(r) * UInt128(r) > UInt128(v) { r -= 1 }
        while UInt128(r + 1) * UInt128(r + 1) <= UInt128(v) { r += 1 }
        return r
    }

    /// y = ⌊√(max(x, 0)·2^shift)⌋.
    static func squareRoot(_ x: Int64, shift: Int, layer: String) throws(CompilerError) -> Int64 {
        integerSquareRoot(try IntegerMath.mul(max(x, 0), Int64(1) << Int64(shift), layer))
    }

    /// y = ⌊(2·a·2^shift + d) / (2d)⌋ with d = max(b, 1).
    static func quotient(_ a: Int64, _ b: Int64, shift: Int, layer: String) throws(CompilerError) -> Int64 {
        let d = max(b, 1)
        let numerator = try IntegerMath.add(try IntegerMath.mul(a, Int64(2) << Int64(shift), layer), d, layer)
        let denominator = try IntegerMath.mul(2, d, layer)
        // Floor division (Swift's / truncates towards zero).
        let q = numerator / denominator
        return numerator % denominator < 0 ? q - 1 : q
    }

    /// Elementwise quotients over the broadcast maps of `g` (m = k = n = 1).
    static func divide(_ a: [Int64], _ b: [Int64], _ g: ProductGeometry, shift: Int, layer: String)
        throws(CompilerError) -> [Int64]
    {
        var y: [Int64] = []
        y.reserveCapacity(g.outputCount)
        for o in 0..<g.outputCount {
            y.append(try quotient(a[g.leftOffsets[o]], b[g.rightOffsets[o]], shift: shift, layer: layer))
        }
        return y
    }

    /// Exact output bounds of `divide`: the quotient is monotone in A and, for fixed A, in d, so the extremes are at
    /// the corners. Throws when the divisor's static bound allows a negative value.
    static func divisionBounds(_ a: TensorBounds, _ b: TensorBounds, _ g: ProductGeometry, shift: Int, layer: String)
        throws(CompilerError) -> TensorBounds
    {
        var out = TensorBounds(lower: [], upper: [])
        for o in 0..<g.outputCount {
            let i = g.leftOffsets[o]
            let j = g.rightOffsets[o]
            guard b.lower[j] >= 0 else {
                throw .overflow(
                    layer: layer,
                    reason: "Div by a tensor needs a divisor that is never negative; its static bound is "
                        + "[\(b.lower[j]), \(b.upper[j])] (integers)")
            }
            var corners: [Int64] = []
            for x in [a.lower[i], a.upper[i]] {
                for d in [b.lower[j], b.upper[j]] { corners.append(try quotient(x, d, shift: shift, layer: layer)) }
            }
            out.lower.append(corners.min()!)
            out.upper.append(corners.max()!)
        }
        return out
    }
}
