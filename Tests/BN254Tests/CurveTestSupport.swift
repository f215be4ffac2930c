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
