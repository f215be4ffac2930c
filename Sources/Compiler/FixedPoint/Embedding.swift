/// An embedding lookup (`Gather` of a constant table by the model's integer input, the token ids), in floating
/// point: for each id t in the input, y[t, ·] = table[id_t, ·] + bias[t, ·] (`bias` is the position embedding or a
/// constant added after the lookup, folded in by `ProgramOptimizer`; zero otherwise).
///
/// Invariant: `table.count == vocabulary·width`, `bias.count == tokens·width` where tokens is the input's element
/// count.
public struct EmbeddingTable: Codable, Sendable, Equatable {
    /// V: rows of the table; valid ids are 0…V − 1.
    public var vocabulary: Int
    /// D: the length of each embedding row.
    public var width: Int
    /// The table, row-major [V, D].
    public var table: [Double]
    /// Added to the output, row-major [tokens, D].
    public var bias: [Double]

    func apply(_ ids: [Double]) -> [Double] {
        var y: [Double] = []
        y.reserveCapacity(ids.count * width)
        for (t, id) in ids.enumerated() {
            // The float reference runs on validated inputs only; an id outside the table selects nothing (0).
            let row = id.isFinite && id >= 0 && id < Double(vocabulary) ? Int(id) : -1
            for k in 0..<width { y.append((row >= 0 ? table[row * width + k] : 0) + bias[t * width + k]) }
        }
        return y
    }
}

/// An embedding lookup in fixed point: ids at scale 2^0 (integers), table and bias at the output scale 2^s,
/// y[t, k] = table[id_t·D + k] + bias[t·D + k]. Exact (the only error is rounding the table and bias to 2^−s:
/// ≤ 2^−(s+1) each). In the circuit (`CircuitLowering.lowerEmbedding`) the selection is one-hot rows, each proved:
/// V booleans, their sum is 1, Σ i·b_i equals the id; then D outputs y = Σ_i table[i, k]·b_i + bias.
///
/// Invariant (checked by `validate`): `table.count == vocabulary·width`, bias `tokens·width` entries, every entry
/// below 2^52 in magnitude.
public struct EmbeddingParameters: Codable, Sendable, Equatable {
    /// V: valid ids are 0…V − 1.
    public var vocabulary: Int
    /// D: the length of each embedding row.
    public var width: Int
    /// The table at scale 2^s, row-major [V, D].
    public var table: [Int64]
    /// Added to the output at scale 2^s, row-major [tokens, D].
    public var bias: [Int64]

    /// Integer semantics (the executor); an id outside 0…V − 1 is rejected (the input bound check runs first, so
    /// this only fires for a program whose input bound is wider than its table).
    func apply(_ ids: [Int64], layer: String) throws(CompilerError) -> [Int64] {
        var y: [Int64] = []
        y.reserveCapacity(ids.count * width)
        for (t, id) in ids.enumerated() {
            guard id >= 0, id < Int64(vocabulary) else {
                throw .invalidInput(
                    "token id \(id) at position \(t) is outside the vocabulary 0…\(vocabulary - 1) "
                        + "of '\(layer)'")
            }
            for k in 0..<width {
                y.append(try IntegerMath.add(table[Int(id) * width + k], bias[t * width + k], layer))
            }
        }
        return y
    }

    /// Per output element: [min over rows, max over rows] of its column, plus its bias.
    func bounds(tokens: Int, layer: String) throws(CompilerError) -> TensorBounds {
        var lo = Array(repeating: Int64.max, count: width)
        var hi = Array(repeating: Int64.min, count: width)
        for i in 0..<vocabulary {
            for k in 0..<width {
                lo[k] = min(lo[k], table[i * width + k])
                hi[k] = max(hi[k], table[i * width + k])
            }
        }
        var out = TensorBounds(lower: [], upper: [])
        for t in 0..<tokens {
            for k in 0..<width {
                out.lower.append(try IntegerMath.add(lo[k], bias[t * width + k], layer))
                out.upper.append(try IntegerMath.add(hi[k], bias[t * width + k], layer))
            }
        }
        return out
    }

    func validate(layer: String, tokens: Int, outputCount: Int) throws(CompilerError) {
        guard vocabulary >= 1, vocabulary <= 1 << 20, width >= 1,
            vocabulary.multipliedReportingOverflow(by: width)
                == (table.count, false), bias.count == outputCount, tokens * width == outputCount,
            table.allSatisfy({ $0.magnitude < 1 << 52 }), bias.allSatisfy({ $0.magnitude < 1 << 52 })
        else {
            throw .invalidCompiledModel("layer '\(layer)' embedding parameters invalid")
        }
    }

    /// The fixed-point table and bias of `f` at scale 2^s (round to nearest, ties away from zero).
    static func quantize(_ f: EmbeddingTable, scaleBits s: Int, layer: String) throws(CompilerError)
        -> EmbeddingParameters
    {
        let one = Double(1 << s)
        func q(_ v: [Double]) throws(CompilerError) -> [Int64] {
            var out: [Int64] = []
            out.reserveCapacity(v.count)
            for x in v {
                let r = Quantizer.q(x * one)
                guard r.isFinite, r.magnitude < 0x1p52 else {
                    throw .overflow(layer: layer, reason: "an embedding value (\(x)) does not fit in 52 bits at 2^\(s)")
                }
                out.append(Int64(r))
            }
            return out
        }
        return EmbeddingParameters(vocabulary: f.vocabulary, width: f.width, table: try q(f.table), bias: try q(f.bias))
    }
}
