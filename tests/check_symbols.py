#!/usr/bin/env python3
"""The shared library exports exactly the symbols of src/whosaid.sym.

usage: check_symbols.py LIBWHOSAID.so whosaid.sym
"""
import re
import subprocess
import sys


def main(argv):
    lib, symfile = argv[1], argv[2]
    text = open(symfile, encoding="utf-8").read()
    globs = text.split("global:")[1].split("local:")[0]
    want = set(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*;", globs))
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True)
    have = {l.split()[-1].split("@")[0] for l in out.stdout.splitlines()
            if len(l.split()) >= 3 and l.split()[1] in "TDBR"}
    have.discard("WHOSAID_0.1")
    missing, extra = want - have, have - want
    for s in sorted(missing):
        print("listed in %s but not exported: %s" % (symfile, s))
    for s in sorted(extra):
        print("exported but not listed: %s" % s)
    # every WHOSAID_EXPORT function of the header is listed
    header = open(symfile.replace("src/whosaid.sym", "include/whosaid.h"), encoding="utf-8").read()
    declared = set(re.findall(r"\b(whosaid_[a-z_]+)\s*\(", header))
    for s in sorted(declared - want):
        print("declared in whosaid.h but not in the symbol file: %s" % s)
    return 1 if missing or extra or declared - want else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
