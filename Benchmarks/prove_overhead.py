#!/usr/bin/env python3
"""`zkinfer prove` wall time, with process start, for two builds side by side (issue 15's prove-overhead targets).

Each round runs every (model, build) pair once, alternating builds, each command under `chrt -f 10` (a whole core
per thread on a shared machine) and `/usr/bin/time` (wall seconds, peak RSS). The prover's own share is the
`prove (N constraints)` step over the command's wall time (the step lines come from the progress display, which
`script` gives a terminal). Bundles are compiled and set up beforehand, one per build (a key format may differ):

    Benchmarks/prove_overhead.py --build before=/tmp/zkinfer-old:/tmp/bundles-old \\
        --build after=.build/release/zkinfer:/tmp/bundles-new --models lenet5 resnet-cnn --rounds 5

prints one markdown row per (model, build): minimum and median wall time, the median prover share, the
median witness step and the peak RSS.
"""

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEP = re.compile(r"^\s*(.+?) … done in ([0-9.]+) (ms|s)\s*$")


def seconds(value, unit):
    return float(value) / 1000 if unit == "ms" else float(value)


def run_once(binary, bundle, model, chrt):
    """Runs one prove; returns (wall seconds, peak KB, {step: seconds})."""
    out = tempfile.mkdtemp(prefix="prove-overhead-")
    stats = os.path.join(out, "time.txt")
    inp = os.path.join(ROOT, "Circuits", model, "input.json")
    cmd = ["/usr/bin/time", "-o", stats, "-f", "%e %M", binary, "prove", bundle, "--input", inp,
           "-o", os.path.join(out, "proof")]
    if chrt:
        cmd = ["chrt", "-f", "10"] + cmd
    # `script` gives the command a terminal, so the progress display prints each step's time.
    r = subprocess.run(["script", "-qec", shlex.join(cmd), "/dev/null"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{binary} prove {bundle} failed:\n{r.stdout}\n{r.stderr}")
    steps = {}
    for line in r.stdout.replace("\r", "\n").splitlines():
        m = STEP.match(line)
        if m:
            steps[m.group(1)] = seconds(m.group(2), m.group(3))
    wall, peak = open(stats).read().split()[-2:]
    subprocess.run(["rm", "-rf", out], check=True)
    return float(wall), int(peak), steps


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", action="append", required=True, help="NAME=BINARY:BUNDLE_ROOT (repeatable)")
    ap.add_argument("--models", nargs="+", default=["lenet5"])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-chrt", action="store_true", help="do not run under chrt -f 10")
    args = ap.parse_args()
    builds = []
    for spec in args.build:
        name, rest = spec.split("=", 1)
        binary, root = rest.split(":", 1)
        builds.append((name, binary, root))
    results = {}
    for r in range(args.rounds):
        order = builds if r % 2 == 0 else list(reversed(builds))
        for model in args.models:
            for name, binary, root in order:
                wall, peak, steps = run_once(binary, os.path.join(root, model), model, not args.no_chrt)
                results.setdefault((model, name), []).append((wall, peak, steps))
                print(f"round {r} {model} {name}: {wall:.2f} s, {peak // 1024} MB, "
                      + ", ".join(f"{k} {v:.3f}" for k, v in steps.items()), file=sys.stderr, flush=True)
    print("| model | build | wall min | wall median | prove step (median) | prover share (median) "
          "| witness (median) | peak RSS |")
    print("|---|---|---|---|---|---|---|---|")
    for model in args.models:
        for name, _, _ in builds:
            rows = results[(model, name)]
            walls = [w for w, _, _ in rows]
            prove = [next((v for k, v in s.items() if k.startswith("prove (")), 0.0) for _, _, s in rows]
            share = [p / w for p, (w, _, _) in zip(prove, rows)]
            witness = [s.get("witness", 0.0) for _, _, s in rows]
            peak = max(p for _, p, _ in rows)
            print(f"| {model} | {name} | {min(walls):.2f} s | {statistics.median(walls):.2f} s "
                  f"| {statistics.median(prove):.2f} s | {100 * statistics.median(share):.0f}% "
                  f"| {statistics.median(witness):.2f} s | {peak / 1024:.0f} MB |")


if __name__ == "__main__":
    main()
