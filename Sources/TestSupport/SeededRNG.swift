/// SplitMix64 (Steele, Lea, Flood, "Fast Splittable Pseudorandom Number Generators", OOPSLA 2014; the
/// constants are those of Java's SplittableRandom): a tiny, fast, deterministic generator for tests.
///
/// Invariant: the whole state is `state`; the same seed always yields the same sequence on every platform.
/// NOT cryptographically secure — tests and benchmarks only.
public struct SeededRNG: RandomNumberGenerator, Sendable {
    /// The whole generator state: a Weyl counter advanced by the golden-ratio increment on every `next()`.
    public private(set) var state: UInt64

    /// A generator whose sequence is determined by `seed` alone (any value, 0 included).
    public init(seed: UInt64) { state = seed }

    /// The next 64-bit output: advances `state` and returns the SplitMix64 mix of it (full 64-bit range).
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z &>> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z &>> 31)
    }
}

/// The seed for a randomized test: `ZK_TEST_SEED` from the environment (decimal or 0x-hex) when set, so a failing
/// run can be replayed, else `fallback`. Tests should print/attach the seed they used in failure messages.
public func testSeed(fallback: UInt64) -> UInt64 {
    guard let text = getEnvironment("ZK_TEST_SEED") else { return fallback }
    if text.hasPrefix("0x"), let v = UInt64(text.dropFirst(2), radix: 16) { return v }
    return UInt64(text) ?? fallback
}

/// Whether `ZK_LONG_TESTS=1` asks for larger sizes / more iterations.
public var longTestsEnabled: Bool { getEnvironment("ZK_LONG_TESTS") == "1" }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func getEnvironment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}
