/// The coefficients (r0, r1, r2) of one Miller-loop line, in F_q2, before evaluation at P = (x_P, y_P).
///
/// The untwisted line, evaluated at P, is the sparse F_q12 element r0·y_P + r1·x_P·w + r2·w³ (= coefficients
/// 0, 3, 4 of `Fq12.mulBy034`), correct up to a factor in F_q2 that the final exponentiation removes.
public struct LineCoefficients: Sendable, Hashable {
    /// The coefficient multiplied by y_P: slot 0 of the sparse F_q12 line value.
    public var r0: Fq2
    /// The coefficient multiplied by x_P: slot 3 (w) of the sparse F_q12 line value.
    public var r1: Fq2
    /// The constant coefficient: slot 4 (w³) of the sparse F_q12 line value.
    public var r2: Fq2
}

/// A G2 point with the line coefficients of its optimal-ate Miller loop precomputed, so that a fixed G2 point
/// (a verifying key's β, γ, δ) is paid for once. The loop is independent of P, so the lines can be recorded ahead.
///
/// Invariant: `lines` holds, in Miller-loop order, one doubling line per NAF digit of 6u + 2 below the top one,
/// one addition line per non-zero digit, then the two Frobenius-twisted addition lines (T + π(Q), T − π²(Q)).
/// Empty exactly when the point is infinity (it then contributes 1 to any pairing product). The point is
/// assumed to be on the twist and in the order-r subgroup (decoders check this); otherwise the pairing value is
/// meaningless but nothing traps.
public struct G2Prepared: Sendable {
    /// The Miller-loop lines in loop order (88 for a finite point, none for infinity); see the type invariant.
    public let lines: [LineCoefficients]
    /// Whether the prepared point is infinity, in which case `lines` is empty and the pairing factor is 1.
    public let isInfinity: Bool

    /// Runs the Miller loop's G2 side on homogeneous projective coordinates (x = X/Z, y = Y/Z) and records the
    /// line coefficients: 64 doublings, 22 additions and 2 final additions (88 lines) for BN254.
    public init(_ q: G2Affine) {
        isInfinity = q.isInfinity
        if q.isInfinity {
            lines = []
            return
        }
        let digits = Pairing.loopNAF
        var lines: [LineCoefficients] = []
        lines.reserveCapacity(Pairing.lineCount)
        var t = HomogeneousG2(x: q.x, y: q.y, z: .one)
        let negativeQ = G2Affine(uncheckedX: q.x, y: -q.y)
        let b = TowerConstants.twistB
        for i in stride(from: digits.count - 2, through: 0, by: -1) {
            lines.append(t.doubleStep(twistB: b))
            if digits[i] == 1 {
                lines.append(t.addStep(q))
            } else if digits[i] == -1 {
                lines.append(t.addStep(negativeQ))
            }
        }
        // The optimal-ate correction (Vercauteren, "Optimal Pairings", IEEE TIT 2010, §IV, BN case):
        // f ← f·l_{T,Q1}(P), T ← T + Q1, f ← f·l_{T,−Q2}(P), with Q1 = π(Q), Q2 = π²(Q); u > 0, so no conjugation.
        let gamma1 = TowerConstants.frobeniusCoefficients[1]
        let gamma2 = TowerConstants.frobeniusCoefficients[2]
        // π on the twist: (x, y) ↦ (conj(x)·ξ^((q−1)/3), conj(y)·ξ^((q−1)/2)) = (x̄·γ_{1,2}, ȳ·γ_{1,3}).
        let q1 = G2Affine(uncheckedX: q.x.conjugate() * gamma1[2], y: q.y.conjugate() * gamma1[3])
        // π²: (x·ξ^((q²−1)/3), y·ξ^((q²−1)/2)); negated for −Q2.
        let minusQ2 = G2Affine(uncheckedX: q.x * gamma2[2], y: -(q.y * gamma2[3]))
        lines.append(t.addStep(q1))
        lines.append(t.addStep(minusQ2))
        assert(lines.count == Pairing.lineCount)
        self.lines = lines
    }
}

/// A point of the twist in homogeneous projective coordinates (x = X/Z, y = Y/Z), used only inside the
/// Miller loop's line recording.
struct HomogeneousG2 {
    var x: Fq2
    var y: Fq2
    var z: Fq2

    /// T ← 2T and the tangent line at T. Costello–Lange–Naehrig, "Faster Pairing Computations on Curves with
    /// High-Degree Twists", PKC 2010 (eprint 2009/615), in the form of Aranha, Karabina, Longa, Gebotys, López,
    /// "Faster Explicit Formulas for Computing Pairings over Ordinary Curves", EUROCRYPT 2011 (eprint 2010/526),
    /// eq. (10) for a D-type twist (gnark-crypto `doubleStep`): 3M + 6S + 1 multiplication by b'.
    ///
    /// Line: 2YZ·y_P − 3X²·x_P·w + (Y² − 3b'Z²)·w³ (tangent scaled by 2YZ; X³ eliminated with the curve
    /// equation), recorded negated as (−2YZ, 3X², 3b'Z² − Y²).
    mutating func doubleStep(twistB: Fq2) -> LineCoefficients {
        let a = (x * y).halved()  // XY/2
        let b = y.squared()  // Y²
        let c = z.squared()  // Z²
        let e = twistB * (c.doubled() + c)  // 3b'Z²
        let f = e.doubled() + e  // 9b'Z²
        let g = (b + f).halved()  // (Y² + 9b'Z²)/2
        let h = (y + z).squared() - (b + c)  // 2YZ
        let i = e - b  // 3b'Z² − Y²
        let j = x.squared()  // X²
        let e2 = e.squared()
        x = a * (b - f)  // X3 = XY/2·(Y² − 9b'Z²)
        y = g.squared() - (e2.doubled() + e2)  // Y3 = G² − 3E²
        z = b * h  // Z3 = 2Y³Z
        return LineCoefficients(r0: -h, r1: j.doubled() + j, r2: i)
    }

    /// T ← T + Q (Q affine) and the line through T and Q: 11M + 2S (same sources as `doubleStep`;
    /// gnark-crypto `addMixedStep`). With θ = Y − y_Q·Z and λ = X − x_Q·Z (slope θ/λ), the line scaled by λ is
    /// λ·y_P − θ·x_P·w + (θ·x_Q − λ·y_Q)·w³.
    mutating func addStep(_ q: G2Affine) -> LineCoefficients {
        let theta = y - q.y * z
        let lambda = x - q.x * z
        let c = theta.squared()
        let d = lambda.squared()
        let e = lambda * d  // λ³
        let f = z * c  // Z·θ²
        let g = x * d  // X·λ²
        let h = e + f - g.doubled()  // λ³ + Zθ² − 2Xλ²
        x = lambda * h
        y = theta * (g - h) - y * e
        z = z * e
        let j = theta * q.x - lambda * q.y
        return LineCoefficients(r0: lambda, r1: -theta, r2: j)
    }
}
