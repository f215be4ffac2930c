import BN254

/// One phase-2 contribution as snarkjs records it (`zkey_utils.js` `writeContribution`, zkey section 10):
/// δ·G1 after it, the proof of knowledge of its secret x (s, x·s in G1; x·s' in G2 with s' = hashToG2 of
/// `transcript`), the transcript hash it signed, and its parameters (name; beacon hash and exponent).
public struct Phase2Contribution: Sendable, Equatable {
    public var deltaAfter: G1Affine
    public var g1S: G1Affine
    public var g1SX: G1Affine
    public var g2SPX: G2Affine
    /// BLAKE2b(csHash ‖ every earlier contribution's public key ‖ s ‖ x·s), 64 bytes.
    public var transcript: [UInt8]
    public var isBeacon: Bool
    public var name: String?
    public var beaconIterationsExponent: Int?
    public var beaconHash: [UInt8]?

    public init(
        deltaAfter: G1Affine, g1S: G1Affine, g1SX: G1Affine, g2SPX: G2Affine, transcript: [UInt8], isBeacon: Bool,
        name: String?, beaconIterationsExponent: Int?, beaconHash: [UInt8]?
    ) {
        self.deltaAfter = deltaAfter
        self.g1S = g1S
        self.g1SX = g1SX
        self.g2SPX = g2SPX
        self.transcript = transcript
        self.isBeacon = isBeacon
        self.name = name
        self.beaconIterationsExponent = beaconIterationsExponent
        self.beaconHash = beaconHash
    }
}

/// The public record of a phase-2 ceremony: the circuit hash every contribution is bound to and the
/// contributions in order. Its byte form is exactly a snarkjs zkey's section 10 (little-endian, LEM points).
///
/// Invariant after decoding: `csHash` is 64 bytes; every point on its curve, G2 points in the subgroup.
public struct Phase2Transcript: Sendable, Equatable {
    public var csHash: [UInt8]
    public var contributions: [Phase2Contribution]

    public init(csHash: [UInt8], contributions: [Phase2Contribution]) {
        self.csHash = csHash
        self.contributions = contributions
    }

    /// zkey section 10: csHash (64), u32 count, then per contribution δ-after, s, x·s (G1), x·s' (G2),
    /// transcript (64), u32 type, u32 parameter length and the sorted (key, value) parameters.
    public var sectionBytes: [UInt8] {
        var out = csHash
        func u32(_ v: Int) { for j in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * j))) } }
        u32(contributions.count)
        for c in contributions {
            SnarkJSPoint.append(c.deltaAfter, to: &out)
            SnarkJSPoint.append(c.g1S, to: &out)
            SnarkJSPoint.append(c.g1SX, to: &out)
            SnarkJSPoint.append(c.g2SPX, to: &out)
            out += c.transcript
            u32(c.isBeacon ? 1 : 0)
            var params: [UInt8] = []
            if let name = c.name {
                // snarkjs keeps the first 64 UTF-16 units; we keep ≤ 64 UTF-8 bytes on a character boundary.
                var bytes: [UInt8] = []
                for ch in name { let b = Array(String(ch).utf8); if bytes.count + b.count > 64 { break }; bytes += b }
                params += [1, UInt8(bytes.count)] + bytes
            }
            if c.isBeacon, let e = c.beaconIterationsExponent, let h = c.beaconHash {
                params += [2, UInt8(e), 3, UInt8(h.count)] + h
            }
            u32(params.count)
            out += params
        }
        return out
    }

    /// Decodes zkey section 10; `file` names the source in errors.
    public init(sectionBytes bytes: [UInt8], file: String) throws(CeremonyError) {
        var offset = 0
        func fail(_ reason: String) -> CeremonyError { .malformed(file: file, section: 10, reason: reason) }
        func take(_ n: Int, _ what: String) throws(CeremonyError) -> [UInt8] {
            guard n >= 0, bytes.count - offset >= n else {
                throw fail("truncated in \(what) at byte \(offset): needs \(n) bytes, \(bytes.count - offset) left")
            }
            defer { offset += n }
            return Array(bytes[offset..<offset + n])
        }
        func u32(_ what: String) throws(CeremonyError) -> Int {
            let b = try take(4, what)
            return Int(b[0]) | Int(b[1]) << 8 | Int(b[2]) << 16 | Int(b[3]) << 24
        }
        func g1(_ what: String) throws(CeremonyError) -> G1Affine {
            let raw = try take(64, what)
            do { return try SnarkJSPoint.g1(raw) } catch { throw fail("\(what): \(error)") }
        }
        func g2(_ what: String) throws(CeremonyError) -> G2Affine {
            let raw = try take(128, what)
            let p: G2Affine
            do { p = try SnarkJSPoint.g2(raw) } catch { throw fail("\(what): \(error)") }
            guard p.isInSubgroup else { throw fail("\(what): point not in the order-r subgroup of G2") }
            return p
        }
        csHash = try take(64, "circuit hash")
        let count = try u32("contribution count")
        // A contribution takes at least 64·3 + 128 + 64 + 8 = 392 bytes.
        guard count <= (bytes.count - offset) / 392 else { throw fail("declares \(count) contributions, too many") }
        var list: [Phase2Contribution] = []
        for index in 0..<count {
            let c = "contribution #\(index + 1)"
            let deltaAfter = try g1("\(c) δ after"), s = try g1("\(c) s"), sx = try g1("\(c) s·x")
            let spx = try g2("\(c) s'·x")
            let transcript = try take(64, "\(c) transcript")
            let type = try u32("\(c) type")
            guard type <= 1 else { throw fail("\(c): unknown type \(type)") }
            let params = try take(try u32("\(c) parameter length"), "\(c) parameters")
            var name: String?, exponent: Int?, beaconHash: [UInt8]?
            var p = 0, lastKey = 0
            while p < params.count {
                let key = Int(params[p])
                guard key > lastKey, p + 1 < params.count else { throw fail("\(c): malformed parameters") }
                lastKey = key
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
            list.append(Phase2Contribution(
                deltaAfter: deltaAfter, g1S: s, g1SX: sx, g2SPX: spx, transcript: transcript, isBeacon: type == 1,
                name: name, beaconIterationsExponent: exponent, beaconHash: beaconHash))
        }
        guard offset == bytes.count else { throw fail("\(bytes.count - offset) unexpected bytes after the contributions") }
        contributions = list
    }
}
