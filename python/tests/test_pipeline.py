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
