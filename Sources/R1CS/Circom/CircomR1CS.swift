import BN254
import Hashing

/// A circom constraint system file (`.r1cs`, iden3 binfile "r1cs" v1; iden3/r1csfile `doc/r1cs_bin_format.md`):
/// section 1 header (n8, prime, nWires, nPubOut, nPubIn, nPrvIn, nLabels u64, nConstraints), section 2 the
/// constraints (for each of A, B, C: nTerms u32, then wireId u32 ‖ coefficient n8 bytes little-endian, standard
/// form), section 3 the wire → label-id map (u64 each). Sections may come in any order.
///
/// circom's wire order is zkinfer's: wire 0 = 1, then the public outputs, the public inputs, then the private
/// wires, so `r1cs.publicInputCount` = nPubOut + nPubIn and the witness layouts coincide.
/// Invariants: `r1cs` as `R1CS` requires; `publicOutputCount` ≤ `r1cs.publicInputCount`;
/// `privateInputCount` ≤ `r1cs.witnessCount`; `wireLabels` is empty or holds one label id per wire.
public struct CircomR1CS: Sendable, Equatable {
    /// The binfile magic of `.r1cs` files; decoding refuses any other.
    public static let magic = "r1cs"
    /// The only `.r1cs` format version read and written (circom 2 writes 1).
    public static let version: UInt32 = 1

    /// The constraint system in zkinfer's form; its public inputs are nPubOut + nPubIn, in circom's wire order.
    public var r1cs: ConstraintMatrices
    /// nPubOut (circom's public outputs come first among the public wires).
    public var publicOutputCount: Int
    /// nPrvIn (metadata: private inputs among the private wires).
    public var privateInputCount: Int
    /// nLabels (the size of circom's label space, ≥ nWires).
    public var labelCount: UInt64
    /// Section 3: the label id of each wire.
    public var wireLabels: [UInt64]

    /// Wraps `r1cs` with circom's metadata, unchecked; `labelCount` defaults to the variable count and
    /// `wireLabels` to the identity map (wire i has label i).
    public init(
        r1cs: ConstraintMatrices, publicOutputCount: Int = 0, privateInputCount: Int = 0, labelCount: UInt64? = nil,
        wireLabels: [UInt64]? = nil
    ) {
        self.r1cs = r1cs
        self.publicOutputCount = publicOutputCount
        self.privateInputCount = privateInputCount
        self.wireLabels = wireLabels ?? (0..<UInt64(r1cs.variableCount)).map { $0 }
        self.labelCount = labelCount ?? UInt64(r1cs.variableCount)
    }

    /// Decodes a `.r1cs` file (`file` names it in errors). Checks the container, BN254's r as the prime with
    /// n8 = 32, the counts against the section sizes, wire ids < nWires, coefficients < r (rejected, never
    /// reduced). Custom-gate sections (4, 5; PLONK only) are refused. Duplicate wires in a combination are summed
    /// and zero terms dropped (the normal form of `LinearCombination`).
    /// - Throws: `BinFileError` naming the file, the section and what is wrong.
    public init(bytes: [UInt8], file: String) throws(BinFileError) {
        let bin = try BinFile(bytes: bytes, file: file, magic: Self.magic, versions: 1...1)
        let header = try bin.read(1, "header") { r throws -> (Int, Int, Int, Int, UInt64, Int) in
            let n8 = try r.read(UInt32.self, .littleEndian, "n8")
            guard n8 == 32 else {
                throw BinFileError(
                    file: file, part: "section 1 (header)", reason: "n8 = \(n8); only BN254 (32) is supported")
            }
            let prime = try r.take(32, "prime")
            guard Circom.limbs(prime) == Fr.modulusLimbs else {
                throw BinFileError(file: file, part: "section 1 (header)", reason: "the prime is not BN254's r")
            }
            let wires = try r.read(UInt32.self, .littleEndian, "nWires")
            let pubOut = try r.read(UInt32.self, .littleEndian, "nPubOut")
            let pubIn = try r.read(UInt32.self, .littleEndian, "nPubIn")
            let prvIn = try r.read(UInt32.self, .littleEndian, "nPrvIn")
            let labels = try r.read(UInt64.self, .littleEndian, "nLabels")
            let constraints = try r.read(UInt32.self, .littleEndian, "nConstraints")
            return (Int(wires), Int(pubOut), Int(pubIn), Int(prvIn), labels, Int(constraints))
        }
        let (wires, pubOut, pubIn, prvIn, labels, constraintCount) = header
        guard wires >= 1, wires >= 1 + pubOut + pubIn + prvIn else {
            throw bin.error(1, "header", "nWires = \(wires) is below 1 + nPubOut + nPubIn + nPrvIn")
        }
        for custom: UInt32 in [4, 5] where bin.sections.contains(where: { $0.type == custom }) {
            throw bin.error(custom, "custom gates", "circom custom gates (PLONK) are not supported")
        }
        // Each constraint takes at least 3 × 4 bytes (three empty combinations).
        let body = try bin.section(2, "constraints")
        guard constraintCount <= body.count / 12 else {
            throw bin.error(2, "constraints", "\(constraintCount) constraints cannot fit in \(body.count) bytes")
        }
        var reader = Hashing.ByteReader(body)
        var constraints: [Constraint] = []
        constraints.reserveCapacity(constraintCount)
        do {
            for c in 0..<constraintCount {
                func combination(_ side: String) throws -> LinearCombination {
                    let n = try reader.readCount(
                        UInt32.self, .littleEndian, "constraint \(c) \(side) term count",
                        elementSize: 36)
                    var terms: [(Variable, Fr)] = []
                    terms.reserveCapacity(n)
                    for t in 0..<n {
                        let wire = Int(try reader.read(UInt32.self, .littleEndian, "constraint \(c) \(side) wire"))
                        guard wire < wires else {
                            throw bin.error(
                                2, "constraints", "constraint \(c) \(side) term \(t): wire \(wire) ≥ nWires = \(wires)")
                        }
                        let l = Circom.limbs(try reader.take(32, "constraint \(c) \(side) coefficient"))
                        guard let value = Fr(canonicalLimbs: l.0, l.1, l.2, l.3) else {
                            throw bin.error(2, "constraints", "constraint \(c) \(side) term \(t): coefficient ≥ r")
                        }
                        terms.append((Variable(index: wire), value))
                    }
                    return LinearCombination(terms: terms)
                }
                let a = try combination("A")
                let b = try combination("B")
                let cc = try combination("C")
                constraints.append(Constraint(a: a, b: b, c: cc))
            }
            guard reader.isAtEnd else {
                throw bin.error(
                    2, "constraints", "\(reader.remaining) unexpected bytes after constraint \(constraintCount)")
            }
        } catch let error as BinFileError {
            throw error
        } catch {
            throw bin.error(2, "constraints", "\(error)")
        }
        var wireLabels: [UInt64] = []
        if let map = try bin.optionalSection(3, "wire-to-label map") {
            guard map.count == wires * 8 else {
                throw bin.error(3, "wire-to-label map", "size \(map.count), expected nWires × 8 = \(wires * 8)")
            }
            wireLabels = stride(from: map.startIndex, to: map.endIndex, by: 8).map { i in
                map[i..<(i + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }
        }
        let publicCount = pubOut + pubIn
        self.r1cs = ConstraintMatrices(
            publicInputCount: publicCount, witnessCount: wires - 1 - publicCount, constraints: constraints)
        self.publicOutputCount = pubOut
        self.privateInputCount = prvIn
        self.labelCount = labels
        self.wireLabels = wireLabels
    }

    /// The `.r1cs` bytes in section order 1, 2, 3. zkinfer's public wires are written as public inputs
    /// (nPubOut = `publicOutputCount`, nPubIn = the rest).
    public func serialized() -> [UInt8] {
        var header = Hashing.ByteWriter()
        header.append(UInt32(32), .littleEndian)
        Circom.append(limbs: Fr.modulusLimbs, to: &header)
        header.append(UInt32(r1cs.variableCount), .littleEndian)
        header.append(UInt32(publicOutputCount), .littleEndian)
        header.append(UInt32(r1cs.publicInputCount - publicOutputCount), .littleEndian)
        header.append(UInt32(privateInputCount), .littleEndian)
        header.append(labelCount, .littleEndian)
        header.append(UInt32(r1cs.constraints.count), .littleEndian)
        var body = Hashing.ByteWriter()
        for constraint in r1cs.constraints {
            for lc in [constraint.a, constraint.b, constraint.c] {
                body.append(UInt32(lc.terms.count), .littleEndian)
                for term in lc.terms {
                    body.append(UInt32(term.variable.index), .littleEndian)
                    Circom.append(limbs: term.coefficient.canonicalLimbs, to: &body)
                }
            }
        }
        var map = Hashing.ByteWriter()
        for label in wireLabels { map.append(label, .littleEndian) }
        var sections: [(type: UInt32, body: [UInt8])] = [(1, header.bytes), (2, body.bytes)]
        if !wireLabels.isEmpty { sections.append((3, map.bytes)) }
        return BinFile.write(magic: Self.magic, version: Self.version, sections: sections)
    }
}

/// Little-endian limb helpers shared by the circom file codecs of this module.
enum Circom {
    static func limbs(_ bytes: ArraySlice<UInt8>) -> (UInt64, UInt64, UInt64, UInt64) {
        precondition(bytes.count == 32)
        func limb(_ k: Int) -> UInt64 {
            let start = bytes.startIndex + 8 * k
            return bytes[start..<(start + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        return (limb(0), limb(1), limb(2), limb(3))
    }

    static func append(limbs l: (UInt64, UInt64, UInt64, UInt64), to w: inout Hashing.ByteWriter) {
        for limb in [l.0, l.1, l.2, l.3] { w.append(limb, .littleEndian) }
    }
}
