import Foundation
import Hashing
import Ledger
import TestSupport
import Testing

@Suite struct AttestationRecordTests {
    @Test func canonicalEncodingRoundTrips() throws {
        var rng = SeededRNG(seed: testSeed(fallback: 0xA77E57))
        for i in 0..<200 {
            let record = Fixtures.record(i, rng: &rng, jsonOutput: i % 4 == 1)
            let bytes = record.encoded()
            let decoded = try AttestationRecord(encoded: bytes)
            #expect(decoded == record, "seed 0xA77E57, record \(i)")
            #expect(decoded.encoded() == bytes)
            #expect(decoded.leafHash == MerkleTree.leafHash(bytes))
        }
    }

    /// Every proper prefix, and every extension by one byte, is rejected (never a crash).
    @Test func truncatedOrExtendedEncodingsAreRejected() {
        var rng = SeededRNG(seed: testSeed(fallback: 7))
        for jsonOutput in [false, true] {
            let bytes = Fixtures.record(4, rng: &rng, jsonOutput: jsonOutput).encoded()
            for n in 0..<bytes.count {
                #expect(throws: LedgerError.self, "prefix \(n)") { try AttestationRecord(encoded: bytes[..<n]) }
            }
            #expect(throws: LedgerError.self) { try AttestationRecord(encoded: bytes + [0]) }
        }
    }

    /// Flipping any single byte of the encoding either is rejected or decodes to a different record (the
    /// encoding is injective and strict); never a crash.
    @Test func singleByteChangesNeverDecodeToTheSameRecord() {
        var rng = SeededRNG(seed: testSeed(fallback: 8))
        let record = Fixtures.record(7, rng: &rng)
        let bytes = record.encoded()
        for i in bytes.indices {
            var tampered = bytes
            tampered[i] ^= 0x01
            if let decoded = try? AttestationRecord(encoded: tampered) {
                #expect(decoded != record, "byte \(i)")
                #expect(decoded.encoded() == tampered, "byte \(i): decoded record re-encodes differently")
            }
        }
    }

    @Test func invalidFieldsAreRejected() {
        let d = [UInt8](repeating: 1, count: 32)
        func make(
            model: [UInt8] = d, signals: [String] = ["1"], output: InferenceOutput = .values([1], predictedClass: 0),
            timestamp: Int64 = 0, version: String = "1"
        ) throws(LedgerError) -> AttestationRecord {
            try AttestationRecord(
                modelDigest: model, circuitDigest: d, verifyingKeyDigest: d, publicSignals: signals, output: output,
                proofDigest: d, timestamp: timestamp, zkinferVersion: version)
        }
        #expect(throws: LedgerError.invalidRecordField(field: "modelDigest", reason: "expected 32 bytes, got 31")) {
            try make(model: Array(d.dropLast()))
        }
        for bad in ["", "01", "-1", "1.0", " 1", "1e3", "0x10", String(repeating: "9", count: 79), "١"] {
            #expect(throws: LedgerError.self, "signal \(bad)") { try make(signals: ["5", bad]) }
        }
        #expect(throws: LedgerError.self) { try make(output: .values([1, .nan], predictedClass: nil)) }
        #expect(throws: LedgerError.self) { try make(output: .values([.infinity], predictedClass: nil)) }
        #expect(throws: LedgerError.self) { try make(output: .values([1], predictedClass: -1)) }
        #expect(throws: LedgerError.self) { try make(output: .json("{not json")) }
        #expect(throws: LedgerError.self) { try make(timestamp: -1) }
        #expect(throws: LedgerError.self) { try make(timestamp: 253_402_300_800) }
        #expect(throws: LedgerError.self) { try make(version: "") }
        #expect(throws: LedgerError.self) { try make(version: String(repeating: "v", count: 65)) }
        // Valid edge values.
        #expect((try? make(signals: [], output: .values([], predictedClass: nil))) != nil)
        #expect((try? make(signals: ["0", String(repeating: "9", count: 78)], output: .json("3"))) != nil)
    }

    @Test func displayJSONRoundTripsExactly() throws {
        var rng = SeededRNG(seed: testSeed(fallback: 0x15011))
        for i in 0..<100 {
            let record = Fixtures.record(i, rng: &rng, jsonOutput: i % 3 == 2)
            let json = record.json
            // Valid JSON per Foundation's parser too.
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "\(json)")
            let parsed = try AttestationRecord(json: json)
            #expect(parsed == record, "seed 0x15011, record \(i)")
            #expect(parsed.leafHash == record.leafHash)
        }
        // Tricky doubles survive the text round trip bit for bit.
        let d = [UInt8](repeating: 2, count: 32)
        let values: [Double] = [
            0.1, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e16, 123456789.125, -2.5e-7,
        ]
        let record = try AttestationRecord(
            modelDigest: d, circuitDigest: d, verifyingKeyDigest: d, publicSignals: [],
            output: .values(values, predictedClass: 3), proofDigest: d, timestamp: 0, zkinferVersion: "t")
        guard case .values(let back, _) = try AttestationRecord(json: record.json).output else {
            Issue.record("wrong output kind")
            return
        }
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func displayJSONRejectsInconsistentOrInvalidInput() throws {
        var rng = SeededRNG(seed: testSeed(fallback: 1))
        let json = Fixtures.record(2, rng: &rng).json
        let badTime = json.replacingOccurrences(of: "\"time\": \"", with: "\"time\": \"1")
        #expect(throws: LedgerError.self) { try AttestationRecord(json: badTime) }
        let badDigest = json.replacingOccurrences(of: "\"modelDigest\": \"", with: "\"modelDigest\": \"00")
        #expect(throws: LedgerError.self) { try AttestationRecord(json: badDigest) }
        #expect(throws: LedgerError.self) { try AttestationRecord(json: "[]") }
        let noOutput = json.replacingOccurrences(of: "values", with: "vals")
        #expect(throws: LedgerError.self) { try AttestationRecord(json: noOutput) }
    }

    /// UTC ISO-8601 display time, checked against fixed dates and against Foundation's ISO8601DateFormatter.
    @Test func isoTimeMatchesFoundation() throws {
        let d = [UInt8](repeating: 3, count: 32)
        func time(_ t: Int64) throws -> String {
            try AttestationRecord(
                modelDigest: d, circuitDigest: d, verifyingKeyDigest: d, publicSignals: [],
                output: .json("null"), proofDigest: d, timestamp: t, zkinferVersion: "t"
            ).timeISO8601
        }
        #expect(try time(0) == "1970-01-01T00:00:00Z")
        #expect(try time(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(try time(1_700_000_000) == "2023-11-14T22:13:20Z")
        #expect(try time(253_402_300_799) == "9999-12-31T23:59:59Z")
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var rng = SeededRNG(seed: testSeed(fallback: 0x71E))
        for _ in 0..<500 {
            let t = Int64(rng.next() % 4_102_444_800)  // up to 2100
            #expect(try time(t) == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(t))), "t = \(t)")
        }
    }
}

@Suite struct TreeHeadTests {
    /// The selector is derived with our Keccak-256; independently, pycryptodome gives
    /// keccak256("publishRoot(uint64,bytes32)")[0..4] = b3b68316.
    @Test func evmCalldataLayout() throws {
        #expect(TreeHead.publishRootSignature == "publishRoot(uint64,bytes32)")
        #expect(TreeHead.publishRootSelector == Array(Keccak256.hash("publishRoot(uint64,bytes32)".utf8).prefix(4)))
        #expect(Hex.encode(TreeHead.publishRootSelector) == "b3b68316")
        let root = try #require(MerkleHash(hex: String(repeating: "ab", count: 32)))
        let head = TreeHead(size: 0x0102_0304_0506_0708, rootHash: root)
        let calldata = head.evmCalldata
        #expect(calldata.count == 4 + 32 + 32)
        #expect(Array(calldata[4..<28]) == [UInt8](repeating: 0, count: 24))
        #expect(Array(calldata[28..<36]) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(Array(calldata[36...]) == root.bytes)
        #expect(
            head.evmCalldataHex == "0xb3b68316" + String(repeating: "0", count: 48) + "0102030405060708"
                + String(repeating: "ab", count: 32))
        let empty = TreeHead(size: 0, rootHash: MerkleTree.emptyRoot)
        #expect(Array(empty.evmCalldata[4..<36]) == [UInt8](repeating: 0, count: 32))
    }
}
