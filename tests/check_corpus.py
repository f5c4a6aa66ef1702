#!/usr/bin/env python3
"""Score whosaid on the project's own corpus against the hand annotations.

usage: check_corpus.py WHOSAID [--corpus DIR] [--annotations FILE] [--verbose]
                       [--min-y ACCURACY]

For every article in tests/corpus-annotations.jsonl, whosaid's records are
matched to the annotated quotes by their text. A speech quote counts as
right when a record holds it with the annotated speaker (the same words,
the same last word, or one's words all inside the other's, once titles and
articles are set aside, as the shared score.py judges); a quote
annotated as not speech counts as right when no record carries it (the
default output leaves terms out). Files named y_* must reach --min-y
(default 1.0): their attributions are meant to be unambiguous. n_* files
must give no record at all. i_* files are reported and not gated.
Exit status 1 when a gate fails.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ARTICLES = {"the", "a", "an"}
TITLES = {"mr", "mrs", "ms", "miss", "dr", "president", "minister", "prime",
          "foreign", "secretary", "general", "senator", "sen", "ambassador",
          "chancellor", "governor", "mayor", "spokesman", "spokeswoman"}


def words(name):
    name = (name or "").lower().replace("’", "'")
    name = re.sub(r"'s\b", "", name)
    return [w for w in re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", name)
            if w not in ARTICLES and w not in TITLES]


def same(pred, gold):
    """As ../shared/tools/score.py judges names: the same words, the same
    last word, or one's words all inside the other's."""
    p, g = words(pred), words(gold)
    if not p or not g:
        return False
    return p == g or p[-1] == g[-1] or set(p) <= set(g) or set(g) <= set(p)


def run(whosaid, path):
    out = subprocess.run([whosaid, path], capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        raise SystemExit("whosaid failed on %s: %s" % (path, out.stderr))
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("whosaid")
    ap.add_argument("--corpus", default=os.path.join(here, "..", "corpus"))
    ap.add_argument("--annotations", default=os.path.join(here, "corpus-annotations.jsonl"))
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--min-y", type=float, default=1.0)
    args = ap.parse_args()

    totals = {"y": [0, 0], "n": [0, 0], "i": [0, 0]}
    failed = False
    for line in open(args.annotations, encoding="utf-8"):
        if not line.strip():
            continue
        ann = json.loads(line)
        kind = ann["file"][0]
        recs = run(args.whosaid, os.path.join(args.corpus, ann["file"]))
        by_text = {}
        for r in recs:
            by_text.setdefault(r["quote"], []).append(r)
        for q in ann["quotes"]:
            got = by_text.get(q["text"], [])
            if q["speech"]:
                ok = any(same(r["speaker"], q["speaker"]) if q["speaker"] else r["speaker"] is None
                         for r in got)
            else:
                ok = not got
            totals[kind][0] += ok
            totals[kind][1] += 1
            if not ok and (args.verbose or kind == "y"):
                print("%-40s %-55.55r want=%r got=%r" % (
                    ann["file"], q["text"], q["speaker"] if q["speech"] else "(no record)",
                    [r["speaker"] for r in got] or None))
        if kind == "n" and recs:
            failed = True
            print("%s: n_ file gave %d record(s)" % (ann["file"], len(recs)))
    for kind, (ok, n) in totals.items():
        if n:
            print("%s_ files: %d/%d quotes right (%.3f)" % (kind, ok, n, ok / n))
    y_ok, y_n = totals["y"]
    if y_n and y_ok / y_n < args.min_y:
        print("y_ accuracy %.3f is below %.3f" % (y_ok / y_n, args.min_y))
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
