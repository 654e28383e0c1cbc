#!/usr/bin/env python3
"""Independent reader of TensorBoard event files, used to cross-check NeuralSharp's writer.

Usage: read_tfevents.py EVENT_FILE --protoc PROTOC --proto-root DIR [--mode auto|generated|descriptor-set]

Checks the TFRecord framing with its own CRC-32C (nothing from NeuralSharp): each record's uint64
length, the masked CRC of those 8 bytes, the payload and the masked CRC of the payload. Each payload
is parsed as tensorboard.Event with google.protobuf (Debian's python3-protobuf), from the .proto files
under DIR compiled by PROTOC into a temporary folder. "generated" imports the Python modules that
protoc writes with --python_out; they need a protobuf runtime as new as protoc, which Debian's may
not be, so "descriptor-set" builds the message classes at run time from the FileDescriptorSet that
protoc writes with --descriptor_set_out, which works with any runtime; "auto" tries the first and
falls back to the second.

Prints one JSON object: the decoder used, the record count and every event with its values.
Exits non-zero with a message on a damaged file.
"""

import argparse
import hashlib
import importlib
import json
import os
import struct
import subprocess
import sys
import tempfile


def fail(message):
    sys.exit(f"read_tfevents: {message}")


def make_table():
    # Reflected CRC-32C (Castagnoli), polynomial 0x82F63B78.
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


TABLE = make_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def records(data):
    pos = 0
    index = 0
    while pos < len(data):
        if len(data) - pos < 12:
            fail(f"record {index} at byte {pos}: truncated header ({len(data) - pos} of 12 bytes)")
        header = data[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[pos + 8:pos + 12])
        if masked(crc32c(header)) != length_crc:
            fail(f"record {index} at byte {pos}: the length's CRC does not match")
        start = pos + 12
        end = start + length
        if end + 4 > len(data):
            fail(f"record {index} at byte {pos}: truncated (claims {length} bytes, {max(0, len(data) - start - 4)} follow)")
        payload = data[start:end]
        (payload_crc,) = struct.unpack("<I", data[end:end + 4])
        if masked(crc32c(payload)) != payload_crc:
            fail(f"record {index} at byte {pos}: the payload's CRC does not match")
        yield payload
        pos = end + 4
        index += 1


def compile_protos(protoc, proto_root, out_dir):
    protos = sorted(
        os.path.relpath(os.path.join(d, f), proto_root)
        for d, _, files in os.walk(proto_root) for f in files if f.endswith(".proto"))
    if not protos:
        fail(f"no .proto files under {proto_root}")
    descriptor_set = os.path.join(out_dir, "protos.pb")
    subprocess.run([protoc, f"-I{proto_root}", f"--python_out={out_dir}", f"--descriptor_set_out={descriptor_set}",
                    "--include_imports", *protos], check=True)
    # Regular packages, so that an installed tensorboard package cannot shadow these modules.
    for d, _, _ in os.walk(out_dir):
        open(os.path.join(d, "__init__.py"), "a").close()
    return descriptor_set


def generated_event_class(out_dir):
    sys.path.insert(0, out_dir)
    module = importlib.import_module("tensorboard.compat.proto.event_pb2")
    return module.Event


def descriptor_set_event_class(descriptor_set):
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    with open(descriptor_set, "rb") as f:
        files = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:
        pool.Add(file)
    descriptor = pool.FindMessageTypeByName("tensorboard.Event")
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def describe_value(value):
    kind = value.WhichOneof("value")
    item = {"tag": value.tag, "kind": kind}
    if kind == "simple_value":
        item["value"] = value.simple_value
    elif kind == "histo":
        h = value.histo
        item.update(min=h.min, max=h.max, num=h.num, sum=h.sum, sum_squares=h.sum_squares,
                    bucket_limit=list(h.bucket_limit), bucket=list(h.bucket))
    elif kind == "image":
        image = value.image
        data = image.encoded_image_string
        item.update(width=image.width, height=image.height, colorspace=image.colorspace, length=len(data),
                    sha256=hashlib.sha256(data).hexdigest(), png=data[:8] == b"\x89PNG\r\n\x1a\n")
    return item


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--protoc", required=True)
    parser.add_argument("--proto-root", required=True)
    parser.add_argument("--mode", choices=["auto", "generated", "descriptor-set"], default="auto")
    args = parser.parse_args()

    with open(args.path, "rb") as f:
        data = f.read()
    payloads = list(records(data))

    with tempfile.TemporaryDirectory(prefix="read-tfevents-") as out_dir:
        descriptor_set = compile_protos(args.protoc, args.proto_root, out_dir)
        decoder = args.mode
        event_class = None
        generated_error = None
        if args.mode in ("auto", "generated"):
            try:
                event_class = generated_event_class(out_dir)
                decoder = "generated"
            except Exception as e:  # an older runtime refuses newer generated code in several ways
                if args.mode == "generated":
                    fail(f"the generated modules do not load: {e!r}")
                generated_error = repr(e)
        if event_class is None:
            event_class = descriptor_set_event_class(descriptor_set)
            decoder = "descriptor-set"

        events = []
        for index, payload in enumerate(payloads):
            event = event_class()
            try:
                event.ParseFromString(payload)
            except Exception as e:
                fail(f"record {index}: not a tensorboard.Event: {e}")
            what = event.WhichOneof("what")
            item = {"wall_time": event.wall_time, "step": event.step, "what": what}
            if what == "file_version":
                item["file_version"] = event.file_version
            elif what == "summary":
                item["values"] = [describe_value(v) for v in event.summary.value]
            events.append(item)

    from google.protobuf import __version__ as runtime
    print(json.dumps({"decoder": decoder, "generated_error": generated_error, "protobuf": runtime,
                      "records": len(payloads), "events": events}))


if __name__ == "__main__":
    main()
