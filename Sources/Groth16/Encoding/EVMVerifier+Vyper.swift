extension EVMVerifier {
    /// Up to this many public inputs the Vyper verifier is straight-line code (measured with vyper 0.4.3 in py-evm:
    /// ~6.55k gas and ~165 bytes of code per input); above it, a loop over a table of IC points copied into memory
    /// from a constant (~6.95k gas and 64 bytes per input), which keeps compile time and code size down.
    public static let vyperUnrollLimit = 128

    /// A Vyper 0.4 contract with the same interface and checks as `solidity()` (see the type's documentation).
    /// Vyper names a contract after its file: save it as `<contractName>.vy`.
    public func vyper() -> String {
        let n = publicInputCount
        var out: [String] = []
        out.append("# pragma version ^0.4.0")
        out.append("# @title \(contractName): Groth16 verifier (BN254) for one verifying key")
        if !provenance.isEmpty { out.append("# " + provenance) }
        out += Self.vyperHeaderComment
        out.append("")
        out.append("# Scalar field size: public inputs must be below it (rejected, never reduced)")
        out.append("r: constant(uint256) = \(Self.scalarModulusDecimal)")
        out.append("# Base field size: proof coordinates must be below it")
        out.append("q: constant(uint256) = \(Self.baseModulusDecimal)")
        out.append("")
        out.append("# Verification key data (snarkjs names and order; G2 coordinates imaginary part first, EIP-197)")
        let unrolled = n <= Self.vyperUnrollLimit
        let named = unrolled ? constants : Array(constants.prefix(Self.fixedConstantCount + 2))
        for c in named { out.append("\(c.name): constant(uint256) = \(c.decimal)") }
        if !unrolled {
            // IC1 … ICn as one hex literal: 64 bytes (x ‖ y, big-endian) per point.
            out.append("# IC1 … IC\(n): x ‖ y, 32 bytes each, big-endian")
            var table = "IC_TABLE: constant(Bytes[\(64 * n)]) = x\""
            for c in constants.dropFirst(Self.fixedConstantCount + 2) { table += c.hex }
            out.append(table + "\"")
        }
        out.append("")
        out.append("")
        out.append("@external")
        out.append("@view")
        out.append("def verifyProof(a: uint256[2], b: uint256[2][2], c: uint256[2], input: uint256[\(n)]) -> bool:")
        out.append("    # Non-canonical coordinates: the precompiles would reject them, but -A is computed here first.")
        out.append("    if a[0] >= q or a[1] >= q or c[0] >= q or c[1] >= q:")
        out.append("        return False")
        out.append("    if b[0][0] >= q or b[0][1] >= q or b[1][0] >= q or b[1][1] >= q:")
        out.append("        return False")
        out.append("")
        out.append(
            "    # vk_x = IC0 + input[0]·IC1 + … (ecMul 0x07, ecAdd 0x06 on the key's valid points: cannot fail)")
        out.append("    acc: uint256[2] = [IC0x, IC0y]")
        if unrolled {
            for i in 0..<n {
                out.append("    if input[\(i)] >= r:")
                out.append("        return False")
            }
            for i in 0..<n { out.append("    acc = ecadd(acc, ecmul([IC\(i + 1)x, IC\(i + 1)y], input[\(i)]))") }
        } else {
            out.append("    table: Bytes[\(64 * n)] = IC_TABLE")
            out.append("    for i: uint256 in range(\(n)):")
            out.append("        s: uint256 = input[i]")
            out.append("        if s >= r:")
            out.append("            return False")
            out.append("        p: uint256[2] = [")
            out.append("            extract32(table, 64 * i, output_type=uint256),")
            out.append("            extract32(table, 64 * i + 32, output_type=uint256),")
            out.append("        ]")
            out.append("        acc = ecadd(acc, ecmul(p, s))")
        }
        out.append("")
        out.append(
            "    # e(-A, B)·e(alpha, beta)·e(vk_x, gamma)·e(C, delta) == 1 (ecPairing 0x08). A point off the curve or")
        out.append(
            "    # outside the subgroup makes the precompile fail: that is a wrong proof, so False, not a revert.")
        out.append("    ok: bool = False")
        out.append("    res: Bytes[32] = b\"\"")
        out.append("    ok, res = raw_call(")
        out.append("        0x0000000000000000000000000000000000000008,")
        out.append("        abi_encode(")
        out.append("            a[0], (q - a[1]) % q, b[0][0], b[0][1], b[1][0], b[1][1],")
        out.append("            alphax, alphay, betax1, betax2, betay1, betay2,")
        out.append("            acc[0], acc[1], gammax1, gammax2, gammay1, gammay2,")
        out.append("            c[0], c[1], deltax1, deltax2, deltay1, deltay2,")
        out.append("        ),")
        out.append("        max_outsize=32,")
        out.append("        is_static_call=True,")
        out.append("        revert_on_failure=False,")
        out.append("    )")
        out.append("    # A chain without the precompile answers success with no data: only an explicit 1 is a yes.")
        out.append("    return ok and len(res) == 32 and extract32(res, 0, output_type=uint256) == 1")
        return out.joined(separator: "\n") + "\n"
    }

    /// alpha (2) + beta, gamma, delta (4 each): the constants before IC0.
    static let fixedConstantCount = 14

    static let vyperHeaderComment = [
        "# verifyProof(a, b, c, input) returns True iff the Groth16 proof (A = a, B = b, C = c) is valid for the",
        "# public inputs, with snarkjs's interface: B is [[x.c1, x.c0], [y.c1, y.c0]] (EIP-197 order). It returns",
        "# False, and never reverts, for any wrong proof: public inputs >= r and coordinates >= q are rejected, not",
        "# reduced; a point off the curve fails the pairing precompile, which also yields False (it consumes the",
        "# gas forwarded to it; the caller keeps 1/64, EIP-150). Regenerate with `zkinfer export verifier --vyper`",
        "# rather than editing the constants.",
    ]
}
