"""The package against the library's own behaviour and the command line's output."""

import pytest

import tema


def test_repair_puts_back_lost_letters(seed_2024):
    damaged = seed_2024.read_text(encoding="utf-8")
    repaired = tema.Pipeline().repair(damaged)
    assert "klogere pa kravene" in damaged
    assert "klogere på kravene" in repaired
    # Repair changes letters inside words only: the lines stay where they were.
    assert repaired.count("\n") == damaged.count("\n")


def test_repair_leaves_clean_text_alone(seed_2022):
    clean = seed_2022.read_text(encoding="utf-8")
    assert tema.Pipeline().repair(clean) == clean


def test_a_missing_model_is_a_tema_error_naming_the_file(tmp_path):
    missing = tmp_path / "no-such-model.json"
    with pytest.raises(tema.TemaError, match="no-such-model.json: no such file"):
        tema.Pipeline(model=missing)
    assert issubclass(tema.TemaError, ValueError)


def test_a_malformed_model_is_a_tema_error(tmp_path):
    bad = tmp_path / "model.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(tema.TemaError, match="model.json"):
        tema.Pipeline(model=str(bad))


def test_tag_takes_strings_and_dicts_in_order(seed_2022):
    pipeline = tema.Pipeline()
    units = [
        u for u in pipeline.articles(seed_2022.read_text(encoding="utf-8"), name="x")
        if u["kind"] == "article"
    ][:5]
    docs = [u["body"] for u in units[:2]] + [
        {"id": 7, "text": u["body"], "title": u["title"]} for u in units[2:]
    ]
    tagged = pipeline.tag(docs)
    assert [t["id"] for t in tagged] == ["doc-1", "doc-2", "7", "7", "7"]
    assert [t["title"] for t in tagged[2:]] == [u["title"] for u in units[2:]]
    for record in tagged:
        assert set(record) >= {"id", "theme", "themes", "terms", "summary", "words"}
        scores = [s["score"] for s in record["themes"]]
        assert scores == sorted(scores, reverse=True)
    # The same text gives the same record whatever else is in the list.
    assert pipeline.tag([docs[0]])[0] == tagged[0]
    assert pipeline.tag([]) == []


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"id": "a"}, r"documents\[0\]: has no `text`"),
        ({"text": 3}, r"documents\[0\]: `text` must be a string"),
        ({"text": "x", "id": [1]}, r"documents\[0\]: `id` must be a string or an integer"),
        (42, r"documents\[0\]: must be a dict with `text`, or a string"),
    ],
)
def test_a_bad_document_is_a_tema_error_naming_it(bad, reason):
    with pytest.raises(tema.TemaError, match=reason):
        tema.Pipeline().tag([bad])


def test_text_that_is_not_danish_is_refused():
    english = "The council met on Monday to discuss the budget and the new school. " * 40
    with pytest.raises(tema.TemaError, match="documents: does not look like Danish"):
        tema.Pipeline().tag([english])
    with pytest.raises(tema.TemaError, match="en: does not look like Danish"):
        tema.Pipeline().tag_issue(english + "\n", name="en")


def test_a_missing_issue_file_is_a_tema_error_naming_it(tmp_path):
    with pytest.raises(tema.TemaError, match="gone.txt: no such file"):
        tema.Pipeline().tag_issue(tmp_path / "gone.txt")
    with pytest.raises(tema.TemaError, match="gone.txt: no such file"):
        tema.Pipeline().tag_issue(str(tmp_path / "gone.txt"))


def test_zero_sentences_is_refused():
    with pytest.raises(tema.TemaError, match="summary length"):
        tema.Pipeline().summarise("Kommunerne deler data. Det er godt.", sentences=0)


def test_summary_spans_point_into_the_text_as_given(seed_2024):
    pipeline = tema.Pipeline(repair=False)
    body = next(
        u["body"] for u in pipeline.articles(seed_2024.read_text(encoding="utf-8"))
        if u["kind"] == "article" and u["words"] > 300
    )
    summary = tema.Pipeline().summarise(body)["summary"]
    raw = body.encode("utf-8")
    assert summary
    for extract in summary:
        start, end = extract["span"]
        given = raw[start:end].decode("utf-8").split()
        # The extract is repaired (letters change), the span covers the same words as given.
        assert len(given) == len(extract["text"].split())


def test_threads_share_one_pipeline(seed_2022, seed_2024):
    import threading

    pipeline = tema.Pipeline()
    results = {}

    def work(path):
        results[path.name] = pipeline.tag_issue(path)

    threads = [threading.Thread(target=work, args=(p,)) for p in (seed_2022, seed_2024)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[seed_2022.name] == pipeline.tag_issue(seed_2022)
    assert results[seed_2024.name] == pipeline.tag_issue(seed_2024)


def test_stubs_name_every_public_method():
    import pathlib

    stubs = (pathlib.Path(tema.__file__).parent / "__init__.pyi").read_text(encoding="utf-8")
    public = [m for m in dir(tema.Pipeline) if not m.startswith("_")]
    assert public
    for name in public:
        assert f"def {name}(" in stubs, name
