from __future__ import annotations

from pathlib import Path

from claims.checks import KINDS, CheckError, TransientCheckError


def test_kinds_lists_the_checks_in_review_order() -> None:
    assert KINDS == (
        "quantities",
        "time",
        "places",
        "corroboration",
        "prior_verdicts",
        "source_record",
        "external_factchecks",
    )


def test_a_transient_error_is_a_check_error_so_one_except_catches_both() -> None:
    assert issubclass(TransientCheckError, CheckError)


def test_the_checks_do_not_import_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, claims.checks.quantities, claims.checks.timeexpr, claims.checks.places, "
        "claims.checks.corroboration, claims.checks.similarity, claims.checks.source_record, "
        "claims.checks.factcheck_api, claims.checks.arithmetic, claims.checks.gazetteer; "
        "print('django' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout

    assert output.strip() == "False"
