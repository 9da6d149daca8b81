#!/usr/bin/env python3
"""Seeded generator of returned 疑義照会票 for the reply property test (issue 19): the things a
prefecture's office does to the workbook in Excel before sending it back, saved by openpyxl.

usage: fuzz_query_replies.py SPEC.json
       fuzz_query_replies.py --rewrite EDITS.json   (the applied values written into copies of the forms)

SPEC = {"seed": 7, "night": 1,
        "workbooks": {"31": "31_鳥取県.xlsx", "32": "32_島根県.xlsx"},   # tonight's published query workbooks
        "values": {"Q…": {"valid": ["設置している", 3], "invalid": ["たくさん"]}},  # per query id; absent: no 修正する
        "out": "DIR"}
Writes reply workbooks into DIR and DIR/manifest.json:
  [{"file": NAME, "origin": "31", "arrive": 0..2 (nights from now), "rows": [answered rows, 1-based]}]
"origin" is the prefecture whose workbook the file was made from (the truth, whatever its marker says).
Mutations: random rows answered with valid/invalid values and every 対応 (or none); rows sorted with the
▼ (whole table, keys inside the filter range) or only the visible columns (keys left behind); rows deleted,
duplicated, copied in from another prefecture's workbook, added by hand; a column inserted; hidden keys and the visible
団体コード/問番号/記入値 edited; the meta marker edited; files duplicated byte for byte, renamed, and
answered again with second thoughts (later save time, 回答日).
"""
import copy
import datetime
import io
import json
import os
import random
import sys
import zipfile

import openpyxl
from openpyxl.writer.excel import ExcelWriter

REPLY = {"action": "対応", "value": "修正後の値", "note": "備考", "by": "記入者", "on": "記入日"}
# Earlier nights' workbooks name the last two 回答者/回答日 (still read by renkei).
OLD_REPLY = {"by": "回答者", "on": "回答日"}
KEYS = {"id": "query_id", "respondent": "respondent", "question": "question_id", "rule": "rule_id"}
SHOWN = {"code": "団体コード", "name": "団体名", "number": "問番号", "written": "記入値"}
NAMES = ["鳥取 太郎", "島根 花子", "福井 一郎", "県 担当", ""]
GARBAGE = ["たくさん", "不明", "△", "-3", "99999", "１２３４５６７", "?"]


def save(wb, path, modified):
    """openpyxl's save, with the save time an office's Excel would have written."""
    archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    wb.properties.modified = modified
    ExcelWriter(wb, archive).save()


class Table:
    def __init__(self, path):
        self.wb = openpyxl.load_workbook(path)
        self.ws = self.wb["疑義照会"]
        self.col = {}
        self.top = None
        for row in self.ws.iter_rows(min_row=1, max_row=10):
            for cell in row:
                # Headings may break between words (修正後の/値): read without line breaks.
                text = cell.value.replace("\n", "") if isinstance(cell.value, str) else cell.value
                for key, header in list({**REPLY, **KEYS, **SHOWN}.items()) + list(OLD_REPLY.items()):
                    if text == header:
                        self.col[key] = cell.column
                        self.top = cell.row
        self.width = max(self.ws.max_column, max(self.col.values()))

    def rows(self):
        return [r for r in range(self.top + 1, self.ws.max_row + 1)
                if self.ws.cell(row=r, column=self.col["id"]).value]

    def get(self, r, key):
        return self.ws.cell(row=r, column=self.col[key]).value

    def put(self, r, key, value):
        self.ws.cell(row=r, column=self.col[key]).value = value

    def line(self, r):
        return [self.ws.cell(row=r, column=c).value for c in range(1, self.width + 1)]

    def set_line(self, r, values, upto=None):
        for c, v in enumerate(values[: upto or len(values)], start=1):
            self.ws.cell(row=r, column=c).value = v  # cell(value=None) would leave the old value

    def last(self):
        return max([self.top] + [r for r in range(self.top + 1, self.ws.max_row + 1)
                                 if any(v not in (None, "") for v in self.line(r))])


def answer(rng, t, r, values, night):
    """One row's reply: a 対応 (or none) and what goes with it."""
    qid = t.get(r, "id")
    v = values.get(qid) or {}
    valid, invalid = v.get("valid", []), v.get("invalid", [])
    kind = rng.choices(["valid", "invalid", "empty", "formula", "confirm", "other", "no-action", "note"],
                       [35, 15, 4, 3, 20, 8, 8, 7])[0]
    if kind in ("valid", "invalid", "empty", "formula", "no-action") and not (valid or invalid):
        kind = rng.choice(["confirm", "other"])  # no 修正する on identity or contact questions
    if kind == "valid" and not valid:
        kind = "invalid"
    if kind == "invalid" and not invalid:
        kind = "valid"
    for key in REPLY:
        t.put(r, key, None)
    if kind in ("valid", "invalid", "empty", "formula"):
        t.put(r, "action", "修正する")
        if kind == "valid":
            t.put(r, "value", rng.choice(valid))
        elif kind == "invalid":
            t.put(r, "value", rng.choice(invalid))
        elif kind == "formula":
            t.put(r, "value", "=1+%d" % rng.randint(0, 3))  # openpyxl keeps no cached result
    elif kind == "confirm":
        t.put(r, "action", "このままで正しい")
    elif kind == "other":
        t.put(r, "action", rng.choice(["その他", "その他", "確認中"]))
        t.put(r, "note", "確認中です（%d）" % rng.randint(1, 99))
    elif kind == "no-action":
        t.put(r, "value", rng.choice(valid or invalid))
    else:
        t.put(r, "note", "備考のみ")
    if kind != "note" or rng.random() < 0.5:
        t.put(r, "by", rng.choice(NAMES))
        day = min(28, night * 2)
        t.put(r, "on", rng.choice(["2026-12-%02d" % day, "2026/12/%02d" % day, None]))


def make_reply(rng, pref, paths, values, night):
    """A prefecture's filled workbook after an office's editing; the rows touched, by final row number."""
    t = Table(paths[pref])
    rows = t.rows()
    rate = rng.uniform(0.2, 0.9)
    for r in rows:
        if rng.random() < rate:
            answer(rng, t, r, values, night)
    others = [p for p in paths if p != pref]
    # Rows copied in from another prefecture's workbook (all columns, keys too), with a reply.
    if others and rng.random() < 0.4:
        other = Table(paths[rng.choice(others)])
        src = other.rows()
        for _ in range(rng.randint(1, 2) if src else 0):
            s = rng.choice(src)
            answer(rng, other, s, values, night)
            at = t.last() + 1
            t.set_line(at, other.line(s))
    # A row duplicated (same query twice), the copy answered differently.
    if rows and rng.random() < 0.4:
        s = rng.choice(rows)
        at = t.last() + 1
        t.set_line(at, t.line(s))
        answer(rng, t, at, values, night)
    # Hidden keys edited: another row's query id, or one that never existed.
    if rows and rng.random() < 0.3:
        r = rng.choice(rows)
        t.put(r, "id", rng.choice([t.get(rng.choice(rows), "id"), "Q0000000000000000", "Q" + "%016x" % rng.getrandbits(64)]))
        answer(rng, t, r, values, night)
    # The hidden respondent/question keys edited (the run's record, not these, decides).
    if rows and rng.random() < 0.2:
        r = rng.choice(rows)
        t.put(r, rng.choice(["respondent", "question"]), rng.choice(["MUNI:131016", "M2", "COORD:312011#1", ""]))
        answer(rng, t, r, values, night)
    # Visible 団体コード / 問番号 / 記入値 edited on an answered row.
    if rows and rng.random() < 0.3:
        r = rng.choice(rows)
        key = rng.choice(["code", "number", "written"])
        old = t.get(r, key)
        t.put(r, key, {"code": "%06d" % rng.randint(10000, 479999), "number": "問%d" % rng.randint(1, 40),
                       "written": rng.choice(["", "0", "訂正前", str(old) + "0" if old not in (None, "") else "1"])}[key])
        answer(rng, t, r, values, night)
    # A row typed in by hand.
    if rng.random() < 0.25:
        at = t.last() + 1
        t.ws.cell(row=at, column=t.col["code"], value=rng.choice(["312011", "322016", "%06d" % rng.randint(10000, 479999)]))
        t.put(at, "action", "修正する")
        t.put(at, "value", rng.choice(["1", "設置している", "たくさん"]))
    # Sorted: with the ▼ (whole table, keys move with their row) or a selection of the visible columns only.
    table = list(range(t.top + 1, t.last() + 1))
    if len(table) > 1 and rng.random() < 0.5:
        whole = rng.random() < 0.7
        by = t.col[rng.choice(["name", "code", "number", "written", "action"])]
        lines = [t.line(r) for r in table]
        lines.sort(key=lambda l: str(l[by - 1] or ""), reverse=rng.random() < 0.5)
        for r, l in zip(table, lines):
            t.set_line(r, l, upto=None if whole else t.col["on"])
    # A column inserted inside the table (a memo column), the reply columns shift right.
    if rng.random() < 0.15:
        at = rng.randint(2, t.col["action"])
        t.ws.insert_cols(at)
        t.ws.cell(row=t.top, column=at, value="県メモ")
        for r in range(t.top + 1, t.last() + 1):
            if rng.random() < 0.3:
                t.ws.cell(row=r, column=at, value="確認済")
        t.col = {k: c + (1 if c >= at else 0) for k, c in t.col.items()}
        t.width += 1
    # Rows deleted.
    table = list(range(t.top + 1, t.last() + 1))
    if len(table) > 2 and rng.random() < 0.3:
        for r in sorted(rng.sample(table, rng.randint(1, min(3, len(table) - 1))), reverse=True):
            t.ws.delete_rows(r)
    # The marker names another prefecture (only a hint: the run's record decides).
    if others and rng.random() < 0.15:
        meta = t.wb["_renkei_query"]
        for row in meta.iter_rows():
            if row[0].value == "prefecture":
                row[1].value = rng.choice(others)
    touched = [r for r in range(t.top + 1, t.last() + 1)
               if any(t.get(r, k) not in (None, "") for k in ("action", "value", "note"))]
    return t, touched


def write_answers(wb, cells):
    """Answer cells by the form's anchors: the defined name RK_<id>, else the row whose hidden key
    (column A) is the id; the answer is in column D of that row."""
    for key, value in cells.items():
        name = "RK_" + key.replace("#", "_O")
        found = None
        if name in wb.defined_names:
            for sheet, ref in wb.defined_names[name].destinations:
                if sheet in wb.sheetnames:
                    found = wb[sheet][ref.replace("$", "")]
        if found is None:
            for ws in wb.worksheets:
                for row in ws.iter_rows(min_col=1, max_col=1):
                    if row[0].value == key:
                        found = ws.cell(row=row[0].row, column=4)
        if found is None:
            sys.exit("no answer cell for %s" % key)
        found.value = value


def rewrite(spec):
    """EDITS = [{"path": "inbox/x.xlsx" or a zip, "member": null or "name in the zip", "cells": {"M2": "3", "M5#1": "○"}}]
    Each form keeps its save time and file time, so the fresh run orders files as the replied one did."""
    for edit in spec:
        path, member = edit["path"], edit.get("member")
        stat = os.stat(path)
        if member is None:
            wb = openpyxl.load_workbook(path)
            write_answers(wb, edit["cells"])
            save(wb, path, wb.properties.modified)
        else:
            with zipfile.ZipFile(path) as z:
                infos = [(i, z.read(i)) for i in z.infolist()]
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
                for info, data in infos:
                    name = info.filename if info.flag_bits & 0x800 else info.filename.encode("cp437").decode("cp932")
                    if name == member:
                        wb = openpyxl.load_workbook(io.BytesIO(data))
                        write_answers(wb, edit["cells"])
                        buffer = io.BytesIO()
                        archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
                        modified = wb.properties.modified
                        wb.properties.modified = modified
                        ExcelWriter(wb, archive).save()
                        data = buffer.getvalue()
                    out = copy.copy(info)
                    out.filename = name
                    z.writestr(out, data)
        os.utime(path, (stat.st_atime, stat.st_mtime))


def main() -> None:
    if sys.argv[1] == "--rewrite":
        with open(sys.argv[2], encoding="utf-8") as f:
            rewrite(json.load(f))
        return
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    rng = random.Random("%d-%d" % (spec["seed"], spec["night"]))
    paths, values, out, night = spec["workbooks"], spec["values"], spec["out"], spec["night"]
    os.makedirs(out, exist_ok=True)
    manifest = []
    base = datetime.datetime(2026, 12, 1, 9, 0, 0) + datetime.timedelta(days=night)
    for pref in sorted(paths):
        if rng.random() < 0.15:
            continue  # this prefecture sends nothing tonight
        for version in range(rng.choice([1, 1, 2])):
            t, touched = make_reply(rng, pref, paths, values, night)
            saved = base + datetime.timedelta(hours=version, minutes=rng.randint(0, 59))
            name = rng.choice(["%s_回答", "%s_再回答", "回答_%s", "%s_疑義照会_修正"]) % pref + "_n%d_%d.xlsx" % (night, version)
            save(t.wb, os.path.join(out, name), saved)
            arrive = rng.choice([0, 0, 0, 1, 2])
            manifest.append({"file": name, "origin": pref, "arrive": arrive, "rows": touched})
            if rng.random() < 0.2:
                # The same file forwarded twice under another name.
                dup = "コピー ～ " + name
                with open(os.path.join(out, name), "rb") as a, open(os.path.join(out, dup), "wb") as b:
                    b.write(a.read())
                manifest.append({"file": dup, "origin": pref, "arrive": rng.choice([arrive, arrive + 1]), "rows": touched})
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
