#!/usr/bin/env bash
# LeNet-5 (or the CLI's CNN) on MNIST, NeuralSharp beside PyTorch in the same run: whole training epochs
# (`neuralsharp train --model NET` against bench/pytorch/mnist_cnn.py, same network, optimiser, batch and
# schedule) at 1 and 2 threads, then LeNet-5 inference (BenchmarkDotNet's LeNetInference against
# mnist_cnn.py --inference-only) at batch 1 and 256. Prints the median epoch seconds and the ratio
# NeuralSharp / PyTorch (< 1 means NeuralSharp is faster). Needs MNIST in the cache (run `train` once).
#
# Usage: bench/run-cnn-comparison.sh [lenet|cnn|lstm|gru] [epochs, default 3]      (EPOCHS_ONLY=1 skips inference)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
net="${1:-lenet}"
epochs="${2:-3}"
batch=$([ "$net" = lenet ] && echo 64 || echo 128)
out="$root/BenchmarkDotNet.Artifacts/cnn-comparison/$(date -u +%Y%m%dT%H%M%SZ)-$net"
mkdir -p "$out"
"$root/bench/machine-info.sh" "$root" | tee "$out/machine.txt"
if ! /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then
    "$root/bench/pytorch/install.sh"
fi

dotnet build -c Release "$root/src/NeuralSharp.Cli" -v quiet -nologo | tail -1
cli="$root/src/NeuralSharp.Cli/bin/Release/net10.0/NeuralSharp.Cli"
for threads in 1 2; do
    echo "== NeuralSharp $net, $threads threads =="
    "$cli" train --model "$net" --batch "$batch" --epochs "$epochs" --threads "$threads" --out "$out/ns-$threads" --quiet | tee "$out/ns-$threads.log"
    echo "== PyTorch $net, $threads threads =="
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/bench/pytorch/mnist_cnn.py" --net "$net" --threads "$threads" \
        --epochs "$epochs" --repeats 0 2>&1 | tee "$out/torch-$threads.log"
done

if [ -z "${EPOCHS_ONLY:-}" ]; then
    echo "== NeuralSharp LeNet-5 inference (BenchmarkDotNet) =="
    dotnet run -c Release --project "$root/bench/NeuralSharp.Benchmarks" -- --filter '*LeNetInference*' --exporters json \
        --artifacts "$out/ns-inference" 2>&1 | tail -15 | tee "$out/ns-inference.log"
    for threads in 1 2; do
        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/bench/pytorch/mnist_cnn.py" --net lenet --threads "$threads" \
            --inference-only 2>&1 | grep "inference\|^csv" | tee -a "$out/torch-inference.log"
    done
fi
echo "uptime after: $(uptime)" | tee -a "$out/machine.txt"

echo "== Median seconds per training epoch (ratio = NeuralSharp / PyTorch, < 1 means NeuralSharp is faster) =="
/usr/bin/python3 - "$out" <<'PY' | tee "$out/comparison.txt"
import csv, os, statistics, sys
out = sys.argv[1]
print(f"{'threads':>7} {'NeuralSharp s':>14} {'PyTorch s':>10} {'ratio':>6} {'NS acc':>7} {'PT acc':>7}")
for threads in (1, 2):
    with open(os.path.join(out, f"ns-{threads}", "history.csv")) as f:
        rows = list(csv.DictReader(f))
    ns = statistics.median(float(r["seconds"]) for r in rows)
    with open(os.path.join(out, f"ns-{threads}.log")) as f:
        ns_acc = next((l.split()[2] for l in f if l.startswith("test accuracy")), "?")
    with open(os.path.join(out, f"torch-{threads}.log")) as f:
        line = next(l for l in f if l.startswith("csv,train"))
    _, _, _, _, pt, pt_acc = line.strip().split(",")
    print(f"{threads:>7} {ns:>14.2f} {float(pt):>10.2f} {ns / float(pt):>6.2f} {ns_acc:>7} {float(pt_acc) * 100:>6.2f}%")
PY
