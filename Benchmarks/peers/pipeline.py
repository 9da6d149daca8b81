#!/usr/bin/env python3
"""Peer pipelines for `make bench`: the same extraction and counts renkei's ingestion does,
written the way a Python shop would, with python-calamine or with pandas + openpyxl.

For each returned workbook (and each workbook inside a zip bundle, as renkei opens bundles):
find the `_renkei` meta sheet by its marker `renkei:meta` in A1 (it may have been renamed), read
form id, 団体コード and the columns that hold anchor keys (id_column, A) and answers
(answer_column, D); read every answer by its anchor key in the id column, normalise it (NFKC,
trimmed; ○-variants as chosen; digits), and count answers per (form, question, option). Prints
one JSON line: files, workbooks, responses, counted answers, seconds.

usage: pipeline.py {calamine|openpyxl} INBOX [--jobs N]
"""
import argparse
import io
import json
import os
import sys
import time
import unicodedata
import zipfile
from collections import Counter

# The marks renkei reads as "chosen" (Ingest/Normalize.swift, chosenMarks).
CHOSEN = {"○", "◯", "〇", "●", "◎", "✓", "✔", "☑", "☒", "レ", "v", "V", "1", "はい", "有", "有り", "あり", "済"}
WORKBOOK = (".xlsx", ".xlsm")


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch.upper()) - 64)
    return n - 1


def norm(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(unicodedata.normalize("NFKC", str(v)).split())


def rows_calamine(source):
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_object(source)
    for name in wb.sheet_names:  # hidden sheets included
        yield name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def rows_openpyxl(source):
    import pandas as pd
    frames = pd.read_excel(source, sheet_name=None, header=None, engine="openpyxl", dtype=object)
    for name, df in frames.items():
        yield name, df.where(df.notna(), None).values.tolist()


def inbox_files(inbox):
    for root, dirs, files in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if d != "__MACOSX")
        for f in sorted(files):
            if f.startswith("~$") or f.startswith("._"):
                continue
            if f.lower().endswith(WORKBOOK + (".zip",)):
                yield os.path.join(root, f)


def is_zip(head):
    # Sniff like renkei does: an .xlsx-named OLE2 file (password-protected, or a renamed .xls)
    # sends python-calamine 0.9 into its .xls reader, which on encrypted files allocates until
    # the machine runs out of memory (seen on the simulated nation); openpyxl just raises.
    return head[:4] == b"PK\x03\x04"


def sources(path):
    """The workbooks of one inbox file: itself, or the members of a zip bundle (one level deep)."""
    with open(path, "rb") as f:
        if not is_zip(f.read(4)):
            return
    if path.lower().endswith(WORKBOOK):
        yield path
        return
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or base.startswith("~$") or "__MACOSX" in info.filename:
                continue
            if base.lower().endswith(WORKBOOK):
                data = z.read(info)
                if is_zip(data[:4]):
                    yield io.BytesIO(data)


def find_meta(sheets):
    for name, rows in sheets.items():
        if rows and rows[0] and norm(rows[0][0]) == "renkei:meta":
            return name, rows
    return None, None


def extract(source, reader):
    sheets = dict(reader(source))
    meta_name, meta = find_meta(sheets)
    if meta is None:
        return None
    kv = {norm(r[0]): norm(r[1]) for r in meta[1:] if len(r) > 1 and r[0] is not None}
    id_col = col_index(kv.get("id_column") or "A")
    ans_col = col_index(kv.get("answer_column") or "D")
    answers = {}
    for name, rows in sheets.items():
        if name == meta_name:
            continue
        for r in rows:
            if len(r) > max(id_col, ans_col) and r[id_col] is not None:
                key, value = norm(r[id_col]), norm(r[ans_col])
                if key and value:
                    answers[key] = value
    return kv.get("form_id"), kv.get("code"), answers


def limit_memory():
    # A peer must not take the machine down with it on a hostile file: 4 GiB of address space
    # per worker is far above what a survey form needs (an exceeded limit is a skipped file).
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def process(args):
    """One inbox file → [(form, answers)] for its workbooks; a bad file or member is skipped."""
    path, engine = args
    reader = rows_calamine if engine == "calamine" else rows_openpyxl
    out, workbooks = [], 0
    try:
        for src in sources(path):
            workbooks += 1
            try:
                got = extract(src, reader)
            except Exception:  # a peer pipeline also must survive bad files
                continue
            if got is not None:
                out.append((got[0], got[2]))
    except Exception:
        pass
    return workbooks, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("engine", choices=["calamine", "openpyxl"])
    ap.add_argument("inbox")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    a = ap.parse_args()
    t0 = time.perf_counter()
    paths = list(inbox_files(a.inbox))
    work = [(p, a.engine) for p in paths]
    if a.jobs > 1:
        import multiprocessing
        with multiprocessing.Pool(a.jobs, initializer=limit_memory) as pool:
            results = list(pool.imap_unordered(process, work, chunksize=16))
    else:
        limit_memory()
        results = [process(w) for w in work]
    counts, workbooks, responses = Counter(), 0, 0
    for n, forms in results:
        workbooks += n
        for form, answers in forms:
            responses += 1
            for key, value in answers.items():
                if "#" in key:
                    if value in CHOSEN:
                        counts[(form, key)] += 1
                else:
                    counts[(form, key, value)] += 1
    dt = time.perf_counter() - t0
    print(json.dumps({"engine": a.engine, "jobs": a.jobs, "files": len(paths), "workbooks": workbooks,
                      "responses": responses, "answers": sum(counts.values()), "seconds": round(dt, 4)}))


if __name__ == "__main__":
    sys.exit(main())
