#!/usr/bin/env python3
"""Writes the PyTorch reference values for NeuralSharp's recurrent tests.

Usage: /usr/bin/python3 tests/python/recurrent_reference.py [OUTPUT]
(default OUTPUT: tests/NeuralSharp.Tests/Fixtures/torch/recurrent.json)

For each case: a PyTorch module (LSTM, GRU, LSTMCell, GRUCell, Embedding) in float64 with random weights
(fixed seed), an input, optional initial states and upstream gradients for every output. The fixture holds
the weights by state_dict name, PyTorch's outputs and final states, and the gradients of
sum(output * upstream) (summed over every output) with respect to the input, the initial states and every
parameter. The test loads the same weights into NeuralSharp and compares.
Needs Debian's python3-torch; the fixture is committed so the tests run without it.
"""

import json
import os
import sys

import torch

CASES = [
    # name, kind, config, input shape, whether initial states are given
    ("lstm one layer", "LSTM", {"input_size": 3, "hidden_size": 4}, [5, 2, 3], False),
    ("lstm two layers bidirectional with state", "LSTM", {"input_size": 3, "hidden_size": 4, "num_layers": 2, "bidirectional": True}, [4, 3, 3], True),
    ("lstm batch first no bias", "LSTM", {"input_size": 2, "hidden_size": 3, "num_layers": 2, "batch_first": True, "bias": False}, [2, 5, 2], True),
    ("lstm unbatched", "LSTM", {"input_size": 3, "hidden_size": 2, "bidirectional": True}, [4, 3], True),
    ("gru one layer", "GRU", {"input_size": 3, "hidden_size": 4}, [5, 2, 3], False),
    ("gru two layers bidirectional with state", "GRU", {"input_size": 3, "hidden_size": 4, "num_layers": 2, "bidirectional": True}, [4, 3, 3], True),
    ("gru batch first", "GRU", {"input_size": 2, "hidden_size": 3, "num_layers": 2, "batch_first": True}, [2, 5, 2], True),
    ("gru unbatched no bias", "GRU", {"input_size": 3, "hidden_size": 2, "bias": False}, [4, 3], True),
    ("lstmcell", "LSTMCell", {"input_size": 3, "hidden_size": 4}, [2, 3], True),
    ("lstmcell zero state", "LSTMCell", {"input_size": 3, "hidden_size": 4}, [2, 3], False),
    ("grucell", "GRUCell", {"input_size": 3, "hidden_size": 4}, [2, 3], True),
    ("grucell no bias", "GRUCell", {"input_size": 3, "hidden_size": 4, "bias": False}, [2, 3], False),
    ("lstm padded lengths two layers bidirectional", "LSTM", {"input_size": 3, "hidden_size": 2, "num_layers": 2, "bidirectional": True, "lengths": [5, 2, 4]}, [5, 3, 3], True),
    ("gru padded lengths batch first bidirectional", "GRU", {"input_size": 2, "hidden_size": 3, "batch_first": True, "bidirectional": True, "lengths": [3, 6]}, [2, 6, 2], False),
    ("embedding", "Embedding", {"num_embeddings": 6, "embedding_dim": 3}, [2, 4], False),
    ("embedding padding", "Embedding", {"num_embeddings": 6, "embedding_dim": 3, "padding_idx": 2}, [2, 4], False),
]


def flat(t):
    return t.detach().reshape(-1).tolist()


def tensor(t):
    return {"shape": list(t.shape), "values": flat(t)}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "NeuralSharp.Tests", "Fixtures", "torch", "recurrent.json")
    torch.manual_seed(20261202)
    cases = []
    for name, kind, config, xshape, with_state in CASES:
        config = dict(config)
        lengths = config.pop("lengths", None)
        module = getattr(torch.nn, kind)(**config).double()
        with torch.no_grad():
            for p in module.parameters():
                p.uniform_(-0.8, 0.8)
            if kind == "Embedding" and "padding_idx" in config:
                module.weight[config["padding_idx"]] = 0.0
        case = {"name": name, "kind": kind, "config": config}
        if lengths is not None:
            case["lengths"] = lengths
        if kind == "Embedding":
            x = torch.randint(0, config["num_embeddings"], xshape)
            x[0, 1] = config.get("padding_idx", 0)
            x[1, 3] = config.get("padding_idx", 0)
            outputs = [module(x)]
            inputs = []
            case["input"] = {"shape": xshape, "values": [float(v) for v in x.reshape(-1).tolist()]}
        else:
            x = torch.randn(xshape, dtype=torch.float64, requires_grad=True)
            case["input"] = tensor(x)
            inputs = [x]
            hidden = config["hidden_size"]
            cell = kind.endswith("Cell")
            unbatched = len(xshape) == 2 and not cell
            if cell:
                state_shape = [xshape[0], hidden]
            else:
                count = config.get("num_layers", 1) * (2 if config.get("bidirectional", False) else 1)
                batch = xshape[0 if config.get("batch_first", False) else 1]
                state_shape = [count, hidden] if unbatched else [count, batch, hidden]
            states = []
            if with_state:
                states = [torch.randn(state_shape, dtype=torch.float64, requires_grad=True) for _ in range(2 if kind.startswith("LSTM") else 1)]
                case["states"] = [tensor(s) for s in states]
                inputs += states
            if lengths is not None:
                batch_first = config.get("batch_first", False)
                packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=batch_first, enforce_sorted=False)
                init = (tuple(states) if kind == "LSTM" else states[0]) if states else None
                y, hn = module(packed, init)
                y, _ = torch.nn.utils.rnn.pad_packed_sequence(y, batch_first=batch_first, total_length=xshape[1 if batch_first else 0])
                outputs = [y, *hn] if kind == "LSTM" else [y, hn]
            elif kind == "LSTM":
                y, (h, c) = module(x, tuple(states) if states else None)
                outputs = [y, h, c]
            elif kind == "GRU":
                y, h = module(x, states[0] if states else None)
                outputs = [y, h]
            elif kind == "LSTMCell":
                h, c = module(x, tuple(states) if states else None)
                outputs = [h, c]
            else:
                outputs = [module(x, states[0] if states else None)]
        upstream = [torch.randn(o.shape, dtype=torch.float64) for o in outputs]
        loss = sum((o * u).sum() for o, u in zip(outputs, upstream))
        params = dict(module.named_parameters())
        grads = torch.autograd.grad(loss, inputs + list(params.values()))
        case["parameters"] = {n: tensor(p) for n, p in params.items()}
        case["upstream"] = [tensor(u) for u in upstream]
        case["outputs"] = [tensor(o) for o in outputs]
        case["input_gradients"] = [tensor(g) for g in grads[:len(inputs)]]
        case["parameter_gradients"] = {n: tensor(g) for n, g in zip(params, grads[len(inputs):])}
        case["repr"] = repr(module)
        cases.append(case)
    with open(out, "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
