import Foundation

/// What the pipeline reports while it works, for a front end to display (the library itself never prints).
public enum ProgressEvent: Sendable {
    /// A named step began (e.g. "setup: proving key").
    case started(String)
    /// The current step is this fraction done, in 0...1 (only steps that can tell report it).
    case advanced(Double)
    /// The named step finished after `seconds` of wall-clock time.
    case finished(String, seconds: Double)
}

/// Receives progress events; may be called from any thread. `{ _ in }` ignores them.
public typealias ProgressHandler = @Sendable (ProgressEvent) -> Void

/// Wall-clock timing of pipeline steps, reported as `started`/`finished` events.
public struct StepTimer: Sendable {
    let progress: ProgressHandler

    /// A timer reporting to `progress`.
    public init(progress: @escaping ProgressHandler) {
        self.progress = progress
    }

    /// Runs `body` as step `name`, returning its result and the elapsed seconds.
    public func run<T>(_ name: String, _ body: () throws(ZKInferError) -> T) throws(ZKInferError) -> (T, Double) {
        progress(.started(name))
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        progress(.finished(name, seconds: seconds))
        return (value, seconds)
    }
}
