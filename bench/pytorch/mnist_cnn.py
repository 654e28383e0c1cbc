#!/usr/bin/env python3
"""Trains and runs on MNIST in PyTorch (CPU) the convolutional and recurrent networks of NeuralSharp's CLI, for a time
and accuracy comparison with `neuralsharp train --model lenet|cnn` in the same run:

  lenet  LeNet-5 (`neuralsharp train --model lenet --batch 64`): conv 5x5 1->6 pad 2, ReLU, max-pool 2,
         conv 5x5 6->16, ReLU, max-pool 2, 400-120-84-10; cross-entropy, Adam lr 1e-3 with cosine decay
  cnn    `--model cnn`: 3 x (conv without bias, batch norm, ReLU, max-pool 2) with 32 5x5, 64 3x3, 128 3x3
         filters, dropout 0.3, dense; Adam lr 1e-3, cosine, batch 128. NeuralSharp trains it on randomly
         shifted, rotated and scaled images; here the images are used as they are (torchvision is not
         installed), so this measures the network's step, not the augmentation.
  lstm   `--model lstm`: 28 rows of 28 pixels through a batch-first LSTM of 128 units, the last step, dense;
         Adam lr 1e-3, cosine, batch 128 (`gru` the same with a GRU)

Also measures inference (no grad, eval mode): the median latency of one image and the throughput at
batch 256 over the test set. Data: the raw IDX files in NeuralSharp's cache (see mnist_mlp.py).

  /usr/bin/python3 bench/pytorch/mnist_cnn.py --net lenet --threads 2 --epochs 1
  /usr/bin/python3 bench/pytorch/mnist_cnn.py --net lenet --inference-only --threads 1
"""

import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_mlp import default_data_dir, evaluate, load  # noqa: E402
from torch_env import describe  # noqa: E402

nn = torch.nn


def lenet():
    return nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10),
    )


def cnn():
    def stage(cin, cout, k):
        return [nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]

    return nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        *stage(1, 32, 5), *stage(32, 64, 3), *stage(64, 128, 3),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(128 * 3 * 3, 10),
    )


class RowRecurrent(nn.Module):
    """`--model lstm` / `gru`: the image as 28 steps of 28 pixels, 128 units, the output at the last step, dense."""

    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(28, 128, batch_first=True)
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        out, _ = self.rnn(x.reshape(-1, 28, 28))
        return self.head(out[:, -1])


NETS = {"lenet": (lenet, 64), "cnn": (cnn, 128),
        "lstm": (lambda: RowRecurrent(nn.LSTM), 128), "gru": (lambda: RowRecurrent(nn.GRU), 128)}


def train(name, data, epochs, seed):
    builder, batch = NETS[name]
    (x_train, y_train), (x_test, y_test) = data
    torch.manual_seed(seed)
    model = builder()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    print(f"== {name}: batch {batch}, {epochs} epochs, {torch.get_num_threads()} threads")
    print(f"{'epoch':>5} {'train loss':>11} {'test acc':>9} {'train s':>8}")
    times = []
    n = len(y_train)
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(n)
        loss_sum = 0.0
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            xb, yb = x_train[idx], y_train[idx]
            optimizer.zero_grad(set_to_none=False)
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(idx)
        scheduler.step()
        times.append(time.perf_counter() - start)
        accuracy = evaluate(model, x_test, y_test)
        print(f"{epoch:>5} {loss_sum / n:>11.4f} {accuracy * 100:>8.2f}% {times[-1]:>8.2f}")
        sys.stdout.flush()
    print(f"csv,train,{name},{torch.get_num_threads()},{statistics.median(times):.3f},{accuracy:.4f}")
    return model


def inference(name, model, x_test, repeats):
    model.eval()
    with torch.no_grad():
        one = x_test[:1]
        for _ in range(50):
            model(one)
        latencies = []
        for i in range(repeats):
            start = time.perf_counter()
            model(x_test[i % len(x_test):i % len(x_test) + 1])
            latencies.append(time.perf_counter() - start)
        model(x_test[:256])
        rounds = []
        for _ in range(5):
            start = time.perf_counter()
            for i in range(0, len(x_test) - 255, 256):
                model(x_test[i:i + 256])
            rounds.append((len(x_test) // 256) * 256 / (time.perf_counter() - start))
    latency_us = statistics.median(latencies) * 1e6
    throughput = statistics.median(rounds)
    print(f"{name} inference, {torch.get_num_threads()} threads: batch 1 median {latency_us:.1f} us, "
          f"batch 256 median {throughput:,.0f} images/s")
    print(f"csv,infer,{name},{torch.get_num_threads()},{latency_us:.1f},{throughput:.0f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--net", choices=sorted(NETS), default="lenet")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--inference-only", action="store_true", help="skip training (untrained weights)")
    parser.add_argument("--repeats", type=int, default=2000, help="batch-1 forwards timed")
    parser.add_argument("--data", default=default_data_dir(), help="folder with the four IDX files")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    describe()
    data = (load(args.data, "train"), load(args.data, "test"))
    if args.inference_only:
        torch.manual_seed(args.seed)
        model = NETS[args.net][0]()
    else:
        model = train(args.net, data, args.epochs, args.seed)
    if args.repeats > 0:
        inference(args.net, model, data[1][0], args.repeats)


if __name__ == "__main__":
    main()
