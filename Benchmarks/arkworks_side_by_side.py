#!/usr/bin/env python3
"""zkinfer's Groth16 prover against arkworks (ark-groth16 through PyPI `groth16py`) on the same circuits.

Each circuit is exported once in circom formats (.r1cs, .wtns); arkworks gets a single-party `setup` of the
.r1cs (untimed) and proves with `prove_wtns`; zkinfer proves the same circuit. The two provers run alternately,
`--rounds` times, each in its own process pinned to the same cores (`taskset`) under `chrt -f 10` when allowed
(a whole core on a loaded machine), and the minimum of each is reported with the ratio zkinfer / arkworks.

Circuits:
  synthetic  `zkbench groth16` (random values) and `groth16-zkml` (a quantised model's value distribution) at
             the --sizes given; zkinfer's time is zkbench's `prove` figure (the whole Groth16Prover.prove).
  models     Circuits/<name> compiled and set up by zkinfer; zkinfer's time is the wall time of `zkinfer prove`
             (one process start, key loading, witness generation included) and its own `prove` step;
             arkworks' is `prove_wtns` alone (no witness generation: the .wtns comes from `zkinfer export wtns`).

Needs: the release binaries (swift build -c release --product zkinfer / zkbench), groth16py 0.2.0.
Usage: Benchmarks/arkworks_side_by_side.py [--sizes 16,18] [--models lenet5,...] [--cores 0] [--rounds 3]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ARK_PROVE = r"""
import sys, time, groth16py
pk = groth16py.ProvingKey.load(sys.argv[1])
t0 = time.perf_counter()
groth16py.prove_wtns(pk, sys.argv[2])
print(time.perf_counter() - t0)
"""


def fail(message):
    print("arkworks_side_by_side: " + message, file=sys.stderr)
    sys.exit(1)


def realtime_prefix():
    """`chrt -f 10` when this process may use SCHED_FIFO, else nothing (said once on stderr)."""
    if shutil.which("chrt") and subprocess.run(["chrt", "-f", "10", "true"], capture_output=True).returncode == 0:
        return ["chrt", "-f", "10"]
    print("note: chrt -f 10 not permitted; timing without real-time priority", file=sys.stderr)
    return []


def pinned(cores, prefix):
    return prefix + ["taskset", "-c", cores]


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        fail("failed: " + " ".join(command) + "\n" + result.stdout[-2000:] + result.stderr[-2000:])
    return result.stdout


def ark_setup(r1cs, pk_path):
    import groth16py
    pk, _ = groth16py.setup(r1cs)
    pk.save(pk_path)


def ark_prove(pk_path, wtns, launch):
    """Seconds of one `prove_wtns` call, in a fresh pinned process (key loading not timed)."""
    out = run(launch + [sys.executable, "-c", ARK_PROVE, pk_path, wtns])
    return float(out.strip().splitlines()[-1])


def zkbench_prove(zkbench, figure, log_size, threads, launch, export=None):
    """zkbench's `prove` figure (seconds) for one synthetic circuit; exports it when `export` is a directory."""
    command = launch + [zkbench, "groth16", "--sizes", str(log_size), "--filter", "=" + figure,
                        "--threads", str(threads), "--runs", "1", "--json"]
    if export:
        command += ["--export", export]
    figures = {}
    for line in run(command).splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            figures[row["name"]] = row["value"]
    if "prove" not in figures:
        fail("zkbench printed no 'prove' figure for " + figure)
    return figures["prove"], figures.get("prove-peak-rss")


def zkinfer_prove(zkinfer, bundle, input_path, out_dir, launch):
    """(wall seconds of `zkinfer prove`, its own prove-step seconds)."""
    t0 = time.perf_counter()
    out = run(launch + [zkinfer, "prove", bundle, "--input", input_path, "-o", out_dir, "--json"])
    wall = time.perf_counter() - t0
    step = None
    try:
        report = json.loads(out[out.index("{"):])
        step = report.get("proveSeconds")
    except ValueError:
        pass
    return wall, step


def ratio(a, b):
    return "%.2f" % (a / b) if a and b else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="16,18", help="log2 domain sizes of the synthetic circuits")
    parser.add_argument("--variants", default="groth16,groth16-zkml", help="zkbench figures to compare")
    parser.add_argument("--models", default="", help="Circuits/ models, comma-separated (e.g. lenet5)")
    parser.add_argument("--cores", default="0", help="taskset core list for both provers (e.g. 0 or 0,1)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", default=None, help="work directory (default: temporary)")
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release"),
                        help="directory holding the zkbench and zkinfer binaries")
    args = parser.parse_args()
    try:
        import groth16py  # noqa: F401
    except ImportError:
        fail("PyPI groth16py is not installed (pip install groth16py==0.2.0)")
    zkbench, zkinfer = os.path.join(args.bin, "zkbench"), os.path.join(args.bin, "zkinfer")
    threads = len(args.cores.split(","))
    launch = pinned(args.cores, realtime_prefix())
    work = args.work or tempfile.mkdtemp(prefix="side-by-side-")
    os.makedirs(work, exist_ok=True)
    rows = []

    for log_size in [int(s) for s in args.sizes.split(",") if s]:
        for figure in [v for v in args.variants.split(",") if v]:
            if not os.path.exists(zkbench):
                fail("no " + zkbench + " (swift build -c release --product zkbench)")
            base = os.path.join(work, "%s-%d" % (figure, log_size))
            ours, arks, peak = [], [], None
            for k in range(args.rounds):
                seconds, peak = zkbench_prove(zkbench, figure, log_size, threads, launch,
                                              export=work if k == 0 else None)
                ours.append(seconds)
                if k == 0:
                    ark_setup(base + ".r1cs", base + ".arkpk")
                arks.append(ark_prove(base + ".arkpk", base + ".wtns", launch))
            rows.append(("%s 2^%d" % (figure, log_size), min(ours), None, min(arks), peak))
            print_row(rows[-1], threads)

    for model in [m for m in args.models.split(",") if m]:
        if not os.path.exists(zkinfer):
            fail("no " + zkinfer + " (swift build -c release --product zkinfer)")
        source = os.path.join(ROOT, "Circuits", model)
        model_file = next((os.path.join(source, f) for f in sorted(os.listdir(source))
                           if f.endswith(".onnx") or f == "model.json"), None)
        input_path = os.path.join(source, "input.json")
        if model_file is None or not os.path.exists(input_path):
            fail("Circuits/%s has no model (.onnx / model.json) or input.json" % model)
        bundle = os.path.join(work, model)
        run([zkinfer, "compile", model_file, "-o", bundle, "--sample-input", input_path])
        run([zkinfer, "setup", bundle])
        run([zkinfer, "export", "r1cs", bundle, "-o", bundle + ".r1cs"])
        run([zkinfer, "export", "wtns", bundle, "--input", input_path, "-o", bundle + ".wtns"])
        ark_setup(bundle + ".r1cs", bundle + ".arkpk")
        walls, steps, arks = [], [], []
        for _ in range(args.rounds):
            wall, step = zkinfer_prove(zkinfer, bundle, input_path, os.path.join(work, model + "-proof"), launch)
            walls.append(wall)
            if step is not None:
                steps.append(step)
            arks.append(ark_prove(bundle + ".arkpk", bundle + ".wtns", launch))
        rows.append((model, min(walls), min(steps) if steps else None, min(arks), None))
        print_row(rows[-1], threads)


def print_row(row, threads):
    name, ours, step, ark, peak = row
    text = "%-22s cores %d  zkinfer %7.3f s" % (name, threads, ours)
    if step is not None:
        text += " (prove step %.3f s, %.0f%%)" % (step, 100 * step / ours)
    text += "  arkworks %7.3f s  ratio %s" % (ark, ratio(ours, ark))
    if peak:
        text += "  zkinfer peak %.0f MB" % (peak / 1e6)
    print(text, flush=True)


if __name__ == "__main__":
    main()
