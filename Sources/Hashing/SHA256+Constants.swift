// SHA-256 constants, derived here from their definitions instead of pasted (FIPS 180-4 §4.2.2 and §5.3.3):
//   K_t   = first 32 bits of the fractional part of the cube root of the t-th prime (t = 0…63),
//   H0_i  = first 32 bits of the fractional part of the square root of the i-th prime (i = 0…7).
// "First 32 fractional bits of ∛p" = ⌊∛(p·2^96)⌋ mod 2^32 and of √p = ⌊√(p·2^64)⌋ mod 2^32, computed
// exactly with UInt128 integer roots (p ≤ 311, so p·2^96 < 2^105). The NIST vectors in the tests check them.

/// Exact SHA-256 constants (computed once, on first use).
@usableFromInline
enum SHA256Constants {
    /// K_0…K_63 (FIPS 180-4 §4.2.2).
    @usableFromInline static let roundConstants: [UInt32] = firstPrimes(64).map { p in
        UInt32(truncatingIfNeeded: integerRoot(UInt128(p) << 96, degree: 3))
    }

    /// H(0) (FIPS 180-4 §5.3.3).
    static let initialHash: [UInt32] = firstPrimes(8).map { p in
        UInt32(truncatingIfNeeded: integerRoot(UInt128(p) << 64, degree: 2))
    }

    /// The first `count` primes, by trial division.
    static func firstPrimes(_ count: Int) -> [UInt64] {
        var primes: [UInt64] = []
        var candidate: UInt64 = 2
        while primes.count < count {
            if !primes.contains(where: { $0 * $0 <= candidate && candidate % $0 == 0 }) { primes.append(candidate) }
            candidate += 1
        }
        return primes
    }

    /// ⌊n^(1/degree)⌋ by binary search (degree 2 or 3, n < 2^108 so every probe cube fits in UInt128).
    static func integerRoot(_ n: UInt128, degree: Int) -> UInt128 {
        var low: UInt128 = 0
        var high: UInt128 = 1 << 37  // (2^37)^3 = 2^111 > n for every n used here
        while low < high {  // invariant: root ∈ [low, high]
            let mid = (low + high + 1) / 2
            var power: UInt128 = 1
            for _ in 0..<degree { power *= mid }
            if power <= n { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
