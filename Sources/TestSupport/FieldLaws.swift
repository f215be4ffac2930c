import BN254

/// The operations the generic field-law suite needs; `Fr`, `Fq`, `Fq2`, `Fq6` and `Fq12` conform (below).
public protocol LawCheckedField: Equatable {
    static var zero: Self { get }
    static var one: Self { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    func squared() -> Self
    var inverse: Self? { get }
}

extension Fr: LawCheckedField {}
extension Fq: LawCheckedField {}
extension Fq2: LawCheckedField {}
extension Fq6: LawCheckedField {}
extension Fq12: LawCheckedField {}

/// Checks the field axioms on `count` triples drawn by `random` (arkworks test-templates style): associativity
/// and commutativity of + and ·, distributivity, identities, additive inverse, a − b = a + (−b), squared() = a·a,
/// a·a⁻¹ = 1 (a ≠ 0), 0⁻¹ = nil, and aliasing (a·a through the same value). Returns one message per violation,
/// naming the law and the iteration — empty means all laws held. Usage: `#expect(fieldLawViolations(...) == [])`.
public func fieldLawViolations<F: LawCheckedField>(
    _: F.Type, count: Int, random: () -> F
) -> [String] {
    var failures: [String] = []
    func check(_ ok: Bool, _ law: String, _ i: Int) { if !ok { failures.append("\(F.self): \(law) (iteration \(i))") } }
    check(F.zero.inverse == nil, "0⁻¹ = nil", -1)
    check(F.one.inverse == F.one, "1⁻¹ = 1", -1)
    check(F.zero + F.one == F.one && F.one * F.one == F.one && F.one != F.zero, "identities", -1)
    for i in 0..<count {
        let a = random()
        let b = random()
        let c = random()
        check((a + b) + c == a + (b + c), "(a + b) + c = a + (b + c)", i)
        check(a + b == b + a, "a + b = b + a", i)
        check((a * b) * c == a * (b * c), "(ab)c = a(bc)", i)
        check(a * b == b * a, "ab = ba", i)
        check(a * (b + c) == a * b + a * c, "a(b + c) = ab + ac", i)
        check(a + F.zero == a && a * F.one == a && a * F.zero == F.zero, "identities", i)
        check(a + (-a) == F.zero, "a + (−a) = 0", i)
        check(a - b == a + (-b), "a − b = a + (−b)", i)
        check(a.squared() == a * a, "a² = a·a", i)
        var aliased = a
        aliased = aliased * aliased
        check(aliased == a * a, "aliasing a *= a", i)
        if a != F.zero {
            if let inverse = a.inverse {
                check(a * inverse == F.one, "a·a⁻¹ = 1", i)
            } else {
                check(false, "a⁻¹ exists", i)
            }
        }
    }
    return failures
}
