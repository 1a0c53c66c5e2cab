#!/usr/bin/env python3
"""Builds models/lexicon-da.tsv, the Danish lexicon tema's OCR repair and compound splitting use.

Sources (both openly licensed, both from package registries; see LEXICON-LICENSE.md):

* wordfreq (PyPI, data CC BY-SA 4.0): Danish word frequencies. Each word's count is its
  frequency per billion words, rounded.
* hunspell-da (Debian, from Stavekontrolden, LGPL-2.1 / GPL-2 / MPL-1.1): the Danish spelling
  dictionary, expanded to every inflected form by applying its affix rules here (hunspell's
  `unmunch` garbles this dictionary's numeric flags). A form wordfreq has not
  seen gets the count UNSEEN_COUNT, far below any counted word, so that it is known (a real word
  is never "repaired" into another) but never outranks a frequent word.

Words are lower case; only letters (with inner hyphens) are kept. To keep the file small, three
kinds of forms that only hunspell knows are left out, since tema finds them without the file:
genitives (a known word plus -s), compounds of a counted word, an optional linking -s-/-e- and a
known word (parts of MIN_PART letters or more), and forms longer than MAX_UNSEEN_LENGTH.

Reproduce (Debian/Ubuntu):

    apt-get install hunspell-da
    python3 -m venv /tmp/lexvenv && /tmp/lexvenv/bin/pip install wordfreq==3.1.1
    /tmp/lexvenv/bin/python models/build_lexicon.py > models/lexicon-da.tsv
"""

import re
from importlib.metadata import version
import sys

import wordfreq

DIC = "/usr/share/hunspell/da_DK.dic"
AFF = "/usr/share/hunspell/da_DK.aff"
UNSEEN_COUNT = 1
MAX_UNSEEN_LENGTH = 22
MIN_PART = 4
WORD = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")


def wordfreq_counts():
    counts = {}
    for word, freq in wordfreq.get_frequency_dict("da", wordlist="best").items():
        word = word.lower()
        if not WORD.match(word):
            continue
        count = round(freq * 1e9)
        if count > 0:
            counts[word] = max(counts.get(word, 0), count)
    return counts


def parse_aff(path):
    """Suffix and prefix rules of a hunspell .aff with numeric flags (FLAG num)."""
    rules = {}  # flag -> (kind, cross, [(strip, add, add_flags, condition regex)])
    special = {}
    with open(path, encoding="utf-8", errors="replace") as aff:
        for line in aff:
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            if fields[0] in ("FORBIDDENWORD", "NEEDAFFIX", "ONLYINCOMPOUND") and len(fields) > 1:
                special[fields[0]] = fields[1]
            if fields[0] not in ("SFX", "PFX") or len(fields) < 4:
                continue
            kind, flag = fields[0], fields[1]
            if flag not in rules:
                rules[flag] = (kind, fields[2] == "Y", [])
                continue
            strip = "" if fields[2] == "0" else fields[2]
            add, _, add_flags = fields[3].partition("/")
            add = "" if add == "0" else add
            cond = fields[4] if len(fields) > 4 else "."
            pattern = re.compile(("^" + cond) if kind == "PFX" else (cond + "$"))
            rules[flag][2].append((strip, add, add_flags.split(",") if add_flags else [], pattern))
    return rules, special


def apply_rules(word, flags, rules, depth=0):
    """Every form the affix rules make from `word`, following continuation flags two deep."""
    out = []
    for flag in flags:
        rule = rules.get(flag)
        if rule is None:
            continue
        kind, _, entries = rule
        if kind == "PFX":
            # Danish prefix rules here only make place names ("Nordaalborg") and joining
            # hyphens; they would add forms, not words.
            continue
        for strip, add, add_flags, pattern in entries:
            if not pattern.search(word):
                continue
            if kind == "SFX":
                if strip and not word.endswith(strip):
                    continue
                form = word[: len(word) - len(strip)] + add
            else:
                if strip and not word.startswith(strip):
                    continue
                form = add + word[len(strip):]
            out.append((form, add_flags))
            if add_flags and depth < 1:
                out.extend(apply_rules(form, add_flags, rules, depth + 1))
    return out


def hunspell_forms():
    """The words of hunspell-da with all their inflected forms."""
    rules, special = parse_aff(AFF)
    skip_root = {special.get("FORBIDDENWORD"), special.get("NEEDAFFIX"), special.get("ONLYINCOMPOUND")}
    skip_form = {special.get("FORBIDDENWORD"), special.get("ONLYINCOMPOUND")}
    forms = set()
    with open(DIC, encoding="utf-8", errors="replace") as dic:
        next(dic)  # the entry count
        for line in dic:
            entry = line.split()
            if not entry:
                continue
            root, _, flag_text = entry[0].partition("/")
            flags = flag_text.split(",") if flag_text else []
            candidates = [] if skip_root & set(flags) else [(root, [])]
            candidates += apply_rules(root, flags, rules)
            for form, form_flags in candidates:
                if skip_form & set(form_flags):
                    continue
                form = form.lower()
                if WORD.match(form):
                    forms.add(form)
    return forms


def is_compound_of_known(word, heads, known, min_part=MIN_PART):
    """Whether `word` is a counted word, an optional linking -s-/-e-, and a known word, each
    part at least `min_part` letters: tema's compound splitter finds such words itself."""
    for i in range(min_part, len(word) - min_part + 1):
        head, tail = word[:i], word[i:]
        if tail not in known:
            continue
        if head in heads:
            return True
        if head[-1] in "se" and len(head) > min_part and head[:-1] in heads:
            return True
    return False


def main():
    counts = wordfreq_counts()
    seen = len(counts)
    forms = hunspell_forms()
    unseen = {f for f in forms if f not in counts and len(f) <= MAX_UNSEEN_LENGTH}
    # Genitives ("løsningens") are found by stripping the -s; keep them out of the file.
    genitives = {f for f in unseen if f.endswith("s") and (f[:-1] in counts or f[:-1] in unseen)}
    unseen -= genitives
    known = set(counts) | unseen
    heads = set(counts)
    compounds = {f for f in unseen if is_compound_of_known(f, heads, known)}
    unseen -= compounds
    for form in unseen:
        counts[form] = UNSEEN_COUNT
    out = sys.stdout
    out.write("# Danish word forms and counts per billion words, lower case.\n")
    out.write(
        f"# {seen} counted by wordfreq {version('wordfreq')} (CC BY-SA 4.0); {len(unseen)} more forms "
        f"from hunspell-da (LGPL-2.1/GPL-2/MPL-1.1) with count {UNSEEN_COUNT}; left out: "
        f"{len(genitives)} genitives and {len(compounds)} compounds of counted words.\n"
    )
    out.write("# Built by models/build_lexicon.py; see models/LEXICON-LICENSE.md.\n")
    for word, count in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0])):
        out.write(f"{word}\t{count}\n")


if __name__ == "__main__":
    main()
