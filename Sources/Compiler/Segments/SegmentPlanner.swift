/// Cuts a fixed-point program at layer boundaries into contiguous segments of balanced cost.
///
/// The cost of a segment is the sum of its layers' constraints (from the compile-time synthesis) plus its link
/// overhead (`SegmentLink.estimatedCost`: the input range checks and hash of every segment but the first, the
/// output hash of every segment but the last) — or, for the first and last, the model's own input handling and
/// output binding. `plan` minimises the largest segment cost over all cuts (dynamic programming, O(K·L²)).
public enum SegmentPlanner {
    /// Tensors produced before `cut` (ids 0…cut) that a layer at index ≥ `cut` reads, ascending.
    public static func liveTensors(_ program: FixedPointProgram, cut: Int) -> [Int] {
        var live = Set<Int>()
        for layer in program.layers[cut...] {
            for t in layer.inputs where t <= cut { live.insert(t) }
        }
        return live.sorted()
    }

    /// Per-layer constraint counts plus link costs, as the planner sees them.
    struct Costs {
        /// Constraints of layer i.
        var layers: [Int]
        /// Constraints of the model's input handling (first segment) and output binding (last segment).
        var input: Int, output: Int
        /// Link costs at cut c (1 ≤ c < L); index 0 unused.
        var producer: [Int], consumer: [Int]
    }

    static func costs(_ program: FixedPointProgram, bounds: [TensorBounds], spans: [LayerSpan]) throws(CompilerError)
        -> Costs
    {
        let n = program.layers.count
        var producer = [0]
        var consumer = [0]
        for cut in stride(from: 1, to: n, by: 1) {
            let c = try SegmentLink(tensors: liveTensors(program, cut: cut), bounds: bounds).estimatedCost
            producer.append(c.producer)
            consumer.append(c.consumer)
        }
        return Costs(
            layers: spans[1...n].map { $0.constraints.count }, input: spans[0].constraints.count,
            output: spans[n + 1].constraints.count, producer: producer, consumer: consumer)
    }

    /// The K contiguous layer ranges minimising the largest estimated segment cost, and that cost.
    static func plan(_ c: Costs, segments k: Int) -> (ranges: [Range<Int>], maxCost: Int) {
        let n = c.layers.count
        var prefix = [0]
        for x in c.layers { prefix.append(prefix.last! + x) }
        func cost(_ a: Int, _ b: Int) -> Int {
            prefix[b] - prefix[a] + (a == 0 ? c.input : c.consumer[a]) + (b == n ? c.output : c.producer[b])
        }
        // best[j][b]: the minimal largest cost of cutting layers 0..<b into j segments; from[j][b]: the last cut.
        var best = [[Int]](repeating: [Int](repeating: .max, count: n + 1), count: k + 1)
        var from = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: k + 1)
        best[0][0] = 0
        for j in stride(from: 1, through: k, by: 1) {
            for b in stride(from: j, through: n, by: 1) {
                for a in stride(from: j - 1, to: b, by: 1) where best[j - 1][a] != .max {
                    let m = max(best[j - 1][a], cost(a, b))
                    if m < best[j][b] { (best[j][b], from[j][b]) = (m, a) }
                }
            }
        }
        var ranges: [Range<Int>] = []
        var b = n
        for j in stride(from: k, through: 1, by: -1) {
            let a = from[j][b]
            ranges.insert(a..<b, at: 0)
            b = a
        }
        return (ranges, best[k][n])
    }
}
