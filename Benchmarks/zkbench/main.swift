import BN254
let a = Fr(decimal: "21888242871839275222246405745257275088548364400416034343698204186575808495616")!
print(a, a * a, Fr(3) * Fr(5), (Fr(7).inverse! * Fr(7)), Fr(Int64(-1)) == a)
let q = Fq(decimal: "12345678901234567890123456789")!
let s = (q*q).squareRoot!; print(s == q || s == -q, Fr(17).squareRoot.map { $0 * $0 } == Fr(17), Fr(5).legendre, Fr(17).legendre)
print(Fq.minusOne.hexString, Fr(decimal: "21888242871839275222246405745257275088548364400416034343698204186575808495617") == nil)
var x = Fq(3); var t = ContinuousClock.now; for _ in 0..<10_000_000 { x = x * q }; print(x.isZero, ContinuousClock.now - t)
