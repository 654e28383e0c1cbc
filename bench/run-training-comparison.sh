#!/usr/bin/env bash
# Runs NeuralSharp's training-step benchmark (BenchmarkDotNet, TrainingStepBenchmarks) and the same
# step in PyTorch (bench/pytorch/mlp_step.py) back to back, so both see the same machine state, then
# prints a table of medians per thread count and the ratio PyTorch time / NeuralSharp time (> 1 means
# NeuralSharp is faster). The step: 784-512-256-10 ReLU MLP, batch 128, zero grad, forward,
# cross-entropy, backward, Adam. Results go to BenchmarkDotNet.Artifacts/training-comparison/<timestamp>/.
#
# Usage: bench/run-training-comparison.sh            (installs PyTorch first if missing)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Under BenchmarkDotNet.Artifacts/, which git already ignores.
out="$root/BenchmarkDotNet.Artifacts/training-comparison/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

"$root/bench/machine-info.sh" "$root" | tee "$out/machine.txt"

if ! /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then
    "$root/bench/pytorch/install.sh"
fi

echo "== NeuralSharp (BenchmarkDotNet) =="
dotnet run -c Release --project "$root/bench/NeuralSharp.Benchmarks" -- \
    --filter '*TrainingStepBenchmarks*' --exporters json \
    --artifacts "$out/neuralsharp" 2>&1 | tee "$out/neuralsharp.log"

echo "== PyTorch =="
# Some hosts pin OpenBLAS to a generic core type or a small L2; unset both for torch only, so it picks
# its best kernel for this CPU, as a user's default install would. The script prints which BLAS it uses.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/bench/pytorch/mlp_step.py" --csv 2>&1 | tee "$out/pytorch.log"

echo "uptime after: $(uptime)" | tee -a "$out/machine.txt"

echo "== Comparison (medians, ms/step; ratio = PyTorch / NeuralSharp, > 1 means NeuralSharp is faster) =="
/usr/bin/python3 - "$out" <<'PY' | tee "$out/comparison.txt"
import glob, json, os, re, sys

out = sys.argv[1]
ns = {}
for path in glob.glob(os.path.join(out, "neuralsharp", "results", "*TrainingStepBenchmarks*.json")):
    with open(path) as f:
        for b in json.load(f)["Benchmarks"]:
            threads = int(re.search(r"Threads=(\d+)", b["Parameters"]).group(1))
            ns[(b["Method"], threads)] = b["Statistics"]["Median"] / 1e6  # ns -> ms
torch = {}
with open(os.path.join(out, "pytorch.log")) as f:
    for line in f:
        if line.startswith("csv,"):
            _, threads, median, *_ = line.strip().split(",")
            torch[int(threads)] = float(median)
if not ns or not torch:
    sys.exit(f"missing results: NeuralSharp {sorted(ns)}, PyTorch {sorted(torch)}")
print(f"{'threads':>7} {'NS arena':>9} {'NS no arena':>12} {'PyTorch':>9} {'ratio (arena)':>14} {'ratio (no arena)':>17}")
for threads in sorted(torch):
    arena = ns.get(("StepWithArena", threads))
    plain = ns.get(("StepWithoutArena", threads))
    pt = torch[threads]
    fmt = lambda v: f"{v:.3f}" if v else "-"
    ratio = lambda v: f"{pt / v:.2f}" if v else "-"
    print(f"{threads:>7} {fmt(arena):>9} {fmt(plain):>12} {pt:>9.3f} {ratio(arena):>14} {ratio(plain):>17}")
PY
echo "Results in $out"
