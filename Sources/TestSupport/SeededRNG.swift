import Hashing

/// The seeded generator of every test and benchmark: `Hashing.SplitMix64`, the copy the product itself uses for
/// its `…SeededForTestsOnly` entry points (one implementation, so a seed means the same sequence everywhere).
/// Seed it with `testSeed(fallback:)` so that `ZK_TEST_SEED` replays a failing run.
public typealias SeededRNG = SplitMix64

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
