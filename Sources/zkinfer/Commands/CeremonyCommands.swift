import Hashing
import ZKInfer

/// `zkinfer ceremony contribute|beacon|verify`: the multi-party phase-2 ceremony on a bundle started with
/// `zkinfer setup DIR --ptau FILE`.
enum CeremonyCommands {
    static let contribute = Command(
        spec: CommandSpec(
            name: "ceremony contribute",
            summary: "Add one participant's secret to the bundle's key (phase-2 contribution).",
            positionals: [.init(name: "DIR", help: "A bundle after 'zkinfer setup DIR --ptau FILE'.")],
            options: [
                .value("entropy", "TEXT", "Extra randomness mixed with 64 bytes from the OS random source."),
                .value("name", "NAME", "Your name as recorded in the transcript (at most 64 bytes kept)."),
                .json,
            ],
            discussion: """
                Draws a fresh secret x, multiplies delta by x and every L and H point of the proving key
                by 1/x, and appends to the transcript (section 10 of DIR/proving_key.zkey, or
                DIR/phase2.transcript) a proof of knowledge of x bound to the whole transcript (snarkjs
                'zkey contribute'). x is never written anywhere: as long as one participant's secret is
                destroyed, nobody can forge proofs with the final key.
                Prints the contribution hash: publish it, so that anyone running 'zkinfer ceremony verify'
                can see that your contribution is in the final key.
                """)
    ) { args, context in
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        let report = try Pipeline.contribute(
            bundle: bundle, entropy: args.value("entropy") ?? "", name: args.value("name"),
            progress: context.progress.handler)
        context.emit(text: text(report), json: json(report))
        return .success
    }

    static let beacon = Command(
        spec: CommandSpec(
            name: "ceremony beacon",
            summary: "Add the final contribution from public randomness (a random beacon).",
            positionals: [.init(name: "DIR", help: "A bundle after 'zkinfer setup DIR --ptau FILE'.")],
            options: [
                .value(
                    "beacon", "HEX", "The beacon value, e.g. a future block hash (1 to 255 bytes, hex).", required: true
                ),
                .value("iterations", "N", "Hash the beacon 2^N times with SHA-256 (10 ≤ N ≤ 63).", required: true),
                .value("name", "NAME", "The name recorded in the transcript (default: Final Beacon)."),
                .json,
            ],
            discussion: """
                Derives the contribution's secret from the beacon (snarkjs 'zkey beacon'), so anyone can
                recompute it: it adds no secrecy, but it makes the final key depend on a value nobody could
                predict when the last participant contributed.
                """)
    ) { args, context in
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        let text = args.value("beacon")!
        let hex = text.hasPrefix("0x") ? String(text.dropFirst(2)) : text
        guard let beacon = Hex.decode(hex), !beacon.isEmpty, beacon.count <= 255 else {
            throw UsageError("--beacon: expected 1 to 255 bytes of hexadecimal, got \"\(text.prefix(80))\"")
        }
        let n = try args.integer("iterations", in: 10...63)!
        let report = try Pipeline.beacon(
            bundle: bundle, beaconHash: beacon, iterationsExponent: n, name: args.value("name") ?? "Final Beacon",
            progress: context.progress.handler)
        context.emit(text: Self.text(report), json: json(report))
        return .success
    }

    static let verify = Command(
        spec: CommandSpec(
            name: "ceremony verify",
            summary: "Check a bundle's key against the ptau, the circuit and every contribution.",
            positionals: [.init(name: "DIR", help: "A bundle after 'zkinfer setup DIR --ptau FILE'.")],
            options: [
                .value("ptau", "FILE", "The phase-1 file the ceremony started from.", required: true), .json,
            ],
            discussion: """
                Verifies the .ptau (its contributions, powers and hashes), recomputes the initial key from
                it and the bundle's circuit, then checks in order every contribution of the transcript
                (transcript hash, proof of knowledge, delta chain, beacon derivation) and that the bundle's
                key is the initial one with delta applied (alpha, beta, gamma, IC, A, B unchanged; L and H
                scaled by 1/delta). Prints each contribution's name and hash: check that yours is listed.
                Exit status: 0 valid, 1 a check failed (the message names the section or contribution),
                2 unusable input.
                """)
    ) { args, context in
        let bundle = args.positional(0)!
        try requireDirectory(bundle)
        let ptau = args.value("ptau")!
        let r = try Pipeline.verifyCeremony(bundle: bundle, ptau: ptau, progress: context.progress.handler)
        var lines = [
            "ptau           \(r.ptauFile): \(r.ptauContributions) phase-1 contribution"
                + (r.ptauContributions == 1 ? "" : "s") + " verified",
            "ptau blake2b   \(r.ptauBLAKE2b)",
            "circuit hash   \(r.circuitHash)",
        ]
        for c in r.contributions {
            lines.append("#\(c.index) \(c.name ?? "(no name)")\(c.isBeacon ? " [beacon]" : "")")
            lines.append("  hash         \(c.hash)")
        }
        lines.append(
            "ceremony OK: \(r.contributions.count) contribution" + (r.contributions.count == 1 ? "" : "s")
                + ", the key matches (\(formatDuration(r.seconds)))")
        let entries: [[String: Any]] = r.contributions.map {
            var o: [String: Any] = ["index": $0.index, "hash": $0.hash, "beacon": $0.isBeacon]
            if let name = $0.name { o["name"] = name }
            return o
        }
        context.emit(
            text: lines.joined(separator: "\n"),
            json: [
                "valid": true, "ptau": r.ptauFile, "ptauBLAKE2b": r.ptauBLAKE2b, "circuitHash": r.circuitHash,
                "contributions": entries, "seconds": r.seconds,
            ] as [String: Any])
        return .success
    }

    static var overview: String {
        var lines = [
            "zkinfer ceremony — a multi-party trusted setup (Groth16 phase 2, snarkjs-compatible transcript)", "",
            "  1. zkinfer setup DIR --ptau powersOfTau28_hez_final_K.ptau   (initial key, no secret)",
            "  2. each participant, in turn: zkinfer ceremony contribute DIR --name NAME",
            "  3. zkinfer ceremony beacon DIR --beacon HEX --iterations N   (optional, last)",
            "  4. anyone: zkinfer ceremony verify DIR --ptau FILE", "", "COMMANDS:",
        ]
        for c in CLI.commands where c.spec.name.hasPrefix("ceremony ") {
            let name = c.spec.name
            lines.append("  " + name + String(repeating: " ", count: max(1, 22 - name.count)) + c.spec.summary)
        }
        return lines.joined(separator: "\n")
    }

    static func text(_ r: CeremonyStepReport) -> String {
        var lines: [String] = []
        if let hash = r.contributionHash {
            lines.append("contribution   #\(r.contributionCount) added in \(formatDuration(r.seconds))")
            lines.append("contribution hash (publish it):")
            lines.append("  \(hash)")
        } else {
            lines.append("initial key    from the verified ptau in \(formatDuration(r.seconds)) (delta = 1, no secret)")
            lines.append("circuit hash   \(r.circuitHash)")
            lines.append("next           'zkinfer ceremony contribute \(r.bundlePath)' by each participant")
        }
        lines.append("vk sha256      \(r.verifyingKeySHA256)")
        lines.append("provenance     \(r.provenance.summary)")
        return lines.joined(separator: "\n")
    }

    static func json(_ r: CeremonyStepReport) -> [String: Any] {
        var o: [String: Any] = [
            "bundle": r.bundlePath, "circuitHash": r.circuitHash, "contributions": r.contributionCount,
            "verifyingKeySHA256": r.verifyingKeySHA256, "seconds": r.seconds, "setup": "ceremony",
        ]
        if let hash = r.contributionHash { o["contributionHash"] = hash }
        return o
    }
}
