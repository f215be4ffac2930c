import BN254

/// The deterministic randomness snarkjs derives points from, reproduced bit for bit so that contributions made
/// by snarkjs verify here and ours verify there: ffjavascript's `ChaCha` (ChaCha20 block function, RFC 8439
/// §2.3, keyed by 8 u32 words, zero nonce, 64-bit block counter in words 12–13 carried into 14–15, output
/// word by word) and its `fromRng` for F_q, F_q2, G1 and G2 (`wasm_field1.js`, `wasm_field2.js`,
/// `wasm_curve.js`), and snarkjs's `hashToG2` (`keypair.js`: the first 32 bytes of a hash, as 8 big-endian
/// u32, seed the ChaCha stream).
///
/// Invariant: `state` is the ChaCha input block (constants, key, counter); `buffer[index...]` are the words of
/// the current output block not yet handed out.
public struct SnarkJSChaCha: Sendable {
    private var state: [UInt32]
    private var buffer = [UInt32](repeating: 0, count: 16)
    private var index = 16

    /// A stream keyed by `seed` (8 words).
    public init(seed: [UInt32]) {
        precondition(seed.count == 8, "ChaCha is keyed by 8 words")
        state = [0x6170_7865, 0x3320_646E, 0x7962_2D32, 0x6B20_6574] + seed + [0, 0, 0, 0]
    }

    /// snarkjs `hashToG2` seeding: the first 32 bytes of `hash` as 8 big-endian words.
    public init(hash: [UInt8]) {
        precondition(hash.count >= 32, "a seed needs 32 bytes")
        self.init(seed: (0..<8).map { i in hash[4 * i..<4 * i + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } })
    }

    /// The next 32-bit word of the ChaCha20 output stream (a new block every 16 words).
    public mutating func nextU32() -> UInt32 {
        if index == 16 { refill() }
        defer { index += 1 }
        return buffer[index]
    }

    /// ffjavascript `nextU64`: the first word is the high half.
    public mutating func nextU64() -> UInt64 {
        let high = UInt64(nextU32())
        return high << 32 | UInt64(nextU32())
    }

    /// A bit from the low bit of the next word (ffjavascript `nextBool`).
    public mutating func nextBool() -> Bool { nextU32() & 1 == 1 }

    private mutating func refill() {
        var x = state
        func quarter(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            x[a] &+= x[b]
            x[d] ^= x[a]
            x[d] = x[d].rotl(16)
            x[c] &+= x[d]
            x[b] ^= x[c]
            x[b] = x[b].rotl(12)
            x[a] &+= x[b]
            x[d] ^= x[a]
            x[d] = x[d].rotl(8)
            x[c] &+= x[d]
            x[b] ^= x[c]
            x[b] = x[b].rotl(7)
        }
        for _ in 0..<10 {
            quarter(0, 4, 8, 12)
            quarter(1, 5, 9, 13)
            quarter(2, 6, 10, 14)
            quarter(3, 7, 11, 15)
            quarter(0, 5, 10, 15)
            quarter(1, 6, 11, 12)
            quarter(2, 7, 8, 13)
            quarter(3, 4, 9, 14)
        }
        for i in 0..<16 { buffer[i] = x[i] &+ state[i] }
        index = 0
        for word in 12..<16 {
            state[word] &+= 1
            if state[word] != 0 { break }
        }
    }

    // MARK: ffjavascript fromRng

    /// F_q `fromRng`: 4 × nextU64 as little-endian limbs, masked to 254 bits, redrawn while ≥ q; the result is
    /// those limbs taken as Montgomery form (ffjavascript does not convert), i.e. the element v·R⁻¹.
    public mutating func nextFq() -> Fq {
        while true {
            let l0 = nextU64()
            let l1 = nextU64()
            let l2 = nextU64()
            let l3 = nextU64() & (UInt64.max >> 2)
            let m = Fq.modulusLimbs
            let below = l3 != m.3 ? l3 < m.3 : l2 != m.2 ? l2 < m.2 : l1 != m.1 ? l1 < m.1 : l0 < m.0
            if below { return Fq(montgomeryLimbs: l0, l1, l2, l3) }
        }
    }

    /// F_r `fromRng` (same procedure with r).
    public mutating func nextFr() -> Fr {
        while true {
            let l0 = nextU64()
            let l1 = nextU64()
            let l2 = nextU64()
            let l3 = nextU64() & (UInt64.max >> 2)
            let m = Fr.modulusLimbs
            let below = l3 != m.3 ? l3 < m.3 : l2 != m.2 ? l2 < m.2 : l1 != m.1 ? l1 < m.1 : l0 < m.0
            if below { return Fr(montgomeryLimbs: l0, l1, l2, l3) }
        }
    }

    /// wasmcurves `isNegative` on F_q: the canonical value is above (q − 1)/2.
    static func isNegative(_ x: Fq) -> Bool {
        let c = x.canonicalLimbs
        let h = Fq.halfOrderLimbs
        if c.3 != h.3 { return c.3 > h.3 }
        if c.2 != h.2 { return c.2 > h.2 }
        if c.1 != h.1 { return c.1 > h.1 }
        return c.0 > h.0
    }

    /// On F_q2: the sign of c1, or of c0 when c1 = 0.
    static func isNegative(_ x: Fq2) -> Bool { x.c1.isZero ? isNegative(x.c0) : isNegative(x.c1) }

    /// G1 `fromRng`: x from the stream, a sign bit, retried until x³ + 3 is a square; y the root whose
    /// sign is that bit (G1 has cofactor 1).
    public mutating func nextG1() -> G1Affine {
        while true {
            let x = nextFq()
            let greatest = nextBool()
            guard var y = (x.squared() * x + G1Affine.b).squareRoot else { continue }
            if greatest != Self.isNegative(y) { y = -y }
            return G1Affine(uncheckedX: x, y: y)
        }
    }

    /// G2 `fromRng`: as G1 on the twist y² = x³ + 3/(9 + u), x = c0 + c1·u with c0 drawn first, then
    /// multiplied by the cofactor 2q − r (ffjavascript bn128 `cofactorG2`) into the order-r subgroup.
    public mutating func nextG2() -> G2Affine {
        while true {
            let c0 = nextFq()
            let c1 = nextFq()
            let x = Fq2(c0, c1)
            let greatest = nextBool()
            guard var y = (x.squared() * x + G2Affine.b).squareRoot else { continue }
            if greatest != Self.isNegative(y) { y = -y }
            let cofactor: (UInt64, UInt64, UInt64, UInt64) =
                (0x345f_2299_c0f9_fa8d, 0x06ce_ecda_572a_2489, 0xb850_45b6_8181_585e, 0x3064_4e72_e131_a029)
            return G2Jacobian(G2Affine(uncheckedX: x, y: y)).multiplied(byLimbs: cofactor).toAffine()
        }
    }

    /// snarkjs `hashToG2(curve, hash)`: the G2 point the proof of knowledge of a phase-2 contribution is
    /// checked against (g2_sp).
    public static func hashToG2(_ hash: [UInt8]) -> G2Affine {
        var rng = SnarkJSChaCha(hash: hash)
        return rng.nextG2()
    }
}

private extension UInt32 {
    func rotl(_ n: UInt32) -> UInt32 { self << n | self >> (32 - n) }
}
