import BN254

/// A sparse linear combination Σ cᵢ·zᵢ of wires, with coefficients in F_r.
///
/// Invariant (normal form): `terms` is sorted by strictly increasing variable index — each variable
/// appears at most once — and no coefficient is zero. Two combinations denote the same linear form iff
/// they are `==`. The constant part is the coefficient of `Variable.one` (index 0, hence always first).
///
/// Linear combinations are values, not constraints: adding, subtracting and scaling them costs no
/// constraint. Costs: `a + b`, `a − b` are one O(|a| + |b|) merge; `init(terms:)` sorts and merges
/// once in O(k log k) — use it (or `sum(_:)`) to build a dot product of thousands of terms instead of
/// k successive additions (which would be O(k²)).
public struct LinearCombination: Sendable, Equatable, CustomStringConvertible {
    /// One term c·z of a linear combination. Invariant inside a `LinearCombination`: c ≠ 0.
    public struct Term: Sendable, Equatable {
        /// The wire z_i the term multiplies.
        public var variable: Variable
        /// The coefficient c in F_r; non-zero inside a `LinearCombination`.
        public var coefficient: Fr

        /// The term c·z for `variable`; a zero coefficient is allowed here and dropped when a combination normalises.
        @inlinable
        public init(variable: Variable, coefficient: Fr) {
            self.variable = variable
            self.coefficient = coefficient
        }
    }

    /// The terms, in normal form (sorted by variable index, merged, non-zero coefficients).
    public private(set) var terms: [Term]

    /// Wraps terms that are already in normal form (checked only by `assert`).
    @usableFromInline
    init(normalizedTerms: [Term]) {
        self.terms = normalizedTerms
        assert(Self.isNormalized(normalizedTerms), "terms not in normal form")
    }

    /// The zero combination (no terms).
    public init() { self.terms = [] }

    /// The combination 1·v.
    public init(_ v: Variable) { self.terms = [Term(variable: v, coefficient: .one)] }

    /// The combination c·v (empty when c = 0).
    public init(_ v: Variable, coefficient c: Fr) {
        self.terms = c.isZero ? [] : [Term(variable: v, coefficient: c)]
    }

    /// The constant combination c·1 (empty when c = 0).
    @inlinable
    public init(constant c: Fr) { self.init(Variable.one, coefficient: c) }

    /// Bulk constructor: Σ cᵢ·vᵢ from arbitrary (variable, coefficient) pairs in any order, repeated
    /// variables allowed. Sorts once (O(k log k)), merges equal variables, drops zero sums.
    public init(terms pairs: some Sequence<(Variable, Fr)>) {
        var raw: [Term] = []
        raw.reserveCapacity(pairs.underestimatedCount)
        var sorted = true
        var previous = -1
        for (v, c) in pairs {
            raw.append(Term(variable: v, coefficient: c))
            if v.index <= previous { sorted = false }
            previous = v.index
        }
        if !sorted { raw.sort { $0.variable.index < $1.variable.index } }
        self.terms = Self.mergeSorted(raw)
    }

    /// Bulk constructor from terms in any order (see `init(terms:)` for pairs).
    public init(unsortedTerms raw: [Term]) {
        var raw = raw
        if !Self.isSortedByIndex(raw) { raw.sort { $0.variable.index < $1.variable.index } }
        self.terms = Self.mergeSorted(raw)
    }

    /// Σ of many combinations with one sort and merge (O(k log k) for k terms in total).
    public static func sum(_ combinations: some Sequence<LinearCombination>) -> LinearCombination {
        var raw: [Term] = []
        for lc in combinations { raw.append(contentsOf: lc.terms) }
        return LinearCombination(unsortedTerms: raw)
    }

    /// The zero combination.
    public static let zero = LinearCombination()
    /// The constant 1.
    public static let one = LinearCombination(Variable.one)

    /// True when there are no terms.
    @inlinable
    public var isZero: Bool { terms.isEmpty }

    /// The coefficient of `Variable.one` (zero when absent).
    @inlinable
    public var constantTerm: Fr {
        if let first = terms.first, first.variable.index == 0 { return first.coefficient }
        return .zero
    }

    /// When the combination is a constant c·1 (or zero), returns c; nil when it involves any other wire.
    @inlinable
    public var constantValue: Fr? {
        if terms.isEmpty { return .zero }
        if terms.count == 1, terms[0].variable.index == 0 { return terms[0].coefficient }
        return nil
    }

    /// When the combination is exactly 1·v for a single wire v, returns v.
    @inlinable
    public var singleVariable: Variable? {
        if terms.count == 1, terms[0].coefficient == .one { return terms[0].variable }
        return nil
    }

    /// Σ cᵢ·z[vᵢ]. Precondition: every variable index is < `z.count`.
    @inlinable
    public func evaluate(_ z: [Fr]) -> Fr {
        z.withUnsafeBufferPointer { zb in
            var acc = Fr.zero
            for term in terms { acc += term.coefficient * zb[term.variable.index] }
            return acc
        }
    }

    /// The largest variable index used (−1 for the zero combination).
    @inlinable
    public var maxVariableIndex: Int { terms.last?.variable.index ?? -1 }

    /// The terms as "coefficient·variable" joined by " + " (coefficients in hex), or "0" for the zero combination.
    public var description: String {
        if terms.isEmpty { return "0" }
        return terms.map { "\($0.coefficient.hexString)·\($0.variable)" }.joined(separator: " + ")
    }

    // MARK: - normal form helpers

    @usableFromInline
    static func isSortedByIndex(_ raw: [Term]) -> Bool {
        var previous = -1
        for t in raw {
            if t.variable.index < previous { return false }
            previous = t.variable.index
        }
        return true
    }

    /// True when strictly increasing and no zero coefficient.
    @usableFromInline
    static func isNormalized(_ raw: [Term]) -> Bool {
        var previous = -1
        for t in raw {
            if t.variable.index <= previous || t.coefficient.isZero { return false }
            previous = t.variable.index
        }
        return true
    }

    /// Merges runs of equal variables in a list sorted by index and drops zero coefficients.
    @usableFromInline
    static func mergeSorted(_ raw: [Term]) -> [Term] {
        var out: [Term] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            var t = raw[i]
            var j = i + 1
            while j < raw.count, raw[j].variable.index == t.variable.index {
                t.coefficient += raw[j].coefficient
                j += 1
            }
            if !t.coefficient.isZero { out.append(t) }
            i = j
        }
        return out
    }

    /// a + s·b as one linear merge of two normal forms.
    @usableFromInline
    static func merge(_ a: [Term], _ b: [Term], scale s: Fr) -> [Term] {
        if s.isZero { return a }
        var out: [Term] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        let one = s == .one
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].variable.index < b[j].variable.index) {
                out.append(a[i])
                i += 1
            } else {
                let cb = one ? b[j].coefficient : s * b[j].coefficient
                if i < a.count && a[i].variable.index == b[j].variable.index {
                    let c = a[i].coefficient + cb
                    if !c.isZero { out.append(Term(variable: a[i].variable, coefficient: c)) }
                    i += 1
                } else {
                    out.append(Term(variable: b[j].variable, coefficient: cb))
                }
                j += 1
            }
        }
        return out
    }

    // MARK: - in-place updates

    /// self += c·v (O(|self|) insertion; for many terms build with `init(terms:)`).
    public mutating func add(_ v: Variable, coefficient c: Fr = .one) {
        if c.isZero { return }
        // Fast path: appending past the last variable keeps the normal form.
        if let last = terms.last, last.variable.index < v.index {
            terms.append(Term(variable: v, coefficient: c))
            return
        }
        terms = Self.merge(terms, [Term(variable: v, coefficient: c)], scale: .one)
    }

    /// self += s·other.
    public mutating func add(_ other: LinearCombination, scaledBy s: Fr = .one) {
        terms = Self.merge(terms, other.terms, scale: s)
    }
}

// MARK: - operators

extension LinearCombination {
    /// a + b: one O(|a| + |b|) merge of the sorted terms; coefficients that cancel to zero are dropped.
    @inlinable
    public static func + (a: LinearCombination, b: LinearCombination) -> LinearCombination {
        LinearCombination(normalizedTerms: merge(a.terms, b.terms, scale: .one))
    }

    /// a − b: one O(|a| + |b|) merge; coefficients that cancel to zero are dropped.
    @inlinable
    public static func - (a: LinearCombination, b: LinearCombination) -> LinearCombination {
        LinearCombination(normalizedTerms: merge(a.terms, b.terms, scale: .minusOne))
    }

    /// −a: every coefficient negated (still in normal form).
    @inlinable
    public static prefix func - (a: LinearCombination) -> LinearCombination { a * Fr.minusOne }

    /// s·a (the zero combination when s = 0).
    @inlinable
    public static func * (a: LinearCombination, s: Fr) -> LinearCombination {
        if s.isZero { return LinearCombination() }
        if s == .one { return a }
        return LinearCombination(
            normalizedTerms: a.terms.map { Term(variable: $0.variable, coefficient: $0.coefficient * s) })
    }

    /// s·a with the scalar on the left (the zero combination when s = 0).
    @inlinable
    public static func * (s: Fr, a: LinearCombination) -> LinearCombination { a * s }

    /// a + 1·v, in normal form.
    @inlinable
    public static func + (a: LinearCombination, v: Variable) -> LinearCombination { a + LinearCombination(v) }
    /// a − 1·v, in normal form.
    @inlinable
    public static func - (a: LinearCombination, v: Variable) -> LinearCombination { a - LinearCombination(v) }
    /// 1·v + a, in normal form.
    @inlinable
    public static func + (v: Variable, a: LinearCombination) -> LinearCombination { LinearCombination(v) + a }
    /// 1·v − a, in normal form.
    @inlinable
    public static func - (v: Variable, a: LinearCombination) -> LinearCombination { LinearCombination(v) - a }

    /// a + c·1.
    @inlinable
    public static func + (a: LinearCombination, c: Fr) -> LinearCombination { a + LinearCombination(constant: c) }
    /// a − c·1.
    @inlinable
    public static func - (a: LinearCombination, c: Fr) -> LinearCombination { a - LinearCombination(constant: c) }

    /// a = a + b in place (one merge, no constraint).
    @inlinable
    public static func += (a: inout LinearCombination, b: LinearCombination) { a.add(b) }
    /// a = a − b in place (one merge, no constraint).
    @inlinable
    public static func -= (a: inout LinearCombination, b: LinearCombination) { a.add(b, scaledBy: .minusOne) }
    /// a = a + 1·v in place.
    @inlinable
    public static func += (a: inout LinearCombination, v: Variable) { a.add(v) }
    /// a = a − 1·v in place.
    @inlinable
    public static func -= (a: inout LinearCombination, v: Variable) { a.add(v, coefficient: .minusOne) }
}

extension Variable {
    /// This wire as the combination 1·self.
    @inlinable
    public var lc: LinearCombination { LinearCombination(self) }

    /// The combination 1·a + 1·b (a single term 2·a when a = b).
    @inlinable
    public static func + (a: Variable, b: Variable) -> LinearCombination { LinearCombination(a) + LinearCombination(b) }
    /// The combination 1·a − 1·b (the zero combination when a = b).
    @inlinable
    public static func - (a: Variable, b: Variable) -> LinearCombination { LinearCombination(a) - LinearCombination(b) }
    /// The combination −1·a.
    @inlinable
    public static prefix func - (a: Variable) -> LinearCombination { LinearCombination(a, coefficient: .minusOne) }
    /// The combination s·a (the zero combination when s = 0).
    @inlinable
    public static func * (a: Variable, s: Fr) -> LinearCombination { LinearCombination(a, coefficient: s) }
    /// The combination s·a with the scalar on the left (the zero combination when s = 0).
    @inlinable
    public static func * (s: Fr, a: Variable) -> LinearCombination { LinearCombination(a, coefficient: s) }
    /// v + c·1.
    @inlinable
    public static func + (a: Variable, c: Fr) -> LinearCombination {
        LinearCombination(a) + LinearCombination(constant: c)
    }
    /// v − c·1.
    @inlinable
    public static func - (a: Variable, c: Fr) -> LinearCombination {
        LinearCombination(a) - LinearCombination(constant: c)
    }
}
