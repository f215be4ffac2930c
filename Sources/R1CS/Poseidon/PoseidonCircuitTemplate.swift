import BN254

/// The linear structure of the Poseidon gadget for one width t, computed once: for every S-box after the
/// first round, its input as an affine form over the outputs of earlier S-boxes, and the output as a form
/// over the last round's S-box outputs. Instantiating the gadget then only copies terms (no field
/// multiplication, no sorting or merging), and the witness comes from the native permutation.
///
/// S-boxes are numbered in execution order (ordinal n: full round r, element i → n = r·t + i in the first
/// R_F/2 rounds; partial rounds one each; then the remaining full rounds). The gadget allocates three
/// witnesses per S-box, x² = u², x⁴ = (x²)², y = x⁴·u, so the output y of S-box m is the variable
/// `base + 3m + 2` (base = the first variable the gadget allocates). Terms here store the relative index
/// 3m + 2; the gadget adds `base`.
///
/// Derived by symbolic execution of the optimized permutation (`PoseidonOptimizedParameters`): the state is
/// a vector of affine forms over the S-box outputs so far, so a partial round costs (t − 1) scaled additions
/// of forms of length ≤ t + R_P instead of t² — and the forms are exactly those of the plain round
/// structure (the optimization is an identity of affine maps in the S-box outputs), so the circuit equals
/// the straightforward gadget's (`poseidonReference`), constraint for constraint.
///
/// Invariant: `inputs.count == sboxCount − t`; each `inputs[k].terms` is sorted by strictly increasing
/// relative index, without zero coefficients; `output` likewise.
struct PoseidonCircuitTemplate: Sendable {
    /// The affine input of an S-box: constant + Σ coefficient·y(ordinal).
    struct Form: Sendable {
        var constant: Fr
        var terms: [LinearCombination.Term]
    }

    let width: Int
    /// Total S-boxes: R_F·t + R_P.
    let sboxCount: Int
    /// Constants added to the inputs before the first round's S-boxes (c₀; element 0 is the capacity).
    let firstRoundConstants: [Fr]
    /// Inputs of S-boxes t ..< sboxCount (index n − t).
    let inputs: [Form]
    /// The hash output state[0] (no constant term).
    let output: Form

    static func forWidth(_ t: Int) -> PoseidonCircuitTemplate? {
        guard PoseidonParameters.supportedWidths.contains(t) else { return nil }
        return table[t - PoseidonParameters.supportedWidths.lowerBound]
    }

    private static let table: [PoseidonCircuitTemplate] = PoseidonParameters.supportedWidths.map {
        PoseidonCircuitTemplate(width: $0)
    }

    private init(width t: Int) {
        let o = PoseidonOptimizedParameters.forWidth(t)!
        let p = o.plain
        let half = p.fullRounds / 2
        let rp = p.partialRounds
        let count = p.fullRounds * t + rp
        self.width = t
        self.sboxCount = count
        self.firstRoundConstants = Array(p.roundConstants[0..<t])

        // state[i][m]: coefficient of y(m) in element i. Constants of the state are always zero: in the
        // optimized form every constant is added right before an S-box (or forwarded to the next one).
        // Only ordinals in live = lo..<hi can be non-zero.
        var state = [[Fr]](repeating: [Fr](repeating: .zero, count: count), count: t)
        var lo = 0
        var hi = 0
        var forms: [Form] = []
        forms.reserveCapacity(count - t)

        func form(_ element: Int, plus constant: Fr) -> Form {
            var terms: [LinearCombination.Term] = []
            terms.reserveCapacity(hi - lo)
            for m in lo..<hi where !state[element][m].isZero {
                terms.append(
                    LinearCombination.Term(variable: Variable(index: 3 * m + 2), coefficient: state[element][m]))
            }
            return Form(constant: constant, terms: terms)
        }
        // After a full round whose S-boxes are ordinals first..<first+t: state = matrix · y.
        func mixFull(first: Int, _ matrix: [Fr]) {
            for i in 0..<t {
                for m in lo..<hi { state[i][m] = .zero }
                for j in 0..<t { state[i][first + j] = matrix[i * t + j] }
            }
            lo = first
            hi = first + t
        }
        func fullRound(_ r: Int, constants: ArraySlice<Fr>, _ matrix: [Fr]) {
            let first = r < half ? r * t : half * t + rp + (r - half - rp) * t
            if r > 0 {
                for (i, c) in constants.enumerated() { forms.append(form(i, plus: c)) }
            }
            mixFull(first: first, matrix)
        }

        for r in 0..<half {
            fullRound(r, constants: p.roundConstants[(r * t)..<(r * t + t)], r == half - 1 ? o.preSparse : p.mds)
        }
        let width = 2 * t - 1
        for q in 0..<rp {
            forms.append(form(0, plus: o.partialConstants[q]))
            let y = half * t + q
            let row = q * width
            // s₀ ← M₀₀·y + Σⱼ vⱼ·sⱼ ; sⱼ ← sⱼ + wⱼ·y (j ≥ 1).
            var s0 = [Fr](repeating: .zero, count: count)
            s0[y] = o.sparse[row]
            for j in 1..<t {
                let v = o.sparse[row + j]
                for m in lo..<hi { s0[m] += v * state[j][m] }
                state[j][y] = o.sparse[row + t - 1 + j]
            }
            state[0] = s0
            hi = y + 1
        }
        fullRound(half + rp, constants: o.firstFullConstants[...], p.mds)
        for r in (half + rp + 1)..<(p.fullRounds + rp) {
            fullRound(r, constants: p.roundConstants[(r * t)..<(r * t + t)], p.mds)
        }
        self.inputs = forms
        self.output = form(0, plus: .zero)
        assert(forms.count == count - t)
    }

    /// The form as a linear combination over the gadget's variables (relative index + base).
    func linearCombination(_ f: Form, base: Int) -> LinearCombination {
        var terms: [LinearCombination.Term] = []
        terms.reserveCapacity(f.terms.count + 1)
        if !f.constant.isZero { terms.append(LinearCombination.Term(variable: .one, coefficient: f.constant)) }
        for term in f.terms {
            terms.append(
                LinearCombination.Term(
                    variable: Variable(index: base + term.variable.index),
                    coefficient: term.coefficient))
        }
        return LinearCombination(normalizedTerms: terms)
    }
}
