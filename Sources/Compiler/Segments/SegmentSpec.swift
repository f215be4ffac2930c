/// One segment of a segmented model: the contiguous layers `layers` of the full program, proved as a circuit of
/// its own. The tensors crossing a cut are private in both neighbours and linked by a public Poseidon hash
/// (`SegmentLink`): segment i publishes `segmentOutputHash` of `outputTensors`, segment i + 1 takes the same
/// value as its public `segmentInputHash` and proves its private `inputTensors` hash to it.
///
/// Invariants (checked by `validate`): 0 ≤ index < count; `layers` is non-empty and inside the program; the first
/// segment starts at layer 0 and has no `inputTensors`, the last ends at the last layer and has no
/// `outputTensors`; `inputTensors` = the live tensors at `layers.lowerBound` and `outputTensors` = those at
/// `layers.upperBound` (`SegmentPlanner.liveTensors`), so every layer reads only its inputs or its own tensors.
public struct SegmentSpec: Codable, Sendable, Equatable {
    /// Position of this segment, 0-based.
    public var index: Int
    /// Number of segments of the model.
    public var count: Int
    /// Layer indices (into `FixedPointProgram.layers`) this segment proves.
    public var layers: Range<Int>
    /// Tensor ids entering the segment through the link (empty for the first segment).
    public var inputTensors: [Int]
    /// Tensor ids leaving the segment through the link (empty for the last segment).
    public var outputTensors: [Int]

    /// Whether this is the first segment (its input is the model input, with the model's visibility).
    public var isFirst: Bool { index == 0 }
    /// Whether this is the last segment (its outputs are the model outputs).
    public var isLast: Bool { index == count - 1 }

    /// Checks the invariants against `program`; throws `.invalidCompiledModel`.
    func validate(_ program: FixedPointProgram) throws(CompilerError) {
        let n = program.layers.count
        guard count >= 1, (0..<count).contains(index), !layers.isEmpty, layers.lowerBound >= 0,
            layers.upperBound <= n, (layers.lowerBound == 0) == isFirst, (layers.upperBound == n) == isLast,
            inputTensors == (isFirst ? [] : SegmentPlanner.liveTensors(program, cut: layers.lowerBound)),
            outputTensors == (isLast ? [] : SegmentPlanner.liveTensors(program, cut: layers.upperBound))
        else {
            throw .invalidCompiledModel("segment \(index) of \(count) (layers \(layers)) is inconsistent")
        }
    }
}
