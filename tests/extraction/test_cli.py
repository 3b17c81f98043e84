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
    assert set(claim["source"]) == {"name", "mention", "kind", "role", "start", "end"}


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
