// Work splitting for the NTT: a thread count resolved once per call and contiguous chunks handed to
// `DispatchQueue.concurrentPerform` (gnark `parallel.Execute(n, func(start, end))`). Every chunk writes a
// disjoint set of elements and field arithmetic is exact, so the result never depends on the split.
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thread-count policy and chunked parallel loops for the NTT kernels.
enum NTTParallel {
    /// Online processors (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
    static let coreCount: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
    }()

    /// The thread count to use: `requested` (nil = all cores), clamped to 1…`work` so that no thread is
    /// handed an empty chunk.
    static func threadCount(_ requested: Int?, work: Int) -> Int {
        let wanted = requested ?? coreCount
        return max(1, min(wanted, work))
    }

    /// Calls `body(start, end)` on `threads` contiguous chunks covering 0..<count (sizes differ by at most
    /// one). Runs inline when `threads == 1`.
    static func forEachChunk(count: Int, threads: Int, _ body: @Sendable (Int, Int) -> Void) {
        if count == 0 { return }
        let t = max(1, min(threads, count))
        if t == 1 {
            body(0, count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: t) { k in
            let start = count * k / t
            let end = count * (k + 1) / t
            if start < end { body(start, end) }
        }
    }
}

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
