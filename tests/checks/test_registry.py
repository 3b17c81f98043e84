from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claims.checks import CheckError, CheckOptions, TransientCheckError, all_kinds, enabled_kinds
from claims.checks.registry import ClaimInput, discover

ROOT = Path(__file__).resolve().parents[2]


def test_each_kind_is_declared_once_with_its_own_order() -> None:
    kinds = all_kinds()

    assert len({k.name for k in kinds}) == len(kinds)
    assert len({k.order for k in kinds}) == len(kinds)
    assert [k.order for k in kinds] == sorted(k.order for k in kinds)


def test_every_kind_has_a_template_partial_for_its_result() -> None:
    for kind in all_kinds():
        assert (ROOT / "templates" / kind.template).is_file(), kind.name


def test_the_external_search_is_enabled_only_with_an_api_key() -> None:
    without = {k.name for k in enabled_kinds(CheckOptions())}
    with_key = {k.name for k in enabled_kinds(CheckOptions(factcheck_api_key="k"))}

    assert "external_factchecks" not in without
    assert with_key - without == {"external_factchecks"}


def test_a_new_check_is_one_module_declaring_its_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "morechecks"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "helpers.py").write_text("VALUE = 1\n")  # no KIND: not a check
    (package / "shouting.py").write_text(
        textwrap.dedent(
            """
            from claims.checks.registry import CheckKind

            def _run(claim, context):
                return {"shouting": claim.text.isupper()}

            KIND = CheckKind(name="shouting", title="Shouting", order=5, run=_run)
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import morechecks  # type: ignore[import-not-found]  # made by this test

    kinds = discover(morechecks)

    assert [k.name for k in kinds] == ["shouting"]
    assert kinds[0].template == "claims/checks/shouting.html"
    claim = ClaimInput(claim_id=1, article_id=1, text="ALL CAPS")
    assert kinds[0].run(claim, None) == {"shouting": True}  # type: ignore[arg-type]  # unused


def test_two_modules_may_not_declare_one_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "twinchecks"
    package.mkdir()
    (package / "__init__.py").write_text("")
    declaration = (
        "from claims.checks.registry import CheckKind\n"
        "KIND = CheckKind(name='twin', title='Twin', order={order}, run=lambda c, x: {{}})\n"
    )
    (package / "first.py").write_text(declaration.format(order=1))
    (package / "second.py").write_text(declaration.format(order=2))
    monkeypatch.syspath_prepend(str(tmp_path))
    import twinchecks  # type: ignore[import-not-found]  # made by this test

    with pytest.raises(ValueError, match="twin"):
        discover(twinchecks)


def test_a_transient_error_is_a_check_error_so_one_except_catches_both() -> None:
    assert issubclass(TransientCheckError, CheckError)


@pytest.mark.subprocess
def test_the_checks_do_not_import_django() -> None:
    code = "import sys, claims.checks; claims.checks.all_kinds(); print('django' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout

    assert output.strip() == "False"
