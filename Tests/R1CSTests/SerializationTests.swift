import BN254
import Hashing
import R1CS
import TestSupport
import Testing

/// A small system exercising several gadgets, with or without labels.
private func sampleSystem(recordLabels: Bool = true, coefficient: Int = 3, poseidon: Bool = true) -> ConstraintSystem {
    let cs = ConstraintSystem(recordLabels: recordLabels)
    let x = cs.allocatePublicInput(f(5), label: "x")
    let y = cs.allocatePublicInput(f(-9), label: "y")
    let z = cs.allocateWitness(f(7))
    let p = cs.mul(x, z, label: "x·z")
    _ = cs.relu(p - y * f(coefficient), bitCount: 10)
    _ = cs.isZero(x - y)
    if poseidon { _ = cs.poseidon([x.lc, z.lc]) }
    return cs
}

private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> UInt32(8 * $0)) } }
private func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> UInt64(8 * $0)) } }

/// `bytes` with their seal recomputed, so a mutation reaches the decoder instead of failing the seal.
private func resealed(_ bytes: [UInt8]) -> [UInt8] {
    var body = Array(bytes.dropLast(FileHeader.sealByteCount))
    FileHeader.seal(&body)
    return body
}

/// Expects decoding of `bytes` (resealed) to fail at `field` and `offset` with `reason`.
private func expectError(
    _ bytes: [UInt8], _ field: String, _ offset: Int, _ reason: ByteCodecError.Reason,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let expected = R1CSError.malformed(format: "R1CS", ByteCodecError(field: field, offset: offset, reason: reason))
    do {
        _ = try ConstraintMatrices(serialized: resealed(bytes))
        Issue.record("decoding succeeded, expected \(expected)", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}

/// The common file header of an R1CS file of the current version.
private let r1csHeader: [UInt8] = Array("ZKINFER".utf8) + [0, 4] + Array("r1cs".utf8) + le32(2)

@Suite struct SerializationTests {
    @Test func roundTrip() throws {
        for labels in [true, false] {
            let (r1cs, witness) = sampleSystem(recordLabels: labels).finalize()
            let decoded = try ConstraintMatrices(serialized: r1cs.serialized())
            let same = decoded == r1cs  // (not inside #expect: a failure would print the whole system)
            #expect(same, "round trip, labels: \(labels)")
            #expect(decoded.isSatisfied(by: witness) == nil)
            #expect(decoded.digest == r1cs.digest)
            let decodedWitness = try Witness(serialized: witness.serialized())
            #expect(decodedWitness == witness)
        }
    }

    /// The format, written out by hand from its specification for x·y = 2 + x (x public, y private).
    @Test func encodingMatchesSpecification() throws {
        let cs = ConstraintSystem()
        let x = cs.allocatePublicInput(f(1), label: "x")
        let y = cs.allocateWitness(f(3))
        cs.enforce(x.lc, y.lc, x + f(2), "k")
        let (r1cs, _) = cs.finalize()
        let coefficientOne = [UInt8](repeating: 0, count: 31) + [1]
        let coefficientTwo = [UInt8](repeating: 0, count: 31) + [2]
        let counts = le64(1) + le64(1) + le64(1)
        let constraint =
            le32(1) + le32(1) + coefficientOne  // a = 1·x
            + le32(1) + le32(2) + coefficientOne  // b = 1·y
            + le32(2) + le32(0) + coefficientTwo + le32(1) + coefficientOne  // c = 2·one + 1·x
        let body = le32(0) + counts + constraint
        #expect(r1cs.serialized(includingLabels: false) == r1csHeader + body + SHA256.hash(r1csHeader + body))
        // The digest keeps the first version's prefix, so digests recorded by earlier versions stay valid.
        #expect(r1cs.digest == SHA256.hash(Array("zkinR1CS".utf8) + le32(1) + body))
        var labelled = r1csHeader + le32(3) + counts + constraint
        labelled += le32(1) + Array("x".utf8) + le32(1) + Array("k".utf8)
        #expect(r1cs.serialized() == labelled + SHA256.hash(labelled))
    }

    /// The first version of the file (zkinfer's `BinaryEnvelope` around the "zkinR1CS" encoding), written out by
    /// hand: still read, giving the same system.
    @Test func versionOneFilesAreRead() throws {
        let (r1cs, _) = sampleSystem().finalize()
        var payload = Array("zkinR1CS".utf8) + le32(1)
        payload += r1cs.serialized().dropFirst(r1csHeader.count).dropLast(FileHeader.sealByteCount)
        let file =
            Array("ZKINFER".utf8) + [0, 4] + Array("r1cs".utf8) + le32(1) + le64(UInt64(payload.count)) + payload
            + SHA256.hash(payload)
        let decoded = try ConstraintMatrices(serialized: file)
        #expect(decoded == r1cs)
        var damaged = file
        damaged[40] ^= 1
        #expect(throws: R1CSError.self) { try ConstraintMatrices(serialized: damaged) }
    }

    @Test func digestIsStableAndSensitive() {
        let a = sampleSystem().finalize().0
        let b = sampleSystem().finalize().0
        let unlabelled = sampleSystem(recordLabels: false).finalize().0
        #expect(a.digest == b.digest && a.digest.count == 32)
        #expect(a.digest == unlabelled.digest, "labels are metadata, not part of the digest")
        let changed = sampleSystem(coefficient: 4).finalize().0
        #expect(changed.constraints.count == a.constraints.count)
        #expect(changed.digest != a.digest)
        // Changing one coefficient of one constraint by hand also changes it.
        var constraints = a.constraints
        constraints[0].a = constraints[0].a * f(2)
        let tweaked = ConstraintMatrices(
            publicInputCount: a.publicInputCount, witnessCount: a.witnessCount, constraints: constraints)
        #expect(tweaked.digest != a.digest)
        // Same constraints, one more public input: different digest.
        let morePublic = ConstraintMatrices(
            publicInputCount: a.publicInputCount + 1, witnessCount: a.witnessCount - 1,
            constraints: a.constraints)
        #expect(morePublic.digest != a.digest)
    }

    @Test func malformedInputsAreRejected() {
        let cs = ConstraintSystem()
        let x = cs.allocatePublicInput(f(1), label: "x")
        let y = cs.allocateWitness(f(3))
        cs.enforce(x.lc, x + y, LinearCombination(y), "k")
        let good = cs.finalize().0.serialized()
        // Header 17 + 28 bytes; constraint 0: a at 45 (count, index 49, coefficient 53..<85),
        // b at 85 (count, index 89, coefficient 93..<125, index 125, coefficient 129..<161).
        for length in 0..<good.count {
            #expect(throws: R1CSError.self) { try ConstraintMatrices(serialized: Array(good[..<length])) }
        }
        var bad = good
        bad[30] ^= 1
        let sealError = ByteCodecError.invalid(
            "SHA-256 seal", at: good.count - 32, "does not match the file's contents (file damaged)")
        #expect(throws: R1CSError.malformed(format: "R1CS", sealError)) {
            try ConstraintMatrices(serialized: bad)
        }
        bad = good
        bad[0] ^= 1
        expectError(bad, "file magic", 0, .invalid("not a zkinfer file (no \"ZKINFER\" magic)"))
        bad = good
        bad[13] = 3
        expectError(
            bad, "file format version", 13,
            .invalid("r1cs version 3 is written by a newer zkinfer (this build reads versions 1 to 2)"))
        bad = good
        bad[17] = 4
        expectError(bad, "flags", 17, .invalid("unknown flag bits set: 4"))
        bad = good
        bad[17] = 2  // constraint labels without public input labels
        expectError(bad, "flags", 17, .invalid("unknown flag bits set: 2"))
        expectError(
            Array(good.dropLast(32)) + [0] + good.suffix(32), "the R1CS body", good.count - 32,
            .trailingBytes(count: 1))
        // Coefficient = r (non-canonical).
        bad = good
        bad.replaceSubrange(53..<85, with: Fr.modulusBytesForTests)
        expectError(bad, "constraint #0 coefficient", 53, .invalid("not a canonical field element (≥ r)"))
        bad = good
        bad.replaceSubrange(53..<85, with: [UInt8](repeating: 0, count: 32))
        expectError(bad, "constraint #0 coefficient", 53, .invalid("zero (not normal form)"))
        bad = good
        bad.replaceSubrange(49..<53, with: le32(3))
        expectError(bad, "constraint #0 variable index", 49, .invalid("3 is out of range (variable count 3)"))
        bad = good
        bad.replaceSubrange(125..<129, with: le32(1))  // b's second index equals its first
        expectError(
            bad, "constraint #0 variable index", 125, .invalid("1 does not follow 1 (indices must strictly increase)"))
        bad = good
        bad.replaceSubrange(37..<45, with: le64(UInt64.max))
        #expect(throws: R1CSError.self) { try ConstraintMatrices(serialized: resealed(bad)) }
        bad = good
        bad.replaceSubrange(29..<37, with: le64(UInt64(UInt32.max)))
        #expect(throws: R1CSError.self) { try ConstraintMatrices(serialized: resealed(bad)) }
        // Invalid UTF-8 in a label: the last byte before the seal is the label "k".
        bad = good
        bad[bad.count - 33] = 0xFF
        expectError(bad, "constraint label #0", good.count - 33, .invalid("not valid UTF-8"))
        // Messages name the format, the field and the byte.
        let message = R1CSError.malformed(format: "R1CS", ByteCodecError.invalid("flags", at: 17, "x"))
        #expect(message.description == "malformed R1CS encoding: flags at byte 17: x")
    }

    @Test func randomMutationsNeverTrapAndDecodedMeansCanonical() {
        let seed: UInt64 = 0xF022
        var rng = SeededRNG(seed: seed)
        let good = sampleSystem(poseidon: false).finalize().0.serialized()
        var decodedCount = 0
        for trial in 0..<400 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count - 32, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            bytes = resealed(bytes)
            if let r1cs = try? ConstraintMatrices(serialized: bytes) {
                decodedCount += 1
                // Whatever decodes is in normal form: re-encoding reproduces the bytes exactly.
                #expect(r1cs.serialized() == bytes, "seed \(seed) trial \(trial)")
            }
        }
        _ = decodedCount
    }

    @Test func malformedWitnessesAreRejected() throws {
        let witness = sampleSystem().finalize().1
        let good = witness.serialized()
        for length in stride(from: 0, to: good.count, by: 7) {
            #expect(throws: R1CSError.self) { try Witness(serialized: Array(good[..<length])) }
        }
        // Header 20 bytes ("witness"), then the counts; z[0] at 36..<68.
        func error(_ field: String, _ offset: Int, _ reason: ByteCodecError.Reason) -> R1CSError {
            .malformed(format: "witness", ByteCodecError(field: field, offset: offset, reason: reason))
        }
        var bad = good
        bad.replaceSubrange(36..<68, with: Fr.modulusBytesForTests)
        #expect(throws: error("z[0]", 36, .invalid("not a canonical field element (≥ r)"))) {
            try Witness(serialized: bad)
        }
        bad = good
        bad.replaceSubrange(36..<68, with: f(2).bigEndianBytes)
        #expect(throws: error("z[0]", 36, .invalid("the constant wire must be 1"))) { try Witness(serialized: bad) }
        #expect(throws: error("z[\(witness.values.count - 1)]", good.count, .trailingBytes(count: 2))) {
            try Witness(serialized: good + [1, 2])
        }
        // The first version ("zkinWTNS" ‖ u32 1 ‖ the same body) is still read.
        let versionOne = Array("zkinWTNS".utf8) + le32(1) + good.dropFirst(20)
        #expect(try Witness(serialized: versionOne) == witness)
    }
}

extension Fr {
    /// r itself, big-endian (the smallest non-canonical encoding).
    static var modulusBytesForTests: [UInt8] {
        let m = Fr.modulusLimbs
        return [m.3, m.2, m.1, m.0].flatMap { limb in
            (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(56 - 8 * $0)) }
        }
    }
}
