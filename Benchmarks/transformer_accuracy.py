#!/usr/bin/env python3
"""Issue 12 targets for the tiny GPT (Circuits/tiny-gpt), measured, not asserted by CI:

1. the float reference: onnxruntime's next-token logits for the 200 held-out prompts of tiny-gpt/prompts.json,
   written back into that file ("logits") so the Swift side compares against the exact same numbers;
2. the fixed-point side: `swift test --filter TinyGPTAccuracyTests` (long tier) runs zkinfer's fixed-point
   executor — the circuit's output, bit for bit — on every prompt and prints top-1 agreement, max |logit error|
   and the constraints per op type;
3. `zkinfer compile / setup / prove / verify` on tiny-gpt and bert-classifier, timed (wall clock of this machine).

Usage: python3 Benchmarks/transformer_accuracy.py [--skip-timing] [--scale BITS]   (tiny-gpt timed at 2^11)
Needs onnxruntime and numpy (pip). Run from the repository root after `swift build -c release --product zkinfer`.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZKINFER = os.path.join(ROOT, ".build", "release", "zkinfer")


def reference_logits():
    import numpy as np
    import onnxruntime as ort

    path = os.path.join(ROOT, "Circuits", "tiny-gpt", "prompts.json")
    doc = json.load(open(path))
    session = ort.InferenceSession(os.path.join(ROOT, "Circuits", "tiny-gpt", "model.onnx"),
                                   providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    doc["logits"] = [
        [float(v) for v in session.run(None, {name: np.asarray([p], dtype=np.int64)})[0].reshape(-1)]
        for p in doc["prompts"]
    ]
    with open(path, "w") as f:
        json.dump(doc, f)
    print(f"onnxruntime {ort.__version__}: float logits for {len(doc['prompts'])} prompts written to {path}")


def run(cmd, **kw):
    start = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    elapsed = time.time() - start
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout, elapsed


def timings(model, scale):
    with tempfile.TemporaryDirectory() as tmp:
        bundle = os.path.join(tmp, "bundle")
        directory = os.path.join(ROOT, "Circuits", model)
        cmd = [ZKINFER, "compile", os.path.join(directory, "model.onnx"), "-o", bundle]
        if scale:
            cmd += ["--scale", str(scale)]
        out, t_compile = run(cmd)
        total = [line for line in out.splitlines() if line.startswith("total constraints")]
        _, t_setup = run([ZKINFER, "setup", bundle])
        _, t_prove = run([ZKINFER, "prove", bundle, "--input", os.path.join(directory, "input.json")])
        _, t_verify = run([ZKINFER, "verify", "--vk", os.path.join(bundle, "verifying.key"), "--proof",
                           os.path.join(bundle, "proof.json"), "--public", os.path.join(bundle, "public.json")])
        proof = os.path.getsize(os.path.join(bundle, "proof.json"))
        print(f"{model}: {total[0] if total else ''}")
        print(f"  compile {t_compile:.1f} s, setup {t_setup:.1f} s, prove {t_prove:.1f} s, verify {t_verify:.2f} s "
              f"(process wall clock, 2 cores); proof.json {proof} bytes")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-timing", action="store_true")
    parser.add_argument("--scale", type=int, default=11, help="tiny-gpt's scale bits for the timing (default 11)")
    args = parser.parse_args()
    reference_logits()
    env = dict(os.environ, ZK_LONG_TESTS="1")
    out, _ = run(["swift", "test", "-c", "release", "--disable-testable-imports", "--filter", "TinyGPTAccuracyTests"],
                 cwd=ROOT, env=env)
    for line in out.splitlines():
        if "tiny-gpt" in line or "constraints" in line:
            print(line)
    if not args.skip_timing:
        timings("tiny-gpt", args.scale)
        timings("bert-classifier", 0)  # calibrated


if __name__ == "__main__":
    main()
