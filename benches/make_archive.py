#!/usr/bin/env python3
"""Generate a synthetic archive of KITA-like issues from the seed issues, for scale runs of
`tema batch`.

Each issue is made of whole pages of the seeds (a page starts at a line opening with one space),
drawn with a seeded generator, so the layout traces tema reads (page starts, bylines, end marks,
continuation notes, ads) stay as printed; within a page, paragraphs (runs of lines between blank
lines) are now and then dropped or repeated, and numbers are redrawn, so no two issues are equal.
Issues land in year folders: ARCHIVE/2015/kita-2015-03.txt, ...

    python3 benches/make_archive.py --issues 10000 --out /tmp/archive   # about 1 GB
    python3 benches/make_archive.py --issues 200 --out /tmp/small --seed 7

Standard library only; the same arguments always write the same files.
"""
import argparse
import os
import random
import re

SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds")
NUMBER = re.compile(r"\d+")


def pages_of(path):
    pages, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith(" ") and cur:
                pages.append(cur)
                cur = []
            cur.append(line)
    if cur:
        pages.append(cur)
    return pages


def vary(page, rng):
    """Drop or repeat a paragraph now and then, and redraw some numbers."""
    paragraphs, cur = [], []
    for line in page:
        cur.append(line)
        if not line.strip():
            paragraphs.append(cur)
            cur = []
    if cur:
        paragraphs.append(cur)
    out = []
    for i, para in enumerate(paragraphs):
        roll = rng.random()
        if i > 0 and roll < 0.04:
            continue
        out.extend(para)
        if roll > 0.97:
            out.extend(para)
    text = "\n".join(out)
    return NUMBER.sub(lambda m: str(rng.randint(1, 999)) if rng.random() < 0.1 else m.group(0), text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--issues", type=int, default=10000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pages", type=int, default=44, help="pages per issue (about 2.3 kB each)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pages = []
    for name in sorted(os.listdir(SEEDS)):
        if name.endswith(".txt"):
            pages.extend(pages_of(os.path.join(SEEDS, name)))
    total = 0
    for n in range(a.issues):
        year = 2015 + n * 10 // max(a.issues, 1)
        folder = os.path.join(a.out, str(year))
        os.makedirs(folder, exist_ok=True)
        start = rng.randrange(len(pages))
        # Runs of consecutive pages keep articles and their continuations together.
        chosen = []
        while len(chosen) < a.pages:
            run = rng.randint(3, 9)
            start = rng.randrange(len(pages))
            chosen.extend(pages[start:start + run])
        text = "\n".join(vary(p, rng) for p in chosen[: a.pages]) + "\n"
        path = os.path.join(folder, f"kita-{year}-{n:05d}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    print(f"{a.issues} issues, {total / 1e6:.0f} MB in {a.out}")


if __name__ == "__main__":
    main()
