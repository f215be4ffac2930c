import BN254

/// One participant's public record in a `.ptau` file (snarkjs `powersoftau_utils.js` `readContribution`):
/// the first points after the contribution, its proof-of-knowledge key, the BLAKE2b state of its response
/// hash before the key was absorbed (`partialHash`, 216 bytes, @noble/hashes layout), the challenge the next
/// participant signs, and its parameters (name; beacon hash and iteration exponent when `isBeacon`).
public struct PtauContribution: Sendable, Equatable {
    /// A proof of knowledge of one secret x: s, x·s in G1 and x·s' in G2, where s' = hashToG2 of the challenge
    /// and the G1 pair (snarkjs `keypair.js`).
    public struct KeyPart: Sendable, Equatable {
        /// The random base s in G1.
        public var g1S: G1Affine
        /// x·s in G1.
        public var g1SX: G1Affine
        /// x·s' in G2, s' = hashToG2 of the challenge and the G1 pair.
        public var g2SPX: G2Affine
    }

    /// τ·G1 after this contribution.
    public var tauG1: G1Affine
    /// τ·G2 after this contribution.
    public var tauG2: G2Affine
    /// α·G1 after this contribution.
    public var alphaG1: G1Affine
    /// β·G1 after this contribution.
    public var betaG1: G1Affine
    /// β·G2 after this contribution.
    public var betaG2: G2Affine
    /// The proof of knowledge of this contribution's τ factor.
    public var tau: KeyPart
    /// The proof of knowledge of this contribution's α factor.
    public var alpha: KeyPart
    /// The proof of knowledge of this contribution's β factor.
    public var beta: KeyPart
    /// The BLAKE2b state (216 bytes) of the response hash before the public key was absorbed.
    public var partialHash: [UInt8]
    /// The challenge hash (64 bytes) the next participant contributes against.
    public var nextChallenge: [UInt8]
    /// Whether this is a public-randomness beacon; then `beaconHash` and `beaconIterationsExponent` are set.
    public var isBeacon: Bool
    /// The participant's name (nil when none was recorded).
    public var name: String?
    /// For a beacon: the secret is derived from `beaconHash` by 2^exponent SHA-256 iterations; nil otherwise.
    public var beaconIterationsExponent: Int?
    /// For a beacon: the public random value the secret is derived from; nil otherwise.
    public var beaconHash: [UInt8]?
}

/// A `.ptau` file (snarkjs "powers of tau", curve bn128), opened for streamed reading.
///
/// Sections (snarkjs `powersoftau_new.js`, `_preparephase2.js`): 1 header (n8 = 32, q, power, ceremonyPower);
/// 2 τ^i·G1 for i < 2^(power+1) − 1; 3 τ^i·G2, 4 ατ^i·G1, 5 βτ^i·G1 for i < 2^power; 6 β·G2; 7 the
/// contributions; when prepared, 12–15 the Lagrange bases L_j(τ) of every domain 2^p (p ≤ power, block p at
/// point offset 2^p − 1) in G1, G2, αG1, βG1. Points are little-endian Montgomery (`SnarkJSBinary`).
///
/// Invariant after `init`: the header names BN254's q, `power` ≥ 1, the sizes of sections 2–7 match the
/// header, and `contributions` decoded with every point on its curve and every G2 point in the subgroup.
/// Power-section points are decoded (and checked) when read.
public final class PowersOfTau {
    /// The header's power p (1 ≤ p ≤ `maximumPower`): the file holds 2^p powers of τ.
    public let power: Int
    /// The power the ceremony was started with (the header's ceremonyPower); `power` ≤ it ≤ `maximumPower`.
    public let ceremonyPower: Int
    /// Section 7: every contribution, in file order, with points checked as the type's invariant says.
    public let contributions: [PtauContribution]
    let file: BinarySectionFile
    /// The file's name, used in error messages.
    public var fileName: String { file.name }
    /// The path the file was opened from.
    public var path: String { file.path }
    /// Whether the Lagrange sections 12–15 are present.
    public var isPrepared: Bool { [12, 13, 14, 15].allSatisfy { file.sections[UInt32($0)] != nil } }

    /// The largest power accepted (2^28 constraints, the largest snarkjs ceremony file); larger headers are refused.
    public static let maximumPower = 28

    /// The number of τ powers in G1 (section 2) and in each of sections 3–5.
    public var tauG1Count: Int { (1 << (power + 1)) - 1 }
    /// The number of τ powers in sections 3–5 (2^power); a circuit's domain must not exceed it.
    public var tauCount: Int { 1 << power }

    /// Opens the file at `path` and checks the header, the section sizes and the contributions (not the powers).
    /// - Throws: `CeremonyError` when the file cannot be read, is malformed or is not for BN254.
    public init(path: String) throws(CeremonyError) {
        let file = try BinarySectionFile(path: path, magic: "ptau")
        self.file = file
        let name = file.name
        guard file.version == 1 else {
            throw .malformed(file: name, section: nil, reason: "unsupported ptau version \(file.version) (expected 1)")
        }
        // Section 1: n8 (u32), q (n8 bytes LE), power (u32), ceremonyPower (u32).
        try file.expectSize(1, 4 + 32 + 8, "n8, the 32-byte prime, power, ceremonyPower")
        let header = try file.read(section: 1, start: 0, count: 44)
        let n8 = BinarySectionFile.u32(header, 0)
        guard n8 == 32 else {
            throw .malformed(file: name, section: 1, reason: "field size n8 = \(n8), expected 32 (curve bn128)")
        }
        let q = Fq.modulusLimbs
        let qLE = [q.0, q.1, q.2, q.3].flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> (8 * $0)) } }
        guard Array(header[4..<36]) == qLE else {
            throw .malformed(
                file: name, section: 1, reason: "the prime is not BN254's q (only curve bn128 is supported)")
        }
        let power = Int(BinarySectionFile.u32(header, 36))
        let ceremonyPower = Int(BinarySectionFile.u32(header, 40))
        guard (1...Self.maximumPower).contains(power), (power...Self.maximumPower).contains(ceremonyPower) else {
            throw .malformed(
                file: name, section: 1,
                reason: "power \(power), ceremony power \(ceremonyPower): expected 1 ≤ power ≤ ceremony power ≤ 28")
        }
        self.power = power
        self.ceremonyPower = ceremonyPower
        let n = 1 << power
        try file.expectSize(2, (2 * n - 1) * SnarkJSBinary.g1Size, "2^(power+1) − 1 τ powers in G1")
        try file.expectSize(3, n * SnarkJSBinary.g2Size, "2^power τ powers in G2")
        try file.expectSize(4, n * SnarkJSBinary.g1Size, "2^power ατ powers in G1")
        try file.expectSize(5, n * SnarkJSBinary.g1Size, "2^power βτ powers in G1")
        try file.expectSize(6, SnarkJSBinary.g2Size, "β in G2")
        contributions = try Self.readContributions(file)
        for (type, pointSize) in [(12, 64), (13, 128), (14, 64), (15, 64)] {
            guard let s = file.sections[UInt32(type)] else { continue }
            // snarkjs prepares blocks p = 0…power (and p = power + 1 in section 12).
            let points = type == 12 ? (1 << (power + 2)) - 1 : (1 << (power + 1)) - 1
            guard s.size == points * pointSize else {
                throw .malformed(
                    file: name, section: type,
                    reason: "holds \(s.size) bytes, expected \(points * pointSize) (Lagrange bases of every domain "
                        + "up to 2^\(power)); an interrupted 'prepare phase2'?")
            }
        }
    }

    // MARK: contributions (section 7)

    static func readContributions(_ file: BinarySectionFile) throws(CeremonyError) -> [PtauContribution] {
        let s = try file.section(7)
        let bytes = try file.read(section: 7, start: 0, count: s.size)
        var offset = 0
        func fail(_ reason: String) -> CeremonyError { .malformed(file: file.name, section: 7, reason: reason) }
        func take(_ n: Int, _ what: String) throws(CeremonyError) -> ArraySlice<UInt8> {
            guard n >= 0, bytes.count - offset >= n else {
                throw fail("truncated in \(what) at byte \(offset): needs \(n) bytes, \(bytes.count - offset) left")
            }
            defer { offset += n }
            return bytes[offset..<offset + n]
        }
        func u32(_ what: String) throws(CeremonyError) -> UInt32 {
            BinarySectionFile.u32(Array(try take(4, what)), 0)
        }
        func g1(_ what: String) throws(CeremonyError) -> G1Affine {
            let raw = Array(try take(64, what))
            return try raw.withUnsafeBytes { SnarkJSBinary.g1($0, 0) }.mapError { fail("\(what): \($0.text)") }.get()
        }
        func g2(_ what: String) throws(CeremonyError) -> G2Affine {
            let raw = Array(try take(128, what))
            return try raw.withUnsafeBytes { SnarkJSBinary.g2($0, 0, checkSubgroup: true) }
                .mapError { fail("\(what): \($0.text)") }.get()
        }
        let count = Int(try u32("contribution count"))
        // A contribution takes at least 1528 − 4 − 20 = 1504 bytes; refuse counts the section cannot hold.
        guard count <= bytes.count / 1504 else { throw fail("declares \(count) contributions, too many for its size") }
        var result: [PtauContribution] = []
        for index in 0..<count {
            let c = "contribution #\(index + 1)"
            let tauG1 = try g1("\(c) τ·G1")
            let tauG2 = try g2("\(c) τ·G2")
            let alphaG1 = try g1("\(c) α·G1")
            let betaG1 = try g1("\(c) β·G1")
            let betaG2 = try g2("\(c) β·G2")
            var g1s: [G1Affine] = []
            for part in ["τ", "α", "β"] {
                g1s.append(try g1("\(c) key \(part) s"))
                g1s.append(try g1("\(c) key \(part) s·x"))
            }
            let tau2 = try g2("\(c) key τ s'·x")
            let alpha2 = try g2("\(c) key α s'·x")
            let beta2 = try g2("\(c) key β s'·x")
            let partialHash = Array(try take(216, "\(c) partial hash"))
            let nextChallenge = Array(try take(64, "\(c) next challenge"))
            let type = try u32("\(c) type")
            guard type <= 1 else { throw fail("\(c): unknown type \(type) (0 = contribution, 1 = beacon)") }
            let paramLength = Int(try u32("\(c) parameter length"))
            let params = Array(try take(paramLength, "\(c) parameters"))
            var name: String?
            var exponent: Int?
            var beaconHash: [UInt8]?
            var p = 0
            var lastKey = 0
            while p < params.count {
                let key = Int(params[p])
                guard key > lastKey else { throw fail("\(c): parameters must be sorted and unique") }
                lastKey = key
                guard p + 1 < params.count else { throw fail("\(c): parameter \(key) truncated") }
                switch key {
                case 1, 3:
                    let len = Int(params[p + 1])
                    guard p + 2 + len <= params.count else { throw fail("\(c): parameter \(key) truncated") }
                    let value = Array(params[(p + 2)..<(p + 2 + len)])
                    if key == 1 { name = String(decoding: value, as: UTF8.self) } else { beaconHash = value }
                    p += 2 + len
                case 2:
                    exponent = Int(params[p + 1])
                    p += 2
                default:
                    throw fail("\(c): unknown parameter \(key)")
                }
            }
            if type == 1 && (exponent == nil || beaconHash == nil) {
                throw fail("\(c): a beacon contribution without its hash or iteration exponent")
            }
            result.append(
                PtauContribution(
                    tauG1: tauG1, tauG2: tauG2, alphaG1: alphaG1, betaG1: betaG1, betaG2: betaG2,
                    tau: .init(g1S: g1s[0], g1SX: g1s[1], g2SPX: tau2),
                    alpha: .init(g1S: g1s[2], g1SX: g1s[3], g2SPX: alpha2),
                    beta: .init(g1S: g1s[4], g1SX: g1s[5], g2SPX: beta2),
                    partialHash: partialHash, nextChallenge: nextChallenge, isBeacon: type == 1, name: name,
                    beaconIterationsExponent: exponent, beaconHash: beaconHash))
        }
        guard offset == bytes.count else {
            throw fail("\(bytes.count - offset) unexpected bytes after the contributions")
        }
        return result
    }

    // MARK: points

    /// Points `start..<start + count` of a G1 section (2, 4, 5, 12, 14, 15), decoded and checked on the curve.
    public func g1Points(section: Int, start: Int, count: Int) throws(CeremonyError) -> [G1Affine] {
        let raw = try file.read(section: UInt32(section), start: start * 64, count: count * 64)
        var out = [G1Affine](repeating: .infinity, count: count)
        var failure: (Int, SnarkJSBinary.PointError)?
        raw.withUnsafeBytes { b in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<count {
                    switch SnarkJSBinary.g1(b, i * 64) {
                    case .success(let p): o[i] = p
                    case .failure(let e):
                        failure = (i, e)
                        return
                    }
                }
            }
        }
        if let (i, e) = failure {
            throw .malformed(file: file.name, section: section, reason: "point \(start + i): \(e.text)")
        }
        return out
    }

    /// Points of a G2 section (3, 6, 13), checked on the twist; with `checkSubgroup`, also in G2 (in parallel).
    public func g2Points(section: Int, start: Int, count: Int, checkSubgroup: Bool) throws(CeremonyError)
        -> [G2Affine]
    {
        let raw = try file.read(section: UInt32(section), start: start * 128, count: count * 128)
        var out = [G2Affine](repeating: .infinity, count: count)
        var failure: (Int, SnarkJSBinary.PointError)?
        raw.withUnsafeBytes { b in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<count {
                    switch SnarkJSBinary.g2(b, i * 128, checkSubgroup: false) {
                    case .success(let p): o[i] = p
                    case .failure(let e):
                        failure = (i, e)
                        return
                    }
                }
            }
        }
        if let (i, e) = failure {
            throw .malformed(file: file.name, section: section, reason: "point \(start + i): \(e.text)")
        }
        if checkSubgroup {
            let chunks = Parallel.chunkCount(count: count, threads: Parallel.coreCount * 4)
            var firstBad = [Int](repeating: Int.max, count: chunks)
            firstBad.withUnsafeMutableBufferPointer { bad in
                let badPointer = bad
                out.withUnsafeBufferPointer { points in
                    Parallel.execute(count: count, threads: Parallel.coreCount * 4) { chunk, start, end in
                        for i in start..<end where !points[i].isInSubgroup {
                            badPointer[chunk] = i
                            break
                        }
                    }
                }
            }
            if let bad = firstBad.min(), bad != Int.max {
                throw .malformed(
                    file: file.name, section: section,
                    reason: "point \(start + bad) is not in the order-r subgroup of G2")
            }
        }
        return out
    }
}
