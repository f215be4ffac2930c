// `zkbench groth16`: setup, prove (with its breakdown), verify, proof size and the prover's peak memory for
// synthetic circuits whose evaluation domain is exactly 2^k (2^k − 5 constraints, 4 public inputs): `groth16`
// with uniformly random values, `groth16-zkml` with the value distribution of a quantised model's witness.
import BN254
import Groth16
import R1CS
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Groth16Suite: BenchmarkSuite {
    static let name = "groth16"
    static let summary = "Groth16 setup, prove (+ breakdown, vs. its MSM+NTT kernels), verify, proof bytes, peak memory"

    static func cases(_ options: BenchmarkOptions) -> [BenchmarkCase] {
        var cases: [BenchmarkCase] = []
        for logSize in options.logSizes(default: [16, 18, 20]) {
            let threads = options.threadCounts.first ?? coreCount
            let circuits: [(String, (Int) -> (ConstraintMatrices, Witness))] = [
                ("groth16", Groth16Figures.syntheticCircuit), ("groth16-zkml", Groth16Figures.zkmlCircuit),
            ]
            for (name, build) in circuits {
                let export = options.exportDirectory.map { "\($0)/\(name)-\(logSize)" }
                cases.append(
                    BenchmarkCase(name: name, size: 1 << logSize, threads: threads) { recorder in
                        Groth16Figures.run(
                            circuit: build(logSize), threads: threads, export: export, recorder: recorder)
                    })
            }
        }
        return cases
    }
}

enum Groth16Figures {
    static let publicCount = 4

    /// A circuit with 2^k − 5 constraints (domain exactly 2^k with the 5 public-input rows):
    /// w_{i+3} = (w_{i+2} + 3·w_{i+1}) · (w_i + x_{i mod 4}), values uniformly random.
    static func syntheticCircuit(logSize: Int) -> (ConstraintMatrices, Witness) {
        var rng = SeededRNG(seed: UInt64(logSize))
        let constraintCount = (1 << logSize) - publicCount - 1
        let cs = ConstraintSystem(recordLabels: false)
        let inputs = (0..<publicCount).map { cs.allocatePublicInput(Fr.random(using: &rng), label: "x\($0)") }
        var w = (0..<3).map { _ in cs.allocateWitness(Fr.random(using: &rng)) }
        let three = Fr(3)
        for i in 0..<constraintCount {
            let a = LinearCombination(w[i + 2]) + LinearCombination(w[i + 1], coefficient: three)
            let b = LinearCombination(w[i]) + inputs[i % publicCount]
            let next = cs.allocateWitness(cs.value(of: a) * cs.value(of: b))
            cs.enforce(a, b, LinearCombination(next))
            w.append(next)
        }
        return cs.finalize()
    }

    /// A circuit with 2^k − 5 constraints whose witness looks like a quantised model's (range checks and
    /// small signed products, as `Compiler` emits): blocks of p = x·y (x the previous block's requantised
    /// product, y a fresh signed 8-bit value), the 16 bits of p + 2^15 (b·b = b), their recomposition and the
    /// next x from the top byte; every fourth block also squares a running full-size value. Values: ≈ 83% bits,
    /// ≈ 15% small signed (about half negative, i.e. r − |v|), ≈ 1% uniformly random.
    static func zkmlCircuit(logSize: Int) -> (ConstraintMatrices, Witness) {
        var rng = SeededRNG(seed: UInt64(logSize) &+ 0x5A4B)
        let constraintCount = (1 << logSize) - publicCount - 1
        let cs = ConstraintSystem(recordLabels: false)
        let inputs = (0..<publicCount).map { cs.allocatePublicInput(Fr(Int64($0) - 2), label: "x\($0)") }
        func small() -> Int64 { Int64(rng.next() % 256) - 128 }
        var x = cs.allocateWitness(Fr(small()))
        var f = cs.allocateWitness(Fr.random(using: &rng))
        var emitted = 0
        var block = 0
        while emitted < constraintCount {
            if constraintCount - emitted < 20 {
                // Pad with range-check bits.
                let bit = cs.allocateWitness(Fr(Int64(rng.next() & 1)))
                cs.enforce(LinearCombination(bit), LinearCombination(bit), LinearCombination(bit))
                emitted += 1
                continue
            }
            let y = cs.allocateWitness(Fr(small()))
            let p = cs.allocateWitness(cs.value(of: x) * cs.value(of: y))
            cs.enforce(LinearCombination(x), LinearCombination(y), LinearCombination(p))
            let shifted = cs.value(of: p) + Fr(1 << 15)
            let limbs = shifted.canonicalLimbs
            var recomposed = LinearCombination()
            var topByte = LinearCombination()
            for j in 0..<16 {
                let bit = cs.allocateWitness(Fr(Int64((limbs.0 >> UInt64(j)) & 1)))
                cs.enforce(LinearCombination(bit), LinearCombination(bit), LinearCombination(bit))
                recomposed.add(bit, coefficient: Fr(Int64(1) << Int64(j)))
                if j >= 8 { topByte.add(bit, coefficient: Fr(Int64(1) << Int64(j - 8))) }
            }
            cs.enforce(recomposed, .one, LinearCombination(p) + Fr(1 << 15))
            emitted += 18
            if block % 4 == 0 {
                let input = inputs[(block / 4) % publicCount]
                let next = cs.allocateWitness(cs.value(of: f) * (cs.value(of: f) + cs.value(of: input)))
                cs.enforce(LinearCombination(f), LinearCombination(f) + input, LinearCombination(next))
                f = next
                emitted += 1
            }
            // Keep activations small: rescale the product (its top byte) as a model's requantisation would.
            x = cs.allocateWitness(Fr(Int64((limbs.0 >> 8) & 0xFF) - 128))
            cs.enforce(topByte - Fr(128), .one, LinearCombination(x))
            emitted += 1
            block += 1
        }
        return cs.finalize()
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }

    static func run(
        circuit build: @autoclosure () -> (ConstraintMatrices, Witness), threads: Int, export: String?,
        recorder: FigureRecorder
    ) {
        var t0 = monotonicSeconds()
        let (r1cs, witness) = build()
        recorder.value("circuit-build", monotonicSeconds() - t0, unit: .seconds)
        if let export {
            let written =
                writeFile(export + ".r1cs", CircomR1CS(r1cs: r1cs).serialized())
                && writeFile(export + ".wtns", CircomWitness(values: witness.values).serialized())
            if !written { writeStandardError("zkbench groth16: cannot write \(export).r1cs/.wtns\n") }
        }

        t0 = monotonicSeconds()
        let (pk, vk) = Groth16Setup.generate(r1cs: r1cs, threads: threads)
        recorder.value("setup", monotonicSeconds() - t0, unit: .seconds)

        // Peak memory of proving alone: reset the kernel's high-water mark after setup (Linux
        // /proc/self/clear_refs "5"), then read VmHWM after the proof.
        let resetWorked = PeakMemory.reset()
        let (proof, timings): (Proof, Groth16ProverTimings)
        do {
            (proof, timings) = try Groth16Prover.proveWithTimings(
                provingKey: pk, r1cs: r1cs, witness: witness, threads: threads)
        } catch {
            writeStandardError("zkbench groth16: prover failed: \(error)\n")
            return
        }
        if resetWorked, let peak = PeakMemory.highWaterBytes() {
            recorder.value("prove-peak-rss", Double(peak), unit: .bytes)
        } else {
            recorder.value("process-peak-rss", Double(peakResidentBytes()), unit: .bytes)
        }
        recorder.value("prove", seconds(timings.total), unit: .seconds)
        let parts: [(String, Duration)] = [
            ("prove-witness", timings.witnessCheck), ("prove-qap-eval", timings.qapEvaluation),
            ("prove-ntt", timings.ntt), ("prove-msm-a", timings.msmA), ("prove-msm-b1", timings.msmB1),
            ("prove-msm-b2", timings.msmB2), ("prove-msm-l", timings.msmL), ("prove-msm-h", timings.msmH),
            ("prove-assemble", timings.assemble),
        ]
        for (name, duration) in parts { recorder.value(name, seconds(duration) * 1e3, unit: .milliseconds) }

        // The prover's kernels measured alone: its 6 NTTs of size N and the five MSMs with the same inputs.
        let z = witness.values
        let n = pk.domainSize
        var values = (0..<n).map { Fr(UInt64($0) &+ 1) }
        guard let domain = EvaluationDomain(size: n) else { return }
        t0 = monotonicSeconds()
        for _ in 0..<3 { domain.inverseNTT(&values, threads: threads) }
        for _ in 0..<2 { domain.cosetForwardNTT(&values, threads: threads) }
        domain.cosetInverseNTT(&values, threads: threads)
        blackHole(values)
        let nttAlone = monotonicSeconds() - t0
        let privateStart = r1cs.publicInputCount + 1
        t0 = monotonicSeconds()
        blackHole(MSM.pippenger(points: pk.aQuery, scalars: z, threads: threads))
        blackHole(MSM.pippenger(points: pk.bG1Query, scalars: z, threads: threads))
        blackHole(MSM.pippenger(points: pk.bG2Query, scalars: z, threads: threads))
        blackHole(MSM.pippenger(points: pk.lQuery, scalars: Array(z[privateStart...]), threads: threads))
        blackHole(MSM.pippenger(points: pk.hQuery, scalars: Array(values.prefix(n - 1)), threads: threads))
        let msmAlone = monotonicSeconds() - t0
        recorder.value("kernels-ntt", nttAlone * 1e3, unit: .milliseconds)
        recorder.value("kernels-msm", msmAlone * 1e3, unit: .milliseconds)
        recorder.value("prove/kernels", seconds(timings.total) / (nttAlone + msmAlone), unit: .count)

        let prepared: PreparedVerifyingKey
        do { prepared = try PreparedVerifyingKey(vk) } catch { return }
        let inputs = Array(witness.publicValues)
        var accepted = true
        recorder.time("verify", unit: .milliseconds) {
            accepted =
                accepted
                && ((try? Groth16Verifier.verify(
                    preparedKey: prepared, publicInputs: inputs,
                    proof: proof)) ?? false)
        }
        if !accepted { writeStandardError("zkbench groth16: the proof did not verify\n") }
        recorder.time("verify-unprepared", unit: .milliseconds) {
            blackHole(try? Groth16Verifier.verify(verifyingKey: vk, publicInputs: inputs, proof: proof))
        }
        // The verifier's parts (public BN254 API), to see where its time goes.
        recorder.time("verify-g2-subgroup", unit: .milliseconds) { blackHole(proof.b.isInSubgroup) }
        recorder.time("verify-g2-prepare", unit: .milliseconds) { blackHole(G2Prepared(proof.b)) }
        let pairs = [
            (proof.a, G2Prepared(proof.b)), (proof.c, G2Prepared(vk.gammaG2)), (vk.alphaG1, G2Prepared(vk.deltaG2)),
        ]
        var miller = Fq12.one
        recorder.time("verify-miller-loop-3", unit: .milliseconds) { miller = Pairing.multiMillerLoop(pairs) }
        recorder.time("verify-final-exp", unit: .milliseconds) { blackHole(Pairing.finalExponentiation(miller)) }
        recorder.value("proof-bytes", Double(proof.uncompressedBytes.count), unit: .bytes)
        recorder.value("proof-bytes-compressed", Double(proof.compressedBytes.count), unit: .bytes)
    }
}

/// Writes `bytes` to `path` (created or truncated); false on any failure.
func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
    guard let file = fopen(path, "wb") else { return false }
    let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    return fclose(file) == 0 && written == bytes.count
}

/// Linux's per-process resident high-water mark, resettable (proc(5): clear_refs "5", VmHWM).
enum PeakMemory {
    static func reset() -> Bool {
        guard let file = fopen("/proc/self/clear_refs", "w") else { return false }
        defer { fclose(file) }
        return fputs("5", file) >= 0
    }

    static func highWaterBytes() -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let bytes = line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            let text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix("VmHWM:") {
                let digits = text.filter(\.isNumber)
                return Int(digits).map { $0 * 1024 }
            }
        }
        return nil
    }
}
