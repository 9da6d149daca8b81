#!/usr/bin/env python3
"""`make render`: the reports and forms as a prefecture official prints them.

Simulates 北海道 (the largest prefecture, 179 municipalities), 東京都 (62) and 鳥取県 (a small one,
19) once into render-out/sim-…, runs `renkei run` on them and `renkei template` for 鳥取県, converts
the national workbook, the 北海道 and 鳥取県 workbooks, the 疑義照会票 of all three and one form of
each kind to PDF with LibreOffice
(A4, as each sheet's page setup says), and checks every PDF:

  pages    pages per sheet within the bounds in PAGE_BOUNDS (also in docs/development.md "Printing on A4");
           a page is attributed to its sheet by the page header renkei writes (the survey left, the
           sheet's title right), or, on forms, by the sheet's own first cells
  text     no page shrunk below 8 pt text: every word on every page is at least MIN_GLYPH pt
           tall in the PDF (pdftotext -bbox; a glyph box is ~1.3 × the font size, so 10.4 pt
           is 8 pt text) — and, from the xlsx, no sheet fitted to the page needs a scale
           below 80% for its columns (LibreOffice widths: 9.5 px per unit + 5 px)
  ###      no cell too narrow for its number (LibreOffice prints ### then)

  page     page by page, from pdftotext -layout (issue 22): a page of a question table begins with a
           question heading (or goes on with a block taller than a page); no page ends with a
           heading; no page holds fewer than MIN_ROWS lines unless it ends its sheet or a column
           group; sheets planned for one page width print every column group on every page (the
           side-by-side groups 都道府県/全国/前回 on the same page); the page header prints the
           survey and the sheet apart (no overprinting), the footer 集計基準日時 and the page number;
           in the 疑義照会票 every page holds queries with the reply columns (no column printed on a
           page of its own) and the pages hold ≥ MIN_QUERIES queries on average

The reports are rendered twice, without and with --previous (a previous survey simulated once
with another seed and run into render-out/previous), and the 疑義照会票 of the three prefectures.
Renders the first page of every sheet, and every page of 集計 and 都道府県別一覧, to PNG
(pdftoppm -r 60) in render-out/png for a person to look at. Prints a PASS/FAIL table and the
pages per sheet; exits 1 if any check failed.
"""
import collections
import datetime
import glob
import os
import re
import shutil
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import results_doc  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RENKEI = os.environ.get("RENKEI") or os.path.join(ROOT, ".build/release/renkei")
WORK = os.path.join(ROOT, "render-out")
MIN_GLYPH = 10.4
MIN_SCALE = 0.8
# RENDER_REUSE=1: check the PDFs of the last run again without running or converting (for the checks' own work).
REUSE = bool(os.environ.get("RENDER_REUSE"))
MIN_ROWS = 4  # a page that is not the last of its sheet or column group holds at least this many lines
MIN_QUERIES = 10  # queries per 疑義照会票 page on average (issue 22), unless they all fit on one page
# The prefectures simulated (北海道, 東京都, 鳥取県): 01 and 31 rendered whole, 13 for its 疑義照会票.
PREFECTURES = "1,13,31"

# Pages per sheet: (min, max). Keys are sheet titles without the prefecture's name.
PAGE_BOUNDS = {
    # 表紙 carries 用語・凡例, every term the workbook uses: up to 4 pages.
    "national": {"全国集計　表紙": (1, 4), "回収状況": (1, 3), "都道府県票": (1, 4), "市町村票": (8, 32),
                 "コーディネーター票": (1, 8), "場面・テーマ別": (3, 7), "都道府県別一覧": (1, 4), "疑義件数": (1, 4)},
    "北海道": {"集計結果　表紙": (1, 4), "回収状況": (2, 12), "市町村別回答一覧": (3, 12), "コーディネーター": (3, 20),
             "集計": (10, 40), "場面・テーマ別": (2, 5), "疑義一覧": (10, 40), "修正履歴": (1, 2), "都道府県票": (1, 3)},
    "鳥取県": {"集計結果　表紙": (1, 4), "回収状況": (1, 3), "市町村別回答一覧": (1, 4), "コーディネーター": (1, 6),
             "集計": (10, 40), "場面・テーマ別": (2, 5), "疑義一覧": (1, 10), "修正履歴": (1, 2), "都道府県票": (1, 3)},
    "query": {"疑義照会票": (1, 12), "不受理ファイル": (1, 4), "選択肢一覧": (1, 4), "督促": (1, 4)},
    "form": {"記入要領": (1, 2), "回答": (1, 12)},
}
# Sheets whose tables compare groups side by side: every column group prints on every page.
SIDE_BY_SIDE = {"national": ["都道府県票", "市町村票", "コーディネーター票", "場面・テーマ別", "都道府県別一覧"],
                "北海道": ["集計", "場面・テーマ別"], "鳥取県": ["集計", "場面・テーマ別"]}
# Sheets of blocks under headings (question tables, titled tables and charts): no page ends with a heading.
BLOCK_SHEETS = {"national": ["都道府県票", "市町村票", "コーディネーター票", "場面・テーマ別", "都道府県別一覧"],
                "北海道": ["集計", "場面・テーマ別"], "鳥取県": ["集計", "場面・テーマ別"]}
# Sheets of question tables: each page begins with a question heading.
QUESTION_TABLES = {"national": ["都道府県票", "市町村票", "コーディネーター票"], "北海道": ["集計"], "鳥取県": ["集計"]}
KINDS = "単一回答|複数回答|数値|段階評価|自由記述"
# A question's heading line: 問番号, its label, its kind in brackets.
QUESTION_HEADING = re.compile(r"^\s*問\S*\s+.*（(" + KINDS + r")）")
# Lines that head a block: a question, a form's section, a table's or chart's title.
HEADINGS = [QUESTION_HEADING,
            re.compile(r"^\s*\S+票（.*回答数"),
            re.compile(r"^\s*(取組の内容（|前回との比較|前回調査の同じ指標|前回調査にあり今回の調査にない設問|市町村の合併等)")]

RESULTS = []


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def check(name, ok, detail=""):
    RESULTS.append((name, bool(ok), detail))
    log(f"  [{'PASS' if ok else 'FAIL'}] {name} — {detail}")
    return ok


def sh(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def simulated(name, seed):
    sim = os.path.join(WORK, name + "-" + PREFECTURES.replace(",", "-"))
    if not os.path.exists(os.path.join(sim, "answer-key.json")):
        shutil.rmtree(sim, ignore_errors=True)
        r = sh([RENKEI, "simulate", "--out", sim, "--prefectures", PREFECTURES, "--seed", str(seed)])
        if r.returncode != 0:
            raise SystemExit(f"renkei simulate failed: {r.stderr}")
    return sim


def run(inbox, out, *extra):
    if REUSE:
        return os.path.realpath(os.path.join(out, "latest"))
    shutil.rmtree(out, ignore_errors=True)
    r = sh([RENKEI, "run", "--inbox", inbox, "--out", out] + list(extra))
    if r.returncode not in (0, 1):
        raise SystemExit(f"renkei run failed ({r.returncode}): {r.stderr[-500:]}")
    return os.path.realpath(os.path.join(out, "latest"))


def inputs():
    """(kind, variant, path) of every workbook rendered: the reports and 疑義照会票 of a run without
    and one with --previous, and one form of each kind."""
    sim = simulated("sim", 11)
    # The previous survey: another seed, the same codebook, published once.
    before = run(os.path.join(simulated("sim-previous", 2022), "inbox"), os.path.join(WORK, "previous"))
    books = []
    for variant, extra in (("", []), ("--previous", ["--previous", before])):
        latest = run(os.path.join(sim, "inbox"), os.path.join(WORK, "reports" + variant.replace("--", "-")), *extra)
        books += [("national", variant, os.path.join(latest, "全国集計.xlsx")),
                  ("北海道", variant, os.path.join(latest, "prefectures", "01_北海道.xlsx")),
                  ("鳥取県", variant, os.path.join(latest, "prefectures", "31_鳥取県.xlsx"))]
        books += [("query", variant, os.path.join(latest, "疑義照会", name))
                  for name in ("01_北海道.xlsx", "13_東京都.xlsx", "31_鳥取県.xlsx")]
    tpl = os.path.join(WORK, "forms")
    if not REUSE:
        shutil.rmtree(tpl, ignore_errors=True)
        r = sh([RENKEI, "template", "--out", tpl, "--prefectures", "31", "--coordinator", "312011:1"])
        if r.returncode != 0:
            raise SystemExit(f"renkei template failed: {r.stderr}")
    forms = sorted(glob.glob(os.path.join(tpl, "**", "*.xlsx"), recursive=True))
    for kind in ("都道府県票", "市町村票", "コーディネーター票_3", "コーディネーター票_空欄"):
        m = [f for f in forms if os.path.basename(f).startswith(kind)]
        if m:
            books.append(("form", "", m[0]))
    return books


def to_pdf(books):
    pdf = os.path.join(WORK, "pdf")
    if REUSE:
        return [os.path.join(pdf, f"{i:02d}.pdf") for i in range(len(books))]
    shutil.rmtree(pdf, ignore_errors=True)
    os.makedirs(pdf)
    staged = []
    for i, (_, _, b) in enumerate(books):  # ASCII names: soffice names its output after the input
        s = os.path.join(pdf, f"{i:02d}.xlsx")
        shutil.copy(b, s)
        staged.append(s)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install libreoffice-calc-nogui fonts-ipaexfont poppler-utils")
    profile = "file://" + os.path.join(WORK, "lo-profile")
    sh([soffice, "-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", "pdf",
        "--outdir", pdf] + staged, timeout=1800)
    return [s[:-5] + ".pdf" for s in staged]


def sheets_of(xlsx):
    """(name, first texts) per sheet, from the xlsx: names and a few shared strings to spot forms' pages."""
    z = zipfile.ZipFile(xlsx)
    return re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())


def page_texts(pdf):
    txt = sh(["pdftotext", "-layout", pdf, "-"]).stdout
    return txt.split("\f")[:-1]


def despaced(text):
    return re.sub(r"\s+", "", text)


def header_at(lines, survey):
    """Index of the page header's line among the first lines: the one naming the survey (a
    chart's text may come first in the PDF's text order), else the first."""
    for i, l in enumerate(lines[:8]):
        if survey and despaced(survey) in despaced(l):
            return i
    return 0


def header_texts(text, survey=""):
    """Where a page's header may be, spaces removed: its line (naming the survey) alone and with
    the next (a portrait page may wrap the title onto it)."""
    lines = [l for l in text.splitlines() if l.strip()]
    i = header_at(lines, survey)
    return [despaced(lines[i]), despaced("".join(lines[i:i + 2]))]


def header_text(text, title="", survey=""):
    """The page's header: the candidate naming `title` (the first when none does)."""
    heads = header_texts(text, survey)
    return next((h for h in heads if despaced(title) in h), heads[0]) if title else heads[0]


def footer_text(text):
    """The page's footer line (集計基準日時 left, `n / N` centred), or "" when the page has none."""
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1] if lines and re.search(r"\d+\s*/\s*\d+\s*$", lines[-1]) else ""


def sheet_of_page(kind, text, titles, survey=""):
    """The sheet a page belongs to: the longest known sheet title in its page header (on a
    portrait page the header's parts wrap, so no fixed position is assumed)."""
    lines = [l for l in text.splitlines() if l.strip()]
    if not lines:
        return "(blank)"
    if kind == "form":
        return "記入要領" if "記入要領" in text and "記入にあたって" in text else "回答"
    for head in header_texts(text, survey):
        for title in sorted(titles, key=len, reverse=True):
            if despaced(title) in head:
                return title
    return "(no header)"


def small_words(pdf):
    """(page, height, word) of words shorter than MIN_GLYPH points, from pdftotext -bbox."""
    html = sh(["pdftotext", "-bbox", pdf, "-"]).stdout
    out = []
    page = 0
    for line in html.splitlines():
        if line.strip().startswith("<page"):
            page += 1
        m = re.search(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', line)
        if m:
            h = float(m.group(2)) - float(m.group(1))
            if h < MIN_GLYPH:
                out.append((page, round(h, 1), m.group(3)))
    return out


def fitted_scales(xlsx):
    """Sheets fitted to the page, with the scale their column widths need (LibreOffice widths)."""
    z = zipfile.ZipFile(xlsx)
    names = sheets_of(xlsx)
    out = []
    for i, name in enumerate(names):
        x = z.read(f"xl/worksheets/sheet{i + 1}.xml").decode()
        if 'fitToPage="1"' not in x:
            continue
        ps = re.search(r"<pageSetup[^>]*>", x).group(0)
        landscape = 'orientation="landscape"' in ps
        m = re.search(r'<pageMargins left="([\d.]+)" right="([\d.]+)"', x)
        margins = (float(m.group(1)) + float(m.group(2))) * 72 if m else 1.4 * 72
        paper = (841.9 if landscape else 595.3) - margins
        cols = re.search(r"<cols>(.*?)</cols>", x)
        width = 0.0
        area = None
        wb = z.read("xl/workbook.xml").decode()
        pa = re.search(r'<definedName name="_xlnm.Print_Area" localSheetId="%d">[^!]*!\$([A-Z]+)\$\d+:\$([A-Z]+)\$' % i, wb)
        if pa:
            area = (col_index(pa.group(1)), col_index(pa.group(2)))
        if cols:
            for c in re.finditer(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"([^>]*)/>', cols.group(1)):
                lo, hi, w = int(c.group(1)), int(c.group(2)), float(c.group(3))
                if 'hidden="1"' in c.group(4):
                    continue
                for col in range(lo, hi + 1):
                    if area and not (area[0] <= col <= area[1]):
                        continue
                    width += (round((w - 0.71) * 9.5) + 5) * 0.75
        out.append((name, min(1.0, paper / width) if width else 1.0))
    return out


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def body_lines(text, survey="", title=""):
    """A page's lines between the page header and the footer (集計基準日時, `n / N`)."""
    lines = [l for l in text.splitlines() if l.strip()]
    if footer_text(text):
        lines = lines[:-1]
    if not lines:
        return lines
    i = header_at(lines, survey)
    rest = lines[:i] + lines[i + 1:]
    # A portrait page's header may wrap its title onto the next line.
    if title and despaced(title) not in despaced(lines[i]) and i < len(rest) and despaced(rest[i]) in despaced(title):
        rest = rest[:i] + rest[i + 1:]
    return rest


def table_body(lines):
    """The lines of a question table's page after its repeated header (設問 … / 件数 ％ …, whose
    headings may wrap over several lines: 前回／件数)."""
    end = None
    for i, l in enumerate(lines[:8]):
        if is_heading(l):
            break
        if "件数" in l or "％" in l:
            end = i
    return lines[end + 1:] if end is not None else lines


def is_heading(line):
    return any(h.search(line) for h in HEADINGS)


def column_groups(xlsx):
    """Sheet name → number of column page groups the workbook asks for (1 + its manual column breaks)."""
    z = zipfile.ZipFile(xlsx)
    out = {}
    for i, name in enumerate(sheets_of(xlsx)):
        x = z.read(f"xl/worksheets/sheet{i + 1}.xml").decode()
        m = re.search(r'<colBreaks count="(\d+)"', x)
        out[name] = 1 + (int(m.group(1)) if m else 0)
    return out


# A query row's first line: its 団体コード at the left edge.
QUERY_ROW = re.compile(r"^\s*\d{6}\s")
# The reply columns' headings (a heading may wrap: 修正後／の値, 記入／者).
REPLY_HEADINGS = ("対応", "修正後", "備考", "記入")


def page_checks(label, kind, pages, owner, xlsx, survey):
    """The page-level checks of issue 22 on one PDF; `owner[i]` is page i's sheet title."""
    groups = column_groups(xlsx)
    by_sheet = collections.defaultdict(list)
    for i, s in enumerate(owner):
        by_sheet[s].append(i)

    def sheet_name(title):  # "北海道 集計" → "集計"
        for n in groups:
            if title.endswith(n):
                return n
        return title

    starts, ends, few, split, header, footer, replies = [], [], [], [], [], [], []
    queries = []  # queries on each 疑義照会票 page
    for title, idx in by_sheet.items():
        n_groups = groups.get(sheet_name(title), 1)
        per_group = max(1, len(idx) // n_groups) if n_groups > 1 else len(idx)
        question_table = sheet_name(title) in QUESTION_TABLES.get(kind, [])
        for k, i in enumerate(idx):
            lines = body_lines(pages[i], survey, title)
            body = table_body(lines) if question_table else lines
            last_of_group = k == len(idx) - 1 or (k + 1) % per_group == 0
            if question_table and k > 0:
                prev = table_body(body_lines(pages[idx[k - 1]], survey, title))
                # A block taller than a page: the page before holds no heading below its top.
                goes_on = not any(is_heading(l) for l in prev[1:])
                if body and not is_heading(body[0]) and not goes_on:
                    starts.append(f"p{i + 1} 「{body[0].strip()[:24]}」")
            if sheet_name(title) in BLOCK_SHEETS.get(kind, []) and body and is_heading(body[-1]) and not last_of_group:
                ends.append(f"p{i + 1} 「{body[-1].strip()[:24]}」")
            if len(body) < MIN_ROWS and not last_of_group:
                nxt = body_lines(pages[idx[k + 1]], survey, title) if k + 1 < len(idx) else []
                nxt = table_body(nxt) if question_table else nxt
                if not (nxt and is_heading(nxt[0])):
                    few.append(f"p{i + 1} ({len(body)} lines)")
            head = header_text(pages[i], title, survey)
            if survey and (despaced(survey) not in head or despaced(title) not in head):
                header.append(f"p{i + 1} 「{head[:40]}」")
            if survey and "集計基準日時" not in footer_text(pages[i]):
                footer.append(f"p{i + 1} 「{footer_text(pages[i])[:40]}」")
            if kind == "query" and sheet_name(title) == "疑義照会票":
                rows = sum(1 for l in lines if QUERY_ROW.match(l))
                none = "照会する疑義はありません" in pages[i]
                # A page without query rows is a column group printed apart from its rows.
                if not none and (rows == 0 or not all(h in pages[i] for h in REPLY_HEADINGS)):
                    replies.append(f"p{i + 1} ({rows} queries)")
                if not none:
                    queries.append(rows)
        if sheet_name(title) in SIDE_BY_SIDE.get(kind, []) and n_groups > 1:
            split.append(f"{title}: {n_groups} column groups")
    check(f"{label}: question-table pages begin with a question heading", not starts,
          f"{len(starts)} do not: {starts[:5]}" if starts else "every page")
    check(f"{label}: no page ends with a heading", not ends, f"{ends[:5]}" if ends else "none")
    check(f"{label}: no page with fewer than {MIN_ROWS} lines inside a sheet", not few, f"{few[:6]}" if few else "none")
    check(f"{label}: groups compared print side by side (one page width)", not split, f"{split}" if split else "every page")
    check(f"{label}: page header prints survey and sheet apart", not header,
          f"{len(header)} pages overprinted, e.g. {header[:2]}" if header else "every page")
    check(f"{label}: page footer prints 集計基準日時 and the page number", not footer,
          f"{len(footer)} pages without, e.g. {footer[:2]}" if footer else "every page")
    if kind == "query":
        check(f"{label}: each query row has its reply columns on the same page", not replies,
              f"{len(replies)} pages without: {replies[:8]}" if replies else "every page")
        # No more pages than MIN_QUERIES a page would need: the pages before the last hold ≥ 10 on average.
        total = sum(queries)
        average = total / len(queries) if queries else 0
        check(f"{label}: ≥ {MIN_QUERIES} queries per 疑義照会票 page (the last page aside)",
              len(queries) <= max(1, -(-total // MIN_QUERIES)),
              f"{total} queries on {len(queries)} pages ({average:.1f} a page): {queries}")


def main():
    if os.path.exists(WORK):
        for d in (("png",) if REUSE else ("pdf", "png")):
            shutil.rmtree(os.path.join(WORK, d), ignore_errors=True)
    os.makedirs(WORK, exist_ok=True)
    log("simulating / running / writing forms …")
    books = inputs()
    log(f"converting {len(books)} workbooks to PDF with LibreOffice …")
    pdfs = to_pdf(books)
    png = os.path.join(WORK, "png")
    os.makedirs(png, exist_ok=True)
    summary = []
    for (kind, variant, xlsx), pdf in zip(books, pdfs):
        label = os.path.basename(xlsx) + (" " + variant if variant else "")
        if kind == "query":
            label = "疑義照会 " + label
        if not check(f"{label}: PDF written", os.path.exists(pdf) and os.path.getsize(pdf) > 1000, pdf):
            continue
        pages = page_texts(pdf)
        survey = survey_of(xlsx) if kind != "form" else ""
        bounds = PAGE_BOUNDS[kind]
        per = collections.OrderedDict()
        first = {}
        owner = []
        for i, text in enumerate(pages):
            s = sheet_of_page(kind, text, bounds.keys(), survey)
            if s == "(blank)" and i > 0:  # LibreOffice sometimes ends a sheet with an empty page
                s = sheet_of_page(kind, pages[i - 1], bounds.keys(), survey)
            per[s] = per.get(s, 0) + 1
            first.setdefault(s, i + 1)
            owner.append(s)
        bad = [f"{s} {n} (bounds {bounds.get(s)})" for s, n in per.items()
               if s not in bounds or not (bounds[s][0] <= n <= bounds[s][1])]
        missing = [s for s in bounds if s not in per and s != "修正履歴"]
        check(f"{label}: pages per sheet within bounds", not bad and not missing,
              f"{len(pages)} pages: " + ", ".join(f"{s} {n}" for s, n in per.items())
              + (f"; out of bounds: {bad}" if bad else "") + (f"; no pages for {missing}" if missing else ""))
        hashes = [i + 1 for i, t in enumerate(pages) if "###" in t]
        check(f"{label}: no ### on any page", not hashes, f"pages {hashes[:10]}" if hashes else f"{len(pages)} pages")
        small = small_words(pdf)
        check(f"{label}: every word ≥ {MIN_GLYPH} pt tall (8 pt text)", not small,
              f"{len(small)} smaller, e.g. {small[:4]}" if small else "smallest allowed")
        scales = fitted_scales(xlsx)
        low = [(n, round(s, 2)) for n, s in scales if s < MIN_SCALE]
        check(f"{label}: sheets fitted to the page at ≥ {MIN_SCALE:.0%}", not low,
              ", ".join(f"{n} {s:.0%}" for n, s in scales) if not low else f"too small: {low}")
        if kind != "form":
            page_checks(label, kind, pages, owner, xlsx, survey)
        stem0 = os.path.basename(pdf)[:-4]
        for s, p in first.items():
            stem = os.path.join(png, f"{stem0}-{s.replace('　', '_').replace(' ', '_')}")
            sh(["pdftoppm", "-r", "60", "-png", "-f", str(p), "-l", str(p), "-singlefile", pdf, stem])
        for i, s in enumerate(owner):  # every page of the sheets that compare, to look at
            if s.endswith("集計") and not s.endswith("全国集計") or s in ("都道府県別一覧", "疑義照会票"):
                stem = os.path.join(png, f"{stem0}-{s.replace(' ', '_')}-p{i + 1:03d}")
                sh(["pdftoppm", "-r", "60", "-png", "-f", str(i + 1), "-l", str(i + 1), "-singlefile", pdf, stem])
        summary.append((kind, variant, label, len(pages), per))

    failed = sum(1 for r in RESULTS if not r[1])
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Last results ({stamp}; {office_version()}; simulated 北海道 + 鳥取県, seed 11; --previous: seed 2022):", "",
             "| check | result | figures |", "| --- | --- | --- |"]
    lines += [f"| {name} | {'PASS' if ok else '**FAIL**'} | {detail.replace('|', '/')} |" for name, ok, detail in RESULTS]
    lines += ["", f"{len(RESULTS) - failed} passed, {failed} failed.", ""] + page_table(summary)
    text = "\n".join(lines)
    print("\n## make render\n\n" + text + f"\nFirst page of each sheet as PNG in {os.path.relpath(png, ROOT)}/")
    if not os.environ.get("RENDER_NO_RESULTS"):
        write_results(text)
        print("docs/results.md: make render section updated")
    return 1 if failed else 0


def page_table(summary):
    """Printed pages per sheet of the prefecture workbooks, without and with --previous."""
    cols = [(k, v) for k, v, _, _, _ in summary if k in ("北海道", "鳥取県")]
    if not cols:
        return []
    per = {(k, v): p for k, v, _, _, p in summary}
    total = {(k, v): n for k, v, _, n, _ in summary}
    sheets = []
    for c in cols:
        for s in per[c]:
            name = s.split(" ", 1)[-1]
            if name not in sheets:
                sheets.append(name)
    out = ["Printed pages per sheet (A4, LibreOffice):", "",
           "| sheet | " + " | ".join(f"{k}{' ' + v if v else ''}" for k, v in cols) + " |",
           "| --- |" + " --- |" * len(cols)]
    for name in sheets:
        cells = []
        for c in cols:
            n = sum(p for s, p in per[c].items() if s.split(" ", 1)[-1] == name)
            cells.append(str(n) if n else "–")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out.append("| **total** | " + " | ".join(f"**{total[c]}**" for c in cols) + " |")
    return out


def survey_of(xlsx):
    """The survey's name as the page header prints it (its left section, before &C or &R)."""
    z = zipfile.ZipFile(xlsx)
    for i in range(len(sheets_of(xlsx))):
        x = z.read(f"xl/worksheets/sheet{i + 1}.xml").decode()
        m = re.search(r"<oddHeader>&amp;L&amp;10(.*?)&amp;[CR]", x)
        if m:
            return re.sub(r"\s+", "", m.group(1)).replace("&amp;&amp;", "&")
    return ""


def write_results(text):
    """Replaces the block between the render markers of docs/results.md (appends one if missing)."""
    results_doc.replace_block("render", text, "## make render")


def office_version():
    try:
        out = subprocess.run(["soffice", "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
        return out.split(" (")[0] or "LibreOffice"
    except (OSError, subprocess.SubprocessError):
        return "LibreOffice"


if __name__ == "__main__":
    sys.exit(main())
