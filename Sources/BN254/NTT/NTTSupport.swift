// Helpers shared by the NTT passes (work splitting itself is `Parallel`).

/// A raw element pointer that may cross into `concurrentPerform` workers. Sound only because every worker
/// touches a disjoint index set and the caller keeps the buffer alive for the call's duration.
struct NTTSharedPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Fr>
}

/// Bit reversal of the low `bits` bits of `value` (bits = 0 gives 0).
@inline(__always)
func nttBitReverse(_ value: Int, bits: Int) -> Int {
    var v = UInt64(truncatingIfNeeded: value)
    v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1)
    v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2)
    v = ((v >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((v & 0x0F0F_0F0F_0F0F_0F0F) << 4)
    v = ((v >> 8) & 0x00FF_00FF_00FF_00FF) | ((v & 0x00FF_00FF_00FF_00FF) << 8)
    v = ((v >> 16) & 0x0000_FFFF_0000_FFFF) | ((v & 0x0000_FFFF_0000_FFFF) << 16)
    v = (v >> 32) | (v << 32)
    return bits == 0 ? 0 : Int(truncatingIfNeeded: v >> UInt64(64 - bits))
}
