import Hashing

/// How to cut a model: a number of segments, or the largest constraint count a segment may have.
public enum SegmentRequest: Sendable, Equatable {
    /// Exactly this many segments (1 … number of layers).
    case count(Int)
    /// The fewest segments whose estimated largest cost is at most this many constraints.
    case maxConstraints(Int)
}

extension ModelCompiler {
    /// Cuts a compiled whole-model circuit into contiguous, cost-balanced segments (`SegmentPlanner`) and
    /// returns one compiled model per segment, each with its `SegmentSpec`, circuit digest and constraint count
    /// (measured by synthesizing it on an in-bound input). Throws `.invalidInput` for an impossible request.
    public static func segment(_ compiled: CompiledModel, _ request: SegmentRequest) throws(CompilerError)
        -> [CompiledModel]
    {
        guard compiled.segment == nil else { throw .invalidInput("the model is already a segment") }
        let program = compiled.program
        let layerCount = program.layers.count
        guard layerCount >= 1 else { throw .invalidInput("a model without layers cannot be cut into segments") }
        let bounds = try IntervalAnalysis.run(program)
        let one = Double(1 << program.inputScale)
        let representative = Double(min(max(0, program.inputLower), program.inputUpper)) / one
        let input = Tensor(
            shape: program.inputShape,
            data: Array(repeating: representative, count: program.inputCount))
        let whole = try compiled.synthesizeUnchecked(input: input, bounds: bounds, recordLabels: false)
        let costs = try SegmentPlanner.costs(program, bounds: bounds, spans: whole.spans)
        let ranges: [Range<Int>]
        switch request {
        case let .count(k):
            guard (1...max(layerCount, 1)).contains(k) else {
                throw .invalidInput("cannot cut \(layerCount) layers into \(k) segments (1…\(layerCount))")
            }
            ranges = SegmentPlanner.plan(costs, segments: k).ranges
        case let .maxConstraints(n):
            guard
                let k = (1...max(layerCount, 1)).first(where: { SegmentPlanner.plan(costs, segments: $0).maxCost <= n })
            else {
                let least = SegmentPlanner.plan(costs, segments: layerCount).maxCost
                throw .invalidInput(
                    "no cut at layer boundaries keeps every segment within \(n) constraints "
                        + "(one layer per segment needs \(least))")
            }
            ranges = SegmentPlanner.plan(costs, segments: k).ranges
        }
        let trace = whole.trace
        var segments: [CompiledModel] = []
        for (i, r) in ranges.enumerated() {
            var s = compiled
            s.segment = SegmentSpec(
                index: i, count: ranges.count, layers: r,
                inputTensors: i == 0 ? [] : SegmentPlanner.liveTensors(program, cut: r.lowerBound),
                outputTensors: i == ranges.count - 1 ? [] : SegmentPlanner.liveTensors(program, cut: r.upperBound))
            let synthesis = try s.synthesizeUnchecked(trace: trace, bounds: bounds, recordLabels: false)
            s.circuitDigest = Hex.encode(synthesis.r1cs.digest)
            s.constraintCount = synthesis.r1cs.constraintCount
            segments.append(s)
        }
        return segments
    }
}
