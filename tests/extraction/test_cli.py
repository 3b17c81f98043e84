"""The command line and its renderers."""

from __future__ import annotations

import io
import json

from claims.extraction.cli import main

from .helpers import SAMPLES


def test_jsonl_prints_one_object_per_file():
    files = [str(p) for p in sorted(SAMPLES.glob("*.txt"))]
    out = io.StringIO()
    assert main(["--format", "jsonl", *files], out) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["file"] for r in rows] == files
    assert set(rows[0]) == {"file", "claims", "language", "language_confidence", "notice"}
    assert rows[0]["language"] == "en"
    claim = rows[0]["claims"][0]
    assert set(claim) == {
        "text",
        "start",
        "end",
        "sentence_start",
        "sentence_end",
        "source",
        "cue",
        "channel",
        "quote",
        "checkworthiness",
        "confidence",
    }
    assert set(claim["source"]) == {
        "name",
        "mention",
        "kind",
        "role",
        "start",
        "end",
        "mixed_script",
    }


def test_json_prints_a_list_for_several_files_and_an_object_for_one():
    files = [str(p) for p in sorted(SAMPLES.glob("*.txt"))]
    out = io.StringIO()
    main(["--format", "json", "--publisher", "Ledger", *files], out)
    assert isinstance(json.loads(out.getvalue()), list)
    out = io.StringIO()
    main(["--format", "json", files[0]], out)
    assert json.loads(out.getvalue())["file"] == files[0]


def test_table_is_the_default_format():
    out = io.StringIO()
    assert main([str(sorted(SAMPLES.glob("*.txt"))[0]), "--published", "2025-02-03"], out) == 0
    assert "claims" in out.getvalue().splitlines()[0]


def test_a_file_the_engine_fails_on_is_reported_and_the_others_go_on(tmp_path, monkeypatch, capsys):
    from claims.extraction import ExtractionResult, cli

    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("The governor said 12 drones were shot down.", encoding="utf-8")
    bad.write_text("BROKEN", encoding="utf-8")
    real = cli.extract

    def flaky(text: str, **kwargs: object) -> ExtractionResult:
        if text == "BROKEN":
            raise RuntimeError("engine bug")
        return real(text, **kwargs)

    monkeypatch.setattr(cli, "extract", flaky)
    out = io.StringIO()
    assert main([str(bad), str(good), "--format", "jsonl"], stdout=out) == 1
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(line["file"], bool(line["claims"])) for line in lines] == [
        (str(bad), False),
        (str(good), True),
    ]
    assert "bad.txt: extraction failed: RuntimeError: engine bug" in capsys.readouterr().err
