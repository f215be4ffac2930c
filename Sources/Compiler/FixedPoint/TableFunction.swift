import Foundation

/// Bounded scalar functions evaluated by a `PiecewiseLinearTable` (uniform segments of width h = 2^−`widthBits`
/// on [−`domain`, `domain`), clamped outside): the Erf op and the Gaussian CDFs inside Gelu (exact and tanh
/// forms). Interpolation error ≤ max|f''|·h²/8; plus the clamp tail, table and final rounding (≤ u) and input
/// rounding × max|f'| — the numbers are in README.md ("Error bounds").
public enum TableFunction: String, Codable, Sendable {
    /// erf(x): 128 segments of 1/16 on [−4, 4); max|erf''| = 0.968 → 4.7e−4; tail 1 − erf(4) = 1.5e−8.
    case erf
    /// Φ(x) = ½(1 + erf(x/√2)): 192 segments of 1/16 on [−6, 6); max|Φ''| = 0.242 → 1.2e−4; tail 1e−9.
    case normalCDF
    /// ½(1 + tanh(√(2/π)(x + 0.044715x³))) (Gelu approximate="tanh"): same grid as `normalCDF`; |f''| ≤ 0.25 →
    /// 1.3e−4; tail 3e−9.
    case tanhCDF
    /// exp(x): 256 segments of 1/16 on [−8, 8); relative interpolation error (h²/8)·e^h = 5.2e−4; inputs below −8 are
    /// clamped (tail e^−8 = 3.4e−4); an input whose static bound passes 8 is refused at compile time.
    case exp

    var domain: Int {
        switch self {
        case .erf: return 4
        case .normalCDF, .tanhCDF: return 6
        case .exp: return 8
        }
    }

    var widthBits: Int { 4 }

    /// The real function (the float reference).
    func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .erf: return Foundation.erf(x)
        case .normalCDF: return 0.5 * (1 + Foundation.erf(x / 2.0.squareRoot()))
        case .tanhCDF: return 0.5 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)))
        case .exp: return Foundation.exp(x)
        }
    }

    /// The table for inputs at scale 2^a (values at scale 2^a). Segment width 2^m with m = max(a − widthBits, 0).
    func table(scale a: Int) -> PiecewiseLinearTable {
        let m = max(a - widthBits, 0)
        let lowerBound = -Int64(domain) << Int64(a)
        let segments = Int((2 * Int64(domain) << Int64(a)) >> Int64(m))
        let one = Double(1 << a)
        let values = (0...segments).map { j in
            Int64(Quantizer.q(self(Double(lowerBound + Int64(j) << Int64(m)) / one) * one))
        }
        return PiecewiseLinearTable(function: rawValue, lowerBound: lowerBound, segmentBits: m, values: values)
    }
}
