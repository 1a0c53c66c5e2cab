"""Documents per second through the package, the command line and the stream, on the same
documents: the content units of both seeds as JSON Lines documents, repeated ``--copies``
times (each copy with its own ids). Prints one line per way, median of ``--runs``.

    python3 python/benches/throughput.py --copies 10 --runs 3 [--dask] [--spark]

Not a test: speed goes in the README, never in an assertion.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import tema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = [ROOT / "seeds" / "kita-2022-autumn.txt", ROOT / "seeds" / "kita-2024-autumn.txt"]


def documents(copies):
    raw = tema.Pipeline(repair=False)
    units = [u for s in SEEDS for u in raw.articles(s.read_text(encoding="utf-8"), name=s.stem)]
    docs = [
        {"id": u["id"], "title": u.get("title"), "text": u["body"]}
        for u in units
        if u["kind"] in ("article", "editorial", "brief")
    ]
    return [dict(d, id=f"{d['id']}/{c}") for c in range(copies) for d in docs]


def timed(runs, work):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tema", default=os.environ.get("TEMA_BIN", str(ROOT / "target/release/tema")))
    ap.add_argument("--dask", action="store_true")
    ap.add_argument("--spark", action="store_true")
    args = ap.parse_args()
    docs = documents(args.copies)
    n = len(docs)
    tmp = pathlib.Path(tempfile.mkdtemp())
    jsonl = tmp / "docs.jsonl"
    jsonl.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    lines = jsonl.read_text(encoding="utf-8").splitlines()

    def report(name, seconds):
        print(f"{name:<44} {n:>5} docs  {seconds:7.2f} s  {n / seconds:7.1f} docs/s", flush=True)

    def cli():
        subprocess.run([args.tema, "tag", "--input", str(jsonl), "--format", "jsonl",
                        "-o", str(tmp / "out.jsonl")], check=True)

    def stream():
        with jsonl.open("rb") as f, open(os.devnull, "wb") as out:
            subprocess.run([args.tema, "tag", "--input", "-", "--format", "jsonl"],
                           stdin=f, stdout=out, check=True)

    def package():
        # As a user would: the file read and parsed in Python, then one call.
        docs = [json.loads(l) for l in jsonl.read_text(encoding="utf-8").splitlines()]
        tema.Pipeline().tag(docs)

    def package_lines():
        from tema._lines import tag_lines
        list(tag_lines(lines))

    report("CLI  tema tag --input FILE", timed(args.runs, cli))
    report("CLI  tema tag --input - (stream)", timed(args.runs, stream))
    report("package  Pipeline().tag(docs)", timed(args.runs, package))
    report("package  line by line (the Dask/Spark map)", timed(args.runs, package_lines))

    shards = []
    for s in range(4):
        shard = tmp / f"shard-{s}.jsonl"
        shard.write_text("".join(l + "\n" for l in lines[s::4]), "utf-8")
        shards.append(str(shard))
    if args.dask:
        import distributed
        import tema.dask as tema_dask

        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster):
            tema_dask.tag_bag(shards).count().compute()  # workers warm, models loaded
            report("Dask LocalCluster(2 processes) tag_bag",
                   timed(args.runs, lambda: tema_dask.tag_bag(shards).count().compute()))
    if args.spark:
        from pyspark.sql import SparkSession
        import tema.spark as tema_spark

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        frame = spark.read.text(shards)
        tema_spark.tag_dataframe(frame).count()
        report("Spark local[2] mapInPandas",
               timed(args.runs, lambda: tema_spark.tag_dataframe(frame).count()))
        rdd = spark.sparkContext.textFile(",".join(shards), minPartitions=2)
        pipe = f"{args.tema} tag --input - --format jsonl"
        report("Spark local[2] RDD.pipe(tema)", timed(args.runs, lambda: rdd.pipe(pipe).count()))
        spark.stop()


if __name__ == "__main__":
    main()
