#!/usr/bin/env python3
"""`make render`: the reports and forms as a prefecture official prints them.

Simulates 北海道 (the largest prefecture, 179 municipalities) and 鳥取県 (a small one, 19) once
into render-out/sim, runs `renkei run` on them and `renkei template` for 鳥取県, converts the
national workbook, both prefecture workbooks and one form of each kind to PDF with LibreOffice
(A4, as each sheet's page setup says), and checks every PDF:

  pages    pages per sheet within the bounds in PAGE_BOUNDS (also in docs/development.md "Printing on A4");
           a page is attributed to its sheet by the page header renkei writes (the sheet's title
           between the survey and 集計基準日時), or, on forms, by the sheet's own first cells
  text     no page shrunk below 8 pt text: every word on every page is at least MIN_GLYPH pt
           tall in the PDF (pdftotext -bbox; a glyph box is ~1.3 × the font size, so 10.4 pt
           is 8 pt text) — and, from the xlsx, no sheet fitted to the page needs a scale
           below 80% for its columns (LibreOffice widths: 9.5 px per unit + 5 px)
  ###      no cell too narrow for its number (LibreOffice prints ### then)

and renders the first page of every sheet to PNG (pdftoppm -r 60) in render-out/png for a
person to look at. Prints a PASS/FAIL table; exits 1 if any check failed.
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

# Pages per sheet: (min, max). Keys are sheet titles without the prefecture's name.
PAGE_BOUNDS = {
    "national": {"全国集計　表紙": (1, 2), "回収状況": (1, 3), "都道府県票": (1, 4), "市町村票": (16, 32),
                 "コーディネーター票": (1, 6), "場面・テーマ別": (3, 5), "都道府県別一覧": (1, 4), "疑義件数": (1, 4)},
    "北海道": {"集計結果　表紙": (1, 2), "回収状況": (8, 16), "市町村別回答一覧": (100, 180), "コーディネーター": (30, 70),
             "集計": (10, 30), "場面・テーマ別": (2, 4), "疑義一覧": (20, 45), "都道府県票": (1, 3)},
    "鳥取県": {"集計結果　表紙": (1, 2), "回収状況": (1, 3), "市町村別回答一覧": (12, 30), "コーディネーター": (3, 12),
             "集計": (10, 30), "場面・テーマ別": (2, 4), "疑義一覧": (2, 10), "都道府県票": (1, 3)},
    "form": {"記入要領": (1, 2), "回答": (1, 12)},
}

RESULTS = []


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def check(name, ok, detail=""):
    RESULTS.append((name, bool(ok), detail))
    log(f"  [{'PASS' if ok else 'FAIL'}] {name} — {detail}")
    return ok


def sh(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def inputs():
    sim = os.path.join(WORK, "sim")
    if not os.path.exists(os.path.join(sim, "answer-key.json")):
        shutil.rmtree(sim, ignore_errors=True)
        r = sh([RENKEI, "simulate", "--out", sim, "--prefectures", "1,31", "--seed", "11"])
        if r.returncode != 0:
            raise SystemExit(f"renkei simulate failed: {r.stderr}")
    out = os.path.join(WORK, "reports")
    shutil.rmtree(out, ignore_errors=True)
    r = sh([RENKEI, "run", "--inbox", os.path.join(sim, "inbox"), "--out", out])
    if r.returncode not in (0, 1):
        raise SystemExit(f"renkei run failed ({r.returncode}): {r.stderr[-500:]}")
    latest = os.path.realpath(os.path.join(out, "latest"))
    tpl = os.path.join(WORK, "forms")
    shutil.rmtree(tpl, ignore_errors=True)
    r = sh([RENKEI, "template", "--out", tpl, "--prefectures", "31", "--coordinator", "312011:1"])
    if r.returncode != 0:
        raise SystemExit(f"renkei template failed: {r.stderr}")
    forms = sorted(glob.glob(os.path.join(tpl, "**", "*.xlsx"), recursive=True))
    picked = []
    for kind in ("都道府県票", "市町村票", "コーディネーター票_3", "コーディネーター票_空欄"):
        m = [f for f in forms if os.path.basename(f).startswith(kind)]
        if m:
            picked.append(("form", m[0]))
    return [("national", os.path.join(latest, "全国集計.xlsx")),
            ("北海道", os.path.join(latest, "prefectures", "01_北海道.xlsx")),
            ("鳥取県", os.path.join(latest, "prefectures", "31_鳥取県.xlsx"))] + picked


def to_pdf(books):
    pdf = os.path.join(WORK, "pdf")
    shutil.rmtree(pdf, ignore_errors=True)
    os.makedirs(pdf)
    staged = []
    for i, (_, b) in enumerate(books):  # ASCII names: soffice names its output after the input
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


def sheet_of_page(kind, text, titles):
    """The sheet a page belongs to: the longest known sheet title in its page header (the first
    two lines; on a portrait page the header's parts wrap, so no fixed position is assumed)."""
    lines = [l for l in text.splitlines() if l.strip()]
    if not lines:
        return "(blank)"
    if kind == "form":
        return "記入要領" if "記入要領" in text and "記入にあたって" in text else "回答"
    head = re.sub(r"\s+", "", "".join(lines[:2]))
    for title in sorted(titles, key=len, reverse=True):
        if re.sub(r"\s+", "", title) in head:
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


def main():
    if os.path.exists(WORK):
        for d in ("pdf", "png"):
            shutil.rmtree(os.path.join(WORK, d), ignore_errors=True)
    os.makedirs(WORK, exist_ok=True)
    log("simulating / running / writing forms …")
    books = inputs()
    log(f"converting {len(books)} workbooks to PDF with LibreOffice …")
    pdfs = to_pdf(books)
    png = os.path.join(WORK, "png")
    os.makedirs(png, exist_ok=True)
    summary = []
    for (kind, xlsx), pdf in zip(books, pdfs):
        label = os.path.basename(xlsx)
        if not check(f"{label}: PDF written", os.path.exists(pdf) and os.path.getsize(pdf) > 1000, pdf):
            continue
        pages = page_texts(pdf)
        bounds = PAGE_BOUNDS[kind]
        per = collections.OrderedDict()
        first = {}
        for i, text in enumerate(pages):
            s = sheet_of_page(kind, text, bounds.keys())
            if s == "(blank)" and i > 0:  # LibreOffice sometimes ends a sheet with an empty page
                s = sheet_of_page(kind, pages[i - 1], bounds.keys())
            per[s] = per.get(s, 0) + 1
            first.setdefault(s, i + 1)
        bad = [f"{s} {n} (bounds {bounds.get(s)})" for s, n in per.items()
               if s not in bounds or not (bounds[s][0] <= n <= bounds[s][1])]
        missing = [s for s in bounds if s not in per]
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
        for s, p in first.items():
            stem = os.path.join(png, f"{os.path.basename(pdf)[:-4]}-{s.replace('　', '_').replace(' ', '_')}")
            sh(["pdftoppm", "-r", "60", "-png", "-f", str(p), "-l", str(p), "-singlefile", pdf, stem])
        summary.append((label, len(pages), per))

    failed = sum(1 for r in RESULTS if not r[1])
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Last results ({stamp}; {office_version()}; simulated 北海道 + 鳥取県):", "",
             "| check | result | figures |", "| --- | --- | --- |"]
    lines += [f"| {name} | {'PASS' if ok else '**FAIL**'} | {detail.replace('|', '/')} |" for name, ok, detail in RESULTS]
    lines += ["", f"{len(RESULTS) - failed} passed, {failed} failed."]
    text = "\n".join(lines)
    print("\n## make render\n\n" + text + f"\nFirst page of each sheet as PNG in {os.path.relpath(png, ROOT)}/")
    if not os.environ.get("RENDER_NO_RESULTS"):
        write_results(text)
        print("docs/results.md: make render section updated")
    return 1 if failed else 0


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
