import BN254

/// The record of a Groth16 phase-2 ceremony as snarkjs keeps it in section 10 ("contributions", `mpcParams`)
/// of a `.zkey` (snarkjs `zkey_utils.js` `readMPCParams`/`writeMPCParams`): the circuit hash and, in order,
/// every contribution to δ.
///
/// Invariants: `circuitHash` is 64 bytes — snarkjs's `csHash`, BLAKE2b-512 over the initial key's points in
/// uncompressed form (`zkey_new.js`); each contribution's `transcript` is 64 bytes. The chain is valid when,
/// for contribution i with δ_{i−1} (the generator for i = 0) and δ_i = `deltaAfter`:
/// `transcript` = BLAKE2b-512(circuitHash ‖ pubkeys of contributions < i ‖ g1_s ‖ g1_sx),
/// e(g1_s, g2_spx) = e(g1_sx, g2_sp) and e(δ_{i−1}, g2_spx) = e(δ_i, g2_sp) with g2_sp = hashToG2(transcript)
/// (snarkjs `zkey_verify_frominit.js`). The type itself does not check this (see `Phase2Verification`).
public struct Phase2Transcript: Sendable, Hashable {
    /// BLAKE2b-512 of the circuit's initial key (64 bytes).
    public var circuitHash: [UInt8]
    /// Every contribution to δ, oldest first; empty for a key straight out of `zkey new`.
    public var contributions: [Phase2Contribution]

    /// A transcript for `circuitHash` (64 bytes) with the given contributions; nothing is checked here.
    public init(circuitHash: [UInt8], contributions: [Phase2Contribution] = []) {
        self.circuitHash = circuitHash
        self.contributions = contributions
    }
}

/// One phase-2 contribution: the participant multiplied δ by a secret x, and proves knowledge of x.
///
/// Invariants (when decoded): points on their curves, `g2SPX` in G2; `transcript` 64 bytes; `name` at most
/// 255 UTF-8 bytes (snarkjs truncates to 64 characters when writing); a beacon carries its hash (≤ 255 bytes)
/// and iteration exponent.
public struct Phase2Contribution: Sendable, Hashable {
    /// snarkjs `type`: 0 = a participant's contribution, 1 = a public-randomness beacon.
    public enum Kind: Sendable, Hashable {
        /// `zkey contribute`: a participant chose x at random and kept it secret.
        case contribution
        /// `zkey beacon`: x derived from `hash` by 2^`iterationsExponent` SHA-256 iterations.
        case beacon(hash: [UInt8], iterationsExponent: UInt8)
    }

    /// δ (in G1) after this contribution.
    public var deltaAfter: G1Affine
    /// Proof of knowledge of x: g1_s (random), g1_sx = x·g1_s, g2_spx = x·hashToG2(transcript).
    public var g1S: G1Affine
    /// x·g1_s in G1.
    public var g1SX: G1Affine
    /// x·hashToG2(transcript) in G2 (checked to be in the subgroup when decoded).
    public var g2SPX: G2Affine
    /// The running transcript hash this contribution's proof of knowledge is bound to (64 bytes).
    public var transcript: [UInt8]
    /// A participant's contribution or a beacon (with the beacon's hash and iteration exponent).
    public var kind: Kind
    /// The participant's name (at most 255 UTF-8 bytes when decoded), nil when none was given.
    public var name: String?

    /// A contribution with the given points and transcript, stored unchecked (see the type's invariants).
    public init(
        deltaAfter: G1Affine, g1S: G1Affine, g1SX: G1Affine, g2SPX: G2Affine, transcript: [UInt8],
        kind: Kind = .contribution, name: String? = nil
    ) {
        self.deltaAfter = deltaAfter
        self.g1S = g1S
        self.g1SX = g1SX
        self.g2SPX = g2SPX
        self.transcript = transcript
        self.kind = kind
        self.name = name
    }

    /// The bytes snarkjs hashes for this contribution (`hashPubKey`): deltaAfter, g1_s, g1_sx (64 bytes each,
    /// EIP-196 uncompressed), g2_spx (128 bytes, EIP-197), transcript. The contribution hash a participant
    /// publishes is BLAKE2b-512 of these bytes.
    public var publicKeyBytes: [UInt8] {
        deltaAfter.uncompressedBytes + g1S.uncompressedBytes + g1SX.uncompressedBytes + g2SPX.uncompressedBytes
            + transcript
    }
}
