#!/usr/bin/env python3
"""Writes one-article issues of a given size, for the memory and time figures in docs/limits.md.

    python3 benches/make_long.py OUT_DIR 1 8 60

For each size N (in MB) writes OUT_DIR/one-N.txt: a header, a title and a byline, then the two
seeds' text with their whitespace folded, repeated on one line until it is N MB: one article the
segmenter cannot cut, the worst case for the summariser and the vectors.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    text = " ".join(
        re.sub(r"\s+", " ", (ROOT / "seeds" / name).read_text(encoding="utf-8")).strip()
        for name in ["kita-2022-autumn.txt", "kita-2024-autumn.txt"]
    )
    head = "KITA · Nr. 3 · 2024\n\nKommunerne og it-sikkerheden\n\nAf Jens Hansen\n\n"
    for size in sys.argv[2:]:
        want = int(float(size) * 1_000_000)
        body = (text + " ") * (want // (len(text.encode()) + 1) + 1)
        data = (head + body).encode("utf-8")[:want]
        # Cut at a space so no character is split.
        data = data[: data.rfind(b" ")] + b"\n"
        (out / f"one-{size}.txt").write_bytes(data)


if __name__ == "__main__":
    main()
