#!/usr/bin/env python3
"""make dashboard: opens the 見える化 pages of a run in headless Chromium (Debian's `chromium`,
driven by Playwright) and saves screenshots; fails on a console error, a failed or outside
request, or a blank map.

  check_pages.py RUN_FOLDER OUT_FOLDER

Pages: the national index (whole page and its map view), one prefecture (13_東京都, else the
first) and the カルテ page of its first municipality (karte/団体コード_名称.html). A map counts
as blank when its SVG has no drawn area/point or when it shows fewer than 2 fill colours.
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


def main():
    run, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()  # file URIs need absolute paths
    out.mkdir(parents=True, exist_ok=True)
    board = run / "見える化"
    prefs = sorted((board / "prefectures").iterdir())
    pref = next((p for p in prefs if p.name.startswith("13_")), prefs[0])
    first_card = None
    problems = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)

        def on_console(msg):
            if msg.type in ("error", "warning"):
                problems.append(f"console {msg.type} on {page.url}: {msg.text}")
        page.on("console", on_console)
        page.on("pageerror", lambda e: problems.append(f"script error on {page.url}: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"failed request {r.url}: {r.failure}"))

        def on_request(r):
            if not r.url.startswith("file://") and not r.url.startswith("data:") and not r.url.startswith("blob:"):
                problems.append(f"request outside the folder: {r.url}")
        page.on("request", on_request)

        def shoot(url, name, full=False):
            page.goto(url)
            page.wait_for_load_state("load")
            path = out / name
            page.screenshot(path=str(path), full_page=full)
            print(f"screenshot {path}")
            return path

        def check_map(name, selector):
            m = page.locator("svg.map").first
            if m.count() == 0:
                problems.append(f"{name}: no map")
                return
            shapes = page.locator(f"svg.map {selector}").count()
            if shapes == 0:
                problems.append(f"{name}: the map draws nothing ({selector})")
            m.scroll_into_view_if_needed()
            png = out / (name + "-map.png")
            m.screenshot(path=str(png))
            colours = page.evaluate("""(sel) => {
                const fills = new Set();
                document.querySelectorAll('svg.map ' + sel).forEach(e => fills.add(getComputedStyle(e).fill));
                return fills.size; }""", selector)
            print(f"{name}: {shapes} shapes, {colours} fills, screenshot {png}")
            if colours < 2:
                problems.append(f"{name}: the map has {colours} colour(s): blank")

        national = board / "index.html"
        shoot(national.as_uri(), "national.png", full=True)
        n = page.locator("svg.map .area").count()
        if n != 47:
            problems.append(f"national map has {n} prefecture shapes, not 47")
        check_map("national", ".area")
        page.locator("#map").screenshot(path=str(out / "national-map-view.png"))
        # Picking another indicator recolours the map and rewrites the table, with no error.
        fills = """() => Array.from(document.querySelectorAll('svg.map .area'),
                                     e => getComputedStyle(e).fill).join('|')"""
        table = "() => document.querySelector('#map table') ? document.querySelector('#map table').innerText : ''"
        opts = page.locator("#pick option").count()
        if opts > 1:
            before = (page.evaluate(fills), page.evaluate(table))
            page.select_option("#pick", index=opts - 1)
            after = (page.evaluate(fills), page.evaluate(table))
            page.locator("#map").screenshot(path=str(out / "national-map-picked.png"))
            if after[0] == before[0]:
                problems.append("national: picking another indicator left every fill as it was")
            if after[1] == before[1]:
                problems.append("national: picking another indicator left the table beside the map as it was")

        shoot((pref / "index.html").as_uri(), "prefecture.png", full=True)
        check_map("prefecture", ".pt")
        page.locator("#map").screenshot(path=str(out / "prefecture-map-view.png"))

        # The first municipality's カルテ, by the link in the table (one page per municipality).
        first_card = page.locator("#t-munis tbody tr th a").first.get_attribute("href")
        karte = pref / first_card
        if not karte.is_file():
            problems.append(f"カルテ: {first_card} is not a page of {pref.name}")
        else:
            shoot(karte.as_uri(), "karte.png", full=True)
            if page.locator("section.karte.on").count() != 1:
                problems.append("カルテ: not exactly one card shown")
            if page.locator("#t-karte tbody tr").count() == 0:
                problems.append("カルテ: its table is empty")
        browser.close()

    for p in problems:
        print("FAIL " + p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"ok: national, {pref.name}, カルテ {first_card}; screenshots in {out}")


if __name__ == "__main__":
    main()
