import Hashing
import Testing

/// BLAKE2b against RFC 7693 Appendix A and against Python hashlib.blake2b (BLAKE2bVectors.generated.swift,
/// from Scripts/gen_blake2b_vectors.py): unkeyed 512-bit digests across block boundaries, keyed and short
/// outputs, and incremental updates split at every boundary.
@Suite struct BLAKE2bTests {
    static func pattern(_ n: Int, _ mul: Int = 7, _ add: Int = 3) -> [UInt8] {
        (0..<n).map { UInt8(truncatingIfNeeded: $0 * mul + add) }
    }

    /// RFC 7693 Appendix A: BLAKE2b-512("abc").
    @Test func rfc7693AppendixA() {
        let expected =
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
        #expect(Hex.encode(BLAKE2b.hash("abc".utf8)) == expected)
    }

    @Test func hashlibPatternVectors() {
        for (length, digest) in blake2bPatternVectors {
            #expect(Hex.encode(BLAKE2b.hash(Self.pattern(length))) == digest, "length \(length)")
            // Byte-at-a-time (non-contiguous) input.
            #expect(Hex.encode(BLAKE2b.hash(Self.pattern(length).lazy.map { $0 })) == digest, "lazy \(length)")
        }
    }

    @Test func hashlibKeyedAndShortVectors() throws {
        for (length, keyLength, digestLength, digest) in blake2bParameterizedVectors {
            var b = try #require(BLAKE2b(digestByteCount: digestLength, key: Self.pattern(keyLength, 5, 1)))
            b.update(Self.pattern(length))
            #expect(Hex.encode(b.finalize()) == digest, "length \(length) key \(keyLength) out \(digestLength)")
        }
    }

    @Test func rejectsBadParameters() {
        #expect(BLAKE2b(digestByteCount: 0) == nil)
        #expect(BLAKE2b(digestByteCount: 65) == nil)
        #expect(BLAKE2b(key: [UInt8](repeating: 1, count: 65)) == nil)
    }

    /// Split a 3-block message at every boundary: the digest is the one-shot digest; `finalize` leaves the
    /// state usable (hashing continues after a finalize).
    @Test func incrementalSplitAtEveryBoundary() {
        let message = Self.pattern(257)
        let expected = Hex.encode(BLAKE2b.hash(message))
        for i in 0...message.count {
            var b = BLAKE2b()
            b.update(message[..<i])
            _ = b.finalize()
            b.update(message[i...])
            #expect(Hex.encode(b.finalize()) == expected, "split at \(i)")
        }
    }
}
