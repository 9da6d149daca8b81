#!/usr/bin/env python3
"""Peer pipelines for `make bench`: the same extraction and counts renkei's ingestion does,
written the way a Python shop would, with python-calamine or with pandas + openpyxl.

For each returned workbook: find the `_renkei` meta sheet (form id, 団体コード, and the columns
that hold anchor keys and answers), read every answer by its anchor key in the id column,
normalise it (NFKC, trimmed; ○-variants as chosen; digits), and count answers per
(form, question, option). Prints one JSON line: files, responses, counted answers, seconds.

usage: pipeline.py {calamine|openpyxl} INBOX
"""
import json
import os
import sys
import time
import unicodedata
import zipfile
from collections import Counter

CHOSEN = {"○", "◯", "〇", "●", "✓", "✔", "1", "はい", "有", "あり"}


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


def rows_calamine(path):
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(path)
    for name in wb.sheet_names:
        yield name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def rows_openpyxl(path):
    import pandas as pd
    frames = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl", dtype=object)
    for name, df in frames.items():
        yield name, df.where(df.notna(), None).values.tolist()


def workbook_files(inbox):
    for root, _dirs, files in os.walk(inbox):
        for f in sorted(files):
            if f.startswith("~$") or not f.lower().endswith((".xlsx", ".xlsm")):
                continue
            yield os.path.join(root, f)


def extract(path, reader):
    sheets = dict(reader(path))
    meta = next((rows for name, rows in sheets.items()
                 if rows and rows[0] and norm(rows[0][0]) == "renkei:meta"), None)
    if meta is None:
        return None
    kv = {norm(r[0]): norm(r[1]) for r in meta[1:] if len(r) > 1 and r[0] is not None}
    id_col, ans_col = col_index(kv.get("id_column", "A")), col_index(kv.get("answer_column", "D"))
    answers = {}
    for name, rows in sheets.items():
        if rows is meta:
            continue
        for r in rows:
            if len(r) > max(id_col, ans_col) and r[id_col] is not None:
                key, value = norm(r[id_col]), norm(r[ans_col])
                if key and value:
                    answers[key] = value
    return kv.get("form_id"), kv.get("code"), answers


def main():
    engine, inbox = sys.argv[1], sys.argv[2]
    reader = rows_calamine if engine == "calamine" else rows_openpyxl
    t0 = time.perf_counter()
    counts, files, responses = Counter(), 0, 0
    for path in workbook_files(inbox):
        files += 1
        try:
            got = extract(path, reader)
        except (zipfile.BadZipFile, Exception):  # a peer pipeline also must survive bad files
            continue
        if got is None:
            continue
        form, _code, answers = got
        responses += 1
        for key, value in answers.items():
            if "#" in key:
                if value in CHOSEN:
                    counts[(form, key)] += 1
            else:
                counts[(form, key, value)] += 1
    dt = time.perf_counter() - t0
    print(json.dumps({"engine": engine, "files": files, "responses": responses,
                      "answers": sum(counts.values()), "seconds": round(dt, 4)}))


if __name__ == "__main__":
    main()
