import BN254
import Groth16
import Hashing
import R1CS
import TestSupport
import Testing

/// Version 4 of `proving.key` (issue 15): queries without their points at infinity, decoded from a copy or
/// straight from the file's bytes (`ProvingKey(fileBytes:)`, as `prove` does on a memory-mapped file); versions
/// 2 and 3 still read; every damaged or truncated file refused with an error, never a trap.
@Suite struct ProvingKeyFormatTests {
    static let shared = Groth16EncodingTests.shared

    /// The key decoded from `bytes` through `fileBytes` (the mapped-file path), quick checks.
    static func decodeFileBytes(_ bytes: [UInt8], fullChecks: Bool = false) throws(Groth16Error) -> ProvingKey {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(Groth16Error) in try ProvingKey(fileBytes: raw, fullChecks: fullChecks) }
        }.get()
    }

    /// Byte offsets of the version-4 blocks: (head size, [(bitmap offset, points offset, stored)] for A, B1, B2,
    /// H, L).
    static func layout(_ pk: ProvingKey, _ bytes: [UInt8]) -> (head: Int, blocks: [(Int, Int, Int)]) {
        let head = Int(bytes[32..<40].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        var offset = head
        var blocks: [(Int, Int, Int)] = []
        let lengths = [pk.aQuery.count, pk.bG1Query.count, pk.bG2Query.count, pk.hQuery.count, pk.lQuery.count]
        let stored = [
            pk.aQuery.count(where: { !$0.isInfinity }), pk.bG1Query.count(where: { !$0.isInfinity }),
            pk.bG2Query.count(where: { !$0.isInfinity }), pk.hQuery.count(where: { !$0.isInfinity }),
            pk.lQuery.count(where: { !$0.isInfinity }),
        ]
        for i in 0..<5 {
            let points = offset + (lengths[i] + 7) / 8
            blocks.append((offset, points, stored[i]))
            offset = points + stored[i] * (i == 2 ? 128 : 64)
        }
        return (head, blocks)
    }

    @Test func versionFourDropsInfinityAndRoundTrips() throws {
        let pk = Self.shared.pk
        // The random circuit's last products appear in no A or B row: their A/B points are infinity.
        let infinities = pk.aQuery.count(where: { $0.isInfinity }) + pk.bG2Query.count(where: { $0.isInfinity })
        try #require(infinities > 0, "the fixture key has no point at infinity; the sparse path is not exercised")
        let four = pk.serialized()
        #expect(four[28] == 4)
        let (_, blocks) = Self.layout(pk, four)
        let last = try #require(blocks.last)
        #expect(four.count == last.1 + last.2 * 64 + 8, "the file is its head, its blocks and the check sum")
        #expect(four.count < pk.serializedVersion3().count - 64 * infinities)
        #expect(try ProvingKey(serialized: four) == pk)
        #expect(try ProvingKey(serializedSkippingSubgroupChecks: four) == pk)
        #expect(try Self.decodeFileBytes(four) == pk)
        #expect(try Self.decodeFileBytes(four, fullChecks: true) == pk)
        // The decoded key proves and the proof verifies.
        let f = Self.shared
        let proof = try Groth16Prover.prove(
            provingKey: try Self.decodeFileBytes(four), r1cs: f.circuit.r1cs, witness: f.circuit.witness)
        #expect(try Groth16Verifier.verify(verifyingKey: f.vk, publicInputs: f.circuit.publicInputs, proof: proof))
    }

    @Test func olderVersionsAreStillRead() throws {
        let pk = Self.shared.pk
        for (version, bytes) in [(2, pk.serializedVersion2()), (3, pk.serializedVersion3())] {
            #expect(bytes[28] == UInt8(version))
            #expect(try Self.decodeFileBytes(bytes) == pk, "version \(version)")
            #expect(try Self.decodeFileBytes(bytes, fullChecks: true) == pk, "version \(version)")
            #expect(try ProvingKey(serialized: bytes) == pk, "version \(version)")
            #expect(!bytes.withUnsafeBytes { ProvingKey.decodesInPlace($0) }, "version \(version)")
        }
        #expect(pk.serialized().withUnsafeBytes { ProvingKey.decodesInPlace($0) })
        #expect(![UInt8]().withUnsafeBytes { ProvingKey.decodesInPlace($0) })
    }

    @Test func damagedVersionFourIsRefused() throws {
        let pk = Self.shared.pk
        let four = pk.serialized()
        let (head, blocks) = Self.layout(pk, four)
        func refused(_ bytes: [UInt8], _ label: String) {
            #expect(throws: Groth16Error.self, "\(label)") { try Self.decodeFileBytes(bytes) }
            #expect(throws: Groth16Error.self, "\(label)") { try ProvingKey(serialized: bytes) }
        }
        for length in stride(from: 0, to: four.count, by: 29) {
            refused(Array(four.prefix(length)), "length \(length)")
        }
        refused(four + [0], "a trailing byte")
        // Any damaged byte after the header changes the check sum, even where the decoder alone would accept the
        // bytes: here a set bitmap bit moved to a clear one (same count of stored points).
        let (bitmap, aPointsStart, _) = blocks[0]
        let mixed = try #require((bitmap..<aPointsStart).first { four[$0] != 0 && four[$0] != 0xFF })
        let b = four[mixed]
        var moved = four
        moved[mixed] = b ^ (b & (~b &+ 1)) ^ (~b & (b &+ 1))  // clear its lowest set bit, set its lowest clear bit
        #expect(moved[mixed].nonzeroBitCount == b.nonzeroBitCount)
        #expect(throws: Groth16Error.self) { try Self.decodeFileBytes(moved) }
        do {
            _ = try Self.decodeFileBytes(moved)
        } catch {
            #expect(error.description.contains("check sum"), "\(error)")
        }
        for position in [32, 40, bitmap, four.count - 9, four.count - 1] {
            var damaged = four
            damaged[position] ^= 0x10
            #expect(throws: Groth16Error.self, "byte \(position)") { try Self.decodeFileBytes(damaged) }
        }
        // Head size pointing past the end, or not at the end of the head.
        for size in [UInt64(four.count + 1), UInt64(head - 1), UInt64(head + 1), UInt64.max] {
            var bytes = four
            for i in 0..<8 { bytes[32 + i] = UInt8(truncatingIfNeeded: size >> (56 - 8 * i)) }
            refused(bytes, "head size \(size)")
        }
        // A bitmap that marks one point more or less than stored, and one with a bit past the query's length.
        let (aBitmap, aPoints, _) = blocks[0]
        var fewer = four
        let firstSet = try #require((aBitmap..<aPoints).first { four[$0] != 0 })
        fewer[firstSet] &= fewer[firstSet] - 1
        refused(fewer, "bitmap with a bit cleared")
        let firstClear = try #require((aBitmap..<aPoints).first { four[$0] != 0xFF })
        var more = four
        more[firstClear] |= ~four[firstClear] & (four[firstClear] &+ 1)  // its lowest clear bit
        refused(more, "bitmap with a bit set")
        if pk.aQuery.count % 8 != 0 {
            var padding = four
            padding[aPoints - 1] |= 0x80
            refused(padding, "bitmap padding bit")
        }
        // A stored point that is non-canonical (x ≥ q), or encodes infinity (all zero).
        var nonCanonical = four
        for i in aPoints..<(aPoints + 32) { nonCanonical[i] = 0xFF }
        refused(nonCanonical, "non-canonical stored point")
        var zero = four
        for i in aPoints..<(aPoints + 64) { zero[i] = 0 }
        refused(zero, "stored point at infinity")
        // Off the curve: refused by the fully checked decoder (the quick one leaves it to the proof check).
        var offCurve = four
        offCurve[aPoints] ^= 1
        #expect(throws: Groth16Error.self) { try ProvingKey(serialized: offCurve) }
        #expect(throws: Groth16Error.self) { try Self.decodeFileBytes(offCurve, fullChecks: true) }
        // Random damage anywhere: always refused (the check sum covers every byte after the header; the header
        // itself is checked field by field); never a trap.
        var rng = SeededRNG(seed: testSeed(fallback: 44))
        for _ in 0..<300 {
            var damaged = four
            let position = Int.random(in: 0..<four.count, using: &rng)
            damaged[position] ^= UInt8.random(in: 1...255, using: &rng)
            #expect(throws: Groth16Error.self, "byte \(position)") { try Self.decodeFileBytes(damaged) }
        }
    }
}
