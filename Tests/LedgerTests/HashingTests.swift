import Hashing
import TestSupport
import Testing

/// SHA-256 against the NIST FIPS 180-4 example vectors (csrc.nist.gov "SHA256.pdf" examples and the long-message
/// one-million-'a' vector), Keccak-256 against published Ethereum values, CRC-32C against its catalogue check value.
@Suite struct SHA256Tests {
    static let nistVectors: [(message: String, digest: String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        // 448-bit message (two blocks after padding).
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        // 896-bit message.
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ]

    @Test func nistShortVectors() {
        for (message, digest) in Self.nistVectors {
            #expect(Hex.encode(SHA256.hash(Array(message.utf8))) == digest, "message \"\(message)\"")
            // Same through the non-contiguous (byte-at-a-time) path.
            #expect(Hex.encode(SHA256.hash(message.utf8.lazy.map { $0 })) == digest, "lazy \"\(message)\"")
        }
    }

    @Test func nistOneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(Hex.encode(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000))) == expected)
        // Fed in uneven pieces (crosses block boundaries at every offset pattern).
        var h = SHA256()
        var fed = 0
        var piece = 1
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        while fed < 1_000_000 {
            let n = min(piece, 1_000_000 - fed, chunk.count)
            h.update(chunk[0..<n])
            fed += n
            piece = piece % 997 + 7
        }
        #expect(Hex.encode(h.finalize()) == expected)
    }

    /// Split the 896-bit vector (and a 3-block seeded-random message) at every boundary: hash(a) then hash(b)
    /// must equal the one-shot digest. Also at every pair of boundaries for the 896-bit message.
    @Test func incrementalSplitAtEveryBoundary() {
        let message = Array(Self.nistVectors[3].message.utf8)
        let expected = Self.nistVectors[3].digest
        for i in 0...message.count {
            var h = SHA256()
            h.update(message[..<i])
            h.update(message[i...])
            #expect(Hex.encode(h.finalize()) == expected, "split at \(i)")
            for j in i...message.count {
                var h3 = SHA256()
                h3.update(message[..<i])
                h3.update(message[i..<j])
                h3.update(message[j...])
                if Hex.encode(h3.finalize()) != expected {
                    Issue.record("split at \(i), \(j)")
                    return
                }
            }
        }
        var rng = SeededRNG(seed: testSeed(fallback: 0x5EED_0001))
        let random = (0..<200).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let oneShot = SHA256.hash(random)
        for i in 0...random.count {
            var h = SHA256()
            h.update(random[..<i])
            h.update(random[i...])
            #expect(h.finalize() == oneShot, "seed 0x5EED0001, split at \(i)")
        }
    }

    /// finalize() does not consume the hasher: the digest of a prefix, then of the whole message.
    @Test func finalizeIsNonDestructive() {
        var h = SHA256()
        h.update("ab".utf8)
        let prefix = h.finalize()
        h.update("c".utf8)
        #expect(prefix == SHA256.hash("ab".utf8))
        #expect(Hex.encode(h.finalize()) == Self.nistVectors[1].digest)
    }

    /// Padding edge cases: lengths 55, 56, 63, 64, 65 bytes differ and split consistently.
    @Test func paddingBoundaries() {
        for n in [55, 56, 57, 63, 64, 65, 119, 120, 128] {
            let message = [UInt8](repeating: 0x61, count: n)
            var h = SHA256()
            for byte in message { h.update(CollectionOfOne(byte)) }
            #expect(h.finalize() == SHA256.hash(message), "length \(n)")
        }
        #expect(SHA256.hash([UInt8](repeating: 0, count: 55)) != SHA256.hash([UInt8](repeating: 0, count: 56)))
    }
}

@Suite struct KeccakTests {
    @Test func publishedVectors() {
        let empty = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        let abc = "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
        #expect(Hex.encode(Keccak256.hash([UInt8]())) == empty)
        #expect(Hex.encode(Keccak256.hash("abc".utf8)) == abc)
        // ERC-20 selectors (EIP-20): transfer = 0xa9059cbb, balanceOf = 0x70a08231, approve = 0x095ea7b3.
        #expect(Hex.encode(Keccak256.hash("transfer(address,uint256)".utf8).prefix(4)) == "a9059cbb")
        #expect(Hex.encode(Keccak256.hash("balanceOf(address)".utf8).prefix(4)) == "70a08231")
        #expect(Hex.encode(Keccak256.hash("approve(address,uint256)".utf8).prefix(4)) == "095ea7b3")
    }

    /// Around and past the 136-byte rate. Values from pycryptodome:
    /// `python3 -c "from Crypto.Hash import keccak; print(keccak.new(digest_bits=256, data=b'a'*n).hexdigest())"`.
    @Test func multiBlockVectors() {
        let vectors: [(Int, String)] = [
            (135, "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446"),
            (136, "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e"),
            (137, "d869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39"),
            (272, "cf7fcd4f705ee749930d19ca84561a9bf62516bd90a471545fa2f49fdc7e63c8"),
            (1000, "b6a4ac1f51884d71f30fa397a5e155de3099e11fc0edef5d08b646e621e19de9"),
        ]
        for (n, digest) in vectors {
            #expect(Hex.encode(Keccak256.hash([UInt8](repeating: 0x61, count: n))) == digest, "\(n) × 'a'")
        }
    }
}

@Suite struct CRCAndHexTests {
    @Test func crc32cCheckValue() {
        #expect(CRC32C.checksum("123456789".utf8) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        // RFC 3720 §B.4: 32 bytes of zeros → 0x8A9136AA; 32 bytes of 0xFF → 0x62A8AB43.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    }

    @Test func hexRoundTripAndRejects() {
        var rng = SeededRNG(seed: testSeed(fallback: 42))
        for n in 0..<40 {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let text = Hex.encode(bytes)
            #expect(text.count == 2 * n)
            #expect(Hex.decode(text) == bytes)
            #expect(Hex.decode("0x" + text.uppercased()) == bytes)
        }
        #expect(Hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
        for bad in ["0", "abc", "zz", "0x0", "00 ", " 00", "0xg0", "+1"] { #expect(Hex.decode(bad) == nil, "\(bad)") }
    }
}
