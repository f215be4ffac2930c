// zkbench's own timing harness (no package dependencies): every timed figure is the minimum and the
// median of several runs, and everything a run computes passes through `blackHole` so that the
// optimiser cannot delete the work.
//
// Registration API (for other areas, e.g. Groth16Bench.swift):
//   1. Declare `enum MySuite: BenchmarkSuite` with `name` (the subcommand), `summary`, and
//      `cases(_ options:)` returning `[BenchmarkCase]`. Building the cases must be cheap: put input
//      generation inside each case's `run` closure, so that filtered-out cases cost nothing.
//   2. Add `MySuite.self` to `registeredSuites()` in Suites.swift.
//   In `run`, report figures through the `FigureRecorder`:
//      `recorder.time(unit: .nanoseconds, operationsPerRun: n) { ... }` times a body (min + median per
//      operation), `recorder.value(_:unit:)` reports an untimed quantity (bytes, counts), and
//      `recorder.seconds(_:)`-style single measurements go through `value` with a time unit.
//   `peakResidentBytes()` gives getrusage's ru_maxrss in bytes.
import BN254
import Dispatch
import Hashing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A benchmark area: one `zkbench <name>` subcommand.
protocol BenchmarkSuite {
    /// The subcommand (e.g. "bn254").
    static var name: String { get }
    /// One line for `zkbench --help`.
    static var summary: String { get }
    /// The figures this suite can produce, in print order. Must not do expensive work itself.
    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase]
}

/// One figure (or a family of figures reported by one run, e.g. a prover breakdown).
struct BenchmarkCase {
    /// Figure name, matched by `--filter` (substring), e.g. "msm-g1".
    let name: String
    /// Problem size (element count), nil for fixed-size operations.
    let size: Int?
    /// Threads the measured code uses.
    let threads: Int
    /// Measures and reports through the recorder.
    let run: (FigureRecorder) -> Void
}

/// Command-line options shared by all suites.
struct BenchmarkOptions {
    /// Thread counts to run parallel figures with (`--threads 1,2`; default: all cores).
    var threadCounts: [Int] = [coreCount]
    /// Substring filters on figure names (`--filter`); empty = everything.
    var filters: [String] = []
    /// log2 sizes restricting size sweeps (`--sizes 16,20`); empty = each suite's default sweep.
    var logSizes: [Int] = []
    /// Timed runs per figure (`--runs N`); nil = adaptive (at least 3, more while cheap).
    var runs: Int? = nil
    /// One JSON object per line instead of text.
    var json = false

    /// The suite's default sweep, or the sizes given with `--sizes` that the suite supports.
    func logSizes(default sweep: [Int]) -> [Int] {
        logSizes.isEmpty ? sweep : logSizes
    }

    func matches(_ name: String) -> Bool {
        filters.isEmpty || filters.contains { name.contains($0) }
    }
}

/// Measurement units and their scale from seconds.
enum BenchmarkUnit: String {
    case nanoseconds = "ns"
    case microseconds = "us"
    case milliseconds = "ms"
    case seconds = "s"
    case bytes = "bytes"
    case count = "count"

    var perSecond: Double {
        switch self {
        case .nanoseconds: 1e9
        case .microseconds: 1e6
        case .milliseconds: 1e3
        case .seconds, .bytes, .count: 1
        }
    }
}

/// Collects and prints the figures of one case.
final class FigureRecorder {
    let benchmarkCase: BenchmarkCase
    let options: BenchmarkOptions

    init(_ benchmarkCase: BenchmarkCase, options: BenchmarkOptions) {
        self.benchmarkCase = benchmarkCase
        self.options = options
    }

    /// Times `body` (which performs `operationsPerRun` operations) several times and reports the
    /// minimum and median time per operation. `setup`, if given, runs untimed before every run (e.g. to
    /// restore an input that the body transforms in place).
    func time(
        _ name: String? = nil, unit: BenchmarkUnit, operationsPerRun: Int = 1,
        setup: () -> Void = {}, _ body: () -> Void
    ) {
        var samples: [Double] = []
        var cpuSpent = 0.0  // process CPU seconds over the timed runs (all threads)
        let maxRuns = options.runs ?? 15
        let minRuns = options.runs ?? 3
        let budget = 3.0  // seconds of timed work per figure before stopping at minRuns
        var spent = 0.0
        // One untimed warm-up when a run is cheap (page faults, caches, lazy globals).
        setup()
        let warm = monotonicSeconds()
        body()
        let warmTime = monotonicSeconds() - warm
        if warmTime > 1.0 && options.runs == nil {
            samples.append(warmTime)  // expensive: the warm-up run counts (its CPU time is not tracked)
            spent += warmTime
        }
        let timedFrom = samples.count
        while samples.count < maxRuns && (samples.count < minRuns || spent < budget) {
            setup()
            let c0 = processCPUSeconds()
            let t0 = monotonicSeconds()
            body()
            let dt = monotonicSeconds() - t0
            cpuSpent += processCPUSeconds() - c0
            samples.append(dt)
            spent += dt
        }
        let timedWall = samples[timedFrom...].reduce(0, +)
        samples.sort()
        let scale = unit.perSecond / Double(operationsPerRun)
        emit(
            name ?? benchmarkCase.name, unit: unit, minimum: samples[0] * scale,
            median: samples[samples.count / 2] * scale, runs: samples.count,
            cpuPerWall: timedWall > 0 ? cpuSpent / timedWall : nil)
    }

    /// Reports an untimed quantity (bytes, counts) or a single externally measured duration.
    func value(_ name: String? = nil, _ value: Double, unit: BenchmarkUnit) {
        emit(name ?? benchmarkCase.name, unit: unit, minimum: value, median: value, runs: 1, cpuPerWall: nil)
    }

    /// `cpuPerWall`: process CPU time / wall time over the timed runs. About `threads` on an idle machine;
    /// well below it means the machine was busy and the figure is inflated (compare ratios from one run).
    private func emit(
        _ name: String, unit: BenchmarkUnit, minimum: Double, median: Double, runs: Int, cpuPerWall: Double?
    ) {
        let size = benchmarkCase.size
        let threads = benchmarkCase.threads
        if options.json {
            var fields = ["\"name\":\(JSONString.quote(name))"]
            fields.append("\"size\":\(size.map(String.init) ?? "null")")
            fields.append("\"threads\":\(threads)")
            fields.append("\"unit\":\(JSONString.quote(unit.rawValue))")
            fields.append("\"value\":\(jsonNumber(minimum))")
            fields.append("\"median\":\(jsonNumber(median))")
            fields.append("\"runs\":\(runs)")
            if let cpuPerWall { fields.append("\"cpu_per_wall\":\(jsonNumber(cpuPerWall))") }
            print("{" + fields.joined(separator: ",") + "}")
        } else {
            let sizeText = size.map(sizeDescription) ?? "-"
            let line =
                pad(name, 18) + " size " + pad(sizeText, 6) + " threads " + pad(String(threads), 3)
                + " min " + pad(significant(minimum), 10) + " median " + pad(significant(median), 10)
                + " " + pad(unit.rawValue, 5) + " (\(runs) run\(runs == 1 ? "" : "s")"
                + (cpuPerWall.map { ", cpu/wall " + significant($0, digits: 2) } ?? "") + ")"
            print(line)
        }
    }
}

/// Keeps `value` alive: the optimiser cannot prove it unused, so the work producing it stays.
@inline(never) @_optimize(none)
func blackHole<T>(_ value: T) {}

#if canImport(Glibc)
private let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif

/// Writes `text` to standard error (unbuffered, no shared FILE state).
func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

/// Online processors, counted where every kernel counts them (`BN254.Parallel`).
let coreCount = Parallel.coreCount

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU seconds consumed by this process (all threads).
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Peak resident set size of this process so far (getrusage ru_maxrss, kilobytes on Linux) in bytes.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF_WHO, &usage)
    #if canImport(Darwin)
    return Int(usage.ru_maxrss)
    #else
    return Int(usage.ru_maxrss) * 1024
    #endif
}

// MARK: formatting (no Foundation)

func sizeDescription(_ size: Int) -> String {
    if size > 0 && size & (size - 1) == 0 { return "2^\(size.trailingZeroBitCount)" }
    return String(size)
}

func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}

/// `x` with 4 significant digits, plain decimal notation.
func significant(_ x: Double, digits: Int = 4) -> String {
    if x == 0 || !x.isFinite { return x == 0 ? "0" : "\(x)" }
    var magnitude = 0
    var m = abs(x)
    while m >= 10 {
        m /= 10
        magnitude += 1
    }
    while m < 1 {
        m *= 10
        magnitude -= 1
    }
    let decimals = max(0, digits - 1 - magnitude)
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (abs(x) * scale).rounded()
    var text = String(Int(rounded))
    if decimals > 0 {
        while text.count <= decimals { text = "0" + text }
        text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
    }
    return (x < 0 ? "-" : "") + text
}

func jsonNumber(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
