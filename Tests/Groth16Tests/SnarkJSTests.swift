import BN254
import Groth16
import Hashing
import R1CS
import Testing

/// snarkjs JSON and EVM calldata, checked against real snarkjs output committed under Fixtures/ (see its
/// README for the sources).
@Suite struct SnarkJSTests {
    /// The strongest external check: a proof made by snarkjs (for a circom Poseidon circuit, with a snarkjs
    /// phase-2 key) verifies with our verifier, and our writer reproduces snarkjs's files byte for byte.
    @Test func realSnarkjsProofVerifies() throws {
        let vkText = try fixture("safeposeidon/verification_key.json")
        let proofText = try fixture("safeposeidon/proof.json")
        let publicText = try fixture("safeposeidon/public.json")
        let vk = try SnarkJS.parseVerificationKey(json: vkText)  // also checks vk_alphabeta_12 = e(α, β)
        let proof = try SnarkJS.parseProof(json: proofText)
        let inputs = try SnarkJS.parsePublic(json: publicText)
        #expect(vk.publicInputCount == 1 && inputs.count == 1)
        #expect(try Groth16Verifier.verify(verifyingKey: vk, publicInputs: inputs, proof: proof))
        // Byte-exact writers.
        #expect(SnarkJS.verificationKeyJSON(vk) == vkText)
        #expect(SnarkJS.proofJSON(proof) == proofText)
        #expect(SnarkJS.publicJSON(inputs) == publicText)
        // Soundness on the real proof: a changed public signal or a tampered element is rejected.
        #expect(try !Groth16Verifier.verify(verifyingKey: vk, publicInputs: [inputs[0] + Fr.one], proof: proof))
        let tampered = Proof(a: proof.a.negated(), b: proof.b, c: proof.c)
        #expect(try !Groth16Verifier.verify(verifyingKey: vk, publicInputs: inputs, proof: tampered))
    }

    /// A second real snarkjs proof whose verifying key is given by the constants of its generated
    /// Verifier.sol; our Solidity calldata equals `snarkjs zkey export soliditycalldata` output exactly.
    @Test func realSnarkjsCalldataMatches() throws {
        let proof = try SnarkJS.parseProof(json: try fixture("kieranwilliams/proof.json"))
        let inputs = try SnarkJS.parsePublic(json: try fixture("kieranwilliams/public.json"))
        let constants = try fixture("kieranwilliams/verifier_constants.json")
        func value(_ name: String) throws -> Fq {
            let marker = "\"\(name)\": \""
            let start = try #require(constants.range(of: marker)).upperBound
            let end = try #require(constants[start...].firstIndex(of: "\""))
            return try #require(Fq(decimal: String(constants[start..<end])))
        }
        // Solidity constants: x1 is the imaginary part (c1), x2 the real part (c0), as EIP-197 orders them.
        func g2(_ prefix: String) throws -> G2Affine {
            G2Affine(
                uncheckedX: Fq2(try value(prefix + "x2"), try value(prefix + "x1")),
                y: Fq2(try value(prefix + "y2"), try value(prefix + "y1")))
        }
        let vk = VerifyingKey(
            alphaG1: G1Affine(uncheckedX: try value("alphax"), y: try value("alphay")),
            betaG2: try g2("beta"), gammaG2: try g2("gamma"), deltaG2: try g2("delta"),
            gammaABCG1: [
                G1Affine(uncheckedX: try value("IC0x"), y: try value("IC0y")),
                G1Affine(uncheckedX: try value("IC1x"), y: try value("IC1y")),
            ])
        #expect(try Groth16Verifier.verify(verifyingKey: vk, publicInputs: inputs, proof: proof))
        let expected = try fixture("kieranwilliams/soliditycalldata").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(EVMCalldata.solidityCalldataText(proof: proof, publicInputs: inputs) == expected)
        // The ABI-encoded call carries the same words after the selector.
        let call = EVMCalldata.verifyProofCalldata(proof: proof, publicInputs: inputs)
        #expect(call.count == 4 + 32 * 9)
        #expect(Array(call[4..<260]) == proof.uncompressedBytes)
        #expect(Array(call[260...]) == inputs[0].bigEndianBytes)
        #expect(
            call.prefix(4).elementsEqual(
                EVMCalldata.functionSelector(
                    "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[1])")))
        // The precompile input checks out under our pairing, and fails for another input.
        let input = try EVMCalldata.pairingPrecompileInput(verifyingKey: vk, publicInputs: inputs, proof: proof)
        #expect(input.count == 768)
        #expect(try PairingInput.productIsOne(input))
        let wrong = try EVMCalldata.pairingPrecompileInput(verifyingKey: vk, publicInputs: [Fr(7)], proof: proof)
        #expect(try !PairingInput.productIsOne(wrong))
    }

    @Test func keccakAndSelectorsMatchPublishedValues() {
        #expect(
            Hex.encode(EVMCalldata.keccak256([]))
                == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(
            Hex.encode(EVMCalldata.keccak256(Array("abc".utf8)))
                == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        #expect(Hex.encode(EVMCalldata.functionSelector("transfer(address,uint256)")) == "a9059cbb")
        #expect(Hex.encode(EVMCalldata.functionSelector("balanceOf(address)")) == "70a08231")
        // Multi-block input: 311 bytes (three 136-byte blocks). Published Keccak-256 vector from js-sha3's test
        // suite (github.com/emn178/js-sha3, tests/test.js, keccak_256 "ascii more than 128 bytes"); pycryptodome's
        // `keccak.new(digest_bits=256)` gives the same digest.
        let long =
            "The MD5 message-digest algorithm is a widely used cryptographic hash function producing a 128-bit "
            + "(16-byte) hash value, typically expressed in text format as a 32 digit hexadecimal number. MD5 has been "
            + "utilized in a wide variety of cryptographic applications, and is also commonly used to verify data integrity."
        #expect(long.utf8.count == 311)
        #expect(
            Hex.encode(EVMCalldata.keccak256(Array(long.utf8)))
                == "af20018353ffb50d507f1555580f5272eca7fdab4f8295db4b1a9ad832c93f6d")
    }

    @Test func ourProofsRoundTripThroughJSON() throws {
        let f = try Groth16ProtocolTests.makeFixture(seed: 41, publicCount: 4, constraints: 30)
        let proofText = SnarkJS.proofJSON(f.proof)
        let vkText = SnarkJS.verificationKeyJSON(f.vk)
        let publicText = SnarkJS.publicJSON(f.circuit.publicInputs)
        let proof = try SnarkJS.parseProof(json: proofText)
        let vk = try SnarkJS.parseVerificationKey(json: vkText)
        let inputs = try SnarkJS.parsePublic(json: publicText)
        #expect(proof == f.proof && vk == f.vk && inputs == f.circuit.publicInputs)
        #expect(try Groth16Verifier.verify(verifyingKey: vk, publicInputs: inputs, proof: proof))
        #expect(SnarkJS.publicJSON([Fr]()) == "[]")
        #expect(try SnarkJS.parsePublic(json: "[]").isEmpty)
        // Pairing-precompile input of our own proof.
        let input = try EVMCalldata.pairingPrecompileInput(verifyingKey: vk, publicInputs: inputs, proof: proof)
        #expect(try PairingInput.productIsOne(input))
    }

    @Test func strictParsingRejectsWhatSnarkjsWouldNotWrite() throws {
        let vkText = try fixture("safeposeidon/verification_key.json")
        let proofText = try fixture("safeposeidon/proof.json")
        let ax = "7376380000262656178031774945199728226539945374947387795348462988905246657734"
        let q = Fq.modulusDecimal
        let proofCases: [(String, String)] = [
            (ax, "0" + ax),  // leading zero
            (ax, "-" + ax),  // sign
            (ax, "7376380000262656178031774945199728226539945374947387795348462988905246657735"),  // off curve
            ("\"1\"\n ],\n \"pi_b\"", "\"2\"\n ],\n \"pi_b\""),  // z ≠ 1
            ("\"protocol\": \"groth16\"", "\"protocol\": \"plonk\""),
            ("\"curve\": \"bn128\"", "\"curve\": \"bls12381\""),
            ("\"pi_c\"", "\"pi_x\""),  // missing field
            ("{", "["),  // not JSON
        ]
        for (from, to) in proofCases {
            let text = proofText.replacingOccurrences(of: from, with: to)
            #expect(text != proofText, "case \(to) applies")
            #expect(throws: Groth16Error.self, "\(to)") { try SnarkJS.parseProof(json: text) }
        }
        // A coordinate ≥ q.
        let big = proofText.replacingOccurrences(of: ax, with: q)
        #expect(throws: Groth16Error.invalidFieldElement(field: "pi_a[0]", text: q)) {
            try SnarkJS.parseProof(json: big)
        }

        let vkCases: [(String, String)] = [
            ("\"nPublic\": 1", "\"nPublic\": 2"),
            ("\"nPublic\": 1", "\"nPublic\": \"1\""),
            (
                "16389799522064712015323496896184252758053598101325426836896264759796351430343",
                "16389799522064712015323496896184252758053598101325426836896264759796351430344"
            ),  // wrong e(α, β)
            ("\"protocol\": \"groth16\"", "\"protocol\": \"fflonk\""),
        ]
        for (from, to) in vkCases {
            let text = vkText.replacingOccurrences(of: from, with: to)
            #expect(text != vkText)
            #expect(throws: Groth16Error.self, "\(to)") { try SnarkJS.parseVerificationKey(json: text) }
        }
        // Issue 10: one rule for proof.json and the key — protocol required, curve optional but checked.
        let noProtocol = proofText.replacingOccurrences(of: "\"protocol\": \"groth16\",", with: "")
        #expect(noProtocol != proofText)
        #expect(throws: Groth16Error.malformedJSON(field: "protocol", reason: "missing")) {
            try SnarkJS.parseProof(json: noProtocol)
        }
        let vkNoProtocol = vkText.replacingOccurrences(of: "\"protocol\": \"groth16\",", with: "")
        #expect(vkNoProtocol != vkText)
        #expect(throws: Groth16Error.malformedJSON(field: "protocol", reason: "missing")) {
            try SnarkJS.parseVerificationKey(json: vkNoProtocol)
        }
        let proofNoCurve = proofText.replacingOccurrences(of: ",\n \"curve\": \"bn128\"", with: "")
        let vkNoCurve = vkText.replacingOccurrences(of: "\"curve\": \"bn128\",", with: "")
        #expect(proofNoCurve != proofText && vkNoCurve != vkText)
        #expect(try SnarkJS.parseProof(json: proofNoCurve) == SnarkJS.parseProof(json: proofText))
        #expect(try SnarkJS.parseVerificationKey(json: vkNoCurve) == SnarkJS.parseVerificationKey(json: vkText))
        let vkOtherCurve = vkText.replacingOccurrences(of: "\"curve\": \"bn128\"", with: "\"curve\": \"bls12381\"")
        #expect(throws: Groth16Error.self) { try SnarkJS.parseVerificationKey(json: vkOtherCurve) }
        for bad in ["[1]", "[\"01\"]", "{}", "[\"\(Fr.modulusDecimal)\"]", "[\"1.0\"]"] {
            #expect(throws: Groth16Error.self, "\(bad)") { try SnarkJS.parsePublic(json: bad) }
        }
    }
}

/// Reads an EIP-197 pairing-precompile input back into pairs and evaluates the check with our pairing.
enum PairingInput {
    static func productIsOne(_ bytes: [UInt8]) throws -> Bool {
        precondition(bytes.count % 192 == 0)
        var pairs: [(G1Affine, G2Prepared)] = []
        for start in stride(from: 0, to: bytes.count, by: 192) {
            let p = try G1Affine(uncompressed: bytes[start..<(start + 64)])
            let q = try G2Affine(uncompressed: bytes[(start + 64)..<(start + 192)])
            pairs.append((p, G2Prepared(q)))
        }
        return Pairing.productIsOne(pairs)
    }
}
