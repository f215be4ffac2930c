import Foundation
import Hashing
import Ledger
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Builds a ledger of `count` records at a fresh path; returns the path, records and final head.
private func makeLedger(_ count: Int, seed: UInt64 = 0x1ED6E5, jsonOutput: Bool = false, onTmpfs: Bool = false)
    throws -> (path: String, records: [AttestationRecord], head: TreeHead)
{
    let path = Fixtures.temporaryLedgerPath(onTmpfs: onTmpfs)
    var rng = SeededRNG(seed: seed)
    let records = (0..<count).map { Fixtures.record($0, rng: &rng, jsonOutput: jsonOutput) }
    let store = try LedgerStore(path: path)
    for record in records { try store.append(record) }
    return (path, records, store.treeHead)
}

/// The record index an error names (nil if it names none).
private func namedRecord(_ error: LedgerError) -> Int? {
    switch error {
    case .checksumMismatch(let i, _), .corruptFrameHeader(let i, _, _), .tornTail(let i, _, _),
        .recordChanged(let i, _):
        i
    case .malformedRecord(let i, _): i
    default: nil
    }
}

private func namesHeader(_ error: LedgerError) -> Bool {
    switch error {
    case .badMagic, .corruptHeader, .unsupportedFormatVersion: true
    default: false
    }
}

@Suite struct LedgerStoreTests {
    @Test func appendReopenReadAndProve() throws {
        let (path, records, head) = try makeLedger(0)
        defer { Fixtures.cleanUp(path) }
        #expect(head == TreeHead(size: 0, rootHash: MerkleTree.emptyRoot))
        var rng = SeededRNG(seed: testSeed(fallback: 99))
        let store = try LedgerStore(path: path)
        var heads: [TreeHead] = [head]
        var all = records
        for i in 0..<20 {
            let record = Fixtures.record(i, rng: &rng, jsonOutput: i % 2 == 0)
            let receipt = try store.append(record)
            all.append(record)
            #expect(receipt.index == UInt64(i))
            #expect(receipt.leafHash == record.leafHash)
            #expect(receipt.treeHead == TreeHead(leafHashes: all.map(\.leafHash)))
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(receipt.json.utf8)) as? [String: Any])
            #expect(object["index"] as? Int == i && object["leafHash"] as? String == record.leafHash.hex)
            let headJSON = try JSONSerialization.data(withJSONObject: try #require(object["treeHead"]))
            #expect(try TreeHead(json: Array(headJSON)) == receipt.treeHead)
            heads.append(receipt.treeHead)
        }
        // Reopen: same head, records read back equal, proofs verify against receipts' heads.
        let (reopened, note) = try LedgerStore.open(path: path, createIfMissing: false)
        #expect(note == nil)
        #expect(reopened.count == 20)
        #expect(reopened.treeHead == heads[20])
        for i in 0..<20 {
            #expect(try reopened.record(at: i) == all[i])
            #expect(try reopened.leafHash(at: i) == all[i].leafHash)
            for size in [i + 1, 20] {
                let proof = try reopened.inclusionProof(leafIndex: UInt64(i), treeSize: UInt64(size))
                #expect(proof.verify(record: all[i], against: heads[size]))
                #expect(try InclusionProof(json: proof.json).verify(record: all[i], against: heads[size]))
            }
        }
        for first in 0...20 {
            let proof = try reopened.consistencyProof(firstSize: UInt64(first))
            #expect(proof.verify(first: heads[first], second: heads[20]), "\(first) → 20")
            #expect(try reopened.treeHead(size: UInt64(first)) == heads[first])
        }
        #expect(try reopened.verifyAll(expected: heads[7]) == heads[20])
        #expect(try LedgerStore.verifyFile(path: path, expected: heads[20]) == heads[20])
        #expect(throws: LedgerError.indexOutOfRange(index: 20, count: 20)) { try reopened.record(at: 20) }
        #expect(throws: LedgerError.treeSizeBeyondLog(size: 21, count: 20)) { try reopened.treeHead(size: 21) }
        #expect(throws: LedgerError.treeSizeBeyondLog(size: 21, count: 20)) {
            try reopened.inclusionProof(leafIndex: 3, treeSize: 21)
        }
        #expect(throws: LedgerError.indexOutOfRange(index: 20, count: 20)) {
            try reopened.inclusionProof(leafIndex: 20)
        }
        #expect(throws: LedgerError.invalidTreeSizes(first: 6, second: 5)) {
            try reopened.consistencyProof(firstSize: 6, secondSize: 5)
        }
        #expect(throws: LedgerError.treeHeadBeyondLog(expectedSize: 21, logSize: 20)) {
            try reopened.verifyAll(expected: TreeHead(size: 21, rootHash: heads[20].rootHash))
        }
        let wrong = TreeHead(size: 7, rootHash: heads[8].rootHash)
        #expect(throws: LedgerError.treeHeadMismatch(expected: wrong, actual: heads[7])) {
            try reopened.verifyAll(expected: wrong)
        }
    }

    /// A crash mid-append leaves any prefix of the frame (or a zero-filled tail, or a complete-length frame whose end
    /// was never written): every one is detected, reported with the right index, cut, and all acknowledged records
    /// are kept.
    @Test func tornTailIsReportedAndCutForEveryPrefix() throws {
        let (path, records, head) = try makeLedger(3, onTmpfs: true)
        defer { Fixtures.cleanUp(path) }
        let original = Fixtures.bytes(path)
        var rng = SeededRNG(seed: testSeed(fallback: 5))
        let frame = Fixtures.frame(Fixtures.record(3, rng: &rng).encoded())
        var zeroEnd = frame
        for i in (frame.count - 20)..<frame.count { zeroEnd[i] = 0 }  // header persisted, last block not
        var tails: [[UInt8]] = (1..<frame.count).map { Array(frame[..<$0]) }
        tails.append(zeroEnd)
        tails.append([UInt8](repeating: 0, count: 4096))  // size extended, data never written
        tails.append([UInt8](repeating: 0, count: 3))
        for tail in tails {
            Fixtures.write(original + tail, to: path)
            let (store, note) = try LedgerStore.open(path: path)
            let recovery = try #require(note, "tail of \(tail.count) bytes not reported")
            #expect(recovery.recordIndex == 3)
            #expect(recovery.offset == UInt64(original.count))
            #expect(recovery.discardedByteCount == UInt64(tail.count))
            #expect(recovery.description.contains("torn record #3"))
            #expect(store.count == 3)
            #expect(store.treeHead == head)
            #expect(Fixtures.bytes(path) == original, "tail of \(tail.count) bytes not cut exactly")
            #expect(try store.verifyAll(expected: head) == head)
            #expect(try store.record(at: 2) == records[2])
        }
        // After recovery the log accepts appends and reopens cleanly.
        let store = try LedgerStore(path: path)
        try store.append(Fixtures.record(3, rng: &rng))
        let (again, note) = try LedgerStore.open(path: path)
        #expect(note == nil && again.count == 4)
        // Read-only verification reports (and does not repair) a torn tail.
        Fixtures.appendRaw(Array(frame.prefix(10)), to: path)
        #expect(throws: LedgerError.self) { try LedgerStore.verifyFile(path: path) }
        let check = try LedgerStore.checkFile(path: path)
        #expect(check.head.size == 4 && check.tornTail?.recordIndex == 4 && check.tornTail?.discardedByteCount == 10)
        #expect(Fixtures.bytes(path).count == original.count + frame.count + 10)
    }

    /// Issue 10: a complete last frame with a damaged checksum or payload is corruption, not a torn tail: `open`
    /// refuses it and cuts nothing (the record may have been acknowledged), and read-only checks name it.
    @Test func issue10DamagedCompleteLastRecordIsNotCut() throws {
        let (path, _, _) = try makeLedger(3, onTmpfs: true)
        defer { Fixtures.cleanUp(path) }
        var rng = SeededRNG(seed: testSeed(fallback: 6))
        let store = try LedgerStore(path: path)
        try store.append(Fixtures.record(3, rng: &rng))
        let original = Fixtures.bytes(path)
        for position in [original.count - 1, original.count - 30] {
            var damaged = original
            damaged[position] ^= 0x55
            Fixtures.write(damaged, to: path)
            do {
                _ = try LedgerStore.open(path: path)
                Issue.record("byte \(position): open accepted a damaged last record")
            } catch {
                guard case .checksumMismatch(let index, _) = error else {
                    Issue.record("byte \(position): \(error)")
                    continue
                }
                #expect(index == 3)
            }
            #expect(Fixtures.bytes(path) == damaged, "open cut a complete record")
            #expect(throws: LedgerError.self) { try LedgerStore.checkFile(path: path) }
        }
    }

    /// Issue 10: a 0-byte file (a crash before the first header write) is an empty ledger for both the read-only
    /// check and `open`; a header prefix is a torn tail for both.
    @Test func issue10EmptyAndHeaderPrefixFilesHaveOneBehaviour() throws {
        let path = Fixtures.temporaryLedgerPath()
        defer { Fixtures.cleanUp(path) }
        Fixtures.write([], to: path)
        let check = try LedgerStore.checkFile(path: path)
        #expect(check.head.size == 0 && check.tornTail == nil)
        #expect(try LedgerStore.verifyFile(path: path).size == 0)
        #expect(try LedgerStore(path: path, createIfMissing: false).count == 0)
        Fixtures.write(Array("ZKINF".utf8), to: path)
        #expect(try LedgerStore.checkFile(path: path).tornTail?.discardedByteCount == 5)
        #expect(try LedgerStore.open(path: path, createIfMissing: false).recovery?.discardedByteCount == 5)
        Fixtures.write(Array("GARBAGE".utf8), to: path)
        #expect(throws: LedgerError.self) { try LedgerStore.checkFile(path: path) }
    }

    /// A ledger written by the first format version ("ZKINFLOG" header) keeps being read and appended to in place:
    /// its header and records are never rewritten, and new frames follow the old ones.
    @Test func versionOneLedgersAreReadAndAppendedTo() throws {
        let path = Fixtures.temporaryLedgerPath()
        defer { Fixtures.cleanUp(path) }
        var rng = SeededRNG(seed: testSeed(fallback: 0x01D))
        let old = (0..<3).map { Fixtures.record($0, rng: &rng) }
        var header = Array("ZKINFLOG".utf8) + Fixtures.be32(1)
        header += Fixtures.be32(CRC32C.checksum(header))
        let original = header + old.flatMap { Fixtures.frame($0.encoded()) }
        Fixtures.write(original, to: path)
        #expect(try LedgerStore.verifyFile(path: path) == TreeHead(leafHashes: old.map(\.leafHash)))
        let store = try LedgerStore(path: path)
        #expect(store.count == 3)
        #expect(try store.record(at: 2) == old[2])
        let added = Fixtures.record(3, rng: &rng)
        _ = try store.append(added)
        #expect(Fixtures.bytes(path) == original + Fixtures.frame(added.encoded()))
        let reopened = try LedgerStore(path: path)
        #expect(reopened.count == 4)
        #expect(try reopened.record(at: 3) == added)
        #expect(try LedgerStore.verifyFile(path: path) == TreeHead(leafHashes: (old + [added]).map(\.leafHash)))
        // An empty version-1 ledger (header only) is read too, not mistaken for a torn new header.
        Fixtures.write(header, to: path)
        #expect(try LedgerStore(path: path).count == 0 && Fixtures.bytes(path) == header)
    }

    @Test func tornHeaderOfANewFileIsRecovered() throws {
        let path = Fixtures.temporaryLedgerPath()
        defer { Fixtures.cleanUp(path) }
        let (full, _) = try LedgerStore.open(path: path)
        #expect(full.count == 0)
        let header = Fixtures.bytes(path)
        #expect(header.count == Fixtures.headerByteCount && Array(header.prefix(8)) == Array("ZKINFER\0".utf8))
        for n in 1..<Fixtures.headerByteCount {
            Fixtures.write(Array(header.prefix(n)), to: path)
            let (store, note) = try LedgerStore.open(path: path)
            #expect(note?.discardedByteCount == UInt64(n))
            #expect(store.count == 0 && Fixtures.bytes(path) == header)
        }
    }

    /// A real crash: a child process appends the first part of a 2 MiB frame (`dd`, one byte per write(2)), then
    /// waits, and is killed with SIGKILL. Reopening must report and cut the torn frame and keep the earlier records.
    /// The child stops writing by itself at a known byte before the kill (rather than racing the kill against `dd`
    /// finishing, which a starved test process could lose on a loaded machine).
    @Test func childProcessKilledMidWrite() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/sh") else { return }
        let (path, records, head) = try makeLedger(2)
        defer { Fixtures.cleanUp(path) }
        let d = [UInt8](repeating: 9, count: 32)
        let big = try AttestationRecord(
            modelDigest: d, circuitDigest: d, verifyingKeyDigest: d, publicSignals: ["1"],
            output: .json("\"" + String(repeating: "x", count: 2 << 20) + "\""), proofDigest: d, timestamp: 1,
            zkinferVersion: "big")
        let frame = Fixtures.frame(big.encoded())
        let framePath = (path as NSString).deletingLastPathComponent + "/frame.bin"
        Fixtures.write(frame, to: framePath)
        let start = Fixtures.bytes(path).count
        let tornLength = 4096 + 17

        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = [
            "-c",
            "dd if='\(framePath)' of='\(path)' bs=1 count=\(tornLength) seek=\(start) conv=notrunc status=none"
                + " && exec sleep 120",
        ]
        try child.run()
        var size = start
        let deadline = Date().addingTimeInterval(60)
        while size < start + tornLength && Date() < deadline && child.isRunning {
            usleep(1000)
            size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? start
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal, "the child exited before it was killed")
        let written = Fixtures.bytes(path).count - start
        #expect(written == tornLength, "child wrote \(written) of \(frame.count) bytes")

        let (store, note) = try LedgerStore.open(path: path)
        let recovery = try #require(note)
        #expect(recovery.recordIndex == 2 && recovery.discardedByteCount == UInt64(written))
        #expect(store.count == 2 && store.treeHead == head)
        #expect(try store.record(at: 1) == records[1])
        #expect(try store.verifyAll(expected: head) == head)
    }

    /// Flip every byte of a small log (two ways): read-only verification fails and names the header or the record
    /// containing the byte; `open` refuses with the same error, without touching the file — also for the last
    /// record (issue 10: a damaged complete record is corruption, never a torn tail to cut).
    @Test func everyFlippedByteIsDetectedAndNamed() throws {
        let (path, records, head) = try makeLedger(3, jsonOutput: true, onTmpfs: true)
        defer { Fixtures.cleanUp(path) }
        let original = Fixtures.bytes(path)
        var starts = [Fixtures.headerByteCount]
        for record in records { starts.append(starts.last! + record.encoded().count + 12) }
        #expect(starts.last == original.count)
        func owner(_ position: Int) -> Int? {
            position < Fixtures.headerByteCount ? nil : starts.lastIndex { $0 <= position }!
        }

        for position in original.indices {
            for mask: UInt8 in [0x01, 0xFF] {
                var tampered = original
                tampered[position] ^= mask
                Fixtures.write(tampered, to: path)
                let expectedRecord = owner(position)
                let label = "byte \(position) ^ \(mask) (record \(expectedRecord.map(String.init) ?? "header"))"
                do {
                    _ = try LedgerStore.verifyFile(path: path, expected: head)
                    Issue.record("verification passed: \(label)")
                } catch {
                    if let expectedRecord {
                        #expect(namedRecord(error) == expectedRecord, "\(label): \(error)")
                    } else {
                        #expect(namesHeader(error), "\(label): \(error)")
                    }
                }
                do {
                    let (_, note) = try LedgerStore.open(path: path)
                    Issue.record("\(label): open accepted a damaged log (recovered \(String(describing: note)))")
                } catch {
                    if let expectedRecord {
                        #expect(namedRecord(error) == expectedRecord, "\(label): open: \(error)")
                    } else {
                        #expect(namesHeader(error), "\(label): open: \(error)")
                    }
                    #expect(Fixtures.bytes(path) == tampered, "\(label): open modified a corrupt file")
                }
            }
        }
    }

    /// Rewriting a record with valid checksums (what a deliberate tamperer does) passes the frame checks but not a
    /// tree head held elsewhere.
    @Test func checksumValidTamperingIsCaughtByTheTreeHead() throws {
        let (path, records, head) = try makeLedger(4)
        defer { Fixtures.cleanUp(path) }
        var rng = SeededRNG(seed: testSeed(fallback: 0xBAD))
        let forged = Fixtures.record(1, rng: &rng, jsonOutput: true)
        var bytes: [UInt8] = Array(Fixtures.bytes(path).prefix(Fixtures.headerByteCount))
        for (i, record) in records.enumerated() { bytes += Fixtures.frame((i == 1 ? forged : record).encoded()) }
        let store = try LedgerStore(path: path)  // loaded before the forgery
        Fixtures.write(bytes, to: path)
        let offset1 = UInt64(Fixtures.headerByteCount) + UInt64(records[0].encoded().count + 12)
        #expect(throws: LedgerError.recordChanged(recordIndex: 1, offset: offset1)) { try store.verifyAll() }
        #expect(throws: LedgerError.recordChanged(recordIndex: 1, offset: offset1)) { try store.record(at: 1) }
        #expect(try store.record(at: 0) == records[0])
        let forgedHead = try LedgerStore.verifyFile(path: path)  // frames are fine…
        #expect(forgedHead.size == 4 && forgedHead != head)
        #expect(throws: LedgerError.treeHeadMismatch(expected: head, actual: forgedHead)) {
            try LedgerStore.verifyFile(path: path, expected: head)  // …the anchored head is not
        }
        // The prefix before the forgery still matches an older head.
        let head1 = TreeHead(leafHashes: [records[0].leafHash])
        #expect(try LedgerStore.verifyFile(path: path, expected: head1) == forgedHead)
    }

    /// Two appenders, each with its own `LedgerStore` (own file description, so flock really arbitrates), on
    /// two threads: every record lands exactly once, frames never interleave, and every receipt's tree head is a
    /// prefix of the final one.
    @Test func concurrentAppendersProduceAValidLog() throws {
        let path = Fixtures.temporaryLedgerPath()
        defer { Fixtures.cleanUp(path) }
        _ = try LedgerStore(path: path)
        let perWriter = 40
        let results = Mutex2()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            do {
                let store = try LedgerStore(path: path)
                var rng = SeededRNG(seed: 0xC0C0 + UInt64(writer))
                for i in 0..<perWriter {
                    let record = Fixtures.record(writer * 1000 + i, rng: &rng)
                    let receipt = try store.append(record)
                    results.add(record, receipt)
                }
            } catch {
                results.fail("\(error)")
            }
        }
        let (records, receipts, failures) = results.snapshot()
        #expect(failures.isEmpty, "\(failures)")
        let (store, note) = try LedgerStore.open(path: path)
        #expect(note == nil)
        #expect(store.count == 2 * perWriter)
        let head = try store.verifyAll()
        var stored: [AttestationRecord] = []
        for i in 0..<store.count { stored.append(try store.record(at: i)) }
        #expect(Set(stored.map(\.leafHash)) == Set(records.map(\.leafHash)))
        #expect(Set(receipts.map(\.index)) == Set((0..<UInt64(2 * perWriter))))
        for (record, receipt) in zip(records, receipts) {
            #expect(try store.record(at: Int(receipt.index)) == record)
            #expect(receipt.treeHead.size == receipt.index + 1)
            let proof = try store.consistencyProof(firstSize: receipt.treeHead.size)
            #expect(proof.verify(first: receipt.treeHead, second: head))
        }
    }

    /// Two instances in one process see each other's appends (append catches up under the lock; refresh too).
    @Test func instancesSeeEachOthersAppends() throws {
        let (path, _, _) = try makeLedger(1)
        defer { Fixtures.cleanUp(path) }
        let a = try LedgerStore(path: path)
        let b = try LedgerStore(path: path)
        var rng = SeededRNG(seed: testSeed(fallback: 3))
        try a.append(Fixtures.record(10, rng: &rng))
        let receipt = try b.append(Fixtures.record(11, rng: &rng))
        #expect(receipt.index == 2)
        #expect(a.count == 2)
        #expect(try a.refresh() == 3)
        #expect(a.treeHead == b.treeHead)
    }

    @Test func badFilesGiveClearErrors() throws {
        let path = Fixtures.temporaryLedgerPath()
        defer { Fixtures.cleanUp(path) }
        #expect(throws: LedgerError.self) { try LedgerStore(path: path, createIfMissing: false) }
        Fixtures.write(Array("this is not a ledger file at all".utf8), to: path)
        #expect(throws: LedgerError.badMagic(path: path)) { try LedgerStore(path: path) }
        // A well-formed header of a future format version.
        var header = Array("ZKINFLOG".utf8) + Fixtures.be32(2)
        header += Fixtures.be32(CRC32C.checksum(header))
        Fixtures.write(header, to: path)
        #expect(throws: LedgerError.unsupportedFormatVersion(path: path, found: 2, supported: 1)) {
            try LedgerStore(path: path)
        }
        let versionError = LedgerError.unsupportedFormatVersion(path: path, found: 2, supported: 1)
        #expect(versionError.description.contains("version 2"))
        // A FileHeader of a future version.
        var future = Array("ZKINFER\0".utf8) + [6] + Array("ledger".utf8) + [3, 0, 0, 0]
        future += Fixtures.be32(CRC32C.checksum(future))
        Fixtures.write(future, to: path)
        #expect(throws: LedgerError.unsupportedFormatVersion(path: path, found: 3, supported: 2)) {
            try LedgerStore(path: path)
        }
        // Another zkinfer file is not a ledger.
        let r1csHeader = Array("ZKINFER\0".utf8) + [4] + Array("r1cs".utf8) + [2, 0, 0, 0]
        Fixtures.write(r1csHeader + Array(repeating: 0, count: 40), to: path)
        #expect(throws: LedgerError.badMagic(path: path)) { try LedgerStore(path: path) }
        #expect(LedgerError.checksumMismatch(recordIndex: 5, offset: 99).description.contains("record #5"))
        // A frame with a valid header claiming a length beyond the limit is corruption, not a torn tail.
        let (good, _, _) = try makeLedger(1)
        defer { Fixtures.cleanUp(good) }
        let length = Fixtures.be32(UInt32(LedgerStore.maximumRecordByteCount + 1))
        Fixtures.appendRaw(length + Fixtures.be32(CRC32C.checksum(length)) + [1, 2, 3], to: good)
        #expect(throws: LedgerError.self) { try LedgerStore(path: good) }
    }
}

/// Collects results from concurrent writers.
private final class Mutex2: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [AttestationRecord] = []
    private var receipts: [AppendReceipt] = []
    private var failures: [String] = []
    func add(_ record: AttestationRecord, _ receipt: AppendReceipt) {
        lock.withLock {
            records.append(record)
            receipts.append(receipt)
        }
    }
    func fail(_ message: String) { lock.withLock { failures.append(message) } }
    func snapshot() -> ([AttestationRecord], [AppendReceipt], [String]) {
        lock.withLock { (records, receipts, failures) }
    }
}
