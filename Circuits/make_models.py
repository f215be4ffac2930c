#!/usr/bin/env python3
"""Builds the example models in Circuits/ (zkinfer compiler fixtures and examples).

Rerun (from the repository root):
    python3 -m venv /tmp/zkvenv && /tmp/zkvenv/bin/pip install onnx scikit-learn skl2onnx numpy
    /tmp/zkvenv/bin/python Circuits/make_models.py
Tested with onnx 1.23.2, scikit-learn 1.9.1, skl2onnx 1.20.0, numpy 2.4.6 (Python 3.11). The output is
deterministic for these versions (fixed seeds); training results may differ slightly with other versions.

Writes, per model directory:
    model.onnx / model.json   the model
    input.json                one input ({"shape": [...], "data": [...]})
    expected.json             the float reference output for that input, computed by onnx.reference
                              (independent of zkinfer), and its argmax
Models:
    tiny-mlp/      hand-written JSON MLP (4-3-2); only its expected.json is computed here (numpy)
    digits-mlp/    scikit-learn MLPClassifier (64-32-10) trained on sklearn's bundled 8x8 digits, exported with
                   skl2onnx (MatMul/Add/Relu/Softmax + label head); test-split.json = the held-out split
    small-cnn/     Conv-BN-Relu-MaxPool-Conv-Relu-GlobalAveragePool-Flatten-Gemm on 1x8x8, fixed random weights
    mlp-784-64-10/ Gemm-Relu-Gemm, random weights (constraint-count target fixture)
    lenet5/        LeNet-5-sized CNN on 1x28x28, random weights (constraint-count target fixture)
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 13


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


def save_case(name, model_bytes_or_none, x, y):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    if model_bytes_or_none is not None:
        with open(os.path.join(d, "model.onnx"), "wb") as f:
            f.write(model_bytes_or_none)
    write_json(os.path.join(d, "input.json"), {"shape": list(x.shape), "data": [float(v) for v in x.ravel()]})
    y = np.asarray(y, dtype=np.float64).ravel()
    write_json(os.path.join(d, "expected.json"), {"output": [float(v) for v in y], "argmax": int(np.argmax(y))})


def run_onnx(model, x, output=None):
    sess = ReferenceEvaluator(model)
    outs = sess.run(None if output is None else [output], {model.graph.input[0].name: x.astype(np.float32)})
    return outs[0]


def make_graph_model(name, nodes, inits, in_shape, out_name, out_shape):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info(out_name, TensorProto.FLOAT, out_shape)],
        initializer=[numpy_helper.from_array(v.astype(np.float32), k) for k, v in inits.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="zkinfer make_models.py")
    onnx.checker.check_model(model)
    return model


def tiny_mlp():
    # The model is hand-written in tiny-mlp/model.json; compute its expected output with numpy.
    with open(os.path.join(HERE, "tiny-mlp", "model.json")) as f:
        m = json.load(f)
    with open(os.path.join(HERE, "tiny-mlp", "input.json")) as f:
        x = np.array(json.load(f)["data"], dtype=np.float64)
    for layer in m["layers"]:
        if layer["op"] == "dense":
            x = np.array(layer["weights"]) @ x + np.array(layer["bias"])
        elif layer["op"] == "relu":
            x = np.maximum(x, 0)
    write_json(os.path.join(HERE, "tiny-mlp", "expected.json"), {"output": [float(v) for v in x], "argmax": int(np.argmax(x))})


def digits_mlp():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
    from skl2onnx import to_onnx

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
    clf = MLPClassifier(hidden_layer_sizes=(32,), max_iter=400, random_state=0).fit(X_train, y_train)
    model = to_onnx(clf, X_train[:1].astype(np.float32), options={"zipmap": False}, target_opset=OPSET)
    pred = clf.predict(X_test)
    x = X_test[:1]
    probs = run_onnx(model, x, "probabilities")
    save_case("digits-mlp", model.SerializeToString(), x.astype(np.float64), probs)
    write_json(os.path.join(HERE, "digits-mlp", "test-split.json"), {
        "X": [[int(v) for v in row] for row in X_test], "y": [int(v) for v in y_test],
        "sklearn_pred": [int(v) for v in pred], "sklearn_accuracy": float((pred == y_test).mean())})
    print("digits-mlp: float (sklearn) test accuracy %.4f on %d samples" % ((pred == y_test).mean(), len(y_test)))


def small_cnn():
    rng = np.random.default_rng(1)
    inits = {
        "w1": rng.normal(0, 0.4, (4, 1, 3, 3)), "b1": rng.normal(0, 0.1, 4),
        "bn_scale": rng.uniform(0.5, 1.5, 4), "bn_bias": rng.normal(0, 0.1, 4),
        "bn_mean": rng.normal(0, 0.1, 4), "bn_var": rng.uniform(0.5, 1.5, 4),
        "w2": rng.normal(0, 0.25, (8, 4, 3, 3)), "b2": rng.normal(0, 0.1, 8),
        "w3": rng.normal(0, 0.35, (10, 8)), "b3": rng.normal(0, 0.1, 10),
    }
    nodes = [
        helper.make_node("Conv", ["input", "w1", "b1"], ["c1"], name="conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "bn_scale", "bn_bias", "bn_mean", "bn_var"], ["bn1"], name="bn1", epsilon=1e-5),
        helper.make_node("Relu", ["bn1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", "w2", "b2"], ["c2"], name="conv2", kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c2"], ["r2"], name="relu2"),
        helper.make_node("GlobalAveragePool", ["r2"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "w3", "b3"], ["logits"], name="fc", transB=1),
    ]
    model = make_graph_model("small-cnn", nodes, inits, [1, 1, 8, 8], "logits", [1, 10])
    x = rng.uniform(0, 1, (1, 1, 8, 8))
    save_case("small-cnn", model.SerializeToString(), x, run_onnx(model, x))


def mlp_784():
    rng = np.random.default_rng(2)
    inits = {"w1": rng.normal(0, 1 / np.sqrt(784), (64, 784)), "b1": rng.normal(0, 0.05, 64),
             "w2": rng.normal(0, 1 / np.sqrt(64), (10, 64)), "b2": rng.normal(0, 0.05, 10)}
    nodes = [helper.make_node("Gemm", ["input", "w1", "b1"], ["h"], name="fc1", transB=1),
             helper.make_node("Relu", ["h"], ["hr"], name="relu1"),
             helper.make_node("Gemm", ["hr", "w2", "b2"], ["logits"], name="fc2", transB=1)]
    model = make_graph_model("mlp-784-64-10", nodes, inits, [1, 784], "logits", [1, 10])
    x = rng.uniform(0, 1, (1, 784))
    save_case("mlp-784-64-10", model.SerializeToString(), x, run_onnx(model, x))


def lenet5():
    rng = np.random.default_rng(3)
    def he(shape, fan_in):
        return rng.normal(0, np.sqrt(2 / fan_in), shape)
    inits = {"w1": he((6, 1, 5, 5), 25), "b1": rng.normal(0, 0.05, 6),
             "w2": he((16, 6, 5, 5), 150), "b2": rng.normal(0, 0.05, 16),
             "w3": he((120, 256), 256), "b3": rng.normal(0, 0.05, 120),
             "w4": he((84, 120), 120), "b4": rng.normal(0, 0.05, 84),
             "w5": he((10, 84), 84), "b5": rng.normal(0, 0.05, 10)}
    nodes = [
        helper.make_node("Conv", ["input", "w1", "b1"], ["c1"], name="conv1", kernel_shape=[5, 5]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", "w2", "b2"], ["c2"], name="conv2", kernel_shape=[5, 5]),
        helper.make_node("Relu", ["c2"], ["r2"], name="relu2"),
        helper.make_node("MaxPool", ["r2"], ["p2"], name="pool2", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p2"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "w3", "b3"], ["h3"], name="fc1", transB=1),
        helper.make_node("Relu", ["h3"], ["r3"], name="relu3"),
        helper.make_node("Gemm", ["r3", "w4", "b4"], ["h4"], name="fc2", transB=1),
        helper.make_node("Relu", ["h4"], ["r4"], name="relu4"),
        helper.make_node("Gemm", ["r4", "w5", "b5"], ["logits"], name="fc3", transB=1),
    ]
    model = make_graph_model("lenet5", nodes, inits, [1, 1, 28, 28], "logits", [1, 10])
    x = rng.uniform(0, 1, (1, 1, 28, 28))
    save_case("lenet5", model.SerializeToString(), x, run_onnx(model, x))


if __name__ == "__main__":
    tiny_mlp()
    digits_mlp()
    small_cnn()
    mlp_784()
    lenet5()
    print("wrote models to", HERE)
