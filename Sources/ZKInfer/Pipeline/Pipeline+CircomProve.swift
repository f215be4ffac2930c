import BN254
import Foundation
import Groth16
import Hashing
import R1CS

/// The result of `Pipeline.proveCircom` (`zkinfer groth16 prove`). Only made for a proof that verified with the
/// zkey's verifying key and was written.
public struct CircomProveReport: Sendable {
    /// Where `proof.json` was written.
    public var proofPath: String
    /// Where `public.json` was written.
    public var publicPath: String
    /// nPublic: the witness's signals 1…nPublic, in `public.json`.
    public var publicSignalCount: Int
    /// Rows of the key's QAP (constraints + public signals + 1), a power of two.
    public var domainSize: Int
    /// True when the witness was checked against a given `.r1cs` (every constraint), false when only the
    /// final proof check vouches for it.
    public var witnessChecked: Bool
    /// `ProofFiles.digest(of:)` of the proof.
    public var proofSHA256: String
    /// Wall-clock seconds of the prover alone (reading the files and checking the proof not included).
    public var proveSeconds: Double
}

extension Pipeline {
    /// Proves a circuit from its circom/snarkjs files, as `snarkjs groth16 prove circuit.zkey witness.wtns`:
    /// reads the `.zkey` (every point on its curve, verifying-key points in their subgroup) and the `.wtns`,
    /// proves in snarkjs's QAP convention, checks the proof against the zkey's verifying key, and writes
    /// `proof.json` and `public.json` (z₁…z_ℓ) into `outputDirectory`.
    ///
    /// With `r1csPath` the key's section 4 must hold that circuit's A/B matrices and the witness must satisfy
    /// every constraint (the first violated one is named). Without it the key alone cannot check the witness
    /// (it holds A and B but not C): a witness that does not satisfy the circuit is caught only because its
    /// proof does not verify, and is then refused without naming a constraint.
    public static func proveCircom(
        zkeyPath: String, wtnsPath: String, r1csPath: String?, outputDirectory: String,
        progress: @escaping ProgressHandler
    ) throws(ZKInferError) -> CircomProveReport {
        let timer = StepTimer(progress: progress)
        let zkeyName = URL(fileURLWithPath: zkeyPath).lastPathComponent
        let (key, _) = try timer.run("read \(zkeyName)") { () throws(ZKInferError) -> ZKey in
            let bytes = try FileIO.read(zkeyPath)
            // The proof is checked below against this key's verifying key (whose points the reader checks for
            // subgroup membership), so the costly B₂ subgroup checks are not needed to hand out valid proofs.
            do throws(BinFileError) { return try ZKey(bytes: bytes, file: zkeyPath) } catch {
                throw .malformed(path: zkeyPath, reason: "\(error.part): \(error.reason)")
            }
        }
        let witness: [Fr]
        let wtnsBytes = try FileIO.read(wtnsPath)
        do throws(BinFileError) { witness = try CircomWitness(bytes: wtnsBytes, file: wtnsPath).values } catch {
            throw .malformed(path: wtnsPath, reason: "\(error.part): \(error.reason)")
        }
        guard witness.count == key.variableCount else {
            throw .invalidInput(
                path: wtnsPath,
                reason: "has \(witness.count) values, \(zkeyName) was made for a "
                    + "circuit of \(key.variableCount) signals (nVars): a witness of another circuit?")
        }
        var r1cs: ConstraintMatrices?
        if let r1csPath {
            let circuit: CircomR1CS
            let r1csBytes = try FileIO.read(r1csPath)
            do throws(BinFileError) { circuit = try CircomR1CS(bytes: r1csBytes, file: r1csPath) } catch {
                throw .malformed(path: r1csPath, reason: "\(error.part): \(error.reason)")
            }
            if let mismatch = key.mismatch(r1cs: circuit.r1cs) {
                throw .invalidInput(path: zkeyPath, reason: "not a key for the circuit \(r1csPath): \(mismatch)")
            }
            r1cs = circuit.r1cs
        }

        let label = "prove (domain \(key.domainSize)\(r1cs == nil ? ", witness not checked" : ""))"
        let (proof, seconds) = try timer.run(label) { () throws(ZKInferError) -> Proof in
            do throws(Groth16Error) { return try Groth16Prover.prove(zkey: key, witness: witness, r1cs: r1cs) } catch {
                switch error {
                case .witnessConstantNotOne, .unsatisfiedConstraint:
                    throw .invalidInput(path: wtnsPath, reason: error.description)
                case .circuitTooLarge:
                    throw .invalidInput(path: zkeyPath, reason: error.description)
                default: throw .internalFailure("proving failed: \(error.description)")
                }
            }
        }
        let signals = Array(witness[1..<(key.publicCount + 1)])
        guard try check(vk: key.verifyingKey, signals: signals, proof: proof, paths: (zkeyPath, zkeyPath, wtnsPath))
        else {
            if r1cs != nil { throw .internalFailure("the new proof does not verify with the zkey's verifying key") }
            throw .invalidInput(
                path: wtnsPath,
                reason: "the proof made from it does not verify with \(zkeyName)'s verifying key: "
                    + "the witness does not satisfy the key's circuit "
                    + "(pass --r1cs to find the first unsatisfied constraint)")
        }
        try FileIO.makeDirectory(outputDirectory)
        let proofPath = FileIO.join(outputDirectory, BundleLayout.proof)
        let publicPath = FileIO.join(outputDirectory, BundleLayout.publicSignals)
        try FileIO.write(SnarkJS.proofJSON(proof), to: proofPath)
        try FileIO.write(SnarkJS.publicJSON(signals), to: publicPath)
        return CircomProveReport(
            proofPath: proofPath, publicPath: publicPath, publicSignalCount: signals.count, domainSize: key.domainSize,
            witnessChecked: r1cs != nil, proofSHA256: ProofFiles.digest(of: proof), proveSeconds: seconds)
    }
}
