import BN254
import Hashing

/// A verifying key with its pairing work done once: e(α, β) ∈ F_q12 and the line coefficients of γ and δ
/// (`G2Prepared`), so each verification costs one 3-pair Miller loop and one final exponentiation
/// (arkworks `PreparedVerifyingKey`, gnark's precomputed e(α, β)).
///
/// Invariant: built from a verifying key whose points were checked (on curve, G2 subgroup) by `init`.
public struct PreparedVerifyingKey: Sendable {
    /// The key this was prepared from, as checked by `init`.
    public let verifyingKey: VerifyingKey
    /// e(α, β), the reduced pairing value (snarkjs `vk_alphabeta_12`).
    public let alphaBeta: Fq12
    let gammaG2Prepared: G2Prepared
    let deltaG2Prepared: G2Prepared

    /// Checks every point of the key and precomputes the pairing data.
    /// - Throws: `Groth16Error.invalidPoint` / `.unexpectedInfinity` naming the bad field.
    public init(_ verifyingKey: VerifyingKey) throws(Groth16Error) {
        try Groth16Verifier.validate(verifyingKey)
        self.verifyingKey = verifyingKey
        self.alphaBeta = Pairing.pairing(verifyingKey.alphaG1, verifyingKey.betaG2)
        self.gammaG2Prepared = G2Prepared(verifyingKey.gammaG2)
        self.deltaG2Prepared = G2Prepared(verifyingKey.deltaG2)
    }
}

/// The Groth16 verifier (eprint 2016/260 §3.2): accepts iff
///
///     e(A, B) = e(α, β) · e(Σ x_i·γ_abc_i, γ) · e(C, δ)
///
/// checked as finalExp(MillerLoop(A, B) · MillerLoop(−vk_x, γ) · MillerLoop(−C, δ)) = e(α, β), with e(α, β)
/// precomputed in `PreparedVerifyingKey`.
///
/// Input checks come first and throw (never a crash, never a silent `false` for unusable input): the number
/// of public inputs must equal the key's; the proof's points must be on their curves and B in the subgroup
/// (even when the `Proof` was built without a decoder). Public inputs are `Fr` values, hence canonical;
/// the text entry point rejects anything that is not a canonical decimal `< r`.
public enum Groth16Verifier {
    /// Verifies one proof. Returns false for a well-formed proof that does not verify.
    /// - Throws: `Groth16Error.wrongPublicInputCount`, `.invalidPoint`, `.unexpectedInfinity`.
    public static func verify(
        verifyingKey: VerifyingKey, publicInputs: [Fr], proof: Proof
    ) throws(Groth16Error) -> Bool {
        let prepared = try PreparedVerifyingKey(verifyingKey)
        return try verify(preparedKey: prepared, publicInputs: publicInputs, proof: proof)
    }

    /// Verifies one proof against a prepared key (the fast path for repeated verification).
    public static func verify(
        preparedKey: PreparedVerifyingKey, publicInputs: [Fr], proof: Proof
    ) throws(Groth16Error) -> Bool {
        let vk = preparedKey.verifyingKey
        guard publicInputs.count == vk.publicInputCount else {
            throw .wrongPublicInputCount(expected: vk.publicInputCount, got: publicInputs.count)
        }
        try validate(proof)
        let vkX = linearCombination(vk.gammaABCG1, publicInputs)
        let miller = Pairing.multiMillerLoop([
            (proof.a, G2Prepared(proof.b)),
            (vkX.negated(), preparedKey.gammaG2Prepared),
            (proof.c.negated(), preparedKey.deltaG2Prepared),
        ])
        return Pairing.finalExponentiation(miller) == preparedKey.alphaBeta
    }

    /// Verifies with public inputs given as decimal strings (snarkjs `public.json`), each of which must be a
    /// canonical decimal integer `< r` (no sign, no leading zeros, no whitespace) — rejected, never reduced.
    public static func verify(
        verifyingKey: VerifyingKey, publicInputs: [String], proof: Proof
    ) throws(Groth16Error) -> Bool {
        try verify(verifyingKey: verifyingKey, publicInputs: parsePublicInputs(publicInputs), proof: proof)
    }

    /// Parses decimal public inputs strictly: canonical (no leading zeros) and `< r`.
    public static func parsePublicInputs(_ texts: [String]) throws(Groth16Error) -> [Fr] {
        var values: [Fr] = []
        values.reserveCapacity(texts.count)
        for (index, text) in texts.enumerated() {
            guard let value = CanonicalDecimal.parse(text, as: Fr.self) else {
                throw .nonCanonicalPublicInput(index: index, text: text)
            }
            values.append(value)
        }
        return values
    }

    /// Parses 32-byte big-endian public inputs strictly (`< r`, exact length).
    public static func parsePublicInputs(bytes: [[UInt8]]) throws(Groth16Error) -> [Fr] {
        var values: [Fr] = []
        for (index, item) in bytes.enumerated() {
            guard let value = Fr(bigEndianBytes: item) else {
                throw .nonCanonicalPublicInput(index: index, text: "0x" + Hex.encode(item))
            }
            values.append(value)
        }
        return values
    }

    /// γ_abc₀ + Σ x_i·γ_abc_{i+1}: one scalar multiplication for a single input, else one Pippenger MSM
    /// (single-threaded below 64 inputs, where spawning threads costs more than it saves).
    static func linearCombination(_ points: [G1Affine], _ inputs: [Fr]) -> G1Affine {
        var acc = G1Jacobian(points[0])
        if inputs.count == 1 {
            if !inputs[0].isZero { acc = acc + points[1] * inputs[0] }
        } else if inputs.count > 1 {
            acc =
                acc
                + MSM.pippenger(
                    points: Array(points[1...]), scalars: inputs,
                    threads: inputs.count < 64 ? 1 : nil)
        }
        return acc.toAffine()
    }

    static func validate(_ proof: Proof) throws(Groth16Error) {
        try checkG1(proof.a, field: "proof.A", allowInfinity: false)
        try checkG2(proof.b, field: "proof.B", allowInfinity: false)
        try checkG1(proof.c, field: "proof.C", allowInfinity: false)
    }

    static func validate(_ vk: VerifyingKey) throws(Groth16Error) {
        try checkG1(vk.alphaG1, field: "vk.alpha", allowInfinity: false)
        try checkG2(vk.betaG2, field: "vk.beta", allowInfinity: false)
        try checkG2(vk.gammaG2, field: "vk.gamma", allowInfinity: false)
        try checkG2(vk.deltaG2, field: "vk.delta", allowInfinity: false)
        guard !vk.gammaABCG1.isEmpty else { throw .invalidHeader(field: "vk.IC count", value: 0) }
        for (i, point) in vk.gammaABCG1.enumerated() {
            try checkG1(point, field: "vk.IC[\(i)]", allowInfinity: true)
        }
    }

    static func checkG1(_ p: G1Affine, field: String, allowInfinity: Bool) throws(Groth16Error) {
        if p.isInfinity {
            if allowInfinity { return }
            throw .unexpectedInfinity(field: field)
        }
        guard p.isOnCurve else { throw .invalidPoint(field: field, reason: .pointNotOnCurve) }
    }

    static func checkG2(_ p: G2Affine, field: String, allowInfinity: Bool) throws(Groth16Error) {
        if p.isInfinity {
            if allowInfinity { return }
            throw .unexpectedInfinity(field: field)
        }
        guard p.isOnCurve else { throw .invalidPoint(field: field, reason: .pointNotOnCurve) }
        guard p.isInSubgroup else { throw .invalidPoint(field: field, reason: .pointNotInSubgroup) }
    }
}
