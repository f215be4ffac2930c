import Hashing

/// The on-disk layout of a ledger file (format version 1). One file, append-only:
///
///     header (16 bytes):  magic "ZKINFLOG" (8) ‖ format version u32 ‖ CRC-32C of the previous 12 bytes (u32)
///     frame, repeated:    length u32 ‖ CRC-32C(length bytes) u32 ‖ payload (length bytes) ‖ CRC-32C(payload) u32
///
/// All integers big-endian. The payload is `AttestationRecord.encoded()`; 0 < length ≤ maximumRecordByteCount.
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
/// - payload checksum fails and the frame ends exactly at end of file with its checksum bytes zero → torn tail (a
///   file system that extended the file but never wrote the last blocks); any other checksum failure, last frame
///   or not, is damage to a complete record → `.checksumMismatch(i)` (never cut away: it may be acknowledged);
/// - checksum fine but the payload is not a canonical record → `.malformedRecord(i)`.
///
/// CRC-32C detects accidental damage, not deliberate edits (anyone can recompute it). Tamper evidence comes from the
/// Merkle tree head: compare with a head held elsewhere (`LedgerStore.verifyAll(expected:)`, an EVM anchor).
enum LogFormat {
    static let magic: [UInt8] = Array("ZKINFLOG".utf8)
    static let version: UInt32 = 1
    static let headerByteCount = 16
    static let frameOverhead = 12
    static let maximumRecordByteCount = 16 << 20

    /// The 16 header bytes of the current format.
    static let header: [UInt8] = {
        var w = ByteWriter()
        w.raw(magic)
        w.u32(version)
        w.u32(CRC32C.checksum(w.bytes))
        return w.bytes
    }()

    /// Checks a complete 16-byte header.
    static func validateHeader(_ bytes: ArraySlice<UInt8>, path: String) throws(LedgerError) {
        precondition(bytes.count == headerByteCount)
        let b = Array(bytes)
        guard Array(b[0..<8]) == magic else { throw .badMagic(path: path) }
        let storedCheck = readU32(b, 12)
        guard CRC32C.checksum(b[0..<12]) == storedCheck else {
            throw .corruptHeader(path: path, reason: "header checksum mismatch")
        }
        let found = readU32(b, 8)
        guard found == version else { throw .unsupportedFormatVersion(path: path, found: found, supported: version) }
    }

    /// The frame for one payload.
    static func frame(payload: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.u32(UInt32(payload.count))
        w.u32(CRC32C.checksum(w.bytes))
        w.raw(payload)
        w.u32(CRC32C.checksum(payload))
        return w.bytes
    }

    static func readU32(_ b: [UInt8], _ at: Int) -> UInt32 {
        b[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func readU32(_ b: ArraySlice<UInt8>, _ at: Int) -> UInt32 {
        b[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
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
            let length = readU32(bytes, position)
            guard CRC32C.checksum(bytes[position..<position + 4]) == readU32(bytes, position + 4) else {
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
            guard CRC32C.checksum(payload) == readU32(bytes, position + 8 + Int(length)) else {
                if remaining == frameBytes, bytes[(bytes.endIndex - 4)...].allSatisfy({ $0 == 0 }) {
                    result.tornReason = "zero-filled end of the last frame"
                    return result
                }
                throw .checksumMismatch(recordIndex: index, offset: offset)
            }
            do {
                _ = try AttestationRecord(encoded: payload)
            } catch {
                if case .malformedRecord(_, let reason) = error {
                    throw .malformedRecord(recordIndex: index, reason: reason)
                }
                throw .malformedRecord(recordIndex: index, reason: error.description)
            }
            result.frames.append(Frame(offset: offset, leafHash: MerkleTree.leafHash(payload)))
            position += frameBytes
            index += 1
            result.validEnd = baseOffset + UInt64(position - bytes.startIndex)
        }
        return result
    }
}
