import BN254
import Hashing

extension ZKey {
    /// The binfile magic of `.zkey` files; decoding refuses any other.
    public static let magic = "zkey"
    /// The only `.zkey` format version read and written (snarkjs writes 1).
    public static let version: UInt32 = 1
    /// snarkjs's protocol id for Groth16 (`zkey_constants.js` GROTH16_PROTOCOL_ID).
    public static let groth16Protocol: UInt32 = 1

    /// Section numbers and the names errors use for them.
    enum Section: UInt32, CaseIterable {
        case protocolID = 1
        case header, ic, coefficients, a, b1, b2, c, h, contributions
        var name: String {
            switch self {
            case .protocolID: "protocol"
            case .header: "Groth16 header"
            case .ic: "IC"
            case .coefficients: "A/B coefficients"
            case .a: "A points"
            case .b1: "B1 points"
            case .b2: "B2 points"
            case .c: "C (L) points"
            case .h: "H points"
            case .contributions: "contributions"
            }
        }
    }

    /// Decodes a snarkjs Groth16 `.zkey` (`file` names it in errors).
    ///
    /// Checks: container and section table (sections in any order, sizes within the file), protocol 1, BN254's
    /// q and r, every count and section size against the header before anything is allocated, every point on
    /// its curve with reduced coordinates, the G2 points of the verifying key (β, γ, δ) and of the contributions
    /// in the subgroup, coefficients reduced with matrix ∈ {0, 1}, row < N, signal < nVars, the contribution
    /// records well-formed. The B₂ points (section 7) are checked for subgroup membership only when
    /// `checkProvingKeySubgroup` (about one G2 endomorphism check per variable): a bad proving-key point can
    /// only make this prover's own proofs fail to verify — the verifier checks every proof — whereas the
    /// verifying-key points decide what verifies and are always checked.
    /// - Throws: `BinFileError` naming the file, the section and what is wrong.
    public init(bytes: [UInt8], file: String, checkProvingKeySubgroup: Bool = false) throws(BinFileError) {
        let bin = try BinFile(bytes: bytes, file: file, magic: Self.magic, versions: 1...1)
        func fail(_ s: Section, _ reason: String) -> BinFileError { bin.error(s.rawValue, s.name, reason) }

        let protocolID = try bin.read(Section.protocolID.rawValue, Section.protocolID.name) {
            try $0.read(UInt32.self, .littleEndian, "protocol id")
        }
        guard protocolID == Self.groth16Protocol else {
            throw fail(.protocolID, "protocol \(protocolID) is not Groth16 (1); PLONK/FFLONK keys are not supported")
        }

        // Section 2: header.
        let header = try bin.section(Section.header.rawValue, Section.header.name)
        let fixedHeaderSize = 4 + 32 + 4 + 32 + 12 + 3 * SnarkJSBinary.g1Size + 3 * SnarkJSBinary.g2Size
        guard header.count == fixedHeaderSize else {
            throw fail(.header, "size \(header.count), expected \(fixedHeaderSize) for BN254 (n8q = n8r = 32)")
        }
        let parsed: Result<HeaderFields, BinFileError> = header.withUnsafeBytes { raw in
            Self.parseHeader(raw) { fail(.header, $0) }
        }
        let h = try parsed.get()
        variableCount = h.nVars
        publicCount = h.nPublic
        domainSize = h.domainSize
        alphaG1 = h.alpha1
        betaG1 = h.beta1
        betaG2 = h.beta2
        gammaG2 = h.gamma2
        deltaG1 = h.delta1
        deltaG2 = h.delta2

        func g1Points(_ s: Section, count: Int, what: String) throws(BinFileError) -> [G1Affine] {
            let body = try bin.section(s.rawValue, s.name)
            guard body.count == count * SnarkJSBinary.g1Size else {
                throw fail(s, "size \(body.count), expected \(count) × 64 = \(count * SnarkJSBinary.g1Size) (\(what))")
            }
            var points = [G1Affine](repeating: .infinity, count: count)
            var bad: (Int, SnarkJSBinary.PointError)?
            body.withUnsafeBytes { raw in
                for i in 0..<count {
                    switch SnarkJSBinary.g1(raw, i * SnarkJSBinary.g1Size) {
                    case .success(let p): points[i] = p
                    case .failure(let e):
                        bad = (i, e)
                        return
                    }
                }
            }
            if let (i, e) = bad { throw fail(s, "point \(i): \(e.text)") }
            return points
        }

        let m = h.nVars
        let l = h.nPublic
        let n = h.domainSize
        ic = try g1Points(.ic, count: l + 1, what: "nPublic + 1 = \(l + 1)")
        coefficients = try Self.readCoefficients(bin, nVars: m, domainSize: n) { fail(.coefficients, $0) }
        aQuery = try g1Points(.a, count: m, what: "nVars = \(m)")
        bG1Query = try g1Points(.b1, count: m, what: "nVars = \(m)")
        let b2Body = try bin.section(Section.b2.rawValue, Section.b2.name)
        guard b2Body.count == m * SnarkJSBinary.g2Size else {
            throw fail(.b2, "size \(b2Body.count), expected \(m) × 128 = \(m * SnarkJSBinary.g2Size) (nVars = \(m))")
        }
        var b2 = [G2Affine](repeating: .infinity, count: m)
        var badB2: (Int, SnarkJSBinary.PointError)?
        b2Body.withUnsafeBytes { raw in
            for i in 0..<m {
                switch SnarkJSBinary.g2(raw, i * SnarkJSBinary.g2Size, checkSubgroup: checkProvingKeySubgroup) {
                case .success(let p): b2[i] = p
                case .failure(let e):
                    badB2 = (i, e)
                    return
                }
            }
        }
        if let (i, e) = badB2 { throw fail(.b2, "point \(i): \(e.text)") }
        bG2Query = b2
        cQuery = try g1Points(.c, count: m - l - 1, what: "nVars − nPublic − 1 = \(m - l - 1)")
        hQuery = try g1Points(.h, count: n, what: "domainSize = \(n)")
        transcript = try Self.readTranscript(bin) { fail(.contributions, $0) }

        let known = Set(Section.allCases.map(\.rawValue))
        if let unknown = bin.sections.first(where: { !known.contains($0.type) }) {
            throw bin.error(unknown.type, "unknown", "not a section of a Groth16 zkey")
        }
    }

    struct HeaderFields {
        var nVars, nPublic, domainSize: Int
        var alpha1, beta1, delta1: G1Affine
        var beta2, gamma2, delta2: G2Affine
    }

    private static func parseHeader(
        _ raw: UnsafeRawBufferPointer, _ fail: (String) -> BinFileError
    ) -> Result<HeaderFields, BinFileError> {
        func u32(_ offset: Int) -> UInt32 {
            UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
        guard u32(0) == 32, u32(36) == 32 else {
            return .failure(fail("field sizes n8q = \(u32(0)), n8r = \(u32(36)); only BN254 (32, 32) is supported"))
        }
        let q = SnarkJSBinary.limbs(raw, 4)
        let r = SnarkJSBinary.limbs(raw, 40)
        guard q == Fq.modulusLimbs, r == Fr.modulusLimbs else {
            return .failure(fail("the curve is not BN254 (bn128): q or r differs"))
        }
        let nVars = Int(u32(72))
        let nPublic = Int(u32(76))
        let domainSize = Int(u32(80))
        guard nVars >= nPublic + 1 else {
            return .failure(fail("nVars = \(nVars) is below nPublic + 1 = \(nPublic + 1)"))
        }
        guard domainSize >= 2, domainSize & (domainSize - 1) == 0, domainSize <= 1 << Fr.twoAdicity,
            domainSize >= nPublic + 1
        else { return .failure(fail("domainSize = \(domainSize) is not a power of two in nPublic + 1 … 2^28")) }
        var offset = 84
        func g1(_ name: String) -> Result<G1Affine, BinFileError> {
            defer { offset += SnarkJSBinary.g1Size }
            return SnarkJSBinary.g1(raw, offset).mapError { fail("\(name): \($0.text)") }
        }
        func g2(_ name: String) -> Result<G2Affine, BinFileError> {
            defer { offset += SnarkJSBinary.g2Size }
            return SnarkJSBinary.g2(raw, offset, checkSubgroup: true).mapError { fail("\(name): \($0.text)") }
        }
        // File order: α₁, β₁, β₂, γ₂, δ₁, δ₂ (zkey_utils.js writeHeader).
        do throws(BinFileError) {
            let alpha1 = try g1("alpha1").get()
            let beta1 = try g1("beta1").get()
            let beta2 = try g2("beta2").get()
            let gamma2 = try g2("gamma2").get()
            let delta1 = try g1("delta1").get()
            let delta2 = try g2("delta2").get()
            for (name, infinite) in [
                ("alpha1", alpha1.isInfinity), ("beta1", beta1.isInfinity),
                ("beta2", beta2.isInfinity), ("gamma2", gamma2.isInfinity),
                ("delta1", delta1.isInfinity), ("delta2", delta2.isInfinity),
            ] where infinite {
                return .failure(fail("\(name) is the point at infinity"))
            }
            return .success(
                HeaderFields(
                    nVars: nVars, nPublic: nPublic, domainSize: domainSize, alpha1: alpha1, beta1: beta1,
                    delta1: delta1, beta2: beta2, gamma2: gamma2, delta2: delta2))
        } catch {
            return .failure(error)
        }
    }

    private static func readCoefficients(
        _ bin: BinFile, nVars: Int, domainSize: Int, _ fail: (String) -> BinFileError
    ) throws(BinFileError) -> [Coefficient] {
        let body = try bin.section(Section.coefficients.rawValue, Section.coefficients.name)
        let entrySize = 12 + 32
        guard body.count >= 4 else { throw fail("size \(body.count), too short for the entry count") }
        let result: Result<[Coefficient], BinFileError> = body.withUnsafeBytes { raw in
            let count = Int(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            guard body.count == 4 + count * entrySize else {
                return .failure(fail("size \(body.count), expected 4 + \(count) × 44 = \(4 + count * entrySize)"))
            }
            var out: [Coefficient] = []
            out.reserveCapacity(count)
            for i in 0..<count {
                let base = 4 + i * entrySize
                func u32(_ k: Int) -> UInt32 {
                    UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * k, as: UInt32.self))
                }
                let (matrix, row, signal) = (u32(0), u32(1), u32(2))
                guard matrix <= 1 else {
                    return .failure(fail("entry \(i): matrix \(matrix) is neither A (0) nor B (1)"))
                }
                guard Int(row) < domainSize else {
                    return .failure(fail("entry \(i): row \(row) is outside the domain of \(domainSize)"))
                }
                guard Int(signal) < nVars else {
                    return .failure(fail("entry \(i): signal \(signal) is not below nVars = \(nVars)"))
                }
                guard let stored = SnarkJSBinary.frMontgomery(raw, base + 12) else {
                    return .failure(fail("entry \(i): value is not below r"))
                }
                // Stored as value·R² (zkey_new.js writeCoef): Montgomery limbs of value·R.
                out.append(
                    Coefficient(
                        matrix: matrix, constraint: row, signal: signal,
                        value: stored * SnarkJSBinary.montgomeryRInverse))
            }
            return .success(out)
        }
        return try result.get()
    }

    static func readTranscript(
        _ bin: BinFile, _ fail: (String) -> BinFileError
    ) throws(BinFileError) -> Phase2Transcript? {
        guard let body = try bin.optionalSection(Section.contributions.rawValue, Section.contributions.name) else {
            return nil
        }
        var reader = Hashing.ByteReader(body)
        do {
            let circuitHash = Array(try reader.take(64, "circuit hash"))
            // A contribution takes at least 3 G1 + 1 G2 + 64 + 8 = 392 bytes.
            let count = try reader.readCount(UInt32.self, .littleEndian, "contribution count", elementSize: 392)
            var contributions: [Phase2Contribution] = []
            for i in 0..<count {
                contributions.append(try readContribution(&reader, index: i, fail))
            }
            guard reader.isAtEnd else { throw fail("\(reader.remaining) unexpected bytes after contribution \(count)") }
            return Phase2Transcript(circuitHash: circuitHash, contributions: contributions)
        } catch let error as BinFileError {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }

    private static func readContribution(
        _ reader: inout Hashing.ByteReader, index i: Int, _ fail: (String) -> BinFileError
    ) throws -> Phase2Contribution {
        let label = "contribution \(i + 1)"
        let points = try reader.take(3 * SnarkJSBinary.g1Size + SnarkJSBinary.g2Size, "\(label) points")
        let decoded: Result<(G1Affine, G1Affine, G1Affine, G2Affine), BinFileError> = points.withUnsafeBytes { raw in
            do throws(BinFileError) {
                let names = ["deltaAfter", "g1_s", "g1_sx"]
                var g1: [G1Affine] = []
                for k in 0..<3 {
                    g1.append(
                        try SnarkJSBinary.g1(raw, k * 64).mapError { fail("\(label) \(names[k]): \($0.text)") }.get())
                }
                let g2 = try SnarkJSBinary.g2(raw, 192, checkSubgroup: true)
                    .mapError { fail("\(label) g2_spx: \($0.text)") }.get()
                return .success((g1[0], g1[1], g1[2], g2))
            } catch {
                return .failure(error)
            }
        }
        let (deltaAfter, g1S, g1SX, g2SPX) = try decoded.get()
        let transcript = Array(try reader.take(64, "\(label) transcript"))
        let type = try reader.read(UInt32.self, .littleEndian, "\(label) type")
        guard type <= 1 else { throw fail("\(label): type \(type) is neither contribution (0) nor beacon (1)") }
        let paramLength = try reader.readCount(UInt32.self, .littleEndian, "\(label) parameter length", elementSize: 1)
        var params = Hashing.ByteReader(try reader.take(paramLength, "\(label) parameters"))
        var name: String?
        var exponent: UInt8?
        var beaconHash: [UInt8]?
        var lastType: UInt8 = 0
        while !params.isAtEnd {
            let key = try params.readByte("\(label) parameter type")
            // snarkjs readContribution: parameters strictly increasing by type.
            guard key > lastType else { throw fail("\(label): parameters not sorted (type \(key) after \(lastType))") }
            lastType = key
            switch key {
            case 1:
                let length = Int(try params.readByte("\(label) name length"))
                let bytes = try params.take(length, "\(label) name")
                guard let text = String(validating: Array(bytes), as: UTF8.self) else {
                    throw fail("\(label): name is not UTF-8")
                }
                name = text
            case 2:
                exponent = try params.readByte("\(label) beacon iterations exponent")
            case 3:
                let length = Int(try params.readByte("\(label) beacon hash length"))
                beaconHash = Array(try params.take(length, "\(label) beacon hash"))
            default:
                throw fail("\(label): unknown parameter type \(key)")
            }
        }
        var kind = Phase2Contribution.Kind.contribution
        if type == 1 {
            guard let exponent, let beaconHash else {
                throw fail("\(label): a beacon without its hash or iteration exponent")
            }
            kind = .beacon(hash: beaconHash, iterationsExponent: exponent)
        }
        return Phase2Contribution(
            deltaAfter: deltaAfter, g1S: g1S, g1SX: g1SX, g2SPX: g2SPX, transcript: transcript, kind: kind, name: name)
    }

    // MARK: writing

    /// The `.zkey` bytes, sections 1–10 in snarkjs's order (10 only when `transcript` is set).
    /// Preconditions: the counts are consistent (as after decoding or `Groth16Setup.generateZKey`); a name longer
    /// than 255 UTF-8 bytes or a beacon hash over 255 bytes is cut (snarkjs keeps 64 characters of a name).
    public func serialized() -> [UInt8] {
        var sections: [(type: UInt32, body: [UInt8])] = []
        func section(_ s: Section, _ fill: (inout Hashing.ByteWriter) -> Void) {
            var w = Hashing.ByteWriter()
            fill(&w)
            sections.append((s.rawValue, w.bytes))
        }
        section(.protocolID) { $0.append(Self.groth16Protocol, .littleEndian) }
        section(.header) { w in
            w.append(UInt32(32), .littleEndian)
            SnarkJSBinary.appendLimbs(Fq.modulusLimbs, to: &w)
            w.append(UInt32(32), .littleEndian)
            SnarkJSBinary.appendLimbs(Fr.modulusLimbs, to: &w)
            w.append(UInt32(variableCount), .littleEndian)
            w.append(UInt32(publicCount), .littleEndian)
            w.append(UInt32(domainSize), .littleEndian)
            SnarkJSBinary.append(alphaG1, to: &w)
            SnarkJSBinary.append(betaG1, to: &w)
            SnarkJSBinary.append(betaG2, to: &w)
            SnarkJSBinary.append(gammaG2, to: &w)
            SnarkJSBinary.append(deltaG1, to: &w)
            SnarkJSBinary.append(deltaG2, to: &w)
        }
        section(.ic) { w in for p in ic { SnarkJSBinary.append(p, to: &w) } }
        section(.coefficients) { w in
            w.append(UInt32(coefficients.count), .littleEndian)
            for c in coefficients {
                w.append(c.matrix, .littleEndian)
                w.append(c.constraint, .littleEndian)
                w.append(c.signal, .littleEndian)
                SnarkJSBinary.appendMontgomery(c.value * SnarkJSBinary.montgomeryR, to: &w)
            }
        }
        for (s, points) in [(Section.a, aQuery), (.b1, bG1Query)] {
            section(s) { w in for p in points { SnarkJSBinary.append(p, to: &w) } }
        }
        section(.b2) { w in for p in bG2Query { SnarkJSBinary.append(p, to: &w) } }
        for (s, points) in [(Section.c, cQuery), (.h, hQuery)] {
            section(s) { w in for p in points { SnarkJSBinary.append(p, to: &w) } }
        }
        if let transcript {
            section(.contributions) { w in Self.append(transcript, to: &w) }
        }
        return BinFile.write(magic: Self.magic, version: Self.version, sections: sections)
    }

    /// Section 10's body (snarkjs `writeMPCParams`).
    static func append(_ transcript: Phase2Transcript, to w: inout Hashing.ByteWriter) {
        w.append(transcript.circuitHash)
        w.append(UInt32(transcript.contributions.count), .littleEndian)
        for c in transcript.contributions {
            SnarkJSBinary.append(c.deltaAfter, to: &w)
            SnarkJSBinary.append(c.g1S, to: &w)
            SnarkJSBinary.append(c.g1SX, to: &w)
            SnarkJSBinary.append(c.g2SPX, to: &w)
            w.append(c.transcript)
            var params: [UInt8] = []
            if let name = c.name {
                let bytes = Array(String(name.prefix(64)).utf8.prefix(255))
                params += [1, UInt8(bytes.count)] + bytes
            }
            switch c.kind {
            case .contribution:
                w.append(UInt32(0), .littleEndian)
            case let .beacon(hash, exponent):
                w.append(UInt32(1), .littleEndian)
                let h = Array(hash.prefix(255))
                params += [2, exponent, 3, UInt8(h.count)] + h
            }
            w.append(UInt32(params.count), .littleEndian)
            w.append(params)
        }
    }
}
