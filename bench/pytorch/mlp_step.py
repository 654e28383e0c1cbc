#!/usr/bin/env python3
"""One PyTorch (CPU) training step of the 784-512-256-10 ReLU MLP at batch 128, for comparison with
NeuralSharp's TrainingStepBenchmarks: zero grad (keeping the buffers, as NeuralSharp does), forward,
cross-entropy, backward, Adam (lr 1e-3). For each thread count it prints the median, best and
quartiles of many timed steps after a warm-up, in ms/step.

Run with Debian's /usr/bin/python3 (see install.sh). Options: --threads 1,2  --batch 128  --steps 300
--warmup 50. With --csv it also prints one "csv,threads,median_ms,..." line per thread count for
bench/run-training-comparison.sh.
"""

import argparse
import statistics
import sys
import time

import torch

import torch_env

SIZES = [784, 512, 256, 10]


def build(seed):
    torch.manual_seed(seed)
    # nn.Linear's default initialisation (kaiming_uniform a=sqrt(5): U(-1/sqrt(in), 1/sqrt(in)) for
    # weights and bias) is the one NeuralSharp's Linear uses.
    return torch.nn.Sequential(
        torch.nn.Linear(SIZES[0], SIZES[1]),
        torch.nn.ReLU(),
        torch.nn.Linear(SIZES[1], SIZES[2]),
        torch.nn.ReLU(),
        torch.nn.Linear(SIZES[2], SIZES[3]),
    )


def measure(threads, batch, steps, warmup):
    torch.set_num_threads(threads)
    model = build(1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(1)
    x = torch.rand(batch, SIZES[0], generator=gen)
    y = torch.randint(0, SIZES[-1], (batch,), generator=gen)

    def step():
        optimizer.zero_grad(set_to_none=False)
        loss = loss_fn(model(x), y)
        value = loss.item()
        loss.backward()
        optimizer.step()
        return value

    for _ in range(warmup):
        step()
    samples = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        samples.append((time.perf_counter() - start) * 1e3)
    samples.sort()
    q1, median, q3 = statistics.quantiles(samples, n=4)
    return median, samples[0], q1, q3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--csv", action="store_true", help="also print machine-readable csv lines")
    args = parser.parse_args()

    # Intra-op threads are set per measurement; inter-op parallelism is off, as NeuralSharp has none.
    torch.set_num_interop_threads(1)
    torch_env.describe(full_config=False)
    print()
    print(f"784-512-256-10 ReLU MLP, batch {args.batch}, cross-entropy, Adam lr 1e-3; "
          f"{args.steps} timed steps after {args.warmup} warm-up")
    print(f"{'threads':>7} {'median ms/step':>15} {'best':>8} {'q1':>8} {'q3':>8}")
    for threads in (int(t) for t in args.threads.split(",")):
        median, best, q1, q3 = measure(threads, args.batch, args.steps, args.warmup)
        print(f"{threads:>7} {median:>15.3f} {best:>8.3f} {q1:>8.3f} {q3:>8.3f}")
        if args.csv:
            print(f"csv,{threads},{median:.6f},{best:.6f},{q1:.6f},{q3:.6f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
