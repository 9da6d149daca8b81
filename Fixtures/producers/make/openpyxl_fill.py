#!/usr/bin/env python3
"""Producer C: openpyxl (the library most scripts and many third-party tools write .xlsx with).

Opens a blank renkei MUNI form, types the answers of answers.json into column D of the row
whose hidden id (column A) is the anchor key, and saves. Two outputs:

    openpyxl_fill.py BLANK.xlsx OUT_DIR

  OUT_DIR/muni-131016-openpyxl.xlsx        answers typed the way people type them (full-width
                                           digits, ◯/〇/●/✓ marks, an option by its number,
                                           a count with its unit …) that normalize to exactly
                                           the answers of answers.json; fonts, fills, borders
                                           and column widths changed. openpyxl 3.1 writes every
                                           string inline (t="inlineStr", no sharedStrings.xml).
  OUT_DIR/muni-131016-inline-strings.xlsx  answers.json typed as is, every string inline (shared
                                           strings are converted if the openpyxl version wrote
                                           any), and every string in the answer column split
                                           into two rich-text runs (<is><r>…</r><r>…</r></is>).

Needs openpyxl (pip install openpyxl).
"""
import json
import os
import re
import sys
import zipfile

import openpyxl
from openpyxl.styles import Border, Font, PatternFill, Side

HERE = os.path.dirname(os.path.abspath(__file__))
ANSWER_SHEET = "回答"
ID_COLUMN = 1      # A (openpyxl is 1-based)
ANSWER_COLUMN = 4  # D

# How a person might type an answer differently; each must normalize to the answers.json value.
VARIANTS = {
    "department": "保健福祉部\u3000在宅支援課",          # full-width space
    "phone": "０３－３２６４－２１１１",                   # full-width digits and dash
    "email": " zaitaku@city.chiyoda.lg.jp ",            # stray spaces
    "M1": "2",                                          # option number instead of 一部委託
    "M1_1#3": "◯",                                      # U+25EF instead of ○
    "M2_1": 1,                                          # option number typed as a number
    "M2_2": "４",                                       # full-width digit, as text
    "M4_acute": "設定 している",                         # a stray space in the label
    "M5_1#2": "〇",                                     # U+3007
    "M6_daily_1#1": "●",
    "M6_daily_1#3": 1,                                  # 1 as a number
    "M6_daily_1#5": "✓",
    "M7_1#2": "はい",
    "M8_1": "２人",                                     # full-width with a unit
    "M9#6": "○ ",                                       # trailing space
    "M9#13": "◯",                                      # ◯ again
}


def load_answers():
    with open(os.path.join(HERE, "answers.json"), encoding="utf-8") as f:
        return {k: v for k, v in json.load(f).items() if not k.startswith("_")}


def fill(blank, answers, restyle):
    wb = openpyxl.load_workbook(blank)
    ws = wb[ANSWER_SHEET]
    rows = {}
    for r in range(1, ws.max_row + 1):
        key = ws.cell(row=r, column=ID_COLUMN).value
        if isinstance(key, str) and key:
            rows[key] = r
    for key, value in answers.items():
        if key not in rows:
            sys.exit("no row for anchor key %s" % key)
        cell = ws.cell(row=rows[key], column=ANSWER_COLUMN)
        cell.value = value
        if restyle:
            cell.font = Font(name="ＭＳ 明朝", size=12, bold=True, color="FF1F3864")
            cell.fill = PatternFill(fill_type="solid", fgColor="FFE2EFDA")
            thin = Side(style="thin", color="FF808080")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    if restyle:
        ws.column_dimensions["C"].width = 60
        ws.column_dimensions["D"].width = 36
        for row in ws.iter_rows(min_row=1, max_row=3):
            for cell in row:
                if cell.value is not None:
                    cell.font = Font(name="Meiryo UI", size=14, italic=True)
    return wb


def to_inline_strings(src, dst):
    """Every string cell as an inline string (t="inlineStr"), no xl/sharedStrings.xml, and each
    string in the answer column of the answer sheet split into two rich-text runs
    (<is><r><rPr>…</rPr><t>…</t></r><r><t>…</t></r></is>), as a person colouring part of an answer
    would leave it. Returns how many answer-column strings were split."""
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
        order = [i.filename for i in z.infolist()]

    # openpyxl 3.1 already writes inline strings; older versions write a shared-string table.
    if "xl/sharedStrings.xml" in parts:
        sst = parts.pop("xl/sharedStrings.xml").decode("utf-8")
        order.remove("xl/sharedStrings.xml")
        items = [m.group(1) or "<t></t>" for m in re.finditer(r"<si>(.*?)</si>|<si/>", sst, re.S)]
        shared = re.compile(r'<c((?:(?!>)[^/])*?) t="s"((?:(?!>)[^/])*)><v>(\d+)</v></c>')
        for name in order:
            if re.match(r"xl/worksheets/sheet\d+\.xml$", name):
                parts[name] = shared.sub(
                    lambda m: '<c%s t="inlineStr"%s><is>%s</is></c>' % (m.group(1), m.group(2), items[int(m.group(3))]),
                    parts[name].decode("utf-8")).encode("utf-8")
        parts["[Content_Types].xml"] = re.sub(
            rb'<Override PartName="/xl/sharedStrings.xml"[^>]*/>', b"", parts["[Content_Types].xml"])
        parts["xl/_rels/workbook.xml.rels"] = re.sub(
            rb'<Relationship[^>]*Target="[^"]*sharedStrings.xml"[^>]*/>', b"", parts["xl/_rels/workbook.xml.rels"])
    for name in order:
        if re.match(r"xl/worksheets/sheet\d+\.xml$", name) and b' t="s"' in parts[name]:
            sys.exit("a shared-string cell was left in %s" % name)

    # The answer sheet's part: workbook.xml name -> r:id -> workbook.xml.rels target.
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    rid = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % ANSWER_SHEET, workbook).group(1)
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    rel = next(m.group(0) for m in re.finditer(r"<Relationship [^>]*>", rels) if 'Id="%s"' % rid in m.group(0))
    target = re.search(r'Target="([^"]+)"', rel).group(1)
    sheet = target.lstrip("/") if target.startswith("/") else "xl/" + target

    answer_cell = re.compile(r'(<c r="D\d+"[^>]* t="inlineStr"[^>]*>)<is><t>([^<]+)</t></is></c>')

    def rich(m):
        text = m.group(2)
        cut = max(1, len(text) // 2)
        first, rest = text[:cut], text[cut:]
        runs = '<r><rPr><rFont val="Meiryo"/><b/><color rgb="FFC00000"/><sz val="11"/></rPr><t>%s</t></r>' % first
        if rest:
            runs += '<r><t xml:space="preserve">%s</t></r>' % rest
        return "%s<is>%s</is></c>" % (m.group(1), runs)

    xml, split = answer_cell.subn(rich, parts[sheet].decode("utf-8"))
    parts[sheet] = xml.encode("utf-8")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            z.writestr(name, parts[name])
    return split


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    blank, out_dir = sys.argv[1:]
    answers = load_answers()

    typed = dict(answers)
    for key, value in VARIANTS.items():
        assert key in answers, key
        typed[key] = value
    fill(blank, typed, restyle=True).save(os.path.join(out_dir, "muni-131016-openpyxl.xlsx"))

    plain = os.path.join(out_dir, "muni-131016-inline-strings.plain.xlsx")
    fill(blank, answers, restyle=False).save(plain)
    n = to_inline_strings(plain, os.path.join(out_dir, "muni-131016-inline-strings.xlsx"))
    os.remove(plain)
    print("answer-column strings split into rich-text runs: %d" % n)


if __name__ == "__main__":
    main()
