import BN254
import Hashing

/// What `PowersOfTau.verify` established, for reports: every contribution's name, response hash (the value
/// its participant published) and the challenge it signed for the next one.
public struct PtauVerificationReport: Sendable {
    /// One verified contribution of the `.ptau` file, in file order.
    public struct Entry: Sendable {
        /// The 1-based position of the contribution in the file, as snarkjs numbers contributions.
        public var index: Int
        /// The participant's name as recorded (nil when none was given).
        public var name: String?
        /// The BLAKE2b-512 response hash (64 bytes) recomputed from the file, to compare with the published one.
        public var responseHash: [UInt8]
        /// The challenge hash (64 bytes) the next contribution was made against.
        public var nextChallenge: [UInt8]
        /// Whether the contribution is a public-randomness beacon.
        public var isBeacon: Bool
    }

    /// The file's power: it holds 2^power τ powers (2^(power+1) − 1 in G1).
    public var power: Int
    /// Every contribution, in file order, each checked against the one before it.
    public var contributions: [Entry]
    /// BLAKE2b-512 of the whole file, the identifier README's table and `bundle.json` use.
    public var fileHash: [UInt8]
    /// Whether the file holds the phase-2 Lagrange sections 12–15 (`powersoftau prepare phase2` was run).
    public var isPrepared: Bool
}

extension PowersOfTau {
    /// Verifies the file as snarkjs `powersoftau verify` does (`powersoftau_verify.js`):
    ///
    /// 1. every contribution's proof of knowledge of τ, α, β (each G1 pair s, x·s against x·s' in G2 where
    ///    s' = hashToG2(BLAKE2b(k ‖ previous challenge ‖ s ‖ x·s))), and that its first points follow the
    ///    previous contribution's by those secrets (or the generators, for the first); a beacon's keys are
    ///    re-derived from its public beacon;
    /// 2. sections 2–5 are powers of one τ: for random r_i, e(Σ r_i·P_i, τ·G2) = e(Σ r_i·P_(i+1), G2) (and the
    ///    mirror for G2), their first points are the generators / the last contribution's α·G1, β·G1, and
    ///    section 6 is its β·G2;
    /// 3. BLAKE2b(response hash of the last contribution ‖ every point, uncompressed) equals its recorded
    ///    next challenge (when the file was not truncated to a smaller power, as snarkjs).
    ///
    /// Points are checked on their curve; G2 points in the subgroup for the contribution records and β·G2,
    /// and for τ·G2 powers below `subgroupCheckedG2Powers` (the ones a circuit uses). Throws
    /// `.verificationFailed` naming the contribution or section.
    public func verify(subgroupCheckedG2Powers: Int = 0, progress: (String) -> Void = { _ in })
        throws(CeremonyError) -> PtauVerificationReport
    {
        let name = fileName
        func fail(_ what: String) -> CeremonyError { .verificationFailed(file: name, what: what) }
        guard let last = contributions.last else {
            throw fail("section 7: the file has no contribution; it cannot be used in production")
        }
        progress("initial challenge (2^\(ceremonyPower) powers)")
        var previous = Self.initialState(ceremonyPower: ceremonyPower)
        var entries: [PtauVerificationReport.Entry] = []
        for (index, c) in contributions.enumerated() {
            let label = "section 7: contribution #\(index + 1)" + (c.name.map { " (\($0))" } ?? "")
            if let what = Self.checkContribution(c, previous: previous) { throw fail("\(label): \(what)") }
            let response = try Self.responseHash(c, file: name)
            entries.append(
                .init(
                    index: index + 1, name: c.name, responseHash: response, nextChallenge: c.nextChallenge,
                    isBeacon: c.isBeacon))
            previous = PreviousState(
                tauG1: c.tauG1, tauG2: c.tauG2, alphaG1: c.alphaG1, betaG1: c.betaG1, betaG2: c.betaG2,
                challenge: c.nextChallenge)
        }

        var challenge = BLAKE2b()
        challenge.update(entries[entries.count - 1].responseHash)
        var rng = SystemRandomNumberGenerator()
        // Section 2: τ^i·G1, i < 2^(power+1) − 1.
        progress("section 2: τ powers in G1")
        let s2 = try powerRatios(section: 2, count: tauG1Count, hasher: &challenge, rng: &rng)
        guard CeremonyMath.sameRatio(s2.r1, s2.r2, .generator, last.tauG2) else {
            throw fail("section 2: the τ·G1 points are not successive powers of the last contribution's τ")
        }
        guard s2.first == .generator else { throw fail("section 2: point 0 is not the G1 generator") }
        guard s2.second == last.tauG1 else {
            throw fail("section 2: point 1 differs from the last contribution's τ·G1 (section 7)")
        }
        progress("section 3: τ powers in G2")
        let s3 = try powerRatiosG2(
            count: tauCount, subgroupChecked: min(subgroupCheckedG2Powers, tauCount), hasher: &challenge, rng: &rng)
        guard CeremonyMath.sameRatio(.generator, last.tauG1, s3.r1, s3.r2) else {
            throw fail("section 3: the τ·G2 points are not successive powers of the last contribution's τ")
        }
        guard s3.first == .generator else { throw fail("section 3: point 0 is not the G2 generator") }
        guard s3.second == last.tauG2 else {
            throw fail("section 3: point 1 differs from the last contribution's τ·G2 (section 7)")
        }
        for (section, what, expected) in [(4, "ατ", last.alphaG1), (5, "βτ", last.betaG1)] {
            progress("section \(section): \(what) powers in G1")
            let s = try powerRatios(section: section, count: tauCount, hasher: &challenge, rng: &rng)
            guard CeremonyMath.sameRatio(s.r1, s.r2, .generator, last.tauG2) else {
                throw fail("section \(section): the \(what)·G1 points are not successive τ multiples")
            }
            guard s.first == expected else {
                throw fail("section \(section): point 0 differs from the last contribution's \(what.prefix(1))·G1")
            }
        }
        let betaG2 = try g2Points(section: 6, start: 0, count: 1, checkSubgroup: true)[0]
        CeremonyMath.hashU(&challenge, betaG2)
        guard betaG2 == last.betaG2 else { throw fail("section 6: β·G2 differs from the last contribution's") }
        if power == ceremonyPower && challenge.finalize() != last.nextChallenge {
            throw fail(
                "section 7: the hash of the points does not match the next challenge of the last contribution")
        }
        progress("file hash")
        return PtauVerificationReport(
            power: power, contributions: entries, fileHash: try fileBLAKE2b(), isPrepared: isPrepared)
    }

    /// The points a contribution follows, and the challenge its proofs sign.
    struct PreviousState {
        var tauG1: G1Affine
        var tauG2: G2Affine
        var alphaG1: G1Affine
        var betaG1: G1Affine
        var betaG2: G2Affine
        var challenge: [UInt8]
    }

    static func initialState(ceremonyPower: Int) -> PreviousState {
        PreviousState(
            tauG1: .generator, tauG2: .generator, alphaG1: .generator, betaG1: .generator, betaG2: .generator,
            challenge: firstChallengeHash(power: ceremonyPower))
    }

    /// snarkjs `calculateFirstChallengeHash`: BLAKE2b(BLAKE2b("") ‖ the generators repeated as the sections of
    /// a fresh file of 2^power powers, uncompressed). Costs hashing ≈ 2^power·384 bytes.
    static func firstChallengeHash(power: Int) -> [UInt8] {
        var h = BLAKE2b()
        h.update(BLAKE2b.hash([]))
        let g1 = G1Affine.generator.uncompressedBytes
        let g2 = G2Affine.generator.uncompressedBytes
        func repeated(_ unit: [UInt8], _ count: Int) {
            let block = 1 << 12
            let chunk = [UInt8]((0..<min(block, max(count, 1))).flatMap { _ in unit })
            var left = count
            while left > 0 {
                let n = min(left, block)
                h.update(n == block || n == chunk.count / unit.count ? chunk : Array(chunk.prefix(n * unit.count)))
                left -= n
            }
        }
        let n = 1 << power
        repeated(g1, 2 * n - 1)
        repeated(g2, n)
        repeated(g1, n)
        repeated(g1, n)
        h.update(g2)
        return h.finalize()
    }

    /// The g2_sp of one key part: hashToG2(BLAKE2b(part ‖ challenge ‖ s ‖ x·s)) (snarkjs `getG2sp`).
    static func g2SP(part: UInt8, challenge: [UInt8], _ key: PtauContribution.KeyPart) -> G2Affine {
        var h = BLAKE2b()
        h.update([part])
        h.update(challenge)
        CeremonyMath.hashU(&h, key.g1S)
        CeremonyMath.hashU(&h, key.g1SX)
        return SnarkJSChaCha.hashToG2(h.finalize())
    }

    /// snarkjs `verifyContribution`: nil when the contribution is valid, else what is wrong.
    static func checkContribution(_ c: PtauContribution, previous p: PreviousState) -> String? {
        if c.isBeacon {
            guard let hash = c.beaconHash, let exponent = c.beaconIterationsExponent else {
                return "beacon parameters missing"
            }
            let derived = beaconKey(challenge: p.challenge, beaconHash: hash, iterationsExponent: exponent)
            for (part, ours, theirs) in [
                ("τ", derived.tau, c.tau), ("α", derived.alpha, c.alpha),
                ("β", derived.beta, c.beta),
            ] where ours != theirs {
                return "the beacon key (\(part)) is not the one its beacon hash and iterations produce"
            }
        }
        let tauSP = g2SP(part: 0, challenge: p.challenge, c.tau)
        let alphaSP = g2SP(part: 1, challenge: p.challenge, c.alpha)
        let betaSP = g2SP(part: 2, challenge: p.challenge, c.beta)
        let checks: [(Bool, String)] = [
            (CeremonyMath.sameRatio(c.tau.g1S, c.tau.g1SX, tauSP, c.tau.g2SPX), "invalid proof of knowledge of τ"),
            (
                CeremonyMath.sameRatio(c.alpha.g1S, c.alpha.g1SX, alphaSP, c.alpha.g2SPX),
                "invalid proof of knowledge of α"
            ),
            (CeremonyMath.sameRatio(c.beta.g1S, c.beta.g1SX, betaSP, c.beta.g2SPX), "invalid proof of knowledge of β"),
            (
                CeremonyMath.sameRatio(p.tauG1, c.tauG1, tauSP, c.tau.g2SPX),
                "τ·G1 does not follow the previous contribution"
            ),
            (
                CeremonyMath.sameRatio(c.tau.g1S, c.tau.g1SX, p.tauG2, c.tauG2),
                "τ·G2 does not follow the previous contribution"
            ),
            (
                CeremonyMath.sameRatio(p.alphaG1, c.alphaG1, alphaSP, c.alpha.g2SPX),
                "α·G1 does not follow the previous contribution"
            ),
            (
                CeremonyMath.sameRatio(p.betaG1, c.betaG1, betaSP, c.beta.g2SPX),
                "β·G1 does not follow the previous contribution"
            ),
            (
                CeremonyMath.sameRatio(c.beta.g1S, c.beta.g1SX, p.betaG2, c.betaG2),
                "β·G2 does not follow the previous contribution"
            ),
        ]
        return checks.first { !$0.0 }?.1
    }

    /// The keys snarkjs `keyFromBeacon` derives (`keypair.js` `createPTauKey` on the beacon's stream).
    static func beaconKey(challenge: [UInt8], beaconHash: [UInt8], iterationsExponent: Int)
        -> (tau: PtauContribution.KeyPart, alpha: PtauContribution.KeyPart, beta: PtauContribution.KeyPart)
    {
        var rng = CeremonyMath.beaconStream(hash: beaconHash, iterationsExponent: iterationsExponent)
        let secrets = [rng.nextFr(), rng.nextFr(), rng.nextFr()]
        var parts: [PtauContribution.KeyPart] = []
        for (k, x) in secrets.enumerated() {
            let s = rng.nextG1()
            let sx = (s * x).toAffine()
            var part = PtauContribution.KeyPart(g1S: s, g1SX: sx, g2SPX: .infinity)
            part.g2SPX = (g2SP(part: UInt8(k), challenge: challenge, part) * x).toAffine()
            parts.append(part)
        }
        return (parts[0], parts[1], parts[2])
    }

    /// The 9 key points, uncompressed, in snarkjs's `toPtauPubKeyRpr` order.
    static func keyBytes(_ c: PtauContribution) -> [UInt8] {
        var out: [UInt8] = []
        for part in [c.tau, c.alpha, c.beta] { out += part.g1S.uncompressedBytes + part.g1SX.uncompressedBytes }
        for part in [c.tau, c.alpha, c.beta] { out += part.g2SPX.uncompressedBytes }
        return out
    }

    /// The response hash a participant published: the recorded BLAKE2b state, continued with the key.
    static func responseHash(_ c: PtauContribution, file: String) throws(CeremonyError) -> [UInt8] {
        guard var h = NoblePartialHash.resume(c.partialHash) else {
            throw .malformed(file: file, section: 7, reason: "a contribution's partial hash state is inconsistent")
        }
        h.update(keyBytes(c))
        return h.finalize()
    }

    /// BLAKE2b-512 of the file's bytes (how the Hermez table names each file), streamed.
    public func fileBLAKE2b() throws(CeremonyError) -> [UInt8] {
        var h = BLAKE2b()
        let chunk = 1 << 24
        var offset = 0
        while offset < file.fileSize {
            let n = min(chunk, file.fileSize - offset)
            h.update(try file.readRaw(offset: offset, count: n))
            offset += n
        }
        return h.finalize()
    }

    // MARK: batched power checks, streamed in chunks

    static var chunkPoints: Int { 1 << 16 }

    /// R1 = Σ r_i·P_i, R2 = Σ r_i·P_(i+1) over i < count − 1 for fresh random r_i; also the first two points.
    /// Feeds every point (uncompressed) to `hasher`.
    func powerRatios<R: RandomNumberGenerator>(
        section: Int, count: Int, hasher: inout BLAKE2b, rng: inout R
    ) throws(CeremonyError) -> (r1: G1Affine, r2: G1Affine, first: G1Affine, second: G1Affine) {
        var r1 = G1Jacobian.infinity
        var r2 = G1Jacobian.infinity
        var first = G1Affine.infinity
        var second = G1Affine.infinity
        var previousLast: G1Affine?
        var start = 0
        while start < count {
            let n = min(Self.chunkPoints, count - start)
            let points = try g1Points(section: section, start: start, count: n)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(n * 64)
            for p in points { bytes += p.uncompressedBytes }
            hasher.update(bytes)
            if start == 0 {
                first = points[0]
                second = n > 1 ? points[1] : .infinity
            }
            // pairs (i, i+1) inside the chunk, plus the pair across the chunk boundary
            var scalars = (0..<(n - 1)).map { _ in CeremonyMath.randomCoefficient(&rng) }
            var lower = Array(points[0..<(n - 1)])
            var upper = Array(points[1..<n])
            if let previous = previousLast {
                scalars.append(CeremonyMath.randomCoefficient(&rng))
                lower.append(previous)
                upper.append(points[0])
            }
            if !scalars.isEmpty {
                r1 = r1 + MSM.pippenger(points: lower, scalars: scalars)
                r2 = r2 + MSM.pippenger(points: upper, scalars: scalars)
            }
            previousLast = points[n - 1]
            start += n
        }
        return (r1.toAffine(), r2.toAffine(), first, second)
    }

    /// As `powerRatios` for section 3 (τ^i·G2); the first `subgroupChecked` points are checked in G2.
    func powerRatiosG2<R: RandomNumberGenerator>(
        count: Int, subgroupChecked: Int, hasher: inout BLAKE2b, rng: inout R
    ) throws(CeremonyError) -> (r1: G2Affine, r2: G2Affine, first: G2Affine, second: G2Affine) {
        var r1 = G2Jacobian.infinity
        var r2 = G2Jacobian.infinity
        var first = G2Affine.infinity
        var second = G2Affine.infinity
        var previousLast: G2Affine?
        var start = 0
        while start < count {
            let n = min(Self.chunkPoints, count - start)
            let points = try g2Points(section: 3, start: start, count: n, checkSubgroup: start < subgroupChecked)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(n * 128)
            for p in points { bytes += p.uncompressedBytes }
            hasher.update(bytes)
            if start == 0 {
                first = points[0]
                second = n > 1 ? points[1] : .infinity
            }
            var scalars = (0..<(n - 1)).map { _ in CeremonyMath.randomCoefficient(&rng) }
            var lower = Array(points[0..<(n - 1)])
            var upper = Array(points[1..<n])
            if let previous = previousLast {
                scalars.append(CeremonyMath.randomCoefficient(&rng))
                lower.append(previous)
                upper.append(points[0])
            }
            if !scalars.isEmpty {
                r1 = r1 + MSM.pippenger(points: lower, scalars: scalars)
                r2 = r2 + MSM.pippenger(points: upper, scalars: scalars)
            }
            previousLast = points[n - 1]
            start += n
        }
        return (r1.toAffine(), r2.toAffine(), first, second)
    }
}

/// The 216-byte BLAKE2b state snarkjs stores as a contribution's `partialHash` (`misc.js` `toPartialHash`,
/// @noble/hashes layout): the 128-byte block buffer, the chain value h[0…7] as 16 little-endian u32 (low
/// half first), then u32 words: [16] bytes compressed (low), [17] (high), [18] bytes in the buffer, [19…21] 0.
enum NoblePartialHash {
    static func resume(_ state: [UInt8]) -> BLAKE2b? {
        guard state.count == 216 else { return nil }
        func u32(_ i: Int) -> UInt64 { UInt64(BinarySectionFile.u32(state, 128 + 4 * i)) }
        let chain = (0..<8).map { u32(2 * $0) | u32(2 * $0 + 1) << 32 }
        let compressed = u32(16) | u32(17) << 32
        let buffered = Int(u32(18))
        guard buffered <= 128, compressed % 128 == 0 else { return nil }
        return BLAKE2b(chainValue: chain, buffer: Array(state[0..<buffered]), compressedByteCount: compressed)
    }

    static func encode(_ h: BLAKE2b) -> [UInt8] {
        let (chain, buffer, compressed) = h.resumableState
        var out = [UInt8](repeating: 0, count: 216)
        for (i, b) in buffer.enumerated() { out[i] = b }
        func put(_ i: Int, _ v: UInt32) {
            for j in 0..<4 { out[128 + 4 * i + j] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(j))) }
        }
        for (k, word) in chain.enumerated() {
            put(2 * k, UInt32(truncatingIfNeeded: word))
            put(2 * k + 1, UInt32(truncatingIfNeeded: word >> 32))
        }
        put(16, UInt32(truncatingIfNeeded: compressed))
        put(17, UInt32(truncatingIfNeeded: compressed >> 32))
        put(18, UInt32(buffer.count))
        return out
    }
}
