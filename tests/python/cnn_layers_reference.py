#!/usr/bin/env python3
"""Writes the PyTorch reference values for NeuralSharp's convolution, pooling and batch-norm layer tests.

Usage: /usr/bin/python3 tests/python/cnn_layers_reference.py [OUTPUT]
(default OUTPUT: tests/NeuralSharp.Tests/Fixtures/torch/cnn_layers.json)

For each case: the layer built with the arguments shown, its parameters replaced by random values (float64,
fixed seed), a random input and upstream gradient, then the layer's repr, state_dict names and shapes, its
output and the gradients of sum(output * upstream) with respect to the input and every parameter. The test
builds the same layer in NeuralSharp (by the case's name), loads the same parameters and compares.
The BatchNorm2d case takes two training steps (the second one's output and gradients are recorded), then
records the running statistics and an evaluation-mode output on a third input.
Needs Debian's python3-torch; the fixture is committed so the tests run without it.
"""

import json
import os
import sys

import torch
import torch.nn as nn

CASES = [
    # name, constructor, input shape
    ("conv2d stride padding", lambda: nn.Conv2d(3, 4, 3, stride=2, padding=1), [2, 3, 7, 6]),
    ("conv2d rect kernel dilation groups no bias", lambda: nn.Conv2d(4, 6, (3, 2), padding=(2, 1), dilation=2, groups=2, bias=False), [1, 4, 7, 7]),
    ("conv2d same odd", lambda: nn.Conv2d(2, 3, 3, padding="same"), [2, 2, 5, 4]),
    ("conv2d same even dilated", lambda: nn.Conv2d(2, 3, (4, 2), padding="same", dilation=(1, 3)), [2, 2, 6, 7]),
    ("conv2d valid", lambda: nn.Conv2d(2, 2, 2, padding="valid"), [1, 2, 4, 5]),
    ("conv2d depthwise unbatched", lambda: nn.Conv2d(3, 3, 3, groups=3, padding=1), [3, 5, 5]),
    ("conv1d stride padding dilation", lambda: nn.Conv1d(3, 4, 3, stride=2, padding=1, dilation=2), [2, 3, 11]),
    ("conv1d same even", lambda: nn.Conv1d(2, 3, 4, padding="same"), [2, 2, 9]),
    ("conv_transpose2d stride output padding", lambda: nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1), [2, 3, 4, 5]),
    ("conv_transpose2d groups dilation no bias", lambda: nn.ConvTranspose2d(4, 2, (2, 3), groups=2, dilation=(2, 1), bias=False), [1, 4, 3, 3]),
    ("maxpool2d", lambda: nn.MaxPool2d(2), [2, 3, 6, 5]),
    ("maxpool2d full", lambda: nn.MaxPool2d((3, 2), stride=(2, 1), padding=1, dilation=(1, 2), ceil_mode=True), [1, 2, 7, 7]),
    ("maxpool1d", lambda: nn.MaxPool1d(3, 2, 1), [2, 3, 11]),
    ("avgpool2d", lambda: nn.AvgPool2d(2), [2, 3, 6, 6]),
    ("avgpool2d exclude padding ceil", lambda: nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), [1, 2, 7, 6]),
    ("avgpool2d divisor", lambda: nn.AvgPool2d((2, 3), stride=1, divisor_override=4), [1, 2, 4, 5]),
    ("avgpool1d", lambda: nn.AvgPool1d(4, 3, 2, ceil_mode=True), [2, 2, 9]),
    ("adaptiveavgpool2d", lambda: nn.AdaptiveAvgPool2d((3, 2)), [2, 3, 7, 5]),
    ("adaptiveavgpool2d global", lambda: nn.AdaptiveAvgPool2d(1), [2, 3, 4, 4]),
]


def flat(t):
    return t.detach().reshape(-1).double().tolist()


def state(layer):
    return {k: {"shape": list(v.shape), "values": flat(v)} for k, v in layer.state_dict().items()}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "NeuralSharp.Tests", "Fixtures", "torch", "cnn_layers.json")
    torch.manual_seed(20261202)
    cases = []
    for name, make, xshape in CASES:
        layer = make().double()
        with torch.no_grad():
            for p in layer.parameters():
                p.copy_(torch.randn(p.shape, dtype=torch.float64))
        x = torch.randn(xshape, dtype=torch.float64, requires_grad=True)
        y = layer(x)
        gy = torch.randn(y.shape, dtype=torch.float64)
        (y * gy).sum().backward()
        cases.append({
            "name": name, "repr": repr(layer), "state": state(layer),
            "input_shape": xshape, "input": flat(x), "output_shape": list(y.shape), "output": flat(y),
            "upstream": flat(gy), "input_grad": flat(x.grad),
            "param_grads": {k: flat(p.grad) for k, p in layer.named_parameters()},
        })

    # BatchNorm2d: random affine parameters, two training steps, then evaluation.
    bn = nn.BatchNorm2d(3, eps=1e-3, momentum=0.2).double()
    with torch.no_grad():
        bn.weight.copy_(torch.randn(3, dtype=torch.float64))
        bn.bias.copy_(torch.randn(3, dtype=torch.float64))
    initial = state(bn)
    x1 = torch.randn([4, 3, 3, 5], dtype=torch.float64) * 2 + 1
    bn.train()
    bn(x1)
    x2 = (torch.randn([4, 3, 3, 5], dtype=torch.float64) * 3 - 1).requires_grad_()
    y2 = bn(x2)
    gy = torch.randn(y2.shape, dtype=torch.float64)
    (y2 * gy).sum().backward()
    after = state(bn)
    bn.eval()
    x3 = torch.randn([2, 3, 3, 5], dtype=torch.float64)
    with torch.no_grad():
        y3 = bn(x3)
    batchnorm = {
        "repr": repr(bn), "initial": initial, "input1": flat(x1), "input2": flat(x2), "input_shape": [4, 3, 3, 5],
        "output2": flat(y2), "upstream": flat(gy), "input_grad": flat(x2.grad),
        "param_grads": {k: flat(p.grad) for k, p in bn.named_parameters()},
        "after": after, "eval_input_shape": [2, 3, 3, 5], "eval_input": flat(x3), "eval_output": flat(y3),
    }

    with open(out, "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": cases, "batchnorm2d": batchnorm}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
