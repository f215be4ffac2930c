import BN254
import TestSupport

/// Little-endian limbs of a 32-byte big-endian integer.
func limbs(bigEndian b: ArraySlice<UInt8>) -> (UInt64, UInt64, UInt64, UInt64) {
    precondition(b.count == 32)
    var l: [UInt64] = [0, 0, 0, 0]
    for (i, byte) in b.enumerated() { l[3 - i / 8] = (l[3 - i / 8] << 8) | UInt64(byte) }
    return (l[0], l[1], l[2], l[3])
}

func randomG1(using rng: inout SeededRNG) -> G1Affine { (G1Affine.generator * Fr.random(using: &rng)).toAffine() }
func randomG2(using rng: inout SeededRNG) -> G2Affine { (G2Affine.generator * Fr.random(using: &rng)).toAffine() }

/// A point on the twist E'(F_q2) that is (with overwhelming probability) not in G2: a random x whose
/// x³ + b' is a square. The twist's cofactor is ≈ 2^254, so a random twist point lies in G2 with
/// probability ≈ 2^−254.
func randomTwistPointOutsideG2(using rng: inout SeededRNG) -> G2Affine {
    while true {
        let x = Fq2(Fq.random(using: &rng), Fq.random(using: &rng))
        if let y = (x.squared() * x + G2Affine.b).squareRoot { return G2Affine(uncheckedX: x, y: y) }
    }
}
