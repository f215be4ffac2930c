import Foundation

/// Work splitting for the setup and the prover: contiguous chunks run with `DispatchQueue.concurrentPerform`
/// (gnark `parallel.Execute(n, func(start, end))`). Chunk boundaries depend only on `count` and `chunkCount`,
/// so results never depend on scheduling.
enum Parallel {
    /// The number of cores to use when the caller passes nil.
    static var defaultThreadCount: Int { max(ProcessInfo.processInfo.activeProcessorCount, 1) }

    /// Calls `body(range)` for `chunkCount` contiguous ranges covering 0..<count, concurrently.
    static func forEachChunk(count: Int, chunkCount: Int, _ body: (Range<Int>) -> Void) {
        forEachChunk(count: count, chunkCount: chunkCount) { (_: Int, range: Range<Int>) in body(range) }
    }

    /// The number of chunks `forEachChunk` uses for these arguments.
    static func chunks(count: Int, chunkCount: Int) -> Int { max(1, min(chunkCount, count)) }

    /// Calls `body(chunkIndex, range)` for each of `chunks(count:chunkCount:)` contiguous ranges covering
    /// 0..<count, concurrently.
    static func forEachChunk(count: Int, chunkCount: Int, _ body: (Int, Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = chunks(count: count, chunkCount: chunkCount)
        if chunks == 1 { body(0, 0..<count); return }
        withoutActuallyEscaping(body) { escapable in
            // The closure runs only during concurrentPerform, which returns after every iteration; callers
            // write disjoint ranges of their buffers.
            nonisolated(unsafe) let work = escapable
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = count * chunk / chunks
                let end = count * (chunk + 1) / chunks
                if start < end { work(chunk, start..<end) }
            }
        }
    }
}
