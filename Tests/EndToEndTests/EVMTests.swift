import Foundation
import Testing

/// The exported contracts executed in a real EVM: `Tests/EVM/evm_check.py` compiles the Vyper verifiers and the
/// ledger registry with `vyper` and runs them on py-evm (titanoboa), whose precompiles implement EIP-196/197
/// and SHA-256. Everything it checks comes from this binary: bundles, proofs, `export calldata`, `ledger show
/// --evm`, `ledger inclusion --evm`. Needs python3 with `vyper==0.4.3 titanoboa==0.2.8` (installed by .ci/run);
/// without them the test fails, unless ZK_SKIP_EVM=1 skips it.
@Suite("EVM contracts in py-evm")
struct EVMTests {
    static let skipped = ProcessInfo.processInfo.environment["ZK_SKIP_EVM"] == "1"
    /// Above this many public signals the Vyper verifier is the loop variant (`EVMVerifier.vyperUnrollLimit`).
    static let unrollLimit = 128

    @Test(
        "verifiers accept each model's proof and reject tampering; the ledger registry checks inclusion proofs",
        .enabled(if: !skipped, "ZK_SKIP_EVM=1: the EVM tests (python3 + vyper + titanoboa) are skipped"))
    func contractsInEVM() throws {
        let script = ZKInferBinary.packageRoot.appendingPathComponent("Tests/EVM/evm_check.py").path
        let probe = try runZKInfer(["python3", "-c", "import boa, vyper"], binary: "/usr/bin/env")
        guard probe.status == 0 else {
            Issue.record(
                """
                python3 with vyper and titanoboa is required: python3 -m pip install vyper==0.4.3 titanoboa==0.2.8 \
                (or set ZK_SKIP_EVM=1 to skip this test). \(probe.stderr)
                """)
            return
        }
        let longTests = ProcessInfo.processInfo.environment["ZK_LONG_TESTS"] == "1"
        try withTemporaryDirectory { dir in
            var verifiers: [[String: Any]] = []
            var calldataByModel: [(name: String, count: Int, calldata: String)] = []
            var proved: [(bundle: String, proofDir: String)] = []
            for (i, model) in Fixtures.models.enumerated() {
                let bundle = dir.appendingPathComponent(model.name).path
                let compile = try runZKInfer(["compile", model.modelPath, "-o", bundle, "--json"])
                try #require(compile.status == 0, "\(compile)")
                let constraints = try #require(try compile.jsonObject()["constraints"] as? Int)
                if constraints > PipelineTests.quickConstraintLimit && !longTests {
                    print("\(model.name): \(constraints) constraints; on-chain check only with ZK_LONG_TESTS=1")
                    continue
                }
                let proofDir = bundle + "/proof"
                for args in [["setup", bundle], ["prove", bundle, "--input", model.inputPath, "-o", proofDir]] {
                    let r = try runZKInfer(args)
                    try #require(r.status == 0, "\(r)")
                }
                let contract = dir.appendingPathComponent("\(model.name.replacingOccurrences(of: "-", with: "_")).vy")
                    .path
                let export = try runZKInfer(["export", "verifier", bundle, "--vyper", "-o", contract])
                try #require(export.status == 0, "\(export)")
                let calldata = try runZKInfer(["export", "calldata", proofDir, "--json"])
                try #require(calldata.status == 0, "\(calldata)")
                let hex = try #require(try calldata.jsonObject()["calldata"] as? String)
                let count = (hex.count - 2 - 8) / 64 - 8
                let tamper = i == 0 ? "all" : (count > Self.unrollLimit ? "signal" : "none")
                verifiers.append(["name": model.name, "contract": contract, "calldata": hex, "tamper": tamper])
                calldataByModel.append((model.name, count, hex))
                proved.append((bundle, proofDir))
            }
            try #require(!verifiers.isEmpty, "no Circuits/ model was proved")

            // Proofs of other models with the same number of public signals (same function selector).
            var foreign: [[String: Any]] = []
            for a in calldataByModel {
                if let b = calldataByModel.first(where: { $0.name != a.name && $0.count == a.count }) {
                    foreign.append(["verifier": a.name, "calldata": b.calldata, "label": "proof of \(b.name)"])
                }
            }
            // A proof of the same circuit under another setup (other keys).
            let tiny = try Fixtures.tinyModel()
            let other = dir.appendingPathComponent("other-setup").path
            for args in [
                ["compile", tiny.modelPath, "-o", other], ["setup", other],
                ["prove", other, "--input", tiny.inputPath, "-o", other + "/proof"],
            ] {
                let r = try runZKInfer(args)
                try #require(r.status == 0, "\(r)")
            }
            proved.append((other, other + "/proof"))
            let otherCalldata = try runZKInfer(["export", "calldata", other + "/proof", "--json"]).jsonObject()
            if calldataByModel.contains(where: { $0.name == tiny.name }) {
                foreign.append([
                    "verifier": tiny.name, "calldata": try #require(otherCalldata["calldata"] as? String),
                    "label": "proof under another setup of the same circuit",
                ])
            }

            let plan: [String: Any] = [
                "verifiers": verifiers, "foreignProofs": foreign, "ledger": try Self.ledgerPlan(dir, proved: proved),
            ]
            let planPath = dir.appendingPathComponent("plan.json").path
            try writeJSON(plan, to: planPath)
            let run = try runZKInfer(["python3", script, planPath], binary: "/usr/bin/env")
            if run.status == 3 {
                Issue.record("the EVM driver is missing a Python package (set ZK_SKIP_EVM=1 to skip):\n\(run)")
                return
            }
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains(" passed, 0 failed"), "\(run)")
            for v in verifiers {
                #expect(run.stdout.contains("PASS \(v["name"]!): valid proof accepted"), "\(run)")
            }
            print(run.stdout)
        }
    }

    /// Two ledgers built with `ledger append`: heads of size 3 and 5, inclusion proofs against both and against
    /// an unpublished size 4; and a one-record ledger (inclusion with an empty path). Records cycle through the
    /// proved bundles, so that neighbouring leaves differ (identical records have identical leaf hashes, and a
    /// proof for one of them is rightly a proof for the other).
    static func ledgerPlan(_ dir: URL, proved: [(bundle: String, proofDir: String)]) throws -> [String: Any] {
        var next = 0
        let ledger = dir.appendingPathComponent("l.ledger").path
        let single = dir.appendingPathComponent("one.ledger").path
        func append(_ path: String, _ times: Int) throws {
            for _ in 0..<times {
                let (bundle, proofDir) = proved[next % proved.count]
                next += 1
                let r = try runZKInfer(["ledger", "append", bundle, "--proof-dir", proofDir, "--ledger", path])
                try #require(r.status == 0, "\(r)")
            }
        }
        func calldata(_ args: [String]) throws -> String {
            let r = try runZKInfer(args + ["--evm", "--json"])
            try #require(r.status == 0, "\(r)")
            return try #require(try r.jsonObject()["calldata"] as? String, "\(r)")
        }
        try append(ledger, 3)
        let publish3 = try calldata(["ledger", "show", "--ledger", ledger])
        try append(ledger, 2)
        let publish5 = try calldata(["ledger", "show", "--ledger", ledger])
        try append(single, 1)
        let contract = dir.appendingPathComponent("ZKInferLedgerRegistry.vy").path
        let export = try runZKInfer(["export", "ledger-contract", "--vyper", "-o", contract])
        try #require(export.status == 0, "\(export)")
        return [
            "contract": contract,
            "publish": [["treeSize": 3, "calldata": publish3], ["treeSize": 5, "calldata": publish5]],
            "inclusions": [
                [
                    "treeSize": 3, "index": 1, "published": true,
                    "calldata": try calldata(["ledger", "inclusion", "1", "--size", "3", "--ledger", ledger]),
                ],
                [
                    "treeSize": 5, "index": 4, "published": true,
                    "calldata": try calldata(["ledger", "inclusion", "4", "--ledger", ledger]),
                ],
                [
                    "treeSize": 5, "index": 0, "published": true,
                    "calldata": try calldata(["ledger", "inclusion", "0", "--ledger", ledger]),
                ],
                [
                    "treeSize": 4, "index": 2, "published": false,
                    "calldata": try calldata(["ledger", "inclusion", "2", "--size", "4", "--ledger", ledger]),
                ],
            ],
            "smallTree": [
                "publish": try calldata(["ledger", "show", "--ledger", single]),
                "inclusion": try calldata(["ledger", "inclusion", "0", "--ledger", single]),
            ],
        ]
    }
}
