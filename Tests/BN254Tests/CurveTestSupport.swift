import BN254

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator so that every random test can be replayed
/// from the seed it prints.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Decodes lower/upper-case hex without a prefix; nil on odd length or a non-hex character.
func hexBytes(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count % 2 == 0 else { return nil }
    func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
    var out: [UInt8] = []
    out.reserveCapacity(chars.count / 2)
    for i in stride(from: 0, to: chars.count, by: 2) {
        guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
        out.append(hi << 4 | lo)
    }
    return out
}

func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}

/// Little-endian limbs of a 32-byte big-endian integer.
func limbs(bigEndian b: ArraySlice<UInt8>) -> (UInt64, UInt64, UInt64, UInt64) {
    precondition(b.count == 32)
    var l: [UInt64] = [0, 0, 0, 0]
    for (i, byte) in b.enumerated() { l[3 - i / 8] = (l[3 - i / 8] << 8) | UInt64(byte) }
    return (l[0], l[1], l[2], l[3])
}

func randomG1(using rng: inout SplitMix64) -> G1Affine { (G1Affine.generator * Fr.random(using: &rng)).toAffine() }
func randomG2(using rng: inout SplitMix64) -> G2Affine { (G2Affine.generator * Fr.random(using: &rng)).toAffine() }

/// A point on the twist E'(F_q2) that is (with overwhelming probability) not in G2: a random x whose
/// x³ + b' is a square. The twist's cofactor is ≈ 2^254, so a random twist point lies in G2 with
/// probability ≈ 2^−254.
func randomTwistPointOutsideG2(using rng: inout SplitMix64) -> G2Affine {
    while true {
        let x = Fq2(Fq.random(using: &rng), Fq.random(using: &rng))
        if let y = (x.squared() * x + G2Affine.b).squareRoot { return G2Affine(uncheckedX: x, y: y) }
    }
}
