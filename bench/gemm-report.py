#!/usr/bin/env python3
"""Prints the GEMM comparison table (markdown) from one bench/run-gemm-comparison.sh result folder.

Usage: bench/gemm-report.py [BenchmarkDotNet.Artifacts/gemm-comparison/<time>]   (default: latest)
"""

import csv
import glob
import os
import re
import sys


def latest():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "BenchmarkDotNet.Artifacts", "gemm-comparison")
    runs = sorted(glob.glob(os.path.join(root, "*")))
    if not runs:
        sys.exit("no results: run bench/run-gemm-comparison.sh first")
    return runs[-1]


def number(text):
    return float(text.replace(",", "").split()[0])


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else latest()
    reports = os.path.join(folder, "neuralsharp", "results")

    with open(glob.glob(os.path.join(reports, "*PeakFlopsBenchmarks-report.csv"))[0]) as f:
        peak = {row["Method"]: (number(row["GFLOP/s (median)"]), number(row["GFLOP/s (best)"])) for row in csv.DictReader(f)}
    peak_by_threads = {1: peak["OneThread"], 2: peak["TwoThreads"]}

    ours = {}
    with open(glob.glob(os.path.join(reports, "*GemmBenchmarks-report.csv"))[0]) as f:
        for row in csv.DictReader(f):
            ours[(row["Shape"], int(row["Threads"]))] = (number(row["GFLOP/s (median)"]), number(row["GFLOP/s (best)"]))

    torch = {}
    with open(os.path.join(folder, "pytorch.log")) as f:
        for line in f:
            m = re.match(r"\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+[\d.]+us", line)
            if m:
                shape = f"{m[1]}x{m[2]}x{m[3]}"
                torch[(shape, int(m[4]))] = (float(m[5]), float(m[6]))

    print(f"Peak FMA throughput (median / best GFLOP/s): 1 thread {peak_by_threads[1][0]:.1f} / {peak_by_threads[1][1]:.1f}, "
          f"2 threads {peak_by_threads[2][0]:.1f} / {peak_by_threads[2][1]:.1f}")
    print()
    print("| M x K x N | threads | NeuralSharp GFLOP/s (median) | % of peak | PyTorch GFLOP/s (median) | NeuralSharp / PyTorch | best: NeuralSharp / PyTorch |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for threads in (1, 2):
        for shape, t in sorted(ours, key=lambda key: -eval(key[0].replace("x", "*"))):
            if t != threads:
                continue
            median, best = ours[(shape, t)]
            # % of the single-core peak times the thread count: the machine's ceiling for that many threads.
            ceiling = peak_by_threads[1][0] * threads
            torch_median, torch_best = torch.get((shape, t), (float("nan"), float("nan")))
            print(f"| {shape.replace('x', ' x ')} | {t} | {median:.1f} | {100 * median / ceiling:.0f}% | {torch_median:.1f} | "
                  f"{median / torch_median:.2f} | {best:.1f} / {torch_best:.1f} |")


if __name__ == "__main__":
    main()
