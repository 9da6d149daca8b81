#!/usr/bin/env python3
"""The floor under writing a run's workbooks byte for byte (`make bench`).

Every part of every .xlsx in a published run folder is deflated again with zlib exactly as
libxlsxwriter's minizip does (level 6, raw deflate, memLevel 8). Each result must equal the
bytes the run stored for that part, or the figure would not be a floor of these outputs: then
this exits 1 and names the part. Prints one JSON line: the CPU and wall seconds of the deflating
alone (reading and inflating the parts is not counted), parts, and uncompressed bytes.

usage: deflate_floor.py RUN_FOLDER
"""
import json
import os
import struct
import sys
import time
import zipfile
import zlib


def stored_bytes(data, info):
    """A part's compressed bytes as they sit in the file, after its local header."""
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    return data[start:start + info.compress_size]


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        raise SystemExit(__doc__)
    folder = sys.argv[1]
    parts = []
    for root, _, files in os.walk(folder):
        for f in sorted(files):
            if not f.endswith(".xlsx"):
                continue
            path = os.path.join(root, f)
            with open(path, "rb") as fh:
                data = fh.read()
            with zipfile.ZipFile(path) as z:
                for info in z.infolist():
                    if info.compress_type == zipfile.ZIP_DEFLATED:
                        parts.append((f"{os.path.relpath(path, folder)}:{info.filename}", z.read(info), stored_bytes(data, info)))
    if not parts:
        raise SystemExit(f"no deflated workbook parts under {folder}")
    cpu0, wall0 = time.process_time(), time.perf_counter()
    out = []
    for _, xml, _ in parts:
        c = zlib_compressor()
        out.append(c.compress(xml) + c.flush())
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    for (name, _, stored), mine in zip(parts, out):
        if mine != stored:
            print(f"{name}: zlib level 6 does not reproduce the stored bytes; this is no floor of these outputs", file=sys.stderr)
            sys.exit(1)
    print(json.dumps({"cpu": cpu, "wall": wall, "parts": len(parts), "bytes": sum(len(x) for _, x, _ in parts)}))


def zlib_compressor():
    return zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS, 8, zlib.Z_DEFAULT_STRATEGY)


if __name__ == "__main__":
    main()
