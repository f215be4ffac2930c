import BN254

/// The Poseidon hash over BN254 F_r, bit-compatible with circomlib / circomlibjs `poseidon(inputs)`
/// (Grassi et al., "Poseidon", eprint 2019/458; parameters in `PoseidonParameters`).
///
/// `hash([x₁…x_k])`, 1 ≤ k ≤ 16: state = [0, x₁, …, x_k] (t = k + 1); for each of the R_F + R_P rounds:
/// add the round constants, apply x ↦ x^5 to every element (full round) or to element 0 only (partial
/// round), multiply by the MDS matrix; the output is state[0]. Variable time (public data only).
public enum Poseidon {
    /// Largest input count of a single `hash` call (t = 17).
    public static let maxInputCount = 16

    /// x^5 (2 squarings + 1 multiplication).
    @inlinable
    static func pow5(_ x: Fr) -> Fr {
        let x2 = x.squared()
        return x2.squared() * x
    }

    /// The Poseidon permutation of a state of width t = `state.count` (2…17), in place. Uses the
    /// optimized round structure (`PoseidonOptimizedParameters`, sparse partial rounds: about
    /// R_F·t² + R_P·(2t − 1) multiplications besides the S-boxes); equal to `permuteReference`.
    public static func permute(_ state: inout [Fr]) {
        var trace: [Fr] = []
        permute(&state, trace: &trace, record: false)
    }

    /// The straightforward permutation exactly as specified (t² multiplications per round): the reference
    /// twin of `permute`, kept for tests.
    public static func permuteReference(_ state: inout [Fr]) {
        guard let p = PoseidonParameters.forWidth(state.count) else {
            preconditionFailure("Poseidon: state width \(state.count) not in 2...17")
        }
        let t = p.width
        var next = [Fr](repeating: .zero, count: t)
        for r in 0..<(p.fullRounds + p.partialRounds) {
            for i in 0..<t { state[i] += p.roundConstants[r * t + i] }
            if p.isFullRound(r) {
                for i in 0..<t { state[i] = pow5(state[i]) }
            } else {
                state[0] = pow5(state[0])
            }
            for i in 0..<t {
                var acc = Fr.zero
                for j in 0..<t { acc += p.mds[i * t + j] * state[j] }
                next[i] = acc
            }
            swap(&state, &next)
        }
    }

    /// The optimized permutation; when `record` is true, appends every S-box input to `trace` in execution
    /// order (round by round, element 0…t−1 in a full round, element 0 in a partial round). The S-box inputs
    /// are the same values as in the plain round structure (the optimization only changes the basis of
    /// elements 1…t−1 during the partial rounds), which is what the circuit gadget relies on.
    static func permute(_ state: inout [Fr], trace: inout [Fr], record: Bool) {
        guard let o = PoseidonOptimizedParameters.forWidth(state.count) else {
            preconditionFailure("Poseidon: state width \(state.count) not in 2...17")
        }
        let p = o.plain
        let t = p.width
        let half = p.fullRounds / 2
        let rp = p.partialRounds
        var next = [Fr](repeating: .zero, count: t)
        func fullRound(_ constants: ArraySlice<Fr>, _ matrix: [Fr]) {
            var i = 0
            for c in constants {
                let u = state[i] + c
                if record { trace.append(u) }
                state[i] = pow5(u)
                i += 1
            }
            for i in 0..<t {
                var acc = Fr.zero
                for j in 0..<t { acc += matrix[i * t + j] * state[j] }
                next[i] = acc
            }
            swap(&state, &next)
        }
        for r in 0..<half {
            fullRound(p.roundConstants[(r * t)..<(r * t + t)], r == half - 1 ? o.preSparse : p.mds)
        }
        let width = 2 * t - 1
        for q in 0..<rp {
            let u = state[0] + o.partialConstants[q]
            if record { trace.append(u) }
            let x = pow5(u)
            let row = q * width
            var s0 = o.sparse[row] * x
            for j in 1..<t { s0 += o.sparse[row + j] * state[j] }
            for j in 1..<t { state[j] += o.sparse[row + t - 1 + j] * x }
            state[0] = s0
        }
        fullRound(o.firstFullConstants[...], p.mds)
        for r in (half + rp + 1)..<(p.fullRounds + rp) {
            fullRound(p.roundConstants[(r * t)..<(r * t + t)], p.mds)
        }
    }

    /// circomlib's Poseidon of 1…16 field elements (precondition). Same as circomlibjs `poseidon(inputs)`
    /// and the circom template `Poseidon(k)`.
    public static func hash(_ inputs: [Fr]) -> Fr {
        precondition(
            (1...maxInputCount).contains(inputs.count), "Poseidon.hash takes 1...16 inputs (got \(inputs.count))")
        var state = [Fr.zero] + inputs
        permute(&state)
        return state[0]
    }

    /// Hash of any number of elements (including none) by a length-prefixed Merkle–Damgård chain of
    /// circomlib Poseidon calls:
    ///
    ///     h ← k (the input count, as a field element)
    ///     for each consecutive chunk c of up to 15 inputs (the last may be shorter):  h ← Poseidon([h] ‖ c)
    ///     return h
    ///
    /// Any circomlib-compatible tool reproduces it: e.g. in circomlibjs, `h = BigInt(k);` then
    /// `for (i = 0; i < k; i += 15) h = poseidon([h, ...x.slice(i, i + 15)])` (for k = 0 the result is 0, as
    /// no call is made). The length prefix makes messages of different lengths hash independently; the
    /// chunking is fixed by the length. Not equal to `hash(_:)` even for short inputs.
    public static func chainHash(_ inputs: [Fr]) -> Fr {
        var h = Fr(UInt64(inputs.count))
        var start = 0
        while start < inputs.count {
            let end = Swift.min(start + chainChunkSize, inputs.count)
            h = hash([h] + inputs[start..<end])
            start = end
        }
        return h
    }

    /// Inputs absorbed per call of `chainHash` (15, plus the running digest = 16 inputs, t = 17).
    public static let chainChunkSize = 15
}
