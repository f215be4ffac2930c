import Foundation
import ZKInfer

/// Shows the pipeline's progress on stderr while a long step runs: a line with the step name, the fraction
/// done when the step reports one, and the elapsed time, redrawn in place with `\r` a few times a second.
///
/// Invariant: when `enabled` is false (stderr is not a terminal, or `--json`), nothing is ever written.
/// Thread-safe: the pipeline may report from worker threads; a lock guards the state.
final class ProgressDisplay: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var step: String?
    private var fraction: Double?
    private var started = Date()
    private var timer: DispatchSourceTimer?
    private var lastWidth = 0

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// The handler to pass to the pipeline.
    var handler: ProgressHandler {
        { [weak self] event in self?.handle(event) }
    }

    private func handle(_ event: ProgressEvent) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(let name):
            step = name
            fraction = nil
            started = Date()
            startTimer()
            redraw()
        case .advanced(let f):
            fraction = f
        case .finished(let name, let seconds):
            stopTimer()
            clearLine()
            Console.errRaw("  \(name) … done in \(formatDuration(seconds))\n")
            step = nil
        }
    }

    private func startTimer() {
        if timer != nil { return }
        let t = DispatchSource.makeTimerSource(queue: .global())
        t.schedule(deadline: .now() + .milliseconds(200), repeating: .milliseconds(200))
        t.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.lock()
            self.redraw()
            self.lock.unlock()
        }
        t.resume()
        timer = t
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
    }

    /// Caller holds the lock.
    private func redraw() {
        guard let step else { return }
        let elapsed = Date().timeIntervalSince(started)
        var line = "  \(step) …"
        if let fraction { line += String(format: " %3.0f%%", fraction * 100) }
        line += " " + formatDuration(elapsed)
        clearLine()
        Console.errRaw("\r" + line)
        lastWidth = line.count
    }

    private func clearLine() {
        if lastWidth > 0 { Console.errRaw("\r" + String(repeating: " ", count: lastWidth) + "\r") }
        lastWidth = 0
    }

    deinit { timer?.cancel() }
}
