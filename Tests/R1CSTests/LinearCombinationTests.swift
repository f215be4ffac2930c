import BN254
import R1CS
import TestSupport
import Testing

/// Reference normal form: sum per index through a dictionary, drop zeros, sort.
private func naiveNormalForm(_ pairs: some Sequence<(Variable, Fr)>) -> [LinearCombination.Term] {
    var sums: [Int: Fr] = [:]
    for (v, c) in pairs { sums[v.index, default: .zero] += c }
    return sums.filter { !$0.value.isZero }.sorted { $0.key < $1.key }
        .map { LinearCombination.Term(variable: Variable(index: $0.key), coefficient: $0.value) }
}

@Suite struct LinearCombinationTests {
    @Test func bulkConstructorMergesSortsAndDropsZeros() {
        let v1 = Variable(index: 1)
        let v2 = Variable(index: 2)
        let v5 = Variable(index: 5)
        let lc = LinearCombination(terms: [(v5, f(3)), (v1, f(2)), (v5, f(-3)), (v2, f(7)), (v1, f(4)), (.one, f(9))])
        #expect(
            lc.terms == [
                .init(variable: .one, coefficient: f(9)),
                .init(variable: v1, coefficient: f(6)),
                .init(variable: v2, coefficient: f(7)),
            ])
        #expect(LinearCombination(terms: [(v1, Fr.zero)]).terms.isEmpty)
        #expect(LinearCombination(v1, coefficient: .zero).isZero)
        #expect(LinearCombination(constant: .zero) == .zero)
        #expect(lc.constantTerm == f(9))
    }

    @Test func operatorsKeepNormalForm() {
        let x = Variable(index: 3)
        let y = Variable(index: 1)
        let a = x + y  // y + x
        #expect(a.terms.map(\.variable) == [y, x])
        #expect((a - a).isZero)
        #expect((a - x) == LinearCombination(y))
        #expect(a * Fr.zero == .zero)
        #expect(-a + a == .zero)
        #expect(
            (x * f(2) + f(5)).terms == [
                .init(variable: .one, coefficient: f(5)), .init(variable: x, coefficient: f(2)),
            ])
        var b = LinearCombination()
        b += x
        b += y
        b -= x
        #expect(b == LinearCombination(y))
        #expect((LinearCombination(x) + x).singleVariable == nil)
        #expect(LinearCombination(x).singleVariable == x)
        #expect(LinearCombination(constant: f(4)).constantValue == f(4))
        #expect(a.constantValue == nil)
    }

    @Test func randomCombinationsMatchReferenceAndEvaluate() {
        let seed: UInt64 = 0x5EED_0001
        var rng = SeededRNG(seed: seed)
        let z = (0..<40).map { _ in Fr.random(using: &rng) }
        for trial in 0..<200 {
            // Small coefficient alphabet so that cancellations (zero sums) actually happen.
            let alphabet: [Fr] = [f(1), f(-1), f(2), f(-2), .zero, Fr.random(using: &rng)]
            let pairs: [(Variable, Fr)] = (0..<Int.random(in: 0...30, using: &rng)).map { _ in
                (Variable(index: Int.random(in: 0..<40, using: &rng)), alphabet.randomElement(using: &rng)!)
            }
            let lc = LinearCombination(terms: pairs)
            #expect(lc.terms == naiveNormalForm(pairs), "seed \(seed) trial \(trial)")
            let expected = pairs.reduce(Fr.zero) { $0 + $1.1 * z[$1.0.index] }
            #expect(lc.evaluate(z) == expected, "seed \(seed) trial \(trial)")

            // Incremental building and merging agree with the bulk constructor.
            var incremental = LinearCombination()
            for (v, c) in pairs { incremental.add(v, coefficient: c) }
            #expect(incremental == lc, "seed \(seed) trial \(trial)")
            let half = pairs.count / 2
            let left = LinearCombination(terms: pairs[..<half])
            let right = LinearCombination(terms: pairs[half...])
            #expect(left + right == lc, "seed \(seed) trial \(trial)")
            #expect(LinearCombination.sum([left, right]) == lc, "seed \(seed) trial \(trial)")
            #expect(lc - right == left, "seed \(seed) trial \(trial)")
            let s = Fr.random(using: &rng)
            #expect((lc * s).evaluate(z) == expected * s, "seed \(seed) trial \(trial)")
        }
    }

    @Test func largeBulkConstruction() {
        // 20 000 terms over 5 000 variables: one sort + merge.
        var rng = SeededRNG(seed: testSeed(fallback: 42))
        let pairs = (0..<20_000).map { _ in
            (Variable(index: Int.random(in: 1...5_000, using: &rng)), Fr(UInt64.random(in: 1...9, using: &rng)))
        }
        let lc = LinearCombination(terms: pairs)
        #expect(lc.terms == naiveNormalForm(pairs))
    }
}
