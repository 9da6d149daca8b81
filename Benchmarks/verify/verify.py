#!/usr/bin/env python3
"""`make verify`: renkei cannot be broken by what arrives in the inbox, nor by the disk.

Sections (all by default; pick with --only fuzz,hostile,faults,office):
  fuzz     libFuzzer on the reader (ReaderFuzz) and on the whole ingestion of one file
           (IngestFuzz), seeded with Fixtures/ and simulated forms, VERIFY_FUZZ_SECONDS in total
           (default 1800, split between the targets, run side by side); the minimized corpus is
           kept in Fixtures/fuzz/<target>/ (capped), crashers in Fixtures/fuzz/<target>/regressions/.
  hostile  zip bombs, billion laughs, 10^9 declared cells, a 200 MB file, ../ names, symlinks,
           an unreadable file, a FIFO, files vanishing mid-run: each must end in the ledger with a
           reason, the run within VERIFY_TIME_LIMIT seconds and VERIFY_RSS_LIMIT_MB.
  faults   disk full while writing reports (tmpfs), output folder not writable, kill -9 during
           publish: the previous `latest` stays intact, the exit status says what happened.
  office   every workbook renkei writes opens in LibreOffice (PDF export) and reads back through
           python-calamine and openpyxl with the values `renkei cells` says were written.

Prints a table of checks (PASS/FAIL) and exits 1 if any failed.
"""
import argparse
import collections
import datetime
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import hostile  # noqa: E402

RENKEI = os.path.join(ROOT, ".build/release/renkei")
FUZZ_BUILD = os.path.join(ROOT, ".build-fuzz/release")
WORK = os.path.join(ROOT, "verify-out")
TIME_LIMIT = float(os.environ.get("VERIFY_TIME_LIMIT", 30))
RSS_LIMIT = float(os.environ.get("VERIFY_RSS_LIMIT_MB", 300))
CORPUS_CAP = int(os.environ.get("VERIFY_CORPUS_CAP_KB", 2048)) * 1024

RESULTS = []  # (section, check, ok, detail)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def check(section, name, ok, detail=""):
    RESULTS.append((section, name, bool(ok), detail))
    log(f"  [{'PASS' if ok else 'FAIL'}] {section}: {name} — {detail}")
    return ok


def sh(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def timed(cmd, timeout, prefix=()):
    """Runs cmd under /usr/bin/time -v with a timeout: (exit status or 'timeout', wall s, peak RSS MB, stderr)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.Popen(list(prefix) + ["/usr/bin/time", "-v", "-o", tf.name] + cmd,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = p.communicate(timeout=timeout)
            status = p.returncode
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            status = "timeout"
        wall = time.perf_counter() - t0
        report = tf.read()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    rss = int(m.group(1)) / 1024 if m else float("nan")
    m = re.search(r"Exit status: (\d+)", report)
    if status != "timeout" and m:
        status = int(m.group(1))
    if "Command terminated by signal" in report:
        status = "signal " + re.search(r"Command terminated by signal (\d+)", report).group(1)
    return status, wall, rss, err


# --- shared inputs ----------------------------------------------------------------------------

def sample_nation():
    """A small simulated inbox (鳥取県, all faults): forms for seeds and hostile cases."""
    path = os.path.join(WORK, "sim")
    if not os.path.exists(os.path.join(path, "answer-key.json")):
        shutil.rmtree(path, ignore_errors=True)
        r = sh([RENKEI, "simulate", "--out", path, "--prefectures", "31", "--seed", "7"])
        if r.returncode != 0:
            raise SystemExit(f"renkei simulate failed: {r.stderr}")
    with open(os.path.join(path, "answer-key.json")) as f:
        key = json.load(f)
    return path, key


def genuine_forms(sim, key, n=1):
    out = []
    for f in key["files"]:
        if f.get("member") is None and f["state"] == "accepted" and f["reason"] == "accepted" and not f["faults"] \
                and (f.get("respondent") or "").startswith("MUNI:"):
            out.append(os.path.join(sim, "inbox", f["path"]))
    return out[:n]


def run_record(out):
    try:
        with open(os.path.join(out, "latest", "run.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def input_name(i):
    return i["path"] + ("!" + i["member"] if i.get("member") else "")


# --- fuzz -------------------------------------------------------------------------------------

def fuzz(total_seconds):
    sim, key = sample_nation()
    targets = ["ReaderFuzz", "IngestFuzz"]
    for t in targets:
        if not os.path.exists(os.path.join(FUZZ_BUILD, t)):
            check("fuzz", f"{t} built", False, f"missing {FUZZ_BUILD}/{t}: run `make verify` (it builds the fuzzers)")
            return
    # Seeds: every fixture (reader corpus, forms, odd files) and a spread of simulated returns.
    seeds = os.path.join(WORK, "fuzz-seeds")
    shutil.rmtree(seeds, ignore_errors=True)
    os.makedirs(seeds)
    n = 0
    for p in glob.glob(os.path.join(ROOT, "Fixtures", "**", "*"), recursive=True):
        if os.path.isfile(p) and "/Fixtures/fuzz/" not in p and os.path.getsize(p) <= 262144:
            shutil.copy(p, os.path.join(seeds, f"fixture-{n:04d}-" + os.path.basename(p))); n += 1
    sims = sorted(p for p in glob.glob(os.path.join(sim, "inbox", "**", "*"), recursive=True) if os.path.isfile(p))
    for i, p in enumerate(sims[:: max(1, len(sims) // 24)]):
        if os.path.getsize(p) <= 262144:
            shutil.copy(p, os.path.join(seeds, f"sim-{i:03d}-" + os.path.basename(p)))
    per = max(10, int(total_seconds / len(targets)))
    log(f"fuzz: {len(targets)} targets × {per} s side by side, {len(os.listdir(seeds))} seed files")
    procs = {}
    for t in targets:
        base = os.path.join(ROOT, "fuzz-out", t)
        os.makedirs(os.path.join(base, "corpus"), exist_ok=True)
        os.makedirs(os.path.join(base, "artifacts"), exist_ok=True)
        kept = os.path.join(ROOT, "Fixtures", "fuzz", t)
        os.makedirs(kept, exist_ok=True)
        logf = open(os.path.join(base, "fuzz.log"), "w")
        cmd = [os.path.join(FUZZ_BUILD, t), os.path.join(base, "corpus"), kept, seeds,
               f"-max_total_time={per}", "-timeout=10", "-rss_limit_mb=2048", "-max_len=262144",
               "-artifact_prefix=" + os.path.join(base, "artifacts") + "/", "-print_final_stats=1"]
        procs[t] = (subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, cwd=base), logf, base, kept)
    for t, (p, logf, base, kept) in procs.items():
        p.wait()
        logf.close()
        with open(os.path.join(base, "fuzz.log"), errors="replace") as f:
            text = f.read()
        stats = dict(re.findall(r"stat::(\w+):\s+(\d+)", text))
        cov = re.findall(r"cov: (\d+) ft: (\d+)", text)
        execs = int(stats.get("number_of_executed_units", 0))
        rate = int(stats.get("average_exec_per_sec", 0))
        arts = [a for a in os.listdir(os.path.join(base, "artifacts")) if not a.startswith(".")]
        # Keep crashers as regression fixtures (renamed: crash-* is git-ignored).
        reg = os.path.join(kept, "regressions")
        for a in arts:
            os.makedirs(reg, exist_ok=True)
            with open(os.path.join(base, "artifacts", a), "rb") as f:
                digest = hashlib.sha1(f.read()).hexdigest()[:16]
            shutil.copy(os.path.join(base, "artifacts", a), os.path.join(reg, a.split("-")[0] + "-regression-" + digest))
        detail = (f"{execs:,} execs, {rate:,} exec/s, cov {cov[-1][0] if cov else '?'} ft {cov[-1][1] if cov else '?'}, "
                  f"{len(arts)} crash/timeout/oom artifacts, {per} s, exit {p.returncode}")
        check("fuzz", f"{t}: {per} s without a crash", p.returncode == 0 and not arts and execs > 0, detail)
        merged = merge_corpus(t, base, kept, seeds)
        check("fuzz", f"{t}: minimized corpus kept in Fixtures/fuzz/{t}", merged is not None, merged or "merge failed")
    for t in targets:
        reg = os.path.join(ROOT, "Fixtures", "fuzz", t, "regressions")
        files = sorted(glob.glob(os.path.join(reg, "*")))
        if files:
            r = sh([os.path.join(FUZZ_BUILD, t)] + files + ["-runs=1"], cwd=WORK)
            check("fuzz", f"{t}: {len(files)} regression fixtures replay cleanly", r.returncode == 0, r.stderr[-300:])


def merge_corpus(t, base, kept, seeds):
    fresh = kept + ".new"
    shutil.rmtree(fresh, ignore_errors=True)
    os.makedirs(fresh)
    r = sh([os.path.join(FUZZ_BUILD, t), "-merge=1", "-rss_limit_mb=2048", "-timeout=10", fresh,
            kept, os.path.join(base, "corpus"), seeds], cwd=base)
    if r.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        return None
    files = sorted((os.path.getsize(os.path.join(fresh, f)), f) for f in os.listdir(fresh))
    total, dropped = 0, 0
    for size, f in files:  # smallest first; drop what passes the cap (big simulated forms go first)
        if total + size > CORPUS_CAP:
            os.remove(os.path.join(fresh, f)); dropped += 1
        else:
            total += size
    if os.path.isdir(os.path.join(kept, "regressions")):
        shutil.move(os.path.join(kept, "regressions"), os.path.join(fresh, "regressions"))
    shutil.rmtree(kept)
    os.rename(fresh, kept)
    return f"{len(files) - dropped} files, {total / 1024:.0f} KB" + (f" ({dropped} over the cap dropped)" if dropped else "")


# --- hostile ----------------------------------------------------------------------------------

def no_dac():
    """A prefix that runs a command as root without CAP_DAC_OVERRIDE/READ_SEARCH (root ignores chmod)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("capsh"):
        # capsh runs bash with the rest: bash -c 'exec "$@"' nodac CMD… execs CMD without the capabilities.
        return ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", 'exec "$@"', "nodac"]
    return None


def hostile_cases():
    sim, key = sample_nation()
    form = genuine_forms(sim, key)[0]
    root = os.path.join(WORK, "hostile")
    shutil.rmtree(root, ignore_errors=True)
    for title, slug, build in hostile.CASES:
        case = os.path.join(root, slug)
        inbox, out = os.path.join(case, "inbox"), os.path.join(case, "out")
        os.makedirs(inbox)
        shutil.copy(form, os.path.join(inbox, "genuine.xlsx"))
        expect = build(inbox, form)
        expect["genuine.xlsx"] = ({"accepted", "acceptedWithErrors", "superseded"}, "genuine form next to it")
        cmd = [RENKEI, "run", "--inbox", inbox, "--out", out]
        prefix = ()
        if slug == "unreadable":
            prefix = no_dac()
            if prefix is None:
                check("hostile", title, False, "capsh missing: cannot drop CAP_DAC_OVERRIDE as root"); continue
        stop = threading.Event()
        churn = None
        if slug == "vanishing":
            churn = threading.Thread(target=vanish_loop, args=(inbox, form, stop), daemon=True)
            churn.start()
        status, wall, rss, err = timed(cmd, TIME_LIMIT * 2, prefix=prefix)
        stop.set()
        if churn:
            churn.join()
        rec = run_record(out)
        ok_status = status in (0, 1)
        problems = []
        if not ok_status:
            problems.append(f"exit {status}: {err.strip()[-300:]}")
        states = {}
        if rec is None:
            problems.append("no run.json in latest")
        else:
            states = {input_name(i): i for i in rec["inputs"]}
            for name, (allowed, note) in expect.items():
                got = states.get(name)
                if got is None:
                    problems.append(f"{name}: not in the ledger")
                elif got["state"] not in allowed or not got["reason_code"]:
                    problems.append(f"{name}: {got['state']}/{got['reason_code']} (expected {'|'.join(sorted(allowed))})")
            if slug == "vanishing":
                churned = {k: v for k, v in states.items() if k.startswith(("vanish-", "change-"))}
                if any(not v["reason_code"] for v in churned.values()):
                    problems.append("a churned file without a reason")
                expect_note = collections.Counter(v["reason_code"] for v in churned.values())
        escaped = [p for p in ("escaped.xlsx", "renkei-absolute.xlsx", "renkei-escaped-part.txt")
                   if os.path.exists(os.path.join("/tmp", p)) or os.path.exists(os.path.join(ROOT, p))
                   or any(p in names for _, _, names in os.walk(WORK))]  # os.walk: never follows the symlinks
        if escaped:
            problems.append("written outside: " + ", ".join(escaped))
        if wall > TIME_LIMIT:
            problems.append(f"wall {wall:.1f} s > {TIME_LIMIT:.0f} s")
        if rss > RSS_LIMIT:
            problems.append(f"peak RSS {rss:.0f} MB > {RSS_LIMIT:.0f} MB")
        reasons = ", ".join(f"{n}: {states[n]['reason_code']}" for n in expect if n in states and n != "genuine.xlsx")
        if slug == "vanishing" and rec is not None:
            reasons = "; ".join(f"{k} ×{v}" for k, v in sorted(expect_note.items())) + f" (of {len(churned)} churned files seen)"
        detail = f"exit {status}, {wall:.2f} s, {rss:.0f} MB; " + (reasons[:400] if not problems else "; ".join(problems)[:600])
        check("hostile", title, not problems, detail)
        if slug != "200mb":
            continue
        shutil.rmtree(inbox, ignore_errors=True)  # 200 MB: do not keep it around


def vanish_loop(inbox, form, stop):
    """Removes, re-creates, truncates and rewrites the vanish-*/change-* files until stopped."""
    with open(form, "rb") as f:
        data = f.read()
    i = 0
    while not stop.is_set():
        k = i % 8
        v = os.path.join(inbox, f"vanish-{k}.xlsx")
        c = os.path.join(inbox, f"change-{k}.xlsx")
        try:
            if os.path.exists(v):
                os.remove(v)
            else:
                tmp = v + ".part~"
                with open(tmp, "wb") as f:
                    f.write(data)
                os.rename(tmp, v)
            with open(c, "r+b") as f:  # in place: truncate, write half, then the rest
                f.truncate(0)
                f.write(data[: len(data) // 2])
                f.flush()
                f.write(data[len(data) // 2:])
        except OSError:
            pass
        i += 1
        time.sleep(0.0005)


# --- faults -----------------------------------------------------------------------------------

def latest_state(out):
    """(target of latest, {file: sha256}) of the published run latest points to."""
    link = os.path.join(out, "latest")
    try:
        target = os.readlink(link)
    except OSError:
        return None, {}
    files = {}
    base = os.path.join(out, target)
    for dirpath, _, names in os.walk(base):
        for n in names:
            p = os.path.join(dirpath, n)
            with open(p, "rb") as f:
                files[os.path.relpath(p, base)] = hashlib.sha256(f.read()).hexdigest()
    return target, files


def complete(out, target):
    """A published run is complete when every output run.json lists exists with its hash."""
    base = os.path.join(out, target)
    try:
        with open(os.path.join(base, "run.json")) as f:
            rec = json.load(f)
    except (OSError, ValueError):
        return False
    for o in rec["outputs"]:
        p = os.path.join(base, o["path"])
        try:
            with open(p, "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != o["sha256"]:
                    return False
        except OSError:
            return False
    return True


def visible_runs(out):
    runs = os.path.join(out, "runs")
    return sorted(n for n in os.listdir(runs) if not n.startswith(".")) if os.path.isdir(runs) else []


def faults():
    sim, _ = sample_nation()
    inbox = os.path.join(sim, "inbox")
    root = os.path.join(WORK, "faults")
    if os.path.ismount(os.path.join(root, "full")):
        sh(["umount", os.path.join(root, "full")])
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)

    # Size of one run's outputs, to size the tmpfs so the second run runs out of space.
    probe = os.path.join(root, "probe")
    status, wall, _, err = timed([RENKEI, "run", "--inbox", inbox, "--out", probe], TIME_LIMIT)
    if status not in (0, 1):
        check("faults", "a normal run (probe)", False, f"exit {status}: {err[-300:]}"); return
    size = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(probe) for n in ns)

    # 1. Disk full while writing reports.
    full = os.path.join(root, "full")
    os.makedirs(full)
    tmpfs_kb = max(1024, int(size * 1.4 / 1024))
    r = sh(["mount", "-t", "tmpfs", "-o", f"size={tmpfs_kb}k", "tmpfs", full])
    if r.returncode != 0:
        check("faults", "disk full while writing reports", False, f"mount tmpfs not permitted ({r.stderr.strip()}); "
              "run as root, or point VERIFY at a small quota'd filesystem")
    else:
        try:
            s1, *_ = timed([RENKEI, "run", "--inbox", inbox, "--out", full], TIME_LIMIT)
            before = latest_state(full)
            s2, _, _, err2 = timed([RENKEI, "run", "--inbox", inbox, "--out", full], TIME_LIMIT)
            after = latest_state(full)
            # The operator must read the cause, not libxlsxwriter's ZIP_ERRNO.
            ok = s1 in (0, 1) and s2 == 3 and before == after and before[0] is not None and complete(full, before[0]) \
                and visible_runs(full) == [os.path.basename(before[0])] and "ENOSPC" in err2 and "ZIP_ERRNO" not in err2
            check("faults", f"disk full while writing reports (tmpfs {tmpfs_kb} KB, one run = {size // 1024} KB)", ok,
                  f"first run exit {s1}; second exit {s2} ({err2.strip().splitlines()[-1][:160] if err2.strip() else 'no message'}); "
                  f"latest {'unchanged and complete' if before == after and before[0] and complete(full, before[0]) else 'CHANGED or incomplete'}; "
                  f"visible runs {visible_runs(full)}")
            # Once space is back, the next run succeeds and clears the half-written staging folder.
            sh(["mount", "-o", f"remount,size={tmpfs_kb * 4}k", full])
            s3, *_ = timed([RENKEI, "run", "--inbox", inbox, "--out", full], TIME_LIMIT)
            stale = glob.glob(os.path.join(full, "runs", ".staging-*"))
            new = latest_state(full)
            check("faults", "after the disk is freed the next run publishes and clears the stale staging",
                  s3 in (0, 1) and not stale and new[0] != before[0] and complete(full, new[0]),
                  f"exit {s3}, stale staging folders left {len(stale)}, latest → {new[0]}")
        finally:
            sh(["umount", full])

    # 2. Output folder not writable (as root: without CAP_DAC_OVERRIDE, else root writes anyway).
    ro = os.path.join(root, "readonly")
    s1, *_ = timed([RENKEI, "run", "--inbox", inbox, "--out", ro], TIME_LIMIT)
    before = latest_state(ro)
    for d in (ro, os.path.join(ro, "runs")):
        os.chmod(d, 0o555)
    prefix = no_dac()
    if prefix is None:
        check("faults", "output folder not writable", False, "capsh missing: root ignores permissions")
    else:
        s2, _, _, err2 = timed([RENKEI, "run", "--inbox", inbox, "--out", ro], TIME_LIMIT, prefix=prefix)
        after = latest_state(ro)
        check("faults", "output folder not writable (chmod 555, no DAC override)",
              s1 in (0, 1) and s2 == 3 and before == after and before[0] is not None,
              f"exit {s2} ({err2.strip().splitlines()[-1][:160] if err2.strip() else 'no message'}); "
              f"latest {'unchanged' if before == after else 'CHANGED'}")
    for d in (ro, os.path.join(ro, "runs")):
        os.chmod(d, 0o755)
    # 2b. A read-only file system.
    rofs = os.path.join(root, "rofs")
    os.makedirs(rofs)
    if sh(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", rofs]).returncode == 0:
        try:
            s1, *_ = timed([RENKEI, "run", "--inbox", inbox, "--out", rofs], TIME_LIMIT)
            before = latest_state(rofs)
            sh(["mount", "-o", "remount,ro", rofs])
            s2, _, _, err2 = timed([RENKEI, "run", "--inbox", inbox, "--out", rofs], TIME_LIMIT)
            after = latest_state(rofs)
            check("faults", "output on a read-only file system", s1 in (0, 1) and s2 == 3 and before == after,
                  f"exit {s2} ({err2.strip().splitlines()[-1][:160] if err2.strip() else 'no message'}); "
                  f"latest {'unchanged' if before == after else 'CHANGED'}")
        finally:
            sh(["umount", rofs])

    # 3. kill -9 at many moments, the last ones inside publish (staging complete, run.json written).
    kill = os.path.join(root, "kill")
    s0, wall0, *_ = timed([RENKEI, "run", "--inbox", inbox, "--out", kill], TIME_LIMIT)
    outcomes = collections.Counter()
    bad = []
    delays = [wall0 * f for f in (0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95)] + ["staging-run.json"] * 5 + ["rename"] * 3
    for d in delays:
        before = latest_state(kill)
        p = subprocess.Popen([RENKEI, "run", "--inbox", inbox, "--out", kill],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if isinstance(d, float):
            time.sleep(d)
        else:
            runs = os.path.join(kill, "runs")
            t_end = time.time() + TIME_LIMIT
            known = set(visible_runs(kill))
            while p.poll() is None and time.time() < t_end:
                if d == "staging-run.json" and glob.glob(os.path.join(runs, ".staging-*", "run.json")):
                    break
                if d == "rename" and set(visible_runs(kill)) - known:
                    break
                time.sleep(0.0002)
        in_publish = bool(glob.glob(os.path.join(kill, "runs", ".staging-*", "run.json")))
        p.send_signal(signal.SIGKILL)
        rc = p.wait()
        if rc == -9 and in_publish:
            outcomes["killed inside publish (staging complete)"] += 1
        after = latest_state(kill)
        moment = d if isinstance(d, str) else f"{d:.2f}s"
        outcomes["killed" if rc == -9 else f"finished {rc}"] += 1
        if after[0] is None or not complete(kill, after[0]):
            bad.append(f"{moment}: latest missing or incomplete")
        elif after != before and rc == -9 and d != "rename":
            # The kill may land after the latest switch; then latest is the new complete run: fine.
            pass
        for name in visible_runs(kill):
            if not complete(kill, os.path.join("runs", name)):
                bad.append(f"{moment}: visible run {name} incomplete")
    s_final, *_ = timed([RENKEI, "run", "--inbox", inbox, "--out", kill], TIME_LIMIT)
    stale = glob.glob(os.path.join(kill, "runs", ".staging-*"))
    final = latest_state(kill)
    ok = s0 in (0, 1) and not bad and s_final in (0, 1) and not stale and final[0] and complete(kill, final[0])
    check("faults", f"kill -9 at {len(delays)} moments (incl. inside publish)", ok,
          f"{dict(outcomes)}; exit status of a killed run: 137 (SIGKILL); latest always complete: {not bad}; "
          f"next run exit {s_final}, stale staging left {len(stale)}" + ("; " + "; ".join(bad[:3]) if bad else ""))


# --- office -----------------------------------------------------------------------------------

def office():
    sim, _ = sample_nation()
    root = os.path.join(WORK, "office")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    # Templates: one of each form and the blank coordinator form.
    tpl = os.path.join(root, "template")
    r = sh([RENKEI, "template", "--out", tpl, "--prefectures", "31", "--coordinator", "312011:1"])
    if not check("office", "renkei template", r.returncode == 0, r.stderr[-200:] if r.returncode else "written"):
        return
    forms = sorted(glob.glob(os.path.join(tpl, "**", "*.xlsx"), recursive=True))
    picked = []
    for kind in ("都道府県票", "市町村票", "コーディネーター票_3", "コーディネーター票_空欄"):
        m = [f for f in forms if os.path.basename(f).startswith(kind)]
        if m:
            picked.append(m[0])
    # Reports: a full nation when `make bench` simulated one, else the sample.
    nation = os.path.join(ROOT, "bench-out", "nation", "inbox")
    inbox = nation if os.path.isdir(nation) else os.path.join(sim, "inbox")
    out = os.path.join(root, "reports")
    status, wall, rss, err = timed([RENKEI, "run", "--inbox", inbox, "--out", out], TIME_LIMIT * 3)
    if not check("office", "renkei run for the reports", status in (0, 1), f"exit {status}, inbox {os.path.relpath(inbox, ROOT)}"):
        return
    latest = os.path.realpath(os.path.join(out, "latest"))
    reports = sorted(glob.glob(os.path.join(latest, "*.xlsx")) + glob.glob(os.path.join(latest, "prefectures", "*.xlsx")))
    books = picked + reports
    check("office", "workbooks to check", len(picked) >= 3 and len(reports) >= 48,
          f"{len(picked)} forms, {len(reports)} reports (national + prefectures)")

    # LibreOffice: one process converts them all; each must give a non-empty PDF.
    pdf = os.path.join(root, "pdf")
    os.makedirs(pdf)
    profile = "file://" + os.path.join(root, "lo-profile")
    staged = []
    for i, b in enumerate(books):  # ASCII names: soffice output names follow the input's
        s = os.path.join(root, "in", f"{i:03d}.xlsx")
        os.makedirs(os.path.dirname(s), exist_ok=True)
        shutil.copy(b, s)
        staged.append(s)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        check("office", "LibreOffice opens every workbook", False, "soffice not installed")
    else:
        t0 = time.time()
        r = sh([soffice, "-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", "pdf",
                "--outdir", pdf] + staged, timeout=1800)
        bad = []
        for s, b in zip(staged, books):
            p = os.path.join(pdf, os.path.basename(s)[:-5] + ".pdf")
            if not os.path.exists(p) or os.path.getsize(p) < 1000 or not open(p, "rb").read(5).startswith(b"%PDF"):
                bad.append(os.path.relpath(b, ROOT))
        repair = [l for l in (r.stdout + r.stderr).splitlines() if re.search(r"repair|corrupt|error", l, re.I)]
        check("office", f"LibreOffice converts all {len(books)} workbooks to PDF",
              r.returncode == 0 and not bad and not repair,
              f"{len(books) - len(bad)}/{len(books)} non-empty PDFs in {time.time() - t0:.0f} s"
              + (f"; failed: {bad[:3]}" if bad else "") + (f"; soffice said: {repair[:2]}" if repair else ""))

    # Read-back: every cell `renkei cells` reports, through python-calamine and openpyxl.
    totals = collections.Counter()
    problems = collections.defaultdict(list)
    for b in books:
        r = sh([RENKEI, "cells", b])
        if r.returncode != 0:
            problems["renkei cells"].append(f"{os.path.basename(b)}: {r.stderr.strip()[:100]}")
            continue
        want = {}
        for line in r.stdout.splitlines():
            c = json.loads(line)
            if c["value"] == "" and c["type"] == "s":
                continue
            want[(c["sheet"], c["ref"])] = c
        totals["cells"] += len(want)
        for reader in ("calamine", "openpyxl"):
            got = read_calamine(b) if reader == "calamine" else read_openpyxl(b)
            totals[reader] += 1
            diff = compare(want, got)
            if diff:
                problems[reader].append(f"{os.path.basename(b)}: {len(diff)} differences, e.g. {diff[:2]}")
    for reader in ("calamine", "openpyxl"):
        check("office", f"{reader} reads back every cell of {len(books)} workbooks", not problems[reader]
              and not problems["renkei cells"],
              f"{totals['cells']:,} cells compared" if not problems[reader] else "; ".join(problems[reader][:3])[:600])


def ref(row, col):
    s, n = "", col + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return f"{s}{row + 1}"


def read_calamine(path):
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(path)
    out = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None and v != "":
                    out[(name, ref(r, c))] = v
    return out


def read_openpyxl(path):
    import openpyxl
    wb = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None and cell.value != "":
                    out[(ws.title, cell.coordinate)] = cell.value
    return out


def same(c, v):
    t, want = c["type"], c["value"]
    if t == "n":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return False
        return abs(float(want) - float(v)) <= 1e-9 * max(1.0, abs(float(want)))
    if t == "b":
        return v is want or v == want
    if t == "d":
        if isinstance(v, (datetime.datetime, datetime.date)):
            iso = v.isoformat()
            return iso.startswith(want) or want.startswith(iso.replace("T00:00:00", ""))
        return str(v) == want
    if t == "e":
        return str(v) == want or want in str(v)
    return isinstance(v, str) and v == want


def compare(want, got):
    diff = []
    for k, c in want.items():
        if k not in got:
            diff.append(f"{k[0]}!{k[1]} missing (renkei: {c['value']!r})")
        elif not same(c, got[k]):
            diff.append(f"{k[0]}!{k[1]} {got[k]!r} ≠ {c['value']!r}")
    for k in got.keys() - want.keys():
        diff.append(f"{k[0]}!{k[1]} extra {got[k]!r}")
    return diff


# --- main -------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="fuzz,hostile,faults,office")
    a = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    sections = a.only.split(",")
    started = time.time()
    if "hostile" in sections:
        log("hostile files …"); hostile_cases()
    if "faults" in sections:
        log("faults …"); faults()
    if "office" in sections:
        log("office round trip …"); office()
    if "fuzz" in sections:
        log("fuzzing …"); fuzz(float(os.environ.get("VERIFY_FUZZ_SECONDS", 1800)))
    print(f"\n## make verify — {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}, "
          f"{time.time() - started:.0f} s\n")
    print("| section | check | result | figures |\n| --- | --- | --- | --- |")
    for section, name, ok, detail in RESULTS:
        print(f"| {section} | {name} | {'PASS' if ok else '**FAIL**'} | {detail.replace('|', '/')} |")
    failed = sum(1 for r in RESULTS if not r[2])
    print(f"\n{len(RESULTS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
