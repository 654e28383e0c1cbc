#!/usr/bin/env bash
# Issue 16's table, NeuralSharp beside PyTorch in the same run, for each SIMD path the library can take on this CPU:
# the GEMM suite (BenchmarkDotNet's PeakFlops and Gemm benchmarks against bench/pytorch/gemm.py), the default MLP's
# training epoch at 1 and 2 threads (`neuralsharp train` against bench/pytorch/mnist_mlp.py --net relu), the course
# network's epoch (784-30-10 sigmoid, quadratic cost, SGD batch 10; --net course), and the MLP's inference at batch 1
# and 1000 (the mlp-inference console mode against bench/pytorch/mlp_inference.py). Prints one table per path.
#
# Usage: bench/run-cpu-comparison.sh [native|avx2|both, default both] [epochs, default 3]
#   native  whatever the CPU offers (AVX-512 where it has it)
#   avx2    the Vector256 path, with AVX-512 turned off for the .NET processes (DOTNET_EnableAVX512=0; .NET 10 ignores
#           DOTNET_EnableAVX512F); PyTorch keeps its own kernels
#   GEMM_ONLY=1 / SKIP_GEMM=1 run only / skip the GEMM suite (about 2 minutes per path).
# Needs MNIST in the cache (run `neuralsharp train` once). Takes about 6 minutes per path on a 2-core machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
paths="${1:-both}"
epochs="${2:-3}"
[ "$paths" = both ] && paths="native avx2"
out="$root/BenchmarkDotNet.Artifacts/cpu-comparison/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
"$root/bench/machine-info.sh" "$root" | tee "$out/machine.txt"
if ! /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then
    "$root/bench/pytorch/install.sh"
fi

dotnet build -c Release "$root/src/NeuralSharp.Cli" -v quiet -nologo | tail -1
dotnet build -c Release "$root/bench/NeuralSharp.Benchmarks" -v quiet -nologo | tail -1
cli="$root/src/NeuralSharp.Cli/bin/Release/net10.0/NeuralSharp.Cli"
bench="$root/bench/NeuralSharp.Benchmarks/bin/Release/net10.0/NeuralSharp.Benchmarks"
torch() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$@"; }

for path in $paths; do
    case "$path" in
        native) simd=() ;;
        avx2) simd=(DOTNET_EnableAVX512=0) ;;
        *) echo "unknown path '$path' (native, avx2 or both)" >&2; exit 2 ;;
    esac
    dir="$out/$path"
    mkdir -p "$dir"
    echo "===== $path path ($(date -u +%H:%M:%S), $(uptime | sed 's/.*load/load/'))"

    if [ -z "${SKIP_GEMM:-}" ]; then
        echo "== GEMM: NeuralSharp (BenchmarkDotNet) =="
        env "${simd[@]}" dotnet run -c Release --no-build --project "$root/bench/NeuralSharp.Benchmarks" -- \
            --filter '*PeakFlopsBenchmarks*' '*GemmBenchmarks*' --exporters json --artifacts "$dir/gemm" 2>&1 \
            | tee "$dir/gemm.log" | grep -E '^\| (Gemm|Peak|Fma)|GFLOP' || true
        echo "== GEMM: PyTorch =="
        torch "$root/bench/pytorch/gemm.py" 2>&1 | tee "$dir/gemm-torch.log" | grep -E "^csv|GFLOP" || true
    fi
    [ -n "${GEMM_ONLY:-}" ] && continue

    for threads in 1 2; do
        echo "== MLP epoch, $threads threads =="
        env "${simd[@]}" "$cli" train --epochs "$epochs" --threads "$threads" --quiet --out "$dir/mlp-$threads" | tail -1
        torch "$root/bench/pytorch/mnist_mlp.py" --net relu --epochs "$epochs" --threads "$threads" 2>&1 | tee "$dir/mlp-torch-$threads.log" | tail -1
    done
    echo "== course network epoch, 1 thread =="
    env "${simd[@]}" "$cli" train --layers 784,30,10 --activation sigmoid --loss mse --optimizer sgd --lr 3.0 --batch 10 \
        --epochs "$epochs" --threads 1 --quiet --out "$dir/course-1" | tail -1
    torch "$root/bench/pytorch/mnist_mlp.py" --net course --epochs "$epochs" --threads 1 2>&1 | tee "$dir/course-torch-1.log" | tail -1
    echo "== MLP inference =="
    env "${simd[@]}" "$bench" mlp-inference 1 2 | tee "$dir/inference.log"
    torch "$root/bench/pytorch/mlp_inference.py" --threads 1 2 | tee "$dir/inference-torch.log"
done
echo "uptime after: $(uptime)" | tee -a "$out/machine.txt"

/usr/bin/python3 - "$out" $paths <<'PY' | tee "$out/comparison.txt"
import csv, glob, json, os, re, statistics, sys

out, paths = sys.argv[1], sys.argv[2:]

def ns_epoch(d):
    with open(os.path.join(d, "history.csv")) as f:
        return statistics.median(float(r["seconds"]) for r in csv.DictReader(f))

def torch_epoch(log):
    # mnist_mlp.py prints one row per epoch: epoch, train loss, test acc, train s, eval s
    times = []
    with open(log) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 5 and parts[0].isdigit() and parts[2].endswith("%"):
                times.append(float(parts[3]))
    return statistics.median(times)

def inference(log):
    rows = {}
    with open(log) as f:
        for line in f:
            if line.startswith("csv,mlp-inference,"):
                _, _, threads, latency, throughput = line.strip().split(",")
                rows[int(threads)] = (float(latency), float(throughput))
    return rows

def gemm(d):
    ns, peak = {}, {}
    for path in glob.glob(os.path.join(d, "gemm", "results", "*.json")):
        with open(path) as f:
            for b in json.load(f)["Benchmarks"]:
                seconds = b["Statistics"]["Median"] / 1e9
                shape = re.search(r"Shape=(\d+)x(\d+)x(\d+)", b["Parameters"])
                if shape:
                    m, k, n = (int(v) for v in shape.groups())
                    threads = int(re.search(r"Threads=(\d+)", b["Parameters"]).group(1))
                    ns[(m, k, n, threads)] = 2 * m * k * n / seconds / 1e9
                else:
                    # PeakFlops: OperationsPerInvoke FLOPs per invocation, so the median is seconds per FLOP
                    peak[b["Method"]] = 1 / seconds / 1e9
    torch = {}
    log = os.path.join(d, "gemm-torch.log")
    if os.path.exists(log):
        with open(log) as f:
            for line in f:
                fields = line.split()
                if len(fields) == 7 and all(v.isdigit() for v in fields[:4]):
                    torch[tuple(int(v) for v in fields[:4])] = float(fields[4])
    return ns, torch, peak

for path in paths:
    d = os.path.join(out, path)
    print(f"\n## {path} path: NeuralSharp / PyTorch (< 1 means NeuralSharp takes less time)")
    ns, torch, peak = gemm(d)
    if ns:
        one = peak.get("OneThread")
        print("peak FMA GFLOP/s: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(peak.items())))
        print(f"{'GEMM M x K x N, threads':<28} {'NS GFLOP/s':>10} {'% of peak':>9} {'PT GFLOP/s':>10} {'NS/PT time':>10}")
        for key in sorted(ns, key=lambda k: (k[3], -k[0] * k[1] * k[2])):
            pt = torch.get(key)
            ratio = f"{pt / ns[key]:.2f}" if pt else "?"
            share = f"{100 * ns[key] / (one * key[3]):.0f}%" if one else "?"
            print(f"{'%d x %d x %d, %d' % key:<28} {ns[key]:>10.1f} {share:>9} {pt or float('nan'):>10.1f} {ratio:>10}")
    if not os.path.exists(os.path.join(d, "inference.log")):
        continue
    print(f"{'workload':<40} {'NeuralSharp':>12} {'PyTorch':>12} {'ratio':>6}")
    for threads in (1, 2):
        a, b = ns_epoch(os.path.join(d, f"mlp-{threads}")), torch_epoch(os.path.join(d, f"mlp-torch-{threads}.log"))
        print(f"{'MLP epoch, %d thread(s), s' % threads:<40} {a:>12.2f} {b:>12.2f} {a / b:>6.2f}")
    a, b = ns_epoch(os.path.join(d, "course-1")), torch_epoch(os.path.join(d, "course-torch-1.log"))
    print(f"{'course network epoch, 1 thread, s':<40} {a:>12.2f} {b:>12.2f} {a / b:>6.2f}")
    ni, ti = inference(os.path.join(d, "inference.log")), inference(os.path.join(d, "inference-torch.log"))
    for threads in (1, 2):
        print(f"{'batch-1 latency, %d thread(s), us' % threads:<40} {ni[threads][0]:>12.1f} {ti[threads][0]:>12.1f} {ni[threads][0] / ti[threads][0]:>6.2f}")
    for threads in (1, 2):
        print(f"{'batch-1000, %d thread(s), images/s' % threads:<40} {ni[threads][1]:>12,.0f} {ti[threads][1]:>12,.0f} {ti[threads][1] / ni[threads][1]:>6.2f}")
PY
echo "Results in $out"
