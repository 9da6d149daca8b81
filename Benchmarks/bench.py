#!/usr/bin/env python3
"""`make bench`: renkei against its peers and the inflate floor, on a simulated nation.

In one run, side by side and interleaved (so a noisy neighbour hurts every tool alike), each
measured several times under /usr/bin/time -v:

  renkei run        the whole job, discover → reports published, every file parsed (--no-cache);
                    the same without 見える化 (--omit: what the dashboard costs is the difference)
                    and with --previous (a previous survey published once, as `make run` does)
  quiet night       renkei run where 1% of the files are new since the last run (the answer
                    cache of the other 99% is in place, as after a real night)
  renkei validate   ingestion alone (discover, read, identify, extract, validate, resolve)
  calamine peer     Benchmarks/peers/pipeline.py with python-calamine
  openpyxl peer     Benchmarks/peers/pipeline.py with pandas + openpyxl (fewer runs: slow)
  inflate floor     .build/release/InflateFloor: the same parts of the same files, zlib only
  deflate floor     Benchmarks/deflate_floor.py: the parts of the workbooks the whole job published,
                    deflated again as libxlsxwriter does (checked to give back the stored bytes)

then the same for 10× the nation (hard links under other names) to show linear growth.
Prints a Markdown table (medians) and writes it into docs/results.md between the bench markers.

usage: bench.py [--runs N] [--slow-runs N] [--jobs N] [--no-scale] [--no-readme]
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import results_doc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench-out")
RENKEI = os.path.join(ROOT, ".build/release/renkei")
FLOOR = os.path.join(ROOT, ".build/release/InflateFloor")
PY = os.path.join(ROOT, "Benchmarks/.venv/bin/python")
PIPELINE = os.path.join(ROOT, "Benchmarks/peers/pipeline.py")
DEFLATE = os.path.join(ROOT, "Benchmarks/deflate_floor.py")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def nation():
    """The simulated nation, made once and reused (bench-out/ is git-ignored)."""
    path = os.path.join(OUT, "nation")
    if not os.path.exists(os.path.join(path, "answer-key.json")):
        shutil.rmtree(path, ignore_errors=True)
        log("simulating the nation into bench-out/nation …")
        subprocess.run([RENKEI, "simulate", "--out", path], check=True)
    return path


def made_once(name, what, fill):
    """bench-out/<name>, its inbox/ filled once by fill(inbox); a marker says it is complete."""
    path = os.path.join(OUT, name)
    marker = os.path.join(path, ".complete")
    if os.path.exists(marker):
        return path
    shutil.rmtree(path, ignore_errors=True)
    inbox = os.path.join(path, "inbox")
    os.makedirs(inbox)
    log(what)
    fill(inbox)
    open(marker, "w").close()
    return path


def nation10(src_inbox):
    """10× the nation: every file hard-linked ten times under other folder names."""
    def fill(inbox):
        for k in range(10):
            dst = os.path.join(inbox, f"batch{k:02d}")
            try:
                subprocess.run(["cp", "-al", src_inbox, dst], check=True)
            except subprocess.CalledProcessError:
                subprocess.run(["cp", "-a", src_inbox, dst], check=True)
    return made_once("nation10", "linking 10× the nation into bench-out/nation10 …", fill)


def nations10():
    """Ten different simulated nations in one inbox (seeds 1…10): every respondent answers ten times
    with other answers and the coordinators' sets differ, so the reports hold ~10× the coordinator
    forms — what the hard-linked 10× cannot show (its copies are superseded as duplicates)."""
    def fill(inbox):
        for k in range(1, 11):
            sim = os.path.join(os.path.dirname(inbox), f"seed{k}")
            subprocess.run([RENKEI, "simulate", "--out", sim, "--seed", str(k)], check=True, stdout=subprocess.DEVNULL)
            os.rename(os.path.join(sim, "inbox"), os.path.join(inbox, f"seed{k:02d}"))
            shutil.rmtree(sim)
    return made_once("nations10", "simulating ten different nations into bench-out/nations10 (once, ~2 min) …", fill)


def quiet_night(src_inbox):
    """An inbox where 1% of the workbooks are new: the other 99% were read by the last run, whose
    answer cache is saved aside and put back before each measured run (a run rewrites it)."""
    path = os.path.join(OUT, "night")
    inbox, reports = os.path.join(path, "inbox"), os.path.join(path, "reports")
    saved = os.path.join(path, "cache-99.bin")
    aside = os.path.join(path, "late")
    interrupted = os.path.isdir(aside) and os.listdir(aside)  # files still aside: the inbox lacks them
    if interrupted or not os.path.exists(os.path.join(path, ".complete")):
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
        subprocess.run(["cp", "-al", src_inbox, inbox], check=True)
        open(os.path.join(path, ".complete"), "w").close()
    # The last run, by this build: a cache saved by another version (or codebook) is rightly
    # ignored by renkei, and the night would re-read every file.
    books = sorted(os.path.join(d, f) for d, _, fs in os.walk(inbox) for f in fs if f.endswith(".xlsx"))
    late = books[::100]
    os.makedirs(aside, exist_ok=True)
    for i, f in enumerate(late):
        os.rename(f, os.path.join(aside, str(i)))
    try:
        log(f"quiet night: the last run reads {len(books) - len(late)} workbooks; {len(late)} arrive new")
        shutil.rmtree(reports, ignore_errors=True)
        subprocess.run([RENKEI, "run", "--inbox", inbox, "--out", reports, "--keep", "2", "--log-level", "error"],
                       check=False, stdout=subprocess.DEVNULL)
        shutil.copyfile(os.path.join(reports, ".cache", "answers.bin"), saved)
    finally:
        for i, f in enumerate(late):
            os.rename(os.path.join(aside, str(i)), f)
    cache = os.path.join(reports, ".cache", "answers.bin")
    cmd = ["sh", "-c", f'cp "$1" "$2" && exec "$3" run --inbox "$4" --out "$5" --keep 2', "night", saved, cache, RENKEI,
           inbox, reports]
    return Tool("quiet", "renkei run, 1% new files (cache)", cmd, 0, ok=(0, 1))


def previous_survey():
    """A previous survey (another seed, as `make run` simulates) published once into
    bench-out/previous-reports; the `latest` every --previous row compares with."""
    path = os.path.join(OUT, "previous")
    reports = os.path.join(OUT, "previous-reports")
    if not os.path.exists(os.path.join(path, "answer-key.json")):
        shutil.rmtree(path, ignore_errors=True)
        log("simulating the previous survey into bench-out/previous …")
        subprocess.run([RENKEI, "simulate", "--out", path, "--seed", "2022"], check=True, stdout=subprocess.DEVNULL)
    if not os.path.exists(os.path.join(reports, "latest", "answers.csv")):
        log("publishing the previous survey into bench-out/previous-reports …")
        p = subprocess.run([RENKEI, "run", "--inbox", os.path.join(path, "inbox"), "--out", reports, "--log-level", "error"],
                           stdout=subprocess.DEVNULL)
        if p.returncode > 1:
            raise SystemExit(f"publishing the previous survey exited {p.returncode}")
    return os.path.join(reports, "latest")


def timed(cmd, ok=(0,), env=None):
    """Runs cmd under /usr/bin/time -v; returns wall s, cpu s (user+sys), peak RSS MB, stdout."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=env)
        wall = time.perf_counter() - t0
        report = tf.read()
    if p.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stderr[-2000:]}")

    def field(name):
        m = re.search(rf"{re.escape(name)}: ([0-9.]+)", report)
        return float(m.group(1)) if m else float("nan")
    cpu = field("User time (seconds)") + field("System time (seconds)")
    rss = field("Maximum resident set size (kbytes)") / 1024
    return {"wall": wall, "cpu": cpu, "rss": rss, "stdout": p.stdout}


class Tool:
    def __init__(self, key, label, cmd, runs, ok=(0,), after=None):
        self.key, self.label, self.cmd, self.runs, self.ok, self.after = key, label, cmd, runs, ok, after
        self.samples = []
        self.extra = []

    def once(self):
        r = timed(self.cmd, self.ok)
        if self.after:
            self.extra.append(self.after(r))
        self.samples.append(r)
        return r

    def median(self, k):
        return statistics.median(s[k] for s in self.samples) if self.samples else float("nan")


def measure(tools, warmup=True):
    """Interleaves the tools round by round; slow tools drop out when their runs are done."""
    if warmup:
        for t in tools:
            if t.runs > 1:
                timed(t.cmd, t.ok)  # page cache, dyld, Python imports
    rounds = max(t.runs for t in tools)
    for i in range(rounds):
        for t in tools:
            if i < t.runs:
                r = t.once()
                log(f"  {t.label:<34} run {i + 1}/{t.runs}: {r['wall']:.3f} s wall, {r['cpu']:.3f} s cpu, {r['rss']:.0f} MB")


def renkei_tools(inbox, reports, runs, slow_runs, jobs, peers=True, previous=None, pair_runs=None, deflate=False):
    def run_json(_r):
        latest = os.path.join(reports, "latest", "run.json")
        with open(latest) as f:
            return json.load(f)["timings_seconds"]
    run = [RENKEI, "run", "--inbox", inbox, "--keep", "2", "--no-cache"]
    tools = [
        Tool("run", "renkei run (whole job)", run + ["--out", reports], runs, ok=(0, 1), after=run_json),
    ]
    if previous:
        # Beside the whole job, each in its own out folder (the row above reads its own latest run.json).
        # The dashboard's cost is a difference of two noisy times: the pair runs right after each
        # other, more often than the rest, and is read as the median of per-round differences.
        pair = max(runs, pair_runs or runs)
        tools[0].runs = pair
        tools += [
            Tool("omit", "renkei run --omit 見える化", run + ["--out", reports + "-omit", "--omit", "見える化"], pair, ok=(0, 1)),
            Tool("previous", "renkei run --previous", run + ["--out", reports + "-previous", "--previous", previous], runs, ok=(0, 1)),
        ]
    tools += [
        Tool("validate", "renkei validate (ingestion)", [RENKEI, "validate", "--inbox", inbox], runs, ok=(0, 1)),
        Tool("floor", "inflate floor (zlib only)", [FLOOR, inbox], runs),
    ]
    if deflate:
        # What the whole job just published: the deflating alone, timed inside the script.
        tools.append(Tool("deflate", "deflate floor (zlib only)", [sys.executable, DEFLATE, os.path.join(reports, "latest")],
                          runs, after=lambda r: json.loads(r["stdout"])))
    if peers:
        tools += [
            Tool("calamine", f"peer: python-calamine ({jobs} proc)", [PY, PIPELINE, "calamine", inbox, "--jobs", str(jobs)], runs),
            Tool("openpyxl", f"peer: pandas+openpyxl ({jobs} proc)", [PY, PIPELINE, "openpyxl", inbox, "--jobs", str(jobs)], slow_runs),
        ]
    return tools


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu}, {mem:.0f} GB RAM, {platform.system()} {platform.release()}"


def fmt(x, d=2):
    return "—" if x != x else f"{x:.{d}f}"


def table(tools, scale_tools, files, files10, runs_note):
    by = {t.key: t for t in tools}
    run, val, floor = by["run"], by["validate"], by["floor"]
    lines = ["| step | runs | wall s (median) | CPU s user+sys | peak RSS MB | renkei ÷ this (wall) | renkei ÷ this (CPU) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]

    def row(label, t, ref=None, note=""):
        ratio_w = ratio_c = "—"
        if ref is not None:
            ratio_w = f"{ref.median('wall') / t.median('wall'):.3f}"
            ratio_c = f"{ref.median('cpu') / t.median('cpu'):.3f}"
        lines.append(f"| {label}{note} | {len(t.samples)} | {fmt(t.median('wall'), 3)} | {fmt(t.median('cpu'), 3)} | "
                     f"{fmt(t.median('rss'), 0)} | {ratio_w} | {ratio_c} |")
    row("renkei run — whole job", run)
    if run.extra:
        stages = ["discover", "parse", "resolve", "tabulate", "reports", "publish"]
        med = {k: statistics.median(e[k] for e in run.extra) for k in stages if all(k in e for e in run.extra)}
        lines.append("| ↳ run.json stages, s (median): " + ", ".join(f"{k} {v:.3f}" for k, v in med.items()) + " | | | | | | |")
    if "omit" in by:
        row("renkei run — whole job without 見える化 (--omit)", by["omit"])
    if "previous" in by:
        row("renkei run — whole job with --previous (as `make run`)", by["previous"])
    if "quiet" in by:
        row("renkei run — a night with 1% new files (answer cache)", by["quiet"])
    row("renkei validate — ingestion", val)
    for key in ("calamine", "openpyxl"):
        if key in by:
            row(by[key].label, by[key], ref=val, note=" (vs validate)")
    row("inflate floor", floor, ref=run, note=" (vs run)")
    if "deflate" in by and by["deflate"].extra:
        d = by["deflate"]
        e = d.extra[-1]
        lines.append(f"| deflate floor: the {e['parts']} parts ({e['bytes'] / 1e6:.1f} MB of XML) of the workbooks the whole job "
                     f"published, deflated again as libxlsxwriter does (every part's stored bytes reproduced) | {len(d.extra)} | "
                     f"{fmt(deflate_median(d, 'wall'), 3)} | {fmt(deflate_median(d, 'cpu'), 3)} | — | — | — |")
    out = ["\n".join(lines)]
    out.append(f"\nInbox: `bench-out/nation/inbox`, {files} files (zip bundles count once); {runs_note}")
    if scale_tools:
        sb = {t.key: t for t in scale_tools}
        s = ["| 10× the nation | runs | wall s | CPU s | peak RSS MB | 10× ÷ 1× (wall) | 10× ÷ 1× (CPU) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for key, base in (("run", run), ("validate", val), ("floor", floor)):
            t = sb[key]
            s.append(f"| {t.label} | {len(t.samples)} | {fmt(t.median('wall'), 3)} | {fmt(t.median('cpu'), 3)} | "
                     f"{fmt(t.median('rss'), 0)} | {t.median('wall') / base.median('wall'):.2f} | {t.median('cpu') / base.median('cpu'):.2f} |")
        out.append("\n" + "\n".join(s))
        if "nations" in sb:
            t = sb["nations"]
            s.append(f"| {t.label} | {len(t.samples)} | {fmt(t.median('wall'), 3)} | {fmt(t.median('cpu'), 3)} | "
                     f"{fmt(t.median('rss'), 0)} | {t.median('wall') / run.median('wall'):.2f} | {t.median('cpu') / run.median('cpu'):.2f} |")
        out.append(f"\nInbox: `bench-out/nation10/inbox`, {files10} files (the nation hard-linked ten times "
                   "under other folder names: every respondent's form appears ten times, so resolution supersedes nine)"
                   + ("; ten different nations: `bench-out/nations10/inbox` (`renkei simulate --seed 1` … `--seed 10`: "
                      "every respondent answers ten times with other answers, ~10× the coordinator forms accepted)."
                      if "nations" in sb else "."))
    return "\n".join(out)


def deflate_median(tool, k):
    """The deflate floor's own figure (timed inside the script, without reading or Python's start)."""
    return statistics.median(e[k] for e in tool.extra) if tool.extra else float("nan")


def goals(tools, scale_tools, jobs):
    by = {t.key: t for t in tools}
    run, val, floor = by["run"], by["validate"], by["floor"]
    g = []

    def add(name, ok, figure):
        g.append(f"| {name} | {figure} | {'met' if ok else '**missed**'} |")
    w = run.median("wall")
    # The least any run publishing these same bytes could take on `jobs` cores: zlib alone, both ways.
    dcpu = deflate_median(by["deflate"], "cpu") if "deflate" in by else float("nan")
    bound = (floor.median("cpu") + dcpu) / jobs
    floor_note = (f" (zlib alone, inflating the inbox {floor.median('cpu'):.3f} s + deflating these workbooks {dcpu:.3f} s CPU, "
                  f"is ≥ {bound:.3f} s on {jobs} cores)") if dcpu == dcpu else ""
    add(f"whole job ≤ 1 s wall ({jobs} cores)", w <= 1, f"{w:.3f} s{floor_note}")
    if "previous" in by:
        wp = by["previous"].median("wall")
        add(f"whole job with --previous ≤ 1 s wall ({jobs} cores)", wp <= 1, f"{wp:.3f} s")
    if "omit" in by:
        # The same run with and without the dashboard, one right after the other in each round: the
        # median of the rounds' differences (a neighbour's load hits both runs of a round alike).
        om = by["omit"]
        pairs = list(zip(run.samples, om.samples))
        dw = statistics.median(a["wall"] - b["wall"] for a, b in pairs)
        dc = statistics.median(a["cpu"] - b["cpu"] for a, b in pairs)
        add("見える化 adds ≤ 0.2 s to the whole job (issue 24)", dw <= 0.2,
            f"{dw:+.3f} s wall, {dc:+.3f} s CPU (median of {len(pairs)} rounds' differences; "
            f"difference of medians {w - om.median('wall'):+.3f} s wall)")
    if "quiet" in by:
        q = by["quiet"].median("wall")
        add("a night with 1% new files ≤ 0.3 s wall", q <= 0.3,
            f"{q:.3f} s" + (f" (deflating the workbooks it rewrites alone is ≥ {dcpu / jobs:.3f} s on {jobs} cores)" if dcpu == dcpu else ""))
    if "calamine" in by:
        r = by["calamine"].median("cpu") / val.median("cpu")
        add("validate CPU ≤ 1/2.5 of python-calamine's", r >= 2.5, f"{r:.2f}× less CPU")
    r = val.median("cpu") / floor.median("cpu")
    add("validate CPU ≤ 2.5× the inflate floor", r <= 2.5, f"{r:.2f}×")
    if "calamine" in by:
        r = by["calamine"].median("wall") / val.median("wall")
        add("ingestion ≥ 4× faster than python-calamine", r >= 4, f"{r:.1f}× (wall), {by['calamine'].median('cpu') / val.median('cpu'):.1f}× (CPU)")
    if "openpyxl" in by:
        r = by["openpyxl"].median("wall") / val.median("wall")
        add("ingestion ≥ 60× faster than pandas+openpyxl", r >= 60, f"{r:.1f}× (wall), {by['openpyxl'].median('cpu') / val.median('cpu'):.1f}× (CPU)")
    r = w / floor.median("wall")
    add("whole job within 3× of the inflate floor", r <= 3, f"{r:.2f}× (wall), {run.median('cpu') / floor.median('cpu'):.2f}× (CPU)")
    m = max(run.median("rss"), val.median("rss"))
    add("peak memory < 300 MB", m < 300, f"{m:.0f} MB")
    if scale_tools:
        sb = {x.key: x for x in scale_tools}
        m10 = sb["run"].median("rss")
        add("10× the nation: peak RSS < 300 MB", m10 < 300, f"{m10:.0f} MB")
        if "nations" in sb:
            mn = sb["nations"].median("rss")
            add("ten different nations in one inbox: peak RSS < 300 MB (stricter than the issue's 10×)", mn < 300, f"{mn:.0f} MB")
    if scale_tools:
        # CPU, not wall: a neighbour's load during either measurement skews the wall ratio.
        sb = {x.key: x for x in scale_tools}
        rv = sb["validate"].median("cpu") / val.median("cpu")
        rr = sb["run"].median("cpu") / run.median("cpu")
        add("10× the nation grows linearly (≤ 10× + noise)", rv <= 11,
            f"ingestion {rv:.2f}× CPU, whole job {rr:.2f}× CPU (reports stay 48 workbooks), "
            f"{sb['run'].median('wall') / w:.2f}× wall, for 10× the files")
    return "| goal (issues 7, 24, 25) | measured | |\n| --- | --- | --- |\n" + "\n".join(g)


def count_files(inbox):
    return sum(len(fs) for _, _, fs in os.walk(inbox))


def write_results(text):
    results_doc.replace_block("bench", text, "## Performance\n\n`make bench` measures the figures below; "
                              "see `Benchmarks/bench.py` for what each row runs.")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)))
    ap.add_argument("--slow-runs", type=int, default=int(os.environ.get("BENCH_SLOW_RUNS", 1)))
    ap.add_argument("--pair-runs", type=int, default=int(os.environ.get("BENCH_PAIR_RUNS", 9)),
                    help="runs of the whole job with and without 見える化 (their difference is noisier than either)")
    ap.add_argument("--scale-runs", type=int, default=int(os.environ.get("BENCH_SCALE_RUNS", 3)))
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--no-scale", action="store_true")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--no-results", "--no-readme", dest="no_results", action="store_true")
    a = ap.parse_args()

    for exe in (RENKEI, FLOOR, PY):
        if not os.path.exists(exe):
            raise SystemExit(f"missing {exe}: run `make bench` (it builds and installs what is needed)")
    base = nation()
    inbox = os.path.join(base, "inbox")
    reports = os.path.join(OUT, "reports")
    files = count_files(inbox)
    log(f"1× the nation: {files} files")
    tools = renkei_tools(inbox, reports, a.runs, a.slow_runs, a.jobs, peers=not a.no_peers, previous=previous_survey(),
                         pair_runs=a.pair_runs, deflate=True)
    night = quiet_night(inbox)
    night.runs = a.runs
    # After the whole job and its --omit twin, which run back to back in every round.
    tools.insert(2 if len(tools) > 1 and tools[1].key == "omit" else 1, night)
    measure(tools)
    for t in tools:
        if t.key in ("calamine", "openpyxl"):
            log(f"  {t.label}: {t.samples[-1]['stdout'].strip()}")

    scale_tools, files10 = [], 0
    if not a.no_scale:
        big = nation10(inbox)
        inbox10 = os.path.join(big, "inbox")
        files10 = count_files(inbox10)
        log(f"10× the nation: {files10} files")
        scale_tools = renkei_tools(inbox10, os.path.join(OUT, "reports10"), a.scale_runs, 0, a.jobs, peers=False)
        many = os.path.join(nations10(), "inbox")
        scale_tools.append(Tool("nations", "renkei run (ten different nations)",
                                [RENKEI, "run", "--inbox", many, "--keep", "2", "--no-cache", "--log-level", "error",
                                 "--out", os.path.join(OUT, "reports-nations10")], a.scale_runs, ok=(0, 1)))
        measure(scale_tools, warmup=True)

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    runs_note = (f"medians of {a.runs} runs ({a.pair_runs} for the whole job with and without 見える化, "
                 f"{a.slow_runs} for pandas+openpyxl), interleaved, warm page cache; "
                 f"Python peers use {a.jobs} worker processes (renkei uses every core too). On a shared machine "
                 "wall times move with the neighbours' load; the CPU columns are the steadier comparison.")
    text = (f"Measured {stamp} on {machine()}.\n\n" + table(tools, scale_tools, files, files10, runs_note)
            + "\n\n" + goals(tools, scale_tools, a.jobs))
    print(text)
    if not a.no_results:
        write_results(text)
        log("docs/results.md: Performance section updated")


if __name__ == "__main__":
    main()
