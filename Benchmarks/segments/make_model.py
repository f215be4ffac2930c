#!/usr/bin/env python3
"""Writes the segmented-proof benchmark model (zkinfer JSON, standard library only, fixed seed):
a plain 15-layer CNN on a 1x3x32x32 input: conv 3->4 then 14 x conv 4->4 (3x3, pad 1, ReLU each), 8x8 average
pool, dense 64->10. Weights are small (sum |w| per output < 1) so that the compile-time interval bounds stay flat
over 15 layers; biases keep activations alive. About 1.03 million constraints at scale 2^8.

    python3 Benchmarks/segments/make_model.py OUTDIR   # writes OUTDIR/model.json and OUTDIR/input.json
"""
import json
import os
import random
import sys


def conv(rng, cin, cout, gain):
    a = 2 * gain / (cin * 9)
    return {
        "op": "conv2d", "pads": [1, 1, 1, 1],
        "weights": [[[[round(rng.uniform(-a, a), 5) for _ in range(3)] for _ in range(3)] for _ in range(cin)]
                    for _ in range(cout)],
        "bias": [round(rng.uniform(0.0, 0.2), 5) for _ in range(cout)],
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    rng = random.Random(14)
    layers = []
    for i in range(15):
        layer = conv(rng, 3 if i == 0 else 4, 4, 0.9)
        layer["name"] = "conv%d" % (i + 1)
        layers += [layer, {"op": "relu"}]
    layers += [{"op": "avgpool", "kernel": [8, 8]}, {"op": "flatten"},
               {"op": "dense", "name": "fc", "weights": [[round(rng.uniform(-1, 1), 4) for _ in range(64)]
                                                         for _ in range(10)],
                "bias": [0.0] * 10}]
    model = {"format": "zkinfer-model", "version": 1, "name": "cnn32-deep",
             "input": {"name": "image", "shape": [1, 3, 32, 32], "range": [0, 1]}, "layers": layers}
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(model, f)
    with open(os.path.join(out, "input.json"), "w") as f:
        json.dump({"shape": [1, 3, 32, 32], "data": [round(rng.random(), 4) for _ in range(3 * 32 * 32)]}, f)


if __name__ == "__main__":
    main()
