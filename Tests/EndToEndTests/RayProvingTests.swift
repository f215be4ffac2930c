import Foundation
import Testing

/// `zkinfer prove DIR --ray ADDRESS` on a real local Ray cluster (head + one worker, started and stopped here):
/// small-cnn in 3 segments, one Ray job each; the first attempt of segment 1 is killed mid-proof (its process is
/// SIGKILLed while it runs), so the segment must be retried; the result must verify, link, match local proving's
/// public signals exactly, and be recorded in a ledger. Skipped, with the reason shown, when Ray is missing.
@Suite(.serialized) struct RayProvingTests {
    @Test(.enabled(if: RayCluster.available, RayCluster.skipReason))
    func segmentsProvedOnRayWithAKilledWorker() throws {
        let zkinfer = try ZKInferBinary.path()
        let model = try #require(Fixtures.models.first { $0.name == "small-cnn" }, "Circuits/small-cnn is missing")
        try withTemporaryDirectory { dir in
            let bundle = dir.path + "/seg"
            let local = dir.path + "/local"
            let remote = dir.path + "/remote"
            for args in [
                ["compile", model.modelPath, "--segments", "3", "-o", bundle], ["setup", bundle],
                ["prove", bundle, "--input", model.inputPath, "-o", local],
            ] {
                let r = try runZKInfer(args)
                try #require(r.status == 0, "\(r)")
            }
            // The worker-side binary: on its first run for segment 1 it announces its pid and hangs "mid-proof"
            // until the test kills it; every other run is the real zkinfer.
            let marker = dir.path + "/killed-once"
            let wrapper = dir.path + "/zkinfer-worker.sh"
            try """
            #!/bin/sh
            case " $* " in *" --segment 1 "*)
              if [ ! -e '\(marker)' ]; then echo $$ > '\(marker).tmp'; mv '\(marker).tmp' '\(marker)'; exec sleep 300; fi;;
            esac
            exec '\(zkinfer)' "$@"
            """.write(toFile: wrapper, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)

            let cluster = RayCluster(directory: dir)
            defer { cluster.stop() }
            try cluster.start()

            let prove = Process()
            prove.executableURL = URL(fileURLWithPath: zkinfer)
            prove.arguments = [
                "prove", bundle, "--input", model.inputPath, "-o", remote, "--ray",
                cluster.dashboardAddress, "--ray-zkinfer", wrapper,
            ]
            let err = Pipe()
            let out = Pipe()
            prove.standardError = err
            prove.standardOutput = out
            try prove.run()
            // Kill the hanging first attempt of segment 1 once it runs.
            let deadline = Date().addingTimeInterval(120)
            var killed = false
            while !killed, Date() < deadline, prove.isRunning {
                if let text = try? String(contentsOfFile: marker, encoding: .utf8),
                    let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
                {
                    kill(pid, SIGKILL)
                    killed = true
                }
                usleep(200_000)
            }
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            prove.waitUntilExit()
            #expect(killed, "the first attempt of segment 1 never started")
            try #require(prove.terminationStatus == 0, "prove --ray failed:\n\(stdout)\n\(stderr)")
            #expect(stderr.contains("segment 2/3: job"), "no failure reported for segment 2/3:\n\(stderr)")
            #expect(stderr.contains("retrying"), "\(stderr)")
            #expect(stdout.contains("(2 attempts)"), "\(stdout)")
            // Per-segment progress on stderr.
            for i in 1...3 { #expect(stderr.contains("segment \(i)/3: proved by"), "\(stderr)") }

            let verified = try runZKInfer(["verify", bundle, "--proof-dir", remote])
            #expect(verified.status == 0 && verified.stdout.hasPrefix("valid"), "\(verified)")
            for i in 0..<3 {
                let a = try readJSON("\(local)/segment-\(i)/public.json") as? [String]
                let b = try readJSON("\(remote)/segment-\(i)/public.json") as? [String]
                #expect(a != nil && a == b, "segment \(i): public signals differ from local proving")
            }
            let ledger = dir.path + "/l.ledger"
            let appended = try runZKInfer(["ledger", "append", bundle, "--proof-dir", remote, "--ledger", ledger])
            #expect(appended.status == 0, "\(appended)")
        }
    }
}
