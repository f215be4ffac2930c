#!/usr/bin/env python3
"""Generates Sources/R1CS/Poseidon/PoseidonConstants.generated.swift: the Poseidon round constants and
MDS matrices for BN254 F_r with circomlib's parameters (x^5 S-box, R_F = 8 full rounds, R_P partial
rounds per width t below), derived — never pasted — with the Grain LFSR procedure of the Poseidon
reference implementation (Grassi, Khovratovich, Rechberger, Roy, Schofnegger: "Poseidon: A New Hash
Function for Zero-Knowledge Proof Systems", USENIX Security 2021, eprint 2019/458, Appendix F;
reference script `generate_parameters_grain.sage`, invoked by circomlib as
`sage generate_parameters_grain.sage 1 0 254 t 8 R_P 0x30644e72...f0000001`).

Procedure (reimplemented from the paper's description):
  1. Grain LFSR state: 80 bits = field (2 bits: 1 = GF(p)) ‖ S-box (4 bits: 0 = x^alpha) ‖ n (12 bits)
     ‖ t (12 bits) ‖ R_F (10 bits) ‖ R_P (10 bits) ‖ thirty 1 bits, most significant bit first.
  2. Update b_{i+80} = b_{i+62} ⊕ b_{i+51} ⊕ b_{i+38} ⊕ b_{i+23} ⊕ b_{i+13} ⊕ b_i; discard 160 outputs.
  3. Self-shrinking output: take output bits in pairs; if the first is 1 emit the second, else drop both.
  4. Round constants: (R_F + R_P)·t field elements, each from n output bits read most significant first,
     rejection-sampled (values ≥ p are discarded and redrawn).
  5. MDS (Cauchy) matrix: 2t values of n bits each, reduced mod p (no rejection): x_0..x_{t-1},
     y_0..y_{t-1}; redrawn if not pairwise distinct (or some x_i + y_j = 0); M[i][j] = 1 / (x_i + y_j).

Optimized form (paper Appendix B, "Optimized Implementation"; circomlib's `poseidon_constants_opt.js`
holds the same idea in its own layout): the partial rounds are rewritten with sparse matrices so that a
partial round costs 2t − 1 multiplications instead of t². With the plain round
`s ← M · S(s + c)` (S = x^5 on every element in a full round, on element 0 only in a partial round):
  * Sparse factorization, last partial round first: A = M; for p = R_P−1 … 0 write A = B_p · D_p with
    D_p = diag(1, Â) (Â = A[1..][1..]) and B_p = [[A00, A[0][1..]·Â⁻¹], [A[1..][0], I]] (sparse); D_p
    commutes with the partial S-box, so it moves into the previous round: A ← D_p · M. The full round
    before the partial rounds ends with P = D_0 · M instead of M, and partial round p adds D_p·c_p.
  * Constant forwarding, first partial round first: of the constant d added before partial round p's
    S-box only element 0 stays (the scalar k_p); (0, d[1..]) commutes with the S-box and passes through
    B_p, so B_p·(0, d[1..]) joins the next round's constant (for the last partial round: the first
    full round after the partial rounds).
  The resulting permutation equals the plain one exactly (checked below on random states per width), and
  the S-box inputs are the same values, so an R1CS built either way is the same.
Generated: Sources/R1CS/Poseidon/PoseidonOptimizedConstants.generated.swift (P, k, B_p, forwarded
constant of the first full round after the partial rounds).

Usage:
    python3 Scripts/gen_poseidon.py            # rewrites both generated Swift files
    python3 Scripts/gen_poseidon.py --check    # exits 1 if a committed file is stale
    python3 Scripts/gen_poseidon.py --print-first 3   # prints C[0], M[0][0] for width t = 3
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Sources", "R1CS", "Poseidon", "PoseidonConstants.generated.swift")
OUT_OPT = os.path.join(HERE, "..", "Sources", "R1CS", "Poseidon", "PoseidonOptimizedConstants.generated.swift")

# BN254 scalar field modulus r (= the order of G1), from the BN parametrisation (see gen_fields.py).
U = 4965661367192848881
P = 36 * U**4 + 36 * U**3 + 18 * U**2 + 6 * U + 1
assert P == 0x30644E72E131A029B85045B68181585D2833E84879B9709143E1F593F0000001
N_BITS = 254           # field size in bits
R_F = 8                # full rounds
# Partial rounds for t = 2 … 17 (circomlib poseidon.circom N_ROUNDS_P; the paper's Table 8 numbers for
# 128-bit security rounded up, as circomlib chose them).
PARTIAL_ROUNDS = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68]
WIDTHS = list(range(2, 2 + len(PARTIAL_ROUNDS)))


class Grain:
    """The Grain LFSR in self-shrinking mode, as in the Poseidon reference (paper Appendix F)."""

    def __init__(self, field, sbox, n, t, r_f, r_p):
        def bits(value, width):
            return [int(c) for c in format(value, "0%db" % width)]

        self.state = bits(field, 2) + bits(sbox, 4) + bits(n, 12) + bits(t, 12) + bits(r_f, 10) + bits(r_p, 10)
        self.state += [1] * 30
        assert len(self.state) == 80
        for _ in range(160):
            self._step()

    def _step(self):
        s = self.state
        new = s[62] ^ s[51] ^ s[38] ^ s[23] ^ s[13] ^ s[0]
        s.pop(0)
        s.append(new)
        return new

    def next_bit(self):
        while True:
            first = self._step()
            second = self._step()
            if first == 1:
                return second

    def next_int(self, n):
        v = 0
        for _ in range(n):
            v = (v << 1) | self.next_bit()
        return v


def parameters(t):
    r_p = PARTIAL_ROUNDS[t - 2]
    grain = Grain(1, 0, N_BITS, t, R_F, r_p)
    constants = []
    for _ in range((R_F + r_p) * t):
        v = grain.next_int(N_BITS)
        while v >= P:
            v = grain.next_int(N_BITS)
        constants.append(v)
    while True:
        values = [grain.next_int(N_BITS) % P for _ in range(2 * t)]
        if len(set(values)) != 2 * t:
            continue
        xs, ys = values[:t], values[t:]
        if any((x + y) % P == 0 for x in xs for y in ys):
            continue
        mds = [[pow((x + y) % P, P - 2, P) for y in ys] for x in xs]
        return r_p, constants, mds


def hex64(v):
    return "%064x" % v


_PARAMS = {}


def cached_parameters(t):
    if t not in _PARAMS:
        _PARAMS[t] = parameters(t)
    return _PARAMS[t]


def inv(x):
    assert x % P != 0
    return pow(x, P - 2, P)


def mat_inverse(a):
    """Gauss–Jordan inverse of a square matrix over F_r (asserts invertibility)."""
    n = len(a)
    m = [list(row) + [1 if i == j else 0 for j in range(n)] for i, row in enumerate(a)]
    for col in range(n):
        pivot = next(r for r in range(col, n) if m[r][col] % P != 0)
        m[col], m[pivot] = m[pivot], m[col]
        f = inv(m[col][col])
        m[col] = [x * f % P for x in m[col]]
        for r in range(n):
            if r != col and m[r][col] != 0:
                g = m[r][col]
                m[r] = [(x - g * y) % P for x, y in zip(m[r], m[col])]
    return [row[n:] for row in m]


def mat_mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) % P for j in range(len(b[0]))] for i in range(len(a))]


def mat_vec(a, v):
    return [sum(x * y for x, y in zip(row, v)) % P for row in a]


def permute_plain(t, state):
    """The Poseidon permutation exactly as specified (reference for the optimized form)."""
    r_p, constants, mds = cached_parameters(t)
    half = R_F // 2
    s = list(state)
    for r in range(R_F + r_p):
        s = [(x + constants[r * t + i]) % P for i, x in enumerate(s)]
        if r < half or r >= half + r_p:
            s = [pow(x, 5, P) for x in s]
        else:
            s[0] = pow(s[0], 5, P)
        s = mat_vec(mds, s)
    return s


def optimized(t):
    """(P, k, sparse, forwarded): see the module docstring. sparse[p] = [M00, v_1..v_{t-1}, w_1..w_{t-1}]
    where partial round p maps x to (M00·x0 + Σ v_j·x_j, x_j + w_j·x0)."""
    r_p, constants, mds = cached_parameters(t)
    half = R_F // 2
    # Sparse factorization, last partial round first.
    a = [row[:] for row in mds]
    sparse = [None] * r_p
    d_mats = [None] * r_p
    for p in range(r_p - 1, -1, -1):
        a_hat = [row[1:] for row in a[1:]]
        v = mat_vec([list(col) for col in zip(*mat_inverse(a_hat))], a[0][1:])  # v^T = A[0][1..]·Â⁻¹
        w = [row[0] for row in a[1:]]
        sparse[p] = [a[0][0]] + v + w
        d = [[1 if (i == 0 and j == 0) else 0 for j in range(t)] for i in range(t)]
        for i in range(1, t):
            for j in range(1, t):
                d[i][j] = a_hat[i - 1][j - 1]
        d_mats[p] = d
        a = mat_mul(d, mds)
    pre_sparse = a  # P = D_0 · M, used by the last full round before the partial rounds
    # Constant forwarding, first partial round first.
    k = []
    carry = [0] * t
    for p in range(r_p):
        c = mat_vec(d_mats[p], constants[(half + p) * t:(half + p + 1) * t])
        c = [(x + y) % P for x, y in zip(c, carry)]
        k.append(c[0])
        rest = [0] + c[1:]
        row0 = sparse[p]
        # B_p · (0, rest[1..]): element 0 gets Σ v_j rest_j; element j gets rest_j (x0 = 0).
        carry = [sum(row0[j] * rest[j] for j in range(1, t)) % P] + rest[1:]
    first_after = [(x + y) % P for x, y in zip(constants[(half + r_p) * t:(half + r_p + 1) * t], carry)]
    return pre_sparse, k, sparse, first_after


def permute_optimized(t, state):
    r_p, constants, mds = cached_parameters(t)
    pre_sparse, k, sparse, first_after = optimized(t)
    half = R_F // 2
    s = list(state)
    for r in range(half):
        s = [pow((x + constants[r * t + i]) % P, 5, P) for i, x in enumerate(s)]
        s = mat_vec(pre_sparse if r == half - 1 else mds, s)
    for p in range(r_p):
        x0 = pow((s[0] + k[p]) % P, 5, P)
        row = sparse[p]
        s0 = (row[0] * x0 + sum(row[j] * s[j] for j in range(1, t))) % P
        s = [s0] + [(s[j] + row[t - 1 + j] * x0) % P for j in range(1, t)]
    for r in range(half + r_p, R_F + r_p):
        c = first_after if r == half + r_p else constants[r * t:(r + 1) * t]
        s = [pow((x + c[i]) % P, 5, P) for i, x in enumerate(s)]
        s = mat_vec(mds, s)
    return s


def check_optimized():
    """The optimized permutation equals the plain one (seeded random states, every width), and the
    published circomlib vector poseidon([1, 2]) holds."""
    import random
    rng = random.Random(2019458)
    for t in WIDTHS:
        for _ in range(3):
            state = [rng.randrange(P) for _ in range(t)]
            assert permute_plain(t, state) == permute_optimized(t, state), "optimized != plain for t = %d" % t
    assert permute_optimized(3, [0, 1, 2])[0] == 0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a


def render_optimized():
    out = []
    out.append("// generated by Scripts/gen_poseidon.py — do not edit.")
    out.append("// Optimized-form Poseidon constants (eprint 2019/458, Appendix B), derived by the script from the")
    out.append("// plain parameters in PoseidonConstants.generated.swift and checked there against the plain")
    out.append("// permutation; one line of 64 hex digits per canonical element.")
    out.append("")
    out.append("extension PoseidonOptimizedParameters {")
    out.append("    /// For width t: P (t×t, row-major), then the R_P partial-round scalars k_p, then for each")
    out.append("    /// partial round the 2t − 1 sparse-matrix entries [M00, v_1…v_{t−1}, w_1…w_{t−1}], then the t")
    out.append("    /// constants of the first full round after the partial rounds (with the forwarded part).")
    out.append("    static func hexTable(width t: Int) -> String {")
    out.append("        switch t {")
    for t in WIDTHS:
        pre_sparse, k, sparse, first_after = optimized(t)
        out.append("        case %d:" % t)
        out.append('            return """')
        for row in pre_sparse:
            for x in row:
                out.append("                " + hex64(x))
        for x in k:
            out.append("                " + hex64(x))
        for row in sparse:
            for x in row:
                out.append("                " + hex64(x))
        for x in first_after:
            out.append("                " + hex64(x))
        out.append('                """')
    out.append('        default: return ""')
    out.append("        }")
    out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"


def render():
    out = []
    out.append("// generated by Scripts/gen_poseidon.py — do not edit.")
    out.append("// Poseidon (eprint 2019/458) parameters for BN254 F_r with circomlib's choices: x^5 S-box,")
    out.append("// 8 full rounds, partial rounds %s for t = 2…%d; round constants" % (PARTIAL_ROUNDS, WIDTHS[-1]))
    out.append("// and Cauchy MDS matrices from the reference Grain LFSR procedure (see the script's docstring).")
    out.append("// Each element is one line of 64 hex digits (canonical, big-endian, < r); string literals keep")
    out.append("// compile time low (an array literal of ~50 000 integers does not).")
    out.append("")
    out.append("extension PoseidonParameters {")
    out.append("    /// Partial-round counts R_P for t = 2…%d (index t − 2)." % WIDTHS[-1])
    out.append("    static let partialRoundCounts: [Int] = %s" % PARTIAL_ROUNDS)
    out.append("")
    out.append("    /// For width t: the (R_F + R_P)·t round constants, round-major (constant i of round r is element")
    out.append("    /// r·t + i), followed by the t×t MDS matrix, row-major (M[i][j] is element i·t + j; the linear")
    out.append("    /// layer is state'[i] = Σ_j M[i][j]·state[j]). Empty for unsupported widths.")
    out.append("    static func hexTable(width t: Int) -> String {")
    out.append("        switch t {")
    for t in WIDTHS:
        r_p, constants, mds = parameters(t)
        out.append("        case %d:" % t)
        out.append('            return """')
        for c in constants:
            out.append("                " + hex64(c))
        for row in mds:
            for m in row:
                out.append("                " + hex64(m))
        out.append('                """')
    out.append('        default: return ""')
    out.append("        }")
    out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--print-first":
        t = int(sys.argv[2])
        r_p, constants, mds = parameters(t)
        print("t=%d R_P=%d C[0]=0x%064x C[1]=0x%064x C[-1]=0x%064x" % (t, r_p, constants[0], constants[1], constants[-1]))
        print("M[0][0]=0x%064x M[0][1]=%d M[t-1][t-1]=%d" % (mds[0][0], mds[0][1], mds[-1][-1]))
        return
    check_optimized()
    outputs = [(OUT, render()), (OUT_OPT, render_optimized())]
    if len(sys.argv) >= 2 and sys.argv[1] == "--check":
        stale = False
        for path, text in outputs:
            with open(path) as fh:
                if fh.read() != text:
                    print("stale: %s" % path)
                    stale = True
        sys.exit(1 if stale else 0)
    for path, text in outputs:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)

if __name__ == "__main__":
    main()
