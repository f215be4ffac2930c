#!/usr/bin/env python3
"""Trains and exports the two PyTorch CNN examples in Circuits/, the way a PyTorch user does.

Rerun (from the repository root):
    python3 -m pip install torch onnx onnxruntime onnxscript scikit-learn numpy
    python3 Circuits/make_cnn_models.py
Tested with torch 2.15.0, onnx 1.23.2, onnxruntime 1.32.0, onnxscript 0.7.2, scikit-learn 1.9.1, numpy 2.4.6
(Python 3.11, CPU). Seeds are fixed; training results may differ slightly with other versions.

Data: scikit-learn's bundled 8x8 digits (no download), upsampled to 16x16 (nearest), scaled to [0, 1];
80/20 stratified split (random_state=0). Each model trains for a few epochs on the CPU (seconds).

Writes, per model directory:
    model.onnx      torch.onnx.export of the model in eval mode
    input.json      the first test image ({"shape": [1, 1, 16, 16], "data": [...]})
    expected.json   onnxruntime's float output for that input (independent of zkinfer) and its argmax
    test-split.json the first 100 test images and labels, with onnxruntime's predictions
Models:
    mobilenet-cnn/  MobileNet-style: stem conv+BN+HardSwish, two depthwise-separable blocks (depthwise 3x3
                    stride 2, BN, ReLU6 / HardSwish; pointwise 1x1, BN, ReLU6), an explicit ZeroPad2d, global
                    average pool, linear head. Exported by the newer exporter (dynamo=True, opset 18):
                    BatchNormalization stays in the graph (zkinfer folds it), HardSwish is one op, Pad has
                    constant pads.
    resnet-cnn/     ResNet-style: stem conv+BN+ReLU, a basic residual block (identity shortcut), a downsampling
                    residual block (stride-2 conv, 1x1 conv+BN shortcut), global average pool, linear head.
                    Exported by the TorchScript exporter (dynamo=False, opset 13), which folds BatchNorm into
                    the convolutions.
"""
import json
import os

# One thread: deterministic, and torch's backward pass crashed (SIGSEGV) here with the OpenMP runtime that
# scikit-learn loads when both used several threads.
os.environ["OMP_NUM_THREADS"] = "1"

import numpy as np
import onnxruntime as ort
import torch
import torch.nn as nn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


def digits16():
    d = load_digits()
    x = (d.images / 16.0).astype(np.float32)
    x = x.repeat(2, axis=1).repeat(2, axis=2)[:, None, :, :]  # 8x8 -> 16x16, one channel
    return train_test_split(x, d.target, test_size=0.2, stratify=d.target, random_state=0)


def conv_bn(cin, cout, k, stride=1, groups=1, pad=None):
    return [nn.Conv2d(cin, cout, k, stride, k // 2 if pad is None else pad, groups=groups, bias=False),
            nn.BatchNorm2d(cout)]


class MobileNetCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            *conv_bn(1, 8, 3), nn.Hardswish(),
            # depthwise-separable block 1: explicit zero padding, then a depthwise 3x3 conv without pads
            nn.ZeroPad2d(1), *conv_bn(8, 8, 3, stride=2, groups=8, pad=0), nn.ReLU6(),
            *conv_bn(8, 16, 1), nn.ReLU6(),
            # depthwise-separable block 2
            *conv_bn(16, 16, 3, stride=2, groups=16), nn.Hardswish(),
            *conv_bn(16, 32, 1), nn.ReLU6(),
        )
        self.head = nn.Linear(32, 10)

    def forward(self, x):
        return self.head(torch.flatten(nn.functional.adaptive_avg_pool2d(self.features(x), 1), 1))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(*conv_bn(cin, cout, 3, stride), nn.ReLU(), *conv_bn(cout, cout, 3))
        self.shortcut = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(*conv_bn(cin, cout, 1, stride))

    def forward(self, x):
        return torch.relu(self.body(x) + self.shortcut(x))


class ResNetCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(1, 8, 3), nn.ReLU())
        self.blocks = nn.Sequential(BasicBlock(8, 8, 1), BasicBlock(8, 16, 2))
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.head(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


def train(model, xtr, ytr, epochs=15):
    torch.manual_seed(0)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    x, y = torch.from_numpy(xtr), torch.from_numpy(ytr).long()
    model.train()
    for _ in range(epochs):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
    model.eval()


def export(name, model, xte, yte, dynamo):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    sample = torch.from_numpy(xte[:1])
    if dynamo:
        torch.onnx.export(model, (sample,), path, dynamo=True, opset_version=18, input_names=["image"],
                          output_names=["logits"], external_data=False)
    else:
        torch.onnx.export(model, (sample,), path, dynamo=False, opset_version=13, input_names=["image"],
                          output_names=["logits"], do_constant_folding=True)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    logits = np.concatenate([sess.run(None, {"image": xte[i:i + 1]})[0] for i in range(len(xte))])
    with torch.no_grad():
        torch_logits = model(torch.from_numpy(xte)).numpy()
    assert np.abs(logits - torch_logits).max() < 1e-4
    acc = float((logits.argmax(1) == yte).mean())
    x0 = xte[0]
    write_json(os.path.join(d, "input.json"), {"shape": [1, 1, 16, 16], "data": [float(v) for v in x0.ravel()]})
    write_json(os.path.join(d, "expected.json"),
               {"output": [float(v) for v in logits[0]], "argmax": int(logits[0].argmax())})
    write_json(os.path.join(d, "test-split.json"),
               {"images": [[float(v) for v in xte[i].ravel()] for i in range(100)],
                "labels": [int(v) for v in yte[:100]], "onnxruntime": [int(v) for v in logits[:100].argmax(1)]})
    print(f"{name}: test accuracy {acc:.4f} ({len(yte)} images), wrote {path}")


def main():
    torch.manual_seed(0)
    np.random.seed(0)
    xtr, xte, ytr, yte = digits16()
    for name, cls, dynamo in [("mobilenet-cnn", MobileNetCNN, True), ("resnet-cnn", ResNetCNN, False)]:
        torch.manual_seed(0)
        model = cls()
        train(model, xtr, ytr)
        export(name, model, xte, yte, dynamo)


if __name__ == "__main__":
    main()
