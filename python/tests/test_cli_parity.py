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
def test_tag_issue_of_a_path_equals_tema_tag(seed, request, tema_bin, pipeline):
    path = request.getfixturevalue(seed)
    expected = cli_json(tema_bin, "tag", str(path), "--format", "json")
    assert len(expected) >= 10
    assert pipeline.tag_issue(path) == expected
    assert pipeline.tag_issue(str(path)) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_tag_issue_of_a_text_equals_tema_tag(seed, request, tema_bin, pipeline):
    path = request.getfixturevalue(seed)
    expected = cli_json(tema_bin, "tag", str(path), "--format", "json")
    got = pipeline.tag_issue(path.read_text(encoding="utf-8"), name=path.stem)
    assert got == expected


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
