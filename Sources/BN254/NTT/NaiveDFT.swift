/// Reference transforms: the O(n²) DFT that every fast NTT path is tested against.
public enum NTT {
    /// The discrete Fourier transform by definition: out[k] = Σ_j coefficients[j] · omega^(j·k), for
    /// k < n = coefficients.count. Works for any length and any `omega` (the caller supplies a primitive
    /// n-th root of unity to get a DFT). O(n²) multiplications: a test oracle, not for production sizes.
    public static func naiveDFT(_ coefficients: [Fr], omega: Fr) -> [Fr] {
        let n = coefficients.count
        var out = [Fr](repeating: .zero, count: n)
        var omegaK = Fr.one  // omega^k
        for k in 0..<n {
            // Horner: Σ_j c_j·x^j at x = omega^k.
            var acc = Fr.zero
            for j in stride(from: n - 1, through: 0, by: -1) {
                acc = acc * omegaK + coefficients[j]
            }
            out[k] = acc
            omegaK *= omega
        }
        return out
    }

    /// Evaluates the polynomial Σ_j coefficients[j]·X^j at `point` (Horner, n multiplications).
    public static func evaluate(_ coefficients: [Fr], at point: Fr) -> Fr {
        var acc = Fr.zero
        for c in coefficients.reversed() { acc = acc * point + c }
        return acc
    }
}
