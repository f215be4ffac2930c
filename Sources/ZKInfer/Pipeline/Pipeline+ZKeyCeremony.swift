import Foundation
import Groth16
import Hashing
import R1CS

/// The result of `ceremony verify FILE.zkey`: the contributions checked and, as plain lines, what was checked
/// and what could not be (no `.ptau`, no initial key, no circuit).
public struct ZKeyCeremonyReport: Sendable {
    /// The key's file name.
    public var zkeyFile: String
    /// The circuit hash (snarkjs csHash, 128 hex digits) section 10 records.
    public var circuitHash: String
    /// Every phase-2 contribution, in order, each checked against the one before it.
    public var contributions: [CeremonyVerifyReport.Entry]
    /// What was verified, one line each.
    public var checked: [String]
    /// What could not be verified with the files given, one line each (empty when the ptau and the circuit were).
    public var notChecked: [String]
    /// Wall-clock duration of the verification in seconds.
    public var seconds: Double
}

extension Pipeline {
    /// `ceremony verify FILE.zkey [--initial FILE] [--r1cs FILE] [--ptau FILE]`: the phase-2 ceremony recorded in
    /// a snarkjs `.zkey` (snarkjs `zkey verify`). Always the contribution chain of section 10 and the key's δ;
    /// with `initial` (the `zkey new` output) that it is a phase-2 start whose circuit hash is the hash of its
    /// points and that the key is it after the contributions (`Phase2Verification`); with `r1cs`, section 4
    /// against the circuit; with `ptau` (and `r1cs`), the initial key recomputed from both, as snarkjs does.
    /// Throws `.ceremonyInvalid` (a negative result) when a check fails.
    public static func verifyZKeyCeremony(
        zkey zkeyPath: String, initial initialPath: String?, r1cs r1csPath: String?, ptau ptauPath: String?,
        progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> ZKeyCeremonyReport {
        let start = DispatchTime.now().uptimeNanoseconds
        let timer = StepTimer(progress: progress)
        let name = URL(fileURLWithPath: zkeyPath).lastPathComponent
        let key = try readOutsideZKey(zkeyPath)
        var checked: [String] = []
        var notChecked: [String] = []
        let (entries, _) = try timer.run("check the contributions of \(name)") { () throws(ZKInferError) in
            try ceremonyStep { () throws(CeremonyError) in try Phase2Verification.verifyContributions(key, file: name) }
        }
        checked.append(
            "section 10: every contribution's transcript hash, proof of knowledge and δ step (from δ = 1)"
                + (entries.contains(where: \.isBeacon) ? ", the beacon's derivation" : "")
                + "; the header's δ₁, δ₂ are the last δ")
        var circuit: ConstraintMatrices?
        if let r1csPath {
            let bytes = try FileIO.read(r1csPath)
            do throws(BinFileError) { circuit = try CircomR1CS(bytes: bytes, file: r1csPath).r1cs } catch {
                throw .malformed(path: r1csPath, reason: "\(error.part): \(error.reason)")
            }
            if let mismatch = key.mismatch(r1cs: circuit!) {
                throw .ceremonyInvalid(reason: "\(name): not a key for the circuit \(r1csPath): \(mismatch)")
            }
            checked.append("sections 2 and 4: the circuit's sizes and A/B coefficients (\(r1csPath))")
        }
        if let ptauPath, let circuit {
            let (ptau, ptauReport) = try checkedPtau(ptauPath, r1cs: circuit, timer: timer)
            let ((initial, monomialH), _) = try timer.run("recompute the initial key") { () throws(ZKInferError) in
                try ceremonyStep { () throws(CeremonyError) in try Phase2Setup.initialZKey(r1cs: circuit, ptau: ptau) }
            }
            for (path, k) in [(initialPath, nil), (zkeyPath, key)] as [(String?, ZKey?)] {
                guard let path else { continue }
                let file = URL(fileURLWithPath: path).lastPathComponent
                let zkey: ZKey
                if let k { zkey = k } else { zkey = try readOutsideZKey(path) }
                _ = try timer.run("check \(file) against it") { () throws(ZKInferError) in
                    try ceremonyStep { () throws(CeremonyError) in
                        try Phase2Ceremony.verify(zkey: zkey, initial: initial, monomialH: monomialH, file: file)
                    }
                }
            }
            checked.append(
                "\(ptau.fileName): \(ptauReport.contributions.count) phase-1 contribution(s) and the powers; "
                    + "the initial key recomputed from it and the circuit: the circuit hash, sections 2–7 identical, "
                    + "sections 8 and 9 its points scaled by 1/δ")
        } else if let initialPath {
            let file = URL(fileURLWithPath: initialPath).lastPathComponent
            let initial = try readOutsideZKey(initialPath)
            _ = try timer.run("check \(file) and the update") { () throws(ZKInferError) in
                try ceremonyStep { () throws(CeremonyError) in
                    try Phase2Verification.verifyInitial(initial, file: file)
                    try Phase2Verification.verifyUpdate(initial: initial, final: key, file: name)
                }
            }
            checked.append(
                "\(file): a phase-2 start (no contribution, γ = δ = 1) whose circuit hash is the BLAKE2b "
                    + "of its points")
            checked.append(
                "\(name): sections 2–7 and the circuit hash identical to \(file), sections 8 (C) and 9 (H) "
                    + "its points scaled by 1/δ")
            notChecked.append(
                "initial key not checked against a ptau: that its points are the circuit's QAP at the "
                    + "phase-1 τ, α, β (give --ptau and --r1cs)")
        } else {
            notChecked.append(
                "no initial key (--initial): sections 3–9 not checked against the phase-2 start, the "
                    + "circuit hash not checked against any key's points")
            notChecked.append("initial key not checked against a ptau (give --ptau and --r1cs)")
        }
        if circuit == nil { notChecked.append("section 4 not checked against a circuit (give --r1cs)") }
        return ZKeyCeremonyReport(
            zkeyFile: name, circuitHash: Hex.encode(key.transcript?.circuitHash ?? []),
            contributions: entries.map {
                .init(index: $0.index, name: $0.name, hash: Hex.encode($0.hash), isBeacon: $0.isBeacon)
            },
            checked: checked, notChecked: notChecked,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// A `.zkey` from outside: every point on its curve and in its subgroup (the B₂ points too).
    static func readOutsideZKey(_ path: String) throws(ZKInferError) -> ZKey {
        let bytes = try FileIO.read(path)
        do throws(BinFileError) { return try ZKey(bytes: bytes, file: path, checkProvingKeySubgroup: true) } catch {
            throw .malformed(path: path, reason: "\(error.part): \(error.reason)")
        }
    }
}
