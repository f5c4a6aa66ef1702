#!/usr/bin/env python3
"""Check tests/corpus-annotations.jsonl against the articles in corpus/.

Each line of the annotation file is one JSON object:

    {"file": "y_x.txt", "quotes": [{"text": ..., "speaker": ..., "mention": ...,
                                    "speech": true|false}, ...]}

"text" is the content of one quotation, without its marks, copied character
for character from the article. Quotes are listed in document order; only the
outermost quote of a nested pair is listed. A quote split by an attribution
("..., he said, ...") is two entries, and a quote that runs over several
paragraphs is one entry per paragraph. An opening mark that is never closed
is listed with its text running to the end of its paragraph. "speaker" is the
canonical name (or the organisation, without "the"), or null for scare
quotes, titles and terms (speech false) and for speakers that cannot be
resolved; "mention" is the wording used for the speaker at that place, or
null.

The script checks that:

* every line is valid JSON with the fields above, of the right types, and a
  non-speech quote has no speaker;
* every article in the corpus has exactly one annotation line, and every
  annotated file exists;
* every quote text occurs verbatim in its article, right after an opening
  quotation mark and right before a closing mark or the end of a line, and
  the quotes occur in the listed order without overlapping;
* every mention that is not null occurs verbatim in its article;
* every curly opening double quotation mark in an article starts one of the
  annotated quotes (so no quotation is left out).

It prints one line per problem and exits with status 1 if there are any,
0 otherwise. Only the standard library is used.

Usage: check_annotations.py [--corpus DIR] [--annotations FILE]
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

OPENING_MARKS = "\u201c\u2018\"'"    # “ ‘ " '
CLOSING_MARKS = "\u201d\u2019\"'"    # ” ’ " '
CURLY_OPEN_DOUBLE = "\u201c"         # “
FIELDS = {"text": str, "speaker": (str, type(None)),
          "mention": (str, type(None)), "speech": bool}


def is_delimited(article, start, end):
    """True if article[start:end] sits between an opening and a closing mark.

    The end of a line (or of the article) also counts as a closing position,
    for quotes that continue into the next paragraph or are never closed.
    """
    if start == 0 or article[start - 1] not in OPENING_MARKS:
        return False
    return end == len(article) or article[end] in CLOSING_MARKS + "\n"


def find_quote(article, text, cursor):
    """Return the start of the first delimited occurrence of text at or after
    cursor, or -1."""
    pos = article.find(text, cursor)
    while pos != -1:
        if is_delimited(article, pos, pos + len(text)):
            return pos
        pos = article.find(text, pos + 1)
    return -1


def check_entry_fields(where, entry):
    """Return problems with the shape of one annotation line."""
    problems = []
    if not isinstance(entry, dict):
        return [f"{where}: not a JSON object"]
    if not isinstance(entry.get("file"), str) or not entry["file"]:
        problems.append(f"{where}: missing or empty \"file\"")
    quotes = entry.get("quotes")
    if not isinstance(quotes, list):
        return problems + [f"{where}: \"quotes\" is not a list"]
    for n, quote in enumerate(quotes, 1):
        qwhere = f"{where}: quote {n}"
        if not isinstance(quote, dict):
            problems.append(f"{qwhere}: not a JSON object")
            continue
        if set(quote) != set(FIELDS):
            problems.append(f"{qwhere}: fields are {sorted(quote)}, "
                            f"expected {sorted(FIELDS)}")
        for name, kind in FIELDS.items():
            if name in quote and not isinstance(quote[name], kind):
                problems.append(f"{qwhere}: \"{name}\" has the wrong type")
        if isinstance(quote.get("text"), str) and not quote["text"]:
            problems.append(f"{qwhere}: empty \"text\"")
        if quote.get("speech") is False and quote.get("speaker") is not None:
            problems.append(f"{qwhere}: not speech but has a speaker")
    return problems


def check_article(name, article, quotes):
    """Return problems with the quotes annotated for one article."""
    problems = []
    cursor = 0
    starts = set()
    for n, quote in enumerate(quotes, 1):
        text = quote["text"]
        where = f"{name}: quote {n} {text[:40]!r}"
        pos = find_quote(article, text, cursor)
        if pos != -1:
            starts.add(pos)
            cursor = pos + len(text)
        elif text not in article:
            problems.append(f"{where}: not found verbatim in the article")
        elif find_quote(article, text, 0) != -1:
            problems.append(f"{where}: out of document order")
        else:
            problems.append(f"{where}: found, but not between quotation marks")
        mention = quote["mention"]
        if mention is not None and mention not in article:
            problems.append(f"{where}: mention {mention!r} not in the article")
    for pos, char in enumerate(article):
        if char == CURLY_OPEN_DOUBLE and pos + 1 not in starts:
            line = article.count("\n", 0, pos) + 1
            problems.append(f"{name}:{line}: opening mark starts no "
                            f"annotated quote: {article[pos:pos + 40]!r}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--annotations", type=Path,
                        default=ROOT / "tests" / "corpus-annotations.jsonl")
    args = parser.parse_args()

    problems = []
    annotated = {}
    with open(args.annotations, encoding="utf-8") as stream:
        for lineno, line in enumerate(stream, 1):
            if not line.strip():
                continue
            where = f"{args.annotations.name}:{lineno}"
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as err:
                problems.append(f"{where}: invalid JSON: {err}")
                continue
            shape = check_entry_fields(where, entry)
            problems.extend(shape)
            if shape:
                continue
            if entry["file"] in annotated:
                problems.append(f"{where}: {entry['file']} annotated twice")
            annotated[entry["file"]] = entry["quotes"]

    articles = {path.name for path in args.corpus.glob("*.txt")}
    for name in sorted(articles - set(annotated)):
        problems.append(f"{name}: no annotation line")
    for name in sorted(set(annotated) - articles):
        problems.append(f"{name}: annotated but not in {args.corpus}")

    checked = 0
    for name in sorted(set(annotated) & articles):
        article = (args.corpus / name).read_text(encoding="utf-8")
        problems.extend(check_article(name, article, annotated[name]))
        checked += len(annotated[name])

    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(annotated)} articles, {checked} quotes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
