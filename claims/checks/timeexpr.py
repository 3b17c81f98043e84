"""Time expressions in a claim, resolved to dates against the article's publication date.

dateparser reads calendar dates and the plain relative forms ("yesterday", "last month",
"three days ago"); the news conventions it does not know ("on Wednesday" meaning the
publication day too, "overnight", "since ...", "earlier this month", hedged "almost two years
ago") are the small rules below.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from dateparser.date import DateDataParser

from claims.checks.registry import CheckContext, CheckKind, ClaimInput, Result

WEEKDAYS = [day.lower() for day in calendar.day_name]
MONTHS = "|".join(
    [m for m in calendar.month_name if m] + [m for m in calendar.month_abbr if m] + ["Sept"]
)
LEAD = r"(?:(?P<lead>on|in|since|from|during|until|by)\s+)?"
HEDGE = (
    r"(?P<hedge>almost|nearly|about|around|some|roughly|more\s+than|over|just\s+over|just\s+under)"
)
NUMBER_WORD = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several)"
)
UNIT = r"(?:day|week|month|year)s?"
APOSTROPHE = "['\u2019]"
# Fixed-date holidays news dates events by.
HOLIDAYS = {
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
}


@dataclass(frozen=True)
class Resolved:
    date_from: dt.date
    date_to: dt.date
    granularity: str
    approximate: bool = False


Rule = Callable[[re.Match[str], dt.date], Resolved | None]


def _day(day: dt.date, approximate: bool = False) -> Resolved:
    return Resolved(day, day, "day", approximate)


def _period(day: dt.date, granularity: str, approximate: bool = False) -> Resolved:
    """The whole week, month or year around `day`."""
    if granularity == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return Resolved(monday, monday + dt.timedelta(days=6), "week", approximate)
    if granularity == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Resolved(day.replace(day=1), day.replace(day=last), "month", approximate)
    if granularity == "year":
        return Resolved(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year", approximate)
    return _day(day, approximate)


def _until(resolved: Resolved, published: dt.date) -> Resolved:
    """The part of a running period ("this month") up to publication."""
    return Resolved(
        resolved.date_from,
        min(resolved.date_to, published),
        resolved.granularity,
        resolved.approximate,
    )


@cache
def _parser(base: dt.date) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


def _dateparser(text: str, published: dt.date | None, approximate: bool = False) -> Resolved | None:
    # Without a publication date only a date naming its year is absolute; the base is then unused.
    base = published or dt.date(2000, 1, 1)
    data = _parser(base).get_date_data(text)
    if data.date_obj is None:
        return None
    period = {"time": "day"}.get(data.period or "day", data.period or "day")
    return _period(data.date_obj.date(), period, approximate)


def _weekday(match: re.Match[str], published: dt.date) -> Resolved:
    target = WEEKDAYS.index(match["weekday"].lower())
    back = (published.weekday() - target) % 7
    if back == 0 and (match["which"] or "").lower() == "last":
        back = 7  # "last Wednesday" said on a Wednesday is a week ago
    return _day(published - dt.timedelta(days=back))


def _previous_day(match: re.Match[str], published: dt.date) -> Resolved:
    return _day(published - dt.timedelta(days=1))


def _overnight(match: re.Match[str], published: dt.date) -> Resolved:
    return Resolved(published - dt.timedelta(days=1), published, "range")


def _this_period(match: re.Match[str], published: dt.date) -> Resolved:
    return _until(_period(published, match["unit"].lower()), published)


def _edge_of_period(match: re.Match[str], published: dt.date) -> Resolved:
    unit, which, edge = match["unit"].lower(), match["which"].lower(), match["edge"].lower()
    day = published
    if which in {"last", "the previous"}:
        day = {
            "year": published.replace(year=published.year - 1, month=1, day=1),
            "month": published.replace(day=1) - dt.timedelta(days=1),
            "week": published - dt.timedelta(days=7),
        }[unit]
    whole = _period(day, unit)
    # "the end of" a year is its last month, of a month its last ten days, of a week its weekend.
    span = {"year": 30, "month": 9, "week": 1}[unit]
    if edge == "end":
        return Resolved(whole.date_to - dt.timedelta(days=span), whole.date_to, "range", True)
    return Resolved(whole.date_from, whole.date_from + dt.timedelta(days=span), "range", True)


def _holiday(match: re.Match[str], published: dt.date) -> Resolved:
    month, day = HOLIDAYS[re.sub(r"\s+", " ", match["holiday"].lower()).replace("\u2019", "'")]
    candidate = dt.date(published.year, month, day)
    if candidate > published:
        candidate = candidate.replace(year=published.year - 1)
    return _day(candidate)


def _hedged_ago(match: re.Match[str], published: dt.date) -> Resolved | None:
    # "more than two years ago": dateparser reads the plain figure; the hedge marks it approximate.
    return _dateparser(match["plain"], published, approximate=True)


def _relative(match: re.Match[str], published: dt.date) -> Resolved | None:
    return _dateparser(match["body"], published)


def _absolute(match: re.Match[str], published: dt.date | None) -> Resolved | None:
    return _dateparser(match["body"], published)


# Order matters only for equally long matches at the same place.
RELATIVE_RULES: list[tuple[re.Pattern[str], Rule]] = [
    (
        re.compile(
            LEAD + r"(?:(?P<which>last|this|past)\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")"
            r"(?:\s+(?:morning|afternoon|evening|night))?\b",
            re.I,
        ),
        _weekday,
    ),
    (
        re.compile(
            r"\b(?:on\s+)?the\s+(?:previous|preceding)\s+day\b|\bthe\s+day\s+before\b", re.I
        ),
        _previous_day,
    ),
    (re.compile(r"\bovernight\b|\blast\s+night\b|\bthe\s+previous\s+night\b", re.I), _overnight),
    (
        re.compile(r"\b(?:(?:earlier|later)\s+)?this\s+(?P<unit>week|month|year)\b", re.I),
        _this_period,
    ),
    (
        re.compile(
            LEAD + r"(?:the\s+)?(?P<edge>end|start|beginning)\s+of\s+"
            r"(?P<which>last|this|the\s+previous|the)\s+(?P<unit>week|month|year)\b",
            re.I,
        ),
        _edge_of_period,
    ),
    (
        re.compile(
            r"\b(?:on\s+)?(?P<holiday>new\s+year" + APOSTROPHE + r"s\s+(?:eve|day)"
            r"|christmas(?:\s+(?:eve|day))?)\b",
            re.I,
        ),
        _holiday,
    ),
    (
        re.compile(HEDGE + r"\s+(?P<plain>" + NUMBER_WORD + r"\s+" + UNIT + r"\s+ago)\b", re.I),
        _hedged_ago,
    ),
    (
        re.compile(
            r"\b(?P<body>(?:the\s+day\s+before\s+)?yesterday|today|tonight|this\s+morning"
            r"|last\s+(?:week|month|year)|" + NUMBER_WORD + r"\s+" + UNIT + r"\s+ago)\b",
            re.I,
        ),
        _relative,
    ),
]
ABSOLUTE_RULES: list[tuple[re.Pattern[str], Callable[..., Resolved | None]]] = [
    (
        re.compile(
            LEAD + r"(?P<body>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:" + MONTHS + r")\.?"
            r"(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{4})?)\b",
            re.I,
        ),
        _absolute,
    ),
    (re.compile(r"\b(?P<body>\d{4}-\d{2}-\d{2})\b"), _absolute),
    (
        re.compile(r"\b(?P<lead>in|since|during|until|by)\s+(?P<body>(?:19|20)\d{2})\b", re.I),
        _absolute,
    ),
]
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
MONTH_WORD = re.compile(r"\b(?:" + MONTHS + r")\b", re.I)
AMBIGUOUS_MONTHS = {"may", "march", "sept", "jan", "dec", "mar"}  # also ordinary words or names


def _candidates(text: str, published: dt.date | None) -> list[tuple[re.Match[str], Callable]]:
    rules = list(ABSOLUTE_RULES)
    if published is not None:
        rules = RELATIVE_RULES + rules
    found = []
    for pattern, rule in rules:
        found.extend((match, rule) for match in pattern.finditer(text))
    # Longest first, then earliest: the span a reader would underline.
    found.sort(key=lambda item: (-(item[0].end() - item[0].start()), item[0].start()))
    taken: list[tuple[int, int]] = []
    kept = []
    for match, rule in found:
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        taken.append((match.start(), match.end()))
        kept.append((match, rule))
    return sorted(kept, key=lambda item: item[0].start())


def _is_plain_word(match: re.Match[str]) -> bool:
    """ "may" in "officials may", or "march" in "a march in Kyiv", is not a date."""
    body = match.groupdict().get("body") or ""
    month = MONTH_WORD.search(body)
    if month is None:
        return False
    # News capitalises month names; "May" alone is a date only after "in", "on", "since".
    alone = body.strip().rstrip(".").lower() in AMBIGUOUS_MONTHS
    return month.group(0)[0].islower() or (alone and not match.groupdict().get("lead"))


def resolve(text: str, published: dt.date | None) -> dict[str, Any]:
    expressions = []
    for match, rule in _candidates(text, published):
        if rule is _absolute and _is_plain_word(match):
            continue
        if published is None and not YEAR.search(match.group(0)):
            continue  # no publication date to count from: only dates naming their year
        resolved = rule(match, published)
        if resolved is None:
            continue
        if (match.groupdict().get("lead") or "").lower() == "since" and published is not None:
            resolved = Resolved(resolved.date_from, published, "range", resolved.approximate)
        expressions.append(
            {
                "text": match.group(0),
                "start": match.start(),
                "end": match.end(),
                "date_from": resolved.date_from.isoformat(),
                "date_to": resolved.date_to.isoformat(),
                "granularity": resolved.granularity,
                "approximate": resolved.approximate,
            }
        )
    return {"expressions": expressions}


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    return resolve(claim.text, claim.published)


KIND = CheckKind(name="time", title="Dates", order=20, run=_run)


__all__ = ["KIND", "Resolved", "resolve"]
