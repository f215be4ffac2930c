extension EVMVerifier {
    /// A Solidity contract laid out as snarkjs's `templates/verifier_groth16.sol.ejs` (the audited verifier most
    /// Groth16 deployments use): the same constant names, memory layout and precompile calls in inline assembly.
    /// Differences, all towards rejecting more: public inputs are checked `< r` (older snarkjs: `< q`), the eight
    /// proof coordinates `< q`, and every precompile answer must be a success of the expected length (snarkjs
    /// reads the pairing result from memory even when the call returned nothing).
    public func solidity() -> String {
        let n = publicInputCount
        var out: [String] = []
        out.append("// SPDX-License-Identifier: MIT")
        out.append("// \(contractName): Groth16 verifier (BN254) for one verifying key.")
        if !provenance.isEmpty { out.append("// " + provenance) }
        out += Self.solidityHeaderComment
        out.append("")
        out.append("pragma solidity >=0.7.0 <0.9.0;")
        out.append("")
        out.append("contract \(contractName) {")
        out.append("    // Scalar field size: public inputs must be below it (rejected, never reduced)")
        out.append("    uint256 constant r = \(Self.scalarModulusDecimal);")
        out.append("    // Base field size: proof coordinates must be below it")
        out.append("    uint256 constant q = \(Self.baseModulusDecimal);")
        out.append("")
        out.append("    // Verification Key data (G2 coordinates imaginary part first, EIP-197)")
        for c in constants { out.append("    uint256 constant \(c.name) = \(c.decimal);") }
        out.append("")
        out.append("    // Memory data")
        out.append("    uint16 constant pVk = 0;")
        out.append("    uint16 constant pPairing = 128;")
        out.append("    uint16 constant pLastMem = 896;")
        out.append("")
        out.append("    function verifyProof(")
        out.append("        uint[2] calldata _pA,")
        out.append("        uint[2][2] calldata _pB,")
        out.append("        uint[2] calldata _pC,")
        out.append("        uint[\(n)] calldata _pubSignals")
        out.append("    ) public view returns (bool) {")
        out.append("        assembly {")
        out.append("            // Returns false from verifyProof unless v < m.")
        out.append("            function checkField(v, m) {")
        out.append("                if iszero(lt(v, m)) {")
        out.append("                    mstore(0, 0)")
        out.append("                    return(0, 0x20)")
        out.append("                }")
        out.append("            }")
        out.append("")
        out.append("            // pR := pR + s·(x, y) with ecMul (0x07) and ecAdd (0x06)")
        out.append("            function g1_mulAccC(pR, x, y, s) {")
        out.append("                let success")
        out.append("                let mIn := mload(0x40)")
        out.append("                mstore(mIn, x)")
        out.append("                mstore(add(mIn, 32), y)")
        out.append("                mstore(add(mIn, 64), s)")
        out.append("")
        out.append("                success := staticcall(sub(gas(), 2000), 7, mIn, 96, mIn, 64)")
        out.append("                if iszero(and(success, eq(returndatasize(), 64))) {")
        out.append("                    mstore(0, 0)")
        out.append("                    return(0, 0x20)")
        out.append("                }")
        out.append("")
        out.append("                mstore(add(mIn, 64), mload(pR))")
        out.append("                mstore(add(mIn, 96), mload(add(pR, 32)))")
        out.append("")
        out.append("                success := staticcall(sub(gas(), 2000), 6, mIn, 128, pR, 64)")
        out.append("                if iszero(and(success, eq(returndatasize(), 64))) {")
        out.append("                    mstore(0, 0)")
        out.append("                    return(0, 0x20)")
        out.append("                }")
        out.append("            }")
        out.append("")
        out.append("            function checkPairing(pA, pB, pC, pubSignals, pMem) -> isOk {")
        out.append("                let _pPairing := add(pMem, pPairing)")
        out.append("                let _pVk := add(pMem, pVk)")
        out.append("")
        out.append("                mstore(_pVk, IC0x)")
        out.append("                mstore(add(_pVk, 32), IC0y)")
        out.append("")
        out.append("                // Compute the linear combination vk_x")
        for i in 0..<n {
            out.append(
                "                g1_mulAccC(_pVk, IC\(i + 1)x, IC\(i + 1)y, calldataload(add(pubSignals, \(32 * i))))")
        }
        out.append("")
        out.append("                // -A")
        out.append("                mstore(_pPairing, calldataload(pA))")
        out.append("                mstore(add(_pPairing, 32), mod(sub(q, calldataload(add(pA, 32))), q))")
        out.append("")
        out.append("                // B")
        for k in 0..<4 {
            out.append("                mstore(add(_pPairing, \(64 + 32 * k)), calldataload(add(pB, \(32 * k))))")
        }
        out.append("")
        let pairs: [(comment: String, prefix: String, offset: Int)] = [
            ("alpha1", "alpha", 192), ("beta2", "beta", 256), ("gamma2", "gamma", 448), ("delta2", "delta", 640),
        ]
        func g1Stores(_ offset: Int, _ x: String, _ y: String) {
            out.append("                mstore(add(_pPairing, \(offset)), \(x))")
            out.append("                mstore(add(_pPairing, \(offset + 32)), \(y))")
        }
        func g2Stores(_ comment: String, _ prefix: String, _ offset: Int) {
            out.append("                // \(comment)")
            for (k, suffix) in ["x1", "x2", "y1", "y2"].enumerated() {
                out.append("                mstore(add(_pPairing, \(offset + 32 * k)), \(prefix)\(suffix))")
            }
            out.append("")
        }
        out.append("                // \(pairs[0].comment)")
        g1Stores(192, "alphax", "alphay")
        out.append("")
        g2Stores(pairs[1].comment, pairs[1].prefix, pairs[1].offset)
        out.append("                // vk_x")
        g1Stores(384, "mload(add(pMem, pVk))", "mload(add(pMem, add(pVk, 32)))")
        out.append("")
        g2Stores(pairs[2].comment, pairs[2].prefix, pairs[2].offset)
        out.append("                // C")
        g1Stores(576, "calldataload(pC)", "calldataload(add(pC, 32))")
        out.append("")
        g2Stores(pairs[3].comment, pairs[3].prefix, pairs[3].offset)
        out.append(
            "                // ecPairing (0x08): a point off the curve or outside the subgroup fails the call -> false"
        )
        out.append("                let success := staticcall(sub(gas(), 2000), 8, _pPairing, 768, _pPairing, 0x20)")
        out.append("                isOk := and(and(success, eq(returndatasize(), 0x20)), eq(mload(_pPairing), 1))")
        out.append("            }")
        out.append("")
        out.append("            let pMem := mload(0x40)")
        out.append("            mstore(0x40, add(pMem, pLastMem))")
        out.append("")
        out.append("            // Validate that all proof coordinates are < q and all public inputs are < r")
        out.append("            checkField(calldataload(_pA), q)")
        out.append("            checkField(calldataload(add(_pA, 32)), q)")
        for k in 0..<4 { out.append("            checkField(calldataload(add(_pB, \(32 * k))), q)") }
        out.append("            checkField(calldataload(_pC), q)")
        out.append("            checkField(calldataload(add(_pC, 32)), q)")
        for i in 0..<n { out.append("            checkField(calldataload(add(_pubSignals, \(32 * i))), r)") }
        out.append("")
        out.append("            // Validate all evaluations")
        out.append("            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)")
        out.append("")
        out.append("            mstore(0, isValid)")
        out.append("            return(0, 0x20)")
        out.append("        }")
        out.append("    }")
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    static let solidityHeaderComment = [
        "// verifyProof(_pA, _pB, _pC, _pubSignals) has the interface of snarkjs's generated verifier and follows the",
        "// layout of its template (templates/verifier_groth16.sol.ejs); _pB is [[x.c1, x.c0], [y.c1, y.c0]]",
        "// (EIP-197). It returns false, and never reverts, for any wrong proof: public inputs >= r and coordinates",
        "// >= q are rejected, not reduced; a point off the curve fails the pairing precompile, which also yields",
        "// false. Regenerate with `zkinfer export verifier --solidity` rather than editing the constants.",
    ]
}
