#!/usr/bin/env python3
"""Trains on MNIST in PyTorch (CPU) the networks of NeuralSharp's CLI, for a time and accuracy
comparison with `neuralsharp train`:

  relu    the CLI default: 784-512-256-10 ReLU, logits out, cross-entropy, Adam lr 1e-3, batch 128,
          10 epochs (`neuralsharp train`)
  course  the course network: 784-30-10 sigmoid with a sigmoid output, quadratic cost
          C = 1/(2n) sum_x ||y(x) - a(x)||^2 on one-hot targets, plain SGD lr 3.0, batch 10, 30 epochs
          (`neuralsharp train --layers 784,30,10 --activation sigmoid --loss mse --optimizer sgd`)

The data are the raw IDX files in NeuralSharp's cache (~/.cache/neuralsharp/mnist/, or
$NEURALSHARP_DATA/mnist when that is set; --data overrides): no torchvision, no download. Pixels are
scaled to [0, 1] as NeuralSharp does. Initialisation is PyTorch's nn.Linear default, which
NeuralSharp's Linear reproduces. Each epoch shuffles the training set and keeps the final partial
batch; the printed seconds cover the training pass only, the test evaluation is timed apart.

Run with Debian's /usr/bin/python3 (see install.sh), e.g.
  /usr/bin/python3 bench/pytorch/mnist_mlp.py --net both --threads 2
  /usr/bin/python3 bench/pytorch/mnist_mlp.py --net course --epochs 1     (a quick check)
"""

import argparse
import gzip
import os
import struct
import sys
import time

import torch


def default_data_dir():
    root = os.environ.get("NEURALSHARP_DATA") or os.path.join(os.path.expanduser("~"), ".cache", "neuralsharp")
    return os.path.join(root, "mnist")


def read_idx(path):
    """An IDX file (big-endian header: magic 0x0000 type rank, then the sizes) as a uint8 tensor."""
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path += ".gz"
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file (magic {zero:#x}, type {dtype:#x})")
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    body = bytearray(data[4 + 4 * rank:])
    expected = 1
    for d in dims:
        expected *= d
    if len(body) != expected:
        raise ValueError(f"{path}: {len(body)} data bytes, header {dims} says {expected}")
    return torch.frombuffer(body, dtype=torch.uint8).reshape(dims)


def load(data_dir, split):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte"))
    return images.reshape(images.shape[0], -1).float() / 255.0, labels.long()


def relu_net():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 512), torch.nn.ReLU(),
        torch.nn.Linear(512, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10),
    )


def course_net():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 30), torch.nn.Sigmoid(),
        torch.nn.Linear(30, 10), torch.nn.Sigmoid(),
    )


def cross_entropy(output, labels):
    return torch.nn.functional.cross_entropy(output, labels)


def quadratic(output, labels):
    # C = 1/(2n) sum_x ||y(x) - a(x)||^2: half the squared error summed over outputs, mean over examples.
    target = torch.nn.functional.one_hot(labels, 10).to(output.dtype)
    return 0.5 * (target - output).square().sum(1).mean()


CONFIGS = {
    # name: (builder, loss, optimiser factory, batch, epochs, cosine schedule, description)
    "relu": (relu_net, cross_entropy, lambda p: torch.optim.Adam(p, lr=1e-3), 128, 10, True,
             "784-512-256-10 ReLU, cross-entropy, Adam lr 1e-3 with cosine decay per epoch (the CLI's --schedule auto), batch 128"),
    "course": (course_net, quadratic, lambda p: torch.optim.SGD(p, lr=3.0), 10, 30, False,
               "784-30-10 sigmoid (sigmoid output), quadratic cost, SGD lr 3.0, batch 10"),
}


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        correct = sum(int((model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum()) for i in range(0, len(y), 1000))
    model.train()
    return correct / len(y)


def train(name, data, epochs, seed):
    builder, loss_fn, make_optimizer, batch, default_epochs, cosine, description = CONFIGS[name]
    epochs = default_epochs if epochs is None else epochs
    (x_train, y_train), (x_test, y_test) = data
    torch.manual_seed(seed)
    model = builder()
    optimizer = make_optimizer(model.parameters())
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs) if cosine else None
    print(f"== {name}: {description}, {epochs} epochs, {torch.get_num_threads()} threads")
    print(f"{'epoch':>5} {'train loss':>11} {'test acc':>9} {'train s':>8} {'eval s':>7}")
    total = 0.0
    n = len(y_train)
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(n)
        loss_sum = 0.0
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            xb, yb = x_train[idx], y_train[idx]
            optimizer.zero_grad(set_to_none=False)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(idx)
        if scheduler is not None:
            scheduler.step()
        seconds = time.perf_counter() - start
        total += seconds
        eval_start = time.perf_counter()
        accuracy = evaluate(model, x_test, y_test)
        eval_seconds = time.perf_counter() - eval_start
        print(f"{epoch:>5} {loss_sum / n:>11.4f} {accuracy * 100:>8.2f}% {seconds:>8.2f} {eval_seconds:>7.2f}")
        sys.stdout.flush()
    print(f"{name}: {total / max(epochs, 1):.2f} s/epoch on average, {total:.1f} s of training; "
          f"final test accuracy {accuracy * 100:.2f}%")
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--net", choices=["relu", "course", "both"], default="both")
    parser.add_argument("--epochs", type=int, default=None,
                        help="epochs for every network (default: 10 for relu, 30 for course)")
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", default=default_data_dir(), help="folder with the four IDX files")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    print("torch", torch.__version__, "threads", torch.get_num_threads(), "data", args.data)
    data = (load(args.data, "train"), load(args.data, "test"))
    print(f"train {tuple(data[0][0].shape)}, test {tuple(data[1][0].shape)}")
    for name in (["relu", "course"] if args.net == "both" else [args.net]):
        train(name, data, args.epochs, args.seed)


if __name__ == "__main__":
    main()
