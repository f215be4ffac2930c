import BN254
import Compiler
import R1CS
import TestSupport
import Testing

/// Segmented circuits (`ModelCompiler.segment`): the cut, the link hashes, satisfiability, and that a segment's
/// linked input cannot be changed without violating a constraint.
@Suite struct SegmentTests {
    /// A residual model: r = relu(W1·x), y = W2·(x + r) — the skip from x crosses every cut after the relu.
    static func residualModel(_ rng: inout SeededRNG) -> Model {
        let k = 6
        let nodes = [
            Node(opType: "MatMul", name: "mm1", inputs: ["x", "W1"], outputs: ["a"]),
            Node(opType: "Relu", name: "r", inputs: ["a"], outputs: ["r"]),
            Node(opType: "Add", name: "skip", inputs: ["x", "r"], outputs: ["s"]),
            Node(opType: "MatMul", name: "mm2", inputs: ["s", "W2"], outputs: ["b"]),
            Node(opType: "Relu", name: "r2", inputs: ["b"], outputs: ["y"]),
        ]
        let w1 = OpTests.random(k * k, &rng)
        let w2 = OpTests.random(k * 3, &rng)
        return OpTests.model(
            nodes, inputShape: [1, k],
            constants: [
                "W1": ConstantTensor(shape: [k, k], values: w1), "W2": ConstantTensor(shape: [k, 3], values: w2),
            ])
    }

    static func compiled(_ rng: inout SeededRNG, visibility: InputVisibility = .public) throws
        -> (CompiledModel, Tensor)
    {
        let input = Tensor(shape: [1, 6], data: OpTests.random(6, &rng))
        let options = CompileOptions(scaleBits: 8, inputVisibility: visibility, sampleInput: input, inputRange: -1...1)
        return (try ModelCompiler.compile(model: residualModel(&rng), options: options), input)
    }

    @Test(arguments: [InputVisibility.public, .private, .hashed])
    func everyCutIsSatisfiedAndLinked(visibility: InputVisibility) throws {
        var rng = SeededRNG(seed: 41)
        let (whole, input) = try Self.compiled(&rng, visibility: visibility)
        let full = try whole.synthesize(input: input)
        let layers = whole.program.layers.count
        #expect(layers >= 3)
        for k in 2...layers {
            let segments = try ModelCompiler.segment(whole, .count(k))
            #expect(segments.count == k)
            let trace = try whole.trace(input: input)
            var previous: Synthesis?
            for (i, s) in segments.enumerated() {
                let spec = try #require(s.segment)
                #expect(spec.index == i && spec.count == k)
                #expect(
                    i == 0
                        ? spec.layers.lowerBound == 0
                        : spec.layers.lowerBound == segments[i - 1].segment!.layers.upperBound)
                let syn = try s.synthesize(trace: trace)
                #expect(syn.r1cs.isSatisfied(by: syn.witness) == nil, "k \(k) segment \(i)")
                #expect(syn.publicSignals == (try s.publicSignals(trace: trace)))
                #expect(syn.publicSignals.count == s.publicSignalNames.count)
                if let previous {
                    // segment i−1's segmentOutputHash (first signal) = segment i's segmentInputHash (last).
                    #expect(previous.publicSignals[0] == syn.publicSignals.last)
                }
                if i == 0, k > 1 {
                    // The first segment keeps the model's input part.
                    #expect(Array(syn.publicSignals.dropFirst()) == Array(full.publicSignals.dropFirst(3)))
                }
                previous = syn
            }
            // The last segment's outputs are the model's outputs.
            let last = try #require(previous)
            #expect(Array(last.publicSignals.prefix(3)) == Array(full.publicSignals.prefix(3)))
        }
    }

    @Test func skipConnectionIsCarriedAcrossCuts() throws {
        var rng = SeededRNG(seed: 42)
        let (whole, _) = try Self.compiled(&rng)
        let layers = whole.program.layers
        // Find the sum layer (the skip): its first input (x, tensor 0) is live at every cut up to it.
        let sum = try #require(layers.firstIndex { if case .sum = $0.op { return true } else { return false } })
        for cut in 1...sum {
            #expect(SegmentPlanner.liveTensors(whole.program, cut: cut).contains(0), "cut \(cut)")
        }
    }

    @Test func changingALinkedInputViolatesAConstraint() throws {
        var rng = SeededRNG(seed: 43)
        let (whole, input) = try Self.compiled(&rng)
        let segments = try ModelCompiler.segment(whole, .count(2))
        let syn = try segments[1].synthesize(trace: try whole.trace(input: input))
        // Witness layout: z = [1, outputs…, segmentInputHash, private…]: every private variable of the link span.
        let span = try #require(syn.spans.first)
        #expect(span.op == "input(segment link)")
        for index in span.variables {
            #expect(perturbed(syn, at: index) != nil, "linked variable \(index) is unconstrained")
        }
        // The public link value itself.
        let hashIndex = syn.publicSignals.count
        #expect(perturbed(syn, at: hashIndex) != nil)
        // And the producer side: changing the published output hash of segment 0 breaks it.
        let first = try segments[0].synthesize(trace: try whole.trace(input: input))
        #expect(perturbed(first, at: 1) != nil)
    }

    @Test func maxConstraintsAndBadRequests() throws {
        var rng = SeededRNG(seed: 44)
        let (whole, _) = try Self.compiled(&rng)
        let one = try ModelCompiler.segment(whole, .maxConstraints(whole.constraintCount + 10_000))
        #expect(one.count == 1)
        // Below the whole circuit's size one segment does not fit: more segments, or (link overhead) an error.
        let several = try? ModelCompiler.segment(whole, .maxConstraints(whole.constraintCount - 1))
        #expect(several.map { $0.count >= 2 } ?? true)
        #expect(throws: CompilerError.self) { try ModelCompiler.segment(whole, .count(0)) }
        #expect(throws: CompilerError.self) { try ModelCompiler.segment(whole, .count(whole.program.layers.count + 1)) }
        #expect(throws: CompilerError.self) { try ModelCompiler.segment(whole, .maxConstraints(1)) }
        #expect(throws: CompilerError.self) { try ModelCompiler.segment(one[0], .count(1)) }
    }

    @Test func segmentSpecRoundTripsAndIsValidated() throws {
        var rng = SeededRNG(seed: 45)
        let (whole, _) = try Self.compiled(&rng)
        let segments = try ModelCompiler.segment(whole, .count(2))
        let decoded = try CompiledModel(json: segments[1].encoded())
        #expect(decoded.segment == segments[1].segment)
        #expect(decoded.circuitDigest == segments[1].circuitDigest)
        // A whole-model circuit.json has no "segment" key (unchanged bytes and digests).
        #expect(!String(decoding: whole.encoded(), as: UTF8.self).contains("\"segment\""))
        // A tampered spec is rejected on load.
        var bad = segments[1]
        bad.segment?.inputTensors = [1]
        #expect(throws: CompilerError.self) { try CompiledModel(json: bad.encoded()) }
    }
}
