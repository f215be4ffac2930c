// `zkbench ceremony`: the phase-2 ceremony from a synthetic `.ptau` (SyntheticPtauForTestsOnly, a known τ) on the
// synthetic circuits of `zkbench groth16` (domain exactly 2^k), beside the single-party setup of the same circuit,
// and the peak memory of reading the ptau.
import BN254
import Foundation
import Groth16
import R1CS
import TestSupport

enum CeremonySuite: BenchmarkSuite {
    static let name = "ceremony"
    static let summary = "setup --ptau, contribute, verify (zkey form) vs single-party setup; ptau read peak memory"

    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        let threads = options.threadCounts.first ?? coreCount
        return options.logSizes(default: [16]).flatMap { logSize in
            [
                BenchmarkCase(name: "ceremony", size: 1 << logSize, threads: threads) { recorder in
                    CeremonyFigures.run(logSize: logSize, prepared: false, recorder: recorder)
                },
                BenchmarkCase(name: "prepared-ptau", size: 1 << logSize, threads: threads) { recorder in
                    CeremonyFigures.run(logSize: logSize, prepared: true, recorder: recorder)
                },
                BenchmarkCase(name: "ptau-read", size: 1 << logSize, threads: threads) { recorder in
                    CeremonyFigures.readPtau(power: logSize, recorder: recorder)
                },
            ]
        }
    }
}

enum CeremonyFigures {
    /// One measured run of every step for a domain of 2^k points, from a ptau of 2^(k+1) powers (the smallest
    /// that serves a `.zkey`, as for snarkjs); `prepared`: with the Lagrange sections 12–15 (as the Hermez files),
    /// so the initial key reads them instead of running the group FFTs.
    static func run(logSize: Int, prepared: Bool, recorder: FigureRecorder) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zkbench-\(logSize + 1)\(prepared ? "-prepared" : "").ptau"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rng = SeededRNG(seed: UInt64(logSize))
        do {
            var t0 = monotonicSeconds()
            try SyntheticPtauForTestsOnly.write(
                path: path, power: logSize + 1, seed: UInt64(logSize), prepared: prepared)
            recorder.value("ptau-write-synthetic", monotonicSeconds() - t0, unit: .seconds)
            let (r1cs, _) = Groth16Figures.syntheticCircuit(logSize: logSize)

            t0 = monotonicSeconds()
            blackHole(Groth16Setup.generateZKey(r1cs: r1cs))
            recorder.value("setup-single-party-zkey", monotonicSeconds() - t0, unit: .seconds)
            t0 = monotonicSeconds()
            blackHole(Groth16Setup.generate(r1cs: r1cs))
            recorder.value("setup-single-party", monotonicSeconds() - t0, unit: .seconds)

            // Reading (verifying) the ptau alone, then the initial key, each with its own high-water mark.
            let ptau = try PowersOfTau(path: path)
            var reset = PeakMemory.reset()
            var baseline = residentBytes() ?? 0
            t0 = monotonicSeconds()
            _ = try ptau.verify(subgroupCheckedG2Powers: 1 << logSize)
            recorder.value("ptau-verify", monotonicSeconds() - t0, unit: .seconds)
            if reset, let peak = PeakMemory.highWaterBytes() {
                recorder.value("ptau-verify-peak-rss", Double(peak), unit: .bytes)
                recorder.value("ptau-verify-peak-above-start", Double(peak - baseline), unit: .bytes)
            }
            reset = PeakMemory.reset()
            baseline = residentBytes() ?? 0
            t0 = monotonicSeconds()
            let (initial, monomialH) = try Phase2Setup.initialZKey(r1cs: r1cs, ptau: ptau)
            recorder.value("setup-ptau-initial-key", monotonicSeconds() - t0, unit: .seconds)
            if reset, let peak = PeakMemory.highWaterBytes() {
                recorder.value("setup-ptau-peak-rss", Double(peak), unit: .bytes)
                recorder.value("setup-ptau-peak-above-start", Double(peak - baseline), unit: .bytes)
            }
            recorder.value("zkey-bytes", Double(initial.serialized().count), unit: .bytes)

            // What GLV buys: the contribution's kernel (every L and H point times one scalar), both ways.
            let points = Array(initial.hQuery.prefix(1 << 14))
            let x = Fr.random(using: &rng)
            t0 = monotonicSeconds()
            blackHole(points.map { G1Jacobian($0) * x })
            let windowed = (monotonicSeconds() - t0) / Double(points.count)
            recorder.value("g1-mul-windowed", windowed * 1e6, unit: .microseconds)
            t0 = monotonicSeconds()
            blackHole(points.map { G1Jacobian($0).multipliedGLV(by: x) })
            recorder.value("g1-mul-glv", (monotonicSeconds() - t0) / Double(points.count) * 1e6, unit: .microseconds)

            t0 = monotonicSeconds()
            var (key, _) = Phase2Ceremony.contribute(zkey: initial, entropy: "bench", name: "bench")
            recorder.value("contribute", monotonicSeconds() - t0, unit: .seconds)
            (key, _) = Phase2Ceremony.contribute(zkey: key, entropy: "bench 2", name: "bench 2")

            t0 = monotonicSeconds()
            let report = try Phase2Ceremony.verify(zkey: key, initial: initial, monomialH: monomialH, file: "bench")
            recorder.value("verify-2-contributions", monotonicSeconds() - t0, unit: .seconds)
            if report.count != 2 { writeStandardError("zkbench ceremony: verify reported \(report.count)\n") }
        } catch {
            writeStandardError("zkbench ceremony: \(error)\n")
        }
    }

    /// Writing and verifying (streamed) a ptau of 2^`power` powers alone: time and peak memory above the start.
    static func readPtau(power: Int, recorder: FigureRecorder) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zkbench-read-\(power).ptau").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            var t0 = monotonicSeconds()
            try SyntheticPtauForTestsOnly.write(path: path, power: power, seed: UInt64(power))
            recorder.value("ptau-write-synthetic", monotonicSeconds() - t0, unit: .seconds)
            let ptau = try PowersOfTau(path: path)
            let reset = PeakMemory.reset()
            let baseline = residentBytes() ?? 0
            t0 = monotonicSeconds()
            _ = try ptau.verify(subgroupCheckedG2Powers: 1 << (power - 1))
            recorder.value("ptau-verify", monotonicSeconds() - t0, unit: .seconds)
            if reset, let peak = PeakMemory.highWaterBytes() {
                recorder.value("ptau-verify-peak-above-start", Double(peak - baseline), unit: .bytes)
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            recorder.value("ptau-bytes", Double((attributes?[.size] as? Int) ?? 0), unit: .bytes)
        } catch {
            writeStandardError("zkbench ceremony: \(error)\n")
        }
    }

    /// The current resident set size (Linux /proc/self/status VmRSS), to subtract from a reset high-water mark.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.filter(\.isNumber)).map { $0 * 1024 }
        }
        return nil
    }
}
