"""Shared helpers for the EVM drivers (Tests/EVM/evm_check.py, Benchmarks/evm_gas.py).

Contracts are compiled with the `vyper` compiler and executed by titanoboa on py-evm, whose precompiles
(0x02 SHA-256, 0x06 ecAdd, 0x07 ecMul, 0x08 ecPairing) are the reference implementations of EIP-196/197.
Calls are made with raw ABI calldata (what zkinfer prints), so the contract's ABI is exercised as a front end
would use it.
"""

import sys

MISSING_DEPENDENCY_EXIT = 3
PINNED = "vyper==0.4.3 titanoboa==0.2.8"

try:
    import boa
    import vyper
    import eth.vm.forks.shanghai.computation as _shanghai
    import eth.vm.forks.spurious_dragon.computation as _spurious_dragon
except ImportError as error:  # pragma: no cover - reported to the Swift test as a distinct exit status
    print(f"missing Python package ({error}); install with: python3 -m pip install {PINNED}", file=sys.stderr)
    sys.exit(MISSING_DEPENDENCY_EXIT)

# EIP-170 (24,576 bytes of code) and EIP-3860 (twice that of initcode) bound what mainnet deploys.
EIP170_LIMIT = 24576
R = 21888242871839275222246405745257275088548364400416034343698204186575808495617
Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583


def lift_code_size_limits():
    """Lets py-evm deploy contracts larger than EIP-170/EIP-3860 allow (verifiers with hundreds of public
    inputs); callers must report such contracts as not deployable on mainnet."""
    _spurious_dragon.EIP170_CODE_SIZE_LIMIT = 1 << 32
    _shanghai.MAX_INITCODE_SIZE = 1 << 32


def deploy(path):
    """Compiles and deploys the Vyper file at `path`; returns (contract, deployed code size in bytes)."""
    contract = boa.load(path)
    return contract, len(boa.env.get_code(contract.address))


def call(address, calldata, sender=None, gas=None):
    """Executes one message call; returns the py-evm computation (is_error, output, get_gas_used())."""
    kwargs = {"data": calldata}
    if sender is not None:
        kwargs["sender"] = sender
    if gas is not None:
        kwargs["gas"] = gas
    return boa.env.execute_code(to_address=address, **kwargs)


def words(calldata):
    """Splits selector ‖ 32-byte words."""
    body = calldata[4:]
    return calldata[:4], [int.from_bytes(body[i:i + 32], "big") for i in range(0, len(body), 32)]


def join(selector, values):
    return selector + b"".join(v.to_bytes(32, "big") for v in values)


def intrinsic_gas(calldata):
    """Transaction gas besides execution: 21,000 + 16 per non-zero and 4 per zero calldata byte (EIP-2028)."""
    return 21000 + sum(16 if b else 4 for b in calldata)


def hexbytes(text):
    return bytes.fromhex(text[2:] if text.startswith("0x") else text)
