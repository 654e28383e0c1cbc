#!/usr/bin/env python3
"""Writes the PyTorch reference values for NeuralSharp's convolution tests.

Usage: /usr/bin/python3 tests/python/conv_reference.py [OUTPUT]
(default OUTPUT: tests/NeuralSharp.Tests/Fixtures/torch/convolution.json)

For each case: random input, weight, bias and upstream gradient (float64, fixed seed), then PyTorch's
output of torch.nn.functional.conv1d / conv2d / conv_transpose2d / unfold / fold and the gradients of
sum(output * upstream) with respect to every input. The test feeds the same numbers to NeuralSharp.
Needs Debian's python3-torch; the fixture is committed so the tests run without it.
"""

import json
import os
import sys

import torch
import torch.nn.functional as F

CASES = [
    # name, function, input shape, weight shape (None for unfold/fold), keyword arguments
    ("conv2d basic", "conv2d", [2, 3, 6, 5], [4, 3, 3, 3], {}),
    ("conv2d stride padding", "conv2d", [2, 2, 7, 6], [3, 2, 3, 2], {"stride": [2, 1], "padding": [1, 2]}),
    ("conv2d dilation", "conv2d", [1, 2, 8, 8], [2, 2, 3, 3], {"dilation": [2, 3], "padding": [1, 1]}),
    ("conv2d groups", "conv2d", [2, 4, 5, 5], [6, 2, 3, 3], {"groups": 2, "padding": [1, 1]}),
    ("conv2d depthwise", "conv2d", [1, 3, 5, 4], [3, 1, 2, 2], {"groups": 3, "stride": [2, 2]}),
    ("conv2d no bias 1x1", "conv2d", [3, 4, 3, 3], [5, 4, 1, 1], {"bias": False}),
    ("conv1d", "conv1d", [2, 3, 10], [4, 3, 3], {"stride": 2, "padding": 1, "dilation": 2}),
    ("conv_transpose2d", "conv_transpose2d", [2, 3, 4, 3], [3, 2, 3, 3], {"stride": [2, 2], "padding": [1, 0], "output_padding": [1, 1]}),
    ("conv_transpose2d groups dilation", "conv_transpose2d", [1, 4, 3, 3], [4, 1, 2, 3], {"groups": 2, "dilation": [2, 1]}),
    ("unfold", "unfold", [2, 2, 5, 6], None, {"kernel_size": [2, 3], "dilation": [1, 2], "padding": [1, 0], "stride": [2, 1]}),
    ("fold", "fold", [2, 12, 9], None, {"output_size": [5, 6], "kernel_size": [2, 3], "padding": [1, 1], "stride": [2, 2]}),
    ("max_pool2d", "max_pool2d", [2, 3, 6, 5], None, {"kernel_size": [2, 2]}),
    ("max_pool2d padding dilation", "max_pool2d", [1, 2, 7, 7], None, {"kernel_size": [3, 2], "stride": [2, 1], "padding": [1, 1], "dilation": [1, 2]}),
    ("max_pool2d ceil mode", "max_pool2d", [1, 2, 6, 7], None, {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 0], "ceil_mode": True}),
    ("max_pool2d ties", "max_pool2d", [1, 1, 4, 6], None, {"kernel_size": [2, 3], "stride": [1, 2], "integers": True}),
    ("avg_pool2d", "avg_pool2d", [2, 3, 6, 6], None, {"kernel_size": [2, 2]}),
    ("avg_pool2d padding", "avg_pool2d", [1, 2, 5, 7], None, {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1]}),
    ("avg_pool2d exclude padding ceil", "avg_pool2d", [1, 2, 6, 7], None, {"kernel_size": [3, 2], "stride": [2, 2], "padding": [1, 1], "ceil_mode": True, "count_include_pad": False}),
    ("avg_pool2d divisor", "avg_pool2d", [1, 1, 4, 4], None, {"kernel_size": [2, 2], "divisor_override": 3}),
    ("max_pool1d", "max_pool1d", [2, 3, 11], None, {"kernel_size": 3, "stride": 2, "padding": 1}),
    ("avg_pool1d", "avg_pool1d", [2, 2, 9], None, {"kernel_size": 4, "stride": 3, "padding": 2, "ceil_mode": True}),
    ("adaptive_avg_pool2d", "adaptive_avg_pool2d", [2, 3, 7, 5], None, {"output_size": [3, 2]}),
    ("adaptive_avg_pool2d global", "adaptive_avg_pool2d", [2, 3, 4, 4], None, {"output_size": [1, 1]}),
]


def flat(t):
    return t.detach().reshape(-1).tolist()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "NeuralSharp.Tests", "Fixtures", "torch", "convolution.json")
    torch.manual_seed(20261202)
    cases = []
    for name, fn, xshape, wshape, kw in CASES:
        kw = dict(kw)
        has_bias = kw.pop("bias", True) and wshape is not None
        integers = kw.pop("integers", False)
        x = (torch.randint(0, 3, xshape).to(torch.float64) if integers else torch.randn(xshape, dtype=torch.float64)).requires_grad_()
        w = torch.randn(wshape, dtype=torch.float64, requires_grad=True) if wshape else None
        out_channels = None
        if w is not None:
            out_channels = w.shape[0] if fn != "conv_transpose2d" else w.shape[1] * kw.get("groups", 1)
        b = torch.randn([out_channels], dtype=torch.float64, requires_grad=True) if has_bias else None
        if fn == "conv2d":
            y = F.conv2d(x, w, b, **kw)
        elif fn == "conv1d":
            y = F.conv1d(x, w, b, **kw)
        elif fn == "conv_transpose2d":
            y = F.conv_transpose2d(x, w, b, **kw)
        elif fn == "unfold":
            y = F.unfold(x, **kw)
        elif fn == "fold":
            y = F.fold(x, **kw)
        else:
            y = getattr(F, fn)(x, **kw)
        gy = torch.randn(y.shape, dtype=torch.float64)
        (y * gy).sum().backward()
        case = {
            "name": name, "function": fn, "args": kw,
            "input_shape": list(x.shape), "input": flat(x),
            "output_shape": list(y.shape), "output": flat(y),
            "upstream": flat(gy), "input_grad": flat(x.grad),
        }
        if w is not None:
            case.update({"weight_shape": list(w.shape), "weight": flat(w), "weight_grad": flat(w.grad)})
        if b is not None:
            case.update({"bias": flat(b), "bias_grad": flat(b.grad)})
        cases.append(case)
    with open(out, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    print(f"wrote {len(cases)} cases to {out} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
