#!/usr/bin/env python3
"""Fills a returned 疑義照会票 the way a prefecture would and saves it with openpyxl, a producer
other than libxlsxwriter (so the reply reader is tested on someone else's XML).

usage: fill_query_reply.py SPEC.json

SPEC = {"query": "in.xlsx", "out": "out.xlsx",
        "rows": [{"row": 5, "action": "修正する", "value": "設定している", "by": "島根 花子", "on": "2026-11-30"}],
        "resave": [["form.xlsx", "form_再送.xlsx"]],   # forms resubmitted by their respondent (new bytes, newer time)
        "sort": "all" | "visible",                     # after filling: rows reversed as a ▼ sort does (all columns
                                                       # of the table), or only the visible columns (keys left behind)
        "foreign": [{"query": "other.xlsx", "row": 5, "action": "修正する", "value": "1"}],  # rows copied in from another workbook
        "added": [{"action": "修正する", "value": "1", "code": "322016"}]}                   # rows typed in by hand
Rows are 1-based, as Excel shows them. Reply cells are found by their header text (line breaks ignored).
"""
import datetime
import json
import sys

import openpyxl

REPLY_HEADERS = {"action": "対応", "value": "修正後の値", "note": "備考", "by": "記入者", "on": "記入日"}


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    wb = openpyxl.load_workbook(spec["query"])
    ws = wb["疑義照会"]
    columns = {}
    for row in ws.iter_rows(min_row=1, max_row=10):
        for cell in row:
            for key, header in REPLY_HEADERS.items():
                if isinstance(cell.value, str) and cell.value.replace("\n", "") == header:
                    columns[key] = cell.column
    missing = [h for k, h in REPLY_HEADERS.items() if k not in columns]
    if missing:
        sys.exit(f"no reply column {missing} in {spec['query']}")
    for r in spec["rows"]:
        for key in REPLY_HEADERS:
            if key in r:
                ws.cell(row=r["row"], column=columns[key], value=r[key])
    top = min(c for c in [cell.row for row in ws.iter_rows(min_row=1, max_row=10) for cell in row if cell.value == "対応"])
    last = ws.max_row
    width = ws.max_column if spec.get("sort") == "all" else columns["on"]
    if spec.get("sort") in ("all", "visible"):
        rows = [[ws.cell(row=r, column=c).value for c in range(1, width + 1)] for r in range(top + 1, last + 1)]
        for i, values in enumerate(reversed(rows)):
            for c, v in enumerate(values, start=1):
                ws.cell(row=top + 1 + i, column=c).value = v  # cell(value=None) would leave the old value
    for f in spec.get("foreign", []):
        other = openpyxl.load_workbook(f["query"])["疑義照会"]
        last += 1
        for c in range(1, other.max_column + 1):
            ws.cell(row=last, column=c).value = other.cell(row=f["row"], column=c).value
        for key, header in REPLY_HEADERS.items():
            if key in f:
                ws.cell(row=last, column=columns[key], value=f[key])
    for a in spec.get("added", []):
        last += 1
        ws.cell(row=last, column=1, value=a.get("code", ""))
        for key, header in REPLY_HEADERS.items():
            if key in a:
                ws.cell(row=last, column=columns[key], value=a[key])
    wb.save(spec["out"])
    for src, dst in spec.get("resave", []):
        form = openpyxl.load_workbook(src)
        form.properties.modified = datetime.datetime(2026, 11, 30, 9, 0, 0)
        form.save(dst)


if __name__ == "__main__":
    main()
