#!/usr/bin/env python3
"""Segmented-proof benchmark (issue 14): the >= 1M-constraint CNN of make_model.py proved as one circuit and in 4
segments, each step a separate zkinfer process measured by /usr/bin/time -v (peak RSS, user+system CPU seconds).
Prints per-segment figures, the ratios to the single circuit, the verification time of the 4 proofs, and a
throughput/latency model for W Ray workers from the measured per-segment times. With --ray ADDRESS, also proves
the segments on that Ray cluster and prints the job timeline.

    python3 Benchmarks/segments/run.py [--zkinfer .build/release/zkinfer] [--work /tmp/zkseg] [--ray HOST:PORT]
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, cwd):
    """Runs cmd under /usr/bin/time -v; returns (stdout, cpu seconds, peak RSS MiB, wall seconds)."""
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("failed: %s\n%s\n%s" % (" ".join(cmd), p.stdout, p.stderr[-3000:]))
    def field(name):
        return re.search(re.escape(name) + r": (.*)", p.stderr).group(1).strip()
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) / 1024
    h, m, s = (["0"] * 3 + field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"))[-3:]
    return p.stdout, cpu, rss, int(h) * 3600 + int(m) * 60 + float(s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--zkinfer", default=os.path.join(HERE, "..", "..", ".build", "release", "zkinfer"))
    ap.add_argument("--work", default="/tmp/zkseg-bench")
    ap.add_argument("--segments", type=int, default=4)
    ap.add_argument("--max-constraints", type=int, default=None, help="cut with --max-constraints instead")
    ap.add_argument("--ray", default=None)
    a = ap.parse_args()
    z = os.path.abspath(a.zkinfer)
    w = a.work
    os.makedirs(w, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "make_model.py"), w], check=True)
    cut = ["--segments", str(a.segments)] if a.max_constraints is None else ["--max-constraints", str(a.max_constraints)]
    sd = "seg" if a.max_constraints is None else "seg-max%d" % a.max_constraints
    if not os.path.exists(os.path.join(w, "whole", "proving.key")):
        timed([z, "compile", "model.json", "--scale", "8", "-o", "whole"], w)
        timed([z, "setup", "whole"], w)
    if not os.path.exists(os.path.join(w, sd, "segment-0", "proving.key")):
        timed([z, "compile", "model.json", "--scale", "8"] + cut + ["-o", sd], w)
        timed([z, "setup", sd], w)
    k = len(json.load(open(os.path.join(w, sd, "segments.json")))["segments"])
    out, cpu1, rss1, wall1 = timed([z, "prove", "whole", "--input", "input.json", "-o", "pw", "--json"], w)
    whole = json.loads(out)
    n1 = json.load(open(os.path.join(w, "whole", "bundle.json")))["circuit"]["constraints"]
    print("model: cnn32-deep (Benchmarks/segments/make_model.py), %d constraints as one circuit" % n1)
    print("%-10s %12s %10s %12s %10s" % ("prover", "constraints", "cpu s", "peak RSS", "wall s"))
    print("%-10s %12d %10.1f %9.0f MiB %10.1f" % ("single", n1, cpu1, rss1, wall1))
    seg = json.load(open(os.path.join(w, sd, "segments.json")))["segments"]
    cpus, rsss, walls = [], [], []
    for i in range(k):
        out, cpu, rss, wall = timed([z, "prove", sd, "--input", "input.json", "--segment", str(i), "-o", "ps-" + sd,
                                     "--json"], w)
        cpus.append(cpu); rsss.append(rss); walls.append(wall)
        print("%-10s %12d %10.1f %9.0f MiB %10.1f" % ("segment %d" % i, seg[i]["constraints"], cpu, rss, wall))
    total = sum(s["constraints"] for s in seg)
    print("sum of segments: %d constraints (%.3fx), %.1f CPU s (%.3fx the single circuit's; target <= 1.25x)"
          % (total, total / n1, sum(cpus), sum(cpus) / cpu1))
    print("peak RSS per segment / single: %s (largest %.3fx; target <= 0.35x)"
          % (", ".join("%.3f" % (r / rss1) for r in rsss), max(rsss) / rss1))
    best = None
    for _ in range(5):
        out, _, _, _ = timed([z, "verify", sd, "--proof-dir", "ps-" + sd, "--json"], w)
        v = json.loads(out)
        assert v["valid"], v
        best = v["seconds"] if best is None else min(best, v["seconds"])
    print("verification of the %d proofs + hash chain (one batched pairing check, best of 5): %.2f ms "
          "(target <= 6 ms)" % (k, best * 1000))
    # Ray model: segments are independent jobs. One inference on W >= K workers: wall = the slowest segment
    # (critical path); many inferences on W workers: throughput = W / (sum of segment seconds) per second.
    print("model from measured per-segment wall times (s): %s" % ", ".join("%.1f" % t for t in walls))
    for workers in (1, 2, 4, 8):
        finish = [0.0] * workers
        for t in sorted(walls, reverse=True):
            j = finish.index(min(finish)); finish[j] += t
        print("  %d worker%s: one inference %.1f s (single circuit %.1f s); steady throughput %.2f inferences/min"
              % (workers, "s" if workers > 1 else " ", max(finish), wall1, 60 * workers / sum(walls)))
    if a.ray:
        p = subprocess.run([z, "prove", sd, "--input", "input.json", "-o", "pray", "--ray", a.ray], cwd=w,
                           capture_output=True, text=True)
        print(p.stdout)
        print(p.stderr)


if __name__ == "__main__":
    main()
