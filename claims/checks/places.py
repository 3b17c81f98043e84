"""Places named in a claim, with their kind, normalised so reports of one event can be matched.

Candidates come from the parse: spaCy's GPE/LOC/FAC entities, other entities and proper
nouns whose whole name is a known place (the small English model labels Belgorod a PRODUCT
and Crimea an ORG), and the shapes news gives places away by ("the X region", "the city of
X", "over X", "a strike on X"). The gazetteer (claims.checks.gazetteer) says whether a name
is a country, a state, province or region, a city or a continent; a name it does not know is
a place only when the model or the shape says so, so "Question Time" or "the Kremlin" is not.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from claims.checks.gazetteer import Place, fold, lookup
from claims.checks.nlp import parse, pipeline

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Labels the small model gives place names it does not know; never a person's or a body's.
UNKNOWN_PLACE_LABELS = {"", "NORP", "PRODUCT", "GPE", "LOC", "FAC"}
REGION_WORDS = ("region", "oblast", "province", "krai", "district", "republic", "governorate")
PLURAL_REGION_WORDS = ("regions", "oblasts", "provinces", "districts", "governorates")
STATE_WORDS = {"province": "province", "provinces": "province"}
CITY_WORDS = ("city", "town", "village", "port", "capital")
ATTACK_NOUNS = ("strike", "attack", "assault", "raid", "offensive", "bombardment", "shelling")
ATTACK_VERBS = ("hit", "strike", "shell", "attack", "bomb", "pound", "target", "storm")
LOCATIVE = ("in", "over", "near", "outside", "towards", "toward", "into", "across", "around")
SPATIAL = {"over", "near", "outside", "across", "around", "towards", "toward"}
# Prepositions whose object, or its conjunct, is a place: "near Bakhmut and Avdiivka".
PLACE_PREPOSITIONS = {*LOCATIVE, "from", "to", "at", "of", "through", "throughout", "across"}
SHAPES = {"REGION", "REGIONS", "CITY_OF"}
# A bare proper noun that names a city is taken for one only if the city is this large.
BARE_CITY_POPULATION = 100_000
COMPOUND_CITY_POPULATION = 50_000
LEADING = re.compile(r"^(?:the\s+)", re.I)
POSSESSIVE = re.compile("['\u2019]s$")
TRAILING_KIND = re.compile(
    r"\s+(?:" + "|".join(REGION_WORDS + PLURAL_REGION_WORDS + CITY_WORDS) + r")$", re.I
)
CITY_OF = re.compile(r"^(?:" + "|".join(REGION_WORDS + CITY_WORDS) + r")\s+of\s+", re.I)


@cache
def _matcher() -> Matcher:
    matcher = Matcher(pipeline().vocab)
    the = {"LOWER": "the", "OP": "?"}
    name = {"POS": "PROPN", "OP": "+"}
    matcher.add("REGION", [[the, name, {"LOWER": {"IN": list(REGION_WORDS)}}]], greedy="LONGEST")
    # "the Sumy and Chernihiv regions": two regions.
    matcher.add(
        "REGIONS",
        [[the, name, {"LOWER": "and"}, name, {"LOWER": {"IN": list(PLURAL_REGION_WORDS)}}]],
        greedy="LONGEST",
    )
    matcher.add(
        "CITY_OF",
        [[the, {"LOWER": {"IN": list(REGION_WORDS + CITY_WORDS)}}, {"LOWER": "of"}, name]],
        greedy="LONGEST",
    )
    matcher.add("LOCATIVE", [[{"LOWER": {"IN": list(LOCATIVE)}}, the, name]], greedy="LONGEST")
    # "drones struck Dovresk": what an attack verb hits is a place unless the model knows better.
    matcher.add(
        "ATTACKED",
        [[{"LEMMA": {"IN": list(ATTACK_VERBS)}, "POS": "VERB"}, the, name]],
        greedy="LONGEST",
    )
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


def _in_locative(span: Span) -> bool:
    """Whether the span is the object of a place preposition, or a conjunct of one."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS


def _beside_a_place(span: Span) -> bool:
    """ "Kiev and Odessa": a known name joined to a place the model saw is a place too."""
    root = span.root
    joined = [t for t in root.children if t.dep_ == "conj"]
    if root.dep_ == "conj":
        joined.append(root.head)
    return any(t.ent_type_ in PLACE_LABELS for t in joined)


def _names_a_thing_there(span: Span, place: Place) -> bool:
    """ "the Kherson bridge", "the Kharkiv mayor": a town named before a common noun."""
    root = span.root
    return (
        place.source == "city"
        and place.population >= COMPOUND_CITY_POPULATION
        and root.dep_ == "compound"
        and root.head.pos_ == "NOUN"
    )


def _sure_alone(place: Place) -> bool:
    """A known name that is a place wherever it stands, not only after "in" or "over"."""
    if place.source == "city_alias":
        return False
    return place.kind != "city" or place.population >= BARE_CITY_POPULATION


def _entity_spans(doc: Doc) -> list[tuple[Span, str]]:
    found = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            found.append((ent, "PLACE_ENT"))
        elif ent.label_ not in {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY"}:
            found.append((ent, "OTHER_ENT"))
    # Proper nouns outside any entity: "Belgorod came under fire" when the model saw nothing.
    run: list[Token] = []
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and not token.ent_type_:
            run.append(token)
            continue
        if run:
            found.append((doc[run[0].i : run[-1].i + 1], "PROPN"))
            run = []
    return found


def _pattern_spans(doc: Doc) -> list[tuple[Span, str]]:
    found = []
    for match_id, start, end in _matcher()(doc):
        rule = doc.vocab.strings[match_id]
        span = doc[start:end]
        if rule == "REGIONS":
            # Each name before the shared "regions" is a region of its own.
            names = [t for t in span if t.pos_ == "PROPN"]
            joint = next(t.i for t in span if t.lower_ == "and")
            found.append((doc[names[0].i : joint], "REGIONS"))
            found.append((doc[joint + 1 : end - 1], "REGIONS"))
            continue
        if rule in {"LOCATIVE", "ATTACK_ON", "ATTACKED"}:
            # Neither the preposition nor the attack is part of the place.
            span = doc[start + (2 if rule == "ATTACK_ON" else 1) : end]
        found.append((span, rule))
    return found


def _spans(doc: Doc) -> list[tuple[Span, str]]:
    """Candidate spans, best first: named shapes ("the Sumy and Chernihiv regions"), then
    longest first, so "the Belgorod region" wins over its entity "Belgorod"."""
    found = _pattern_spans(doc) + _entity_spans(doc)
    found.sort(
        key=lambda item: (
            item[1] not in SHAPES,
            -(item[0].end_char - item[0].start_char),
            item[0].start_char,
        )
    )
    return found


def _shape_kind(span: Span, origin: str) -> str | None:
    """What the words around a name say it is: "the X region", "X province", "the city of X"."""
    words = {t.lower_ for t in span}
    following = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    if origin == "REGIONS":
        # "the Sumy and Chernihiv regions": the shared word closes the phrase.
        following = next(
            t.lower_ for t in span.doc[span.end :] if t.pos_ != "PROPN" and t.lower_ != "and"
        )
    named = words | {following}
    for word, kind in STATE_WORDS.items():
        if word in named:
            return kind
    if named & set(REGION_WORDS + PLURAL_REGION_WORDS):
        return "region"
    if words & set(CITY_WORDS) and CITY_OF.match(LEADING.sub("", span.text)):
        return "city"
    return None


def _accepted(span: Span, origin: str, place: Place | None, shape: str | None) -> bool:
    if origin in {"PLACE_ENT", "REGION", "REGIONS", "CITY_OF"} or shape is not None:
        return True
    if origin in {"LOCATIVE", "ATTACK_ON", "ATTACKED"}:
        after = span.doc[span.end].text if span.end < len(span.doc) else ""
        if POSSESSIVE.match(after):
            return False  # "in Zelensky's office"
        names = [t for t in span if t.pos_ == "PROPN"]
        labels = {t.ent_type_ for t in names}
        if place is not None or labels <= UNKNOWN_PLACE_LABELS:
            return True
        # The small model calls many a town after "over" or "near" a person; one word after
        # "in" ("confidence in Biden") is too often not a place.
        spatial = span.start > 0 and span.doc[span.start - 1].lower_ in SPATIAL
        return spatial and labels == {"PERSON"} and len(names) == 1
    # Another entity or a bare proper noun is a place only when the gazetteer is sure.
    if place is None:
        return False
    if origin == "OTHER_ENT" and span.label_ == "PERSON" and len(span) > 1:
        return False
    return (
        _sure_alone(place)
        or _in_locative(span)
        or _beside_a_place(span)
        or _names_a_thing_there(span, place)
    )


def _place(span: Span, origin: str) -> dict[str, Any] | None:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    # "the Donbas", but not the "the" of "the Kherson bridge".
    if before is not None and before.lower_ == "the" and span.start <= before.head.i < span.end:
        span = doc[span.start - 1 : span.end]
    if span.end < len(doc) and doc[span.end].lower_ in REGION_WORDS and origin != "REGION":
        span = doc[span.start : span.end + 1]
    name = normalize_place(span.text)
    if not name or not any(c.isupper() for c in name):
        return None
    known = lookup(name)
    shape = _shape_kind(span, origin)
    if not _accepted(span, origin, known, shape):
        return None
    kind = shape or (known.kind if known is not None else "place")
    return {
        "text": span.text,
        "name": name,
        "start": span.start_char,
        "end": span.end_char,
        "kind": kind,
        # The gazetteer's name ("Kiev" is Kyiv), so two spellings of one place match.
        "canonical": known.name if known is not None else None,
        "country": known.country if known is not None else None,
    }


def find_in_doc(doc: Doc) -> dict[str, Any]:
    """Places named in a parse made elsewhere (no parsing here), once each, in text order."""
    kept: list[tuple[Span, dict[str, Any]]] = []
    for span, origin in _spans(doc):
        # A candidate that is no place ("in Zelensky's office") leaves its words to others.
        if any(span.start < other.end and other.start < span.end for other, _ in kept):
            continue
        place = _place(span, origin)
        if place is not None:
            kept.append((span, place))
    places: dict[str, dict[str, Any]] = {}
    for _, place in sorted(kept, key=lambda item: item[0].start):
        key = fold(place["name"])
        if key not in places:
            places[key] = place
        elif places[key]["kind"] == "place":
            places[key]["kind"] = place["kind"]
    return {"places": list(places.values())}


def find(text: str) -> dict[str, Any]:
    return find_in_doc(parse(text))


__all__ = ["find", "find_in_doc", "normalize_place"]
