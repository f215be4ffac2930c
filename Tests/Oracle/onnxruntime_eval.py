#!/usr/bin/env python3
"""Float oracle for Tests/CompilerTests/OnnxRuntimeOracleTests.swift: runs an ONNX model in onnxruntime.

Usage: onnxruntime_eval.py REQUEST.json  with  {"model": PATH, "inputs": [[flat float32 values], ...]}
Prints {"outputs": [[...], ...], "version": onnxruntime.__version__}: for each input, every float output of the
model, flattened and concatenated in graph order (integer outputs such as a classifier's label are left out).
Each input is reshaped to the model input's static shape (a symbolic dimension is taken as 1) and given the input's
element type (token ids of a language model are int64).
"""
import json
import sys

import numpy as np
import onnxruntime as ort


def main():
    with open(sys.argv[1]) as f:
        request = json.load(f)
    sess = ort.InferenceSession(request["model"], providers=["CPUExecutionProvider"])
    inp = sess.get_inputs()[0]
    shape = [d if isinstance(d, int) else 1 for d in inp.shape]
    float_outputs = [o.name for o in sess.get_outputs() if o.type in ("tensor(float)", "tensor(double)")]
    dtype = {"tensor(int64)": np.int64, "tensor(int32)": np.int32, "tensor(double)": np.float64}.get(inp.type, np.float32)
    results = []
    for values in request["inputs"]:
        x = np.asarray(values, dtype=np.float64).reshape(shape).astype(dtype)
        outs = sess.run(float_outputs, {inp.name: x})
        results.append([float(v) for o in outs for v in np.asarray(o, dtype=np.float64).ravel()])
    json.dump({"outputs": results, "version": ort.__version__}, sys.stdout)


if __name__ == "__main__":
    main()
