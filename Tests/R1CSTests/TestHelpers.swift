import BN254
import R1CS
import Testing

/// A signed integer as a field element.
func f(_ v: Int) -> Fr { Fr(Int64(v)) }

/// 2^k as a field element.
func pow2(_ k: Int) -> Fr {
    var x = Fr.one
    for _ in 0..<k { x = x.doubled() }
    return x
}

/// Finalizes and expects the honest assignment to satisfy every constraint.
@discardableResult
func expectSatisfied(_ cs: ConstraintSystem, _ context: String = "", sourceLocation: SourceLocation = #_sourceLocation)
    -> (ConstraintMatrices, Witness)
{
    let (r1cs, witness) = cs.finalize()
    let violation = r1cs.isSatisfied(by: witness)
    #expect(violation == nil, "\(context): \(violation?.description ?? "")", sourceLocation: sourceLocation)
    return (r1cs, witness)
}

/// Soundness probe: for every variable index in `indices` (the wires a gadget added), perturb its value
/// (±1, and for 0/1 values also the flip 1 − v) and expect a violated constraint. Indices in `free`
/// may legitimately take other values (e.g. the inverse hint of `isZero(0)`); they are skipped here and
/// the caller checks that the gadget's promised outputs still hold.
func expectEveryWitnessValueMatters(
    _ r1cs: ConstraintMatrices, _ witness: Witness, indices: Range<Int>, free: Set<Int> = [], _ context: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for i in indices where !free.contains(i) {
        let v = witness.values[i]
        var perturbations = [v + .one, v - .one]
        if v == .zero || v == .one { perturbations.append(.one - v) }
        for p in Set(perturbations) where p != v {
            var bad = witness
            bad.values[i] = p
            #expect(
                r1cs.isSatisfied(by: bad) != nil,
                "\(context): changing z[\(i)] from \(v) to \(p) still satisfies the system",
                sourceLocation: sourceLocation)
        }
    }
}
