// zkbench: benchmarks for zkinfer. `zkbench <suite> [options]`; see `zkbench --help` and Harness.swift.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func usage() -> String {
    var text = """
        usage: zkbench <suite> [--json] [--threads N[,N…]] [--filter NAME[,NAME…]] [--sizes K[,K…]] [--runs N] [--list]
          --json      one JSON object per figure and line: name, size, threads, unit, value (= minimum), median, runs
          --threads   thread counts for parallel figures (default: all \(coreCount) cores)
          --filter    run only figures whose name contains one of these strings (e.g. msm-g1, ntt)
          --sizes     log2 sizes for size sweeps (e.g. 16,20)
          --runs      timed runs per figure (default: adaptive, at least 3)
          --list      print the figures that would run, without running them
        suites:

        """
    for suite in registeredSuites() { text += "  " + pad(suite.name, 10) + suite.summary + "\n" }
    return text
}

func fail(_ message: String) -> Never {
    writeStandardError("zkbench: \(message)\n\n\(usage())")
    exit(2)
}

func parseIntegers(_ text: String, option: String) -> [Int] {
    let parts = text.split(separator: ",")
    let values = parts.compactMap { Int($0) }
    if values.isEmpty || values.count != parts.count { fail("\(option) expects integers, got '\(text)'") }
    return values
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty || arguments.contains("--help") || arguments.contains("-h") {
    print(usage(), terminator: "")
    exit(arguments.isEmpty ? 2 : 0)
}
let suiteName = arguments.removeFirst()
guard let suite = registeredSuites().first(where: { $0.name == suiteName }) else {
    fail("unknown suite '\(suiteName)'")
}

var options = BenchmarkOptions()
var listOnly = false
while !arguments.isEmpty {
    let option = arguments.removeFirst()
    func argument() -> String {
        if arguments.isEmpty { fail("\(option) needs a value") }
        return arguments.removeFirst()
    }
    switch option {
    case "--json": options.json = true
    case "--list": listOnly = true
    case "--threads":
        options.threadCounts = parseIntegers(argument(), option: option)
        if options.threadCounts.contains(where: { $0 < 1 }) { fail("--threads must be ≥ 1") }
    case "--filter": options.filters = argument().split(separator: ",").map(String.init)
    case "--sizes":
        options.logSizes = parseIntegers(argument(), option: option)
        if options.logSizes.contains(where: { $0 < 0 || $0 > 30 }) { fail("--sizes are log2 sizes in 0…30") }
    case "--runs":
        guard let runs = parseIntegers(argument(), option: option).first, runs >= 1 else { fail("--runs must be ≥ 1") }
        options.runs = runs
    default: fail("unknown option '\(option)'")
    }
}

let selected = suite.cases(options).filter { options.matches($0.name) }
if selected.isEmpty { fail("no figure of '\(suite.name)' matches --filter \(options.filters.joined(separator: ","))") }
for benchmarkCase in selected {
    if listOnly {
        let size = benchmarkCase.size.map(sizeDescription) ?? "-"
        print(pad(benchmarkCase.name, 18) + " size " + pad(size, 6) + " threads \(benchmarkCase.threads)")
        continue
    }
    benchmarkCase.run(FigureRecorder(benchmarkCase, options: options))
}
