import BN254
import Compiler
import Foundation
import Groth16
import Hashing
import Ledger
import R1CS
import ZKInfer

/// The bodies of the fuzz targets (see `FuzzTarget`). Errors are expected and ignored; traps are the findings.
enum Fuzz {
    /// Largest fixed-point program (tensor elements) the harness compiles fully: synthesis is linear in it, and a
    /// tiny file can describe a large one (a 1×1 convolution over a big input), which is slow, not wrong.
    static let compileBudget = 4096

    static func compile(_ model: Model) {
        let options = CompileOptions(scaleBits: 6)
        guard let elements = try? ModelCompiler.analyze(model: model, options: options), elements <= compileBudget
        else {
            return
        }
        guard let compiled = try? ModelCompiler.compile(model: model, options: options) else { return }
        let zeros = Tensor(
            shape: compiled.inputShape, data: Array(repeating: 0, count: compiled.inputShape.reduce(1, *)))
        _ = try? compiled.synthesize(input: zeros)
    }

    /// A compiled two-layer model with input [1, 4], built once.
    static let tinyModel: CompiledModel? = {
        let json = """
            {"format": "zkinfer-model", "version": 1, "input": {"name": "x", "shape": [1, 4], "range": [-2, 2]},
             "layers": [{"op": "dense", "weights": [[1, -1, 0.5, 0], [0, 1, 1, -0.5]], "bias": [0.25, 0]},
                        {"op": "relu"}]}
            """
        return try? ModelCompiler.compile(
            model: JSONModelReader.read(Array(json.utf8)), options: CompileOptions(scaleBits: 6))
    }()

    static func input(_ bytes: [UInt8]) {
        guard let tensor = try? Tensor.parse(json: bytes) else { return }
        _ = try? tensor.conformed(to: [1, 4], name: "x")
        guard let model = tinyModel else { fatalError("the fixed fuzz model does not compile") }
        _ = try? model.evaluate(input: tensor)
        _ = try? model.quantize(input: tensor)
    }

    static func snarkjs(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? SnarkJS.parseProof(json: text)
        _ = try? SnarkJS.parseVerificationKey(json: text)
        _ = try? SnarkJS.parsePublic(json: text)
    }

    static func keys(_ bytes: [UInt8]) {
        _ = try? VerifyingKey(serialized: bytes)
        _ = try? Proof(serialized: bytes)
        _ = try? Proof(compressedBytes: bytes)
        _ = try? Proof(uncompressedBytes: bytes)
        _ = try? ProvingKey(serializedSkippingSubgroupChecks: bytes)
        if let pk = try? ProvingKey(serialized: bytes) { _ = pk.serialized() }
        _ = try? ZKey(bytes: bytes, file: "fuzz.zkey")
    }

    static func r1cs(_ bytes: [UInt8]) {
        if let system = try? ConstraintMatrices(serialized: bytes) { _ = system.digest }
        _ = try? Witness(serialized: bytes)
        var reader = ByteReader(bytes)
        _ = try? FileHeader.read(from: &reader)
        _ = try? FileHeader.unseal(bytes)
        _ = try? CircomR1CS(bytes: bytes, file: "fuzz.r1cs")
        _ = try? CircomWitness(bytes: bytes, file: "fuzz.wtns")
    }

    /// A scratch directory of this process (one per process: libFuzzer may run several with -jobs), in memory
    /// when /dev/shm exists (the ledger targets write a file per input, and the store fsyncs).
    static let scratch: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        let dir = base + "zkfuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// Writes the input where a file-reading target expects it; a scratch directory that cannot be written would
    /// make every later run test nothing, so it stops the fuzzer instead.
    static func writeScratch(_ path: String, _ bytes: [UInt8]) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            fatalError("zkfuzz: cannot write the scratch file \(path)")
        }
    }

    static func bundle(_ bytes: [UInt8]) {
        if let compiled = try? CompiledModel(json: bytes) {
            _ = compiled.publicSignalNames
            _ = compiled.inputRange
            let sizes = [compiled.inputShape] + compiled.program.layers.map(\.shape)
            if sizes.reduce(0, { $0 + $1.reduce(1, *) }) <= compileBudget {
                let zeros = Tensor(
                    shape: compiled.inputShape, data: Array(repeating: 0, count: compiled.inputShape.reduce(1, *)))
                _ = try? compiled.evaluate(input: zeros)
                _ = try? compiled.synthesize(input: zeros)
            }
        }
        // bundle.json is read from a directory.
        writeScratch(scratch + "/bundle.json", bytes)
        _ = try? BundleManifest.load(bundle: scratch)
    }

    static func ledger(_ bytes: [UInt8]) {
        _ = try? AttestationRecord(encoded: bytes)
        let path = scratch + "/fuzz.ledger"
        writeScratch(path, bytes)
        _ = try? LedgerStore.checkFile(path: path)
        guard let store = try? LedgerStore(path: path, createIfMissing: false) else { return }
        let count = store.count
        if count > 0 {
            _ = try? store.record(at: count - 1)
            _ = try? store.inclusionProof(leafIndex: 0)
            _ = try? store.consistencyProof(firstSize: 1)
        }
        _ = try? store.verifyAll()
    }

    /// A two-record ledger the `ledger-json` target checks proofs against, built once.
    static let fixedLedger: String = {
        let path = scratch + "/fixed.ledger"
        try? FileManager.default.removeItem(atPath: path)
        let digest = [UInt8](repeating: 7, count: 32)
        guard let store = try? LedgerStore(path: path) else { fatalError("cannot create \(path)") }
        for i in 0..<2 {
            guard
                let record = try? AttestationRecord(
                    modelDigest: digest, circuitDigest: digest, verifyingKeyDigest: digest, publicSignals: ["\(i)"],
                    output: .values([Double(i)], predictedClass: nil), proofDigest: digest, timestamp: 1,
                    zkinferVersion: "fuzz")
            else { fatalError("cannot build a record") }
            _ = try? store.append(record)
        }
        return path
    }()

    static func ledgerJSON(_ bytes: [UInt8]) {
        _ = try? InclusionProof(json: bytes)
        _ = try? ConsistencyProof(json: bytes)
        _ = try? TreeHead(json: bytes)
        _ = try? AttestationRecord(json: bytes)
        let proofPath = scratch + "/proof.json"
        writeScratch(proofPath, bytes)
        let none = LedgerService.GivenHead(size: nil, rootHex: nil)
        let old = LedgerService.GivenHead(size: nil, rootHex: nil, sizeOption: "old-size", rootOption: "old-root")
        _ = try? LedgerService.checkProofFile(proofPath, ledger: fixedLedger, head: none, oldHead: old)
    }
}
