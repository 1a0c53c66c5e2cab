"""The package gives what the command line gives, for the same input, on both seeds."""

import json
import subprocess

import pytest

import tema

SEEDS = ["seed_2022", "seed_2024"]


def cli_json(tema_bin, *args):
    out = subprocess.run([tema_bin, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def cli_jsonl(tema_bin, *args):
    out = subprocess.run([tema_bin, *args], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def pipeline():
    return tema.Pipeline()


@pytest.mark.parametrize("seed", SEEDS)
def test_tag_issue_of_a_path_equals_tema_batch(seed, request, tema_bin, pipeline):
    path = request.getfixturevalue(seed)
    expected = cli_jsonl(tema_bin, "batch", str(path), "-o", "-")
    assert len(expected) >= 10
    assert all(r["date"] and r["term_counts"] and r["source_hash"] for r in expected)
    assert pipeline.tag_issue(path) == expected
    assert pipeline.tag_issue(str(path)) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_tag_issue_of_a_text_equals_tema_batch(seed, request, tema_bin, pipeline):
    path = request.getfixturevalue(seed)
    expected = cli_jsonl(tema_bin, "batch", str(path), "-o", "-")
    got = pipeline.tag_issue(path.read_text(encoding="utf-8"), name=str(path))
    assert got == expected
    renamed = pipeline.tag_issue(path.read_text(encoding="utf-8"), name=str(path), issue="x-1")
    assert [r["id"].split("-")[:2] for r in renamed] == [["x", "1"]] * len(expected)


def test_tagged_articles_are_tema_tag_records_within_batch_records(seed_2022, tema_bin, pipeline):
    # One record type: a batch record is `tema tag`'s record plus where it came from, its date
    # and its term counts.
    tagged = cli_json(tema_bin, "tag", str(seed_2022), "--format", "json")
    records = pipeline.tag_issue(seed_2022)
    extra = {"source", "source_hash", "date", "term_counts"}
    assert len(tagged) == len(records)
    for t, r in zip(tagged, records):
        assert set(r) == set(t) | extra
        assert {k: v for k, v in r.items() if k not in extra} == t


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("repair", [True, False])
def test_articles_equals_tema_articles(seed, repair, request, tema_bin):
    path = request.getfixturevalue(seed)
    flags = [] if repair else ["--no-repair"]
    expected = cli_jsonl(tema_bin, "articles", str(path), "--format", "jsonl", *flags)
    got = tema.Pipeline(repair=repair).articles(path.read_text(encoding="utf-8"), name=path.stem)
    assert got == expected
    assert {unit["kind"] for unit in got} >= {"article"}


def documents_of(pipeline, path):
    """The content units of an issue as documents: title and body, as an archive would hold them."""
    units = pipeline.articles(path.read_text(encoding="utf-8"), name=path.stem)
    return [
        {"id": u["id"], "title": u.get("title"), "text": u["body"]}
        for u in units
        if u["kind"] in ("article", "editorial", "brief")
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_tag_of_documents_equals_tema_tag_input(seed, request, tema_bin, tmp_path):
    # As printed, so the 2024 issue's documents reach both sides still damaged and both
    # repair them.
    docs = documents_of(tema.Pipeline(repair=False), request.getfixturevalue(seed))
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    expected = cli_json(tema_bin, "tag", "--input", str(jsonl), "--format", "json")
    assert tema.Pipeline().tag(docs) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_summarise_equals_tema_summarise_input(seed, request, tema_bin, tmp_path):
    docs = documents_of(tema.Pipeline(repair=False), request.getfixturevalue(seed))[:6]
    pipeline = tema.Pipeline()
    for doc in docs:
        jsonl = tmp_path / "one.jsonl"
        jsonl.write_text(json.dumps(doc, ensure_ascii=False) + "\n", "utf-8")
        for sentences in (1, 3):
            expected = cli_jsonl(
                tema_bin, "summarise", "--input", str(jsonl), "--format", "jsonl",
                "--sentences", str(sentences),
            )
            got = pipeline.summarise(
                doc["text"], sentences=sentences, title=doc["title"], id=doc["id"]
            )
            assert [got] == expected


def test_repair_equals_tema_repair(seed_2024, tema_bin):
    expected = subprocess.run(
        [tema_bin, "repair", str(seed_2024)], check=True, capture_output=True, text=True
    ).stdout
    assert tema.Pipeline().repair(seed_2024.read_text(encoding="utf-8")) == expected
