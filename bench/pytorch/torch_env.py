"""What the PyTorch comparison scripts print about the library doing the work, so a report can name
the BLAS build and kernel (a torch falling back to the reference BLAS is ~30 times slower)."""

import os
import sys

import torch


def describe(full_config=False):
    print("torch", torch.__version__, "python", sys.version.split()[0], sys.executable)
    if full_config:
        print(torch.__config__.show())
        print("parallel info:")
        print(torch.__config__.parallel_info())
    else:
        blas = [line.strip() for line in torch.__config__.show().splitlines() if "BLAS" in line or "LAPACK" in line]
        print("build:", *blas, sep="\n  ")
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        print(f"{var}={os.environ.get(var, '(unset)')}")
    # The shared libraries actually mapped show which BLAS build serves the matrix products.
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps
                       if any(word in line.lower() for word in ("blas", "lapack", "mkl", "dnnl", "gomp", "omp"))})
    print("BLAS/OpenMP libraries mapped:", *libs, sep="\n  ")
    try:
        import ctypes

        for lib in libs:
            if "openblas" in lib or "libblas" in lib:
                handle = ctypes.CDLL(lib)
                if hasattr(handle, "openblas_get_config"):
                    handle.openblas_get_config.restype = ctypes.c_char_p
                    handle.openblas_get_corename.restype = ctypes.c_char_p
                    print("openblas_get_config:", handle.openblas_get_config().decode())
                    print("openblas_get_corename (kernel):", handle.openblas_get_corename().decode())
                    break
    except OSError as error:
        print("could not query OpenBLAS:", error)
    print("mkldnn (oneDNN) available:", torch.backends.mkldnn.is_available())
