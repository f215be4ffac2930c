#!/usr/bin/env python3
"""Derives the GLV constants of BN254 G1 (Gallant–Lambert–Vanstone, CRYPTO 2001, §4; the lattice basis by the
extended Euclidean algorithm on (r, λ) as in Guide to ECC, Algorithm 3.74) and prints them as Swift literals.

φ(x, y) = (β·x, y) is [λ] on G1, β a cube root of unity in F_q, λ one in F_r (the pair is matched on the generator).
A scalar k splits as k = k1 + k2·λ (mod r) with c1 = ⌊k·g1 / 2^256⌋, c2 = ⌊k·g2 / 2^256⌋, g1 = ⌊2^256·b2/r⌋,
g2 = ⌊2^256·(−b1)/r⌋ (the rounding error only makes k1, k2 a little larger): k2 = −(c1·b1 + c2·b2), k1 = k − λ·k2.
"""
import random
q = 21888242871839275222246405745257275088696311157297823662689037894645226208583
r = 21888242871839275222246405745257275088548364400416034343698204186575808495617


def cube_root_of_unity(p):
    for g in range(2, 100):
        w = pow(g, (p - 1) // 3, p)
        if w != 1:
            return w


def add(P, Q):
    if P is None: return Q
    if Q is None: return P
    (x1, y1), (x2, y2) = P, Q
    if x1 == x2 and (y1 + y2) % q == 0: return None
    l = 3 * x1 * x1 * pow(2 * y1, -1, q) % q if P == Q else (y2 - y1) * pow(x2 - x1, -1, q) % q
    x3 = (l * l - x1 - x2) % q
    return (x3, (l * (x1 - x3) - y1) % q)


def mul(P, k):
    R = None
    while k:
        if k & 1: R = add(R, P)
        P = add(P, P); k >>= 1
    return R


G = (1, 2)
bq, lr = cube_root_of_unity(q), cube_root_of_unity(r)
pairs = [(l, b) for l in (lr, lr * lr % r) for b in (bq, bq * bq % q) if mul(G, l) == (b % q, 2)]
# The smaller λ (192 bits) with its β.
lam, beta = min(pairs)

# Extended Euclid on (r, λ): s_i·r + t_i·λ = r_i; stop at the first r_i < √r.
r0, r1, t0, t1 = r, lam, 0, 1
while r1 * r1 >= r:
    quo = r0 // r1
    r0, r1, t0, t1 = r1, r0 - quo * r1, t1, t0 - quo * t1
# (a1, b1) = (r_{l+1}, −t_{l+1}); (a2, b2) the shorter of (r_l, −t_l), (r_{l+2}, −t_{l+2}).
a1, b1 = r1, -t1
quo = r0 // r1
r2, t2 = r0 - quo * r1, t0 - quo * t1
a2, b2 = min([(r0, -t0), (r2, -t2)], key=lambda v: v[0] ** 2 + v[1] ** 2)
assert (a1 + b1 * lam) % r == 0 and (a2 + b2 * lam) % r == 0
det = a1 * b2 - a2 * b1
g1 = (b2 << 256) // det
g2 = ((-b1) << 256) // det


def split(k):
    c1, c2 = (k * g1) >> 256, (k * g2) >> 256
    k1 = k - c1 * a1 - c2 * a2
    k2 = -c1 * b1 - c2 * b2
    return k1, k2


rng = random.Random(1)
worst = 0
for k in [0, 1, r - 1, lam, r - lam] + [rng.randrange(r) for _ in range(100000)]:
    k1, k2 = split(k)
    assert (k1 + k2 * lam - k) % r == 0
    worst = max(worst, abs(k1).bit_length(), abs(k2).bit_length())


def limbs(v, n):
    return "(" + ", ".join("0x%016x" % ((v >> (64 * i)) & (2 ** 64 - 1)) for i in range(n)) + ")"


print("// det =", det, "(= ±r:", abs(det) == r, "); |k1|, |k2| <= 2^%d over the samples" % worst)
print("lambda =", limbs(lam, 4))
print("beta (canonical) =", limbs(beta, 4))
print("b1 =", b1, " b2 =", b2, " a1 =", a1, " a2 =", a2)
print("b1 mod r =", limbs(b1 % r, 4), " b2 mod r =", limbs(b2 % r, 4))
print("g1 =", limbs(g1, 3), g1.bit_length(), " g2 =", limbs(g2, 3), g2.bit_length())
