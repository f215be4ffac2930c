import BN254

/// Integer views of field elements used by gadgets to compute witness values: bits of the canonical
/// value, the signed interpretation (v > (r−1)/2 represents v − r), shifts and powers of two.
/// Variable time; only for witness generation, never for constraints.
enum FieldIntegers {
    /// 2^i for i in 0...255 (reduced mod r for i ≥ 254).
    static let powersOfTwo: [Fr] = {
        var out: [Fr] = [.one]
        for _ in 1..<256 { out.append(out.last!.doubled()) }
        return out
    }()

    @inline(__always)
    static func limbs(_ x: Fr) -> [UInt64] {
        let c = x.canonicalLimbs
        return [c.0, c.1, c.2, c.3]
    }

    /// Bit i (0 = least significant) of the canonical value.
    static func bit(_ limbs: [UInt64], _ i: Int) -> Bool {
        i < 256 && (limbs[i >> 6] >> UInt64(i & 63)) & 1 == 1
    }

    /// True when the canonical value is > (r−1)/2, i.e. the element represents a negative integer.
    static func isNegative(_ x: Fr) -> Bool {
        let c = limbs(x)
        let h = Fr.halfOrderLimbs
        let half = [h.0, h.1, h.2, h.3]
        for i in stride(from: 3, through: 0, by: -1) where c[i] != half[i] {
            return c[i] > half[i]
        }
        return false
    }

    /// ⌊value / 2^k⌋ of a 256-bit value.
    static func shiftRight(_ l: [UInt64], _ k: Int) -> [UInt64] {
        var out: [UInt64] = [0, 0, 0, 0]
        let words = k >> 6
        let bits = UInt64(k & 63)
        for i in 0..<4 where i + words < 4 {
            out[i] = l[i + words] >> bits
            if bits > 0 && i + words + 1 < 4 { out[i] |= l[i + words + 1] << (64 - bits) }
        }
        return out
    }

    /// value mod 2^k of a 256-bit value.
    static func lowBits(_ l: [UInt64], _ k: Int) -> [UInt64] {
        var out = l
        for i in 0..<4 {
            let lo = i * 64
            if k <= lo { out[i] = 0 } else if k < lo + 64 { out[i] &= (UInt64(1) << UInt64(k - lo)) - 1 }
        }
        return out
    }

    static func isZero(_ l: [UInt64]) -> Bool { l.allSatisfy { $0 == 0 } }

    /// The element with these canonical limbs (they are < r in every use here).
    static func element(_ l: [UInt64]) -> Fr {
        guard let x = Fr(canonicalLimbs: l[0], l[1], l[2], l[3]) else { preconditionFailure("limbs ≥ r") }
        return x
    }

    /// Signed floor division by 2^k: the (q, r) with x = q·2^k + r, 0 ≤ r < 2^k, x read as a signed
    /// integer in (−(r−1)/2, (r−1)/2]. q = ⌊x / 2^k⌋ (rounds toward −∞: arithmetic shift right).
    static func floorDivRem(_ x: Fr, _ k: Int) -> (q: Fr, r: Fr) {
        if !isNegative(x) {
            let m = limbs(x)
            return (element(shiftRight(m, k)), element(lowBits(m, k)))
        }
        let m = limbs(-x)  // x = −m, m > 0
        let qm = element(shiftRight(m, k))
        let rm = lowBits(m, k)
        if isZero(rm) { return (-qm, .zero) }
        // −m = −(qm + 1)·2^k + (2^k − rm)
        return (-(qm + .one), powersOfTwo[k] - element(rm))
    }
}
