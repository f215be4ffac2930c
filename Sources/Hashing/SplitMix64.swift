/// SplitMix64 (Steele, Lea, Flood, "Fast Splittable Pseudorandom Number Generators", OOPSLA 2014; the constants
/// are those of Java's `SplittableRandom`): the one seeded generator of zkinfer, behind Groth16's
/// `…SeededForTestsOnly` entry points and, as `TestSupport.SeededRNG`, every test and benchmark.
///
/// Invariant: the whole state is `state`; the same seed yields the same sequence on every platform.
/// NOT cryptographically secure: never for keys or proofs that leave a test.
public struct SplitMix64: RandomNumberGenerator, Sendable {
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
