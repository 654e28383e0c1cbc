#!/usr/bin/env bash
# Installs Debian's PyTorch and the OpenMP build of OpenBLAS for bench/pytorch/gemm.py.
# Debian's python3 (/usr/bin/python3) is used on purpose: the pyenv python on PATH cannot see
# the apt-installed torch module.
set -euo pipefail

PY=/usr/bin/python3
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
if ! "$PY" -c "import torch" >/dev/null 2>&1; then missing+=(python3-torch); fi
if ! dpkg -s libopenblas0-openmp >/dev/null 2>&1; then missing+=(libopenblas0-openmp); fi

if [ "${#missing[@]}" -eq 0 ]; then
    echo "python3-torch and libopenblas0-openmp are already installed."
else
    # The package lists may be empty in fresh containers; refresh them only when something is missing.
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
fi

"$PY" -c "import torch; print('torch', torch.__version__)"
# Debian selects the BLAS through the alternatives system; show which libblas.so.3 torch will load.
update-alternatives --display "libblas.so.3-$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)" 2>/dev/null | head -n 3 || true
