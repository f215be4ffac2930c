import BN254
import Groth16
import Testing

/// The Solidity and Vyper verifiers are rendered from one ordered list of key values (`EVMVerifier.constants`):
/// each value appears exactly once in each source, in the documented order (solc is not available here, so this
/// is what ties the Solidity text to the Vyper one that Tests/EVM runs in a real EVM).
@Suite struct EVMVerifierTests {
    static let small = try! Groth16ProtocolTests.makeFixture(seed: 41, publicCount: 3, constraints: 30)
    static let large = try! Groth16ProtocolTests.makeFixture(
        seed: 43, publicCount: EVMVerifier.vyperUnrollLimit + 2, constraints: EVMVerifier.vyperUnrollLimit + 10)

    /// Positions of `token` as a whole word (not part of a longer run of digits/hex digits).
    static func occurrences(of token: String, in text: String, hex: Bool) -> [String.Index] {
        var found: [String.Index] = []
        var start = text.startIndex
        func isPart(_ c: Character) -> Bool { hex ? c.isHexDigit : c.isNumber }
        while let range = text.range(of: token, range: start..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            // A hex table entry is delimited by the 64-digit grid, not by non-hex characters.
            let aligned = hex || !(before.map(isPart) ?? false) && !(after.map(isPart) ?? false)
            if aligned { found.append(range.lowerBound) }
            start = text.index(after: range.lowerBound)
        }
        return found
    }

    /// Every constant appears once (by value, decimal or — in the Vyper table — hex) and in `constants` order.
    static func checkOrder(_ v: EVMVerifier, _ text: String, language: String) {
        var last = text.startIndex
        var counts: [String: Int] = [:]
        for c in v.constants { counts[c.decimal, default: 0] += 1 }
        for c in v.constants where counts[c.decimal] == 1 {
            var hits = occurrences(of: c.decimal, in: text, hex: false)
            var hex = false
            if hits.isEmpty {
                hits = occurrences(of: c.hex, in: text, hex: true)
                hex = true
            }
            #expect(hits.count == 1, "\(language): \(c.name) = \(c.decimal) appears \(hits.count) times")
            guard let at = hits.first else { continue }
            #expect(at > last, "\(language): \(c.name) is out of the documented order")
            last = at
            let declaration =
                language == "Solidity"
                ? "uint256 constant \(c.name) = \(c.decimal);" : "\(c.name): constant(uint256) = \(c.decimal)\n"
            if !hex { #expect(text.contains(declaration), "\(language): \(c.name) not declared") }
        }
    }

    @Test func constantsInDocumentedOrder() throws {
        let v = try EVMVerifier(verifyingKey: Self.small.vk)
        let names = v.constants.map(\.name)
        #expect(
            Array(names.prefix(14)) == [
                "alphax", "alphay", "betax1", "betax2", "betay1", "betay2", "gammax1", "gammax2", "gammay1", "gammay2",
                "deltax1", "deltax2", "deltay1", "deltay2",
            ])
        #expect(Array(names.dropFirst(14)) == ["IC0x", "IC0y", "IC1x", "IC1y", "IC2x", "IC2y", "IC3x", "IC3y"])
        // EIP-197 order: x1 is the imaginary part.
        #expect(v.constants[2].decimal == Self.small.vk.betaG2.x.c1.decimalString)
        #expect(v.constants[3].decimal == Self.small.vk.betaG2.x.c0.decimalString)
        #expect(v.constants[14].decimal == Self.small.vk.gammaABCG1[0].x.decimalString)
    }

    @Test func solidityAndVyperUseEachValueOnceInOrder() throws {
        for fixture in [Self.small, Self.large] {
            let v = try EVMVerifier(verifyingKey: fixture.vk, contractName: "MyVerifier")
            let sol = v.solidity()
            let vy = v.vyper()
            Self.checkOrder(v, sol, language: "Solidity")
            Self.checkOrder(v, vy, language: "Vyper")
            let n = fixture.vk.publicInputCount
            #expect(sol.contains("contract MyVerifier {"))
            #expect(sol.contains("uint[\(n)] calldata _pubSignals"))
            #expect(vy.contains("input: uint256[\(n)]) -> bool:"))
            // Every public signal is range-checked against r, every IC point is multiplied in.
            let checks = sol.split(separator: "\n").filter { $0.contains("checkField(calldataload") }
            #expect(checks.filter { $0.hasSuffix(", r)") }.count == n)
            #expect(checks.filter { $0.hasSuffix(", q)") }.count == 8)
            #expect(sol.components(separatedBy: "g1_mulAccC(_pVk, IC").count - 1 == n)
            if n <= EVMVerifier.vyperUnrollLimit {
                #expect(vy.components(separatedBy: "] >= r:").count - 1 == n)
                #expect(vy.components(separatedBy: "ecmul([IC").count - 1 == n)
            } else {
                #expect(vy.contains("for i: uint256 in range(\(n)):"))
                #expect(vy.contains("IC_TABLE: constant(Bytes[\(64 * n)])"))
            }
        }
    }

    @Test func signatureMatchesCalldata() throws {
        let f = Self.small
        let v = try EVMVerifier(verifyingKey: f.vk)
        let inputs = f.circuit.publicInputs
        let calldata = EVMCalldata.verifyProofCalldata(proof: f.proof, publicInputs: inputs)
        #expect(Array(calldata.prefix(4)) == v.functionSelector)
        #expect(v.functionSignature == "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[3])")
    }

    @Test func keyWithoutPublicInputsIsRefused() throws {
        var vk = Self.small.vk
        vk.gammaABCG1 = Array(vk.gammaABCG1.prefix(1))
        #expect(throws: EVMVerifier.RenderError.noPublicInputs) { try EVMVerifier(verifyingKey: vk) }
    }
}
