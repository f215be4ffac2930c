import Foundation
import Hashing

/// A binary file in iden3's section format (`@iden3/binfileutils`: the layout of `.ptau`, `.zkey`, `.r1cs`,
/// `.wtns`): 4 magic bytes, a u32 version, a u32 section count, then `count` sections, each a u32 type, a u64
/// byte size and the payload; all little-endian. Sections may come in any order.
///
/// Streamed: opening reads only the section table (`BinFile.readTable`, seeking past every payload), which checks
/// each declared size against the bytes that remain, so a damaged table is refused before anything is allocated.
/// Payloads are read on demand by range. Invariant: every section lies inside the file; types are unique.
final class BinarySectionFile {
    let path: String
    /// The file's name (last path component), used in messages.
    let name: String
    let version: UInt32
    let fileSize: Int
    /// Section type → (payload offset, payload size).
    private(set) var sections: [UInt32: (offset: Int, size: Int)] = [:]
    private let handle: FileHandle

    init(path: String, magic: String) throws(CeremonyError) {
        self.path = path
        let name = (path as NSString).lastPathComponent
        self.name = name
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .io(file: name, reason: "cannot open the file for reading")
        }
        self.handle = handle
        let size: UInt64
        do { size = try handle.seekToEnd() } catch { throw .io(file: name, reason: "cannot read: \(error)") }
        fileSize = Int(size)
        let table: [BinFile.Section]
        do throws(BinFileError) {
            (version, table) = try BinFile.readTable(
                file: name, magic: magic, versions: 0...UInt32.max, fileSize: fileSize
            ) { offset, count in try Self.read(handle, name: name, offset: offset, count: count) }
        } catch {
            throw .malformed(file: name, section: nil, reason: error.reason)
        }
        for entry in table {
            guard sections[entry.type] == nil else {
                throw .malformed(file: name, section: Int(entry.type), reason: "appears twice in the section table")
            }
            sections[entry.type] = (entry.range.lowerBound, entry.range.count)
        }
    }

    deinit { try? handle.close() }

    static func u32(_ b: [UInt8], _ o: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[o + $1]) << (8 * UInt32($1)) }
    }

    static func u64(_ b: [UInt8], _ o: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[o + $1]) << (8 * UInt64($1)) }
    }

    private static func read(_ handle: FileHandle, name: String, offset: Int, count: Int) throws(CeremonyError)
        -> [UInt8]
    {
        do {
            try handle.seek(toOffset: UInt64(offset))
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else {
                throw CeremonyError.io(file: name, reason: "short read at byte \(offset)")
            }
            return [UInt8](data)
        } catch let e as CeremonyError {
            throw e
        } catch {
            throw .io(file: name, reason: "read failed at byte \(offset): \(error)")
        }
    }

    /// The section's payload offset and size, or a `.malformed` error naming it.
    func section(_ type: UInt32) throws(CeremonyError) -> (offset: Int, size: Int) {
        guard let s = sections[type] else {
            throw .malformed(file: name, section: Int(type), reason: "missing")
        }
        return s
    }

    func readAbsolute(offset: Int, count: Int) throws(CeremonyError) -> [UInt8] {
        try Self.read(handle, name: name, offset: offset, count: count)
    }

    /// Checks that a section holds exactly `expected` bytes.
    func expectSize(_ type: UInt32, _ expected: Int, _ what: String) throws(CeremonyError) {
        let s = try section(type)
        guard s.size == expected else {
            throw .malformed(
                file: name, section: Int(type), reason: "holds \(s.size) bytes, expected \(expected) (\(what))")
        }
    }

    /// `count` bytes at `start` within the payload of section `type` (bounds checked against the section).
    func read(section type: UInt32, start: Int, count: Int) throws(CeremonyError) -> [UInt8] {
        let s = try section(type)
        guard start >= 0, count >= 0, start + count <= s.size else {
            throw .malformed(
                file: name, section: Int(type),
                reason: "needs bytes \(start)..<\(start + count), the section holds \(s.size)")
        }
        return try Self.read(handle, name: name, offset: s.offset + start, count: count)
    }
}

extension BinarySectionFile {
    /// `count` raw bytes at absolute `offset` (inside the file).
    func readRaw(offset: Int, count: Int) throws(CeremonyError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset + count <= fileSize else {
            throw .io(file: name, reason: "read past the end (bytes \(offset)..<\(offset + count))")
        }
        return try readAbsolute(offset: offset, count: count)
    }
}
