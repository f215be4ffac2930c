import BN254
import R1CS

/// The commitment to a hashed input: `Poseidon.chainHash` (circomlib Poseidon, length-prefixed chain over chunks
/// of 15; see the R1CS module) of the quantized input integers, each mapped to F_r as v mod r (negative v → r − |v|),
/// in row-major order. Anyone holding the input and the compiled model's scale can recompute it.
public enum InputHash {
    /// The hash of quantized input integers.
    public static func hash(_ input: [Int64]) -> Fr {
        Poseidon.chainHash(input.map { Fr($0) })
    }

    /// In-circuit twin: ⌈k/15⌉ Poseidon calls (≈ 613 constraints each) + 1 binding constraint.
    static func enforce(_ cs: ConstraintSystem, inputs: [Variable], equals hash: Variable) {
        let h = cs.poseidonChain(inputs.map { LinearCombination($0) }, label: "input hash")
        cs.assertEqual(h, hash, label: "input hash = public signal")
    }
}
