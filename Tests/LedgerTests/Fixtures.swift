import Foundation
import Hashing
import Ledger
import TestSupport

/// Deterministic test records and temporary files.
enum Fixtures {
    /// A valid record whose every field depends on `i` (and on `rng` for the output values).
    static func record(_ i: Int, rng: inout SeededRNG, jsonOutput: Bool = false) -> AttestationRecord {
        let digest = { (tag: String) in SHA256.hash(Array("\(tag)-\(i)".utf8)) }
        let output: InferenceOutput
        if jsonOutput {
            output = .json("{\"label\": \"cat \(i)\", \"scores\": [0.5, \(i)], \"note\": \"quote \\\" and \\\\\"}")
        } else {
            let values = (0..<(i % 5 + 1)).map { _ in
                Double(bitPattern: rng.next() & 0x3FFF_FFFF_FFFF_FFFF) * (rng.next() & 1 == 0 ? 1 : -1)
            }
            output = .values(values, predictedClass: i % 3 == 0 ? nil : i % 10)
        }
        return try! AttestationRecord(
            modelDigest: digest("model"), circuitDigest: digest("circuit"), verifyingKeyDigest: digest("vk"),
            publicSignals: ["0", "1", String(UInt64(i) &* 0x9E37_79B9_7F4A_7C15), String(repeating: "9", count: 77)],
            output: output, proofDigest: digest("proof"), timestamp: 1_700_000_000 + Int64(i) * 3_607,
            zkinferVersion: "0.1.\(i)")
    }

    /// A fresh path in a fresh temporary directory (removed by `cleanUp`). `onTmpfs` puts it on /dev/shm when that
    /// exists: for tests that recover hundreds of damaged files, where each recovery's fsync (~6 ms on this disk)
    /// would dominate and durability is not what they check.
    static func temporaryLedgerPath(_ name: String = "ledger.zkl", onTmpfs: Bool = false) -> String {
        let shm = URL(fileURLWithPath: "/dev/shm")
        let base =
            onTmpfs && FileManager.default.isWritableFile(atPath: shm.path)
            ? shm : FileManager.default.temporaryDirectory
        let dir = base.appendingPathComponent("zkinfer-ledger-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    static func cleanUp(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    static func bytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path)!) }

    /// Overwrites the file *in place* (same inode, so open stores see the change), without fsync.
    static func write(_ bytes: [UInt8], to path: String) {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = FileHandle(forWritingAtPath: path)!
        try! handle.truncate(atOffset: 0)
        handle.write(Data(bytes))
        try! handle.close()
    }

    static func appendRaw(_ bytes: [UInt8], to path: String) {
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(bytes))
        try! handle.close()
    }

    /// The documented frame layout (LogFormat):
    /// length ‖ CRC-32C(length) ‖ payload ‖ CRC-32C(payload), big-endian.
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        let length = be32(UInt32(payload.count))
        return length + be32(CRC32C.checksum(length)) + payload + be32(CRC32C.checksum(payload))
    }

    /// Length of a new ledger's header: FileHeader "ledger" (19 bytes) ‖ CRC-32C.
    static let headerByteCount = 23

    static func be32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }
}
