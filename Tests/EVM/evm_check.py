"""Runs zkinfer's generated contracts in a real EVM (py-evm through titanoboa) and checks their answers.

Usage: python3 Tests/EVM/evm_check.py PLAN.json

PLAN.json is written by Tests/EndToEndTests/EVMTests.swift from the zkinfer binary's own output:
  {"verifiers": [{"name", "contract" (a .vy file), "calldata" (0x…, `zkinfer export calldata`),
                  "tamper": "all" | "signal" | "none"}],
   "foreignProofs": [{"verifier": name, "calldata": 0x…, "label": text}],
   "ledger": {"contract", "owner": bool, "publish": [{"treeSize", "calldata"}],
              "inclusions": [{"treeSize", "index", "calldata", "published": bool}],
              "smallTree": {"publish": 0x…, "inclusion": 0x…}}}
Prints one line per check and a closing "N passed, M failed"; exits 0 when every check passed, 1 otherwise,
3 when vyper/titanoboa are missing.
"""

import json
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import evm_support as evm  # noqa: E402  (exits 3 when the packages are missing)

GAS = 10_000_000  # a failing precompile consumes what it is forwarded; the caller keeps 1/64 (EIP-150)
TRUE = (1).to_bytes(32, "big")
FALSE = (0).to_bytes(32, "big")

passed, failed = 0, 0


def check(label, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {label}" + (f" ({detail})" if detail else ""))
    else:
        failed += 1
        print(f"FAIL {label}: {detail}")
    sys.stdout.flush()


def expect_bool(label, address, calldata, expected):
    """The call must succeed (no revert, no out-of-gas) and return exactly the ABI bool `expected`."""
    start = time.time()
    c = evm.call(address, calldata, gas=GAS)
    seconds = time.time() - start
    want = TRUE if expected else FALSE
    if c.is_error:
        check(label, False, f"reverted or ran out of gas: {c.error!r}")
    elif bytes(c.output) != want:
        check(label, False, f"returned 0x{bytes(c.output).hex()}, expected {expected}")
    else:
        check(label, True, f"{expected}, {c.get_gas_used()} gas, {seconds:.1f} s")
    return c


def expect_revert(label, address, calldata, sender=None):
    c = evm.call(address, calldata, sender=sender, gas=GAS)
    check(label, c.is_error, "accepted" if not c.is_error else "")


# MARK: verifier

def verifier_cases(v, address):
    name = v["name"]
    calldata = evm.hexbytes(v["calldata"])
    selector, w = evm.words(calldata)
    # words: a = w[0:2], b = w[2:6], c = w[6:8], inputs = w[8:]
    expect_bool(f"{name}: valid proof accepted", address, calldata, True)
    if v["tamper"] in ("all", "signal"):
        changed = list(w)
        changed[8] = (changed[8] + 1) % evm.R
        expect_bool(f"{name}: changed public signal rejected", address, evm.join(selector, changed), False)
        high = list(w)
        high[8] += evm.R  # the same value mod r: must be rejected, not reduced
        expect_bool(f"{name}: public signal + r (>= r) rejected", address, evm.join(selector, high), False)
    if v["tamper"] != "all":
        return
    last = list(w)
    last[-1] = evm.R
    expect_bool(f"{name}: last public signal = r rejected", address, evm.join(selector, last), False)
    swapped = list(w)
    swapped[0:2], swapped[6:8] = w[6:8], w[0:2]
    expect_bool(f"{name}: tampered proof (A and C swapped) rejected", address, evm.join(selector, swapped), False)
    neg = list(w)
    neg[1] = (evm.Q - w[1]) % evm.Q
    expect_bool(f"{name}: tampered proof (A negated) rejected", address, evm.join(selector, neg), False)
    for index, what in [(0, "A.x"), (1, "A.y"), (2, "B.x.c1"), (5, "B.y.c0"), (7, "C.y")]:
        bad = list(w)
        bad[index] += evm.Q  # same point mod q, non-canonical encoding
        expect_bool(f"{name}: non-canonical {what} (+q) rejected", address, evm.join(selector, bad), False)
    off = list(w)
    off[0:2] = [1, 3]  # 3^2 != 1 + 3: not on y^2 = x^3 + 3
    expect_bool(f"{name}: A not on the curve -> false, no revert", address, evm.join(selector, off), False)
    off = list(w)
    off[2] = (w[2] + 1) % evm.Q
    expect_bool(f"{name}: B not on the twist -> false, no revert", address, evm.join(selector, off), False)
    off = list(w)
    off[6:8] = [1, 3]
    expect_bool(f"{name}: C not on the curve -> false, no revert", address, evm.join(selector, off), False)


# MARK: ledger

def ledger_cases(plan):
    import boa
    from eth_utils import keccak

    registry, size = evm.deploy(plan["contract"])
    address = registry.address
    owner = boa.env.eoa
    heads = plan["publish"]
    first, second = heads[0], heads[1]
    for inc in plan["inclusions"]:
        if inc["treeSize"] == first["treeSize"]:
            expect_bool(f"ledger: inclusion in size {first['treeSize']} false before it is published", address,
                        evm.hexbytes(inc["calldata"]), False)
            break
    c = evm.call(address, evm.hexbytes(first["calldata"]), sender=owner, gas=GAS)
    check(f"ledger: owner publishes size {first['treeSize']}", not c.is_error, f"{c.get_gas_used()} gas")
    topic = int.from_bytes(keccak(text="RootPublished(uint64,bytes32,address)"), "big")
    _, root_words = evm.words(evm.hexbytes(first["calldata"]))
    events = [(topics, bytes(data)) for _, topics, data in c.get_log_entries() if topics and topics[0] == topic]
    check("ledger: one RootPublished event with size and root",
          len(events) == 1 and events[0][0][1] == first["treeSize"]
          and events[0][1] == root_words[1].to_bytes(32, "big"), str(c.get_log_entries()))
    c = evm.call(address, evm.hexbytes(second["calldata"]), sender=owner, gas=GAS)
    check(f"ledger: owner publishes size {second['treeSize']}", not c.is_error, f"{c.get_gas_used()} gas")
    _, root_words = evm.words(evm.hexbytes(second["calldata"]))
    check("ledger: rootOf stores the published root",
          registry.rootOf(second["treeSize"]) == root_words[1].to_bytes(32, "big"))
    check("ledger: latestTreeSize", registry.latestTreeSize() == second["treeSize"])

    expect_revert(f"ledger: smaller size {first['treeSize']} after {second['treeSize']} reverts", address,
                  evm.hexbytes(first["calldata"]), sender=owner)
    expect_revert(f"ledger: equal size {second['treeSize']} again reverts", address,
                  evm.hexbytes(second["calldata"]), sender=owner)
    stranger = boa.env.generate_address("stranger")
    selector, w = evm.words(evm.hexbytes(second["calldata"]))
    bigger = evm.join(selector, [second["treeSize"] + 1, w[1]])
    expect_revert("ledger: non-owner cannot publish", address, bigger, sender=stranger)
    zero_root = evm.join(selector, [second["treeSize"] + 1, 0])
    expect_revert("ledger: zero root cannot be published", address, zero_root, sender=owner)
    grant = registry.setPublisher.prepare_calldata(stranger, True)
    expect_revert("ledger: non-owner cannot add publishers", address, grant, sender=stranger)
    c = evm.call(address, grant, sender=owner, gas=GAS)
    check("ledger: owner adds a publisher", not c.is_error)
    c = evm.call(address, bigger, sender=stranger, gas=GAS)
    check("ledger: added publisher publishes a larger size", not c.is_error)

    for inc in plan["inclusions"]:
        calldata = evm.hexbytes(inc["calldata"])
        label = f"ledger: inclusion of #{inc['index']} in size {inc['treeSize']}"
        if not inc["published"]:
            expect_bool(label + " (size never published) false", address, calldata, False)
            continue
        expect_bool(label + " verifies on chain", address, calldata, True)
        sel, iw = evm.words(calldata)
        # words: leafHash, index, treeSize, offset, length, path…
        if iw[4] > 0:
            bad = list(iw)
            bad[5] ^= 1
            expect_bool(label + ": tampered path false", address, evm.join(sel, bad), False)
            short = list(iw[:4]) + [iw[4] - 1] + iw[5:-1]
            expect_bool(label + ": truncated path false", address, evm.join(sel, short), False)
        bad = list(iw)
        bad[0] ^= 1 << 8
        expect_bool(label + ": other leaf hash false", address, evm.join(sel, bad), False)
        bad = list(iw)
        bad[1] = (iw[1] + 1) % iw[2]
        expect_bool(label + ": other index false", address, evm.join(sel, bad), False)
        bad = list(iw)
        bad[1] = iw[2]
        expect_bool(label + ": index = treeSize false", address, evm.join(sel, bad), False)
        bad = list(iw)
        bad[2] = 1 << 64
        expect_bool(label + ": treeSize >= 2^64 false", address, evm.join(sel, bad), False)

    small = plan.get("smallTree")
    if small:
        fresh, _ = evm.deploy(plan["contract"])
        c = evm.call(fresh.address, evm.hexbytes(small["publish"]), sender=boa.env.eoa, gas=GAS)
        check("ledger: size-1 tree published", not c.is_error)
        expect_bool("ledger: inclusion in a size-1 tree (empty path) verifies", fresh.address,
                    evm.hexbytes(small["inclusion"]), True)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    evm.lift_code_size_limits()
    addresses = {}
    for v in plan.get("verifiers", []):
        start = time.time()
        contract, size = evm.deploy(v["contract"])
        note = "" if size <= evm.EIP170_LIMIT else ", over EIP-170: not deployable on mainnet"
        print(f"deployed {v['name']} verifier: {size} bytes of code{note} ({time.time() - start:.1f} s)")
        addresses[v["name"]] = contract.address
        verifier_cases(v, contract.address)
    for f in plan.get("foreignProofs", []):
        expect_bool(f"{f['verifier']}: {f['label']} rejected", addresses[f["verifier"]],
                    evm.hexbytes(f["calldata"]), False)
    if "ledger" in plan:
        ledger_cases(plan["ledger"])
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
