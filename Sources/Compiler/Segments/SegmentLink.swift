import BN254
import R1CS

/// The commitment to the tensors crossing a cut: `Poseidon.chainHash` (circomlib parameters, as `InputHash`) of
/// the elements packed into field elements. Element i of the concatenated live tensors becomes v_i − lower_i
/// ∈ [0, 2^bits) (its static bound from `IntervalAnalysis`, bits = the widest element's width); ⌊253 / bits⌋ of
/// them fill one field element, little end first: Σ_k (v_k − lower_k)·2^(bits·k) < 2^253 < r, so packing is
/// injective on in-bound values. The producing segment's values are in bound by construction; the consuming
/// segment range-checks its private copies to `bits` bits, so equal hashes mean equal tensors.
public struct SegmentLink: Sendable, Equatable {
    /// Static lower bound of each linked element.
    public var lower: [Int64]
    /// Static upper bound of each linked element.
    public var upper: [Int64]
    /// Bits of each packed slot.
    public var bits: Int

    /// Elements per field element.
    public var slotsPerElement: Int { 253 / max(bits, 1) }

    /// The link of `tensors` (concatenated in order) under `bounds`. Throws `.overflow` when an element's range
    /// does not fit 62 bits.
    init(tensors: [Int], bounds: [TensorBounds]) throws(CompilerError) {
        lower = tensors.flatMap { bounds[$0].lower }
        upper = tensors.flatMap { bounds[$0].upper }
        var widest = 1
        for i in lower.indices {
            let (width, overflow) = upper[i].subtractingReportingOverflow(lower[i])
            guard !overflow, width < 1 << 62 else {
                throw .overflow(layer: "segment link", reason: "element \(i) spans [\(lower[i]), \(upper[i])]")
            }
            widest = max(widest, IntegerMath.bitsFor(width + 1))
        }
        bits = widest
    }

    /// Whether `values` has one element per linked slot, each within its static bound.
    func contains(_ values: [Int64]) -> Bool {
        values.count == lower.count && values.indices.allSatisfy { lower[$0] <= values[$0] && values[$0] <= upper[$0] }
    }

    /// The packed field elements of in-bound values (off-circuit twin of `packed(_:)`).
    func pack(_ values: [Int64]) -> [Fr] {
        var out: [Fr] = []
        var start = 0
        while start < values.count {
            let end = min(start + slotsPerElement, values.count)
            var acc = Fr.zero
            for k in start..<end {
                acc += Fr(values[k] &- lower[k]) * fieldPowerOfTwo(bits * (k - start))
            }
            out.append(acc)
            start = end
        }
        return out
    }

    /// The public link value for in-bound `values`.
    public func hash(_ values: [Int64]) -> Fr {
        Poseidon.chainHash(pack(values))
    }

    /// In-circuit packing of combinations whose values are in bound.
    func packed(_ values: [LinearCombination]) -> [LinearCombination] {
        var out: [LinearCombination] = []
        var start = 0
        while start < values.count {
            let end = min(start + slotsPerElement, values.count)
            var acc = LinearCombination()
            for k in start..<end {
                let shift = fieldPowerOfTwo(bits * (k - start))
                acc.add(values[k] - LinearCombination(constant: Fr(lower[k])), scaledBy: shift)
            }
            out.append(acc)
            start = end
        }
        return out
    }

    /// Producer side: the hash of `values` (already in bound) equals `hash`. ⌈m/15⌉ Poseidon calls + 1.
    func enforceOutput(_ cs: ConstraintSystem, _ values: [LinearCombination], equals hash: Variable) {
        let h = cs.poseidonChain(packed(values), label: "segment output hash")
        cs.assertEqual(h, hash, label: "segment output hash = public signal")
    }

    /// Consumer side: allocates the linked elements as private witnesses (values from `values`), range-checks
    /// each to `bits` bits above its lower bound, and binds their hash to `hash`. (bits + 1) per element +
    /// ⌈m/15⌉ Poseidon calls + 1.
    func enforceInput(_ cs: ConstraintSystem, values: [Int64], equals hash: Variable) -> [BoundedCombination] {
        var lcs: [LinearCombination] = []
        var out: [BoundedCombination] = []
        for (i, v) in values.enumerated() {
            let x = LinearCombination(cs.allocateWitness(Fr(v)))
            cs.rangeCheck(x - LinearCombination(constant: Fr(lower[i])), bitCount: bits, label: "segment input[\(i)]")
            lcs.append(x)
            out.append(BoundedCombination(lc: x, lower: lower[i], upper: upper[i]))
        }
        let h = cs.poseidonChain(packed(lcs), label: "segment input hash")
        cs.assertEqual(h, hash, label: "segment input hash = public signal")
        return out
    }

    /// Estimated constraints of the producer and consumer sides (for balancing cuts).
    var estimatedCost: (producer: Int, consumer: Int) {
        let elements = (lower.count + slotsPerElement - 1) / slotsPerElement
        let hash = (elements + Poseidon.chainChunkSize - 1) / Poseidon.chainChunkSize * 613 + 1
        return (hash, hash + lower.count * (bits + 1))
    }
}
