"""Gas of zkinfer's contracts, measured in py-evm (titanoboa) with the Vyper sources zkinfer exports.

Usage: python3 Benchmarks/evm_gas.py [--zkinfer PATH] [--models a,b,…] [--visibility public,private,hashed]

For each Circuits/ model and input visibility: compile → setup → prove with the zkinfer binary, then
`export verifier --vyper` and `export calldata`, and one verifyProof call. Then the ledger registry:
publishRoot, and verifyInclusion at tree sizes 2^10 and 2^20, whose inclusion proofs are built here by an
RFC 9162 implementation (appending 2^20 records with the CLI would take hours); that implementation is first
checked against a small ledger made with `zkinfer ledger append` (same root, same inclusion calldata).

"execution" is the gas of the call itself (what another contract pays to call it); "transaction" adds the
21,000 base and the calldata bytes (EIP-2028: 16 per non-zero, 4 per zero byte). The target column is the
issue's: 200k + 6.5k per public signal, compared with the execution gas.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "EVM"))
import evm_support as evm  # noqa: E402


def run(zkinfer, *args):
    r = subprocess.run([zkinfer, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"zkinfer {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout


def models():
    found = []
    for name in sorted(os.listdir(os.path.join(ROOT, "Circuits"))):
        d = os.path.join(ROOT, "Circuits", name)
        model = next((os.path.join(d, f) for f in ("model.json", "model.onnx") if os.path.exists(os.path.join(d, f))), None)
        if model and os.path.exists(os.path.join(d, "input.json")):
            found.append((name, model, os.path.join(d, "input.json")))
    return sorted(found, key=lambda m: os.path.getsize(m[1]))


def verify_gas(zkinfer, work, name, model, inp, visibility):
    bundle = os.path.join(work, f"{name}-{visibility}")
    run(zkinfer, "compile", model, "-o", bundle, "--input-visibility", visibility)
    run(zkinfer, "setup", bundle)
    run(zkinfer, "prove", bundle, "--input", inp, "-o", bundle + "/proof")
    contract = os.path.join(work, f"{name.replace('-', '_')}_{visibility}.vy")
    run(zkinfer, "export", "verifier", bundle, "--vyper", "-o", contract)
    calldata = evm.hexbytes(json.loads(run(zkinfer, "export", "calldata", bundle + "/proof", "--json"))["calldata"])
    deployed, size = evm.deploy(contract)
    c = evm.call(deployed.address, calldata, gas=30_000_000)
    if c.is_error or bytes(c.output) != (1).to_bytes(32, "big"):
        raise SystemExit(f"{name} ({visibility}): the verifier did not accept zkinfer's proof")
    signals = (len(calldata) - 4) // 32 - 8
    return signals, c.get_gas_used(), evm.intrinsic_gas(calldata) + c.get_gas_used(), size


# RFC 9162 section 2.1 with SHA-256, as Sources/Ledger/MerkleTree.swift computes it.
def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def levels(leaves):
    """All levels of a complete tree (len(leaves) a power of two), leaves first."""
    out = [leaves]
    while len(out[-1]) > 1:
        prev = out[-1]
        out.append([node(prev[i], prev[i + 1]) for i in range(0, len(prev), 2)])
    return out


def audit_path(tree, index):
    return [tree[level][(index >> level) ^ 1] for level in range(len(tree) - 1)]


def mth(leaves):
    """MTH(D[n]) for any n (RFC 9162 section 2.1.1)."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node(mth(leaves[:k]), mth(leaves[k:]))


def path(leaves, m):
    """PATH(m, D[n]) (RFC 9162 section 2.1.3.1)."""
    if len(leaves) == 1:
        return []
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    if m < k:
        return path(leaves[:k], m) + [mth(leaves[k:])]
    return path(leaves[k:], m - k) + [mth(leaves[:k])]


def inclusion_calldata(leaf, index, size, hashes):
    selector = evm.hexbytes("0x" + __import__("eth_utils").keccak(text="verifyInclusion(bytes32,uint256,uint256,bytes32[])")[:4].hex())
    words = [int.from_bytes(leaf, "big"), index, size, 0x80, len(hashes)] + [int.from_bytes(h, "big") for h in hashes]
    return evm.join(selector, words)


def publish_calldata(size, root):
    selector = __import__("eth_utils").keccak(text="publishRoot(uint64,bytes32)")[:4]
    return evm.join(selector, [size, int.from_bytes(root, "big")])


def check_against_cli(zkinfer, work):
    """The Python RFC 9162 code must reproduce the CLI's root and inclusion calldata on a real ledger."""
    ms = models()[:1]
    name, model, inp = ms[0]
    bundle = os.path.join(work, "ledger-bundle")
    run(zkinfer, "compile", model, "-o", bundle)
    run(zkinfer, "setup", bundle)
    ledger = os.path.join(work, "check.ledger")
    for i in range(5):
        run(zkinfer, "prove", bundle, "--input", inp, "-o", bundle + f"/p{i}")
        run(zkinfer, "ledger", "append", bundle, "--proof-dir", bundle + f"/p{i}", "--ledger", ledger)
    head = json.loads(run(zkinfer, "ledger", "show", "--ledger", ledger, "--json"))
    leaves = []
    for i in range(5):
        inc = json.loads(run(zkinfer, "ledger", "inclusion", str(i), "--ledger", ledger, "--evm", "--json"))
        leaves.append(bytes.fromhex(inc["leafHash"]))
    assert mth(leaves).hex() == head["rootHash"], "Python MTH differs from the ledger's root"
    for i in range(5):
        inc = json.loads(run(zkinfer, "ledger", "inclusion", str(i), "--ledger", ledger, "--evm", "--json"))
        ours = inclusion_calldata(leaves[i], i, 5, path(leaves, i))
        assert "0x" + ours.hex() == inc["calldata"], f"Python inclusion calldata differs for #{i}"
    return "Python RFC 9162 root and inclusion calldata = zkinfer's on a 5-record ledger"


def ledger_gas(zkinfer, work):
    note = check_against_cli(zkinfer, work)
    contract = os.path.join(work, "ZKInferLedgerRegistry.vy")
    run(zkinfer, "export", "ledger-contract", "--vyper", "-o", contract)
    rows = []
    registry, size = evm.deploy(contract)
    for log2 in (10, 20):
        n = 1 << log2
        start = time.time()
        leaves = [hashlib.sha256(b"\x00" + i.to_bytes(8, "big")).digest() for i in range(n)]
        tree = levels(leaves)
        root = tree[-1][0]
        data = publish_calldata(n, root)
        c = evm.call(registry.address, data, gas=1_000_000)
        assert not c.is_error, "publishRoot failed"
        rows.append((f"publishRoot (size 2^{log2}{', first head' if log2 == 10 else ''})", c.get_gas_used(),
                     evm.intrinsic_gas(data) + c.get_gas_used(), None))
        worst = 0
        for index in (0, n // 3, n - 1):
            hashes = audit_path(tree, index)
            assert hashes == path(leaves, index) if log2 == 10 else len(hashes) == log2
            data = inclusion_calldata(leaves[index], index, n, hashes)
            c = evm.call(registry.address, data, gas=1_000_000)
            assert not c.is_error and bytes(c.output) == (1).to_bytes(32, "big"), f"inclusion #{index} rejected"
            if c.get_gas_used() > worst:
                worst, worst_tx = c.get_gas_used(), evm.intrinsic_gas(data) + c.get_gas_used()
        rows.append((f"verifyInclusion (size 2^{log2}, {log2} hashes, max of 3 leaves)", worst, worst_tx,
                     40_000 if log2 == 20 else None))
        print(f"  tree of 2^{log2} leaves built and checked in {time.time() - start:.1f} s", file=sys.stderr)
    return rows, note


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zkinfer", default=os.path.join(ROOT, ".build", "release", "zkinfer"))
    parser.add_argument("--models", default="")
    parser.add_argument("--visibility", default="public,private,hashed")
    args = parser.parse_args()
    evm.lift_code_size_limits()
    wanted = set(filter(None, args.models.split(",")))
    with tempfile.TemporaryDirectory(prefix="zkinfer-gas-") as work:
        print("| model | input | public signals | verifyProof execution gas | transaction gas | target 200k + 6.5k·n "
              "| code bytes |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for name, model, inp in models():
            if wanted and name not in wanted:
                continue
            for visibility in args.visibility.split(","):
                start = time.time()
                n, gas, tx, size = verify_gas(args.zkinfer, work, name, model, inp, visibility)
                target = 200_000 + 6_500 * n
                mark = "" if gas <= target else " (over)"
                over = "" if size <= evm.EIP170_LIMIT else " (> EIP-170)"
                print(f"| {name} | {visibility} | {n} | {gas:,} | {tx:,} | {target:,}{mark} | {size:,}{over} |")
                sys.stdout.flush()
                print(f"  {name} {visibility}: {time.time() - start:.1f} s", file=sys.stderr)
        rows, note = ledger_gas(args.zkinfer, work)
        print()
        print("| ledger registry call | execution gas | transaction gas | target |")
        print("| --- | ---: | ---: | ---: |")
        for label, gas, tx, target in rows:
            t = "" if target is None else f"{target:,}" + ("" if gas <= target else " (over)")
            print(f"| {label} | {gas:,} | {tx:,} | {t} |")
        print()
        print(note)


if __name__ == "__main__":
    main()
