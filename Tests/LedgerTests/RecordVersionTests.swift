import Foundation
import Hashing
import Ledger
import Testing

/// Record encoding version 2 (key provenance) beside version 1: both decode, each re-encodes to its own bytes,
/// and a ledger written before version 2 existed (Tests/EndToEndTests/VersionOneFiles/v1.ledger) still reads
/// and verifies, and takes version-2 appends.
@Suite struct RecordVersionTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../EndToEndTests/VersionOneFiles/v1.ledger").standardized.path

    static func withProvenance(_ record: AttestationRecord, _ provenance: String?) throws -> AttestationRecord {
        try AttestationRecord(
            modelDigest: record.modelDigest, circuitDigest: record.circuitDigest,
            verifyingKeyDigest: record.verifyingKeyDigest, publicSignals: record.publicSignals, output: record.output,
            proofDigest: record.proofDigest, timestamp: record.timestamp, zkinferVersion: record.zkinferVersion,
            keyProvenance: provenance)
    }

    @Test func versionFollowsProvenanceAndRoundTrips() throws {
        var rng = SplitMix64(seed: 0x5E7)
        let plain = Fixtures.record(3, rng: &rng)
        #expect(plain.keyProvenance == nil && plain.recordVersion == 1 && plain.encoded()[0] == 1)
        for provenance in [
            "setup: single-party (development)",
            "ceremony: ptau pot12_0001.ptau blake2b " + String(repeating: "ab", count: 64)
                + ", 3 contributions, final hash " + String(repeating: "cd", count: 64),
        ] {
            let record = try Self.withProvenance(plain, provenance)
            let bytes = record.encoded()
            #expect(bytes[0] == 2)
            let decoded = try AttestationRecord(encoded: bytes)
            #expect(decoded == record && decoded.encoded() == bytes && decoded.keyProvenance == provenance)
            #expect(decoded.leafHash != plain.leafHash)
            let json = record.json
            #expect(json.contains("\"recordFormat\": 2") && json.contains("\"keyProvenance\": "))
            #expect(try AttestationRecord(json: json) == record)
        }
        #expect(plain.json.contains("\"recordFormat\": 1") && !plain.json.contains("keyProvenance"))
        #expect(try AttestationRecord(json: plain.json) == plain)
    }

    @Test func malformedVersionsAreRejected() throws {
        var rng = SplitMix64(seed: 0x5E8)
        let plain = Fixtures.record(5, rng: &rng)
        // Version 1 bytes relabelled 2 (and the reverse) do not decode: the provenance field is missing or extra.
        var relabelled = plain.encoded()
        relabelled[0] = 2
        #expect(throws: LedgerError.self) { try AttestationRecord(encoded: relabelled) }
        var v2 = try Self.withProvenance(plain, "setup: single-party (development)").encoded()
        v2[0] = 1
        #expect(throws: LedgerError.self) { try AttestationRecord(encoded: v2) }
        v2[0] = 3
        #expect(throws: LedgerError.self) { try AttestationRecord(encoded: v2) }
        #expect(throws: LedgerError.self) { try Self.withProvenance(plain, "") }
        #expect(throws: LedgerError.self) { try Self.withProvenance(plain, String(repeating: "x", count: 1025)) }
        // JSON: recordFormat 2 needs keyProvenance, recordFormat 1 refuses it.
        let v1JSON = plain.json
        #expect(throws: LedgerError.self) {
            try AttestationRecord(
                json: v1JSON.replacingOccurrences(of: "\"recordFormat\": 1", with: "\"recordFormat\": 2"))
        }
        let v2JSON = try Self.withProvenance(plain, "setup: x").json
        #expect(throws: LedgerError.self) {
            try AttestationRecord(
                json: v2JSON.replacingOccurrences(of: "\"recordFormat\": 2", with: "\"recordFormat\": 1"))
        }
    }

    @Test func ledgerWrittenBeforeVersion2ReadsVerifiesAndGrows() throws {
        let head = try LedgerStore.verifyFile(path: Self.fixture)
        #expect(head.size == 1)
        #expect(head.rootHash.hex == "2f20c75eda6086bbf0289e2efb43d53cabeecc20c746792eda38342e741f2e19")
        let path = Fixtures.temporaryLedgerPath()
        defer { Fixtures.cleanUp(path) }
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: path)
        let store = try LedgerStore(path: path, createIfMissing: false)
        let old = try store.record(at: 0)
        #expect(old.keyProvenance == nil && old.recordVersion == 1 && old.zkinferVersion == "0.1.0")
        let appended = try Self.withProvenance(old, "setup: single-party (development)")
        _ = try store.append(appended)
        #expect(try store.record(at: 1) == appended)
        #expect(try store.record(at: 0).keyProvenance == nil)
        let grown = try LedgerStore.verifyFile(path: path)
        #expect(grown.size == 2)
        // The old leaf is unchanged: the old tree head is consistent with the new one.
        let proof = try store.consistencyProof(firstSize: 1, secondSize: 2)
        #expect(proof.verify(first: head, second: grown))
    }
}
