#!/usr/bin/env bash
# The playground in a real browser: installs Debian's chromium and chromedriver if missing (needs root; pass
# --no-install to refuse), publishes src/NeuralSharp.Playground as a user would, and runs tests/NeuralSharp.BrowserTests
# against it, served on 127.0.0.1. Screenshots and measurements land in tests/browser/out (or $NEURALSHARP_BROWSER_ARTIFACTS).
#
# Usage: tests/browser/run.sh [--no-install]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
install=1
for a in "$@"; do
    case "$a" in
        --no-install) install=0 ;;
        *) echo "usage: $0 [--no-install]" >&2; exit 2 ;;
    esac
done

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$install" = 1 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "browser tests: chromium and chromium-driver are not installed (run without --no-install, as root)" >&2
        exit 1
    fi
fi

published="$(mktemp -d)"
trap 'rm -rf "$published"' EXIT
dotnet publish "$root/src/NeuralSharp.Playground" -c Release -o "$published" --nologo -v quiet
echo "playground: $(du -sh "$published/wwwroot" | cut -f1) published, $(find "$published/wwwroot/_framework" -name '*.br' -exec cat {} + | wc -c | awk '{ printf "%.1f MB", $1 / 1e6 }') of Brotli-compressed framework files"

export NEURALSHARP_PLAYGROUND="$published"
export NEURALSHARP_BROWSER_ARTIFACTS="${NEURALSHARP_BROWSER_ARTIFACTS:-$root/tests/browser/out}"
mkdir -p "$NEURALSHARP_BROWSER_ARTIFACTS"
dotnet test "$root/tests/NeuralSharp.BrowserTests" -c Release -p:RunBrowserTests=true --nologo
echo "browser tests: screenshots and measurements in $NEURALSHARP_BROWSER_ARTIFACTS"
