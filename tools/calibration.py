#!/usr/bin/env python3
"""Calibration of whosaid's confidence against an annotated set.

usage: calibration.py SCORE_PY GOLD.jsonl PRED.jsonl

Groups the records by confidence and prints, for each group, how many
records there are and what share is right end to end: the span matches a
gold quote (score.py's matching) and the speaker is right. A record on no
gold quote counts as wrong. SCORE_PY is ../shared/tools/score.py, whose
matching functions are reused so that the figures agree with it.
"""
import collections
import importlib.util
import json
import sys

BINS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    spec = importlib.util.spec_from_file_location("score", argv[1])
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = {}
    for line in open(argv[2], encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            gold[str(d["id"])] = d
    preds = collections.defaultdict(list)
    for line in open(argv[3], encoding="utf-8"):
        r = json.loads(line)
        if "error" not in r:
            preds[str(r["doc"])].append(r)
    table = collections.defaultdict(lambda: [0, 0])
    for doc_id, recs in preds.items():
        d = gold.get(doc_id)
        if not d:
            continue
        ign = d.get("ignore", [])
        recs = [p for p in recs if not any(score.overlap(p["start"], p["end"], i["start"], i["end"]) > 0
                                           for i in ign)]
        pairs = sorted(((score.span_match(p, g), i, j) for i, p in enumerate(recs)
                        for j, g in enumerate(d["quotes"])), reverse=True)
        used_p, used_g, right = set(), set(), set()
        for s, i, j in pairs:
            if s < 0.5:
                break
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            if score.speaker_right(recs[i], d["quotes"][j]):
                right.add(i)
        for i, p in enumerate(recs):
            for lo, hi in BINS:
                if lo <= p["confidence"] < hi:
                    table[(lo, hi)][0] += 1
                    table[(lo, hi)][1] += i in right
    print("| confidence | records | right | share right |")
    print("|---|---|---|---|")
    for lo, hi in BINS:
        n, ok = table[(lo, hi)]
        if n:
            print("| %.1f–%.1f | %d | %d | %.2f |" % (lo, min(hi, 1.0), n, ok, ok / n))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
