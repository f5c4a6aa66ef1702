#!/usr/bin/env python3
"""Throughput benchmark: whosaid over the BBC corpus repeated to 100 MB.

usage: bench.py WHOSAID ICU_BASELINE SHARED_DIR [--mb 100] [--runs 3] [--jobs 1,2]
                [--before OTHER_WHOSAID [--pairs 0]]

Turns SHARED_DIR/corpus/bbc into a JSON Lines file of at least --mb MB (each
repetition with new ids), then runs, --runs times each, in rounds that run
each command once in a shuffled order:
  - the baseline: ICU sentence segmentation of every document's text, by
    bench/icu-baseline, timed inside the program so that reading the JSON
    is left out, and
  - whosaid --input jsonl over the same file, JSON Lines to a file (read
    back once the clock has stopped, to count the quotes), and
  - whosaid -j 1 over SHARED_DIR/corpus/diplomatic repeated to a tenth of
    --mb (the users' kind of news: longer sentences, more names), and
  - whosaid -j 1 with the shipped quote marks only (rules/en/10-marks.rules:
    no attribution or entity rules), the frame every run pays for: reading
    the JSON, finding the quotes, segmenting around them, writing records.
Then times whosaid with the most jobs asked for over the file's first
megabyte (a day's batch, where start-up and the JIT's compilation weigh as
much as the extraction), median of 21 runs, and over one article, the user's example
(SHARED_DIR/corpus/scmp-wang-yi-cyberspace.txt), as a command over a single
file runs it: start-up included, median of 21 runs (and the --before build's).
Prints the medians: MB/s, documents/s, quotes/s, peak memory and CPU time
for whosaid, MB/s for the baseline, and the ratio of the two. With several --jobs values
(--jobs 1,2) each round runs the baseline and whosaid with each of them,
so that all share the machine's state of the moment, and the speed-up
of each over the first is printed as well, with the speed-up that free
cores would allow at most given the CPU time each took (on a shared
machine, what the host takes shows as a wall time longer than the CPU
time: fewer "cores busy" than jobs). With --before, another build
(the one before a change) runs in the same rounds, and the speed of WHOSAID
is given as a multiple of its. With --pairs N as well, the two builds then
run side by side, N times: both at once with -j 1 over the same file, each
on a core of its own (the cores swapped each time), so that what the host
takes meanwhile slows both alike; the ratio of their CPU times is printed
(median and quartiles), over the BBC file and the diplomatic one; and with
the most --jobs (more than one, which takes every core) the two run in
turn over the BBC file, N pairs, each pair within seconds, and the median
ratio of their wall times is printed. On this
kind of shared machine a build against a copy of itself gave medians of
0.95 and 1.01 over ten runs of 20 MB, where the ratios of runs taken in
turn strayed by a third. Exits 77 (skipped) where SHARED_DIR is absent.
"""
import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def build_input(shared, mb, path, corpus="bbc"):
    docs = []
    root = os.path.join(shared, "corpus", corpus)
    for dirpath, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith(".txt"):
                with open(os.path.join(dirpath, name), "rb") as fh:
                    rel = os.path.relpath(os.path.join(dirpath, name), root)
                    docs.append((rel, fh.read().decode("utf-8", "replace")))
    size, rep = 0, 0
    with open(path, "w", encoding="utf-8") as out:
        while size < mb * 1e6:
            for rel, text in docs:
                line = json.dumps({"id": "%d/%s" % (rep, rel), "text": text}, ensure_ascii=False)
                out.write(line + "\n")
                size += len(text.encode("utf-8"))
            rep += 1
    return size, rep * len(docs)


# Where a timed command's output goes: a file (in the page cache), read back
# once the clock has stopped. Read through a pipe as it came, the output
# was timed with this script's reading: on a machine of two cores, whosaid
# -j 1 took a fifth longer so, and -j 2 three tenths.
OUT = os.path.join(tempfile.gettempdir(), "whosaid-bench-%d.out" % os.getpid())


def timed(cmd):
    """Wall time, the finished process (its output in p.stdout), and its CPU
    time (user and system, all threads)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(OUT, "wb") as out:
        t0 = time.monotonic()
        p = subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, check=False)
        wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(OUT, "rb") as out:
        p.stdout = out.read()
    return wall, p, cpu


def peak_rss_mb(cmd):
    """Peak resident memory of one run, from GNU time when it is there."""
    if os.path.exists("/usr/bin/time"):
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, check=False)
        try:
            return int(p.stderr.decode().strip().splitlines()[-1]) / 1024
        except (ValueError, IndexError):
            return float("nan")
    return float("nan")


def medians_of(progs, args_tail, runs=21):
    """Median wall time of each program in @progs over @args_tail, run @runs
    times in shuffled turns; None when a run fails or writes nothing."""
    progs = list(progs)
    shuffle = random.Random(5).shuffle
    times = {b: [] for b in progs}
    for _ in range(runs):
        shuffle(progs)
        for b in progs:
            t, p, _ = timed([b] + args_tail)
            if p.returncode != 0 or not p.stdout:
                print("error: %s %s: exit status %d" % (b, " ".join(args_tail), p.returncode))
                return None
            times[b].append(t)
    return {b: statistics.median(v) for b, v in times.items()}


def side_by_side(now, before, n):
    """The ratios before/now of the CPU times of two commands run at the
    same time, n times, each pinned to a core of its own (swapped each
    time), sorted; None with fewer than two cores, or when a run fails."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None
    ratios = []
    for i in range(n):
        pair = {}
        for cmd, cpu in ((now, cpus[i % 2]), (before, cpus[1 - i % 2])):
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 preexec_fn=lambda c=cpu: os.sched_setaffinity(0, {c}))
            pair[p.pid] = cmd is now
        cpu = {}
        for _ in range(2):
            pid, status, ru = os.wait4(-1, 0)
            if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
                return None
            cpu[pair[pid]] = ru.ru_utime + ru.ru_stime
        ratios.append(cpu[False] / cpu[True])
    return sorted(ratios)


def in_turn(now, before, n):
    """The ratios before/now of the wall times of two commands run one
    after the other, n times (which goes first drawn each time), sorted;
    None when a run fails. For -j N, which takes every core: a pair run
    within seconds shares the host's state of the moment."""
    order = random.Random(11)
    ratios = []
    for _ in range(n):
        pair = [now, before]
        order.shuffle(pair)
        t = {}
        for cmd in pair:
            wall, p, _ = timed(cmd)
            if p.returncode != 0:
                return None
            t[cmd is now] = wall
        ratios.append(t[False] / t[True])
    return sorted(ratios)


def per_round(slow, fast):
    """The ratios of two timings taken in the same rounds, as text: on a
    shared machine the speed drifts from round to round, and a ratio within
    one round is steadier than the ratio of two medians."""
    r = sorted(a / b for a, b in zip(slow, fast))
    return "per round: median %.2f, %.2f to %.2f" % (statistics.median(r), r[0], r[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("whosaid")
    ap.add_argument("baseline")
    ap.add_argument("shared")
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", default="1,2",
                    help="whosaid -j N, or a comma list to compare (default 1,2)")
    ap.add_argument("--before", help="another whosaid build, run in the same rounds")
    ap.add_argument("--pairs", type=int, default=0,
                    help="with --before: so many runs of the two builds side by side, one a core")
    ap.add_argument("--no-sqlite", action="store_true",
                    help="leave out the run that writes a SQLite database")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.shared, "corpus", "bbc")):
        print("skipped: %s/corpus/bbc not found" % args.shared)
        return 77
    with tempfile.TemporaryDirectory(prefix="whosaid-bench-") as tmp:
        data = os.path.join(tmp, "bbc.jsonl")
        size, ndocs = build_input(args.shared, args.mb, data)
        mb = size / 1e6
        jobs = [int(j) for j in str(args.jobs).split(",") if j.strip()]
        cmds = {j: [args.whosaid, "-j", str(j), "--no-progress", "--input", "jsonl", data]
                for j in jobs}
        before = {j: [args.before] + cmds[j][1:] for j in jobs} if args.before else {}
        base_t, base_all, who_t, quotes = [], [], {j: [] for j in jobs}, 0
        who_cpu = {j: [] for j in jobs}
        before_t = {j: [] for j in before}
        marks = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rules", "en",
                             "10-marks.rules")
        # a quote database, with the most jobs asked for: a fresh file each run
        db = os.path.join(tmp, "quotes.db")
        sql_j = jobs[-1]
        sql = None if args.no_sqlite else [args.whosaid, "-j", str(sql_j), "--no-progress", "-f",
                                             "sqlite", "-o", db, "--input", "jsonl", data]
        sql_before = [args.before] + sql[1:] if sql and args.before else None
        sql_t, sql_before_t = [], []
        # the users' kind of news: diplomatic coverage, a tenth of the size, one job
        dipl, dipl_t, dipl_before_t, dipl_mb = None, [], [], 0
        if os.path.isdir(os.path.join(args.shared, "corpus", "diplomatic")):
            dipl_path = os.path.join(tmp, "diplomatic.jsonl")
            dipl_mb = build_input(args.shared, args.mb / 10, dipl_path, "diplomatic")[0] / 1e6
            dipl = [args.whosaid, "-j", "1", "--no-progress", "--input", "jsonl", dipl_path]
        frame, frame_t = None, []
        if os.path.exists(marks):
            os.mkdir(os.path.join(tmp, "marks"))
            with open(marks, "rb") as src, open(os.path.join(tmp, "marks", "10-marks.rules"),
                                                "wb") as dst:
                dst.write(src.read())
            frame = [args.whosaid, "-j", "1", "--no-progress", "--rules",
                     os.path.join(tmp, "marks"), "--input", "jsonl", data]
        # Each round runs every command once, in an order of its own: on a
        # shared machine a run's place in the round moved its time by up to a
        # quarter, so a fixed order would favour one command. Seeded: the
        # same orders from run to run.
        shuffle = random.Random(5).shuffle
        for _ in range(args.runs):
            tasks = [("base", 0)] + [("now", j) for j in jobs] + [("before", j) for j in before]
            tasks += [("frame", 1)] if frame else []
            tasks += [("dipl", 1)] if dipl else []
            tasks += [("dipl-before", 1)] if dipl and args.before else []
            tasks += [("sqlite", 0)] if sql else []
            tasks += [("sqlite-before", 0)] if sql_before else []
            shuffle(tasks)
            for what, j in tasks:
                if what.startswith("sqlite"):
                    for suffix in ("", "-wal", "-shm"):
                        if os.path.exists(db + suffix):
                            os.remove(db + suffix)
                    t, p, _ = timed(sql_before if what == "sqlite-before" else sql)
                    (sql_before_t if what == "sqlite-before" else sql_t).append(t)
                elif what == "base":
                    t, p, _ = timed([args.baseline, data])
                    base_t.append(float(p.stdout.split()[6]))  # seconds inside ICU
                    base_all.append(t)
                elif what == "frame":
                    frame_t.append(timed(frame)[0])
                elif what == "dipl":
                    dipl_t.append(timed(dipl)[0])
                elif what == "dipl-before":
                    dipl_before_t.append(timed([args.before] + dipl[1:])[0])
                elif what == "before":
                    before_t[j].append(timed(before[j])[0])
                else:
                    t, p, cpu = timed(cmds[j])
                    who_t[j].append(t)
                    who_cpu[j].append(cpu)
                    quotes = p.stdout.count(b"\n")
        bt = statistics.median(base_t)
        print("input        %.1f MB of text, %d documents (BBC corpus repeated)" % (mb, ndocs))
        print("baseline     ICU sentence segmentation: %.1f MB/s (median of %d: %.2f s in ICU;"
              " %.2f s with reading the JSON)" % (mb / bt, args.runs, bt, statistics.median(base_all)))
        for j in jobs:
            wt = statistics.median(who_t[j])
            rss = peak_rss_mb(cmds[j])
            print("whosaid -j %-2d %.1f MB/s, %.0f documents/s, %.0f quotes/s (median of %d: %.2f s)"
                  % (j, mb / wt, ndocs / wt, quotes / wt, args.runs, wt))
            print("peak memory  %.1f MB" % rss)
            print("ratio        whosaid -j %d takes %.1f times as long as the baseline" % (j, wt / bt))
            ct = statistics.median(who_cpu[j])
            print("cpu time     -j %d: %.2f s (median), %.2f cores busy" % (j, ct, ct / wt))
            if j != jobs[0]:
                print("speed-up     -j %d runs %.2f times as fast as -j %d (%s)"
                      % (j, statistics.median(who_t[jobs[0]]) / wt, jobs[0],
                         per_round(who_t[jobs[0]], who_t[j])))
                # the speed-up N free cores would give: all of -j 1's work, spread over N
                # threads, plus what -j N does on top (the host's share of the cores aside)
                c0 = statistics.median(who_cpu[jobs[0]])
                print("work         -j %d takes %.2f times the CPU time of -j %d: on %d free cores"
                      " it could run at most %.2f times as fast" % (j, ct / c0, jobs[0], j,
                                                            j / jobs[0] * c0 / ct))
            if j in before:
                ot = statistics.median(before_t[j])
                print("before       %s -j %d: %.1f MB/s (median %.2f s), %.1f times as long as"
                      " the baseline; now %.2f times as fast (%s)"
                      % (args.before, j, mb / ot, ot, ot / bt, ot / wt,
                         per_round(before_t[j], who_t[j])))
        if frame:
            ft = statistics.median(frame_t)
            print("frame        whosaid -j 1 with the quote marks only: %.1f MB/s (median %.2f s),"
                  " %.1f times as long as the baseline; the rules take %.0f%% of -j %d's time"
                  % (mb / ft, ft, ft / bt, 100 * (1 - ft / statistics.median(who_t[jobs[0]])),
                     jobs[0]))
        if dipl:
            dt = statistics.median(dipl_t)
            print("diplomatic   whosaid -j 1 over the diplomatic corpus repeated to %.1f MB:"
                  " %.1f MB/s (median %.2f s), %.2f times as long a byte as the BBC's"
                  % (dipl_mb, dipl_mb / dt, dt, dt / dipl_mb / (statistics.median(who_t[1]) / mb)
                     if 1 in who_t else float("nan")))
            if args.before:
                ot = statistics.median(dipl_before_t)
                print("before       %s: %.1f MB/s (median %.2f s); now %.2f times as fast (%s)"
                      % (args.before, dipl_mb / ot, ot, ot / dt, per_round(dipl_before_t, dipl_t)))
        if sql:
            st = statistics.median(sql_t)
            print("sqlite       whosaid -j %d -f sqlite (a new database): %.1f MB/s (median %.2f s),"
                  " %.1f times as long as JSON Lines out" % (sql_j, mb / st, st,
                                                             st / statistics.median(who_t[sql_j])))
            if sql_before:
                ot = statistics.median(sql_before_t)
                print("before       %s: %.1f MB/s (median %.2f s); now %.2f times as fast (%s)"
                      % (args.before, mb / ot, ot, ot / st, per_round(sql_before_t, sql_t)))
        if args.before and args.pairs > 0:
            for name, cmd in (("BBC", cmds.get(1, [args.whosaid, "-j", "1", "--no-progress",
                                                   "--input", "jsonl", data])),
                              ("diplomatic", dipl)):
                if not cmd:
                    continue
                r = side_by_side(cmd, [args.before] + cmd[1:], args.pairs)
                if r is None:
                    print("side by side %s: not run (fewer than two cores, or a run failed)" % name)
                    continue
                print("side by side %s, -j 1, both builds at once, one a core (%d runs): now %.3f"
                      " times as fast as %s (CPU time; quartiles %.3f to %.3f)"
                      % (name, args.pairs, statistics.median(r), args.before, r[len(r) // 4],
                         r[(3 * len(r)) // 4]))
            most = jobs[-1]
            if most > 1 and most in cmds:
                r = in_turn(cmds[most], [args.before] + cmds[most][1:], args.pairs)
                if r is None:
                    print("in turn      BBC, -j %d: not run (a run failed)" % most)
                else:
                    print("in turn      BBC, -j %d, the two builds one after the other (%d pairs): now"
                          " %.3f times as fast as %s (wall time; quartiles %.3f to %.3f)"
                          % (most, args.pairs, statistics.median(r), args.before,
                             r[len(r) // 4], r[(3 * len(r)) // 4]))
        # a day's batch: the first megabyte of the file, where start-up and the
        # JIT's compilation (after 256 KB) weigh as much as the extraction
        small = os.path.join(tmp, "1mb.jsonl")
        small_mb = 0
        with open(data, "rb") as src, open(small, "wb") as dst:
            for line in src:
                dst.write(line)
                small_mb += len(line) / 1e6
                if small_mb >= 1:
                    break
        progs = [args.whosaid] + ([args.before] if args.before else [])
        m = medians_of(progs, ["-j", str(jobs[-1]), "--no-progress", "--input", "jsonl", small])
        if m is None:
            return 1
        print("1 MB         whosaid -j %d over the file's first %.2f MB: %.1f ms (median of 21"
              " runs, start-up included)" % (jobs[-1], small_mb, m[args.whosaid] * 1e3))
        if args.before:
            print("before       %s: %.1f ms; now %.2f times as fast"
                  % (args.before, m[args.before] * 1e3, m[args.before] / m[args.whosaid]))
    article = os.path.join(args.shared, "corpus", "scmp-wang-yi-cyberspace.txt")
    if os.path.exists(article):
        progs = [args.whosaid] + ([args.before] if args.before else [])
        one = medians_of(progs, ["--no-progress", article])
        if one is None:
            return 1
        at = one[args.whosaid]
        print("one article  %.1f ms (%s, median of 21 runs, start-up included)"
              % (at * 1e3, os.path.basename(article)))
        if args.before:
            ot = one[args.before]
            print("before       %s: %.1f ms; now %.1f times as fast"
                  % (args.before, ot * 1e3, ot / at))
    return 0


if __name__ == "__main__":
    try:
        rc = main()
    finally:
        if os.path.exists(OUT):
            os.remove(OUT)
    sys.exit(rc)
