import BN254
import R1CS
import TestSupport
import Testing

/// Runs `build` on a fresh system holding the given witness inputs; returns the system, the first index
/// the gadget allocated, and the number of constraints it added.
private func gadget(_ inputs: [Fr], _ build: (ConstraintSystem, [Variable]) -> Void)
    -> (cs: ConstraintSystem, start: Int, constraints: Int)
{
    let cs = ConstraintSystem()
    let vars = inputs.map { cs.allocateWitness($0) }
    let start = cs.variableCount
    let before = cs.constraintCount
    build(cs, vars)
    return (cs, start, cs.constraintCount - before)
}

/// Every assignment of {0,1} to `bitIndices` other than the honest one violates the system.
private func expectUniqueBits(
    _ r1cs: ConstraintMatrices, _ witness: Witness, bitIndices: [Int], _ context: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    precondition(bitIndices.count <= 12)
    for pattern in 0..<(1 << bitIndices.count) {
        var w = witness
        for (j, i) in bitIndices.enumerated() { w.values[i] = (pattern >> j) & 1 == 1 ? .one : .zero }
        if w != witness {
            #expect(
                r1cs.isSatisfied(by: w) != nil, "\(context): bit pattern \(pattern) also satisfies",
                sourceLocation: sourceLocation)
        }
    }
}

/// Compensated forgery: flip bit i and move bit j by the amount that keeps Σ 2^m·b_m unchanged
/// (b_j += (2b_i − 1)·2^(i−j)). The recomposition then still holds, so only the booleanity of b_j can
/// reject it — this catches a missing boolean constraint that single perturbations cannot.
private func expectCompensatedFlipsRejected(
    _ r1cs: ConstraintMatrices, _ witness: Witness, bitIndices: [Int], _ context: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let inverseOfTwo = Fr(2).inverse!
    for (i, bi) in bitIndices.enumerated() {
        for (j, bj) in bitIndices.enumerated() where j != i {
            var w = witness
            let old = witness.values[bi]
            w.values[bi] = .one - old
            // 2^(i−j) as a field element.
            var scale = Fr.one
            if i > j {
                for _ in 0..<(i - j) { scale = scale.doubled() }
            } else {
                for _ in 0..<(j - i) { scale *= inverseOfTwo }
            }
            w.values[bj] = witness.values[bj] + (old.doubled() - .one) * scale
            #expect(
                r1cs.isSatisfied(by: w) != nil, "\(context): compensated flip of bits \(i), \(j) accepted",
                sourceLocation: sourceLocation)
        }
    }
}

@Suite struct ArithmeticGadgetTests {
    @Test func mulCompletenessAndSoundness() {
        var rng = SeededRNG(seed: testSeed(fallback: 1))
        for (a, b) in [(f(0), f(5)), (f(1), f(-1)), (f(-1), f(-1)), (Fr.random(using: &rng), Fr.random(using: &rng))] {
            var out: Variable!
            let (cs, start, n) = gadget([a, b]) { cs, v in out = cs.mul(v[0], v[1]) }
            #expect(n == 1 && cs.value(of: out) == a * b)
            let (r1cs, w) = expectSatisfied(cs, "mul")
            expectEveryWitnessValueMatters(r1cs, w, indices: start..<r1cs.variableCount, "mul")
        }
    }

    @Test func assertEqualAndAssertBoolean() {
        for (a, b, ok) in [(f(3), f(3), true), (f(3), f(4), false), (f(-1), Fr.minusOne, true)] {
            let (cs, _, n) = gadget([a, b]) { cs, v in cs.assertEqual(v[0], v[1]) }
            #expect(n == 1 && (cs.firstViolation() == nil) == ok)
        }
        for (x, ok) in [(f(0), true), (f(1), true), (f(2), false), (f(-1), false)] {
            let (cs, _, n) = gadget([x]) { cs, v in cs.assertBoolean(v[0]) }
            #expect(n == 1 && (cs.firstViolation() == nil) == ok, "assertBoolean(\(x))")
        }
    }

    @Test func isZero() {
        var rng = SeededRNG(seed: testSeed(fallback: 2))
        for x in [f(0), f(1), f(-1), Fr.random(using: &rng)] {
            var out: Variable!
            let (cs, start, n) = gadget([x]) { cs, v in out = cs.isZero(v[0]) }
            #expect(n == 2 && cs.value(of: out) == (x.isZero ? .one : .zero))
            #expect(cs.isKnownBoolean(out))
            let (r1cs, w) = expectSatisfied(cs, "isZero(\(x))")
            // For x = 0 the inverse hint (first allocated wire) is free; the output must still be 1.
            let free: Set<Int> = x.isZero ? [start] : []
            expectEveryWitnessValueMatters(r1cs, w, indices: start..<r1cs.variableCount, free: free, "isZero")
            if x.isZero {
                var other = w
                other.values[start] = f(12345)
                #expect(r1cs.isSatisfied(by: other) == nil && other.values[out.index] == .one)
            }
        }
    }

    @Test func selectCompletenessSoundnessAndBooleanCheck() {
        for c in [0, 1] {
            var out: Variable!
            var bitIndex = 0
            let (cs, start, _) = gadget([f(c), f(10), f(-20)]) { cs, v in
                cs.assertBoolean(v[0])  // now known boolean: select adds 1 constraint
                bitIndex = v[0].index
                let before = cs.constraintCount
                out = cs.select(v[0], v[1], v[2])
                #expect(cs.constraintCount - before == 1)
            }
            #expect(cs.value(of: out) == (c == 1 ? f(10) : f(-20)))
            let (r1cs, w) = expectSatisfied(cs, "select")
            expectEveryWitnessValueMatters(r1cs, w, indices: start..<r1cs.variableCount, "select")
            // Flipping the condition alone breaks the select constraint.
            var flipped = w
            flipped.values[bitIndex] = f(1 - c)
            #expect(r1cs.isSatisfied(by: flipped) != nil)
        }
        // An unconstrained condition gets a boolean check: 2 constraints, and cond = 2 is rejected.
        let (cs, _, n) = gadget([f(2), f(10), f(-20)]) { cs, v in _ = cs.select(v[0], v[1], v[2]) }
        #expect(n == 2 && cs.firstViolation() != nil)
    }
}

@Suite struct BitGadgetTests {
    @Test(arguments: [1, 3, 8, 64, 200, 253])
    func toBinaryEdgeValues(n: Int) {
        var rng = SeededRNG(seed: UInt64(n))
        var edges: [Fr] = [f(0), f(1), pow2(n) - .one, pow2(n - 1)]
        // A random value below 2^n from random limbs.
        var limbs = (0..<4).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) }
        for i in 0..<4 {
            let lo = 64 * i
            if n <= lo { limbs[i] = 0 } else if n < lo + 64 { limbs[i] &= (1 << UInt64(n - lo)) - 1 }
        }
        edges.append(Fr(canonicalLimbs: limbs[0], limbs[1], limbs[2], limbs[3])!)
        for x in edges {
            var bits: [Variable] = []
            let (cs, start, count) = gadget([x]) { cs, v in bits = cs.toBinary(v[0], bitCount: n) }
            #expect(count == n + 1 && bits.count == n)
            // Recompose independently (Horner, most significant first).
            var y = Fr.zero
            for b in bits.reversed() {
                let bv = cs.value(of: b)
                #expect(bv == .zero || bv == .one)
                y = y.doubled() + bv
            }
            #expect(y == x, "n = \(n)")
            let (r1cs, w) = expectSatisfied(cs, "toBinary n = \(n)")
            if n <= 64 { expectEveryWitnessValueMatters(r1cs, w, indices: start..<r1cs.variableCount, "toBinary") }
        }
    }

    @Test func toBinaryDecompositionIsUnique() {
        for x in 0..<8 {
            let (cs, start, _) = gadget([f(x)]) { cs, v in _ = cs.toBinary(v[0], bitCount: 3) }
            let (r1cs, w) = cs.finalize()
            expectUniqueBits(r1cs, w, bitIndices: Array(start..<(start + 3)), "toBinary(\(x))")
            expectCompensatedFlipsRejected(r1cs, w, bitIndices: Array(start..<(start + 3)), "toBinary(\(x))")
        }
    }

    @Test(arguments: [0, 1, 8, 64, 252])
    func rangeCheckAcceptsExactlyTheRange(n: Int) {
        var cases: [(Fr, Bool)] = [(f(0), true), (pow2(n), false), (f(-1), false)]
        if n > 0 {
            cases += [(f(1), true), (pow2(n) - .one, true), (pow2(n - 1), true)]
        } else {
            cases.append((f(1), false))
        }
        for (x, ok) in cases {
            let (cs, _, count) = gadget([x]) { cs, v in cs.rangeCheck(v[0], bitCount: n) }
            #expect(count == n + 1)
            #expect((cs.firstViolation() == nil) == ok, "rangeCheck n = \(n), x = \(x)")
        }
    }
}

@Suite struct ComparisonGadgetTests {
    static let n = 8
    /// Edge values of (−2^(n−1), 2^(n−1)) for n = 8, plus a few inside.
    static let signedEdges = [0, 1, -1, 2, -2, 127, -127, 64, -64, 100, -100]

    @Test func signOfEdgeValues() {
        let n = Self.n
        for x in Self.signedEdges {
            var nonNeg: Variable!
            var neg: Variable!
            let (cs, start, count) = gadget([f(x)]) { cs, v in
                nonNeg = cs.isNonNegative(v[0], bitCount: n)
                neg = cs.isNegative(v[0], bitCount: n)
            }
            #expect(count == 2 * (n + 1))
            #expect(cs.value(of: nonNeg) == (x >= 0 ? .one : .zero), "isNonNegative(\(x))")
            #expect(cs.value(of: neg) == (x < 0 ? .one : .zero), "isNegative(\(x))")
            #expect(cs.isKnownBoolean(nonNeg) && cs.isKnownBoolean(neg))
            let (r1cs, w) = expectSatisfied(cs, "sign(\(x))")
            expectEveryWitnessValueMatters(r1cs, w, indices: start..<r1cs.variableCount, "sign(\(x))")
        }
    }

    @Test func signCannotBeForgedExhaustive() {
        // n = 4: every x in (−8, 8); any other bit pattern (in particular a flipped sign) is rejected.
        for x in -7...7 {
            let (cs, start, _) = gadget([f(x)]) { cs, v in _ = cs.isNonNegative(v[0], bitCount: 4) }
            let (r1cs, w) = cs.finalize()
            expectUniqueBits(r1cs, w, bitIndices: Array(start..<(start + 4)), "isNonNegative(\(x))")
            expectCompensatedFlipsRejected(r1cs, w, bitIndices: Array(start..<(start + 4)), "isNonNegative(\(x))")
            let (cs2, start2, _) = gadget([f(x)]) { cs, v in _ = cs.isNegative(v[0], bitCount: 4) }
            let (r1cs2, w2) = cs2.finalize()
            expectUniqueBits(r1cs2, w2, bitIndices: Array(start2..<(start2 + 4)), "isNegative(\(x))")
            expectCompensatedFlipsRejected(r1cs2, w2, bitIndices: Array(start2..<(start2 + 4)), "isNegative(\(x))")
        }
    }

    @Test func brokenPromiseIsUnsatisfiable() {
        // x = 2^(n−1) is outside (−2^(n−1), 2^(n−1)): no witness, never a wrong sign.
        let (cs, _, _) = gadget([f(128)]) { cs, v in _ = cs.isNonNegative(v[0], bitCount: 8) }
        #expect(cs.firstViolation() != nil)
        let (cs2, _, _) = gadget([f(128)]) { cs, v in _ = cs.isNegative(v[0], bitCount: 8) }
        #expect(cs2.firstViolation() != nil)
    }

    @Test func comparisonsMaxMinRelu() {
        let n = Self.n
        let pairs = [(0, 0), (1, 0), (0, 1), (-1, 0), (63, -63), (-63, 63), (50, 49), (-50, -49)]
        for (a, b) in pairs {
            var lt: Variable!
            var ge: Variable!
            var mx: Variable!
            var mn: Variable!
            let (cs, start, _) = gadget([f(a), f(b)]) { cs, v in
                lt = cs.isLessThan(v[0], v[1], bitCount: n)
                ge = cs.isGreaterOrEqual(v[0], v[1], bitCount: n)
                let before = cs.constraintCount
                mx = cs.max(v[0], v[1], bitCount: n)
                #expect(cs.constraintCount - before == n + 2)
                mn = cs.min(v[0], v[1], bitCount: n)
            }
            #expect(cs.value(of: lt) == (a < b ? .one : .zero))
            #expect(cs.value(of: ge) == (a >= b ? .one : .zero))
            #expect(cs.value(of: mx) == f(Swift.max(a, b)), "max(\(a), \(b))")
            #expect(cs.value(of: mn) == f(Swift.min(a, b)), "min(\(a), \(b))")
            let (r1cs, w) = expectSatisfied(cs, "compare(\(a), \(b))")
            expectEveryWitnessValueMatters(r1cs, w, indices: start..<r1cs.variableCount, "compare(\(a), \(b))")
        }
    }

    @Test func reluEdgeValues() {
        let n = Self.n
        for x in Self.signedEdges {
            var r: Variable!
            let (cs, start, count) = gadget([f(x)]) { cs, v in r = cs.relu(v[0], bitCount: n) }
            #expect(count == n + 2)
            #expect(cs.value(of: r) == f(Swift.max(x, 0)), "relu(\(x))")
            let (r1cs, w) = expectSatisfied(cs, "relu(\(x))")
            expectEveryWitnessValueMatters(r1cs, w, indices: start..<r1cs.variableCount, "relu(\(x))")
        }
    }
}

@Suite struct DivRemGadgetTests {
    @Test func floorDivisionOverWholeRange() {
        // n = 6: every x in (−64, 64) and every shift k in 0...6, against Swift's arithmetic shift.
        let n = 6
        for k in 0...n {
            for x in -63...63 {
                var q: Variable!
                var r: LinearCombination!
                let (cs, start, count) = gadget([f(x)]) { cs, v in
                    (q, r) = cs.divRem(v[0], byPowerOfTwo: k, bitCount: n)
                }
                #expect(count == n + 3)
                #expect(cs.value(of: q) == f(x >> k), "⌊\(x) / 2^\(k)⌋")
                #expect(cs.value(of: r) == f(x & ((1 << k) - 1)), "\(x) mod 2^\(k)")
                let (r1cs, w) = expectSatisfied(cs, "divRem(\(x), \(k))")
                if x % 9 == 0 {
                    expectEveryWitnessValueMatters(r1cs, w, indices: start..<r1cs.variableCount, "divRem(\(x), \(k))")
                }
            }
        }
    }

    @Test func quotientAndRemainderCannotBeForged() {
        // n = 5, k = 2: try every quotient candidate q' (with its consistent range bits) and every
        // remainder r' ∈ [0, 4); only the honest pair satisfies the system.
        let n = 5
        let k = 2
        for x in -31...31 {
            let (cs, start, _) = gadget([f(x)]) { cs, v in _ = cs.divRem(v[0], byPowerOfTwo: k, bitCount: n) }
            let (r1cs, w) = cs.finalize()
            let qIndex = start
            let qBits = Array((start + 1)...(start + n - k + 1))
            let rBits = [start + n - k + 2, start + n - k + 3]
            var accepted: [(Int, Int)] = []
            for qc in -(1 << (n - k)) - 2...(1 << (n - k)) + 2 {
                for rc in 0..<(1 << k) {
                    var t = w
                    t.values[qIndex] = f(qc)
                    let shifted = qc + (1 << (n - k))
                    for (j, i) in qBits.enumerated() { t.values[i] = (shifted >> j) & 1 == 1 ? .one : .zero }
                    for (j, i) in rBits.enumerated() { t.values[i] = (rc >> j) & 1 == 1 ? .one : .zero }
                    if r1cs.isSatisfied(by: t) == nil { accepted.append((qc, rc)) }
                }
            }
            #expect(accepted.count == 1 && accepted.first! == (x >> k, x & 3), "x = \(x): accepted \(accepted)")
            expectCompensatedFlipsRejected(r1cs, w, bitIndices: qBits, "divRem(\(x)) quotient bits")
            expectCompensatedFlipsRejected(r1cs, w, bitIndices: rBits, "divRem(\(x)) remainder bits")
            // Quotient one too large with the remainder pushed below zero through a non-boolean bit 0.
            var t = w
            t.values[qIndex] = f((x >> k) + 1)
            let shifted = (x >> k) + 1 + (1 << (n - k))
            for (j, i) in qBits.enumerated() { t.values[i] = (shifted >> j) & 1 == 1 ? .one : .zero }
            t.values[rBits[0]] = w.values[rBits[0]] - f(1 << k)
            #expect(r1cs.isSatisfied(by: t) != nil, "x = \(x): q + 1, r − 2^k accepted")
        }
    }

    @Test func largeValues() {
        let seed: UInt64 = 0xD1F
        var rng = SeededRNG(seed: seed)
        let n = 200
        let k = 97
        for trial in 0..<20 {
            // |x| < 2^200 from random limbs, random sign.
            let l = (0..<4).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) }
            let magnitude = Fr(canonicalLimbs: l[0], l[1], l[2], l[3] & ((1 << 8) - 1))!
            let x = Bool.random(using: &rng) ? magnitude : -magnitude
            var q: Variable!
            var r: LinearCombination!
            let (cs, _, _) = gadget([x]) { cs, v in (q, r) = cs.divRem(v[0], byPowerOfTwo: k, bitCount: n) }
            let qv = cs.value(of: q)
            let rv = cs.value(of: r)
            #expect(qv * pow2(k) + rv == x, "seed \(seed) trial \(trial)")
            // 0 ≤ r < 2^k: its canonical value has no bit at or above k.
            let c = rv.canonicalLimbs
            #expect(c.2 == 0 && c.3 == 0 && c.1 >> UInt64(k - 64) == 0, "seed \(seed) trial \(trial)")
            expectSatisfied(cs, "divRem large, seed \(seed) trial \(trial)")
        }
    }

    @Test func brokenPromiseIsUnsatisfiable() {
        // |x| = 2^n is outside the promise: the quotient range check fails.
        for x in [64, 65, 127] {
            let (cs, _, _) = gadget([f(x)]) { cs, v in _ = cs.divRem(v[0], byPowerOfTwo: 2, bitCount: 6) }
            #expect(cs.firstViolation() != nil, "x = \(x)")
        }
        let (cs, _, _) = gadget([f(-65)]) { cs, v in _ = cs.shiftRight(v[0], by: 2, bitCount: 6) }
        #expect(cs.firstViolation() != nil)
    }
}
