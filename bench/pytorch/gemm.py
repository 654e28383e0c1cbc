#!/usr/bin/env python3
"""PyTorch (CPU) float32 matrix-product throughput, for comparison with NeuralSharp's GemmBenchmarks.

Run with Debian's /usr/bin/python3 (see install.sh). Prints the BLAS configuration first so the
report can state which library and kernel did the work, then one line per shape and thread count
with the median GFLOP/s over many timed repetitions.
"""

import statistics
import sys
import time

import torch

import torch_env

# (M, K, N): C[M, N] = A[M, K] @ B[K, N], the same shapes as GemmBenchmarks.
SHAPES = [(1024, 1024, 1024), (256, 256, 256), (128, 784, 512), (10, 784, 30), (1, 784, 128)]
THREADS = [1, 2]


def measure(m, k, n, threads):
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(1)
    a = torch.rand(m, k, generator=gen)
    b = torch.rand(k, n, generator=gen)
    c = torch.empty(m, n)
    flop = 2.0 * m * n * k
    # Repetitions per sample sized for ~20 ms per sample; at least 25 samples.
    per_sample = max(1, int(0.02 * 50e9 / flop))
    for _ in range(max(3, per_sample)):
        torch.mm(a, b, out=c)
    samples = []
    for _ in range(25):
        start = time.perf_counter()
        for _ in range(per_sample):
            torch.mm(a, b, out=c)
        samples.append((time.perf_counter() - start) / per_sample)
    median = statistics.median(samples)
    return flop / median / 1e9, flop / min(samples) / 1e9, median


def main():
    torch_env.describe(full_config=True)
    print()
    print(f"{'M':>5} {'K':>5} {'N':>5} {'threads':>7} {'median GFLOP/s':>15} {'best GFLOP/s':>13} {'median time':>12}")
    for threads in THREADS:
        for m, k, n in SHAPES:
            gflops, best, median = measure(m, k, n, threads)
            print(f"{m:>5} {k:>5} {n:>5} {threads:>7} {gflops:>15.1f} {best:>13.1f} {median * 1e6:>10.1f}us")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
