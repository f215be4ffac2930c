// The one work-splitting helper of the project (MSM, NTT, the Groth16 setup and prover), after gnark-crypto's
// `internal/parallel.Execute(n, work func(start, end int), maxCpus ...int)`: contiguous chunks run through
// `DispatchQueue.concurrentPerform`. Chunk boundaries depend only on the count and the thread count, never on
// scheduling, so callers that write disjoint memory per chunk get the same result for every thread count.
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thread-count policy and chunked parallel loops.
///
/// Invariant: `coreCount` ≥ 1 is the only place the project counts cores; every parallel API takes a
/// `threads: Int?` (nil = `coreCount`) and passes the resolved count down, so one `--threads` reaches every
/// kernel. Work closures are non-escaping and need not be `@Sendable`: each chunk must write only memory no
/// other chunk touches (the callers' responsibility, stated at each call).
public enum Parallel {
    /// Online processors (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1: the thread count when none is given.
    public static let coreCount: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
    }()

    /// `requested`, or `coreCount` when nil; a request below 1 means 1 (clamped, not trapped).
    public static func threadCount(_ requested: Int?) -> Int { max(1, requested ?? coreCount) }

    /// The number of chunks `execute` uses for `count` items on `threads` threads: min(threads, count), ≥ 1.
    public static func chunkCount(count: Int, threads: Int) -> Int { max(1, min(threads, count)) }

    /// Calls `work(start, end)` for `chunkCount(count:threads:)` contiguous chunks covering 0..<count (sizes
    /// differ by at most one), concurrently; on the calling thread when there is one chunk.
    public static func execute(count: Int, threads: Int, _ work: (_ start: Int, _ end: Int) -> Void) {
        execute(count: count, threads: threads) { (_: Int, start: Int, end: Int) in work(start, end) }
    }

    /// As `execute(count:threads:_:)`, also passing the chunk's index (0 ..< chunkCount), for per-chunk results.
    public static func execute(count: Int, threads: Int, _ work: (_ chunk: Int, _ start: Int, _ end: Int) -> Void) {
        guard count > 0 else { return }
        let chunks = chunkCount(count: count, threads: threads)
        if chunks == 1 {
            work(0, 0, count)
            return
        }
        withoutActuallyEscaping(work) { escapable in
            // The closure runs only during concurrentPerform, which returns after every iteration.
            nonisolated(unsafe) let work = escapable
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = count * chunk / chunks
                let end = count * (chunk + 1) / chunks
                if start < end { work(chunk, start, end) }
            }
        }
    }
}
