/// Why a circom/snarkjs binary file (`.r1cs`, `.wtns`, `.zkey`, `.ptau`) was refused: one line naming the file,
/// the part of it (`"header"`, `"section 9 (H points)"`, …) and what is wrong.
public struct BinFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name as the user gave it (the first field of the message).
    public let file: String
    /// The part of the file that was refused: `"header"`, `"section 3"`, `"section 9 (H points)"`, ….
    public let part: String
    /// What is wrong with that part, with the expected and found values where there are any.
    public let reason: String

    /// An error for `part` of `file`; `description` joins the three fields with ": ".
    public init(file: String, part: String, reason: String) {
        self.file = file
        self.part = part
        self.reason = reason
    }

    /// The one-line message shown to users: "file: part: reason".
    public var description: String { "\(file): \(part): \(reason)" }
}

/// The iden3 "binfile" container shared by circom and snarkjs files (iden3/binfileutils `readBinFile`):
///
///     magic (4 ASCII bytes) ‖ version u32 ‖ nSections u32 ‖ (sectionType u32 ‖ sectionSize u64 ‖ bytes)*
///
/// all little-endian. Readers follow the section table — sections may come in any order (circom writes `.r1cs`
/// sections 2, 1, 3) — and look sections up by type.
///
/// Invariant: every section's range lies inside `bytes` (checked against the file length before anything is
/// sliced or allocated); `sections` keeps file order; the section count equals the header's `nSections`.
public struct BinFile: Sendable {
    /// One section: its type and where its body lies in `bytes`.
    public struct Section: Sendable, Equatable {
        /// The section type from the table (in `.r1cs`: 1 = header, 2 = constraints, 3 = wire-to-label map).
        public let type: UInt32
        /// The byte range of the section body in `bytes`, without its type and size fields; always inside `bytes`.
        public let range: Range<Int>
    }

    /// The file's name, used in every `BinFileError` about it.
    public let file: String
    /// The 4-byte magic as ASCII text (`"r1cs"`, `"wtns"`, `"zkey"`, `"ptau"`), checked against the expected one.
    public let magic: String
    /// The header's format version, one of the versions the caller accepts.
    public let version: UInt32
    /// The whole file; sections are slices of it by `range`.
    public let bytes: [UInt8]
    /// The section table in file order; the count equals the header's `nSections`.
    public let sections: [Section]

    /// Parses the header and the section table of `bytes` (the whole file, named `file` in errors).
    /// - Throws: `BinFileError` when the magic differs, the version is not in `versions`, the table is truncated
    ///   or a section's size runs past the end of the file.
    public init(bytes: [UInt8], file: String, magic: String, versions: ClosedRange<UInt32>) throws(BinFileError) {
        self.file = file
        self.magic = magic
        self.bytes = bytes
        (version, sections) = try Self.readTable(
            file: file, magic: magic, versions: versions, fileSize: bytes.count
        ) { offset, count in Array(bytes[offset..<(offset + count)]) }
    }

    /// The header and section table of a container of `fileSize` bytes, read through `fetch(offset, count)` (a
    /// slice of a file in memory, or a seek in a streamed one; only called for ranges inside `fileSize`). Every
    /// declared size is checked against the bytes that remain before the next entry is read, so a damaged table is
    /// refused before anything is allocated or sliced.
    /// - Throws: `BinFileError` when the magic differs, the version is not in `versions`, the table is truncated,
    ///   a section runs past the end of the file, bytes follow the last section, or `fetch` fails.
    public static func readTable(
        file: String, magic: String, versions: ClosedRange<UInt32>, fileSize: Int,
        fetch: (_ offset: Int, _ count: Int) throws -> [UInt8]
    ) throws(BinFileError) -> (version: UInt32, sections: [Section]) {
        func fail(_ part: String, _ reason: String) -> BinFileError {
            BinFileError(file: file, part: part, reason: reason)
        }
        func read(_ offset: Int, _ count: Int) throws(BinFileError) -> ByteReader {
            do { return ByteReader(try fetch(offset, count)) } catch {
                throw fail("header", "cannot read bytes \(offset)..<\(offset + count): \(error)")
            }
        }
        guard fileSize >= 12 else { throw fail("header", "\(fileSize) bytes is too short for a \(magic) header") }
        var header = try read(0, 12)
        do {
            let found = try header.take(4, "magic")
            guard Array(found) == Array(magic.utf8) else {
                let shown = String(decoding: found.map { (32..<127).contains($0) ? $0 : 0x3F }, as: UTF8.self)
                throw fail("header", "not a .\(magic) file (magic \"\(shown)\", expected \"\(magic)\")")
            }
            let version = try header.read(UInt32.self, .littleEndian, "version")
            guard versions.contains(version) else {
                throw fail("header", "unsupported \(magic) version \(version) (this build reads \(versions))")
            }
            let count = Int(try header.read(UInt32.self, .littleEndian, "section count"))
            var table: [Section] = []
            // Each table entry takes at least 12 bytes, which bounds the count before anything is allocated.
            table.reserveCapacity(min(count, (fileSize - 12) / 12))
            var position = 12
            for index in 0..<count {
                guard fileSize - position >= 12 else {
                    throw fail(
                        "header", "the section table promises \(count) sections but the file ends after \(index)")
                }
                var entry = try read(position, 12)
                let type = try entry.read(UInt32.self, .littleEndian, "type of section entry \(index)")
                let size = try entry.read(UInt64.self, .littleEndian, "size of section \(type)")
                let start = position + 12
                guard size <= UInt64(fileSize - start) else {
                    throw fail(
                        "header",
                        "entry \(index + 1) of \(count) in the section table (at byte \(position)) declares section "
                            + "\(type) of \(size) bytes, only \(fileSize - start) remain (damaged or truncated file)")
                }
                table.append(Section(type: type, range: start..<(start + Int(size))))
                position = start + Int(size)
            }
            guard position == fileSize else {
                throw fail("header", "\(fileSize - position) unexpected bytes after the last of \(count) sections")
            }
            return (version, table)
        } catch let error as BinFileError {
            throw error
        } catch {
            throw fail("header", "\(error)")
        }
    }

    /// The body of the only section of `type`, named `name` in errors.
    /// - Throws: when the section is missing or appears more than once.
    public func section(_ type: UInt32, _ name: String) throws(BinFileError) -> ArraySlice<UInt8> {
        guard let body = try optionalSection(type, name) else {
            throw BinFileError(file: file, part: "section \(type) (\(name))", reason: "missing")
        }
        return body
    }

    /// As `section`, nil when absent.
    public func optionalSection(_ type: UInt32, _ name: String) throws(BinFileError) -> ArraySlice<UInt8>? {
        let found = sections.filter { $0.type == type }
        guard found.count <= 1 else {
            throw BinFileError(file: file, part: "section \(type) (\(name))", reason: "appears \(found.count) times")
        }
        return found.first.map { bytes[$0.range] }
    }

    /// An error about section `type` (`name`), for the format readers built on this container.
    public func error(_ type: UInt32, _ name: String, _ reason: String) -> BinFileError {
        BinFileError(file: file, part: "section \(type) (\(name))", reason: reason)
    }

    /// Reads a section body with `body`, turning a `ByteCodecError` (truncation, bad count) into a `BinFileError`
    /// naming the section, and requiring that the body consumes the whole section.
    public func read<T>(
        _ type: UInt32, _ name: String, _ body: (inout ByteReader) throws -> T
    ) throws(BinFileError) -> T {
        var reader = ByteReader(try section(type, name))
        do {
            let value = try body(&reader)
            if !reader.isAtEnd {
                throw error(type, name, "\(reader.remaining) unexpected bytes after the last field")
            }
            return value
        } catch let error as BinFileError {
            throw error
        } catch let codec as ByteCodecError {
            throw error(type, name, "\(codec)")
        } catch {
            throw self.error(type, name, "\(error)")
        }
    }

    /// Writes a container: the header, then each section in the order given.
    public static func write(magic: String, version: UInt32, sections: [(type: UInt32, body: [UInt8])]) -> [UInt8] {
        var writer = ByteWriter(capacity: 12 + sections.reduce(0) { $0 + 12 + $1.body.count })
        writer.append(Array(magic.utf8))
        writer.append(version, .littleEndian)
        writer.append(UInt32(sections.count), .littleEndian)
        for section in sections {
            writer.append(section.type, .littleEndian)
            writer.append(UInt64(section.body.count), .littleEndian)
            writer.append(section.body)
        }
        return writer.bytes
    }
}
