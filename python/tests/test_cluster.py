"""Runs on engines people already have: Dask's LocalCluster and Spark in local[2] mode, over a
sharded copy of an archive in year folders (the seeds plus synthetic issues), each equal to
``tema batch`` over the same archive (compared as sets: an engine may hand partitions back in
any order), and the reduce: ``tema report --from`` over each engine's output equals the report
``tema report`` makes of the issues on one machine."""

import json
import os
import pathlib
import random
import subprocess
import sys

import pytest

import tema
from conftest import ROOT


def key(record):
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


@pytest.fixture(scope="module")
def archive(tmp_path_factory, seed_2022, seed_2024, tema_bin):
    """An archive in year folders, its issues as three JSON Lines shards (the lines
    ``tema.archive`` gives, with each issue's text), tema batch's records over it and the
    single-machine report of it."""
    base = tmp_path_factory.mktemp("archive")
    issues = base / "issues"
    texts = {
        "2022/" + seed_2022.name: seed_2022.read_text(encoding="utf-8"),
        "2024/" + seed_2024.name: seed_2024.read_text(encoding="utf-8"),
        "kita-synthetic.txt": (ROOT / "tests/fixtures/synthetic/kita-synthetic.txt").read_text(
            encoding="utf-8"
        ),
    }
    # Synthetic issues nobody has seen: runs of 150 lines of the seeds, spliced in a seeded
    # order; two share a file name in different year folders, as an archive's do.
    rng = random.Random(26)
    runs = []
    for text in list(texts.values())[:2]:
        lines = text.splitlines(keepends=True)
        runs += ["".join(lines[i : i + 150]) for i in range(0, len(lines), 150)]
    for n, name in enumerate(["2019/nr3.txt", "2020/nr3.txt", "2021-06/kita.txt", "x/s-3.txt",
                              "x/s-4.txt"]):
        texts[name] = "\n".join(rng.sample(runs, 4))
    for name, text in texts.items():
        (issues / name).parent.mkdir(parents=True, exist_ok=True)
        (issues / name).write_text(text, encoding="utf-8")
    out = base / "batch.jsonl"
    subprocess.run([tema_bin, "batch", str(issues), "-o", str(out)], check=True,
                   capture_output=True)
    batch = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    report = base / "report.md"
    subprocess.run([tema_bin, "report", str(issues), "-o", str(report)], check=True,
                   capture_output=True)
    entries = tema.archive(str(issues))
    assert len(entries) == len(texts)
    shards = []
    for s in range(3):
        shard = base / f"shard-{s}.jsonl"
        with shard.open("w", encoding="utf-8") as f:
            for entry in entries[s::3]:
                text = pathlib.Path(entry["path"]).read_text(encoding="utf-8")
                f.write(json.dumps({**entry, "text": text}, ensure_ascii=False) + "\n")
        shards.append(str(shard))
    assert len({r["issue"] for r in batch}) == len(texts)
    assert {"2019-nr3", "2020-nr3"} <= {r["issue"] for r in batch}
    return {
        "shards": shards,
        "batch": batch,
        "base": base,
        "report": report.read_text(encoding="utf-8"),
    }


def report_from(tema_bin, base, name, records):
    """``tema report --from`` over records written as JSON Lines in any order (here the
    engine's), read back as text."""
    results = base / f"{name}.jsonl"
    results.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                       encoding="utf-8")
    out = base / f"{name}.md"
    subprocess.run([tema_bin, "report", "--from", str(results), "-o", str(out)], check=True,
                   capture_output=True)
    return out.read_text(encoding="utf-8")


def test_dask_local_cluster_equals_tema_batch(archive, tema_bin):
    import distributed

    import tema.dask

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster):
        bag = tema.dask.tag_bag(archive["shards"])
        records = bag.compute()
        written = tema.dask.to_jsonl(bag, str(archive["base"] / "dask-out"))
    assert not [r for r in records if "error" in r]
    assert len(records) == len(archive["batch"])
    assert {key(r) for r in records} == {key(r) for r in archive["batch"]}
    lines = [json.loads(l) for f in written for l in open(f, encoding="utf-8")]
    assert {key(r) for r in lines} == {key(r) for r in archive["batch"]}
    # The reduce: the report of the distributed run is the single-machine report.
    out = archive["base"] / "dask.md"
    subprocess.run([tema_bin, "report", "--from", *written, "-o", str(out)], check=True,
                   capture_output=True)
    assert out.read_text(encoding="utf-8") == archive["report"]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("tema-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_map_in_pandas_equals_tema_batch(spark, archive, tema_bin):
    import tema.spark

    lines = spark.read.text(archive["shards"])
    rows = tema.spark.tag_dataframe(lines).collect()
    records = [json.loads(row.record) for row in rows]
    assert not [r for r in records if "error" in r]
    assert {key(r) for r in records} == {key(r) for r in archive["batch"]}
    assert len(records) == len(archive["batch"])
    assert report_from(tema_bin, archive["base"], "spark-pandas", records) == archive["report"]


def test_spark_rdd_pipe_through_the_binary_equals_tema_batch(spark, archive, tema_bin):
    rdd = spark.sparkContext.textFile(",".join(archive["shards"]), minPartitions=2)
    out = rdd.pipe(f"{tema_bin} tag --input - --format jsonl").collect()
    records = [json.loads(line) for line in out]
    assert not [r for r in records if "error" in r]
    assert {key(r) for r in records} == {key(r) for r in archive["batch"]}
    assert len(records) == len(archive["batch"])
    # In reverse: the report does not depend on the order the records come in.
    reduced = report_from(tema_bin, archive["base"], "spark-pipe", records[::-1])
    assert reduced == archive["report"]
