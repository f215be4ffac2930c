import BN254

/// The values snarkjs derives from a `ChaChaStream` (ffjavascript `wasm_field1.js`/`wasm_curve.js` `fromRng`),
/// reproduced bit for bit because verifiers recompute them: hash-to-G2 of a proof of knowledge
/// (snarkjs `keypair.js` `hashToG2`) and the secret and base point of a beacon contribution.
///
/// ffjavascript's quirk, kept here: a field element is drawn as four 64-bit words (low limb first, each word
/// high half first), masked to the modulus's bit length and rejected while ≥ p, and the resulting integer is
/// taken as the element's MONTGOMERY limbs (so the element is v·2^−256 mod p).
enum SnarkJSSampling {
    static let mask254: UInt64 = (1 << 62) - 1  // top limb mask: both moduli have 254 bits

    static func limbs(_ rng: inout ChaChaStream, below p: (UInt64, UInt64, UInt64, UInt64))
        -> (UInt64, UInt64, UInt64, UInt64)
    {
        while true {
            let l0 = rng.nextUInt64(), l1 = rng.nextUInt64(), l2 = rng.nextUInt64()
            let l3 = rng.nextUInt64() & mask254
            let below = l3 != p.3 ? l3 < p.3 : l2 != p.2 ? l2 < p.2 : l1 != p.1 ? l1 < p.1 : l0 < p.0
            if below { return (l0, l1, l2, l3) }
        }
    }

    static func fr(_ rng: inout ChaChaStream) -> Fr {
        let l = limbs(&rng, below: Fr.modulusLimbs)
        return Fr(montgomeryLimbs: l.0, l.1, l.2, l.3)
    }

    static func fq(_ rng: inout ChaChaStream) -> Fq {
        let l = limbs(&rng, below: Fq.modulusLimbs)
        return Fq(montgomeryLimbs: l.0, l.1, l.2, l.3)
    }

    /// `curve.G1.fromRng`: x drawn until x³ + 3 is a square, then the root whose sign matches a drawn bit.
    static func g1(_ rng: inout ChaChaStream) -> G1Affine {
        while true {
            let x = fq(&rng)
            let greatest = rng.nextBool()
            guard var y = (x.squared() * x + G1Affine.b).squareRoot else { continue }
            if greatest != SnarkJSPoint.isNegative(y) { y = -y }
            return G1Affine(uncheckedX: x, y: y)
        }
    }

    /// `curve.G2.fromRng`: as G1 on the twist, then multiplied by the cofactor 2q − r into the subgroup.
    static func g2(_ rng: inout ChaChaStream) -> G2Affine {
        while true {
            let x = Fq2(fq(&rng), fq(&rng))
            let greatest = rng.nextBool()
            guard var y = (x.squared() * x + G2Affine.b).squareRoot else { continue }
            if greatest != SnarkJSPoint.isNegative(y) { y = -y }
            return clearCofactor(G2Affine(uncheckedX: x, y: y))
        }
    }

    /// [2q − r]·P (ffjavascript bn128 `cofactorG2`), by double-and-add over the 256-bit constant.
    static func clearCofactor(_ p: G2Affine) -> G2Affine {
        let h: [UInt64] = [0x345f_2299_c0f9_fa8d, 0x06ce_ecda_572a_2489, 0xb850_45b6_8181_585e, 0x3064_4e72_e131_a029]
        var acc = G2Jacobian.infinity
        let base = G2Jacobian(p)
        for limb in h.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                acc = acc.doubled()
                if (limb >> UInt64(bit)) & 1 == 1 { acc = acc + base }
            }
        }
        return acc.toAffine()
    }

    /// snarkjs `hashToG2(curve, hash)`: a ChaCha stream seeded by the first 32 bytes of a BLAKE2b digest.
    static func hashToG2(_ hash: [UInt8]) -> G2Affine {
        var rng = ChaChaStream(seedBytes: hash)
        return g2(&rng)
    }
}
