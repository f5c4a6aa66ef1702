#!/usr/bin/env python3
"""Command-line behaviour: inputs, error records, exit status, messages.

usage: test_cli.py WHOSAID SOURCE_ROOT
"""
import csv
import io
import itertools
import json
import os
import pty
import re
import select
import shutil
import resource
import signal
import sqlite3
import subprocess
import time
import sys
import tempfile
import unittest

WHOSAID = None
ROOT = None

ARTICLE = ("Talks resume in Lisbon\n\n"
           "\u201cWe will not give up,\u201d Ana Ribeiro said on Monday.\n")


def run(*args, stdin=None, env=None):
    p = subprocess.run([WHOSAID, *args], input=stdin, capture_output=True, timeout=60, env=env)
    recs = [json.loads(l) for l in p.stdout.decode("utf-8").split("\n") if l.strip()]
    return p.returncode, recs, p.stderr.decode("utf-8", "replace")


class Cli(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="whosaid-cli-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path

    def test_help_and_version(self):
        p = subprocess.run([WHOSAID, "--help"], capture_output=True)
        self.assertEqual(p.returncode, 0)
        self.assertIn(b"Usage: whosaid", p.stdout)
        p = subprocess.run([WHOSAID, "--version"], capture_output=True)
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stdout.decode(), r"^whosaid \d+\.\d+\.\d+")

    def test_bad_usage_exits_2(self):
        for args in (["--no-such-option"], ["--format", "xml"], ["--input", "pdf"]):
            code, _, err = run(*args, stdin=b"")
            self.assertEqual(code, 2, args)
            self.assertIn("whosaid", err)

    def test_text_file_record(self):
        path = self.write("lisbon.txt", ARTICLE)
        code, recs, _ = run(path)
        self.assertEqual(code, 0)
        self.assertEqual(len(recs), 1)
        r = recs[0]
        self.assertEqual(r["doc"], "lisbon")
        self.assertEqual(r["speaker"], "Ana Ribeiro")
        self.assertEqual(r["cue"], "said")
        text = ARTICLE
        self.assertEqual(text[r["start"]:r["end"]], r["quote"])
        self.assertEqual(text[r["speaker_start"]:r["speaker_end"]], "Ana Ribeiro")
        self.assertEqual(text[r["cue_start"]:r["cue_end"]], "said")

    def test_stdin(self):
        code, recs, _ = run(stdin=ARTICLE.encode())
        self.assertEqual(code, 0)
        self.assertEqual([r["speaker"] for r in recs], ["Ana Ribeiro"])

    def test_jsonl_with_bad_lines_keeps_the_rest(self):
        lines = [
            json.dumps({"id": "a", "text": ARTICLE}),
            "{not json",
            json.dumps({"id": "c", "body": "no text field"}),
            "",
            json.dumps([1, 2]),
            json.dumps({"id": 7, "text": ARTICLE}),
            '{"id": "d", "text": "one", "text": "two"}',
            '{"id": "e", "text": "x"} {"id": "f"}',
            '{"id": "g", "text": "x"',
            '{"id": 1.5, "meta": {"text": 1}, "text": "He said, \\"No.\\""}',
        ]
        path = self.write("in.jsonl", "\n".join(lines) + "\n")
        code, recs, err = run(path)
        self.assertEqual(code, 1)
        docs = [r["doc"] for r in recs]
        self.assertEqual(docs[0], "a")
        self.assertIn("7", docs)
        errors = [r for r in recs if "error" in r]
        self.assertEqual(len(errors), 6)
        self.assertIn(path + ":2", errors[0]["error"])
        self.assertIn("invalid JSON at column ", errors[0]["error"])
        self.assertEqual(errors[1]["doc"], "c")
        self.assertIn("text", errors[1]["error"])
        self.assertIn("must be an object", errors[2]["error"])
        self.assertEqual(errors[3]["doc"], "d")  # a field twice: neither value is taken
        self.assertIn('field "text" is given twice', errors[3]["error"])
        self.assertIn(path + ":8: invalid JSON", errors[4]["error"])  # two values on a line
        self.assertIn(path + ":9: invalid JSON at column 24", errors[5]["error"])  # cut short
        # a fraction is no id (the place is), a nested "text" is not the text
        last = [r for r in recs if r["doc"] == path + ":10"]
        self.assertEqual(len(last), 1)
        self.assertEqual(last[0]["quote"], "No.")
        self.assertIn(path + ":2", err)

    def test_id_and_text_fields(self):
        path = self.write("in.jsonl", json.dumps({"key": "k1", "body": ARTICLE}) + "\n")
        code, recs, _ = run("--input", "jsonl", "--id-field", "key", "--text-field", "body", path)
        self.assertEqual(code, 0)
        self.assertEqual(recs[0]["doc"], "k1")

    def test_missing_file_gives_error_record_and_continues(self):
        good = self.write("good.txt", ARTICLE)
        missing = os.path.join(self.dir, "missing.txt")
        code, recs, err = run(missing, good)
        self.assertEqual(code, 1)
        self.assertEqual(recs[0]["doc"], "missing")
        self.assertIn("cannot open", recs[0]["error"])
        self.assertEqual(recs[1]["speaker"], "Ana Ribeiro")
        self.assertIn(missing, err)

    def test_directory_sorted_recursive(self):
        self.write("d/b.txt", ARTICLE)
        self.write("d/a.txt", ARTICLE)
        self.write("d/sub/c.txt", ARTICLE)
        self.write("d/skip.jsonl", "{}\n")
        self.write("d/.hidden.txt", ARTICLE)
        code, recs, _ = run(os.path.join(self.dir, "d"))
        self.assertEqual(code, 0)
        self.assertEqual([r["doc"] for r in recs], ["a", "b", "sub/c"])

    def test_invalid_utf8_is_repaired_not_fatal(self):
        data = ARTICLE.encode().replace(b"Monday", b"Mon\xa3\xffday")
        path = self.write("bad.txt", data)
        code, recs, err = run(path)
        self.assertEqual(code, 0)
        self.assertIn("invalid UTF-8", err)
        text = data.decode("utf-8", "replace")
        r = recs[0]
        self.assertEqual(text[r["start"]:r["end"]], r["quote"])

    def test_jsonl_invalid_utf8_is_repaired_not_fatal(self):
        # inside a JSON string as in a text file: U+FFFD, a warning naming the
        # line, the document kept; in the id too
        good = json.dumps(ARTICLE, ensure_ascii=False).encode()
        bad = ARTICLE.encode().replace(b"Monday", b"Mon\xa3\xffday")
        lines = [b'{"id": "a", "text": ' + good.replace(b"Monday", b"Mon\xa3\xffday") + b"}",
                 b'{"id": "b\xc0\xaf", "text": ' + good + b"}",
                 json.dumps({"id": "c", "text": ARTICLE}).encode()]
        path = self.write("bad.jsonl", b"\n".join(lines) + b"\n")
        code, recs, err = run(path)
        self.assertEqual(code, 0)
        self.assertEqual([r["doc"] for r in recs], ["a", "b\ufffd\ufffd", "c"])
        self.assertIn(path + ":1: 2 invalid UTF-8", err)
        self.assertIn(path + ":2: 2 invalid UTF-8", err)
        self.assertNotIn(path + ":3", err)
        text = bad.decode("utf-8", "replace")
        r = recs[0]
        self.assertEqual(text[r["start"]:r["end"]], r["quote"])
        self.assertEqual(text[r["speaker_start"]:r["speaker_end"]], "Ana Ribeiro")
        code, out, _ = run("--emit-text", path)
        self.assertEqual(out[0]["text"], text)

    def test_jsonl_byte_order_mark_and_crlf(self):
        # a BOM opening the file is skipped (a later one is no JSON); CRLF ends a line
        line = json.dumps({"id": "a", "text": ARTICLE}).encode()
        path = self.write("bom.jsonl", b"\xef\xbb\xbf" + line + b"\r\n\xef\xbb\xbf" + line + b"\r\n")
        code, recs, err = run(path)
        self.assertEqual(code, 1)
        self.assertEqual(recs[0]["doc"], "a")
        self.assertEqual(recs[0]["speaker"], "Ana Ribeiro")
        self.assertEqual(ARTICLE[recs[0]["start"]:recs[0]["end"]], recs[0]["quote"])
        self.assertEqual(recs[1]["doc"], path + ":2")
        self.assertIn(path + ":2: invalid JSON at column ", recs[1]["error"])
        self.assertEqual(len(recs), 2)

    def test_jsonl_nul_in_id_and_text(self):
        # an id is a C string: a NUL in it becomes U+FFFD rather than cutting
        # it short; a NUL in the text is a character like any other
        text = "\u201cGo\u0000 now,\u201d Ana Ribeiro said."
        path = self.write("nul.jsonl", json.dumps({"id": "b\u0000x", "text": text}) + "\n")
        code, recs, _ = run(path)
        self.assertEqual(code, 0)
        self.assertEqual(recs[0]["doc"], "b\ufffdx")
        self.assertEqual(recs[0]["quote"], "Go\u0000 now,")
        self.assertEqual(text[recs[0]["speaker_start"]:recs[0]["speaker_end"]], "Ana Ribeiro")

    def test_empty_and_binary_input(self):
        empty = self.write("empty.txt", b"")
        junk = self.write("junk.txt", bytes(range(256)) * 64)
        code, recs, _ = run(empty, junk)
        self.assertEqual(code, 0)
        self.assertTrue(all("error" not in r for r in recs))

    def test_unbalanced_quotes_do_not_swallow_the_document(self):
        text = ("\u201cThis never closes, said nobody.\n\n"
                "\u201cWe are ready,\u201d Ana Ribeiro said.\n")
        code, recs, _ = run(stdin=text.encode())
        self.assertEqual(code, 0)
        self.assertEqual(len(recs), 2)
        self.assertEqual(recs[1]["speaker"], "Ana Ribeiro")
        self.assertNotIn("ready", recs[0]["quote"])

    def test_bad_rules_dir(self):
        rules = os.path.join(self.dir, "rules")
        shutil.copytree(os.path.join(ROOT, "rules", "en"), rules)
        with open(os.path.join(rules, "50-attribution.rules"), "a", encoding="utf-8") as fh:
            fh.write("\n[rule en.broken]\nanchor = after\npattern = (?<speaker>x\n")
        code, recs, err = run("--rules", rules, stdin=ARTICLE.encode())
        self.assertEqual(code, 2)
        self.assertEqual(recs, [])
        self.assertRegex(err, r"50-attribution\.rules:\d+:\d+: rule en\.broken: ")
        code, _, err = run("--rules", os.path.join(self.dir, "nowhere"), stdin=b"")
        self.assertEqual(code, 2)
        self.assertIn("nowhere", err)

    def test_runaway_pattern_is_reported(self):
        rules = os.path.join(self.dir, "rules")
        shutil.copytree(os.path.join(ROOT, "rules", "en"), rules)
        with open(os.path.join(rules, "50-attribution.rules"), "a", encoding="utf-8") as fh:
            # no nested quantifier, yet exponential: (a|a)* before a missing b
            fh.write("\n[rule test.runaway]\nanchor = after\npriority = 999\n"
                     "pattern = \\s*(?<speaker>(?:a|a)*b)\n")
        text = "\u201cWe will not give up,\u201d " + "a" * 40 + " Ana Ribeiro said.\n"
        path = self.write("slow.txt", text)
        good = self.write("good.txt", ARTICLE)
        code, recs, err = run("--rules", rules, path, good)
        self.assertEqual(code, 1)
        self.assertRegex(err, r"slow\.txt: rule test\.runaway: .*limit")
        self.assertEqual([r["doc"] for r in recs], ["slow", "good"])

    def records_as(self, fmt, *paths):
        p = subprocess.run([WHOSAID, "-f", fmt, *paths], capture_output=True, timeout=120)
        return p.returncode, p.stdout.decode("utf-8")

    @staticmethod
    def as_strings(rec, columns):
        """A JSON record as the CSV carries it: every value a string, null empty."""
        out = {}
        for c in columns:
            v = rec.get(c)
            out[c] = "" if v is None else ("%.2f" % v if c == "confidence" else str(v))
        return out

    def test_csv_and_tsv_carry_the_json_records(self):
        tricky = self.write("tricky.txt", "\u201cYes, \"no\", and\tmaybe\\,\u201d Ana Ribeiro said.\n")
        paths = [os.path.join(ROOT, "corpus"), tricky, os.path.join(self.dir, "missing.txt")]
        code, jout = self.records_as("jsonl", *paths)
        self.assertEqual(code, 1)
        recs = [json.loads(l) for l in jout.split("\n") if l]
        code, cout = self.records_as("csv", *paths)
        self.assertEqual(code, 1)
        self.assertIn("\r\n", cout)
        rows = list(csv.DictReader(io.StringIO(cout, newline="")))
        columns = list(rows[0].keys())
        self.assertEqual(columns[:4], ["doc", "quote", "start", "end"])
        self.assertEqual(columns[-1], "error")
        self.assertEqual(len(rows), len(recs))
        for rec, row in zip(recs, rows):
            self.assertEqual(self.as_strings(rec, columns), row)
        code, tout = self.records_as("tsv", *paths)
        lines = tout.rstrip("\n").split("\n")
        header = lines[0].split("\t")
        self.assertEqual(header, columns)
        unescape = lambda f: (f.replace("\\\\", "\0").replace("\\t", "\t")
                              .replace("\\n", "\n").replace("\\r", "\r").replace("\0", "\\"))
        for rec, line in zip(recs, lines[1:]):
            fields = [unescape(f) for f in line.split("\t")]
            self.assertEqual(self.as_strings(rec, columns), dict(zip(header, fields)))
        self.assertTrue(any("\t" in r["quote"] for r in recs))

    def test_jobs_give_identical_output(self):
        """Records, messages and exit status are the same whatever -j is,
        bad JSON Lines included (with -j the workers parse the lines), and
        documents whose records are longer than a worker keeps."""
        bad = ["{not json %d", "[%d]", '{"id": "m%d"}', '{"id": "t%d", "text": "a", "text": "b"}',
               '"just a string %d"', '{"id": %d.5, "text": "He said: \\u201cNo.\\u201d"}',
               '{"id": %d, "text": "An integer id."}', '   ', '{"id": "u%d", "text": 7}']
        lines = []
        for i in range(300):
            if i % 37 == 5:
                lines.append(bad[(i // 37) % len(bad)].replace("%d", str(i)))
            elif i % 97 == 41:  # records over 64 KB: they leave a worker's stream in its own buffer
                lines.append(json.dumps({"id": "d%d" % i, "text": ARTICLE * 200}))
            else:
                lines.append(json.dumps({"id": "d%d" % i, "text": ARTICLE * (1 + i % 7)}))
        many = self.write("many.jsonl", "\n".join(lines) + "\n")
        args = [os.path.join(ROOT, "corpus"), many, os.path.join(self.dir, "missing.txt")]
        outs = []
        for jobs in ("1", "2", "3"):
            for fmt in ("jsonl", "csv"):
                p = subprocess.run([WHOSAID, "-j", jobs, "-f", fmt, *args], capture_output=True,
                                   timeout=300)
                self.assertEqual(p.returncode, 1)
                outs.append((fmt, p.stdout, p.stderr))
        for fmt in ("jsonl", "csv"):
            got = [(o, e) for f, o, e in outs if f == fmt]
            self.assertTrue(all(o == got[0] for o in got), fmt)
        err = outs[0][2].decode()
        for what in ("invalid JSON", "must be an object", 'no string field "text"',
                     'field "text" is given twice'):
            self.assertIn(what, err)
        self.assertEqual(run("-j", "0", stdin=b"")[0], 2)

    def test_jit_modes_give_identical_records(self):
        """--jit never, always and auto (which switches after 256 KB of text,
        between two documents, with the workers idle) give the same records."""
        texts = []
        for root, _, files in os.walk(os.path.join(ROOT, "corpus")):
            for f in sorted(files):
                if f.endswith(".txt"):
                    with open(os.path.join(root, f), encoding="utf-8") as fh:
                        texts.append(fh.read())
        self.assertTrue(texts)
        lines, size, i = [], 0, 0
        while size < 700 * 1024:
            t = texts[i % len(texts)]
            lines.append(json.dumps({"id": "d%d" % i, "text": t}))
            size += len(t.encode("utf-8"))
            i += 1
        path = self.write("big.jsonl", "\n".join(lines) + "\n")
        outs = {}
        when = {"never": r"patterns interpreted",
                "always": r"[1-9]\d* patterns JIT-compiled after 0\.00 MB",
                "auto": r"[1-9]\d* patterns JIT-compiled after 0\.(2[6-9]|3\d) MB"}
        for mode in ("never", "always", "auto"):
            for jobs in ("1", "2"):
                p = subprocess.run([WHOSAID, "--stats", "--jit", mode, "-j", jobs, path],
                                   capture_output=True, timeout=300)
                self.assertEqual(p.returncode, 0, p.stderr[:500])
                self.assertRegex(p.stderr.decode(), when[mode])
                outs[mode, jobs] = p.stdout
        self.assertGreater(outs["never", "1"].count(b"\n"), 1000)
        for key, out in outs.items():
            self.assertEqual(out, outs["never", "1"], key)
        self.assertEqual(run("--jit", "sometimes", stdin=b"")[0], 2)
        # one article stays under the threshold
        code, _, err = run("--stats", self.write("one.txt", ARTICLE))
        self.assertIn("patterns interpreted", err)

    def test_precompiled_patterns(self):
        """The built-in rules' patterns come compiled from the build; a pattern
        not among them is compiled, and WHOSAID_NO_RULES_CACHE=1 compiles all."""
        path = self.write("lisbon.txt", ARTICLE)
        code, recs, err = run("--stats", path)
        m = re.search(r"(\d+) of (\d+) patterns precompiled", err)
        self.assertTrue(m, err)
        self.assertEqual(m.group(1), m.group(2))
        self.assertGreater(int(m.group(2)), 30)
        rules = os.path.join(self.dir, "rules")
        shutil.copytree(os.path.join(ROOT, "rules", "en"), rules)
        with open(os.path.join(rules, "50-attribution.rules"), "a", encoding="utf-8") as fh:
            fh.write("\n[rule test.extra]\nanchor = after\npriority = 1\n"
                     "pattern = \\s*(?<speaker>Nobody)\\s+(?<cue>mused)\n")
        code, recs2, err = run("--stats", "--rules", rules, path)
        self.assertEqual(recs2, recs)
        self.assertIn("%s of %d patterns precompiled" % (m.group(1), int(m.group(2)) + 1), err)
        env = dict(os.environ, WHOSAID_NO_RULES_CACHE="1")
        p = subprocess.run([WHOSAID, "--stats", path], capture_output=True, env=env, timeout=60)
        self.assertIn(("0 of %s patterns precompiled" % m.group(2)).encode(), p.stderr)
        self.assertEqual(p.stdout.decode().count("\n"), len(recs))

    def test_lexicon_callouts_give_identical_records(self):
        """Large lexicons looked up by callout and matched as prefix trees
        (WHOSAID_NO_LEX_CALLOUTS=1) give the same records on the project's
        corpus, and the trees are compiled at start-up."""
        corpus = os.path.join(ROOT, "corpus")
        code, recs, err = run("--stats", corpus)
        self.assertEqual(code, 0, err)
        self.assertGreater(len(recs), 100)
        env = dict(os.environ, WHOSAID_NO_LEX_CALLOUTS="1")
        p = subprocess.run([WHOSAID, "--stats", corpus], capture_output=True, env=env, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr[:500])
        self.assertEqual([json.loads(l) for l in p.stdout.decode().splitlines()], recs)
        m = re.search(r"(\d+) of (\d+) patterns precompiled", p.stderr.decode())
        self.assertTrue(m, p.stderr)
        self.assertLess(int(m.group(1)), int(m.group(2)))

    def same_records_with_switch(self, args, switch):
        """Runs whosaid with @args without the environment variable
        @switch and with it set to 1: the records must be the same, at
        least a hundred of them. Returns them."""
        env = {k: v for k, v in os.environ.items() if k != switch}
        code, recs, err = run(*args, env=env)
        self.assertEqual(code, 0, err)
        self.assertGreater(len(recs), 100)
        env[switch] = "1"
        p = subprocess.run([WHOSAID, *args], capture_output=True, env=env, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr[:500])
        other = [json.loads(l) for l in p.stdout.decode().splitlines()]
        self.assertEqual(len(other), len(recs))
        bad = next((i for i, (a, b) in enumerate(zip(recs, other)) if a != b), None)
        self.assertIsNone(bad, bad is not None and (recs[bad], other[bad]))
        return recs

    def test_lexicon_guards_give_identical_records(self):
        """The rules' lexicon guards ({DESCRIPTOR within 6 unless
        STOPWORD}) only skip work: with them off (WHOSAID_NO_LEX_GUARDS=1)
        the records are the same, on the project's corpus and on made-up
        speakers whose descriptor stands zero to seven words on, behind
        joints of every kind of space, hyphens, possessives (some opening
        with a stop word), stop words, digits and letters outside ASCII,
        in short documents and in one long one."""
        def forms(name):
            out = []
            with open(os.path.join(ROOT, "rules", "en", name), encoding="utf-8") as fh:
                for line in fh:
                    line = line.split("#")[0].strip()
                    if line and not line.startswith("%"):
                        out += [f.strip() for f in line.split(";")[0].split("|") if f.strip()]
            return out
        heads = forms("20-descriptors.lex") + forms("20-organisations.lex") + forms("20-sources.lex")
        spaces = [" ", " ", "  ", "\u00a0", "\u2003", " \u2003", "\t", "\u202f", "\u3000"]
        mods = ["top", "state-owned", "vice", "G7", "ex-", "pro/anti", "the", "of", "it's",
                "na\u00efve", "well\u2011known", "co-", "Communist", "Party", "then", "Other",
                "first-ever", "of_x", "for/against"]
        # possessives that open with a stop word (the guard's "unless STOPWORD")
        dets = ["", "the ", "a ", "China\u2019s ", "its ", "the China\u2019s ", "a party's ",
                "the then-president\u2019s ", "the other's ", "The Other\u2019s ",
                "the so-called's "]
        state = [7]

        def pick(seq):  # a fixed sequence: the same documents on every run
            state[0] = (state[0] * 1103515245 + 12345) % 2 ** 31
            return seq[state[0] % len(seq)]

        def head():
            h = pick(heads)
            return pick([h, h, h.capitalize(), h.upper(), h.replace("s", "\u017f", 1),
                         h.replace("k", "\u212a", 1), h + "1", h + "-led"])

        def phrase():
            n = pick([0, 1, 2, 3, 4, 4, 4, 5])
            return pick(dets) + "".join(pick(mods) + pick(spaces) for _ in range(n)) + head()

        def sentence():
            q = "\u201cWe will not give up\u201d"
            name = pick(["Wang Yi", "Ana Ribeiro", "de Gaulle", "O'Neil"])
            return pick([
                q + ", " + phrase() + pick(spaces) + name + " said.",
                phrase() + pick(spaces) + name + ", " + phrase() + ", said: " + q,
                name + ", " + phrase() + ", told reporters " + q + ".",
                phrase() + pick([" ", "", "7", "-"]) + phrase() + " said " + q,
            ])
        docs = [{"id": "s%d" % i, "text": "\n\n".join(
            " ".join(sentence() for _ in range(1 + i % 3)) for _ in range(1 + i % 6))}
            for i in range(300)]
        # past LEX_WORDS_WHOLE (256 KB): words are read a paragraph at a time
        docs.append({"id": "long", "text": "\n\n".join(sentence() for _ in range(3000))})
        path = self.write("guards.jsonl", "".join(json.dumps(d) + "\n" for d in docs))
        for args in (["--input", "jsonl", path], [os.path.join(ROOT, "corpus")]):
            self.same_records_with_switch(args, "WHOSAID_NO_LEX_GUARDS")

    def test_lexicon_forms_give_identical_records(self):
        """A prefilter that opens with a verb (\\b(?i:{VERB})\\b...) is
        decided by looking the verb's forms up at each word and running
        only what follows them, from each form's end: with the whole
        prefilter run at each word instead (WHOSAID_NO_LEX_FORMS=1) the
        records are the same, on the project's corpus and on made-up
        sentences whose verbs (of one word and of two, "called for",
        "went on") stand behind every kind of joint, cased any way,
        followed by a colon, a comma, "that", their second word alone, a
        digit, an underscore or letters outside ASCII."""
        verbs = []
        with open(os.path.join(ROOT, "rules", "en", "20-verbs.lex"), encoding="utf-8") as fh:
            for line in fh:
                line = line.split("#")[0].strip()
                if line and not line.startswith("%") and "weak=yes" not in line:
                    verbs += [f.strip() for f in line.split(";")[0].split("|") if f.strip()]
        multi = [v for v in verbs if " " in v or "-" in v]
        self.assertGreater(len(multi), 10)
        joints = [" ", "  ", "\u00a0", "\t", "-", " - ", "\u2003"]
        tails = [":", ",", " that", " for:", " on,", " in:", "", "2:", "_:", "\u00e9:", " out that",
                 " to reporters:", " him that"]
        state = [11]

        def pick(seq):  # a fixed sequence: the same documents on every run
            state[0] = (state[0] * 1103515245 + 12345) % 2 ** 31
            return seq[state[0] % len(seq)]

        def verb():
            v = pick(multi + verbs[:60])
            v = pick([v, v, v.upper(), v.capitalize(), v.replace("s", "\u017f", 1)])
            return v.replace(" ", pick(joints)) if " " in v else v

        def sentence():
            q = "\u201cWe will not give up.\u201d"
            name = pick(["Wang Yi", "Ana Ribeiro", "The minister", "She", "Officials"])
            return pick([
                name + " " + verb() + pick(tails) + " " + q,
                name + ", the foreign minister, " + verb() + pick(tails) + " " + q,
                "On Monday " + name + " " + verb() + " at length" + pick(tails) + " " + q,
                q + " " + name + " " + verb() + pick(tails) + ".",
            ])
        docs = [{"id": "v%d" % i, "text": "\n\n".join(
            " ".join(sentence() for _ in range(1 + i % 3)) for _ in range(1 + i % 5))}
            for i in range(300)]
        path = self.write("verbs.jsonl", "".join(json.dumps(d) + "\n" for d in docs))
        for args in (["--input", "jsonl", path], [os.path.join(ROOT, "corpus")]):
            self.same_records_with_switch(args, "WHOSAID_NO_LEX_FORMS")
        # a rule that takes any capitalised word before a quote, so that its
        # prefilter alone decides: a verb (of two words or one, backing off)
        # and a word after it, as the split runs it and as the whole does
        rules = os.path.join(self.dir, "rules")
        shutil.copytree(os.path.join(ROOT, "rules", "en"), rules)
        with open(os.path.join(rules, "55-test.rules"), "w", encoding="utf-8") as fh:
            fh.write("%format 1\n[rule t.verb-then]\nanchor = before\npriority = 95\n"
                     "pattern = (?<speaker>\\p{Lu}\\p{L}+)[^\u201c\u201d\"\\n]*\n"
                     "requires = \\b(?i:{VERB})\\b\\s*(?:for|on|in|out|that|to)\\b[^:]*:\n")
        recs = self.same_records_with_switch(["--rules", rules, "--input", "jsonl", path],
                                             "WHOSAID_NO_LEX_FORMS")
        self.assertGreater(sum(r.get("rule") == "t.verb-then" for r in recs), 50)
        self.assertGreater(sum(r.get("rule") != "t.verb-then" for r in recs), 50)

    def test_start_sets_give_identical_records(self):
        """The before rules that open with a speaker have a start set
        (start = capital | PRONOUN | ARTICLE | {DESCRIPTOR|... within 6
        unless STOPWORD}): the engine tries them, anchored, only at the
        words where a speaker may begin. With PCRE2 searching instead
        (WHOSAID_NO_STARTS=1) the records are the same, on the project's
        corpus and on made-up sentences whose speakers (names, names
        outside ASCII, pronouns, "the" before a name, descriptor phrases
        zero to seven words from their head, organisations, a name after a
        letter that ICU knows and PCRE2 may not) stand after
        long openings, commas, digits, underscores, apostrophes and
        quotes, before each rule's verb phrase, in short documents and
        in one long one."""
        state = [23]

        def pick(seq):  # a fixed sequence: the same documents on every run (high bits: the low repeat)
            state[0] = (state[0] * 1103515245 + 12345) % 2 ** 31
            return seq[(state[0] >> 12) % len(seq)]

        speakers = ["Wang Yi", "\u00c9lise Dupont", "he", "she", "they", "it", "the Rev. Peter Wherry",
                    "the country's top diplomat", "China\u2019s foreign ministry", "a senior official",
                    "the very long serving and widely admired foreign minister",
                    "the report", "the foreign ministry spokesman", "Officials", "the the minister",
                    "his spokesman", "5minister", "x_minister", "\u2019the minister", "IT",
                    "\U00031350Smith"]
        openings = ["", "On Monday, ", "After a long day of talks in the capital with officials from "
                    "both sides, ", "In 2019 ", "\u201cNo,\u201d ", "Asked about it, ", "Then ",
                    "In a 3-hour meeting, ", "_", "Meanwhile the "]
        verbs = ["said", "told reporters that", "said in a statement,", "added:", "was quoted as saying",
                 "released a statement saying", "will say", "had warned", "says", "insisted",
                 "said that", "noted, with a shrug,"]
        q = "\u201cWe will not give up.\u201d"

        def sentence():
            who = pick(speakers)
            appos = pick(["", ", the foreign minister,", ", who arrived late,"])
            return pick(openings) + who + appos + " " + pick(verbs) + " " + q

        docs = [{"id": "s%d" % i, "text": "\n\n".join(
            " ".join(sentence() for _ in range(1 + i % 3)) for _ in range(1 + i % 4))}
            for i in range(400)]
        docs.append({"id": "long", "text": "\n\n".join(sentence() for _ in range(3500))})
        # over 256 KB: its words are read a paragraph at a time, not the whole document's at once
        self.assertGreater(len(docs[-1]["text"].encode()), 300000)
        path = self.write("starts.jsonl", "".join(json.dumps(d) + "\n" for d in docs))
        # and without the memo of speaker ends (WHOSAID_NO_END_MEMO=1), which those rules have
        for args, switch in itertools.product((["--input", "jsonl", path], [os.path.join(ROOT, "corpus")]),
                                              ("WHOSAID_NO_STARTS", "WHOSAID_NO_END_MEMO")):
            recs = self.same_records_with_switch(args, switch)
            rules = {r.get("rule") for r in recs}
            for rule in ("en.before.speaker-cue-far", "en.before.speaker-cue",
                         "en.before.speaker-cue-colon"):
                self.assertIn(rule, rules)
        # a start set without a guard: a word that opens outside ASCII ("\u00c9lise") may
        # begin a match too; a pronoun after a digit ("2he") is no word's start
        rules = os.path.join(self.dir, "rules")
        shutil.copytree(os.path.join(ROOT, "rules", "en"), rules)
        with open(os.path.join(rules, "55-test.rules"), "w", encoding="utf-8") as fh:
            fh.write("%format 1\n[rule t.capital-said]\nanchor = before\npriority = 95\n"
                     "pattern = (?<speaker>\\b\\p{Lu}\\p{L}+(?:\\s+\\p{Lu}\\p{L}+)?|\\b(?i:{PRONOUN})\\b)\\s+"
                     "(?:said|told reporters that)\\s*\n"
                     "start = capital | PRONOUN\n"
                     # a match that opens with the form it holds: the last verb is tried too
                     "[rule t.verb-first]\nanchor = before\npriority = 96\n"
                     "pattern = (?<speaker>\\b(?i:{VERB})\\s+\\p{Lu}\\p{L}+)\\s*\n"
                     "start = VERB\nholds = VERB\n")
        with open(path, "a", encoding="utf-8") as fh:
            for i in range(60):
                text = pick(openings) + pick(["she told", "they asked", "it said to"]) + " " + \
                    pick(["Wang", "Ana", "\u00c9lise"]) + " " + q
                fh.write(json.dumps({"id": "t%d" % i, "text": text}) + "\n")
        for switch in ("WHOSAID_NO_STARTS", "WHOSAID_NO_END_MEMO"):
            recs = self.same_records_with_switch(["--rules", rules, "--input", "jsonl", path], switch)
        mine = [r for r in recs if r.get("rule") == "t.capital-said"]
        self.assertGreater(len(mine), 50)
        self.assertIn("\u00c9lise Dupont", {r["speaker_mention"] for r in mine})
        self.assertGreater(sum(r.get("rule") == "t.verb-first" for r in recs), 20)
        # quotation marks that are digits: the subject's end cuts a word ("said0We"), which
        # may still lead a form (holds) and begin a match
        digits = os.path.join(self.dir, "digits")
        shutil.copytree(os.path.join(ROOT, "rules", "en"), digits)
        with open(os.path.join(digits, "11-digits.rules"), "w", encoding="utf-8") as fh:
            fh.write("%format 1\n[marks]\npair = 0 9\n")
        docs = [{"id": "d%d" % i, "text": pick(openings[:3]) + pick(["The minister", "She", "Wang Yi"])
                 + " " + pick(["said", "told reporters that", "added:"]) + "0We will stay, all of "
                 "us here9 and left." * (1 + i % 3)} for i in range(150)]
        path = self.write("digits.jsonl", "".join(json.dumps(d) + "\n" for d in docs))
        for switch in ("WHOSAID_NO_STARTS", "WHOSAID_NO_END_MEMO"):
            self.same_records_with_switch(["--rules", digits, "--input", "jsonl", path], switch)

    def test_sentence_windows_give_identical_records(self):
        """ICU reads only windows of the text around the characters after
        which a sentence may end: with it reading everything
        (WHOSAID_SEG_WHOLE=1) the records, sentence indexes included, are
        the same, on the project's corpus and on made-up news dense with
        abbreviations, initials, numbers, ellipses, closing marks, line
        breaks and letters outside ASCII, one document over a megabyte
        (ICU reads it in several chunks)."""
        state = [11]

        def pick(seq):  # a fixed sequence: the same documents on every run
            state[0] = (state[0] * 1103515245 + 12345) % 2 ** 31
            return seq[(state[0] >> 16) % len(seq)]  # the high bits: the low ones repeat soon
        bits = ["Mr. Smith", "U.S. officials", "Gov. Kasich", "Paul D. Ryan", "3.5 per cent",
                "e.g. this", "No. 10", "\u00c9milie Dupr\u00e9", "Zo\u00eb", "\u4e2d\u56fd",
                "the end...", "(quietly.)", "!?", "\u2026", "a.m.", "Ph.D.", "it", "was", "late",
                "\u201cNo.\u201d", "'Yes!'", "[sic]", "\u00ab Oui \u00bb", "5:30", "1,200"]
        ends = [". ", "! ", "? ", ".\u201d ", ".) ", "\n", ". \u2029", "\u3002", "; ", " - ",
                " \u2029", "\u2028", "\u0085", "\r", "\u203c "]

        def sentence():
            words = " ".join(pick(bits) for _ in range(pick([1, 2, 4, 7])))
            q = "\u201c" + words + pick([".", "!", "?", ""]) + "\u201d"
            return pick([
                words + pick(ends),
                q + ", " + pick(["Ana Ribeiro", "he", "the minister", "Mr. Wang"]) + " said. ",
                pick(["Wang Yi", "She"]) + " said: " + q + pick(ends),
                pick(ends) + words,
            ])
        docs = [{"id": "w%d" % i, "text": "\n\n".join(
            "".join(sentence() for _ in range(1 + i % 5)) for _ in range(1 + i % 7))}
            for i in range(400)]
        docs.append({"id": "long", "text": "\n\n".join(
            "".join(sentence() for _ in range(8)) for _ in range(4000))})
        self.assertGreater(len(docs[-1]["text"].encode()), 1 << 20)
        path = self.write("windows.jsonl", "".join(json.dumps(d) + "\n" for d in docs))
        for args in (["--input", "jsonl", path], [os.path.join(ROOT, "corpus")]):
            recs = self.same_records_with_switch(args, "WHOSAID_SEG_WHOLE")
            self.assertGreater(max(r["sentence"] for r in recs), 10)

    def test_near_windows_give_identical_records(self):
        """An alias rule with near (name-appositive: "Wang Yi, the ...")
        is searched only in windows that end where its requirement
        (", the") occurs, and a before rule with near (a term's marker:
        "the so-called") only in the last words before the quote: with
        every paragraph and sentence searched whole (WHOSAID_NO_NEAR=1)
        the records, terms included, are the same, on the project's
        corpus and on made-up news dense with appositives and markers:
        names of one to six words behind every kind of space, particles,
        initials, hyphens and letters outside ASCII; several requirements
        to a paragraph, some with no name before them; appositives after
        the last quote, which only the alias rules read; markers of one
        to eight words, with commas and spaces of their own."""
        state = [5]

        def pick(seq):  # a fixed sequence: the same documents on every run
            state[0] = (state[0] * 1103515245 + 12345) % 2 ** 31
            return seq[(state[0] >> 16) % len(seq)]  # the high bits: the low ones repeat soon
        words = ["Ana", "Ribeiro", "Wang", "Yi", "Paul", "D.", "de", "la", "Cruz", "Al-Sisi",
                 "O\u2019Brien", "\u00c9milie", "Dupr\u00e9", "Jr.", "van", "Leyen", "Kofi", "Mensah"]
        spaces = [" ", " ", " ", "\u00a0", "\u2009", "\t", "  ", "\u3000"]
        heads = ["the foreign minister", "a senior official", "the party\u2019s chief",
                 "an economist at the bank", "the spokesman", "the G7 envoy"]
        filler = ["talks resumed", "the markets", "in Lisbon", "on Monday", "(quietly)",
                  "said nothing", "the, the", "a", "1,200 people"]

        def name():
            return "".join(pick(words) + pick(spaces) for _ in range(pick([1, 2, 3, 5, 6])))[:-1]

        def appositive():
            return pick([
                name() + ", " + pick(heads) + pick([",", ".", ";"]) + " ",
                pick(filler) + ", " + pick(heads) + ", ",
                pick(["(", "\u201c", ""]) + name() + "," + pick(spaces) + pick(["the", "a", "An"]) + " "
                + pick(filler) + ". ",
            ])

        def paragraph():
            return "".join(pick([appositive(), pick(filler) + " " + name() + " ", appositive()])
                           for _ in range(pick([1, 3, 6])))

        def quote():
            return pick([
                "\u201cWe are ready,\u201d " + pick(["the minister", "Ribeiro", "Yi", "Cruz", "she"])
                + " said.",
                pick(["Ribeiro", "The spokesman", "Wang Yi"]) + " said: \u201cNot yet.\u201d",
            ])
        # before rules with near: a term's marker stands within a few words of the quote
        markers = ["the so-called", "so called", "dubbed", "what critics call the",
                   "what the old guard in the party still calls", "a film titled ,", "the word",
                   "known as", "nicknamed\u00a0", "what they describe as a", "the, the book",
                   "called", "the  slogan ,  "]

        def term():
            words = " ".join(pick(["peace", "dividend", "Vienna", "years", "Rooms", "Without"])
                             for _ in range(pick([1, 2, 3, 5])))
            return pick(["", pick(filler) + " ", name() + " spoke of "]) + pick(markers) + pick(
                [" ", "", "  "]) + "\u201c" + words + "\u201d" + pick([".", ",", " today."])
        docs = [{"id": "n%d" % i, "text": "\n\n".join(
            [paragraph() for _ in range(i % 3)] + [quote(), paragraph() + term(), quote()]
            + [paragraph() + term() for _ in range(i % 4)])} for i in range(400)]
        path = self.write("near.jsonl", "".join(json.dumps(d) + "\n" for d in docs))
        for args in (["--all", "--input", "jsonl", path], ["--all", os.path.join(ROOT, "corpus")]):
            recs = self.same_records_with_switch(args, "WHOSAID_NO_NEAR")
            # the appositives name speakers: "the minister" is someone
            self.assertTrue(any(r["speaker_mention"] != r["speaker"] and r["speaker"] for r in recs))
        self.assertGreater(sum(r["rule"] in ("en.term.marker", "en.term.what-they-call") for r in
                               self.same_records_with_switch(["--all", "--input", "jsonl", path],
                                                             "WHOSAID_NO_NEAR")), 50)

    def test_capital_start_gives_identical_records(self):
        """The mention rule has start = capital: the engine tries it only
        where a capital may open a word. With PCRE2 searching each
        paragraph itself (WHOSAID_NO_CAPITAL=1) the records are the same,
        on the project's corpus and on made-up news whose bare names (the
        antecedents of "she said" and the fuller names of "Ribeiro said")
        follow every kind of character: a letter, digit or underscore
        (no word start), a letter or mark outside ASCII, a curly quote,
        a hyphen, an apostrophe, a space of any kind, a line's start;
        names that open with a capital outside ASCII (Émilie, Øystein,
        Δημήτρης, the title-case Ǆ), and small letters outside ASCII."""
        state = [11]

        def pick(seq):  # a fixed sequence: the same documents on every run
            state[0] = (state[0] * 1103515245 + 12345) % 2 ** 31
            return seq[(state[0] >> 16) % len(seq)]
        first = ["Ana", "\u00c9milie", "\u00d8ystein", "\u0394\u03b7\u03bc\u03ae\u03c4\u03c1\u03b7\u03c2",
                 "\u01c4emal", "Kofi", "\u00e9milie", "Paul D.", "de la", "O\u2019Brien"]
        last = ["Ribeiro", "Dupr\u00e9", "Mensah", "Cruz", "\u00c5berg", "\u017dupan", "van Leyen"]
        before = [" ", "\u00a0", "\u2009", "\n", "\u201c", "(", "-", "\u2019", "'", "_", "7", "x",
                  "\u00e9", "e\u0301", "\u4e2d", ", ", ": ", "\u2014", "/", ""]

        def name():
            return pick(first) + pick([" ", "\u00a0"]) + pick(last)

        def sentence():
            return pick(["Talks resumed", "On Monday", "The markets fell", "Officials met"]) + pick(
                before) + name() + pick([" arrived.", " spoke.", "\u2019s aide left.", "."])

        def quote():
            return pick(["\u201cWe are ready,\u201d she said.", "\u201cNot yet,\u201d he said.",
                         "\u201cNo,\u201d " + pick(last) + " said.", pick(last) + " said: \u201cSoon.\u201d"])
        docs = []
        for i in range(400):
            paras = [" ".join(sentence() for _ in range(pick([1, 2, 4]))) + " " + quote()
                     for _ in range(pick([1, 2, 3]))]
            docs.append({"id": "c%d" % i, "text": pick(before).strip() + "\n\n".join(paras)})
        path = self.write("capital.jsonl", "".join(json.dumps(d) + "\n" for d in docs))
        for args in (["--all", "--input", "jsonl", path], ["--all", os.path.join(ROOT, "corpus")]):
            recs = self.same_records_with_switch(args, "WHOSAID_NO_CAPITAL")
        recs = self.same_records_with_switch(["--input", "jsonl", path], "WHOSAID_NO_CAPITAL")
        # bare names resolve pronouns and give surnames their fuller names
        self.assertGreater(sum(r["speaker_mention"] in ("she", "he") and bool(r["speaker"])
                               for r in recs), 50)
        self.assertGreater(sum(" " in (r["speaker"] or "") and r["speaker_mention"] in last
                               for r in recs), 50)

    def mention_runs(self, args, env):
        """How many times --profile says the mention rule ran."""
        p = subprocess.run([WHOSAID, "--profile", *args], capture_output=True, env=env, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr[:500])
        rows = [l.split() for l in p.stderr.decode().splitlines() if l.endswith(" en.mention.name")]
        self.assertEqual(len(rows), 1, p.stderr[-500:])
        return int(rows[0][2])

    def test_pruned_mentions_give_identical_records(self):
        """The mention rule has prune = STOPWORD: the engine skips the
        runs of words where no bare name can share an entity with a firm
        one (an alias rule's, a speaker's, a name with a title). With
        WHOSAID_NO_PRUNE=1 every name is found, and the records are the
        same: on the project's corpus and on made-up news whose names are
        linked to a speaker's through chains of shared words, in the order
        of the text and against it (longer than the engine follows: it
        then keeps every run), with particles (van, de la, al), stop words
        glued to a name (The_Boss, In-Sook), titles and descriptors, names
        after spaces outside ASCII, possessives, and pronouns whose
        antecedent is a bare name. The rule is tried far less often."""
        state = [23]

        def pick(seq):  # a fixed sequence: the same documents on every run
            state[0] = (state[0] * 1103515245 + 12345) % 2 ** 31
            return seq[(state[0] >> 16) % len(seq)]
        words = ["Ana", "Kofi", "Ribeiro", "Mensah", "Lopez", "Garcia", "Cruz", "Nakamura",
                 "\u00c9milie", "Dupr\u00e9", "O\u2019Brien", "Al-Amin", "Ludwig", "Beethoven"]
        joins = [" ", " ", " van ", " de la ", " al ", "\u00a0", " and ", " in "]
        glued = ["The_Boss", "In-Sook Lee", "The-Dream", "Dr. Lee", "Mr Karimi",
                 "Foreign Minister Ana Ribeiro", "Lopez\u2019s", "the minister"]

        def name():
            return pick(words) + pick(joins) + pick(words)

        def sentence():
            return pick(["Talks resumed as ", "On Monday ", "Officials said ", ""]) + pick(
                [name(), pick(glued)]) + pick([" arrived.", " spoke.", " met " + name() + ".", "."])

        def quote():
            return pick(["\u201cWe are ready,\u201d she said.", "\u201cNot yet,\u201d he said.",
                         "\u201cNo,\u201d " + pick(words) + " said.",
                         pick(words) + " said: \u201cSoon.\u201d",
                         "\u201cLater,\u201d said " + pick(glued) + "."])

        def chain(n, backward):
            """A bare surname that "she" stands for, whose entity is a
            person only through a fuller name later in the text that a
            speaker's first name joins: the engine learns the link on its
            second pass. Then runs of names linked one to the next through
            a shared word, a speaker's name at one end: one link a pass
            (against the order of the text) or all in one (with it)."""
            links = ["Zet" + "abcdefghijklmnopqrstuvwxyz"[i % 26] * (1 + i // 26) for i in range(n + 1)]
            pairs = [links[i] + " " + links[i + 1] + " left." for i in range(n)]
            if backward:
                pairs.reverse()
            return ("Tinka arrived. \u201cWe wait,\u201d she said.\n\n" + " ".join(pairs) +
                    "\n\nMira Tinka came.\n\n\u201cIt is over,\u201d Mira said. \u201cFine,\u201d " +
                    (links[0] if backward else links[-1]) + " said.")
        docs = []
        for i in range(400):
            paras = [" ".join(sentence() for _ in range(pick([1, 2, 4]))) + " " + quote()
                     for _ in range(pick([1, 2, 3]))]
            docs.append({"id": "p%d" % i, "text": "\n\n".join(paras)})
        for n in (3, 7, 8, 9, 14):
            for backward in (False, True):
                docs.append({"id": "chain%d%s" % (n, backward), "text": chain(n, backward)})
        # a title alone in a run that shares no word with a firm name ("The Lord of ...", a
        # film's): its run is kept for the title, and the name found there, a title alone,
        # makes nobody a person: "he" is nobody's, not "Lord"'s
        for title in ("Lord", "Queen", "King"):
            docs.append({"id": "title-" + title, "text": "Ana Cruz arrived. They watched The %s of"
                         " the Hills on Friday. \u201cIt was long,\u201d he said." % title})
        path = self.write("prune.jsonl", "".join(json.dumps(d) + "\n" for d in docs))
        corpus = ["--all", os.path.join(ROOT, "corpus")]
        self.same_records_with_switch(corpus, "WHOSAID_NO_PRUNE")
        recs = self.same_records_with_switch(["--all", "--input", "jsonl", path], "WHOSAID_NO_PRUNE")
        # "she" is Tinka, who is the person Mira Tinka through the later name
        she = [r["speaker"] for r in recs if r["doc"].startswith("chain") and r["speaker_mention"] == "she"]
        self.assertEqual(she, ["Mira Tinka"] * 10)
        titled = {r["doc"]: r["speaker"] for r in recs if r["doc"].startswith("title-")}
        self.assertEqual(titled, {"title-Lord": None, "title-Queen": None, "title-King": None})
        self.assertGreater(sum(r["speaker_mention"] in ("she", "he") and bool(r["speaker"])
                               for r in recs), 50)
        env = {k: v for k, v in os.environ.items() if k != "WHOSAID_NO_PRUNE"}
        pruned = self.mention_runs(corpus, env)
        env["WHOSAID_NO_PRUNE"] = "1"
        whole = self.mention_runs(corpus, env)
        self.assertLess(pruned, whole * 0.8, (pruned, whole))

    def test_ascii_codes_give_identical_records(self):
        """Each pattern has a second code without UCP, run where the text
        PCRE2 may read is all ASCII. With WHOSAID_NO_ASCII=1 only the first
        runs, and the records are the same, JIT-compiled or interpreted: on
        the project's corpus and on made-up news where ASCII and other
        characters meet around the rules' windows: a name glued to a letter
        outside ASCII (there \\b and \\w differ without UCP), accents,
        curly and straight quotes, no-break spaces, "Prof." after a letter
        outside ASCII, possessives with a curly apostrophe."""
        state = [31]

        def pick(seq):  # a fixed sequence: the same documents on every run
            state[0] = (state[0] * 1103515245 + 12345) % 2 ** 31
            return seq[(state[0] >> 16) % len(seq)]
        names = ["Martin Lopez", "Ana Ribeiro", "Prof. Kofi Mensah", "Dupr\u00e9", "Jos\u00e9 Cruz",
                 "Lee", "Zo\u00eb Baker"]
        glue = ["Jos\u00e9", "\u00e9", "caf\u00e9 ", "", " ", "\u00a0", "\u2019", "na\u00efve-"]

        def person():
            return pick(glue) + pick(names)

        def para():
            q = pick([("\"", "\""), ("\u201c", "\u201d")])
            surname = pick(names).split()[-1]
            return pick([
                "Officials met %s today." % person(),
                "%sYes,%s %s said." % (q[0], q[1], surname),
                "%s said: %sNot now.%s" % (surname, q[0], q[1]),
                "%sWe wait,%s said %s, %s minister." % (q[0], q[1], person(), pick(["the", "a"])),
                "%s\u2019s aide left. %sNo,%s she said." % (surname, q[0], q[1]),
                "The talks, %s said%s were %sover%s." % (surname, pick([",", ""]), q[0], q[1]),
            ])
        docs = [{"id": "a%d" % i, "text": "\n\n".join(para() for _ in range(pick([2, 4, 6])))}
                for i in range(400)]
        # a letter outside ASCII just before a name, at every place around the
        # engine's 64-byte blocks: no name begins inside a word ("ñMartin")
        edge = []
        for at in range(56, 72):
            pre = ("officials met the delegation that came in from the north at noon " * 2)[:at]
            for glued in ("\u00f1", "caf\u00e9", "\u4e2d", "\u00e9-"):
                edge.append(pre + glued + "Martin Lopez arrived.\n\n\"Yes,\" Lopez said.")
        docs += [{"id": "edge%d" % i, "text": t} for i, t in enumerate(edge)]
        path = self.write("ascii.jsonl", "".join(json.dumps(d) + "\n" for d in docs))
        for jit in ("always", "never"):
            self.same_records_with_switch(["--jit", jit, "--all", os.path.join(ROOT, "corpus")],
                                          "WHOSAID_NO_ASCII")
            recs = self.same_records_with_switch(["--jit", jit, "--all", "--input", "jsonl", path],
                                                 "WHOSAID_NO_ASCII")
        # the fuller names come from mentions beside letters outside ASCII too
        self.assertGreater(sum(r["speaker"] in ("Martin Lopez", "Ana Ribeiro") for r in recs), 50)
        # ... but not from inside a word: after "-" the name is one, after a letter it is not
        edges = [r["speaker"] for r in recs if r["doc"].startswith("edge")]
        self.assertEqual(edges, ["Lopez", "Lopez", "Lopez", "Martin Lopez"] * 16)

    def boom_rules(self, extra):
        """The shipped rules and t.alias.boom, an alias rule that hits
        PCRE2's match limit on "Zed" followed by forty a's and no b (with
        a "Zedb" later in the text, so that PCRE2 cannot rule it out at
        once); @extra adds keys to it. Returns the directory."""
        rules = os.path.join(self.dir, "limit-rules")
        shutil.rmtree(rules, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, "rules", "en"), rules)
        with open(os.path.join(rules, "70-boom.rules"), "w", encoding="utf-8") as fh:
            fh.write("%format 1\n[rule t.alias.boom]\nanchor = alias\n"
                     "pattern = (?<name>Zed)(?:a|a){0,40}b\\s+(?<descriptor>minister)\n"
                     "requires = Zed\n" + extra)
        return rules

    def test_near_stops_at_a_limit_as_the_whole_search(self):
        """A rule that hits PCRE2's match limit ends its search of the
        paragraph, windows or not: the place after it is not searched, and
        the records and the warning are the same with WHOSAID_NO_NEAR=1."""
        rules = self.boom_rules("near = 1\n")
        path = self.write("boom.txt", "Zed" + "a" * 40 + "c. Then Zedb minister arrived.\n\n"
                          "\u201cWe go,\u201d the minister said.\n")
        out = []
        for no_near in (None, "1"):
            env = {k: v for k, v in os.environ.items() if k != "WHOSAID_NO_NEAR"}
            if no_near:
                env["WHOSAID_NO_NEAR"] = no_near
            p = subprocess.run([WHOSAID, "--rules", rules, path], capture_output=True, env=env,
                               timeout=120)
            self.assertEqual(p.returncode, 1, p.stderr)  # the limit is reported
            self.assertIn(b"t.alias.boom", p.stderr)
            out.append((p.stdout, p.stderr))
        self.assertEqual(out[0], out[1])
        self.assertEqual([json.loads(l)["speaker"] for l in out[0][0].decode().splitlines()],
                         ["the minister"])

    def test_jobs_keep_warnings_and_counts(self):
        """With -j and JSON Lines out, a worker frees each document once
        its records are written and keeps what the writing thread still
        needs: a rule's warning, the exit status and --stats' counts are
        the same as with -j 1."""
        rules = self.boom_rules("")
        boom = "Zed" + "a" * 40 + "c. Then Zedb minister arrived.\n\n\u201cWe go,\u201d the minister said.\n"
        lines = [json.dumps({"id": str(i), "text": boom if i % 10 == 2 else ARTICLE}) for i in range(40)]
        path = self.write("warn.jsonl", "\n".join(lines) + "\n")
        runs = {}
        for jobs in ("1", "2"):
            for extra in ([], ["--stats"]):
                p = subprocess.run([WHOSAID, "--rules", rules, "--input", "jsonl", "-j", jobs,
                                    *extra, path], capture_output=True, timeout=120)
                err = re.sub(rb"[0-9.]+ MB/s| in [0-9.]+ s", b"", p.stderr)  # times vary
                runs[(jobs, tuple(extra))] = (p.returncode, p.stdout, err)
        for key, got in runs.items():
            self.assertEqual(got, runs[("1", key[1])], key)
        code, out, err = runs[("1", ())]
        self.assertEqual(code, 1)
        self.assertEqual(err.decode().count("t.alias.boom"), 4)
        self.assertEqual(len(out.decode().splitlines()), 40)
        self.assertRegex(runs[("1", ("--stats",))][2].decode(),
                         r"40 documents \(0 unreadable\), 40 quotes, 40 attributed")

    def test_near_is_a_promise(self):
        """near promises that a match begins within so many words before
        its requirement; a rule that breaks the promise loses matches. With
        near = 1 the name-appositive rule finds only the last word of
        "Wang Yi, the foreign minister": the speaker is Yi; the shipped
        rule (near = 5) finds Wang Yi. (The appositive follows the last
        quote: only the alias rules read it, no bare mention.)"""
        text = ("\u201cWe are ready,\u201d the foreign minister said.\n\n"
                "Wang Yi, the foreign minister, arrived on Monday.\n")
        path = self.write("promise.txt", text)
        code, recs, err = run(path)
        self.assertEqual(code, 0, err)
        self.assertEqual([r["speaker"] for r in recs], ["Wang Yi"])
        rules = os.path.join(self.dir, "near-rules")
        shutil.copytree(os.path.join(ROOT, "rules", "en"), rules)
        alias = os.path.join(rules, "60-alias.rules")
        with open(alias, encoding="utf-8") as fh:
            src = fh.read()
        self.assertIn("near = 5\n", src)
        with open(alias, "w", encoding="utf-8") as fh:
            fh.write(src.replace("near = 5\n", "near = 1\n"))
        code, recs, err = run("--rules", rules, path)
        self.assertEqual(code, 0, err)
        self.assertEqual([r["speaker"] for r in recs], ["Yi"])

    def test_speaker_starts_at_a_word(self):
        """A speaker begins at a word's start: the "the" at the end of
        "loathe" is no article before a name."""
        path = self.write("loathe.txt", "Fans who loathe Ferreira said: \u201cHe has to go.\u201d\n")
        code, recs, err = run(path)
        self.assertEqual(code, 0, err)
        self.assertEqual([(r["speaker_mention"], r["speaker_start"]) for r in recs], [("Ferreira", 16)])

    def test_many_distinct_names(self):
        """A document naming more people than the resolver's memo of
        mentions holds (16,384) still gives every later name its entity:
        "Ribeiro" is Ana Ribeiro, named after 40,000 others."""
        def filler(i):
            letters = "".join(chr(65 + (i // 26 ** k) % 26) for k in range(4))
            return "Kofi %sson met Lena %sdottir at the port on a rainy day." % (letters, letters)
        tail = ["Ana Ribeiro arrived in Lisbon on Monday.",
                "\u201cWe will not give up,\u201d Ribeiro said."]
        for n in (0, 20000):
            path = self.write("names-%d.txt" % n, "\n\n".join([filler(i) for i in range(n)] + tail))
            code, recs, err = run(path)
            self.assertEqual(code, 0, err)
            self.assertEqual([r["speaker"] for r in recs], ["Ana Ribeiro"], n)

    def test_stats_and_progress(self):
        path = self.write("lisbon.txt", ARTICLE)
        missing = os.path.join(self.dir, "missing.txt")
        code, recs, err = run("--stats", "--no-progress", path, missing)
        self.assertEqual(code, 1)
        self.assertRegex(err, r"1 documents \(1 unreadable\), 1 quotes, 1 attributed \(100\.0%\)")
        self.assertIn("top speakers: Ana Ribeiro (1)", err)
        self.assertNotIn("\r", err)
        code, _, err = run("--progress", path)
        self.assertEqual(code, 0)
        self.assertRegex(err, r"\r\x1b\[Kwhosaid: 1 documents, [0-9.]+ MB, [0-9.]+ MB/s, 1 quotes")
        code, _, err = run(path)  # standard error is no terminal here: no progress line
        self.assertEqual(err, "")

    def test_profile(self):
        path = self.write("lisbon.txt", ARTICLE)
        lines = "\n".join(json.dumps({"id": str(i), "text": ARTICLE}) for i in range(5)) + "\n"
        many = self.write("many.jsonl", lines)
        for jobs in ("1", "2"):
            code, recs, err = run("-j", jobs, "--profile", path, many)
            self.assertEqual(code, 0, err)
            self.assertEqual(len(recs), 6)
            self.assertRegex(err, r"whosaid: profile: [0-9.]+ s extracting\n")
            rows = [l.split() for l in err.splitlines()[2:]]
            by_name = {r[-1]: r for r in rows}
            # six documents, added up over the threads
            for stage in ("stage:segment", "stage:quotes", "stage:attribute", "stage:resolve"):
                self.assertEqual(by_name[stage][2], "6", stage)
            self.assertEqual(by_name["en.after.speaker-cue"][2:4], ["6", "6"])
            self.assertIn("requires:en.after.speaker-cue", by_name)
            # the stages first, then patterns slowest first
            names = [r[-1] for r in rows]
            self.assertTrue(all(n.startswith("stage:") for n in names[:4]), names)
            secs = [float(r[0]) for r in rows[4:]]
            self.assertEqual(secs, sorted(secs, reverse=True))
        self.assertNotIn("profile", run(path)[2])

    def test_sqlite_database(self):
        db = os.path.join(self.dir, "quotes.db")
        corpus = os.path.join(ROOT, "corpus")
        missing = os.path.join(self.dir, "missing.txt")
        code, _, err = run("-f", "sqlite", "-o", db, corpus, missing)
        self.assertEqual(code, 1)
        _, recs, _ = run(corpus)
        con = sqlite3.connect(db)
        q = lambda sql, *a: con.execute(sql, a).fetchall()
        self.assertEqual(q("PRAGMA user_version"), [(1,)])
        self.assertEqual(q("PRAGMA journal_mode"), [("wal",)])
        self.assertEqual(q("SELECT count(*) FROM quotes")[0][0], len(recs))
        docs = {r["doc"] for r in recs}
        self.assertEqual(q("SELECT count(*) FROM documents WHERE error IS NULL")[0][0],
                         len(os.listdir(corpus)) // 2)
        self.assertEqual(q("SELECT id FROM documents WHERE error IS NOT NULL"), [("missing",)])
        # every record is there, field for field
        first = recs[0]
        row = q("SELECT quote, start, \"end\", type, speaker, cue, rule FROM quotes "
                "WHERE doc = ? ORDER BY start LIMIT 1", first["doc"])[0]
        self.assertEqual(row, (first["quote"], first["start"], first["end"], first["type"],
                               first["speaker"], first["cue"], first["rule"]))
        # speakers, their kinds and aliases, joined to the quotes
        named = [r for r in recs if r["speaker"]]
        self.assertEqual(q("SELECT count(*) FROM quotes WHERE speaker_id IS NOT NULL")[0][0],
                         len(named))
        self.assertTrue(q("SELECT 1 FROM speakers s JOIN speaker_aliases a ON a.speaker_id = s.id "
                          "WHERE s.name = 'Ana Ribeiro' AND s.kind = 'person'"))
        # full-text search
        hits = q("SELECT q.doc FROM quotes_fts f JOIN quotes q ON q.id = f.rowid "
                 "WHERE quotes_fts MATCH 'paperwork'")
        self.assertEqual(hits, [(r["doc"],) for r in recs if "paperwork" in r["quote"].lower()])
        con.close()
        # the same documents again replace their rows; a new one is added
        extra = self.write("extra.txt", ARTICLE)
        code, _, _ = run("-f", "sqlite", "-o", db, corpus, extra)
        self.assertEqual(code, 0)
        con = sqlite3.connect(db)
        self.assertEqual(con.execute("SELECT count(*) FROM quotes").fetchone()[0], len(recs) + 1)
        self.assertEqual(con.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH "
                                     "'paperwork'").fetchone()[0],
                         len([r for r in recs if "paperwork" in r["quote"].lower()]))
        self.assertEqual(len(docs & {d for (d,) in con.execute("SELECT id FROM documents")}),
                         len(docs))
        con.close()
        self.check_fts(db)
        # without -o it is a usage error; a file that is no database is an error
        self.assertEqual(run("-f", "sqlite", stdin=b"")[0], 2)
        code, _, err = run("-f", "sqlite", "-o", extra, extra)
        self.assertEqual(code, 2)
        self.assertIn("extra.txt", err)

    def check_fts(self, db):
        """The FTS5 index holds every quote and nothing else, and its triggers are there."""
        con = sqlite3.connect(db)
        # rank 1: the index is compared with the quotes table (without, only with itself)
        con.execute("INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)")
        self.assertEqual(sorted(n for (n,) in con.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger'")), ["quotes_ad", "quotes_ai"])
        self.assertEqual(con.execute("SELECT count(*) FROM quotes_fts").fetchone(),
                         con.execute("SELECT count(*) FROM quotes").fetchone())
        con.close()

    def test_sqlite_index_in_step(self):
        """
        whosaid indexes each transaction's quotes in one statement, without
        the insert trigger, which it makes again before it commits: a
        document written twice in one transaction, in the next and in a
        later run, and quotes another program inserts, all end up indexed
        once (the FTS5 integrity check fails on an entry missing, left
        over or deleted unindexed).
        """
        db = os.path.join(self.dir, "index.db")
        words = ["alpha", "bravo", "charlie", "delta", "echo"]
        def doc(i, w):
            return json.dumps({"id": "d%d" % i, "text": "\u201cWe say %s now,\u201d Ana Ribeiro said.\n" % w})
        # 1,200 documents (three transactions of 500: --batch); d7 and d600
        # again in their own transactions, d3 again in the next one
        lines = [doc(i, words[i % 5]) for i in range(1200)]
        lines[10] = doc(7, "foxtrot")
        lines[650] = doc(600, "golf")
        lines[700] = doc(3, "hotel")
        path = self.write("docs.jsonl", "\n".join(lines) + "\n")
        code, _, err = run("-f", "sqlite", "--batch", "500", "-o", db, path)
        self.assertEqual(code, 0, err)
        self.check_fts(db)
        con = sqlite3.connect(db)
        count = lambda w: con.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?",
                                      (w,)).fetchone()[0]
        self.assertEqual([count(w) for w in ("foxtrot", "golf", "hotel")], [1, 1, 1])
        self.assertEqual(con.execute("SELECT count(*) FROM quotes").fetchone()[0], 1197)
        # one speaker and one alias, whatever the transactions that met them
        self.assertEqual(con.execute("SELECT count(*), min(name), min(kind) FROM speakers").fetchone(),
                         (1, "Ana Ribeiro", "person"))
        self.assertEqual(con.execute("SELECT count(*) FROM speaker_aliases").fetchone()[0], 1)
        self.assertEqual(con.execute("SELECT count(*) FROM quotes q JOIN speakers s ON s.id = "
                                     "q.speaker_id").fetchone()[0], 1197)
        # another program's quote is indexed by the trigger
        con.execute("INSERT INTO quotes (doc, quote) VALUES ('d1', 'india juliett')")
        con.commit()
        self.assertEqual(count("juliett"), 1)
        con.close()
        # a later run replaces documents, its quotes indexed in turn
        path = self.write("again.jsonl", doc(7, "kilo") + "\n" + doc(5000, "lima") + "\n")
        self.assertEqual(run("-f", "sqlite", "-o", db, path)[0], 0)
        self.check_fts(db)
        con = sqlite3.connect(db)
        self.assertEqual([count(w) for w in ("foxtrot", "kilo", "lima", "juliett")], [0, 1, 1, 1])
        con.close()
        # a full disk (no file may grow past a size): SQLite's message, exit
        # status 2, the database as it was
        def full_disk(name, word, ndocs, size):
            def limit():
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))
            path = self.write(name, "".join(doc(9000 + i, (word + " ") * 2000) + "\n"
                                            for i in range(ndocs)))
            p = subprocess.run([WHOSAID, "-f", "sqlite", "-o", db, path], capture_output=True,
                               timeout=120, preexec_fn=limit)
            self.assertEqual(p.returncode, 2)
            self.assertRegex(p.stderr.decode(), r"writing .*index\.db failed: .*(full|I/O)")
            self.check_fts(db)
            con2 = sqlite3.connect(db)
            self.assertEqual(con2.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?",
                                          (word,)).fetchone()[0], 0)
            self.assertEqual(con2.execute("SELECT count(*) FROM quotes").fetchone()[0], 1199)
            con2.close()
        # 6 MB: SQLite's page cache spills in the middle of a transaction, past 2 MB
        full_disk("big.jsonl", "mike", 600, 2 << 20)
        # fewer documents than a transaction holds, 1 MB of them, which the page
        # cache keeps until the end: the failure is the last commit's, when the
        # write-ahead log passes 256 KB
        full_disk("few.jsonl", "november", 60, 256 << 10)

    def test_records_follow_a_slow_stream(self):
        """
        Documents that come a while apart (a live feed into a terminal):
        with -j 2 the records of each are out by the time the next one has
        been read, not held until the window of documents in flight fills
        or the input ends; with -j 1 at once.
        """
        doc = lambda i: (json.dumps({"id": "s%d" % i, "text": "\u201cWe will not give up,\u201d "
                                     "Ana Ribeiro said on day %d." % i}) + "\n").encode()
        for jobs, lag in (("1", 0), ("2", 1)):
            master, slave = pty.openpty()
            p = subprocess.Popen([WHOSAID, "-j", jobs, "--input", "jsonl", "--no-progress"],
                                 stdin=subprocess.PIPE, stdout=slave, stderr=subprocess.DEVNULL)
            os.close(slave)
            out = b""
            try:
                for i in range(5):
                    time.sleep(0.3)  # the one before is done: a document a while
                    p.stdin.write(doc(i))
                    p.stdin.flush()
                    deadline = time.monotonic() + 20
                    while out.count(b"\n") < i + 1 - lag and time.monotonic() < deadline:
                        if select.select([master], [], [], 0.1)[0]:
                            out += os.read(master, 65536)
                    self.assertEqual(out.count(b"\n"), i + 1 - lag, (jobs, i, out))
                p.stdin.close()
                self.assertEqual(p.wait(timeout=60), 0)
                while select.select([master], [], [], 0.5)[0]:
                    try:
                        chunk = os.read(master, 65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    out += chunk
                self.assertEqual(out.count(b"\n"), 5, out)
            finally:
                if p.poll() is None:
                    p.kill()
                os.close(master)

    def test_sqlite_batch_option(self):
        """--batch N sets the documents of a transaction; a bad N is a usage error."""
        for bad in ("0", "-3", "ten", "", "99999999999999999999999"):
            code, _, err = run("--batch", bad, stdin=b"")
            self.assertEqual(code, 2, bad)
            self.assertIn("bad batch size '%s'" % bad, err)
        # 400 documents, some long, some without a quote, a bad line: with
        # one job, and with three (whose writing thread, a database's, is
        # woken as soon as the oldest document is done), the same rows
        lines = []
        for i in range(400):
            text = ARTICLE * (1 + (i % 7 == 0) * 20) if i % 5 else "No quote here, %d." % i
            lines.append(json.dumps({"id": "b%d" % i, "text": text}))
        lines[123] = "{not json"
        path = self.write("batch.jsonl", "\n".join(lines) + "\n")
        dumps = []
        for jobs in ("1", "3"):
            db = os.path.join(self.dir, "batch%s.db" % jobs)
            code, _, err = run("-j", jobs, "-f", "sqlite", "--batch", "30", "-o", db, path)
            self.assertEqual(code, 1, err)
            self.check_fts(db)
            con = sqlite3.connect(db)
            self.assertEqual(con.execute("SELECT count(*) FROM documents").fetchone()[0], 400)
            self.assertEqual(con.execute("SELECT count(*) FROM documents WHERE error IS NOT NULL")
                             .fetchone()[0], 1)
            dumps.append([con.execute("SELECT * FROM %s ORDER BY 1" % t).fetchall()
                          for t in ("documents", "speakers", "speaker_aliases", "quotes")])
            con.close()
        self.assertGreater(len(dumps[0][3]), 400)
        self.assertEqual(dumps[0], dumps[1])

    def test_sqlite_runs_at_once(self):
        """
        Runs that write one database at once wait for each other's
        transactions (they take the write lock at BEGIN, and the busy
        timeout waits for it), even when they create the file together.
        """
        for attempt in range(10):
            db = os.path.join(self.dir, "together%d.db" % attempt)
            procs = []
            for k in range(4):
                lines = "".join(json.dumps({"id": "r%d-%d" % (k, i), "text": ARTICLE}) + "\n"
                                for i in range(700))
                path = self.write("run%d-%d.jsonl" % (attempt, k), lines)
                procs.append(subprocess.Popen([WHOSAID, "-f", "sqlite", "-o", db, path],
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE))
            for p in procs:
                _, err = p.communicate(timeout=120)
                self.assertEqual(p.returncode, 0, err.decode())
            self.check_fts(db)
            con = sqlite3.connect(db)
            self.assertEqual(con.execute("SELECT count(*) FROM documents").fetchone()[0], 2800)
            self.assertEqual(con.execute("SELECT count(*) FROM quotes").fetchone()[0], 2800)
            con.close()

    def test_html_pages(self):
        html = os.path.join(ROOT, "tests", "html")
        page = os.path.join(html, "harbour-talks.html")
        p = subprocess.run([WHOSAID, "--emit-text", page], capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0)
        emitted = json.loads(p.stdout)
        self.assertEqual(emitted["doc"], "harbour-talks")
        text = emitted["text"]
        # the article, entities decoded, <q> and <blockquote> as quotation marks
        self.assertTrue(text.startswith("Harbour talks end with a pledge to \u201cshare the quays\u201d"))
        self.assertIn("called the deal \u201ca fair start\u201d and", text)
        self.assertIn("\u201cNobody gets the whole harbour, and nobody leaves with nothing.\u201d", text)
        self.assertIn("fishermen\u2019s groups", text)
        # none of the page around it
        for junk in ("NOT A QUOTE", "stylesheet", "Subscribe", "Best rates", "caption",
                     "archive", "sidebar", "rights reserved", "Home"):
            self.assertNotIn(junk, text)
        code, recs, _ = run(page)
        self.assertEqual(code, 0)
        for r in recs:  # every offset refers to the emitted text
            self.assertEqual(text[r["start"]:r["end"]], r["quote"])
            if r["speaker_start"] is not None:
                self.assertEqual(text[r["speaker_start"]:r["speaker_end"]], r["speaker_mention"])
        by_quote = {r["quote"]: r["speaker"] for r in recs}
        self.assertEqual(by_quote["That is rare."], "Leonie Marsh")
        self.assertEqual(by_quote["a fair start"], "Tomasz Wieczorek")
        self.assertEqual(by_quote["They were here before any of us."], "Leonie Marsh")
        # auto-detection in a directory, a page without <article>, and --input html on stdin
        code, recs, _ = run(html)
        self.assertEqual(sorted({r["doc"] for r in recs}), ["harbour-talks", "no-article"])
        self.assertIn(("Trade must flow again,", "ministry"),
                      [(r["quote"], r["speaker"]) for r in recs])
        with open(page, "rb") as fh:
            code, recs2, _ = run("--input", "html", stdin=fh.read())
        self.assertEqual([r["quote"] for r in recs2],
                         [r["quote"] for r in recs if r["doc"] == "harbour-talks"])
        code, recs, _ = run("--input", "html", stdin=b"")
        self.assertEqual((code, recs), (0, []))

    def test_validate_rules(self):
        p = subprocess.run([WHOSAID, "validate-rules", os.path.join(ROOT, "rules", "en")],
                           capture_output=True)
        self.assertEqual(p.returncode, 0)
        self.assertIn(b"rules compiled", p.stdout)

    def test_rules_dir_gives_same_records_as_builtin(self):
        path = self.write("lisbon.txt", ARTICLE)
        _, a, _ = run(path)
        _, b, _ = run("--rules", os.path.join(ROOT, "rules", "en"), path)
        self.assertEqual(a, b)

    def test_output_file_and_write_failure(self):
        path = self.write("lisbon.txt", ARTICLE)
        out = os.path.join(self.dir, "out.jsonl")
        code, recs, _ = run("-o", out, path)
        self.assertEqual((code, recs), (0, []))
        with open(out, encoding="utf-8") as fh:
            self.assertEqual(json.loads(fh.readline())["speaker"], "Ana Ribeiro")
        if os.path.exists("/dev/full"):
            code, _, err = run("-o", "/dev/full", path)
            self.assertEqual(code, 2)
            self.assertIn("writing", err)

    def test_symlink_loop_is_reported_once(self):
        self.write("d/a.txt", ARTICLE)
        os.makedirs(os.path.join(self.dir, "d", "sub"))
        os.symlink(os.path.join(self.dir, "d"), os.path.join(self.dir, "d", "sub", "back"))
        code, recs, err = run(os.path.join(self.dir, "d"))
        self.assertEqual(code, 1)
        self.assertEqual([r["doc"] for r in recs if "error" not in r], ["a"])
        loops = [r for r in recs if "error" in r]
        self.assertEqual(len(loops), 1)
        self.assertIn("symlink loop", loops[0]["error"])
        # a dangling link and a file that is no regular file are reported, not fatal
        os.symlink(os.path.join(self.dir, "nowhere.txt"), os.path.join(self.dir, "d", "b.txt"))
        code, recs, err = run(os.path.join(self.dir, "d"))
        self.assertEqual(code, 1)
        self.assertEqual([r["doc"] for r in recs if "error" not in r], ["a"])
        self.assertTrue(any("b.txt" in r["doc"] and "No such file" in r["error"]
                            for r in recs if "error" in r))

    def test_closed_pipe_is_an_error(self):
        path = self.write("lisbon.txt", ARTICLE * 2000)
        p = subprocess.Popen([WHOSAID, path, path, path], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        p.stdout.read(10)
        p.stdout.close()
        err = p.stderr.read().decode()
        self.assertEqual(p.wait(timeout=60), 2)
        self.assertIn("standard output", err)

    def test_failed_output_file_leaves_nothing(self):
        path = self.write("lisbon.txt", ARTICLE)
        out = os.path.join(self.dir, "no-such-dir", "out.jsonl")
        code, _, err = run("-o", out, path)
        self.assertEqual(code, 2)
        self.assertFalse(os.path.exists(os.path.dirname(out)))
        out = os.path.join(self.dir, "out.jsonl")
        code, _, _ = run("-o", out, os.path.join(self.dir, "missing.txt"), path)
        self.assertEqual(code, 1)
        self.assertFalse([f for f in os.listdir(self.dir) if ".tmp." in f])

    def test_all_option_keeps_terms(self):
        text = "His use of the \u201chundred flowers\u201d analogy harked back to 1956.\n"
        _, recs, _ = run(stdin=text.encode())
        self.assertEqual(recs, [])
        _, recs, _ = run("--all", stdin=text.encode())
        self.assertEqual([(r["quote"], r["type"], r["speaker"]) for r in recs],
                         [("hundred flowers", "term", None)])


def main():
    global WHOSAID, ROOT
    WHOSAID, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    prog = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
