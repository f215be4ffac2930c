#!/usr/bin/env python3
"""Trains and exports the transformer examples: tiny-gpt/ and bert-classifier/.

tiny-gpt: a character-level decoder-only GPT (token + position embeddings, 2 pre-LN blocks with causal 2-head
self-attention and a GELU MLP, final LayerNorm, LM head; d_model 32, context 16, vocabulary 128 = ASCII), trained
for a few minutes on the project's README.md. The exported graph takes token ids [1, 16] (int64) and outputs the
next-token logits of the last position [1, 128].

bert-classifier: token + position embeddings, one nn.TransformerEncoderLayer (d_model 32, 2 heads, GELU), mean
pooling over the sequence, a linear head with 2 classes; trained on a synthetic task (does token 7 occur more
often than token 3 in a window of 16 tokens from a 32-token vocabulary).

Both are exported with torch.onnx.export(opset 17, dynamo=False). Each directory gets model.onnx, input.json (token
ids) and expected.json (onnxruntime's float output and its argmax). Prompts for the benchmark
(Benchmarks/transformer_accuracy.py) come from the held-out tail of the text: tiny-gpt/prompts.json.

Usage: python3 Circuits/make_transformers.py [--steps N]   (torch, onnx, onnxruntime; seeds fixed)
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
VOCAB = 128
CONTEXT = 16
D_MODEL = 32
HEADS = 2


def encode(text):
    return [ord(c) if ord(c) < VOCAB else ord("?") for c in text]


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D_MODEL)
        self.qkv = nn.Linear(D_MODEL, 3 * D_MODEL)
        self.proj = nn.Linear(D_MODEL, D_MODEL)
        self.ln2 = nn.LayerNorm(D_MODEL)
        self.fc = nn.Linear(D_MODEL, 4 * D_MODEL)
        self.out = nn.Linear(4 * D_MODEL, D_MODEL)
        self.register_buffer("mask", torch.tril(torch.ones(CONTEXT, CONTEXT)).view(1, 1, CONTEXT, CONTEXT))

    def forward(self, x):
        b, t, c = x.size()
        q, k, v = self.qkv(self.ln1(x)).split(D_MODEL, dim=2)
        hs = c // HEADS
        q = q.view(b, t, HEADS, hs).transpose(1, 2)
        k = k.view(b, t, HEADS, hs).transpose(1, 2)
        v = v.view(b, t, HEADS, hs).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        att = att.masked_fill(self.mask[:, :, :t, :t] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, c)
        x = x + self.proj(y)
        x = x + self.out(F.gelu(self.fc(self.ln2(x))))
        return x


class TinyGPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(VOCAB, D_MODEL)
        self.wpe = nn.Embedding(CONTEXT, D_MODEL)
        self.blocks = nn.Sequential(Block(), Block())
        self.ln_f = nn.LayerNorm(D_MODEL)
        self.head = nn.Linear(D_MODEL, VOCAB)

    def hidden(self, idx):
        t = idx.size(1)
        pos = torch.arange(0, t, dtype=torch.long)
        return self.ln_f(self.blocks(self.wte(idx) + self.wpe(pos)))

    def forward(self, idx):
        # The exported model: next-token logits of the last position.
        return self.head(self.hidden(idx)[:, -1, :])

    def all_logits(self, idx):
        return self.head(self.hidden(idx))


class BertClassifier(nn.Module):
    VOCAB = 32
    CLASSES = 2

    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(self.VOCAB, D_MODEL)
        self.wpe = nn.Embedding(CONTEXT, D_MODEL)
        self.encoder = nn.TransformerEncoderLayer(
            d_model=D_MODEL, nhead=HEADS, dim_feedforward=64, dropout=0.0, activation="gelu", batch_first=True)
        self.head = nn.Linear(D_MODEL, self.CLASSES)

    def forward(self, idx):
        pos = torch.arange(0, idx.size(1), dtype=torch.long)
        x = self.encoder(self.wte(idx) + self.wpe(pos))
        return self.head(x.mean(dim=1))


def export(model, example, directory, input_name):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "model.onnx")
    model.eval()
    # Gradients stay enabled: under no_grad, nn.TransformerEncoderLayer takes its fused fast path
    # (aten::_transformer_encoder_layer_fwd), which has no ONNX export.
    torch.onnx.export(model, (example,), path, opset_version=17, dynamo=False, input_names=[input_name],
                      output_names=["logits"])
    return path


def ort_run(path, ids):
    import onnxruntime as ort
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return session.run(None, {name: np.asarray(ids, dtype=np.int64).reshape(1, -1)})[0].reshape(-1)


def write_example(directory, path, ids):
    with open(os.path.join(directory, "input.json"), "w") as f:
        json.dump({"shape": [1, len(ids)], "data": [int(i) for i in ids]}, f)
    out = ort_run(path, ids)
    with open(os.path.join(directory, "expected.json"), "w") as f:
        json.dump({"output": [float(v) for v in out], "argmax": int(np.argmax(out))}, f)


def train_gpt(steps):
    text = open(os.path.join(HERE, "..", "README.md"), encoding="utf-8").read()
    data = torch.tensor(encode(text), dtype=torch.long)
    split = int(0.9 * len(data))
    train, held = data[:split], data[split:]
    model = TinyGPT()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    start = time.time()
    for step in range(steps):
        ix = torch.randint(0, len(train) - CONTEXT - 1, (64,))
        x = torch.stack([train[i:i + CONTEXT] for i in ix])
        y = torch.stack([train[i + 1:i + CONTEXT + 1] for i in ix])
        loss = F.cross_entropy(model.all_logits(x).view(-1, VOCAB), y.view(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 500 == 0 or step == steps - 1:
            print(f"gpt step {step} loss {loss.item():.3f} ({time.time() - start:.0f} s)", flush=True)
    return model, held


def train_bert(steps):
    model = BertClassifier()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3)
    g = torch.Generator().manual_seed(1)

    def batch(n):
        x = torch.randint(0, BertClassifier.VOCAB, (n, CONTEXT), generator=g)
        y = ((x == 7).sum(1) > (x == 3).sum(1)).long()
        return x, y

    for step in range(steps):
        x, y = batch(128)
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 200 == 0 or step == steps - 1:
            print(f"bert step {step} loss {loss.item():.3f}", flush=True)
    model.eval()
    with torch.no_grad():
        x, y = batch(1000)
        print(f"bert accuracy on 1000 fresh windows: {(model(x).argmax(1) == y).float().mean().item():.3f}")
        return model, x[0].tolist()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=3000)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(2)

    gpt, held = train_gpt(args.steps)
    directory = os.path.join(HERE, "tiny-gpt")
    example = held[:CONTEXT].view(1, -1)
    path = export(gpt, example, directory, "tokens")
    write_example(directory, path, held[:CONTEXT].tolist())
    # 200 prompts from the held-out tail (every 7th window), for Benchmarks/transformer_accuracy.py.
    prompts = [held[i:i + CONTEXT].tolist() for i in range(0, 7 * 200, 7)]
    with open(os.path.join(directory, "prompts.json"), "w") as f:
        json.dump({"prompts": prompts}, f)

    bert, ids = train_bert(max(300, args.steps // 3))
    directory = os.path.join(HERE, "bert-classifier")
    path = export(bert, torch.tensor([ids]), directory, "tokens")
    write_example(directory, path, ids)


if __name__ == "__main__":
    main()
