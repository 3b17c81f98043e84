"""The one list of check kinds.

Each check module declares its kind once, as a module-level `KIND = CheckKind(...)`: its
name, title, order, function and whether it is enabled. The registry finds them by
importing every module of this package, so adding a check is one module here and one
template partial, `templates/claims/checks/<name>.html`, which shows its result.

Checks are plain functions over plain data: `ClaimInput` is what the app read from its
database, and `CheckContext` is what a check may ask of the archive (other claims, earlier
verdicts, the source's record, the texts of captured evidence). Nothing here imports Django.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any, Protocol

Result = dict[str, Any]


@dataclass(frozen=True)
class ClaimInput:
    """What a check knows of a claim."""

    claim_id: int
    article_id: int
    text: str
    published: dt.date | None = None
    article_title: str = ""
    source_id: int | None = None
    source_name: str = ""
    source_reliability: str | None = None
    # Finished results of the claim's checks by kind, for checks that build on others.
    results: Mapping[str, Result] = field(default_factory=dict)
    # Places, figures, dates and content words, stored with the claim (checks.facts);
    # empty for a claim stored before they were, whose checks then parse its text.
    facts: Mapping[str, Any] = field(default_factory=dict)
    quote: str = "none"  # direct, indirect, mixed or none


@dataclass(frozen=True)
class EvidenceText:
    """A text a claim can be checked against: a captured evidence page, or the article."""

    where: str  # "evidence" or "article"
    url: str
    text: str = field(repr=False)
    title: str = ""
    captured_at: str = ""  # ISO 8601, for captured evidence


@dataclass(frozen=True)
class CheckOptions:
    """The settings checks read, passed in so that no check reads Django's settings."""

    factcheck_api_key: str = ""
    factcheck_api_url: str = ""


class CheckContext(Protocol):
    """What a check may ask beyond the claim itself; the app answers from its database."""

    @property
    def options(self) -> CheckOptions: ...

    def corroboration_candidates(
        self, claim: ClaimInput, *, place_names: Sequence[str]
    ) -> list[ClaimInput]: ...

    def corroboration_prefetch(self, wanted: Sequence[tuple[ClaimInput, Sequence[str]]]) -> None:
        """Read ahead, together, what `corroboration_candidates` will be asked of each claim
        and place names in `wanted` (a batch's claims): then each ask costs no query."""
        ...

    def prior_verdicts(self, claim: ClaimInput) -> list[dict[str, Any]]: ...

    def source_verdicts(self, claim: ClaimInput) -> tuple[dict[str, int], list[dict[str, Any]]]: ...

    def evidence_texts(self, claim: ClaimInput) -> list[EvidenceText]:
        """The main texts of the claim's captured evidence, then the article's text."""
        ...


def always(options: CheckOptions) -> bool:
    return True


@dataclass(frozen=True)
class CheckKind:
    name: str  # stored with each result, so never renamed once results exist
    title: str  # the heading reviewers see
    order: int  # the review panel shows checks by ascending order
    run: Callable[[ClaimInput, CheckContext], Result]
    enabled: Callable[[CheckOptions], bool] = always
    # Called once with all the claims of a batch before `run` is called on each: reads
    # ahead, together, what each run will ask of the context.
    prefetch: Callable[[Sequence[ClaimInput], CheckContext], None] | None = None
    # The result is read from the claim's stored facts alone (claims.checks.facts) and asks
    # nothing of the archive: it is computed as the check is queued, with no task.
    from_facts: bool = False
    # The check asks a service over the network: always run by a task, which retries it
    # when the service fails. A kind that reads only the claim and the archive is computed
    # as the extraction stores the claims, in the same transaction (re-runs use a task).
    network: bool = False

    @property
    def template(self) -> str:
        """The partial that shows a result of this kind."""
        return f"claims/checks/{self.name}.html"


def discover(package: ModuleType) -> tuple[CheckKind, ...]:
    """Every `KIND` declared by a module of `package`, in review order."""
    kinds: dict[str, CheckKind] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if not isinstance(kind, CheckKind):
            continue
        if kind.name in kinds:
            raise ValueError(f"Two modules declare the check kind {kind.name!r}.")
        kinds[kind.name] = kind
    return tuple(sorted(kinds.values(), key=lambda k: (k.order, k.name)))


@cache
def all_kinds() -> tuple[CheckKind, ...]:
    import claims.checks

    return discover(claims.checks)


def enabled_kinds(options: CheckOptions) -> tuple[CheckKind, ...]:
    return tuple(kind for kind in all_kinds() if kind.enabled(options))


def kind_named(name: str) -> CheckKind:
    for kind in all_kinds():
        if kind.name == name:
            return kind
    raise KeyError(f"No check kind {name!r}.")
