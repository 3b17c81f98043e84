"""Places named in a claim, normalised so that reports of the same event can be matched.

spaCy's GPE/LOC/FAC entities are the base. The small English model often mislabels
Ukrainian and Russian place names (Belgorod as NORP, Kursk as PRODUCT), so a spaCy Matcher
adds the shapes news gives them away by: "the X region", "the city of X", "over X".
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from claims.checks.nlp import parse, pipeline
from claims.checks.registry import CheckContext, CheckKind, ClaimInput, Result

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Labels the small model wrongly gives place names; a person's full name has two tokens or more.
MISLABELS = {"", "NORP", "PRODUCT", "PERSON", "ORG", "GPE", "LOC", "FAC"}
REGION_WORDS = ("region", "oblast", "province", "krai", "district", "republic", "governorate")
CITY_WORDS = ("city", "town", "village", "port", "capital")
ATTACK_NOUNS = ("strike", "attack", "assault", "raid", "offensive", "bombardment", "shelling")
LOCATIVE = ("in", "over", "near", "outside", "towards", "toward", "into", "across", "around")
# UN member states as news names them, plus the territories the war reporting names as states.
COUNTRIES = frozenset(
    {
        "afghanistan", "albania", "algeria", "andorra", "angola", "argentina", "armenia",
        "australia", "austria", "azerbaijan", "bahrain", "bangladesh", "belarus", "belgium",
        "bolivia", "bosnia", "brazil", "bulgaria", "cambodia", "cameroon", "canada", "chad",
        "chile", "china", "colombia", "congo", "croatia", "cuba", "cyprus", "czechia", "denmark",
        "djibouti", "ecuador", "egypt", "eritrea", "estonia", "ethiopia", "finland", "france",
        "gabon", "georgia", "germany", "ghana", "greece", "guatemala", "haiti", "honduras",
        "hungary", "iceland", "india", "indonesia", "iran", "iraq", "ireland", "israel", "italy",
        "japan", "jordan", "kazakhstan", "kenya", "kosovo", "kuwait", "kyrgyzstan", "laos",
        "latvia", "lebanon", "libya", "lithuania", "luxembourg", "madagascar", "malaysia", "mali",
        "malta", "mauritania", "mexico", "moldova", "mongolia", "montenegro", "morocco",
        "mozambique", "myanmar", "namibia", "nepal", "netherlands", "nicaragua", "niger",
        "nigeria", "norway", "oman", "pakistan", "palestine", "panama", "paraguay", "peru",
        "philippines", "poland", "portugal", "qatar", "romania", "russia", "rwanda", "serbia",
        "singapore", "slovakia", "slovenia", "somalia", "spain", "sudan", "sweden", "switzerland",
        "syria", "taiwan", "tajikistan", "tanzania", "thailand", "tunisia", "turkey",
        "turkmenistan", "uganda", "ukraine", "uruguay", "uzbekistan", "venezuela", "vietnam",
        "yemen", "zambia", "zimbabwe"
    }
) | {
    "britain", "great britain", "united kingdom", "uk", "united states", "us", "usa",
    "north korea", "south korea", "saudi arabia", "south africa", "new zealand", "czech republic",
    "north macedonia", "south sudan", "united arab emirates", "uae", "gaza", "west bank",
}  # fmt: skip
LEADING = re.compile(r"^(?:the\s+)", re.I)
POSSESSIVE = re.compile("['\u2019]s$")
TRAILING_KIND = re.compile(r"\s+(?:" + "|".join(REGION_WORDS + CITY_WORDS) + r")$", re.I)
CITY_OF = re.compile(r"^(?:" + "|".join(REGION_WORDS + CITY_WORDS) + r")\s+of\s+", re.I)


@cache
def _matcher() -> Matcher:
    matcher = Matcher(pipeline().vocab)
    the = {"LOWER": "the", "OP": "?"}
    name = {"POS": "PROPN", "OP": "+"}
    matcher.add("REGION", [[the, name, {"LOWER": {"IN": list(REGION_WORDS)}}]], greedy="LONGEST")
    matcher.add(
        "CITY_OF",
        [[the, {"LOWER": {"IN": list(REGION_WORDS + CITY_WORDS)}}, {"LOWER": "of"}, name]],
        greedy="LONGEST",
    )
    matcher.add("LOCATIVE", [[{"LOWER": {"IN": list(LOCATIVE)}}, the, name]], greedy="LONGEST")
    # "a strike on Odesa": "on" names a place only after an attack noun ("on Telegram" does not).
    attack = {"LEMMA": {"IN": list(ATTACK_NOUNS)}}
    matcher.add(
        "ATTACK_ON", [[attack, {"LOWER": {"IN": ["on", "against"]}}, the, name]], greedy="LONGEST"
    )
    return matcher


def normalize_place(name: str) -> str:
    """ "the Belgorod region", "Belgorod oblast", "Russia's" -> "Belgorod", "Russia"."""
    name = " ".join(name.split())
    name = LEADING.sub("", name)
    name = POSSESSIVE.sub("", name)
    name = CITY_OF.sub("", name)
    name = TRAILING_KIND.sub("", name)
    return name.strip(" ,.")


def _kind(span: Span, name: str, label: str) -> str:
    words = {t.lower_ for t in span}
    following = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    if words & set(REGION_WORDS) or following in REGION_WORDS:
        return "region"
    if name.lower() in COUNTRIES:
        return "country"
    if words & set(CITY_WORDS) or following in CITY_WORDS or label == "GPE":
        return "city"
    return "place"


def _plausible(span: Span, rule: str) -> bool:
    """A Matcher hit is a place unless the model is sure it is something else."""
    names = [t for t in span if t.pos_ == "PROPN"]
    labels = {t.ent_type_ for t in names}
    if not labels <= MISLABELS:
        return False
    if rule in {"LOCATIVE", "ATTACK_ON"}:
        after = span.doc[span.end].text if span.end < len(span.doc) else ""
        # "in Zelensky's office", "in Vyacheslav Gladkov" are people, not places.
        if POSSESSIVE.match(after) or ("PERSON" in labels and len(names) > 1):
            return False
    return True


def _spans(doc: Doc) -> list[tuple[Span, str]]:
    found = [(ent, ent.label_) for ent in doc.ents if ent.label_ in PLACE_LABELS]
    for match_id, start, end in _matcher()(doc):
        rule = doc.vocab.strings[match_id]
        span = doc[start:end]
        if rule in {"LOCATIVE", "ATTACK_ON"}:
            # Neither the preposition nor the attack is part of the place.
            span = doc[start + (1 if rule == "LOCATIVE" else 2) : end]
        if _plausible(span, rule):
            found.append((span, rule))
    # Longest first, so "the Belgorod region" wins over its entity "Belgorod".
    found.sort(key=lambda item: (-(item[0].end_char - item[0].start_char), item[0].start_char))
    kept: list[tuple[Span, str]] = []
    for span, label in found:
        if not any(span.start < other.end and other.start < span.end for other, _ in kept):
            kept.append((span, label))
    return sorted(kept, key=lambda item: item[0].start)


def _place(span: Span, label: str) -> dict[str, Any] | None:
    if span.start > 0 and span.doc[span.start - 1].lower_ == "the" and span[0].lower_ != "the":
        span = span.doc[span.start - 1 : span.end]
    end = span.end
    if end < len(span.doc) and span.doc[end].lower_ in REGION_WORDS:
        span = span.doc[span.start : end + 1]
    name = normalize_place(span.text)
    if not name:
        return None
    return {
        "text": span.text,
        "name": name,
        "start": span.start_char,
        "end": span.end_char,
        "kind": _kind(span, name, label),
    }


def find(text: str) -> dict[str, Any]:
    places: dict[str, dict[str, Any]] = {}
    for span, label in _spans(parse(text)):
        place = _place(span, label)
        if place is None:
            continue
        key = place["name"].lower()
        if key not in places:
            places[key] = place
        elif places[key]["kind"] == "place":
            places[key]["kind"] = place["kind"]
    return {"places": list(places.values())}


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    return find(claim.text)


KIND = CheckKind(name="places", title="Places", order=30, run=_run)


__all__ = ["KIND", "find", "normalize_place"]
