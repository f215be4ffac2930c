import BN254
import Hashing
import TestSupport
import Testing

/// Fr and Fq against GMP (the independent oracle): 10,000 seeded random cases per operation (100,000 with
/// ZK_LONG_TESTS=1), plus an edge table crossed with itself.
@Suite("Prime fields vs GMP")
struct FieldPrimeTests {
    static let iterations = longTestsEnabled ? 100_000 : 10_000

    /// 0, 1, 2, p−1, p−2, (p−1)/2, (p+1)/2, R mod p, R² mod p, one-limb values, top-limb-only values.
    static func edgeValues<F: PrimeField>(_: F.Type) -> [GMPInteger] {
        let p = GMPInteger.modulus(of: F.self)
        let r = GMPInteger(2).pow(256)
        let l = F.modulusLimbs
        return [
            GMPInteger(0), GMPInteger(1), GMPInteger(2), p - GMPInteger(1), p - GMPInteger(2),
            (p - GMPInteger(1)) / GMPInteger(2), (p + GMPInteger(1)) / GMPInteger(2), r.mod(p), (r * r).mod(p),
            GMPInteger(UInt64.max), GMPInteger(limbs: [0x8000_0000_0000_0001, 0, 0, 0]),
            GMPInteger(limbs: [0, 0, 0, l.3 - 1]), GMPInteger(limbs: [0, 0, 0, 1]),
            GMPInteger(limbs: [UInt64.max, UInt64.max, UInt64.max, l.3 - 1]),
        ]
    }

    static func element<F: PrimeField>(_ v: GMPInteger, _: F.Type) -> F {
        let l = v.limbs()
        return F(canonicalLimbs: l[0], l[1], l[2], l[3])!
    }

    /// Random inputs: the edge table crossed with itself first, then uniform values.
    static func inputs<F: PrimeField>(_: F.Type, seed: UInt64) -> [(F, F)] {
        let edges = edgeValues(F.self).map { element($0, F.self) }
        var out: [(F, F)] = []
        for a in edges { for b in edges { out.append((a, b)) } }
        var rng = SeededRNG(seed: seed)
        while out.count < iterations { out.append((F.random(using: &rng), F.random(using: &rng))) }
        return out
    }

    func ringOps<F: PrimeField>(_: F.Type, seed: UInt64) {
        let p = GMPInteger.modulus(of: F.self)
        var failures = 0
        for (a, b) in Self.inputs(F.self, seed: seed) {
            let (x, y) = (GMPInteger(a), GMPInteger(b))
            func same(_ got: F, _ want: GMPInteger, _ op: String) {
                if GMPInteger(got) != want.mod(p) {
                    failures += 1
                    if failures < 5 {
                        Issue.record("\(F.self) \(op) a=\(x) b=\(y) got \(got) want \(want.mod(p)) seed \(seed)")
                    }
                }
            }
            same(a + b, x + y, "add")
            same(a - b, x - y, "sub")
            same(-a, -x, "neg")
            same(a.negated(), -x, "negated")
            same(a.doubled(), x + x, "double")
            same(a * b, x * y, "mul")
            same(a.squared(), x * x, "square")
            var c = a
            c *= c
            same(c, x * x, "aliased *=")
            c = a
            c += c
            same(c, x + x, "aliased +=")
            c = a
            c -= b
            same(c, x - y, "-=")
            if let inverse = a.inverse {
                same(inverse, x.inverseMod(p) ?? GMPInteger(0), "inverse")
            } else if x.signum != 0 {
                failures += 1
                Issue.record("\(F.self) inverse nil for \(x)")
            }
        }
        #expect(failures == 0, "seed \(seed)")
        #expect(F.zero.inverse == nil)
    }

    @Test func frRingOps() { ringOps(Fr.self, seed: testSeed(fallback: 1)) }
    @Test func fqRingOps() { ringOps(Fq.self, seed: testSeed(fallback: 2)) }

    func powSqrtLegendre<F: PrimeField>(_: F.Type, seed: UInt64) {
        let p = GMPInteger.modulus(of: F.self)
        var rng = SeededRNG(seed: seed)
        var failures = 0
        func fail(_ message: String) {
            failures += 1
            if failures < 5 { Issue.record("\(F.self) \(message) seed \(seed)") }
        }
        let edges = Self.edgeValues(F.self).map { Self.element($0, F.self) }
        for i in 0..<Self.iterations {
            let a = i < edges.count ? edges[i] : F.random(using: &rng)
            let x = GMPInteger(a)
            let e = (rng.next(), rng.next(), rng.next(), rng.next())
            if GMPInteger(a.pow(e)) != x.powMod(GMPInteger(limbs: e), p) { fail("pow \(x)") }
            let small = rng.next() >> 50
            if GMPInteger(a.pow(small)) != x.powMod(GMPInteger(small), p) { fail("pow(UInt64) \(x)") }
            let symbol = x.legendre(p)
            if a.legendre != symbol { fail("legendre \(x)") }
            let root = a.squareRoot
            if symbol == -1 {
                if root != nil { fail("sqrt of a non-residue \(x)") }
            } else if let root {
                if root * root != a { fail("sqrt \(x)") }
            } else {
                fail("sqrt missing for residue \(x)")
            }
            // Squares always have roots: exercises the residue branch on every iteration.
            let square = a * a
            if let r = square.squareRoot { if r * r != square { fail("sqrt(a²)") } } else { fail("sqrt(a²) nil") }
        }
        #expect(failures == 0)
    }

    @Test func frPowSqrtLegendre() { powSqrtLegendre(Fr.self, seed: testSeed(fallback: 3)) }
    @Test func fqPowSqrtLegendre() { powSqrtLegendre(Fq.self, seed: testSeed(fallback: 4)) }

    func batchInverse<F: PrimeField>(_: F.Type, seed: UInt64) {
        let p = GMPInteger.modulus(of: F.self)
        var rng = SeededRNG(seed: seed)
        var checked = 0
        for size in [0, 1, 2, 7, 100, 1000] {
            var values = (0..<size).map { i in i % 5 == 3 ? F.zero : F.random(using: &rng) }
            let original = values
            F.batchInvert(&values)
            for (v, w) in zip(original, values) {
                if v.isZero {
                    #expect(w.isZero)
                } else {
                    #expect(GMPInteger(w) == GMPInteger(v).inverseMod(p)!, "seed \(seed)")
                }
                checked += 1
            }
        }
        var allZero = [F.zero, F.zero]
        F.batchInvert(&allZero)
        #expect(allZero == [F.zero, F.zero])
        // Bring the count of checked elements to the 10,000 the suite promises.
        var big = (0..<(Self.iterations - checked)).map { _ in F.random(using: &rng) }
        let original = big
        F.batchInvert(&big)
        var bad = 0
        for (v, w) in zip(original, big) where GMPInteger(w) != GMPInteger(v).inverseMod(p)! { bad += 1 }
        #expect(bad == 0)
    }

    @Test func frBatchInverse() { batchInverse(Fr.self, seed: testSeed(fallback: 5)) }
    @Test func fqBatchInverse() { batchInverse(Fq.self, seed: testSeed(fallback: 6)) }

    @Test func fieldLaws() {
        var rng = SeededRNG(seed: testSeed(fallback: 7))
        #expect(fieldLawViolations(Fr.self, count: 1000) { Fr.random(using: &rng) } == [])
        #expect(fieldLawViolations(Fq.self, count: 1000) { Fq.random(using: &rng) } == [])
    }

    @Test func constants() {
        for (p, limbs) in [
            (GMPInteger.modulus(of: Fr.self), Fr.modulusLimbs), (GMPInteger.modulus(of: Fq.self), Fq.modulusLimbs),
        ] {
            #expect(p == GMPInteger(limbs: limbs))
        }
        #expect(GMPInteger.modulus(of: Fr.self) == GMPInteger(Fr.modulusDecimal))
        #expect(GMPInteger.modulus(of: Fq.self) == GMPInteger(Fq.modulusDecimal))
        #expect(Fr.minusOne + Fr.one == Fr.zero && Fq.minusOne + Fq.one == Fq.zero)
        // rootOfUnity = 5^((r − 1)/2^28), of exact order 2^28.
        let r = GMPInteger.modulus(of: Fr.self)
        let expected = GMPInteger(5).powMod((r - GMPInteger(1)) / GMPInteger(2).pow(28), r)
        #expect(GMPInteger(Fr.rootOfUnity) == expected)
        #expect(Fr.twoAdicity == 28)
        var w = Fr.rootOfUnity
        for _ in 0..<27 { w = w.squared() }
        #expect(w == Fr.minusOne)
        #expect(Fr(Int64(-5)) == -Fr(5) && Fq(Int64(-1)) == Fq.minusOne && Fr(Int64.min) == -Fr(UInt64(1) << 63))
        #expect(Fq(1).halved() * Fq(2) == Fq.one && Fq.minusOne.halved().doubled() == Fq.minusOne)
    }

    func encodings<F: PrimeField>(_: F.Type, seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        let p = GMPInteger.modulus(of: F.self)
        func bytes(_ v: GMPInteger, count: Int = 32) -> [UInt8] {
            var hex = v.string(radix: 16)
            hex = String(repeating: "0", count: max(0, 2 * count - hex.count)) + hex
            return Hex.decode(hex)!
        }
        for i in 0..<2000 {
            let a = i == 0 ? F.zero : (i == 1 ? F.minusOne : F.random(using: &rng))
            #expect(a.bigEndianBytes == bytes(GMPInteger(a)))
            #expect(F(bigEndianBytes: a.bigEndianBytes) == a)
            #expect(F(bigEndianBytes: a.bigEndianBytes[...]) == a)
            #expect(F(decimal: a.decimalString) == a)
            #expect(a.decimalString == GMPInteger(a).string())
            #expect(F(hex: a.hexString) == a)
            #expect(a.hexString == "0x" + GMPInteger(a).string(radix: 16))
            #expect(a.description == a.decimalString)
        }
        // ≥ p and wrong lengths are rejected, never reduced.
        for bad in [p, p + GMPInteger(1), GMPInteger(2).pow(256) - GMPInteger(1), GMPInteger(2).pow(255)] {
            #expect(F(bigEndianBytes: bytes(bad)) == nil)
            #expect(F(decimal: bad.string()) == nil)
            #expect(F(hex: bad.string(radix: 16)) == nil)
        }
        #expect(F(bigEndianBytes: bytes(p - GMPInteger(1))) == F.minusOne)
        #expect(F(bigEndianBytes: [UInt8](repeating: 0, count: 31)) == nil)
        #expect(F(bigEndianBytes: [UInt8](repeating: 0, count: 33)) == nil)
        #expect(F(bigEndianBytes: [UInt8]()) == nil)
        for text in [
            "", "-1", " 1", "1 ", "1 2", "+1", "0x1", "1_0", "١", "12a", "\u{0}", (GMPInteger(2).pow(256)).string(),
            (GMPInteger(2).pow(300)).string(), String(repeating: "9", count: 100),
        ] {
            #expect(F(decimal: text) == nil, "decimal \(text.debugDescription)")
        }
        for text in ["", "0x", "-1", " 1", "1 2", "g", "0x0x1", (GMPInteger(2).pow(256)).string(radix: 16)] {
            #expect(F(hex: text) == nil, "hex \(text.debugDescription)")
        }
        #expect(F(decimal: "0") == F.zero && F(decimal: "1") == F.one && F(hex: "0x0") == F.zero)
        #expect(F(hex: "ff") == F(255) && F(hex: "0xFF") == F(255))
        #expect(F(decimal: (p - GMPInteger(1)).string()) == F.minusOne)
    }

    @Test func frEncodings() { encodings(Fr.self, seed: testSeed(fallback: 8)) }
    @Test func fqEncodings() { encodings(Fq.self, seed: testSeed(fallback: 9)) }
}
