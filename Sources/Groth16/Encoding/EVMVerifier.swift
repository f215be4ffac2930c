import BN254
import Hashing

/// The source of a Groth16 verifier contract for one verifying key, in Solidity or Vyper, with the interface of
/// snarkjs's generated verifier: `verifyProof(uint[2] a, uint[2][2] b, uint[2] c, uint[N] input) returns (bool)`,
/// so `EVMCalldata.verifyProofCalldata` (and snarkjs's `zkey export soliditycalldata`) calls it unchanged.
///
/// Both languages are rendered from one ordered list of constants, `constants` (names and order of snarkjs's
/// `templates/verifier_groth16.sol.ejs`): `alphax, alphay`, then `betax1, betax2, betay1, betay2` and the same
/// for `gamma` and `delta`, then `IC0x, IC0y, …, IC<N>x, IC<N>y`. G2 coordinates are in EIP-197 order,
/// imaginary part first (`x1` = x.c1, `x2` = x.c0); the point at infinity is (0, 0) as in EIP-196. Values are
/// canonical decimals.
///
/// What both contracts check (the contract text states it too): public inputs `< r` and every proof coordinate
/// `< q` — rejected, never reduced; then e(−A, B)·e(α, β)·e(vk_x, γ)·e(C, δ) = 1 with the EIP-196/197 precompiles
/// (0x06 ecAdd, 0x07 ecMul, 0x08 ecPairing). A wrong proof returns false; no input makes them revert, including a
/// point off the curve (the failing precompile call is caught). That precompile failure consumes the gas it
/// was forwarded (EVM call semantics), the caller keeps at least 1/64 of its gas (EIP-150) to return.
///
/// Invariant: `publicInputCount ≥ 1` (Solidity and Vyper have no zero-length static array).
public struct EVMVerifier: Sendable {
    /// One named constant of the contract: a 256-bit value as canonical decimal text.
    public struct Constant: Sendable, Hashable {
        /// The constant's name in the contract (`alphax`, `IC0x`, …).
        public let name: String
        /// The value as canonical decimal text (below q for coordinates).
        public let decimal: String
        /// The same value as 64 lower-case hex digits (big-endian).
        public let hex: String
    }

    /// Why a verifier cannot be rendered.
    public enum RenderError: Error, Equatable, CustomStringConvertible {
        /// The key verifies no public input (a static `uint[0]` parameter does not exist in Solidity or Vyper).
        case noPublicInputs

        /// The one-line message shown to users.
        public var description: String {
            switch self {
            case .noPublicInputs:
                "the verifying key has no public inputs; a verifier contract needs at least one public signal"
            }
        }
    }

    /// The verifying key's values, in the documented order.
    public let constants: [Constant]
    /// N: the length of the `input` parameter.
    public let publicInputCount: Int
    /// The contract's name (Solidity `contract` name; the Vyper file's title, since Vyper names a contract
    /// after its file).
    public let contractName: String
    /// Free text placed in the header comment (e.g. the generating tool and the key's digest). One line.
    public let provenance: String

    /// The constants of `verifyingKey`; throws for a key without public inputs. `contractName` must be an
    /// identifier (the caller checks it; the CLI does).
    public init(
        verifyingKey vk: VerifyingKey, contractName: String = "Groth16Verifier", provenance: String = ""
    ) throws(RenderError) {
        guard vk.publicInputCount >= 1 else { throw .noPublicInputs }
        var list: [Constant] = []
        func g1(_ name: String, _ p: G1Affine) {
            list.append(Constant(name + "x", p.isInfinity ? .zero : p.x))
            list.append(Constant(name + "y", p.isInfinity ? .zero : p.y))
        }
        func g2(_ name: String, _ p: G2Affine) {
            // EIP-197: x.c1, x.c0, y.c1, y.c0 (snarkjs: vk_beta_2[0][1], vk_beta_2[0][0], …).
            let parts = p.isInfinity ? [Fq.zero, .zero, .zero, .zero] : [p.x.c1, p.x.c0, p.y.c1, p.y.c0]
            for (suffix, value) in zip(["x1", "x2", "y1", "y2"], parts) {
                list.append(Constant(name + suffix, value))
            }
        }
        g1("alpha", vk.alphaG1)
        g2("beta", vk.betaG2)
        g2("gamma", vk.gammaG2)
        g2("delta", vk.deltaG2)
        for (i, p) in vk.gammaABCG1.enumerated() { g1("IC\(i)", p) }
        constants = list
        publicInputCount = vk.publicInputCount
        self.contractName = contractName
        self.provenance = provenance.replacingNewlines()
    }

    /// The scalar field modulus r (public inputs must be below it).
    public static let scalarModulusDecimal = Fr.modulusDecimal
    /// The base field modulus q (proof coordinates must be below it).
    public static let baseModulusDecimal = Fq.modulusDecimal

    /// The canonical ABI signature, e.g. `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[6])`.
    public var functionSignature: String {
        "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[\(publicInputCount)])"
    }

    /// The 4-byte selector of `functionSignature` (first 4 bytes of its Keccak-256).
    public var functionSelector: [UInt8] { EVMCalldata.functionSelector(functionSignature) }

}

extension EVMVerifier.Constant {
    init(_ name: String, _ value: Fq) {
        self.name = name
        decimal = value.decimalString
        hex = Hex.encode(value.bigEndianBytes)
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
