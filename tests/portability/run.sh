#!/usr/bin/env bash
# Runs the kernel tests (tests/NeuralSharp.PortabilityTests: the backend conformance, GEMM,
# element-wise, reduction, matmul, convolution and pooling tests) on every code path a user's CPU
# may take: natively with AVX-512, with AVX-512 off (the AVX2 path), with AVX2 off (Vector128) and
# with all SIMD off (scalar), then published for linux-arm64 and run under qemu's user-mode
# emulation (the Vector128/AdvSimd path that Apple Silicon, Graviton and Raspberry Pi run).
#
# Usage: tests/portability/run.sh [--no-arm64] [--install]
#   --install   apt-get the emulator and the arm64 C libraries if missing (needs root)
#   --no-arm64  only the x64 paths
# .NET 10 reads DOTNET_EnableAVX512=0 (not DOTNET_EnableAVX512F, which it ignores) to turn AVX-512 off.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="$root/tests/NeuralSharp.PortabilityTests"
arm64=1 install=0
for a in "$@"; do
    case "$a" in
        --no-arm64) arm64=0 ;;
        --install) install=1 ;;
        *) echo "usage: $0 [--no-arm64] [--install]" >&2; exit 2 ;;
    esac
done

dotnet build "$project" -c Release --nologo -v quiet
dll="$project/bin/Release/net10.0/NeuralSharp.PortabilityTests.dll"
status=0
for setting in "" DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0 DOTNET_EnableHWIntrinsic=0; do
    echo "== x64 ${setting:-(all SIMD the CPU has)}"
    env ${setting:+"$setting"} dotnet "$dll" || status=1
done

if [ "$arm64" = 1 ]; then
    if ! command -v qemu-aarch64-static >/dev/null || [ ! -d /usr/aarch64-linux-gnu/lib ]; then
        if [ "$install" = 1 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross >/dev/null
        else
            echo "arm64: qemu-user-static, libc6-arm64-cross and libstdc++6-arm64-cross are not installed (pass --install)" >&2
            exit 1
        fi
    fi

    out="$(mktemp -d)"
    trap 'rm -rf "$out"' EXIT
    dotnet publish "$project" -c Release -r linux-arm64 --self-contained --nologo -v quiet -o "$out"
    echo "== arm64 under qemu"
    (cd "$out" && DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_EnableWriteXorExecute=0 \
        qemu-aarch64-static -L /usr/aarch64-linux-gnu ./NeuralSharp.PortabilityTests) || status=1
fi

exit "$status"
