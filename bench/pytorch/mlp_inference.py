#!/usr/bin/env python3
"""Inference of the CLI's default network (784-512-256-10 ReLU, PyTorch's default initialisation from a
fixed seed, evaluation mode, no grad) on random inputs in [0, 1): the median latency of one image and
the median throughput at batch 1000, on the thread counts given. NeuralSharp's side is the
`mlp-inference` console mode of bench/NeuralSharp.Benchmarks, which follows the same procedure:
500 warm-up calls, then the median of 3000 single-image forwards, and the median of 7 rounds of
20 forwards of a 1000-image batch.

  /usr/bin/python3 bench/pytorch/mlp_inference.py --threads 1 2
Prints one line `csv,mlp-inference,THREADS,LATENCY_US,IMAGES_PER_S` per thread count.
"""

import argparse
import statistics
import time

import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 512), torch.nn.ReLU(),
        torch.nn.Linear(512, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10),
    ).eval()
    one = torch.rand(1, 784)
    batch = torch.rand(1000, 784)
    print("torch", torch.__version__)
    for threads in args.threads:
        torch.set_num_threads(threads)
        with torch.no_grad():
            for _ in range(500):
                model(one)
            latencies = []
            for _ in range(3000):
                start = time.perf_counter()
                model(one)
                latencies.append(time.perf_counter() - start)
            for _ in range(5):
                model(batch)
            rounds = []
            for _ in range(7):
                start = time.perf_counter()
                for _ in range(20):
                    model(batch)
                rounds.append(20 * 1000 / (time.perf_counter() - start))
        latency_us = statistics.median(latencies) * 1e6
        throughput = statistics.median(rounds)
        print(f"PyTorch MLP inference, {threads} threads: batch 1 median {latency_us:.1f} us, "
              f"batch 1000 median {throughput:,.0f} images/s")
        print(f"csv,mlp-inference,{threads},{latency_us:.1f},{throughput:.0f}")


if __name__ == "__main__":
    main()
