/// Checked Int64 helpers shared by the executor and the interval analysis. Overflow is reported as
/// `CompilerError.overflow(layer:…)` rather than trapping.
enum IntegerMath {
    @inline(__always)
    static func add(_ a: Int64, _ b: Int64, _ layer: String) throws(CompilerError) -> Int64 {
        let (r, o) = a.addingReportingOverflow(b)
        if o { throw .overflow(layer: layer, reason: "sum exceeds 64 bits") }
        return r
    }

    @inline(__always)
    static func mul(_ a: Int64, _ b: Int64, _ layer: String) throws(CompilerError) -> Int64 {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        if o { throw .overflow(layer: layer, reason: "product exceeds 64 bits") }
        return r
    }

    /// toNearestOrUp(x / 2^k) = ⌊(x + 2^(k−1)) / 2^k⌋ (arithmetic shift is floor division); x for k = 0.
    @inline(__always)
    static func rescale(_ x: Int64, shift k: Int) -> Int64 {
        k == 0 ? x : (x + (Int64(1) << Int64(k - 1))) >> Int64(k)
    }

    /// Number of bits n ≥ 0 with 2^n ≥ v (v ≥ 0).
    static func bitsFor(_ v: Int64) -> Int {
        v <= 1 ? 0 : 64 - (v - 1).leadingZeroBitCount
    }

    /// Piecewise-linear table evaluation (see `PiecewiseLinearTable`).
    static func evaluate(_ t: PiecewiseLinearTable, _ q: Int64) -> Int64 {
        let c = min(max(q, t.lowerBound), t.upperBound)
        let u = c - t.lowerBound
        let j = Int(u >> Int64(t.segmentBits))
        let l = u & ((Int64(1) << Int64(t.segmentBits)) - 1)
        let v = (t.values[j] << Int64(t.segmentBits)) + (t.values[j + 1] - t.values[j]) * l
        return rescale(v, shift: t.segmentBits)
    }
}
