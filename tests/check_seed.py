#!/usr/bin/env python3
"""The user's example article: scored with the shared score.py.

usage: check_seed.py WHOSAID SHARED_DIR

Runs whosaid over SHARED_DIR/gold/seed.jsonl and requires end-to-end F1 of
1.0 (every quote, every speaker Wang Yi) and no record giving "hundred
flowers" to anyone. Exits 77 (skipped) when SHARED_DIR is absent, as it is
outside the development machines.
"""
import json
import os
import subprocess
import sys


def main(argv):
    whosaid, shared = argv[1], argv[2]
    gold = os.path.join(shared, "gold", "seed.jsonl")
    score = os.path.join(shared, "tools", "score.py")
    if not (os.path.exists(gold) and os.path.exists(score)):
        print("skipped: %s not found" % gold)
        return 77
    out = subprocess.run([whosaid, "--input", "jsonl", gold], capture_output=True, check=True)
    recs = [json.loads(l) for l in out.stdout.decode().splitlines() if l.strip()]
    bad = [r for r in recs if "hundred flowers" == r["quote"] and r["speaker"]]
    if bad:
        print("'hundred flowers' attributed to %r" % bad[0]["speaker"])
        return 1
    pred = os.path.join(os.environ.get("TMPDIR", "/tmp"), "whosaid-seed-%d.jsonl" % os.getpid())
    with open(pred, "wb") as fh:
        fh.write(out.stdout)
    res = subprocess.run([sys.executable, score, gold, pred, "--json"], capture_output=True,
                         check=True, text=True)
    os.unlink(pred)
    figures = json.loads(res.stdout)
    print(json.dumps(figures))
    return 0 if figures["e2e_f1"] >= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
