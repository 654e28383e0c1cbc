#!/usr/bin/env bash
# Runs the NeuralSharp peak-FLOP/s and GEMM benchmarks and the PyTorch GEMM benchmark back to
# back, so both see the same machine state. Results go to BenchmarkDotNet.Artifacts/gemm-comparison/<timestamp>/.
#
# Usage: bench/run-gemm-comparison.sh            (installs PyTorch first if missing)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Under BenchmarkDotNet.Artifacts/, which git already ignores.
out="$root/BenchmarkDotNet.Artifacts/gemm-comparison/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

"$root/bench/machine-info.sh" "$root" | tee "$out/machine.txt"

if ! /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then
    "$root/bench/pytorch/install.sh"
fi

echo "== NeuralSharp (BenchmarkDotNet) =="
dotnet run -c Release --project "$root/bench/NeuralSharp.Benchmarks" -- \
    --filter '*PeakFlopsBenchmarks*' '*GemmBenchmarks*' \
    --artifacts "$out/neuralsharp" 2>&1 | tee "$out/neuralsharp.log"

echo "== PyTorch =="
# Some hosts pin OpenBLAS to a generic core type or a small L2; unset both so it picks its
# best kernel for this CPU, as a user's default install would.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/bench/pytorch/gemm.py" 2>&1 | tee "$out/pytorch.log"

echo "uptime after: $(uptime)" | tee -a "$out/machine.txt"
echo "Results in $out"
