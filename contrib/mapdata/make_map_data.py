#!/usr/bin/env python3
"""Makes Sources/Dashboard/Resources/map.json, the 見える化 maps' only geography (run once; commit the output).

  python3 -m venv /tmp/mapvenv && /tmp/mapvenv/bin/pip install japanmap==0.6.0 JpGeocode==0.3.1 numpy
  /tmp/mapvenv/bin/python contrib/mapdata/make_map_data.py

Sources, both openly licensed and read from their installed packages (no network at run time):
- prefecture outlines: japanmap 0.6.0 (Apache-2.0, https://github.com/SaitoTsutomu/japanmap),
  its japan.json boundary lists (the part of each prefecture holding its capital; islands left out);
- municipality office coordinates: JpGeocode 0.3.1 (MIT, https://github.com/0x0u/JpGeocode),
  1,741 entries keyed by "都道府県,市区町村".
Each coordinate is matched to the master list (Sources/SurveyModel/Resources/municipalities.csv)
by prefecture and name and written under its 団体コード; names that differ between the two are
listed in RENAMED below (the only hand-made part). A municipality with no match is printed and
left out of the file: the dashboard lists it under its map, it is never dropped from a table.

Output: {"source": …, "prefectures": [{"code": "01", "rings": [[lon*1000, lat*1000, …], …]}],
"municipalities": [["011002", lon*1000, lat*1000], …]}; integers (thousandths of a degree,
about 100 m) keep the file small and exact to compare.
"""
import csv, json, sys
from pathlib import Path

import japanmap
import JpGeocode

ROOT = Path(__file__).resolve().parents[2]
MASTER = ROOT / "Sources/SurveyModel/Resources/municipalities.csv"
OUT = ROOT / "Sources/Dashboard/Resources/map.json"

# master-list name -> JpGeocode name, where the two spell a municipality differently.
RENAMED = {
    ("兵庫県", "丹波篠山市"): "篠山市",  # renamed 2019-05-01, same 団体コード 282219
    ("高知県", "檮原町"): "梼原町",      # 檮 / 梼: the same name in a simplified character
}

# Douglas–Peucker tolerance in degrees: ~1 km keeps coasts recognisable at 47 prefectures on a page.
TOLERANCE = 0.01


def simplify(points, tol):
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    best, index = -1.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        if d > best:
            best, index = d, i
    if best <= tol:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tol)[:-1] + simplify(points[index:], tol)


def prefecture_rings():
    qp, qo = japanmap.get_data()
    out = []
    for k, borders in enumerate(qo):
        # Each border is a list of point indices shared with a neighbour (or the sea, 0); joined in
        # order they trace the outline. Simplified border by border so neighbours stay flush.
        ring = []
        for _, indices in borders:
            pts = [tuple(qp[i][0]) for i in indices]
            part = simplify(pts, TOLERANCE)
            ring += part if not ring else part[1:]
        flat = []
        for lon, lat in ring:
            flat += [round(lon * 1000), round(lat * 1000)]
        out.append({"code": f"{k + 1:02d}", "rings": [flat]})
    return out


def municipalities():
    geo = json.loads((Path(JpGeocode.__file__).parent / "data/jp_geocode.json").read_text(encoding="utf-8"))
    rows, missing = [], []
    with MASTER.open(encoding="utf-8") as f:
        for m in csv.DictReader(f):
            name = RENAMED.get((m["prefecture"], m["name"]), m["name"])
            g = geo.get(f'{m["prefecture"]},{name}')
            if g is None:
                missing.append(m)
                continue
            rows.append([m["code"], round(g["lng"] * 1000), round(g["lat"] * 1000)])
    return rows, missing


def main():
    prefs = prefecture_rings()
    munis, missing = municipalities()
    for m in missing:
        print(f'no coordinate: {m["code"]} {m["prefecture"]}{m["name"]}', file=sys.stderr)
    doc = {
        "source": "都道府県の輪郭: japanmap 0.6.0（Apache License 2.0）／市区町村役場の位置: JpGeocode 0.3.1（MIT License）",
        "prefectures": prefs,
        "municipalities": munis,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) // 2 for p in prefs for r in p["rings"])
    print(f"{OUT.relative_to(ROOT)}: {len(prefs)} prefectures ({points} points), {len(munis)} municipalities, "
          f"{len(missing)} without a coordinate, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
