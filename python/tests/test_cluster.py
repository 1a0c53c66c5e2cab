"""Runs on engines people already have: Dask's LocalCluster and Spark in local[2] mode, over a
sharded copy of the seeds plus synthetic issues, each equal to ``tema batch`` over the same
archive (compared as sets: an engine may hand partitions back in any order)."""

import json
import os
import random
import subprocess
import sys

import pytest

from conftest import ROOT


def key(record):
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


@pytest.fixture(scope="module")
def archive(tmp_path_factory, seed_2022, seed_2024, tema_bin):
    """Issue files, the same issues as three JSON Lines shards, and tema batch's records."""
    base = tmp_path_factory.mktemp("archive")
    issues = base / "issues"
    issues.mkdir()
    texts = {
        seed_2022.name: seed_2022.read_text(encoding="utf-8"),
        seed_2024.name: seed_2024.read_text(encoding="utf-8"),
        "kita-synthetic.txt": (ROOT / "tests/fixtures/synthetic/kita-synthetic.txt").read_text(
            encoding="utf-8"
        ),
    }
    # Synthetic issues nobody has seen: runs of 150 lines of the seeds, spliced in a seeded
    # order.
    rng = random.Random(26)
    runs = []
    for text in list(texts.values())[:2]:
        lines = text.splitlines(keepends=True)
        runs += ["".join(lines[i : i + 150]) for i in range(0, len(lines), 150)]
    for n in range(5):
        texts[f"synthetic-{n}.txt"] = "\n".join(rng.sample(runs, 4))
    for name, text in texts.items():
        (issues / name).write_text(text, encoding="utf-8")
    out = base / "batch.jsonl"
    subprocess.run([tema_bin, "batch", str(issues), "-o", str(out)], check=True,
                   capture_output=True)
    # A batch run adds where each record came from (`source`, `source_hash`) for its resume
    # ledger, and the issue's date, which it reads from the file's path below the archive root
    # (a shard's record has no path); the article's record is the rest.
    batch = [
        {k: v for k, v in json.loads(line).items() if k not in ("source", "source_hash", "date")}
        for line in out.read_text(encoding="utf-8").splitlines()
    ]
    shards = []
    names = sorted(texts)
    for s in range(3):
        shard = base / f"shard-{s}.jsonl"
        with shard.open("w", encoding="utf-8") as f:
            for name in names[s::3]:
                f.write(json.dumps({"path": name, "text": texts[name]}, ensure_ascii=False) + "\n")
        shards.append(str(shard))
    assert len({r["issue"] for r in batch}) == len(texts)
    return {"shards": shards, "batch": batch, "base": base}


def test_dask_local_cluster_equals_tema_batch(archive):
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


def test_spark_map_in_pandas_equals_tema_batch(spark, archive):
    import tema.spark

    lines = spark.read.text(archive["shards"])
    rows = tema.spark.tag_dataframe(lines).collect()
    records = [json.loads(row.record) for row in rows]
    assert not [r for r in records if "error" in r]
    assert {key(r) for r in records} == {key(r) for r in archive["batch"]}
    assert len(records) == len(archive["batch"])


def test_spark_rdd_pipe_through_the_binary_equals_tema_batch(spark, archive, tema_bin):
    rdd = spark.sparkContext.textFile(",".join(archive["shards"]), minPartitions=2)
    out = rdd.pipe(f"{tema_bin} tag --input - --format jsonl").collect()
    records = [json.loads(line) for line in out]
    assert not [r for r in records if "error" in r]
    assert {key(r) for r in records} == {key(r) for r in archive["batch"]}
    assert len(records) == len(archive["batch"])
