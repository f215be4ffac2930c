import BN254
import Foundation
import R1CS
import TestSupport

/// A random satisfiable circuit and its witness: `publicCount` public inputs, then `constraintCount`
/// constraints, each x·y = w with x, y random sparse combinations (small and full-size coefficients) of
/// earlier variables and w a new private variable; every few constraints one is a pure linear check
/// (x·1 = existing combination) so C-rows reference older variables too. Labels are "c<index>".
struct RandomCircuit {
    let r1cs: ConstraintMatrices
    let witness: Witness

    init(seed: UInt64, publicCount: Int, constraintCount: Int, recordLabels: Bool = true) {
        var rng = SeededRNG(seed: seed)
        let cs = ConstraintSystem(recordLabels: recordLabels)
        var variables: [Variable] = [Variable.one]
        for i in 0..<publicCount {
            variables.append(cs.allocatePublicInput(Fr.random(using: &rng), label: "x\(i)"))
        }
        // Two private seeds so the first constraints have something to multiply.
        for _ in 0..<2 { variables.append(cs.allocateWitness(Fr.random(using: &rng))) }
        func randomCombination(_ rng: inout SeededRNG) -> LinearCombination {
            var lc = LinearCombination()
            let termCount = Int.random(in: 1...3, using: &rng)
            for _ in 0..<termCount {
                let v = variables[Int.random(in: 0..<variables.count, using: &rng)]
                let coefficient =
                    Bool.random(using: &rng)
                    ? Fr(UInt64.random(in: 1...5, using: &rng))
                    : Fr.random(using: &rng)
                lc.add(v, coefficient: coefficient)
            }
            return lc
        }
        for j in 0..<constraintCount {
            let x = randomCombination(&rng)
            if j % 5 == 4 {
                // Linear: x · 1 = x, with x re-expressed through a fresh copy variable.
                let copy = cs.allocateWitness(cs.value(of: x))
                cs.enforce(x, LinearCombination.one, LinearCombination(copy), "c\(j)")
                variables.append(copy)
            } else {
                let y = randomCombination(&rng)
                let product = cs.allocateWitness(cs.value(of: x) * cs.value(of: y))
                cs.enforce(x, y, LinearCombination(product), "c\(j)")
                variables.append(product)
            }
        }
        (r1cs, witness) = cs.finalize()
    }

    var publicInputs: [Fr] { Array(witness.publicValues) }
}

/// Loads a committed fixture file next to this source file (Tests/Groth16Tests/Fixtures/…).
func fixture(_ path: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/" + path)
    return try String(contentsOf: url, encoding: .utf8)
}
