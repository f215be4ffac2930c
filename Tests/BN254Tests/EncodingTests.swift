import BN254
import Foundation
import Hashing
import TestSupport
import Testing

/// Point encodings: EIP-196/197 uncompressed, gnark compressed, the go-ethereum precompile vectors, and every
/// class of invalid input.
@Suite struct EncodingTests {
    static let seed: UInt64 = 0x656e_636f_6465_0001

    struct PrecompileVector: Decodable {
        let Input: String
        let Expected: String
        let Name: String
    }

    static func loadVectors(_ name: String) throws -> [PrecompileVector] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Vectors").appendingPathComponent(name)
        return try JSONDecoder().decode([PrecompileVector].self, from: Data(contentsOf: url))
    }

    /// Right-pads (or truncates) precompile input to `count` bytes, as the EVM does.
    static func padded(_ hex: String, to count: Int) -> [UInt8] {
        let bytes = Hex.decode(hex)!
        return Array((bytes + [UInt8](repeating: 0, count: max(0, count - bytes.count)))[0..<count])
    }

    @Test func goEthereumBn256AddVectors() throws {
        let vectors = try Self.loadVectors("bn256Add.json")
        #expect(vectors.count == 16)
        for v in vectors {
            let input = Self.padded(v.Input, to: 128)
            let p = try G1Affine(uncompressed: input[0..<64])
            let q = try G1Affine(uncompressed: input[64..<128])
            #expect(Hex.encode((p + q).toAffine().uncompressedBytes) == v.Expected, "\(v.Name)")
            #expect(Hex.encode((G1Jacobian(p) + G1Jacobian(q)).toAffine().uncompressedBytes) == v.Expected)
        }
    }

    @Test func goEthereumBn256ScalarMulVectors() throws {
        let vectors = try Self.loadVectors("bn256ScalarMul.json")
        #expect(vectors.count == 18)
        for v in vectors {
            let input = Self.padded(v.Input, to: 96)
            let p = try G1Affine(uncompressed: input[0..<64])
            let k = limbs(bigEndian: input[64..<96])
            let result = G1Jacobian(p).multiplied(byLimbs: k).toAffine()
            #expect(Hex.encode(result.uncompressedBytes) == v.Expected, "\(v.Name)")
            if let s = Fr(canonicalLimbs: k.0, k.1, k.2, k.3) {
                #expect((p * s).toAffine() == result, "\(v.Name)")
            }
        }
    }

    @Test func roundTrips() throws {
        var rng = SeededRNG(seed: Self.seed)
        var largest = 0
        for _ in 0..<20 {
            let p = randomG1(using: &rng)
            #expect(try G1Affine(uncompressed: p.uncompressedBytes) == p, "seed \(Self.seed)")
            #expect(try G1Affine(compressed: p.compressedBytes) == p)
            #expect(try G1Affine(compressed: p.negated().compressedBytes) == p.negated())
            if p.compressedBytes[0] >> 6 == 0b11 { largest += 1 }
        }
        #expect(largest > 2 && largest < 18, "both compression flags occur")
        for _ in 0..<4 {
            let p = randomG2(using: &rng)
            #expect(try G2Affine(uncompressed: p.uncompressedBytes) == p)
            #expect(try G2Affine(compressed: p.compressedBytes) == p)
            #expect(try G2Affine(compressed: p.negated().compressedBytes) == p.negated())
        }
        #expect(try G1Affine(uncompressed: G1Affine.infinity.uncompressedBytes).isInfinity)
        #expect(try G1Affine(compressed: G1Affine.infinity.compressedBytes).isInfinity)
        #expect(try G2Affine(uncompressed: G2Affine.infinity.uncompressedBytes).isInfinity)
        #expect(try G2Affine(compressed: G2Affine.infinity.compressedBytes).isInfinity)
        #expect(G1Affine.infinity.uncompressedBytes == [UInt8](repeating: 0, count: 64))
        #expect(G2Affine.infinity.compressedBytes == [0x40] + [UInt8](repeating: 0, count: 63))
    }

    @Test func knownEncodings() throws {
        // Generator (1, 2): y = 2 is the smaller root, so gnark's compressed form is 0x80 ‖ 0…0 ‖ 0x01.
        #expect(G1Affine.generator.compressedBytes == [0x80] + [UInt8](repeating: 0, count: 30) + [1])
        #expect(G1Affine.generator.negated().compressedBytes == [0xC0] + [UInt8](repeating: 0, count: 30) + [1])
        // EIP-197 generator bytes (x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0) as listed in the EIP.
        let g2 =
            "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
            + "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
            + "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
            + "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
        #expect(Hex.encode(G2Affine.generator.uncompressedBytes) == g2)
        #expect(try G2Affine(uncompressed: Hex.decode(g2)!) == G2Affine.generator)
    }

    @Test func wrongLengthsAreRejected() {
        for n in [0, 1, 31, 33, 63, 65, 127, 129] {
            let bytes = [UInt8](repeating: 0, count: n)
            if n != 64 {
                #expect(throws: BN254Error.invalidLength(expected: 64, got: n)) { try G1Affine(uncompressed: bytes) }
                #expect(throws: BN254Error.invalidLength(expected: 64, got: n)) { try G2Affine(compressed: bytes) }
            }
            #expect(throws: BN254Error.invalidLength(expected: 32, got: n)) { try G1Affine(compressed: bytes) }
            #expect(throws: BN254Error.invalidLength(expected: 128, got: n)) { try G2Affine(uncompressed: bytes) }
        }
        #expect(BN254Error.invalidLength(expected: 64, got: 3).description.contains("expected 64 bytes, got 3"))
    }

    @Test func nonCanonicalCoordinatesAreRejected() {
        let q = Hex.decode("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47")!
        let one = [UInt8](repeating: 0, count: 31) + [1]
        let two = [UInt8](repeating: 0, count: 31) + [2]
        // (1 + q, 2) is the generator with x not reduced: must be rejected, not reduced.
        let qPlusOne = Hex.decode("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd48")!
        #expect(throws: BN254Error.nonCanonicalFieldElement) { try G1Affine(uncompressed: qPlusOne + two) }
        #expect(throws: BN254Error.nonCanonicalFieldElement) { try G1Affine(uncompressed: one + q) }
        #expect(throws: BN254Error.nonCanonicalFieldElement) {
            try G1Affine(uncompressed: [UInt8](repeating: 0xFF, count: 64))
        }
        var compressed = qPlusOne
        compressed[0] |= 0x80
        #expect(throws: BN254Error.nonCanonicalFieldElement) { try G1Affine(compressed: compressed) }
        var g2 = G2Affine.generator.uncompressedBytes
        g2.replaceSubrange(32..<64, with: q)
        #expect(throws: BN254Error.nonCanonicalFieldElement) { try G2Affine(uncompressed: g2) }
        var g2c = G2Affine.generator.compressedBytes
        g2c.replaceSubrange(32..<64, with: q)
        #expect(throws: BN254Error.nonCanonicalFieldElement) { try G2Affine(compressed: g2c) }
    }

    @Test func pointsOffTheCurveAreRejected() {
        let one = [UInt8](repeating: 0, count: 31) + [1]
        let three = [UInt8](repeating: 0, count: 31) + [3]
        #expect(throws: BN254Error.pointNotOnCurve) { try G1Affine(uncompressed: one + three) }
        var g2 = G2Affine.generator.uncompressedBytes
        g2[127] ^= 1
        #expect(throws: BN254Error.pointNotOnCurve) { try G2Affine(uncompressed: g2) }
        // x = 4: 4³ + 3 = 67 is not a square mod q.
        let four = [UInt8](repeating: 0, count: 31) + [4]
        #expect(throws: BN254Error.noSquareRoot) { try G1Affine(compressed: [0x80] + four.dropFirst()) }
        #expect(BN254Error.noSquareRoot.description.contains("square root"))
    }

    @Test func twistPointsOutsideG2AreRejected() {
        var rng = SeededRNG(seed: Self.seed ^ 1)
        let p = randomTwistPointOutsideG2(using: &rng)
        #expect(p.isOnCurve && !p.isInSubgroup, "seed \(Self.seed ^ 1)")
        #expect(throws: BN254Error.pointNotInSubgroup) { try G2Affine(uncompressed: p.uncompressedBytes) }
        #expect(throws: BN254Error.pointNotInSubgroup) { try G2Affine(compressed: p.compressedBytes) }
        // A compressed x with no twist point at all.
        while true {
            let x = Fq2(Fq.random(using: &rng), Fq.random(using: &rng))
            if (x.squared() * x + G2Affine.b).squareRoot != nil { continue }
            var bytes = x.c1.bigEndianBytes + x.c0.bigEndianBytes
            bytes[0] |= 0x80
            #expect(throws: BN254Error.noSquareRoot) { try G2Affine(compressed: bytes) }
            break
        }
    }

    @Test func badFlagsAreRejected() {
        var g1 = G1Affine.generator.compressedBytes
        g1[0] &= 0x3F  // 0b00: "uncompressed" flag in a compressed encoding
        #expect(throws: BN254Error.invalidCompressionFlags) { try G1Affine(compressed: g1) }
        var g2 = G2Affine.generator.compressedBytes
        g2[0] &= 0x3F
        #expect(throws: BN254Error.invalidCompressionFlags) { try G2Affine(compressed: g2) }
        // Infinity flag with a non-zero payload.
        var inf = [UInt8](repeating: 0, count: 32)
        inf[0] = 0x40
        inf[31] = 1
        #expect(throws: BN254Error.invalidInfinityEncoding) { try G1Affine(compressed: inf) }
        var inf2 = [UInt8](repeating: 0, count: 64)
        inf2[0] = 0x41
        #expect(throws: BN254Error.invalidInfinityEncoding) { try G2Affine(compressed: inf2) }
        // Flag bits set in an uncompressed encoding make the coordinate ≥ q.
        var u = G1Affine.generator.uncompressedBytes
        u[0] |= 0x80
        #expect(throws: BN254Error.nonCanonicalFieldElement) { try G1Affine(uncompressed: u) }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SeededRNG(seed: Self.seed ^ 2)
        for _ in 0..<200 {
            let length = [32, 64, 128, Int(rng.next() % 140)][Int(rng.next() % 4)]
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if rng.next() % 2 == 0, !bytes.isEmpty {
                bytes[0] &= 0x3F  // a canonical first coordinate more often
                if rng.next() % 2 == 0 { bytes[0] |= 0x80 }
            }
            if let p = try? G1Affine(uncompressed: bytes) { #expect(p.uncompressedBytes == bytes && p.isOnCurve) }
            if let p = try? G1Affine(compressed: bytes) { #expect(p.compressedBytes == bytes && p.isOnCurve) }
            if let p = try? G2Affine(uncompressed: bytes) { #expect(p.uncompressedBytes == bytes && p.isInSubgroup) }
            if let p = try? G2Affine(compressed: bytes) { #expect(p.compressedBytes == bytes && p.isInSubgroup) }
        }
    }
}
