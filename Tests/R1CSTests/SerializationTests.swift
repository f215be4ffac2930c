import BN254
import Hashing
import R1CS
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

/// Expects decoding to throw exactly `expected`.
private func expectError(_ bytes: [UInt8], _ expected: R1CSError, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try R1CS(serialized: bytes)
        Issue.record("decoding succeeded, expected \(expected)", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}

@Suite struct SerializationTests {
    @Test func roundTrip() throws {
        for labels in [true, false] {
            let (r1cs, witness) = sampleSystem(recordLabels: labels).finalize()
            let decoded = try R1CS(serialized: r1cs.serialized())
            let same = decoded == r1cs   // (not inside #expect: a failure would print the whole system)
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
        var body: [UInt8] = Array("zkinR1CS".utf8) + le32(1)
        let counts = le64(1) + le64(1) + le64(1)
        let constraint = le32(1) + le32(1) + coefficientOne        // a = 1·x
            + le32(1) + le32(2) + coefficientOne                    // b = 1·y
            + le32(2) + le32(0) + coefficientTwo + le32(1) + coefficientOne  // c = 2·one + 1·x
        body += le32(0) + counts + constraint
        #expect(r1cs.serialized(includingLabels: false) == body)
        #expect(r1cs.digest == SHA256.hash(body))
        var labelled: [UInt8] = Array("zkinR1CS".utf8) + le32(1) + le32(3) + counts + constraint
        labelled += le32(1) + Array("x".utf8) + le32(1) + Array("k".utf8)
        #expect(r1cs.serialized() == labelled)
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
        let tweaked = R1CS(publicInputCount: a.publicInputCount, witnessCount: a.witnessCount, constraints: constraints)
        #expect(tweaked.digest != a.digest)
        // Same constraints, one more public input: different digest.
        let morePublic = R1CS(publicInputCount: a.publicInputCount + 1, witnessCount: a.witnessCount - 1,
                              constraints: a.constraints)
        #expect(morePublic.digest != a.digest)
    }

    @Test func malformedInputsAreRejected() {
        let cs = ConstraintSystem()
        let x = cs.allocatePublicInput(f(1), label: "x")
        let y = cs.allocateWitness(f(3))
        cs.enforce(x.lc, x + y, LinearCombination(y), "k")
        let good = cs.finalize().0.serialized()
        // Header 40 bytes; constraint 0: a at 40 (count, index 44, coefficient 48..<80),
        // b at 80 (count, index 84, coefficient 88..<120, index 120, coefficient 124..<156).
        for length in 0..<good.count {
            #expect(throws: R1CSError.self) { try R1CS(serialized: Array(good[..<length])) }
        }
        var bad = good; bad[0] ^= 1
        expectError(bad, .badMagic(expected: Array("zkinR1CS".utf8), got: Array(bad[0..<8])))
        bad = good; bad[8] = 2
        expectError(bad, .unsupportedVersion(expected: 1, got: 2))
        bad = good; bad[12] = 4
        expectError(bad, .unknownFlags(4))
        bad = good; bad[12] = 2   // constraint labels without public input labels
        expectError(bad, .unknownFlags(2))
        expectError(good + [0], .trailingBytes(count: 1))
        // Coefficient = r (non-canonical).
        bad = good; bad.replaceSubrange(48..<80, with: Fr.modulusBytesForTests)
        expectError(bad, .nonCanonicalFieldElement(offset: 48))
        bad = good; bad.replaceSubrange(48..<80, with: [UInt8](repeating: 0, count: 32))
        expectError(bad, .zeroCoefficient(constraint: 0, offset: 48))
        bad = good; bad.replaceSubrange(44..<48, with: le32(3))
        expectError(bad, .variableIndexOutOfRange(constraint: 0, index: 3, variableCount: 3))
        bad = good; bad.replaceSubrange(120..<124, with: le32(1))   // b's second index equals its first
        expectError(bad, .termsNotStrictlyIncreasing(constraint: 0, offset: 120))
        bad = good; bad.replaceSubrange(32..<40, with: le64(UInt64.max))
        #expect(throws: R1CSError.self) { try R1CS(serialized: bad) }
        bad = good; bad.replaceSubrange(24..<32, with: le64(UInt64(UInt32.max)))
        #expect(throws: R1CSError.self) { try R1CS(serialized: bad) }
        // Invalid UTF-8 in a label: the last byte is the label "k".
        bad = good; bad[bad.count - 1] = 0xFF
        expectError(bad, .invalidLabel(offset: good.count - 5))
    }

    @Test func randomMutationsNeverTrapAndDecodedMeansCanonical() {
        let seed: UInt64 = 0xF022
        var rng = SplitMix64(seed: seed)
        let good = sampleSystem(poseidon: false).finalize().0.serialized()
        var decodedCount = 0
        for trial in 0..<400 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if let r1cs = try? R1CS(serialized: bytes) {
                decodedCount += 1
                // Whatever decodes is in normal form: re-encoding reproduces the bytes exactly.
                #expect(r1cs.serialized() == bytes, "seed \(seed) trial \(trial)")
            }
        }
        _ = decodedCount
    }

    @Test func malformedWitnessesAreRejected() {
        let witness = sampleSystem().finalize().1
        let good = witness.serialized()
        for length in stride(from: 0, to: good.count, by: 7) {
            #expect(throws: R1CSError.self) { try Witness(serialized: Array(good[..<length])) }
        }
        var bad = good; bad.replaceSubrange(28..<60, with: Fr.modulusBytesForTests)
        #expect(throws: R1CSError.nonCanonicalFieldElement(offset: 28)) { try Witness(serialized: bad) }
        bad = good; bad.replaceSubrange(28..<60, with: f(2).bigEndianBytes)
        #expect(throws: R1CSError.constantWireNotOne) { try Witness(serialized: bad) }
        #expect(throws: R1CSError.trailingBytes(count: 2)) { try Witness(serialized: good + [1, 2]) }
    }
}

extension Fr {
    /// r itself, big-endian (the smallest non-canonical encoding).
    static var modulusBytesForTests: [UInt8] {
        let m = Fr.modulusLimbs
        return [m.3, m.2, m.1, m.0].flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(56 - 8 * $0)) } }
    }
}
