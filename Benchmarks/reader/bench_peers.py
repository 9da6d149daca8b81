#!/usr/bin/env python3
"""Reads the benchmark forms with python-calamine and openpyxl (every cell of every
sheet, files preloaded into memory like ReaderBench does) and prints files/s, plus the
ratio against renkei's figure when given.

usage: bench_peers.py DIR [ROUNDS] [RENKEI_FILES_PER_S]
"""
import io
import os
import sys
import time

import openpyxl
from python_calamine import CalamineWorkbook


def calamine_read(data: bytes) -> int:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    n = 0
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
            n += len(row)
    return n


def openpyxl_read(data: bytes) -> int:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += len(row)
    wb.close()
    return n


def bench(name, fn, files, rounds):
    start = time.perf_counter()
    for _ in range(rounds):
        for data in files:
            fn(data)
    rate = len(files) * rounds / (time.perf_counter() - start)
    print(f"{name}: {rate:.1f} files/s ({1000 / rate:.3f} ms/file)")
    return rate


def main() -> None:
    folder = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    renkei = float(sys.argv[3]) if len(sys.argv) > 3 else None
    files = [open(os.path.join(folder, f), "rb").read() for f in sorted(os.listdir(folder)) if f.endswith(".xlsx")]
    cal = bench("python-calamine", calamine_read, files, rounds)
    opx = bench("openpyxl (read_only)", openpyxl_read, files, max(1, rounds // 3))
    if renkei:
        print(f"ratio renkei/python-calamine: {renkei / cal:.1f}x")
        print(f"ratio renkei/openpyxl: {renkei / opx:.1f}x")


if __name__ == "__main__":
    main()
