import BN254
import Foundation

/// snarkjs-compatible JSON for Groth16 on BN254 ("bn128" in snarkjs): `proof.json`, `verification_key.json`
/// and `public.json`, byte for byte in the layout `snarkjs groth16 prove` / `zkey export verificationkey`
/// write (`JSON.stringify(value, null, 1)`: one-space indentation, one array element per line, no trailing
/// newline), so snarkjs and the Solidity verifiers it generates accept what this module writes.
///
/// Points are projective with z = 1, every coordinate a canonical decimal string: G1 as [x, y, "1"], G2 as
/// [[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]] (real part first, unlike EIP-197). The point at infinity is written
/// as snarkjs writes it: ["0", "1", "0"] and [["0", "0"], ["1", "0"], ["0", "0"]].
///
/// Parsing is strict: canonical decimals `< q` (no leading zeros, signs or spaces), z exactly "1" (or the
/// infinity form above), points on their curves, G2 points in the subgroup, `nPublic` = IC count − 1, and
/// `vk_alphabeta_12` (when present) equal to snarkjs's e(α, β). One rule for proofs and keys alike: `protocol` must
/// be present and "groth16"; `curve` must be "bn128" when present (snarkjs writes it; rapidsnark's proofs omit it —
/// the curve is then established by the points, which must lie on BN254). Every failure names the JSON field.
public enum SnarkJS {
    // MARK: Writing

    /// `proof.json`: pi_a, pi_b, pi_c, protocol, curve.
    public static func proofJSON(_ proof: Proof) -> String {
        JSONValue.object([
            ("pi_a", g1(proof.a)),
            ("pi_b", g2(proof.b)),
            ("pi_c", g1(proof.c)),
            ("protocol", .string("groth16")),
            ("curve", .string("bn128")),
        ]).rendered()
    }

    /// `verification_key.json`: protocol, curve, nPublic, vk_alpha_1, vk_beta_2, vk_gamma_2, vk_delta_2,
    /// vk_alphabeta_12 (computed: one pairing, in snarkjs's normalisation — see `snarkjsGTExponent`), IC.
    public static func verificationKeyJSON(_ vk: VerifyingKey) -> String {
        let alphaBeta = Pairing.pairing(vk.alphaG1, vk.betaG2)
        return verificationKeyJSON(vk, alphaBeta: alphaBeta)
    }

    /// As above, with e(α, β) already known (e.g. `PreparedVerifyingKey.alphaBeta`, our reduced pairing).
    public static func verificationKeyJSON(_ vk: VerifyingKey, alphaBeta: Fq12) -> String {
        let alphaBeta = alphaBeta.pow(snarkjsGTExponent)
        return JSONValue.object([
            ("protocol", .string("groth16")),
            ("curve", .string("bn128")),
            ("nPublic", .number(vk.publicInputCount)),
            ("vk_alpha_1", g1(vk.alphaG1)),
            ("vk_beta_2", g2(vk.betaG2)),
            ("vk_gamma_2", g2(vk.gammaG2)),
            ("vk_delta_2", g2(vk.deltaG2)),
            ("vk_alphabeta_12", fq12(alphaBeta)),
            ("IC", .array(vk.gammaABCG1.map(g1))),
        ]).rendered()
    }

    /// `public.json`: the public inputs as an array of decimal strings.
    public static func publicJSON(_ inputs: some Sequence<Fr>) -> String {
        JSONValue.array(inputs.map { .string($0.decimalString) }).rendered()
    }

    static func g1(_ p: G1Affine) -> JSONValue {
        if p.isInfinity { return .array([.string("0"), .string("1"), .string("0")]) }
        return .array([.string(p.x.decimalString), .string(p.y.decimalString), .string("1")])
    }

    static func fq2(_ e: Fq2) -> JSONValue { .array([.string(e.c0.decimalString), .string(e.c1.decimalString)]) }

    static func g2(_ p: G2Affine) -> JSONValue {
        if p.isInfinity { return .array([fq2(.zero), fq2(.one), fq2(.zero)]) }
        return .array([fq2(p.x), fq2(p.y), fq2(.one)])
    }

    static func fq12(_ e: Fq12) -> JSONValue {
        func fq6(_ f: Fq6) -> JSONValue { .array([fq2(f.c0), fq2(f.c1), fq2(f.c2)]) }
        return .array([fq6(e.c0), fq6(e.c1)])
    }

    /// snarkjs (ffjavascript) computes the final exponentiation's hard part with the method of
    /// Fuentes-Castañeda, Knapp, Rodríguez-Henríquez ("Faster hashing to G2", SAC 2011), which yields the
    /// reduced pairing raised to m = 2x(6x² + 3x + 1), x = 4965661367192848881 the BN254 parameter. Its
    /// `vk_alphabeta_12` is therefore e(α, β)^m (checked against a real snarkjs key in the tests); m is derived
    /// here from x (mod r, the order of G_T).
    static let snarkjsGTExponent: Fr = {
        let x = Fr(4_965_661_367_192_848_881)
        return Fr(2) * x * (Fr(6) * x * x + Fr(3) * x + Fr.one)
    }()

    // MARK: Parsing

    /// Parses `proof.json` strictly (see the type's documentation).
    public static func parseProof(json: String) throws(Groth16Error) -> Proof {
        let root = try object(try parse(json), field: "proof")
        try expectProtocolAndCurve(root)
        let a = try parseG1(member(root, "pi_a"), field: "pi_a")
        let b = try parseG2(member(root, "pi_b"), field: "pi_b")
        let c = try parseG1(member(root, "pi_c"), field: "pi_c")
        return Proof(a: a, b: b, c: c)
    }

    /// Parses `verification_key.json` strictly (see the type's documentation).
    public static func parseVerificationKey(json: String) throws(Groth16Error) -> VerifyingKey {
        let root = try object(try parse(json), field: "verification key")
        try expectProtocolAndCurve(root)
        let alpha = try parseG1(member(root, "vk_alpha_1"), field: "vk_alpha_1")
        let beta = try parseG2(member(root, "vk_beta_2"), field: "vk_beta_2")
        let gamma = try parseG2(member(root, "vk_gamma_2"), field: "vk_gamma_2")
        let delta = try parseG2(member(root, "vk_delta_2"), field: "vk_delta_2")
        let icItems = try array(member(root, "IC"), field: "IC")
        guard !icItems.isEmpty else { throw .malformedJSON(field: "IC", reason: "empty (needs at least IC[0])") }
        var ic: [G1Affine] = []
        for (i, item) in icItems.enumerated() { ic.append(try parseG1(item, field: "IC[\(i)]")) }
        let nPublicValue = try member(root, "nPublic")
        guard let nPublic = integer(nPublicValue) else {
            throw .malformedJSON(field: "nPublic", reason: "not a non-negative integer")
        }
        guard nPublic == ic.count - 1 else {
            throw .malformedJSON(
                field: "nPublic", reason: "\(nPublic) but IC has \(ic.count) points (expected nPublic + 1)")
        }
        let vk = VerifyingKey(alphaG1: alpha, betaG2: beta, gammaG2: gamma, deltaG2: delta, gammaABCG1: ic)
        if let stored = root["vk_alphabeta_12"] {
            let parsed = try parseFq12(stored, field: "vk_alphabeta_12")
            guard parsed == Pairing.pairing(alpha, beta).pow(snarkjsGTExponent) else {
                throw .malformedJSON(
                    field: "vk_alphabeta_12",
                    reason: "does not equal e(vk_alpha_1, vk_beta_2) as snarkjs computes it")
            }
        }
        return vk
    }

    /// Parses `public.json`: an array of canonical decimal strings `< r` (rejected, never reduced).
    public static func parsePublic(json: String) throws(Groth16Error) -> [Fr] {
        let items = try array(try parse(json), field: "public")
        var texts: [String] = []
        for (i, item) in items.enumerated() {
            guard let text = item as? String else {
                throw .malformedJSON(field: "public[\(i)]", reason: "not a string")
            }
            texts.append(text)
        }
        return try Groth16Verifier.parsePublicInputs(texts)
    }

    static func parse(_ json: String) throws(Groth16Error) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(json.utf8), options: [])
        } catch {
            throw .malformedJSON(field: "(document)", reason: "not valid JSON")
        }
    }

    static func object(_ value: Any, field: String) throws(Groth16Error) -> [String: Any] {
        guard let dict = value as? [String: Any] else { throw .malformedJSON(field: field, reason: "not an object") }
        return dict
    }

    static func array(_ value: Any, field: String) throws(Groth16Error) -> [Any] {
        guard let items = value as? [Any] else { throw .malformedJSON(field: field, reason: "not an array") }
        return items
    }

    static func member(_ dict: [String: Any], _ key: String) throws(Groth16Error) -> Any {
        guard let value = dict[key] else { throw .malformedJSON(field: key, reason: "missing") }
        return value
    }

    /// A JSON number that is a non-negative integer (snarkjs writes `nPublic` as a number).
    static func integer(_ value: Any) -> Int? {
        guard !(value is String), let n = value as? Int, n >= 0 else { return nil }
        return n
    }

    /// The one rule for `proof.json` and `verification_key.json` (see the type's documentation).
    static func expectProtocolAndCurve(_ root: [String: Any]) throws(Groth16Error) {
        try expectString(root, "protocol", "groth16", optional: false)
        try expectString(root, "curve", "bn128", optional: true)
    }

    static func expectString(_ dict: [String: Any], _ key: String, _ expected: String, optional: Bool)
        throws(Groth16Error)
    {
        guard let value = dict[key] else {
            if optional { return }
            throw .malformedJSON(field: key, reason: "missing")
        }
        guard let text = value as? String, text == expected else {
            throw .malformedJSON(field: key, reason: "expected \"\(expected)\"")
        }
    }

    static func strings(_ value: Any, count: Int, field: String) throws(Groth16Error) -> [String] {
        guard let items = value as? [Any], items.count == count else {
            throw .malformedJSON(field: field, reason: "expected an array of \(count) decimal strings")
        }
        var texts: [String] = []
        for (i, item) in items.enumerated() {
            guard let text = item as? String else {
                throw .malformedJSON(field: "\(field)[\(i)]", reason: "not a string")
            }
            texts.append(text)
        }
        return texts
    }

    static func fq(_ text: String, field: String) throws(Groth16Error) -> Fq {
        guard let value = CanonicalDecimal.parse(text, as: Fq.self) else {
            throw .invalidFieldElement(field: field, text: text)
        }
        return value
    }

    static func parseFq2(_ value: Any, field: String) throws(Groth16Error) -> Fq2 {
        let texts = try strings(value, count: 2, field: field)
        return Fq2(try fq(texts[0], field: "\(field)[0]"), try fq(texts[1], field: "\(field)[1]"))
    }

    static func parseG1(_ value: Any, field: String) throws(Groth16Error) -> G1Affine {
        let texts = try strings(value, count: 3, field: field)
        if texts == ["0", "1", "0"] { return .infinity }
        guard texts[2] == "1" else {
            throw .malformedJSON(field: "\(field)[2]", reason: "z must be \"1\" (affine) or the infinity form")
        }
        let point = G1Affine(
            uncheckedX: try fq(texts[0], field: "\(field)[0]"), y: try fq(texts[1], field: "\(field)[1]"))
        guard point.isOnCurve else { throw .invalidPoint(field: field, reason: .pointNotOnCurve) }
        return point
    }

    static func parseG2(_ value: Any, field: String) throws(Groth16Error) -> G2Affine {
        guard let items = value as? [Any], items.count == 3 else {
            throw .malformedJSON(field: field, reason: "expected [[x.c0, x.c1], [y.c0, y.c1], [\"1\", \"0\"]]")
        }
        let x = try parseFq2(items[0], field: "\(field)[0]")
        let y = try parseFq2(items[1], field: "\(field)[1]")
        let z = try parseFq2(items[2], field: "\(field)[2]")
        if x == .zero && y == .one && z == .zero { return .infinity }
        guard z == .one else {
            throw .malformedJSON(field: "\(field)[2]", reason: "z must be [\"1\", \"0\"] (affine) or the infinity form")
        }
        let point = G2Affine(uncheckedX: x, y: y)
        guard point.isOnCurve else { throw .invalidPoint(field: field, reason: .pointNotOnCurve) }
        guard point.isInSubgroup else { throw .invalidPoint(field: field, reason: .pointNotInSubgroup) }
        return point
    }

    static func parseFq12(_ value: Any, field: String) throws(Groth16Error) -> Fq12 {
        guard let halves = value as? [Any], halves.count == 2 else {
            throw .malformedJSON(field: field, reason: "expected 2 × 3 × 2 decimal strings")
        }
        var sixes: [Fq6] = []
        for (h, half) in halves.enumerated() {
            guard let coefficients = half as? [Any], coefficients.count == 3 else {
                throw .malformedJSON(field: "\(field)[\(h)]", reason: "expected 3 pairs of decimal strings")
            }
            let c0 = try parseFq2(coefficients[0], field: "\(field)[\(h)][0]")
            let c1 = try parseFq2(coefficients[1], field: "\(field)[\(h)][1]")
            let c2 = try parseFq2(coefficients[2], field: "\(field)[\(h)][2]")
            sixes.append(Fq6(c0, c1, c2))
        }
        return Fq12(sixes[0], sixes[1])
    }
}

/// A minimal JSON value with ordered object keys, rendered exactly as JavaScript's
/// `JSON.stringify(value, null, 1)` renders it (what snarkjs writes).
indirect enum JSONValue {
    case string(String)
    case number(Int)
    case array([JSONValue])
    case object([(String, JSONValue)])

    func rendered() -> String {
        var out = ""
        render(into: &out, depth: 0)
        return out
    }

    private func render(into out: inout String, depth: Int) {
        let pad = String(repeating: " ", count: depth + 1)
        let closing = String(repeating: " ", count: depth)
        switch self {
        case let .string(s):
            out += "\"" + s + "\""  // decimal digits and fixed ASCII keys only: nothing to escape
        case let .number(n):
            out += String(n)
        case let .array(items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.render(into: &out, depth: depth + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += closing + "]"
        case let .object(members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += pad + "\"" + key + "\": "
                value.render(into: &out, depth: depth + 1)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += closing + "}"
        }
    }
}
