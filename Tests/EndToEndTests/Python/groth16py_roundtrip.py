#!/usr/bin/env python3
"""Round trip through arkworks (PyPI groth16py 0.2.0, an implementation independent of zkinfer).

Usage: groth16py_roundtrip.py ZKEY WTNS R1CS OUTDIR

1. `import_zkey(ZKEY)` + `prove_wtns(pk, WTNS)`: arkworks proves with zkinfer's .zkey and .wtns; the proof
   is written as OUTDIR/proof.json (snarkjs layout) for zkinfer's verifier to check. As a self-check of the
   byte layout, groth16py's own verifier must accept the same JSON with the zkey's verifying key.
2. `setup(R1CS)` + `prove_wtns` + `Verifier.verify`: arkworks reads zkinfer's exported .r1cs and .wtns, makes
   its own keys, and its proof verifies — so the exported constraint system is satisfied by the exported witness.
Prints one line per step; exits non-zero on any failure.
"""
import json
import os
import struct
import sys

import groth16py


def proof_json(blob: bytes) -> dict:
    # groth16py's "Ethereum bytes" layout (EIP-196/197 calldata order): A.x A.y | B.x.c1 B.x.c0 B.y.c1 B.y.c0 | C.x C.y,
    # each a 32-byte big-endian integer.
    if len(blob) != 256:
        raise SystemExit(f"unexpected proof length {len(blob)}")
    w = [str(int.from_bytes(blob[32 * i:32 * i + 32], "big")) for i in range(8)]
    return {
        "pi_a": [w[0], w[1], "1"],
        "pi_b": [[w[3], w[2]], [w[5], w[4]], ["1", "0"]],
        "pi_c": [w[6], w[7], "1"],
        "protocol": "groth16",
        "curve": "bn128",
    }


def public_signals(wtns_path: str, n_public: int) -> list:
    data = open(wtns_path, "rb").read()
    # wtns v2: magic, version, nSections; section 1 (n8, prime, count); section 2 values (32-byte LE each).
    offset = 12
    values = None
    while offset < len(data):
        kind, size = struct.unpack_from("<IQ", data, offset)
        offset += 12
        if kind == 2:
            body = data[offset:offset + size]
            values = [int.from_bytes(body[32 * i:32 * i + 32], "little") for i in range(size // 32)]
        offset += size
    return [str(v) for v in values[1:1 + n_public]]


def main() -> None:
    zkey, wtns, r1cs, out = sys.argv[1:5]
    pk, zkey_vk = groth16py.import_zkey(zkey)
    blob = groth16py.prove_wtns(pk, wtns)
    proof = proof_json(bytes(blob))
    with open(os.path.join(out, "proof.json"), "w") as f:
        json.dump(proof, f)
    print("import_zkey + prove_wtns: proof written")

    vk_json = open(os.path.join(out, "verification_key.json")).read()
    vk = groth16py.VerifyingKey.from_snarkjs(vk_json)
    publics = public_signals(wtns, vk.n_public)
    with open(os.path.join(out, "public.json"), "w") as f:
        json.dump(publics, f)
    if zkey_vk.n_public != vk.n_public:
        raise SystemExit("groth16py reads a different verifying key from the zkey")
    if not groth16py.Verifier(vk).verify_snarkjs(json.dumps(proof), json.dumps(publics)):
        raise SystemExit("groth16py does not verify its own proof with zkinfer's verification_key.json")
    print("groth16py verifies its proof with zkinfer's verification_key.json")

    pk2, vk2 = groth16py.setup(r1cs)
    blob2 = groth16py.prove_wtns(pk2, wtns)
    if not groth16py.Verifier(vk2).verify(bytes(blob2), [int(p) for p in publics]):
        raise SystemExit("arkworks setup on zkinfer's .r1cs: the proof from zkinfer's .wtns does not verify")
    print("arkworks setup(.r1cs) + prove_wtns(.wtns): proof verifies")


if __name__ == "__main__":
    main()
