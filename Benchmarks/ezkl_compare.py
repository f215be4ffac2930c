#!/usr/bin/env python3
"""zkinfer beside EZKL on the same ONNX files: prove time, verify time, proof size, proving-key size, max error.

Usage (from the repository root, after `swift build -c release --product zkinfer`):
    python3 -m pip install ezkl==23.0.5 onnxruntime==1.32.0 numpy
    python3 Benchmarks/ezkl_compare.py [--runs 3] [--work /tmp/ezkl-compare] [--markdown]
        [--scale MODEL=BITS ...] [--ezkl-memory-gib 12] [--ezkl-timeout 1800] [--reuse] [MODEL_DIR ...]
MODEL_DIR defaults to every Circuits/*/ holding model.onnx and input.json. `--scale mobilenet-cnn=14` adds a
zkinfer row compiled with `--scale 14` (to compare at equal or smaller error). Every EZKL step runs in a child
process whose resident memory is polled (/proc) and which is killed past --ezkl-memory-gib or --ezkl-timeout
seconds; a model EZKL cannot prove within them still gets a row saying where it stopped (step, logrows, key size,
peak memory). `--reuse` keeps an earlier EZKL setup (settings, compiled circuit, SRS, keys) found in --work.

Per model, both systems prove the same statement: the model's output on Circuits/<model>/input.json, with the
input and the output public (EZKL: input_visibility "public", output_visibility "public", param_visibility
"fixed"; zkinfer's default). Steps:
  zkinfer  compile (scale calibrated on input.json), setup, then `prove` and `verify` as processes;
  EZKL     gen_settings, calibrate_settings(target="resources") on input.json, compile_circuit, gen_srs (a local
           test SRS of the calibrated logrows: EZKL's public SRS download is not needed for timing), setup, then
           gen_witness + prove, verify.
The prove runs alternate (zkinfer, EZKL, zkinfer, …) so machine load hits both alike; each time is the minimum
over --runs. Prove time = the whole `zkinfer prove` process (load key, witness, prove, write) vs EZKL's
gen_witness + prove calls (load key, witness, prove, write). Verify time = `zkinfer verify` process and the
verify time it reports, vs EZKL's verify call. Max error = max |output − onnxruntime float output| on input.json.
Sizes: the proof file each writes (snarkjs JSON vs EZKL JSON), the raw proof bytes (Groth16: 2 G1 + 1 G2
uncompressed = 256 bytes; EZKL: the hex "proof" field), and the proving-key file.
"""
import argparse
import glob
import json
import os
import re
import signal
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZKINFER = os.environ.get("ZKINFER", os.path.join(ROOT, ".build", "release", "zkinfer"))  # or a copy of it
GIB = 1 << 30


def rss_bytes(pid):
    """The resident set of a live process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            m = re.search(r"VmRSS:\s+(\d+) kB", f.read())
        return int(m.group(1)) * 1024 if m else 0
    except OSError:
        return 0


def guarded(cmd, memory=None, timeout=None):
    """Runs cmd, polling its memory: (elapsed s, output, peak RSS bytes, None or why it was stopped)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak, stopped = 0, None
    out_chunks = []
    import threading
    reader = threading.Thread(target=lambda: out_chunks.append(p.stdout.read()), daemon=True)
    reader.start()
    while p.poll() is None:
        peak = max(peak, rss_bytes(p.pid))
        elapsed = time.perf_counter() - t
        if memory and peak > memory:
            stopped = f"stopped at {peak / GIB:.1f} GiB resident (cap {memory / GIB:.0f} GiB) after {elapsed:.0f} s"
        elif timeout and elapsed > timeout:
            stopped = f"stopped after {elapsed:.0f} s (time box), {peak / GIB:.1f} GiB resident"
        if stopped:
            p.send_signal(signal.SIGKILL)
            p.wait()
            break
        time.sleep(0.2)
    elapsed = time.perf_counter() - t
    reader.join()
    out = "".join(out_chunks)
    if stopped is None and p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {out.strip()[-500:]}")
    return elapsed, out, peak, stopped


def run(cmd):
    elapsed, out, _, _ = guarded(cmd)
    return elapsed, out


def float_output(model_dir, data):
    import onnxruntime as ort
    sess = ort.InferenceSession(os.path.join(model_dir, "model.onnx"), providers=["CPUExecutionProvider"])
    feeds = {}
    for inp in sess.get_inputs():
        shape = [d if isinstance(d, int) else 1 for d in inp.shape]
        dtype = np.int64 if inp.type == "tensor(int64)" else np.float32
        feeds[inp.name] = np.asarray(data["data"], dtype=dtype).reshape(shape)
    # The float outputs (a classifier's int64 label is left out): logits, or the probabilities of a Softmax head.
    names = [o.name for o in sess.get_outputs() if o.type in ("tensor(float)", "tensor(double)")]
    return np.concatenate([np.asarray(o, dtype=np.float64).ravel() for o in sess.run(names, feeds)])


class Zkinfer:
    def __init__(self, model_dir, work, scale=None):
        self.model_dir, self.work, self.scale = model_dir, work, scale
        self.bundle = os.path.join(work, "zk.bundle")
        self.proof = os.path.join(work, "zk.proof")
        self.peak = 0
        self.stopped = None

    def label(self):
        return "zkinfer" if self.scale is None else f"zkinfer `--scale {self.scale}`"

    def prepare(self):
        scale = [] if self.scale is None else ["--scale", str(self.scale)]
        run([ZKINFER, "compile", os.path.join(self.model_dir, "model.onnx"), "--sample-input",
             os.path.join(self.model_dir, "input.json"), "-o", self.bundle] + scale)
        run([ZKINFER, "setup", self.bundle])
        with open(os.path.join(self.bundle, "report.txt")) as f:
            report = f.read()
        self.constraints = int(re.search(r"constraints\s+(\d+)", report).group(1))
        bits = re.search(r"^scale 2\^(\d+)", report, re.M)
        self.detail = f"{self.constraints:,} constraints" + (f", s = {bits.group(1)}" if bits else "")

    def prove(self):
        t, _, peak, _ = guarded([ZKINFER, "prove", self.bundle, "--input",
                                 os.path.join(self.model_dir, "input.json"), "-o", self.proof])
        self.peak = max(self.peak, peak)
        return t

    def verify(self):
        t, out = run([ZKINFER, "verify", "--vk", os.path.join(self.bundle, "verification_key.json"), "--proof",
                      os.path.join(self.proof, "proof.json"), "--public", os.path.join(self.proof, "public.json")])
        if not out.startswith("valid"):
            raise RuntimeError("zkinfer verify: " + out)
        inner = re.search(r"(\d+(?:\.\d+)?) ms\)", out)
        return t, float(inner.group(1)) / 1000 if inner else None

    def output(self, reference):
        with open(os.path.join(self.proof, "output.json")) as f:
            out = json.load(f)
        # Under an unproved Softmax head zkinfer proves the logits; the probabilities are computed from them.
        return np.asarray(out.get("unprovedSoftmax", out["output"]), dtype=np.float64)

    def sizes(self):
        return (os.path.getsize(os.path.join(self.proof, "proof.json")), 256,
                os.path.getsize(os.path.join(self.bundle, "proving.key")))


class EZKL:
    """EZKL through child processes (`--ezkl-step`), each under the memory cap and the time box."""

    def __init__(self, model_dir, work, memory, timeout, reuse):
        self.model_dir, self.work, self.memory, self.timeout, self.reuse = model_dir, work, memory, timeout, reuse
        self.peak = 0
        self.stopped = None
        self.logrows = self.scale = None

    def label(self):
        return "EZKL"

    def step(self, name):
        if self.stopped:
            return None
        try:
            t, out, peak, stopped = guarded(
                [sys.executable, os.path.abspath(__file__), "--ezkl-step", name, "--work", self.work,
                 self.model_dir], self.memory, self.timeout)
        except RuntimeError as e:  # EZKL refused the model: its last error line is the row
            self.stopped = f"{name} failed: " + str(e).strip().splitlines()[-1]
            peak = 0
        self.peak = max(self.peak, peak)
        self.read_settings()
        if stopped:
            self.stopped = f"{name}: {stopped}" + self.where()
        if self.stopped:
            with open(os.path.join(self.work, "stopped.json"), "w") as f:
                json.dump({"stopped": self.stopped, "peak_rss_bytes": self.peak}, f)
            return None
        with open(os.path.join(self.work, f"{name}.json")) as f:
            return json.load(f)

    def read_settings(self):
        path = os.path.join(self.work, "settings.json")
        if os.path.exists(path):
            with open(path) as f:
                run_args = json.load(f)["run_args"]
            self.logrows, self.scale = run_args["logrows"], run_args["input_scale"]

    def where(self):
        pk = os.path.join(self.work, "pk.key")
        parts = [f"logrows {self.logrows}"] if self.logrows else []
        if os.path.exists(pk):
            parts.append(f"proving key {os.path.getsize(pk) / GIB:.1f} GiB written")
        return (" (" + ", ".join(parts) + ")") if parts else ""

    def prepare(self):
        done, stopped = os.path.join(self.work, "prepare.json"), os.path.join(self.work, "stopped.json")
        if self.reuse and os.path.exists(done):
            self.read_settings()
            with open(done) as f:
                return json.load(f)["seconds"]
        if self.reuse and os.path.exists(stopped):  # an earlier setup that EZKL could not finish here
            self.read_settings()
            with open(stopped) as f:
                s = json.load(f)
            self.stopped, self.peak = s["stopped"], s["peak_rss_bytes"]
            return None
        if os.path.exists(stopped):
            os.remove(stopped)
        r = self.step("prepare")
        return r["seconds"] if r else None

    def prove(self):
        r = self.step("prove")
        return r["seconds"] if r else None

    def verify(self):
        r = self.step("verify")
        return (r["seconds"], None) if r else None

    def output(self, reference):
        with open(os.path.join(self.work, "witness.json")) as f:
            w = json.load(f)
        # EZKL proves every graph output (e.g. a classifier's label and probabilities): take the float one.
        outs = [np.asarray(o, dtype=np.float64) for o in w["pretty_elements"]["rescaled_outputs"]]
        return next((o for o in reversed(outs) if o.shape == reference.shape), outs[-1])

    def sizes(self):
        proof = os.path.join(self.work, "proof.json")
        with open(proof) as f:
            raw = json.load(f).get("proof", "")
        raw_bytes = len(bytes(raw)) if isinstance(raw, list) else len(raw.removeprefix("0x")) // 2
        return os.path.getsize(proof), raw_bytes, os.path.getsize(os.path.join(self.work, "pk.key"))


def ezkl_step(name, model_dir, work):
    """One EZKL step in this (child) process; writes work/<name>.json with its time."""
    import ezkl
    p = lambda n: os.path.join(work, n)
    model, data, settings, compiled = os.path.join(model_dir, "model.onnx"), p("input.json"), p("settings.json"), \
        p("network.compiled")
    srs, vk, pk, witness, proof = p("kzg.srs"), p("vk.key"), p("pk.key"), p("witness.json"), p("proof.json")
    t = time.perf_counter()
    if name == "prepare":
        for f in ("prepare.json", "pk.key", "vk.key", "settings.json"):
            if os.path.exists(p(f)):
                os.remove(p(f))
        with open(os.path.join(model_dir, "input.json")) as f:
            values = json.load(f)["data"]
        with open(data, "w") as f:
            json.dump({"input_data": [list(map(float, values))]}, f)
        args = ezkl.PyRunArgs()
        args.input_visibility, args.output_visibility, args.param_visibility = "public", "public", "fixed"
        assert ezkl.gen_settings(model, settings, py_run_args=args)
        assert ezkl.calibrate_settings(data, model, settings, "resources")
        assert ezkl.compile_circuit(model, compiled, settings)
        with open(settings) as f:
            logrows = json.load(f)["run_args"]["logrows"]
        ezkl.gen_srs(srs, logrows)
        ezkl.gen_witness(data, compiled, witness, srs_path=srs)
        assert ezkl.setup(compiled, vk, pk, srs_path=srs)
    elif name == "prove":
        ezkl.gen_witness(data, compiled, witness, srs_path=srs)
        ezkl.prove(witness, compiled, pk, proof, srs_path=srs)
    elif name == "verify":
        if not ezkl.verify(proof, settings, vk, srs_path=srs):
            raise RuntimeError("EZKL verify returned false")
    with open(p(f"{name}.json"), "w") as f:
        json.dump({"seconds": time.perf_counter() - t}, f)


def compare(model_dir, runs, work_root, scales, memory, timeout, reuse):
    name = os.path.basename(os.path.normpath(model_dir))
    with open(os.path.join(model_dir, "input.json")) as f:
        data = json.load(f)
    reference = float_output(model_dir, data)
    systems = [Zkinfer(model_dir, os.path.join(work_root, name, "zkinfer"))]
    for bits in scales.get(name, []):
        systems.append(Zkinfer(model_dir, os.path.join(work_root, name, f"zkinfer-s{bits}"), bits))
    systems.append(EZKL(model_dir, os.path.join(work_root, name, "EZKL"), memory, timeout, reuse))
    for s in systems:
        os.makedirs(s.work, exist_ok=True)
        t = time.perf_counter()
        seconds = s.prepare()
        s.prepare_seconds = seconds if isinstance(s, EZKL) else time.perf_counter() - t
    prove = {id(s): [] for s in systems}
    for _ in range(runs):  # alternating
        for s in systems:
            t = s.prove()
            if t is not None:
                prove[id(s)].append(t)
    rows = []
    for s in systems:
        if s.stopped or not prove[id(s)]:
            rows.append({"model": name, "system": s.label(), "stopped": s.stopped, "peak_rss_bytes": s.peak,
                         "detail": f"logrows {s.logrows}, input scale 2^{s.scale}" if s.logrows else "",
                         "setup_s": s.prepare_seconds})
            continue
        verify = [v for v in (s.verify() for _ in range(runs)) if v is not None]
        out = s.output(reference)
        err = float(np.abs(out - reference).max()) if out.shape == reference.shape else float("nan")
        proof_file, proof_raw, pk = s.sizes()
        detail = s.detail if isinstance(s, Zkinfer) else f"logrows {s.logrows}, input scale 2^{s.scale}"
        inner = [v[1] for v in verify if v[1] is not None]
        rows.append({"model": name, "system": s.label(), "prove_s": min(prove[id(s)]),
                     "verify_s": min(v[0] for v in verify) if verify else None,
                     "verify_inner_s": min(inner) if inner else None, "proof_file_bytes": proof_file,
                     "proof_raw_bytes": proof_raw, "pk_bytes": pk, "max_error": err, "setup_s": s.prepare_seconds,
                     "peak_rss_bytes": s.peak, "detail": detail, "stopped": s.stopped})
    return rows


def markdown(rows):
    lines = ["| model | system | size | prove (s) | verify (s) | proof (raw / file bytes) | proving key | "
             "max \\|error\\| | prove peak memory | compile+setup (s) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        setup = f"{r['setup_s']:.1f}" if r.get("setup_s") is not None else "—"
        if "prove_s" not in r:
            lines.append(f"| {r['model']} | {r['system']} | {r['detail']} | {r['stopped']} | — | — | — | — | "
                         f"{r['peak_rss_bytes'] / GIB:.1f} GiB | {setup} |")
            continue
        v = "—" if r["verify_s"] is None else f"{r['verify_s']:.3f}" + (
            f" ({r['verify_inner_s'] * 1000:.0f} ms in-process)" if r["verify_inner_s"] is not None else "")
        lines.append(f"| {r['model']} | {r['system']} | {r['detail']} | {r['prove_s']:.2f} | {v} | "
                     f"{r['proof_raw_bytes']:,} / {r['proof_file_bytes']:,} | {r['pk_bytes'] / 2**20:.1f} MiB | "
                     f"{r['max_error']:.4f} | {r['peak_rss_bytes'] / GIB:.2f} GiB | {setup} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("models", nargs="*")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/ezkl-compare")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--scale", action="append", default=[], metavar="MODEL=BITS")
    ap.add_argument("--ezkl-memory-gib", type=float, default=12)
    ap.add_argument("--ezkl-timeout", type=float, default=1800)
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--ezkl-only", action="store_true", help="run only EZKL's setup (e.g. ahead of a comparison)")
    ap.add_argument("--ezkl-step", choices=["prepare", "prove", "verify"], help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.ezkl_step:
        ezkl_step(a.ezkl_step, a.models[0], a.work)
        return
    scales = {}
    for item in a.scale:
        model, _, bits = item.partition("=")
        if not bits.isdigit():
            sys.exit(f"--scale {item}: expected MODEL=BITS")
        scales.setdefault(model, []).append(int(bits))
    if not a.ezkl_only and not os.path.exists(ZKINFER):
        sys.exit(f"{ZKINFER} missing: run `swift build -c release --product zkinfer` first")
    models = a.models or sorted(d for d in glob.glob(os.path.join(ROOT, "Circuits", "*"))
                                if os.path.exists(os.path.join(d, "model.onnx"))
                                and os.path.exists(os.path.join(d, "input.json")))
    memory, rows = int(a.ezkl_memory_gib * GIB), []
    for m in models:
        name = os.path.basename(os.path.normpath(m))
        if a.ezkl_only:
            e = EZKL(m, os.path.join(a.work, name, "EZKL"), memory, a.ezkl_timeout, a.reuse)
            os.makedirs(e.work, exist_ok=True)
            seconds = e.prepare()
            print(json.dumps({"model": name, "setup_s": seconds, "stopped": e.stopped, "logrows": e.logrows,
                              "peak_rss_bytes": e.peak}), flush=True)
            continue
        try:
            got = compare(m, a.runs, a.work, scales, memory, a.ezkl_timeout, a.reuse)
        except Exception as e:  # report and go on: one model EZKL cannot handle does not stop the table
            print(f"{name}: {e}", file=sys.stderr)
            continue
        rows += got
        for r in got:
            print(json.dumps(r), flush=True)
    if a.markdown:
        print(markdown(rows))


if __name__ == "__main__":
    main()
