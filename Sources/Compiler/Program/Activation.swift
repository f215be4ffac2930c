/// The real activation functions (no Foundation: exp by range reduction and a Taylor series, accurate to
/// ~1e-15 relative, which is far below the fixed-point resolution).
public enum Activation {
    /// e^x for every Double: NaN stays NaN, x > 709 gives +∞, x < −745 gives 0.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709 { return .infinity }
        if x < -745 { return 0 }
        // x = k·ln2 + r, |r| ≤ ln2/2; e^r by Taylor series to degree 20.
        let ln2 = 0.6931471805599453
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0
        var sum = 1.0
        for n in 1...20 {
            term *= r / Double(n)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
    }

    /// σ(x) = 1 / (1 + e^−x), in [0, 1], evaluated without overflow for either sign of x.
    public static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }

    /// tanh(x) = 2σ(2x) − 1, in [−1, 1].
    public static func tanh(_ x: Double) -> Double { 2 * sigmoid(2 * x) - 1 }

    /// softmax(x)_i = e^(x_i − max x) / Σ_j e^(x_j − max x): sums to 1; empty for an empty input.
    public static func softmax(_ x: [Double]) -> [Double] {
        guard let m = x.max() else { return [] }
        let e = x.map { exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }
}
