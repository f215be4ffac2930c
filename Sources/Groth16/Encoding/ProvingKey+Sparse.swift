import BN254
import Hashing

// Version 4 of the proving-key file (issue 15): the queries' points at infinity (variables absent from A or B:
// most products' outputs and many range-check bits) are not stored, and the small parts come first with their
// size, so a reader can decode the head from a copy and the points straight from the file's bytes. The
// prover's MSMs skip infinity points already (bit length 0), so the decoded key proves as before.

/// One query block of a version-4 key: its length, the points stored (those not at infinity), and where its
/// presence bitmap starts in the file.
struct SparseQueryBlock {
    var field: String
    var length: Int
    var stored: Int
    var descriptorOffset: Int

    var bitmapBytes: Int { (length + 7) / 8 }
    func byteCount(pointSize: Int) -> Int { bitmapBytes + stored * pointSize }
}

extension AffinePoint {
    var isFinite: Bool { !isInfinity }
}

extension ProvingKey {
    static let queryFields = ["A query", "B query (G1)", "B query (G2)", "H query", "L query"]

    /// The version-4 file (all counts big-endian):
    ///
    ///     FileHeader (kind "groth16-proving-key", version 4) ‖ u64 head size S (bytes from the file's start to the
    ///     first query block) ‖ u64 constraint count ‖ verifying-key body ‖ [β]₁ ‖ [δ]₁ (uncompressed)
    ///     ‖ for A (G1), B (G1), B (G2), H (G1), L (G1): u32 length ‖ u32 stored
    ///     ‖ at offset S, for each query in that order: presence bitmap (⌈length/8⌉ bytes; bit i mod 8 of byte
    ///       ⌊i/8⌋ set ⇔ point i is stored; padding bits zero) ‖ the `stored` points, raw limbs (`RawPoints`)
    ///     ‖ u64 check sum (`checkSum`) of every byte after the FileHeader and before it.
    ///
    /// Points at infinity are exactly the unset bits; a stored point is never infinity.
    func serializedSparse() -> [UInt8] {
        var head = ByteWriter(capacity: 1024 + 64 * verifyingKey.gammaABCG1.count)
        head.append(UInt64(constraintCount), .bigEndian)
        verifyingKey.appendBody(to: &head)
        head.append(betaG1)
        head.append(deltaG1)
        let lengths = [aQuery.count, bG1Query.count, bG2Query.count, hQuery.count, lQuery.count]
        let stored = [
            aQuery.count(where: \.isFinite), bG1Query.count(where: \.isFinite), bG2Query.count(where: \.isFinite),
            hQuery.count(where: \.isFinite), lQuery.count(where: \.isFinite),
        ]
        for (length, kept) in zip(lengths, stored) {
            head.append(UInt32(length), .bigEndian)
            head.append(UInt32(kept), .bigEndian)
        }
        let header = FileHeader(kind: Self.fileKind, version: Self.fileVersion)
        let headSize = header.byteCount + 8 + head.bytes.count
        let body = zip(lengths, stored).enumerated().reduce(0) { total, item in
            total + (item.element.0 + 7) / 8 + item.element.1 * (item.offset == 2 ? 128 : 64)
        }
        var writer = ByteWriter(capacity: headSize + body)
        header.write(to: &writer)
        writer.append(UInt64(headSize), .bigEndian)
        writer.append(head.bytes)
        func block<P: AffinePoint>(_ query: [P]) where P.Field: RawLimbField {
            var bitmap = [UInt8](repeating: 0, count: (query.count + 7) / 8)
            for (i, p) in query.enumerated() where !p.isInfinity { bitmap[i / 8] |= 1 << (i % 8) }
            writer.append(bitmap)
            for p in query where !p.isInfinity { RawPoints.append(p, to: &writer) }
        }
        block(aQuery)
        block(bG1Query)
        block(bG2Query)
        block(hQuery)
        block(lQuery)
        let sum = writer.bytes.withUnsafeBytes { Self.checkSum($0[header.byteCount...], threads: nil) }
        writer.append(sum, .bigEndian)
        return writer.bytes
    }

    /// The version-4 check sum: Σ (2i + 1)·wᵢ mod 2^64 over the little-endian 64-bit words wᵢ of `bytes` (the last
    /// one zero-padded). An error-detecting code, not a hash: it lets `prove` refuse a damaged key without hashing
    /// it (tampering is caught by the proof check, see `Pipeline.prove`), at memory speed and in parallel. Any
    /// change confined to one word — so any damaged byte — changes it: the word changes by Δ ≢ 0 mod 2^64, and
    /// an odd weight is invertible mod 2^64, so the sum changes by (2i + 1)·Δ ≢ 0.
    static func checkSum(_ bytes: Slice<UnsafeRawBufferPointer>, threads: Int?) -> UInt64 {
        let raw = UnsafeRawBufferPointer(rebasing: bytes)
        let words = raw.count / 8
        let t = Parallel.threadCount(threads)
        var partial = [UInt64](repeating: 0, count: Parallel.chunkCount(count: words, threads: t))
        partial.withUnsafeMutableBufferPointer { partial in
            // Each chunk writes only its own slot.
            Parallel.execute(count: words, threads: t) { chunk, start, end in
                var sum: UInt64 = 0
                for i in start..<end {
                    let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                    sum &+= w &* UInt64(truncatingIfNeeded: 2 &* i &+ 1)
                }
                partial[chunk] = sum
            }
        }
        var sum = partial.reduce(0, &+)
        if raw.count % 8 != 0 {
            var last: UInt64 = 0
            for (k, byte) in raw[(8 * words)...].enumerated() { last |= UInt64(byte) << (8 * k) }
            sum &+= last &* UInt64(truncatingIfNeeded: 2 &* words &+ 1)
        }
        return sum
    }

    /// Decodes a version-4 file held in `raw` (an array's bytes or a file read into one buffer): the head from a copy,
    /// the points straight from `raw`. Every size is checked against `raw.count` before anything is read; every
    /// coordinate must be canonical; with `checkCurve` every point must be on its curve and B (G2) in the subgroup.
    init(sparseFile raw: UnsafeRawBufferPointer, checkCurve: Bool, threads: Int? = nil) throws(ByteCodecError) {
        // The head size sits right after the header; read both from a short copy, then the whole head.
        var probe = ByteReader([UInt8](raw.prefix(256)))
        _ = try probe.readGroth16Header(
            kind: Self.fileKind, versions: Self.fileVersion...Self.fileVersion, legacyMagic: Self.legacyMagic)
        let sizeAt = probe.offset
        let headSize = try probe.read(UInt64.self, .bigEndian, "pk.head size")
        guard headSize <= UInt64(raw.count) else {
            throw ByteCodecError(
                field: "pk.head", offset: sizeAt,
                reason: .truncated(needed: Int(min(headSize, 1 << 40)), available: raw.count))
        }
        var reader = ByteReader([UInt8](raw.prefix(Int(headSize))))
        _ = try reader.readGroth16Header(
            kind: Self.fileKind, versions: Self.fileVersion...Self.fileVersion, legacyMagic: Self.legacyMagic)
        _ = try reader.read(UInt64.self, .bigEndian, "pk.head size")
        let constraints = try reader.readCount(
            UInt64.self, .bigEndian, "pk.constraint count", elementSize: 0, limit: (1 << 28) - 1)
        let vk = try VerifyingKey(readingBodyFrom: &reader)
        let betaG1 = try reader.readG1("pk.beta (G1)")
        let deltaG1 = try reader.readG1("pk.delta (G1)")
        var blocks: [SparseQueryBlock] = []
        for field in Self.queryFields {
            let at = reader.offset
            let length = try reader.readCount(
                UInt32.self, .bigEndian, "pk.\(field) length", elementSize: 0, limit: 1 << 29)
            let stored = try reader.readCount(
                UInt32.self, .bigEndian, "pk.\(field) stored", elementSize: 0, limit: length)
            blocks.append(
                SparseQueryBlock(field: "pk.\(field)", length: length, stored: stored, descriptorOffset: at))
        }
        try reader.expectEnd(after: "pk.head (its size is recorded at offset \(sizeAt))")
        try Self.checkCounts(
            blocks.map { ("\($0.field) length", at: $0.descriptorOffset, $0.length) }, constraints: constraints,
            publicInputs: vk.publicInputCount)
        // Bounds: the blocks and the check sum must fill the rest of the file exactly (sizes < 2^29 · 129, no
        // overflow).
        let pointSizes = [64, 64, 128, 64, 64]
        let needed = zip(blocks, pointSizes).reduce(Int(headSize) + 8) { $0 + $1.0.byteCount(pointSize: $1.1) }
        guard needed <= raw.count else {
            let available = raw.count - Int(headSize)
            throw ByteCodecError(
                field: "pk.query blocks", offset: Int(headSize),
                reason: .truncated(needed: needed - Int(headSize), available: available))
        }
        guard needed == raw.count else {
            throw ByteCodecError(
                field: "pk.check sum", offset: needed, reason: .trailingBytes(count: raw.count - needed))
        }
        let sumAt = raw.count - 8
        let recorded = (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(raw[sumAt + $1]) }
        guard Self.checkSum(raw[sizeAt..<sumAt], threads: threads) == recorded else {
            throw ByteCodecError.invalid(
                "pk.check sum", at: sumAt, "does not match the file's contents (file damaged; run setup again)")
        }
        var offset = Int(headSize)
        func query<P: AffinePoint>(_ block: SparseQueryBlock) throws(ByteCodecError) -> [P]
        where P.Field: RawLimbField {
            defer { offset += block.byteCount(pointSize: RawPoints.byteCount(P.self)) }
            return try Self.decodeSparse(raw, at: offset, block: block, checkCurve: checkCurve, threads: threads)
        }
        let a: [G1Affine] = try query(blocks[0])
        let b1: [G1Affine] = try query(blocks[1])
        let b2At = offset
        let b2: [G2Affine] = try query(blocks[2])
        if checkCurve { try Self.checkSubgroup(b2, at: b2At) }
        let h: [G1Affine] = try query(blocks[3])
        let l: [G1Affine] = try query(blocks[4])
        self.init(
            verifyingKey: vk, betaG1: betaG1, deltaG1: deltaG1, aQuery: a, bG1Query: b1, bG2Query: b2,
            hQuery: h, lQuery: l, constraintCount: constraints)
    }

    /// One query block at `offset` of `raw` (bounds checked by the caller): the bitmap's set bits must number
    /// `block.stored` with zero padding; each stored point must decode (`RawPoints.point`) and not be infinity.
    /// Chunks of the bitmap are decoded in parallel into disjoint parts of the result.
    static func decodeSparse<P: AffinePoint>(
        _ raw: UnsafeRawBufferPointer, at offset: Int, block: SparseQueryBlock, checkCurve: Bool, threads: Int?
    ) throws(ByteCodecError) -> [P] where P.Field: RawLimbField {
        let bitmap = UnsafeRawBufferPointer(rebasing: raw[offset..<offset + block.bitmapBytes])
        let pointsStart = offset + block.bitmapBytes
        let size = RawPoints.byteCount(P.self)
        let t = Parallel.threadCount(threads)
        let chunks = Parallel.chunkCount(count: block.bitmapBytes, threads: t)
        // Set bits per chunk, so each chunk knows the index of its first stored point.
        var ones = [Int](repeating: 0, count: chunks)
        ones.withUnsafeMutableBufferPointer { ones in
            Parallel.execute(count: block.bitmapBytes, threads: t) { chunk, start, end in
                var n = 0
                for i in start..<end { n += bitmap[i].nonzeroBitCount }
                ones[chunk] = n
            }
        }
        let padding = block.length % 8 == 0 ? 0 : bitmap[block.bitmapBytes - 1] >> (block.length % 8)
        guard ones.reduce(0, +) == block.stored, padding == 0 else {
            throw ByteCodecError.invalid(
                "\(block.field) bitmap", at: offset,
                padding != 0 ? "bits set past the query's length" : "does not mark \(block.stored) stored points")
        }
        var firstStored = [Int](repeating: 0, count: chunks)
        for c in 1..<max(chunks, 1) { firstStored[c] = firstStored[c - 1] + ones[c - 1] }
        var bad = [Int](repeating: -1, count: chunks)
        var points = [P](repeating: P.infinity, count: block.length)
        points.withUnsafeMutableBufferPointer { out in
            bad.withUnsafeMutableBufferPointer { bad in
                // Each chunk writes only the points of its own bitmap bytes and its own `bad` slot.
                Parallel.execute(count: block.bitmapBytes, threads: t) { chunk, start, end in
                    var j = firstStored[chunk]
                    for byte in start..<end {
                        var bits = bitmap[byte]
                        while bits != 0 {
                            let i = 8 * byte + bits.trailingZeroBitCount
                            bits &= bits - 1
                            guard let p: P = RawPoints.point(raw, at: pointsStart + size * j, checkCurve: checkCurve),
                                !p.isInfinity
                            else {
                                bad[chunk] = j
                                return
                            }
                            out[i] = p
                            j += 1
                        }
                    }
                }
            }
        }
        if let j = bad.first(where: { $0 >= 0 }) {
            throw ByteCodecError.invalid(
                "\(block.field) stored point \(j)", at: pointsStart + size * j,
                "not a canonical curve point other than infinity")
        }
        return points
    }
}

extension ProvingKey {
    /// Whether `raw` starts with the header of the current version, which `init(fileBytes:)` decodes without
    /// copying the file; older versions are decoded from one copy (read those into an array instead of mapping
    /// them, so the mapping and the copy are not held together).
    public static func decodesInPlace(_ raw: UnsafeRawBufferPointer) -> Bool {
        var probe = ByteReader([UInt8](raw.prefix(256)))
        let version = try? probe.readGroth16Header(
            kind: Self.fileKind, versions: Self.uncompressedPointsVersion...Self.fileVersion,
            legacyMagic: Self.legacyMagic)
        return version == Self.fileVersion
    }

    /// Decodes a proving-key file of any version held in memory that the caller owns for the call (typically a
    /// file read into one buffer): version 4 with the head copied and the points read straight from `raw`, older
    /// versions from one copy. Checks as `init(serializedSkippingSubgroupChecks:)` (canonical coordinates, sizes
    /// against `raw.count` before any read), or every check with `fullChecks`.
    public init(fileBytes raw: UnsafeRawBufferPointer, fullChecks: Bool = false) throws(Groth16Error) {
        var probe = ByteReader([UInt8](raw.prefix(256)))
        let version = try Groth16Error.decoding("proving key") { () throws(ByteCodecError) in
            try probe.readGroth16Header(
                kind: Self.fileKind, versions: Self.uncompressedPointsVersion...Self.fileVersion,
                legacyMagic: Self.legacyMagic)
        }
        guard version == Self.fileVersion else {
            try self.init(serialized: [UInt8](raw), checkG2Subgroup: fullChecks)
            return
        }
        self = try Groth16Error.decoding("proving key") { () throws(ByteCodecError) in
            try ProvingKey(sparseFile: raw, checkCurve: fullChecks)
        }
    }
}
