#!/usr/bin/env python3
"""zkinfer beside EZKL on the same ONNX files: prove time, verify time, proof size, proving-key size, max error.

Usage (from the repository root, after `swift build -c release --product zkinfer`):
    python3 -m pip install ezkl==23.0.5 onnxruntime==1.32.0 numpy
    python3 Benchmarks/ezkl_compare.py [--runs 3] [--work /tmp/ezkl-compare] [--markdown] [MODEL_DIR ...]
MODEL_DIR defaults to every Circuits/*/ holding model.onnx and input.json.

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
import subprocess
import sys
import time

import numpy as np
import onnxruntime as ort

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZKINFER = os.path.join(ROOT, ".build", "release", "zkinfer")


def run(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()[-500:]}")
    return elapsed, p.stdout + p.stderr


def float_output(model_dir, data):
    sess = ort.InferenceSession(os.path.join(model_dir, "model.onnx"), providers=["CPUExecutionProvider"])
    inp = sess.get_inputs()[0]
    shape = [d if isinstance(d, int) else 1 for d in inp.shape]
    x = np.asarray(data["data"], dtype=np.float32).reshape(shape)
    # The float outputs (a classifier's int64 label is left out): logits, or the probabilities of a Softmax head.
    names = [o.name for o in sess.get_outputs() if o.type in ("tensor(float)", "tensor(double)")]
    return np.concatenate([np.asarray(o, dtype=np.float64).ravel() for o in sess.run(names, {inp.name: x})])


class Zkinfer:
    def __init__(self, model_dir, work):
        self.model_dir, self.work = model_dir, work
        self.bundle = os.path.join(work, "zk.bundle")
        self.proof = os.path.join(work, "zk.proof")

    def prepare(self):
        run([ZKINFER, "compile", os.path.join(self.model_dir, "model.onnx"), "--sample-input",
             os.path.join(self.model_dir, "input.json"), "-o", self.bundle])
        run([ZKINFER, "setup", self.bundle])
        with open(os.path.join(self.bundle, "report.txt")) as f:
            self.constraints = int(re.search(r"constraints\s+(\d+)", f.read()).group(1))

    def prove(self):
        t, _ = run([ZKINFER, "prove", self.bundle, "--input", os.path.join(self.model_dir, "input.json"),
                    "-o", self.proof])
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
    def __init__(self, model_dir, work):
        import ezkl
        self.ezkl = ezkl
        self.model = os.path.join(model_dir, "model.onnx")
        self.work = work
        p = lambda n: os.path.join(work, n)
        self.data, self.settings, self.compiled = p("input.json"), p("settings.json"), p("network.compiled")
        self.srs, self.vk, self.pk = p("kzg.srs"), p("vk.key"), p("pk.key")
        self.witness, self.proof_path = p("witness.json"), p("proof.json")

    def prepare(self, data):
        ezkl = self.ezkl
        with open(self.data, "w") as f:
            json.dump({"input_data": [list(map(float, data["data"]))]}, f)
        args = ezkl.PyRunArgs()
        args.input_visibility, args.output_visibility, args.param_visibility = "public", "public", "fixed"
        assert ezkl.gen_settings(self.model, self.settings, py_run_args=args)
        assert ezkl.calibrate_settings(self.data, self.model, self.settings, "resources")
        assert ezkl.compile_circuit(self.model, self.compiled, self.settings)
        with open(self.settings) as f:
            settings = json.load(f)
        self.logrows = settings["run_args"]["logrows"]
        self.scale = settings["run_args"]["input_scale"]
        self.rows = settings.get("num_rows")
        ezkl.gen_srs(self.srs, self.logrows)
        ezkl.gen_witness(self.data, self.compiled, self.witness, srs_path=self.srs)
        assert ezkl.setup(self.compiled, self.vk, self.pk, srs_path=self.srs)

    def prove(self):
        t = time.perf_counter()
        self.ezkl.gen_witness(self.data, self.compiled, self.witness, srs_path=self.srs)
        self.ezkl.prove(self.witness, self.compiled, self.pk, self.proof_path, srs_path=self.srs)
        return time.perf_counter() - t

    def verify(self):
        t = time.perf_counter()
        ok = self.ezkl.verify(self.proof_path, self.settings, self.vk, srs_path=self.srs)
        elapsed = time.perf_counter() - t
        if not ok:
            raise RuntimeError("EZKL verify returned false")
        return elapsed, None

    def output(self, reference):
        with open(self.witness) as f:
            w = json.load(f)
        # EZKL proves every graph output (e.g. a classifier's label and probabilities): take the float one.
        outs = [np.asarray(o, dtype=np.float64) for o in w["pretty_elements"]["rescaled_outputs"]]
        return next((o for o in reversed(outs) if o.shape == reference.shape), outs[-1])

    def sizes(self):
        with open(self.proof_path) as f:
            raw = json.load(f).get("proof", "")
        raw_bytes = len(bytes(raw)) if isinstance(raw, list) else len(raw.removeprefix("0x")) // 2
        return os.path.getsize(self.proof_path), raw_bytes, os.path.getsize(self.pk)


def compare(model_dir, runs, work_root):
    name = os.path.basename(os.path.normpath(model_dir))
    with open(os.path.join(model_dir, "input.json")) as f:
        data = json.load(f)
    reference = float_output(model_dir, data)
    systems = {}
    for key, cls in (("zkinfer", Zkinfer), ("EZKL", EZKL)):
        work = os.path.join(work_root, name, key)
        os.makedirs(work, exist_ok=True)
        s = cls(model_dir, work)
        t = time.perf_counter()
        s.prepare(data) if key == "EZKL" else s.prepare()
        s.prepare_seconds = time.perf_counter() - t
        systems[key] = s
    prove = {k: [] for k in systems}
    for _ in range(runs):  # alternating
        for k, s in systems.items():
            prove[k].append(s.prove())
    rows = []
    for k, s in systems.items():
        verify = [s.verify() for _ in range(runs)]
        out = s.output(reference)
        err = float(np.abs(out - reference).max()) if out.shape == reference.shape else float("nan")
        proof_file, proof_raw, pk = s.sizes()
        detail = (f"{s.constraints} constraints" if k == "zkinfer"
                  else f"logrows {s.logrows}, input scale 2^{s.scale}")
        inner = [v[1] for v in verify if v[1] is not None]
        rows.append({"model": name, "system": k, "prove_s": min(prove[k]), "verify_s": min(v[0] for v in verify),
                     "verify_inner_s": min(inner) if inner else None, "proof_file_bytes": proof_file,
                     "proof_raw_bytes": proof_raw, "pk_bytes": pk, "max_error": err, "setup_s": s.prepare_seconds,
                     "detail": detail})
    return rows


def markdown(rows):
    lines = ["| model | system | size | prove (s) | verify (s) | proof (raw / file bytes) | proving key | "
             "max \\|error\\| | compile+setup (s) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        v = f"{r['verify_s']:.3f}" + (f" ({r['verify_inner_s'] * 1000:.0f} ms in-process)"
                                     if r["verify_inner_s"] is not None else "")
        lines.append(f"| {r['model']} | {r['system']} | {r['detail']} | {r['prove_s']:.2f} | {v} | "
                     f"{r['proof_raw_bytes']:,} / {r['proof_file_bytes']:,} | {r['pk_bytes'] / 2**20:.1f} MiB | "
                     f"{r['max_error']:.4f} | {r['setup_s']:.1f} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("models", nargs="*")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/ezkl-compare")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    if not os.path.exists(ZKINFER):
        sys.exit(f"{ZKINFER} missing: run `swift build -c release --product zkinfer` first")
    models = a.models or sorted(d for d in glob.glob(os.path.join(ROOT, "Circuits", "*"))
                                if os.path.exists(os.path.join(d, "model.onnx"))
                                and os.path.exists(os.path.join(d, "input.json")))
    rows = []
    for m in models:
        try:
            got = compare(m, a.runs, a.work)
        except Exception as e:  # report and go on: one model EZKL cannot handle does not stop the table
            print(f"{os.path.basename(os.path.normpath(m))}: {e}", file=sys.stderr)
            continue
        rows += got
        for r in got:
            print(json.dumps(r), flush=True)
    if a.markdown:
        print(markdown(rows))


if __name__ == "__main__":
    main()
