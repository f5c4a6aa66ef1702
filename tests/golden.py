#!/usr/bin/env python3
"""Golden test: whosaid's records for one corpus article, byte for byte.

usage: golden.py WHOSAID ARTICLE.txt          compare with ARTICLE.jsonl
       golden.py WHOSAID --update ARTICLE...  rewrite the expected files

The expected file sits next to the article (corpus/y_x.txt ->
corpus/y_x.jsonl). A difference is shown as a unified diff of the records.
Expected files are whosaid's own output, reviewed by hand when written and
checked against the hand annotations by check_corpus.py.
"""
import difflib
import os
import subprocess
import sys


def records(whosaid, article):
    # WHOSAID_WRAPPER runs whosaid under a tool: "valgrind --error-exitcode=99 ..."
    wrapper = os.environ.get("WHOSAID_WRAPPER", "").split()
    out = subprocess.run(wrapper + [whosaid, article], capture_output=True, check=False)
    if out.returncode != 0:
        sys.stderr.write(out.stderr.decode("utf-8", "replace"))
        raise SystemExit("whosaid exited with %d on %s" % (out.returncode, article))
    return out.stdout


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    whosaid = argv[1]
    if argv[2] == "--update":
        for article in argv[3:]:
            with open(os.path.splitext(article)[0] + ".jsonl", "wb") as fh:
                fh.write(records(whosaid, article))
        return 0
    article = argv[2]
    expected_path = os.path.splitext(article)[0] + ".jsonl"
    with open(expected_path, "rb") as fh:
        expected = fh.read()
    got = records(whosaid, article)
    if got == expected:
        print("ok: %s" % os.path.basename(article))
        return 0
    diff = difflib.unified_diff(expected.decode().splitlines(), got.decode().splitlines(),
                                expected_path, "whosaid " + article, lineterm="")
    print("\n".join(diff))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
