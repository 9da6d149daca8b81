#!/usr/bin/env python3
"""Reference figures for renkei's CP932 zip-name decoding, from Python's `cp932` codec
(generated from Microsoft's published CP932.TXT mapping).

  python3 Fixtures/zipnames/cp932.py

prints (1) the number of double-byte codes and the CRC-32 of the whole double-byte table
written as lines "8140 3000\n" (code, Unicode scalar, upper-case hex), which
Tests/XLSXReaderTests/ZipEntryNameTests.swift compares with what the reader decodes; and
(2) the CP932 bytes of the names the tests put into zips, as Swift array literals, so the
fixtures do not depend on the decoder they test.
"""
import zlib

lines = []
for lead in range(0x81, 0xFD):
    for trail in range(0x40, 0xFD):
        try:
            s = bytes([lead, trail]).decode("cp932")
        except UnicodeDecodeError:
            continue
        if len(s) == 1:
            lines.append("%02X%02X %04X\n" % (lead, trail, ord(s)))
table = "".join(lines).encode("ascii")
print("double-byte codes:", len(lines), "crc32: 0x%08X" % zlib.crc32(table))

NAMES = [
    "佐藤.xlsx", "高橋.xlsx", "髙橋.xlsx", "①回答.xlsx", "㈱ケアネット.xlsx", "ｱﾝｹｰﾄ回答.xlsx",
    "ﾌｼﾞｲ.xlsx",                       # its CP932 bytes are also valid UTF-8 ("̼޲.xlsx")
    "千代田区_回答.zip", "千代田区/コーディネーター/佐藤.xlsx", "～－∥￢.xlsx", "?田.xlsx",
]
for n in NAMES:
    b = n.encode("cp932")
    print('("%s", [%s]),' % (n, ", ".join("0x%02X" % x for x in b)))
