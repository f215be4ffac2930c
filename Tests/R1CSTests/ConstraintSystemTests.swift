import BN254
import R1CS
import Testing

/// x³ + x + 5 = out (the classic example): public out, private x.
private func cubic(x: Int, recordLabels: Bool = true) -> ConstraintSystem {
    let cs = ConstraintSystem(recordLabels: recordLabels)
    let out = cs.allocatePublicInput(f(x * x * x + x + 5), label: "out")
    let vx = cs.allocateWitness(f(x))
    let x2 = cs.allocateWitness(f(x * x))
    let x3 = cs.allocateWitness(f(x * x * x))
    cs.enforce(vx.lc, vx.lc, x2.lc, "x·x = x2")
    cs.enforce(x2.lc, vx.lc, x3.lc, "x2·x = x3")
    cs.enforce(x3 + vx + f(5), LinearCombination.one, out.lc, "x3 + x + 5 = out")
    return cs
}

@Suite struct ConstraintSystemTests {
    @Test func layoutAndCounts() {
        let cs = cubic(x: 3)
        #expect(cs.publicInputCount == 1 && cs.witnessCount == 3 && cs.constraintCount == 3)
        let (r1cs, witness) = expectSatisfied(cs)
        #expect(r1cs.variableCount == 5 && r1cs.publicInputCount == 1 && r1cs.witnessCount == 3)
        #expect(witness.values.count == 5 && witness.values[0] == .one)
        #expect(Array(witness.publicValues) == [f(35)])
        #expect(Array(witness.privateValues) == [f(3), f(9), f(27)])
        #expect(r1cs.publicInputLabels == ["out"])
        #expect(r1cs.labels == ["x·x = x2", "x2·x = x3", "x3 + x + 5 = out"])
    }

    @Test func firstViolationIsReportedByIndexAndLabel() throws {
        let (r1cs, witness) = cubic(x: 3).finalize()
        var bad = witness
        bad.values[3] = f(10)  // x2 wrong: constraint 0 fails first
        let v = try #require(r1cs.isSatisfied(by: bad))
        #expect(v.index == 0 && v.label == "x·x = x2")
        #expect(v.kind == .unsatisfied(a: f(3), b: f(3), c: f(10)))
        bad = witness
        bad.values[1] = f(36)  // public output wrong: only the last constraint fails
        let w = try #require(r1cs.isSatisfied(by: bad))
        #expect(w.index == 2 && w.label == "x3 + x + 5 = out")
    }

    @Test func labelsAreNeitherEvaluatedNorStoredWhenDisabled() throws {
        var evaluations = 0
        func label() -> String {
            evaluations += 1
            return "expensive"
        }
        let cs = ConstraintSystem(recordLabels: false)
        let a = cs.allocateWitness(f(2))
        cs.enforce(a.lc, a.lc, LinearCombination(constant: f(5)), label())
        _ = cs.mul(a, a, label: label())
        #expect(evaluations == 0)
        let (r1cs, witness) = cs.finalize()
        #expect(r1cs.labels == nil)
        let v = try #require(r1cs.isSatisfied(by: witness))
        #expect(v.index == 0 && v.label == nil)
        #expect(cs.firstViolation() == v)
    }

    @Test func malformedWitnessesAreReported() throws {
        let (r1cs, witness) = cubic(x: 2).finalize()
        let short = Witness(values: Array(witness.values.dropLast()), publicInputCount: 1)
        #expect(r1cs.isSatisfied(by: short)?.kind == .wrongWitnessSize(expected: 5, got: 4))
        var notOne = witness
        notOne.values[0] = f(2)
        #expect(r1cs.isSatisfied(by: notOne)?.kind == .constantWireNotOne)
        #expect(r1cs.isSatisfied(by: notOne)?.index == -1)
    }

    @Test func valuesOfCombinations() {
        let cs = ConstraintSystem()
        let a = cs.allocateWitness(f(6))
        let b = cs.allocateWitness(f(-4))
        #expect(cs.value(of: a) == f(6))
        #expect(cs.value(of: a * f(2) - b + f(1)) == f(17))
    }
}

@Suite struct ConstraintSystemPreconditionTests {
    /// Public inputs occupy z[1…n]: allocating one after a private witness is a precondition failure.
    @Test func publicInputAfterWitnessTraps() async {
        await #expect(processExitsWith: .failure) {
            let cs = ConstraintSystem()
            _ = cs.allocateWitness(Fr.one)
            _ = cs.allocatePublicInput(Fr.one, label: "late")
        }
    }

    /// A constraint over a variable the system never allocated is a precondition failure.
    @Test func foreignVariableTraps() async {
        await #expect(processExitsWith: .failure) {
            let cs = ConstraintSystem()
            cs.enforce(LinearCombination(Variable(index: 5)), LinearCombination.one, LinearCombination.zero)
        }
    }
}
