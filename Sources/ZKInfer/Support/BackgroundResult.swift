import Foundation

/// A value computed on another thread while the caller does something else, then collected with `value()`,
/// which waits for it. `prove` loads the proving key this way during witness generation (single-threaded), so the
/// key's decoding runs on the core the witness leaves idle.
///
/// Invariant: the body runs exactly once, started at `init`; `value()` returns its result (or rethrows its error)
/// on every call, after it has finished.
final class BackgroundResult<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the worker before `done` is signalled; read only after waiting on `done`.
    private var result: Result<T, ZKInferError>?

    /// Starts `body` on a global queue.
    init(_ body: @escaping @Sendable () throws(ZKInferError) -> T) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = Result { () throws(ZKInferError) in try body() }
            self.done.signal()
        }
    }

    /// Waits for the body and returns its value or throws its error.
    func value() throws(ZKInferError) -> T {
        done.wait()
        done.signal()  // let later calls through
        return try result!.get()
    }
}
