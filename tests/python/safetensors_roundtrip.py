#!/usr/bin/env python3
"""Independent safetensors reader/writer used to cross-check NeuralSharp's files.

Usage: safetensors_roundtrip.py INPUT OUTPUT [--mode auto|plain|torch]

Reads INPUT with its own parser (struct + json, nothing from NeuralSharp), checks the layout rules,
then writes OUTPUT with every F32/F64 value doubled, every I32/I64 value plus one, other dtypes copied
unchanged, and "roundtrip" added to the metadata. The transformation proves the values were really
decoded. OUTPUT deliberately differs from the reference writer's layout: no header padding, tensors
listed in reverse name order, metadata last and non-ASCII escaped as \\uXXXX.

In torch mode the values are decoded into torch tensors and transformed with torch; "auto" uses
torch when it can be imported. The `safetensors` pip package is not needed.
Prints one summary line; exits non-zero with a message on any problem.
"""

import argparse
import json
import struct
import sys

STRUCT_CODES = {"F32": "f", "F64": "d", "I32": "i", "I64": "q"}
SIZES = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "F8_E8M0": 1, "I16": 2, "U16": 2,
         "F16": 2, "BF16": 2, "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8}
MAX_HEADER = 100_000_000


def fail(message):
    sys.exit(f"safetensors_roundtrip: {message}")


def read_file(path):
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        fail("file shorter than 8 bytes")
    (n,) = struct.unpack("<Q", blob[:8])
    if n > MAX_HEADER or 8 + n > len(blob):
        fail(f"bad header length {n}")
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    metadata = header.pop("__metadata__", None) or {}
    tensors = {}
    position = 0
    for name, info in sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"])):
        begin, end = info["data_offsets"]
        count = 1
        for dim in info["shape"]:
            count *= dim
        if begin != position or end - begin != count * SIZES[info["dtype"]]:
            fail(f"tensor {name!r} has inconsistent offsets {begin}, {end}")
        position = end
        tensors[name] = (info["dtype"], list(info["shape"]), data[begin:end])
    if position != len(data):
        fail(f"data buffer has {len(data)} bytes but tensors cover {position}")
    return metadata, tensors


def transform_plain(dtype, shape, raw):
    code = STRUCT_CODES.get(dtype)
    if code is None:
        return raw
    count = len(raw) // SIZES[dtype]
    values = struct.unpack(f"<{count}{code}", raw)
    values = [v * 2 for v in values] if dtype in ("F32", "F64") else [v + 1 for v in values]
    return struct.pack(f"<{count}{code}", *values)


def transform_torch(torch, dtype, shape, raw):
    kinds = {"F32": torch.float32, "F64": torch.float64, "I32": torch.int32, "I64": torch.int64}
    if dtype not in kinds:
        return raw
    # torch.frombuffer refuses empty buffers, and it reads native byte order (checked in main).
    if len(raw) == 0:
        tensor = torch.empty(shape, dtype=kinds[dtype])
    else:
        tensor = torch.frombuffer(bytearray(raw), dtype=kinds[dtype]).reshape(shape)
    tensor = tensor * 2 if dtype in ("F32", "F64") else tensor + 1
    if tuple(tensor.shape) != tuple(shape):
        fail(f"torch changed the shape of a {dtype} tensor")
    flat = tensor.contiguous().reshape(-1).view(torch.uint8)
    return bytes(flat.tolist())


def write_file(path, metadata, tensors):
    header = {}
    chunks = []
    offset = 0
    for name in sorted(tensors, reverse=True):
        dtype, shape, raw = tensors[name]
        header[name] = {"data_offsets": [offset, offset + len(raw)], "shape": shape, "dtype": dtype}
        chunks.append(raw)
        offset += len(raw)
    header["__metadata__"] = metadata
    encoded = json.dumps(header, ensure_ascii=True).encode("ascii")
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for chunk in chunks:
            f.write(chunk)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--mode", choices=["auto", "plain", "torch"], default="auto")
    args = parser.parse_args()

    torch = None
    if args.mode in ("auto", "torch"):
        try:
            import torch  # noqa: F811
        except ImportError:
            if args.mode == "torch":
                fail("torch mode requested but torch cannot be imported")
        if torch is not None and sys.byteorder != "little":
            fail("torch mode needs a little-endian host")

    metadata, tensors = read_file(args.input)
    out = {}
    for name, (dtype, shape, raw) in tensors.items():
        if torch is not None:
            out[name] = (dtype, shape, transform_torch(torch, dtype, shape, raw))
        else:
            out[name] = (dtype, shape, transform_plain(dtype, shape, raw))
    metadata = dict(metadata)
    metadata["roundtrip"] = "torch " + torch.__version__ if torch is not None else "plain"
    write_file(args.output, metadata, out)
    print(f"read {len(tensors)} tensors and {len(metadata) - 1} metadata entries; wrote {args.output} ({metadata['roundtrip']})")


if __name__ == "__main__":
    main()
