import Hashing

/// The on-disk layout of a ledger file. One file, append-only:
///
///     header, version 2:  FileHeader ("ZKINFER\0" ‖ u8 6 ‖ "ledger" ‖ u32 little-endian 2; 19 bytes)
///                         ‖ CRC-32C of those 19 bytes (u32)
///     header, version 1:  magic "ZKINFLOG" (8) ‖ format version u32 = 1 ‖ CRC-32C of the previous 12 bytes (u32)
///     frame, repeated:    length u32 ‖ CRC-32C(length bytes) u32 ‖ payload (length bytes) ‖ CRC-32C(payload) u32
///
/// Integers big-endian except the FileHeader's version. The payload is `AttestationRecord.encoded()`;
/// 0 < length ≤ maximumRecordByteCount. Frames are the same in both versions.
///
/// Why both headers are read: a ledger is a user's append-only history, so a file created by an earlier zkinfer
/// (version 1) is never rewritten — it is read and appended to with its own header, forever. New files get the
/// version-2 header (zkinfer's common `FileHeader`, so `inspect` and every reader recognise them alike). Nothing
/// else depends on the header: offsets are relative to the file, and the Merkle tree covers payloads only.
///
/// Why the length has its own check: a torn write (crash between `write` and `fsync`) can only leave a *prefix* of
/// the last frame (or, on some file systems, a zero-filled tail). With the length protected, a frame that claims to
/// run past the end of the file is certainly torn, while a damaged length anywhere is certainly corruption. Without
/// it, one flipped length byte in the middle of the log would look like a torn tail and recovery would cut away
/// acknowledged records.
///
/// Classification of the first bad frame i at offset o (what `scan` reports):
/// - fewer than 8 bytes left, or an all-zero remainder → torn tail (recoverable);
/// - length check fails (and the rest is not all zero) → `.corruptFrameHeader(i)` (tampering/damage);
/// - length 0 or too large → `.corruptFrameHeader(i)`;
/// - frame extends past end of file → torn tail;
/// - payload checksum fails and the frame ends exactly at end of file → torn tail;
///   earlier → `.checksumMismatch(i)`;
/// - checksum fine but the payload is not a canonical record → `.malformedRecord(i)`.
///
/// CRC-32C detects accidental damage, not deliberate edits (anyone can recompute it). Tamper evidence comes from the
/// Merkle tree head: compare with a head held elsewhere (`LedgerStore.verifyAll(expected:)`, an EVM anchor).
enum LogFormat {
    static let fileKind = "ledger"
    static let version: UInt32 = 2
    static let legacyMagic: [UInt8] = Array("ZKINFLOG".utf8)
    static let frameOverhead = 12
    static let maximumRecordByteCount = 16 << 20

    /// The header of a new file (version 2).
    static let header: [UInt8] = {
        var w = ByteWriter()
        FileHeader(kind: fileKind, version: version).write(to: &w)
        w.append(CRC32C.checksum(w.bytes), .bigEndian)
        return w.bytes
    }()

    /// The version-1 header (all version-1 files start with these 16 bytes).
    static let legacyHeader: [UInt8] = {
        var w = ByteWriter()
        w.append(legacyMagic)
        w.append(UInt32(1), .bigEndian)
        w.append(CRC32C.checksum(w.bytes), .bigEndian)
        return w.bytes
    }()

    /// How many bytes to read to recognise either header.
    static var longestHeader: Int { max(header.count, legacyHeader.count) }

    /// The length of the complete header at the start of `head` (the file's first `longestHeader` bytes, or all of
    /// a shorter file), after checking it; nil when `head` is a proper prefix of either header (a new file, or a
    /// crash while the header was being written: no record can exist yet).
    static func headerLength(_ head: ArraySlice<UInt8>, path: String) throws(LedgerError) -> Int? {
        let expected = head.starts(with: legacyMagic.prefix(head.count)) ? legacyHeader : header
        if head.count < expected.count {
            if expected.starts(with: head) { return nil }
            if head.count >= 8 && !head.starts(with: legacyMagic) && !head.starts(with: FileHeader.magic) {
                throw .badMagic(path: path)
            }
            throw .corruptHeader(path: path, reason: "file of \(head.count) bytes is not a ledger header")
        }
        let bytes = Array(head.prefix(expected.count))
        var r = ByteReader(bytes)
        let versionEnd: Int
        let found: UInt32
        do throws(ByteCodecError) {
            if expected == legacyHeader {
                _ = try r.take(legacyMagic.count, "magic")
                found = try r.read(UInt32.self, .bigEndian, "format version")
            } else {
                guard FileHeader.hasMagic(bytes) else { throw r.error("file magic", .invalid("")) }
                let fileHeader = try FileHeader.read(from: &r)
                guard fileHeader.kind == fileKind else { throw r.error("file kind", .invalid("")) }
                found = fileHeader.version
            }
            versionEnd = r.offset
        } catch {
            throw .badMagic(path: path)
        }
        guard bytes.count == versionEnd + 4,
            CRC32C.checksum(bytes[..<versionEnd]) == (try readU32(bytes[...], versionEnd, "header checksum"))
        else {
            throw .corruptHeader(path: path, reason: "header checksum mismatch")
        }
        // A version-1 header must say 1; a FileHeader must carry the current version.
        let supported = expected == legacyHeader ? 1 : version
        guard found == supported else {
            throw .unsupportedFormatVersion(path: path, found: found, supported: supported)
        }
        return expected.count
    }

    /// The frame for one payload.
    static func frame(payload: [UInt8]) -> [UInt8] {
        var w = ByteWriter(capacity: frameOverhead + payload.count)
        w.append(UInt32(payload.count), .bigEndian)
        w.append(CRC32C.checksum(w.bytes), .bigEndian)
        w.append(payload)
        w.append(CRC32C.checksum(payload), .bigEndian)
        return w.bytes
    }

    /// The big-endian u32 at index `at` of `b` (callers checked that 4 bytes are there).
    static func readU32(_ b: ArraySlice<UInt8>, _ at: Int, _ field: String) throws(LedgerError) -> UInt32 {
        var r = ByteReader(b[at...])
        return try LedgerError.decoding(recordIndex: nil) { () throws(ByteCodecError) in
            try r.read(UInt32.self, .bigEndian, field)
        }
    }

    /// A valid frame found by `scan`.
    struct Frame {
        var offset: UInt64
        var leafHash: MerkleHash
    }

    /// Result of scanning a byte range of frames that runs to the end of the file.
    struct ScanResult {
        var frames: [Frame] = []
        /// Offset just past the last valid frame.
        var validEnd: UInt64
        /// Set if the range ends with a torn frame starting at `validEnd`.
        var tornReason: String?
    }

    /// Scans `bytes` (the file from `baseOffset` to its end) as frames numbered from `firstIndex`. Throws on
    /// corruption; reports a torn tail in the result. Each payload must also decode as a canonical
    /// `AttestationRecord`.
    static func scan(_ bytes: ArraySlice<UInt8>, baseOffset: UInt64, firstIndex: Int) throws(LedgerError)
        -> ScanResult
    {
        var result = ScanResult(validEnd: baseOffset)
        var position = bytes.startIndex
        var index = firstIndex
        while position < bytes.endIndex {
            let offset = baseOffset + UInt64(position - bytes.startIndex)
            let remaining = bytes.endIndex - position
            guard remaining >= 8 else {
                result.tornReason = "incomplete frame header (\(remaining) of 8 bytes)"
                return result
            }
            let length = try readU32(bytes, position, "frame length")
            let lengthCheck = try readU32(bytes, position + 4, "frame length check")
            guard CRC32C.checksum(bytes[position..<position + 4]) == lengthCheck else {
                if bytes[position...].allSatisfy({ $0 == 0 }) {
                    result.tornReason = "zero-filled tail of \(remaining) bytes"
                    return result
                }
                throw .corruptFrameHeader(recordIndex: index, offset: offset, reason: "length check mismatch")
            }
            guard length > 0, Int(length) <= maximumRecordByteCount else {
                throw .corruptFrameHeader(recordIndex: index, offset: offset, reason: "invalid length \(length)")
            }
            let frameBytes = frameOverhead + Int(length)
            guard remaining >= frameBytes else {
                result.tornReason = "incomplete frame (\(remaining) of \(frameBytes) bytes)"
                return result
            }
            let payload = bytes[(position + 8)..<(position + 8 + Int(length))]
            let payloadCheck = try readU32(bytes, position + 8 + Int(length), "payload checksum")
            guard CRC32C.checksum(payload) == payloadCheck else {
                if remaining == frameBytes {
                    result.tornReason = "checksum mismatch in the last frame"
                    return result
                }
                throw .checksumMismatch(recordIndex: index, offset: offset)
            }
            do {
                _ = try AttestationRecord(encoded: payload)
            } catch {
                if case .malformedRecord(_, let reason) = error { throw .malformedRecord(recordIndex: index, reason) }
                throw error
            }
            result.frames.append(Frame(offset: offset, leafHash: MerkleTree.leafHash(payload)))
            position += frameBytes
            index += 1
            result.validEnd = baseOffset + UInt64(position - bytes.startIndex)
        }
        return result
    }
}
