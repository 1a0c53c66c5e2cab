#!/usr/bin/env python3
"""Probe every tema command with bad input and check how it refuses.

    cargo build --release && python3 benches/probe.py [--bin target/release/tema] [-v]

Each case runs the real binary in a scratch folder, under a time limit, with `-o` pointing at
a file in an empty folder. A case that must fail passes when:

- the exit code is non-zero and not 101 (a panic), and the run ends within the limit;
- stderr has exactly one error line (clap's "For more information" hint aside);
- that line names the file (or the option) and says why, without the same cause twice
  ("is a directory: is a directory") and without a temporary file's name;
- nothing is left at the `-o` destination.

Every case, failing or not, must also stay under 256 MiB + 20 times the size of the files it
reads (peak resident memory, from the kernel's account of the finished process).

A case that may succeed (readable but odd input: stray bytes, a Norwegian issue) passes when it
does not panic or hang and, if it fails, fails as above. Prints one line per bad case and the
totals; exits 1 if any case is bad. Kept out of `cargo test`: it takes a minute or two.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "kita-2024-autumn.txt"
SEED2 = ROOT / "seeds" / "kita-2022-autumn.txt"
MODEL = ROOT / "models" / "default-model.json"
ANNOTATION = ROOT / "tests" / "fixtures" / "segments" / "kita-2024-autumn.json"
TIMEOUT = 120

TEMP_NAME = re.compile(r"\.tmp[A-Za-z0-9]{4,}|/tmp/\.tmp")


def make_inputs(d: Path) -> dict:
    """Writes the bad inputs into `d`; returns name -> path."""
    rnd = random.Random(25)
    seed = SEED.read_bytes()
    seed_text = seed.decode("utf-8")
    f = {}

    def put(name, data):
        p = d / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        f[name] = p
        return p

    f["missing.txt"] = d / "missing.txt"
    (d / "emptydir").mkdir()
    f["emptydir"] = d / "emptydir"
    (d / "dir.txt").mkdir()
    f["dir.txt"] = d / "dir.txt"
    put("binary.txt", bytes(rnd.randrange(256) for _ in range(8192)))
    put("nul-late.txt", seed + b"\0" + seed[:1000])
    # Not UTF-8 anywhere, not Windows-1252 Danish either: random high bytes between words.
    put("broken.txt", bytes(b if b < 0x80 else rnd.randrange(0x80, 0x100) for b in seed))
    put("empty.txt", b"")
    put("blank.txt", b"  \n\n\t\n")
    huge = d / "huge.txt"
    with open(huge, "wb") as out:
        out.truncate(65 * 1024 * 1024)  # past the 64 MiB limit; a sparse file costs no disk
    f["huge.txt"] = huge
    put(
        "english.txt",
        "The municipalities must work together on security, and that matters a lot.\n" * 200,
    )
    put(
        "german.txt",
        "Die Gemeinden müssen bei der Sicherheit zusammenarbeiten, und das ist wichtig.\n" * 200,
    )
    # Readable, odd: may succeed.
    put("stray.txt", seed[:5000] + b"\xff\xfe\x80" + seed[5000:])
    put("latin1.txt", seed_text.encode("cp1252", errors="replace"))
    put("utf16.txt", b"\xff\xfe" + seed_text.encode("utf-16-le"))
    put("norwegian.txt", "Kommunene skal samarbeide om sikkerheten, og det er viktig for alle.\n" * 200)
    put("swedish.txt", "Kommunerna måste samarbeta om säkerheten, och det är viktigt för alla.\n" * 200)
    for lang in ["nb", "sv", "de", "nl"]:
        put(f"written-{lang}.txt", (ROOT / "tests" / "fixtures" / "language" / f"{lang}.txt").read_bytes())
    put("danish-english.txt", (ROOT / "tests" / "fixtures" / "language" / "da-english.txt").read_bytes())
    put("ads-only.txt", "KITA\nNr. 3 2024\n\nAnnonce\nKøb vores nye system til kommunen og spar penge på "
        "it-driften hvert eneste år.\nRing og hør mere om tilbuddet til kommuner og regioner.\n")
    # Long lines and words: cost must stay linear.
    put("longline.txt", "Kommunerne skal samarbejde om it-sikkerheden, og det er vigtigt. " * 40000 + "\n")
    put("longword.txt", "Kommunerne skal samarbejde.\n" + "sikkerhedsrådgivning" * 5000 + "\n" + seed_text)
    put("oneword.txt", "kommune" * 20000 + "\n")
    put("controls.txt", "".join(chr(c) for c in range(1, 32) if c not in (10, 13)) * 100 + "\n" + seed_text)

    # JSON Lines.
    put("bad.jsonl", "this is not json\n")
    put("trunc.jsonl", '{"id": 1, "text": "Kommunerne skal samarbejde om det"\n')
    put("notext.jsonl", '{"id": 1, "title": "Kommunerne"}\n')
    put("numtext.jsonl", '{"id": 1, "text": 12}\n')
    put("giant.jsonl", '{"id": 1e999999, "text": "Kommunerne skal samarbejde om det, og det er godt."}\n')
    put("deep.jsonl", '{"text": "a", "x": ' + "[" * 5000 + "]" * 5000 + "}\n")
    put("empty.jsonl", b"")
    put("english.jsonl", "".join(json.dumps({"id": i, "text": "The municipalities must work together on security, and that matters. " * 20}) + "\n" for i in range(20)))
    put("binary.jsonl", bytes(rnd.randrange(256) for _ in range(4096)))
    put("array.jsonl", "[1, 2, 3]\n")
    put("badlabels.jsonl", json.dumps({"text": "Kommunerne skal samarbejde om det, og det er godt.", "theme": "nosuchtheme"}) + "\n")

    # Models.
    model_text = MODEL.read_text()
    model = json.loads(model_text)
    put("model-trunc.json", model_text[: len(model_text) // 2])
    put("model-nan.json", re.sub(r"(\"idf\":\s*\[\s*)[-0-9.e]+", r"\1NaN", model_text, count=1))
    put("model-inf.json", re.sub(r"(\"idf\":\s*\[\s*)[-0-9.e]+", r"\g<1>1e999", model_text, count=1))
    m = json.loads(model_text)
    del m["vocabulary"]
    put("model-novocab.json", json.dumps(m))
    m = json.loads(model_text)
    m["vocabulary"]["idf"] = m["vocabulary"]["idf"][:10]
    put("model-shortidf.json", json.dumps(m))
    m = json.loads(model_text)
    m["themes"] = []
    put("model-nothemes.json", json.dumps(m))
    m = json.loads(model_text)
    m["format"] = 999
    put("model-format.json", json.dumps(m))
    put("model-empty.json", b"")
    put("model-array.json", "[]")
    del model

    # Annotations.
    ann = json.loads(ANNOTATION.read_text())
    put("ann-malformed.json", "{ not json")
    put("ann-empty.json", b"")
    a = json.loads(json.dumps(ann))
    units = a["units"] if isinstance(a, dict) and "units" in a else a
    units[0]["lines"] = [[1, 1000000000000]]
    put("ann-past.json", json.dumps(a))
    a = json.loads(json.dumps(ann))
    units = a["units"] if isinstance(a, dict) and "units" in a else a
    units[0]["lines"] = []
    units[0].pop("title", None)
    put("ann-nolines.json", json.dumps(a))

    # Themes files.
    put("themes-bad.toml", "[[theme\nid = 1\n")
    put("themes-empty.toml", b"")
    return f


def cases(f: dict, out: Path):
    """(name, args, must_fail, what the message must name)."""
    s = str(SEED)
    o = lambda ext: str(out / f"result.{ext}")  # noqa: E731
    issue_bad = [
        "missing.txt", "emptydir", "dir.txt", "binary.txt", "nul-late.txt",
        "empty.txt", "blank.txt", "huge.txt", "english.txt", "german.txt", "norwegian.txt",
        "swedish.txt", "written-nb.txt", "written-sv.txt", "written-de.txt", "written-nl.txt",
    ]
    issue_odd = ["broken.txt", "stray.txt", "latin1.txt", "utf16.txt", "oneword.txt", "controls.txt",
                 "danish-english.txt", "ads-only.txt", "longline.txt", "longword.txt"]
    jsonl_bad = [
        "bad.jsonl", "trunc.jsonl", "notext.jsonl", "numtext.jsonl", "giant.jsonl",
        "empty.jsonl", "english.jsonl", "binary.jsonl", "array.jsonl", "missing.txt", "emptydir",
    ]
    model_bad = [
        "model-trunc.json", "model-nan.json", "model-inf.json", "model-novocab.json",
        "model-shortidf.json", "model-nothemes.json", "model-format.json", "model-empty.json",
        "model-array.json", "missing.txt", "emptydir", "binary.txt",
    ]
    ann_bad = ["ann-malformed.json", "ann-empty.json", "ann-past.json", "ann-nolines.json",
               "missing.txt", "emptydir", "binary.txt"]

    issue_cmds = {
        "articles": lambda x: ["articles", x, "-f", "json", "-o", o("json")],
        "tokens": lambda x: ["tokens", x, "-o", o("txt")],
        "tokens-raw": lambda x: ["tokens", "--raw", x, "-o", o("txt")],
        "cluster": lambda x: ["cluster", x, "-f", "json", "-o", o("json")],
        "repair": lambda x: ["repair", x, "-o", o("txt")],
        "tag": lambda x: ["tag", x, "-f", "json", "-o", o("json")],
        "train": lambda x: ["train", x, "-o", o("json")],
        "batch": lambda x: ["batch", x, "-o", o("jsonl")],
        "summarise": lambda x: ["summarise", x, "-f", "json", "-o", o("json")],
        "report": lambda x: ["report", x, "-o", o("html")],
        "eval-articles": lambda x: ["eval", "articles", x, "--annotation", str(ANNOTATION), "-o", o("txt")],
        "eval-summaries": lambda x: ["eval", "summaries", x, "-o", o("txt")],
    }
    for cmd, make in issue_cmds.items():
        for x in issue_bad:
            # A directory of no issues is a bad input for batch too; a single bad file in a
            # batch is reported and skipped, which still ends non-zero.
            yield (f"{cmd} {x}", make(str(f[x])), True, x)
        for x in issue_odd:
            yield (f"{cmd} {x}", make(str(f[x])), False, x)

    jsonl_cmds = {
        "tag": lambda x: ["tag", "--input", x, "-f", "json", "-o", o("json")],
        "summarise": lambda x: ["summarise", "--input", x, "-f", "json", "-o", o("json")],
        "cluster": lambda x: ["cluster", "--input", x, "-f", "json", "-o", o("json")],
        "train": lambda x: ["train", "--input", x, "-o", o("json")],
        "train-labels": lambda x: ["train", "--labels", x, "-o", o("json")],
        "eval-summaries": lambda x: ["eval", "summaries", "--input", x, "-o", o("txt")],
        "eval-themes": lambda x: ["eval", "themes", "--input", x, "-o", o("txt")],
        "eval-themes-folds": lambda x: ["eval", "themes", "--input", x, "--folds", "3", "-o", o("txt")],
    }
    for cmd, make in jsonl_cmds.items():
        for x in jsonl_bad:
            yield (f"{cmd} --input {x}", make(str(f[x])), True, x)
        # Unknown fields are ignored, however deep.
        yield (f"{cmd} --input deep.jsonl", make(str(f["deep.jsonl"])), False, "deep.jsonl")
    # Labels alone define the themes, so an unknown theme is a new one.
    yield ("train --labels badlabels.jsonl", ["train", "--labels", str(f["badlabels.jsonl"]), "-o", o("json")], False, "badlabels.jsonl")

    model_cmds = {
        "tag": lambda m: ["tag", s, "-m", m, "-f", "json", "-o", o("json")],
        "batch": lambda m: ["batch", s, "-m", m, "-o", o("jsonl")],
        "report": lambda m: ["report", s, "-m", m, "-o", o("html")],
        "eval-themes": lambda m: ["eval", "themes", str(ANNOTATION), "-m", m, "-o", o("txt")],
    }
    for cmd, make in model_cmds.items():
        for x in model_bad:
            yield (f"{cmd} -m {x}", make(str(f[x])), True, x)

    for x in ann_bad:
        yield (f"eval-articles --annotation {x}",
               ["eval", "articles", s, "--annotation", str(f[x]), "-o", o("txt")], True, x)
        yield (f"eval-themes {x}", ["eval", "themes", str(f[x]), "-o", o("txt")], True, x)

    for x in ["themes-bad.toml", "themes-empty.toml", "missing.txt", "emptydir", "binary.txt"]:
        yield (f"themes --check {x}", ["themes", "--check", str(f[x])], True, x)
        yield (f"train --themes {x}", ["train", s, "--themes", str(f[x]), "-o", o("json")], True, x)

    # Values on the command line.
    values = {
        "--sentences": ["-1", "NaN", "x", ""],
        "--words": ["0", "-1", "NaN"],
        "--ratio": ["NaN", "0", "-1", "2", "inf"],
    }
    for cmd in ["tag", "summarise", "batch", "report"]:
        ext = {"batch": "jsonl", "report": "html"}.get(cmd, "json")
        for flag, vals in values.items():
            for v in vals:
                yield (f"{cmd} {flag} {v!r}", [cmd, s, f"{flag}={v}", "-o", o(ext)], True, flag)
    for v in ["0", "-1", "NaN", "100000"]:
        yield (f"cluster -k {v}", ["cluster", s, f"-k={v}", "-o", o("json")], True, "--k")
    # Read fine, then refused: one topic, or more topics than the seed's articles.
    for v in ["1", "900"]:
        yield (f"cluster -k {v}", ["cluster", s, f"-k={v}", "-o", o("json")], True, f"k: {v} topic")
    for v in ["-1", "NaN", "100000000"]:
        yield (f"batch --jobs {v}", ["batch", s, f"--jobs={v}", "-o", o("jsonl")], True, "--jobs")
    train_flags = ["--none-threshold", "--start-threshold", "--seed-weight", "--section-bonus",
                   "--lead-weight", "--supervised-weight", "--l2"]
    for flag in train_flags:
        for v in ["NaN", "inf", "-inf"]:
            yield (f"train {flag} {v}", ["train", s, f"{flag}={v}", "-o", o("json")], True, flag)
    for v in ["0", "-1", "NaN"]:
        yield (f"train --passage-words {v}", ["train", s, f"--passage-words={v}", "-o", o("json")], True, "--passage-words")
    for v in ["0", "1", "-1", "NaN"]:
        yield (f"eval themes --folds {v}", ["eval", "themes", "--input", str(ROOT / "models" / "labels.jsonl"),
                                             f"--folds={v}", "-o", o("txt")], True, "--folds")
    for v in ["0", "-1", "NaN"]:
        yield (f"eval summaries --sentences {v}", ["eval", "summaries", s, f"--sentences={v}", "-o", o("txt")], True, "--sentences")
    for v in ["x", "13", "99999", "2024-13", "2024-0", "24", "2024 or so"]:
        yield (f"report --date {v}", ["report", s, "--date", v, "-o", o("html")], True, "--date")
    yield ("tag -o into missing folder", ["tag", s, "-f", "json", "-o", str(out / "no" / "such" / "x.json")], True, "x.json")
    yield ("tag -o onto a folder", ["tag", s, "-f", "json", "-o", str(f["emptydir"])], True, "emptydir")


class Run:
    """What a finished run left: its exit code, output and peak resident memory in bytes."""

    def __init__(self, returncode, stdout, stderr, peak):
        self.returncode, self.stdout, self.stderr, self.peak = returncode, stdout, stderr, peak


def run_measured(argv, timeout):
    """Runs `argv` from the repository's root; None when it outlives `timeout` (then killed).

    Waited for with wait4, so the peak memory is this process's own, not the largest of all the
    children so far (which is what getrusage(RUSAGE_CHILDREN) would give).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux.
        run = Run(code, out.read(), err.read(), usage.ru_maxrss * 1024)
    return run


def input_bytes(args) -> int:
    """The size of the files a run reads (the arguments that are files), for the memory bar."""
    total = 0
    for arg in args:
        path = Path(arg)
        try:
            if path.is_file():
                # A sparse file is refused on its size before it is read: count what is on disk.
                total += min(path.stat().st_size, path.stat().st_blocks * 512)
        except OSError:
            pass
    return total


MIB = 1024 * 1024


def judge(args, must_fail, names, proc, out: Path):
    """The problems of one run, or [] when it is fine."""
    problems = []
    if proc is None:
        return ["hang"]
    code = proc.returncode
    err = proc.stderr.decode("utf-8", "replace")
    if args[:2] == ["themes", "--check"] and not err.strip():
        err = "\n".join("tema: error: " + l for l in proc.stdout.decode("utf-8", "replace").splitlines()[:1])
    if code == 101 or "panicked" in err:
        problems.append("panic")
    if code < 0:
        problems.append(f"killed by signal {-code}")
    if code == 0:
        if must_fail:
            problems.append("exit 0")
        return problems
    lines = [l for l in err.splitlines() if l.strip() and not l.startswith("For more information")
             and not l.startswith("tema: note:") and not l.strip().startswith("tip:")
             and not l.startswith("tema: batch:")]
    errors = [l for l in lines if "error" in l.lower()]
    if len(lines) != 1 or len(errors) != 1:
        problems.append(f"{len(lines)} stderr lines")
    line = errors[0] if errors else (lines[0] if lines else "")
    if names not in line:
        problems.append(f"does not name {names}")
    body = re.sub(r"^(tema: )?error: ", "", line)
    parts = [p.strip() for p in body.split(": ")]
    if len(parts) != len(set(parts)):
        problems.append("doubled cause")
    if TEMP_NAME.search(line):
        problems.append("temp file name")
    left = [p.name for p in out.iterdir()] if out.exists() else []
    if left:
        problems.append(f"left {left}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "tema"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("-k", "--only", default="", help="run only cases whose name contains this")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="tema-probe-") as tmp:
        tmp = Path(tmp)
        inputs = tmp / "in"
        inputs.mkdir()
        f = make_inputs(inputs)
        out = tmp / "out"
        total = bad = panics = hangs = peak = 0
        for name, args, must_fail, names in cases(f, out):
            if a.only not in name:
                continue
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            total += 1
            started = time.monotonic()
            proc = run_measured([a.bin, *args], TIMEOUT)
            if time.monotonic() - started >= TIMEOUT:
                proc = None
            problems = judge(args, must_fail, names, proc, out)
            if proc is not None:
                bar = 256 * MIB + 20 * input_bytes(args)
                peak = max(peak, proc.peak)
                if proc.peak > bar:
                    problems.append(f"peak memory {proc.peak / MIB:.0f} MiB over {bar / MIB:.0f} MiB")
            # A batch that failed may keep its ledger or lock beside the results for --resume;
            # only the results themselves must not be partly written.
            if proc is not None and problems and all(p.startswith("left") for p in problems):
                left = [p.name for p in out.iterdir()]
                if args[0] == "batch" and all(
                        n.endswith((".done", ".lock")) or (out / n).stat().st_size == 0 for n in left):
                    problems = []
            err_line = "" if proc is None else proc.stderr.decode("utf-8", "replace").strip().replace("\n", " | ")
            err_line = err_line.replace(str(tmp), "$T")
            if problems:
                bad += 1
                panics += "panic" in problems
                hangs += "hang" in problems
                print(f"BAD  {name}: {', '.join(problems)}\n     {err_line[:300]}")
            elif a.verbose:
                code = "timeout" if proc is None else proc.returncode
                print(f"ok   {name} [{code}, {proc.peak / MIB:.0f} MiB] {err_line[:200]}")
        print(f"{total} cases, {bad} bad ({panics} panics, {hangs} hangs); "
              f"peak memory of any case {peak / MIB:.0f} MiB")
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
