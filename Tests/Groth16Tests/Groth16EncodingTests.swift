import BN254
import Groth16
import Hashing
import R1CS
import TestSupport
import Testing

/// The error a decoder of `format` throws for an invalid point at `field`, byte `offset`.
private func pointError(_ format: String, _ field: String, _ offset: Int, _ reason: BN254Error) -> Groth16Error {
    .malformed(format: format, ByteCodecError.invalid(field, at: offset, "invalid group element: \(reason)"))
}

/// Binary encodings of proofs and keys: round trips and rejection of malformed input (never a crash).
@Suite struct Groth16EncodingTests {
    static let shared: Groth16ProtocolTests.Fixture = {
        // Built once; the failing seed is printed by the tests that use it.
        try! Groth16ProtocolTests.makeFixture(seed: 31, publicCount: 2, constraints: 40)
    }()

    @Test func proofRoundTrips() throws {
        let f = Self.shared
        let raw = f.proof.uncompressedBytes
        #expect(raw.count == 256)
        #expect(try Proof(uncompressedBytes: raw) == f.proof)
        // EIP-197 layout: A.x ‖ A.y ‖ B.x.c1 ‖ B.x.c0 ‖ B.y.c1 ‖ B.y.c0 ‖ C.x ‖ C.y.
        #expect(Array(raw[0..<32]) == f.proof.a.x.bigEndianBytes)
        #expect(Array(raw[64..<96]) == f.proof.b.x.c1.bigEndianBytes)
        #expect(Array(raw[96..<128]) == f.proof.b.x.c0.bigEndianBytes)
        #expect(Array(raw[224..<256]) == f.proof.c.y.bigEndianBytes)
        let compressed = f.proof.compressedBytes
        #expect(compressed.count == 128)
        #expect(try Proof(compressedBytes: compressed) == f.proof)
        for c in [false, true] {
            let s = f.proof.serialized(compressed: c)
            #expect(s.count == (c ? 128 : 256) + 27)  // FileHeader "groth16-proof" (26) ‖ form
            #expect(try Proof(serialized: s) == f.proof)
        }
    }

    @Test func truncatedProofsFailAtEveryLength() throws {
        let f = Self.shared
        let forms: [([UInt8], ([UInt8]) throws -> Proof)] = [
            (f.proof.uncompressedBytes, { try Proof(uncompressedBytes: $0) }),
            (f.proof.compressedBytes, { try Proof(compressedBytes: $0) }),
            (f.proof.serialized(), { try Proof(serialized: $0) }),
            (f.proof.serialized(compressed: true), { try Proof(serialized: $0) }),
        ]
        for (bytes, decode) in forms {
            for length in 0..<bytes.count {
                #expect(throws: Groth16Error.self, "length \(length)") { try decode(Array(bytes.prefix(length))) }
            }
            #expect(throws: Groth16Error.self) { try decode(bytes + [0]) }
        }
    }

    /// Every single-byte change either fails to decode (with a Groth16Error) or decodes to a proof that
    /// does not verify.
    @Test func flippedProofBytesNeverVerify() throws {
        let f = Self.shared
        let inputs = f.circuit.publicInputs
        let prepared = try PreparedVerifyingKey(f.vk)
        var rng = SeededRNG(seed: testSeed(fallback: 77))
        let raw = f.proof.uncompressedBytes
        var decodedCount = 0
        for position in stride(from: 0, to: raw.count, by: 3) {
            var bytes = raw
            bytes[position] ^= UInt8.random(in: 1...255, using: &rng)
            do {
                let proof = try Proof(uncompressedBytes: bytes)
                decodedCount += 1
                #expect(
                    try !Groth16Verifier.verify(preparedKey: prepared, publicInputs: inputs, proof: proof),
                    "position \(position)")
            } catch {
                // Rejected by the decoder: fine, and the error is typed.
            }
        }
        // Coordinates changed in the low bytes almost never land on the curve, so most flips are rejected.
        #expect(decodedCount < raw.count / 3)
    }

    @Test func offCurveNonCanonicalAndVersionErrorsAreNamed() throws {
        let f = Self.shared
        var raw = f.proof.uncompressedBytes
        raw[63] ^= 1  // A.y changes: off the curve
        #expect(throws: pointError("proof", "proof.A", 0, .pointNotOnCurve)) {
            try Proof(uncompressedBytes: raw)
        }
        var nonCanonical = f.proof.uncompressedBytes
        // C.x := C.x + q (still 32 bytes since q < 2^254): non-canonical, must be rejected not reduced.
        let cx = f.proof.c.x.bigEndianBytes
        let q = Fq.modulusLimbs
        let qBytes = [q.3, q.2, q.1, q.0].flatMap { limb in
            (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(56 - 8 * $0)) }
        }
        var carry = 0
        var sum = [UInt8](repeating: 0, count: 32)
        for i in (0..<32).reversed() {
            let s = Int(cx[i]) + Int(qBytes[i]) + carry
            sum[i] = UInt8(s & 0xFF)
            carry = s >> 8
        }
        if carry == 0 {
            nonCanonical.replaceSubrange(192..<224, with: sum)
            #expect(throws: pointError("proof", "proof.C", 192, .nonCanonicalFieldElement)) {
                try Proof(uncompressedBytes: nonCanonical)
            }
        }
        var badVersion = f.proof.serialized()
        badVersion[22] = 9  // the FileHeader's version (after "ZKINFER\0", 13, "groth16-proof")
        let versionError = Groth16Error.malformed(
            format: "proof",
            ByteCodecError.invalid(
                "file format version", at: 22,
                "groth16-proof version 9 is written by a newer zkinfer (this build reads version 2)"))
        #expect(throws: versionError) { try Proof(serialized: badVersion) }
        var badMagic = f.proof.serialized()
        badMagic[0] = UInt8(ascii: "X")
        let magicError = ByteCodecError.invalid("file magic", at: 0, "not a zkinfer file (no \"ZKINFER\" magic)")
        #expect(throws: Groth16Error.malformed(format: "proof", magicError)) {
            try Proof(serialized: badMagic)
        }
        // Messages name the problem.
        #expect(versionError.description.contains("version 9"))
        #expect(pointError("proof", "proof.A", 0, .pointNotOnCurve).description.contains("proof.A at byte 0"))
    }

    /// The first versions' containers ("G16P"/"G16V"/"G16K" ‖ u8 1 in place of the FileHeader, same body) are
    /// still read, and refused with the version named when the version byte is not 1.
    @Test func versionOneContainersAreRead() throws {
        let f = Self.shared
        let proof = Array("G16P".utf8) + [1] + f.proof.serialized().dropFirst(26)
        #expect(try Proof(serialized: proof) == f.proof)
        let vk = Array("G16V".utf8) + [1] + f.vk.serialized().dropFirst(34)
        #expect(try VerifyingKey(serialized: vk) == f.vk)
        let pk = Array("G16K".utf8) + [1] + f.pk.serializedVersion2().dropFirst(32)
        #expect(try ProvingKey(serialized: pk) == f.pk)
        var two = vk
        two[4] = 2
        let versionError = ByteCodecError.invalid("format version", at: 4, "2 is not 1")
        #expect(throws: Groth16Error.malformed(format: "verifying key", versionError)) {
            try VerifyingKey(serialized: two)
        }
    }

    @Test func nonSubgroupB() throws {
        let f = Self.shared
        let outside = try #require(TwistPoints.pointOutsideSubgroup())
        var raw = f.proof.uncompressedBytes
        raw.replaceSubrange(64..<192, with: outside.uncompressedBytes)
        #expect(throws: pointError("proof", "proof.B", 64, .pointNotInSubgroup)) {
            try Proof(uncompressedBytes: raw)
        }
    }

    @Test func verifyingKeyRoundTripsAndRejectsDamage() throws {
        let f = Self.shared
        let bytes = f.vk.serialized()
        #expect(bytes.count == 34 + 64 + 3 * 128 + 4 + 64 * 3)  // FileHeader "groth16-verifying-key" is 34 bytes
        #expect(try VerifyingKey(serialized: bytes) == f.vk)
        for length in 0..<bytes.count {
            #expect(throws: Groth16Error.self, "length \(length)") {
                try VerifyingKey(serialized: Array(bytes.prefix(length)))
            }
        }
        #expect(
            throws: Groth16Error.malformed(
                format: "verifying key",
                ByteCodecError(
                    field: "vk.IC", offset: bytes.count, reason: .trailingBytes(count: 1)))
        ) {
            try VerifyingKey(serialized: bytes + [7])
        }
        var badCount = bytes
        badCount[34 + 64 + 384 + 3] = 0  // IC count 0
        #expect(throws: Groth16Error.self) { try VerifyingKey(serialized: badCount) }
        var hugeCount = bytes
        hugeCount[34 + 64 + 384] = 0x7F  // claims ~2^30 points: must not allocate, must fail
        #expect(throws: Groth16Error.self) { try VerifyingKey(serialized: hugeCount) }
        var rng = SeededRNG(seed: testSeed(fallback: 5))
        for _ in 0..<64 {
            var damaged = bytes
            let position = Int.random(in: 34..<bytes.count, using: &rng)
            damaged[position] ^= UInt8.random(in: 1...255, using: &rng)
            if let decoded = try? VerifyingKey(serialized: damaged) {
                #expect(decoded != f.vk)
            }
        }
    }

    @Test func provingKeyRoundTripsAndRejectsDamage() throws {
        let f = Self.shared
        let bytes = f.pk.serialized()
        #expect(try ProvingKey(serialized: bytes) == f.pk)
        #expect(try ProvingKey(serializedSkippingSubgroupChecks: bytes) == f.pk)
        // A decoded key proves.
        let decoded = try ProvingKey(serialized: bytes)
        let proof = try Groth16Prover.prove(provingKey: decoded, r1cs: f.circuit.r1cs, witness: f.circuit.witness)
        #expect(try Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: f.circuit.publicInputs, proof: proof))
        for length in stride(from: 0, to: bytes.count, by: 37) {
            #expect(throws: Groth16Error.self, "length \(length)") {
                try ProvingKey(serialized: Array(bytes.prefix(length)))
            }
        }
        var badVersion = bytes
        badVersion[28] = 5  // the FileHeader's version (after "ZKINFER\0", 19, "groth16-proving-key")
        #expect(
            throws: Groth16Error.malformed(
                format: "proving key",
                ByteCodecError.invalid(
                    "file format version", at: 28,
                    "groth16-proving-key version 5 is written by a newer zkinfer (this build reads versions 2 to 4)"))
        ) {
            try ProvingKey(serialized: badVersion)
        }
        #expect(throws: Groth16Error.self) { try ProvingKey(serialized: f.vk.serialized()) }
    }

    /// Version 3 stores query points as raw Montgomery limbs; version-2 files (EIP-196/197 points) are still
    /// read, and damaged raw points are refused: a limb pattern ≥ q always, an off-curve point by the fully
    /// checked decoder.
    @Test func provingKeyVersionsAndRawPointDamage() throws {
        let f = Self.shared
        let two = f.pk.serializedVersion2()
        #expect(two[28] == 2)
        #expect(try ProvingKey(serialized: two) == f.pk)
        #expect(try ProvingKey(serializedSkippingSubgroupChecks: two) == f.pk)
        let three = f.pk.serializedVersion3()
        #expect(three[28] == 3)
        #expect(three.count == two.count)  // 64 / 128 bytes per point either way
        // The first A-query point starts after the header, the counts, the vk body, β₁, δ₁ and A's count.
        let firstA =
            three.count - 64
            * (f.pk.aQuery.count + f.pk.bG1Query.count + f.pk.hQuery.count
                + f.pk.lQuery.count) - 128 * f.pk.bG2Query.count - 4 * 4
        var nonCanonical = three
        for i in firstA..<(firstA + 32) { nonCanonical[i] = 0xFF }
        #expect(throws: Groth16Error.self) { try ProvingKey(serialized: nonCanonical) }
        #expect(throws: Groth16Error.self) { try ProvingKey(serializedSkippingSubgroupChecks: nonCanonical) }
        let index = try #require(f.pk.aQuery.firstIndex { !$0.isInfinity })
        var offCurve = three
        offCurve[firstA + 64 * index] ^= 1  // x's lowest limb bit: still canonical, no longer on the curve
        #expect(throws: Groth16Error.self) { try ProvingKey(serialized: offCurve) }
    }
}
