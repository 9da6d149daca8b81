"""Hostile inbox files for `make verify`: each case builds a small inbox holding the hostile
file(s) next to one genuine form, so a run shows both that the hostile file ends in the ledger
with a reason and that it spoils nothing else."""
import io
import os
import shutil
import stat
import struct
import zipfile
import zlib

GiB = 1 << 30
MiB = 1 << 20


# --- raw ZIP writing (Python's zipfile would inflate-check nothing, but it also would not let
# us reuse one compressed stream for many entries or write traversal names verbatim) ----------

def deflate_repeat(unit, total, level=9):
    """Raw-deflates `unit` repeated to `total` bytes; returns (compressed, crc32, size)."""
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    reps = max(1, MiB // len(unit))
    block = unit * reps
    out, crc, left = [], 0, total
    while left > 0:
        piece = block if left >= len(block) else block[:left]
        out.append(c.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    out.append(c.flush())
    return b"".join(out), crc & 0xFFFFFFFF, total


def stored(data):
    return data, zlib.crc32(data) & 0xFFFFFFFF, len(data)


def deflated(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    comp = c.compress(data) + c.flush()
    return comp, zlib.crc32(data) & 0xFFFFFFFF, len(data)


def raw_zip(entries):
    """entries: (name, method, (compressed, crc, size)). No ZIP64: keep sizes < 4 GiB."""
    out, cd = bytearray(), bytearray()
    for name, method, (comp, crc, size) in entries:
        nb = name.encode("utf-8")
        off = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x5821, crc, len(comp), size, len(nb), 0)
        out += nb + comp
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, method, 0, 0x5821, crc, len(comp), size,
                          len(nb), 0, 0, 0, 0, 0, off) + nb
    cdoff = len(out)
    out += cd
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), cdoff, 0)
    return bytes(out)


def rewrite_xlsx(src, dst, change=None, add=(), stored_add=()):
    """Copies a workbook, passing each part through change(name, bytes) -> bytes, then adds parts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if change:
                data = change(info.filename, data)
            zout.writestr(info.filename, data)
        for name, data in add:
            zout.writestr(name, data)
        for name, data in stored_add:
            zout.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_STORED)


def sheet_parts(path):
    """Worksheet part names, largest first (the answer sheet of a renkei form is the largest)."""
    with zipfile.ZipFile(path) as z:
        parts = [i for i in z.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
                 and "/_rels/" not in i.filename]
        return [i.filename for i in sorted(parts, key=lambda i: -i.file_size)]


def col_letters(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


# --- the cases ---------------------------------------------------------------------------------
# Each returns {file name in the ledger (path or path!member): (expected states, note)}; states
# is a set of acceptable ledger states (run.json: accepted, acceptedWithErrors, superseded, rejected, skipped).

REJECT = {"rejected"}
ANY_READ = {"accepted", "acceptedWithErrors", "rejected", "superseded"}


def case_zip_bomb_deep(inbox, form):
    # forwarded.zip ⊃ level1.zip ⊃ … ⊃ level6.zip ⊃ bomb.xlsx (1 GiB of zeros), plus a genuine form at level 1.
    inner = raw_zip([("bomb.xlsx", 8, deflate_repeat(b"\0", GiB))])
    for level in range(6, 1, -1):  # level6.zip holds bomb.xlsx; level2.zip holds level3.zip …
        inner = raw_zip([(f"level{level}.zip", 8, deflated(inner))])
    with open(form, "rb") as f:
        genuine = f.read()
    outer = raw_zip([("level1.zip", 8, deflated(inner)), ("genuine.xlsx", 8, deflated(genuine))])
    with open(os.path.join(inbox, "forwarded-deep.zip"), "wb") as f:
        f.write(outer)
    return {"forwarded-deep.zip!level1.zip/level2.zip": (REJECT, "zip in a zip in a zip"),
            "forwarded-deep.zip!genuine.xlsx": (ANY_READ - REJECT, "genuine form inside the bundle")}


def case_zip_bomb_wide(inbox, form):
    # wide.zip: 16 members of 256 MiB of zeros each (4 GiB in ~4 MB); wide.xlsx: a genuine form whose
    # shared strings part inflates to 256 MiB (ratio ≈ 1000).
    bomb = deflate_repeat(b"\0", 256 * MiB)
    with open(os.path.join(inbox, "wide.zip"), "wb") as f:
        f.write(raw_zip([(f"bomb{i:02d}.xlsx", 8, bomb) for i in range(16)]))
    sst = deflate_repeat(b"<si><t>lol</t></si>", 256 * MiB)
    with zipfile.ZipFile(form) as z:
        parts = [(i.filename, 8, deflated(z.read(i))) for i in z.infolist() if i.filename != "xl/sharedStrings.xml"]
    with open(os.path.join(inbox, "wide.xlsx"), "wb") as f:
        f.write(raw_zip(parts + [("xl/sharedStrings.xml", 8, sst)]))
    expect = {f"wide.zip!bomb{i:02d}.xlsx": (REJECT, "256 MiB member, ratio ≈ 1000") for i in range(16)}
    expect["wide.xlsx"] = (REJECT, "shared strings inflate to 256 MiB")
    return expect


def case_billion_laughs(inbox, form):
    dtd = ['<!DOCTYPE sst [', '<!ENTITY lol "lol">']
    for i in range(1, 10):
        dtd.append(f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">')
    dtd.append("]>")
    dtd = "\n".join(dtd).replace("&lol0;", "&lol;").encode()

    def change(name, data):
        if name == "xl/sharedStrings.xml":
            head, sep, rest = data.partition(b"?>")
            data = head + sep + b"\n" + dtd + rest
            data = data.replace(b"<si><t>", b"<si><t>&lol9;", 1)
        return data
    rewrite_xlsx(form, os.path.join(inbox, "billion-laughs.xlsx"), change)
    return {"billion-laughs.xlsx": (ANY_READ, "DTD with 10^9 'lol' in shared strings: never expanded")}


def case_billion_cells(inbox, form):
    # Declares A1:ALL1000000 (10^9 cells); adds cells at XFD1048576 and a full row r=1048576 (16,384 cells).
    target = sheet_parts(form)[0]

    def change(name, data):
        if name != target:
            return data
        import re
        data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:ALL1000000"/>', data, count=1)
        row = [b'<row r="1048576" spans="1:16384">']
        for c in range(16384):
            row.append(b'<c r="%s1048576"><v>%d</v></c>' % (col_letters(c).encode(), c))
        row.append(b"</row>")
        extra = b'<row r="999999"><c r="ALL999999"><v>1</v></c></row>' + b"".join(row)
        return data.replace(b"</sheetData>", extra + b"</sheetData>", 1)
    rewrite_xlsx(form, os.path.join(inbox, "billion-cells.xlsx"), change)
    return {"billion-cells.xlsx": (ANY_READ, "dimension A1:ALL1000000 and a full row 1048576")}


def case_200mb(inbox, form):
    # A genuine form carrying a 200 MB incompressible attachment (a photo of the paper form, say).
    rewrite_xlsx(form, os.path.join(inbox, "form-with-200mb-image.xlsx"),
                 stored_add=[("xl/media/image1.png", os.urandom(200 * MiB))])
    return {"form-with-200mb-image.xlsx": (ANY_READ, "200 MB file (stored 200 MB media part)")}


def case_dotdot(inbox, form):
    with open(form, "rb") as f:
        genuine = f.read()
    with open(os.path.join(inbox, "traversal.zip"), "wb") as f:
        f.write(raw_zip([("../../escaped.xlsx", 8, deflated(genuine)),
                         ("/tmp/renkei-absolute.xlsx", 8, deflated(genuine))]))
    rewrite_xlsx(form, os.path.join(inbox, "traversal-part.xlsx"),
                 add=[("../../../renkei-escaped-part.txt", b"must never be written anywhere")])
    return {"traversal.zip!../../escaped.xlsx": (ANY_READ | {"skipped"}, "member named ../../escaped.xlsx"),
            "traversal.zip!/tmp/renkei-absolute.xlsx": (ANY_READ | {"skipped"}, "member with an absolute name"),
            "traversal-part.xlsx": (ANY_READ, "workbook with a ../ part name")}


def case_symlink(inbox, form):
    outside = os.path.join(os.path.dirname(inbox), "outside.xlsx")
    shutil.copy(form, outside)
    os.symlink(outside, os.path.join(inbox, "link-to-form.xlsx"))
    os.symlink("/etc/shadow", os.path.join(inbox, "link-to-shadow.xlsx"))
    os.symlink("/nonexistent/dangling.xlsx", os.path.join(inbox, "dangling.xlsx"))
    os.symlink("/", os.path.join(inbox, "link-to-root"))
    return {"link-to-form.xlsx": (REJECT, "symlink to a form outside the inbox"),
            "link-to-shadow.xlsx": (REJECT, "symlink to /etc/shadow"),
            "dangling.xlsx": (REJECT, "dangling symlink"),
            "link-to-root": (REJECT, "symlink to / (never walked)")}


def case_unreadable(inbox, form):
    p = os.path.join(inbox, "unreadable.xlsx")
    shutil.copy(form, p)
    os.chmod(p, 0)
    return {"unreadable.xlsx": (REJECT, "chmod 000 (run without CAP_DAC_OVERRIDE)")}


def case_special(inbox, form):
    os.mkfifo(os.path.join(inbox, "pipe.xlsx"))
    os.mkdir(os.path.join(inbox, "folder.xlsx"))
    open(os.path.join(inbox, "empty.xlsx"), "wb").close()
    with open(os.path.join(inbox, "truncated.xlsx"), "wb") as f, open(form, "rb") as g:
        f.write(g.read()[:4000])
    return {"pipe.xlsx": (REJECT, "a FIFO: must not block the run"),
            "empty.xlsx": (REJECT, "0 bytes"),
            "truncated.xlsx": (REJECT, "first 4000 bytes of a form")}


def case_vanishing(inbox, form):
    # The files are made here; verify.py runs a loop replacing and removing them during the run.
    for i in range(8):
        shutil.copy(form, os.path.join(inbox, f"vanish-{i}.xlsx"))
        shutil.copy(form, os.path.join(inbox, f"change-{i}.xlsx"))
    return {}


CASES = [
    ("zip bomb, deep (6 nested zips, 1 GiB inside)", "zip-bomb-deep", case_zip_bomb_deep),
    ("zip bomb, wide (16 × 256 MiB; 256 MiB sharedStrings)", "zip-bomb-wide", case_zip_bomb_wide),
    ("billion laughs (DTD entities in sharedStrings)", "billion-laughs", case_billion_laughs),
    ("sheet declaring 10^9 cells + row 1048576 full", "billion-cells", case_billion_cells),
    ("200 MB file", "200mb", case_200mb),
    ("zip entry names with ../ and /abs", "dotdot", case_dotdot),
    ("symlinks (to a form, /etc/shadow, dangling, /)", "symlink", case_symlink),
    ("unreadable file (chmod 000, no DAC override)", "unreadable", case_unreadable),
    ("FIFO, folder named .xlsx, empty, truncated", "special", case_special),
    ("files vanishing / changing during the run", "vanishing", case_vanishing),
]
