#!/usr/bin/python3
"""Producer B: LibreOffice Calc, driven over UNO.

Fills a blank renkei MUNI form with the answers of answers.json the way a respondent would
(finding each answer's row by its key in the hidden id column A, typing into column D), and
re-saves a form renkei already filled, both as .xlsx with LibreOffice's own writer
(filter "Calc MS Excel 2007 XML").

Needs Debian's python3-uno (run with /usr/bin/python3, not a venv) and soffice.

    /usr/bin/python3 libreoffice_fill.py fill   BLANK.xlsx  OUT.xlsx
    /usr/bin/python3 libreoffice_fill.py resave FILLED.xlsx OUT.xlsx

Starts its own headless soffice with a private profile on a free port and stops it again.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

HERE = os.path.dirname(os.path.abspath(__file__))
ANSWER_SHEET = "回答"
ID_COLUMN = 0      # A
ANSWER_COLUMN = 3  # D


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_office():
    port = free_port()
    profile = tempfile.mkdtemp(prefix="renkei-lo-profile-")
    proc = subprocess.Popen([
        "soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
        "-env:UserInstallation=file://" + profile,
        "--accept=socket,host=127.0.0.1,port=%d;urp;" % port,
    ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve("uno:socket,host=127.0.0.1,port=%d;urp;StarOffice.ComponentContext" % port)
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            return proc, desktop
        except Exception:
            time.sleep(0.5)
    proc.kill()
    sys.exit("soffice did not accept a UNO connection")


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def load(desktop, path):
    return desktop.loadComponentFromURL(url(path), "_blank", 0, (prop("Hidden", True),))


def store(doc, path):
    doc.storeToURL(url(path), (prop("FilterName", "Calc MS Excel 2007 XML"), prop("Overwrite", True)))
    doc.close(True)


def fill(doc, answers):
    sheet = doc.Sheets.getByName(ANSWER_SHEET)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_row = cursor.RangeAddress.EndRow
    rows = {}
    for r in range(last_row + 1):
        key = sheet.getCellByPosition(ID_COLUMN, r).getString()
        if key:
            rows[key] = r
    for key, value in answers.items():
        if key.startswith("_"):
            continue
        if key not in rows:
            sys.exit("no row for anchor key %s" % key)
        cell = sheet.getCellByPosition(ANSWER_COLUMN, rows[key])
        if isinstance(value, str):
            cell.setString(value)
        else:
            cell.setValue(value)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("fill", "resave"):
        sys.exit(__doc__)
    mode, src, out = sys.argv[1:]
    with open(os.path.join(HERE, "answers.json"), encoding="utf-8") as f:
        answers = json.load(f)
    proc, desktop = start_office()
    try:
        doc = load(desktop, src)
        if doc is None:
            sys.exit("soffice could not open %s" % src)
        if mode == "fill":
            fill(doc, answers)
        store(doc, out)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
