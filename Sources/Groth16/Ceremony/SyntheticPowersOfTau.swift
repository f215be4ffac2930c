import BN254
import Foundation
import Hashing

/// FOR TESTS AND BENCHMARKS ONLY: writes a `.ptau` of 2^`power` powers whose secrets τ, α, β come from a seeded
/// generator — whoever knows the seed can forge proofs for every key made from the file. It has the layout of
/// an unprepared snarkjs file (sections 1–7, section 7 last) and one contribution with valid proofs of knowledge,
/// partial hash and next challenge, so `PowersOfTau.verify` accepts it; it exists because real files of 2^16
/// and 2^20 powers (72 MiB, 1.2 GiB) are too large to commit. Streamed: memory stays at one chunk of points.
public enum SyntheticPtauForTestsOnly {
    /// Writes the file; returns τ (the known secret).
    @discardableResult
    public static func write(path: String, power: Int, seed: UInt64) throws(CeremonyError) -> Fr {
        let name = (path as NSString).lastPathComponent
        guard (1...PowersOfTau.maximumPower).contains(power) else {
            throw .unsuitable(file: name, reason: "power \(power) is outside 1…\(PowersOfTau.maximumPower)")
        }
        var rng = SplitMix64(seed: seed)
        func nonZero() -> Fr {
            while true {
                let x = Fr.random(using: &rng)
                if !x.isZero { return x }
            }
        }
        let tau = nonZero()
        let alpha = nonZero()
        let beta = nonZero()
        let challenge = PowersOfTau.firstChallengeHash(power: power)
        var parts: [PtauContribution.KeyPart] = []
        for (k, x) in [tau, alpha, beta].enumerated() {
            let s = (G1Jacobian(.generator) * nonZero()).toAffine()
            var part = PtauContribution.KeyPart(g1S: s, g1SX: (s * x).toAffine(), g2SPX: .infinity)
            part.g2SPX = (PowersOfTau.g2SP(part: UInt8(k), challenge: challenge, part) * x).toAffine()
            parts.append(part)
        }
        let g1 = G1Affine.generator
        let g2 = G2Affine.generator
        var contribution = PtauContribution(
            tauG1: (g1 * tau).toAffine(), tauG2: (G2Jacobian(g2) * tau).toAffine(), alphaG1: (g1 * alpha).toAffine(),
            betaG1: (g1 * beta).toAffine(), betaG2: (G2Jacobian(g2) * beta).toAffine(), tau: parts[0],
            alpha: parts[1], beta: parts[2], partialHash: NoblePartialHash.encode(BLAKE2b()), nextChallenge: [],
            isBeacon: false, name: "synthetic (tests only)", beaconIterationsExponent: nil, beaconHash: nil)
        let response = try PowersOfTau.responseHash(contribution, file: name)

        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw .io(file: name, reason: "cannot create the file") }
        defer { try? handle.close() }
        func put(_ bytes: [UInt8]) throws(CeremonyError) {
            do { try handle.write(contentsOf: bytes) } catch { throw .io(file: name, reason: "write failed: \(error)") }
        }
        func sectionHeader(_ type: UInt32, _ size: Int) -> [UInt8] {
            var w = Hashing.ByteWriter()
            w.append(UInt32(type), .littleEndian)
            w.append(UInt64(size), .littleEndian)
            return w.bytes
        }
        var head = Hashing.ByteWriter()
        head.append(Array("ptau".utf8))
        head.append(UInt32(1), .littleEndian)
        head.append(UInt32(7), .littleEndian)
        try put(head.bytes)
        var header = Hashing.ByteWriter()
        header.append(UInt32(32), .littleEndian)
        SnarkJSBinary.appendLimbs(Fq.modulusLimbs, to: &header)
        header.append(UInt32(power), .littleEndian)
        header.append(UInt32(power), .littleEndian)
        try put(sectionHeader(1, header.bytes.count) + header.bytes)

        // Sections 2–6, hashed (uncompressed) for the next challenge as they are written.
        var next = BLAKE2b()
        next.update(response)
        let n = 1 << power
        let threads = Parallel.coreCount
        let g1Table = FixedBaseTable<Fq>(
            generator: g1, window: FixedBaseTable<Fq>.window(forScalarCount: 4 * n), threads: threads)
        let g2Table = FixedBaseTable<Fq2>(
            generator: g2, window: FixedBaseTable<Fq2>.window(forScalarCount: n), threads: threads)
        let chunk = 1 << 15
        func powers(_ section: UInt32, count: Int, factor: Fr, inG2: Bool) throws(CeremonyError) {
            try put(sectionHeader(section, count * (inG2 ? 128 : 64)))
            var current = factor
            var start = 0
            while start < count {
                let m = min(chunk, count - start)
                var scalars = [Fr](repeating: .zero, count: m)
                for i in 0..<m {
                    scalars[i] = current
                    current *= tau
                }
                var w = Hashing.ByteWriter(capacity: m * 128)
                var u: [UInt8] = []
                u.reserveCapacity(m * 128)
                if inG2 {
                    for p in g2Table.multiply(scalars, threads: threads) {
                        SnarkJSBinary.append(p, to: &w)
                        u += p.uncompressedBytes
                    }
                } else {
                    for p in g1Table.multiply(scalars, threads: threads) {
                        SnarkJSBinary.append(p, to: &w)
                        u += p.uncompressedBytes
                    }
                }
                next.update(u)
                try put(w.bytes)
                start += m
            }
        }
        try powers(2, count: 2 * n - 1, factor: .one, inG2: false)
        try powers(3, count: n, factor: .one, inG2: true)
        try powers(4, count: n, factor: alpha, inG2: false)
        try powers(5, count: n, factor: beta, inG2: false)
        try powers(6, count: 1, factor: beta, inG2: true)
        contribution.nextChallenge = next.finalize()

        // Section 7: one contribution (snarkjs `writeContribution`), its name as parameter 1.
        var w = Hashing.ByteWriter()
        w.append(UInt32(1), .littleEndian)
        SnarkJSBinary.append(contribution.tauG1, to: &w)
        SnarkJSBinary.append(contribution.tauG2, to: &w)
        SnarkJSBinary.append(contribution.alphaG1, to: &w)
        SnarkJSBinary.append(contribution.betaG1, to: &w)
        SnarkJSBinary.append(contribution.betaG2, to: &w)
        for part in parts {
            SnarkJSBinary.append(part.g1S, to: &w)
            SnarkJSBinary.append(part.g1SX, to: &w)
        }
        for part in parts { SnarkJSBinary.append(part.g2SPX, to: &w) }
        w.append(contribution.partialHash)
        w.append(contribution.nextChallenge)
        w.append(UInt32(0), .littleEndian)
        let label = Array((contribution.name ?? "").utf8)
        w.append(UInt32(2 + label.count), .littleEndian)
        w.append(UInt8(1))
        w.append(UInt8(label.count))
        w.append(label)
        try put(sectionHeader(7, w.bytes.count) + w.bytes)
        return tau
    }
}
