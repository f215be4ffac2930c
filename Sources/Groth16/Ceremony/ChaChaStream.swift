/// ffjavascript's `ChaCha` random stream (`src/chacha.js`): the ChaCha20 block function (RFC 8439 §2.3, 20
/// rounds) keyed by eight 32-bit seed words, nonce zero, a 128-bit block counter in state words 12…15, read
/// one 32-bit word at a time. snarkjs derives every "random" value a verifier must recompute from it
/// (hash-to-G2 of a proof of knowledge, the keys of a beacon contribution), so this is bit-exact with it.
///
/// Invariant: `index` ∈ 0…16; words `block[index...]` are unread output of the current block.
struct ChaChaStream {
    private var state: [UInt32]
    private var block = [UInt32](repeating: 0, count: 16)
    private var index = 16

    init(seed: [UInt32]) {
        precondition(seed.count == 8, "ChaCha seed is 8 words")
        state = [0x6170_7865, 0x3320_646E, 0x7962_2D32, 0x6B20_6574] + seed + [0, 0, 0, 0]
    }

    /// The seed as snarkjs reads it from a hash: the first 32 bytes as eight big-endian words.
    init(seedBytes b: [UInt8]) {
        precondition(b.count >= 32, "ChaCha seed needs 32 bytes")
        self.init(seed: (0..<8).map { i in
            UInt32(b[4 * i]) << 24 | UInt32(b[4 * i + 1]) << 16 | UInt32(b[4 * i + 2]) << 8 | UInt32(b[4 * i + 3])
        })
    }

    mutating func nextUInt32() -> UInt32 {
        if index == 16 { refill() }
        defer { index += 1 }
        return block[index]
    }

    /// ffjavascript `nextU64`: the first word is the HIGH half.
    mutating func nextUInt64() -> UInt64 {
        let high = UInt64(nextUInt32())
        return high << 32 | UInt64(nextUInt32())
    }

    mutating func nextBool() -> Bool { nextUInt32() & 1 == 1 }

    @inline(__always)
    private static func quarterRound(_ s: inout [UInt32], _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        s[a] &+= s[b]; s[d] ^= s[a]; s[d] = s[d].rotatedLeft(16)
        s[c] &+= s[d]; s[b] ^= s[c]; s[b] = s[b].rotatedLeft(12)
        s[a] &+= s[b]; s[d] ^= s[a]; s[d] = s[d].rotatedLeft(8)
        s[c] &+= s[d]; s[b] ^= s[c]; s[b] = s[b].rotatedLeft(7)
    }

    private mutating func refill() {
        var x = state
        for _ in 0..<10 {
            Self.quarterRound(&x, 0, 4, 8, 12)
            Self.quarterRound(&x, 1, 5, 9, 13)
            Self.quarterRound(&x, 2, 6, 10, 14)
            Self.quarterRound(&x, 3, 7, 11, 15)
            Self.quarterRound(&x, 0, 5, 10, 15)
            Self.quarterRound(&x, 1, 6, 11, 12)
            Self.quarterRound(&x, 2, 7, 8, 13)
            Self.quarterRound(&x, 3, 4, 9, 14)
        }
        for i in 0..<16 { block[i] = x[i] &+ state[i] }
        index = 0
        for i in 12..<16 {
            state[i] &+= 1
            if state[i] != 0 { break }
        }
    }
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedLeft(_ n: UInt32) -> UInt32 { (self << n) | (self >> (32 - n)) }
}
