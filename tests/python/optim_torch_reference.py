"""Runs torch.optim on the numbers given by NeuralSharp's TorchOptimizerTests and prints the results.

Input (a JSON file): initial parameter values, a gradient per step, optimiser constructors as Python
expressions over `ps`, and scheduler constructors over `opt` with a metric sequence. Output (stdout,
JSON): the parameters after every step for each optimiser and dtype, and the learning rate after
every scheduler step.
"""
import json
import sys

import torch


def run_optimizer(spec, constructor, dtype):
    ps = [torch.tensor(values, dtype=dtype, requires_grad=True) for values in spec["initial"]]
    opt = eval(constructor, {"torch": torch, "ps": ps})
    history = []
    for step_grads in spec["gradients"]:
        for p, g in zip(ps, step_grads):
            p.grad = torch.tensor(g, dtype=dtype)
        opt.step()
        history.append([p.detach().double().tolist() for p in ps])
    return history


def run_scheduler(constructor, metrics):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    sched = eval(constructor, {"torch": torch, "opt": opt})
    rates = []
    for metric in metrics:
        opt.step()
        if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau):
            sched.step(metric)
        else:
            sched.step()
        rates.append(opt.param_groups[0]["lr"])
    return rates


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    result = {"optimizers": {}, "schedulers": {}}
    for name, constructor in spec["optimizers"].items():
        for dtype_name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
            result["optimizers"][f"{name}/{dtype_name}"] = run_optimizer(spec, constructor, dtype)
    for name, constructor in spec["schedulers"].items():
        result["schedulers"][name] = run_scheduler(constructor, spec["metrics"])
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
