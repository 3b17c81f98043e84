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
from claims.checks.registry import CheckContext, CheckKind, ClaimInput, Result

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Labels the small model gives place names it does not know; never a person's or a body's.
UNKNOWN_PLACE_LABELS = {"", "NORP", "PRODUCT", "GPE", "LOC", "FAC"}
REGION_WORDS = ("region", "oblast", "province", "krai", "district", "governorate")
PLURAL_REGION_WORDS = ("regions", "oblasts", "provinces", "districts", "governorates")
STATE_WORDS = {"province": "province", "provinces": "province"}
CITY_WORDS = ("city", "town", "village", "port", "capital")
ATTACK_NOUNS = ("strike", "attack", "assault", "raid", "offensive", "bombardment", "shelling")
ATTACK_VERBS = ("hit", "strike", "shell", "attack", "bomb", "pound", "target", "storm")
LOCATIVE = ("in", "over", "near", "outside", "towards", "toward", "into", "across", "around")
SPATIAL = {
    "over", "near", "outside", "across", "around", "towards", "toward", "in", "into",
    "through", "throughout",
}  # fmt: skip
PHYSICAL_NOUNS = {
    "drone", "missile", "rocket", "shell", "strike", "airstrike", "attack", "shelling",
    "fighting", "clash", "explosion", "blast", "fire", "flood", "raid", "offensive", "battle",
    "troop", "soldier", "protest", "rally", "evacuation", "damage", "casualty", "operation",
}  # fmt: skip
OF_PLACE_NOUNS = {
    "resident", "people", "mayor", "governor", "city", "town", "village", "centre", "center",
    "outskirts", "street", "suburb", "region", "port", "citizen", "population", "edge", "heart",
    "north", "south", "east", "west", "part", "area", "district", "capital",
}  # fmt: skip
MOTION_VERBS = {
    "fly", "travel", "go", "move", "return", "flee", "arrive", "come", "drive", "march",
    "deploy", "send", "evacuate", "cross", "head", "retreat", "advance", "withdraw",
    "relocate", "deliver", "ship", "launch", "fire",
}  # fmt: skip
# What a town's name is put before: "the Kherson bridge", not "the Warren campaign".
PLACE_THINGS = {
    "bridge", "port", "airport", "station", "plant", "hospital", "mayor", "governor", "dam",
    "district", "area", "railway", "harbour", "harbor", "refinery", "depot", "prison", "region",
    "oblast", "city", "residents", "suburb", "outskirts", "front", "frontline", "axis",
}  # fmt: skip
# Nouns whose "in X" or "over X" is a place: "the bridge in X", "drones over X".
WHERE_NOUNS = PHYSICAL_NOUNS | OF_PLACE_NOUNS | PLACE_THINGS | {"school", "building", "home"}
WEAPONS = {
    "drone", "missile", "rocket", "shell", "bomb", "strike", "airstrike", "artillery", "attack",
    "force", "troop", "army", "jet", "plane", "aircraft", "warplane", "shelling", "explosion",
    "fire", "storm", "flood", "earthquake", "quake", "wildfire", "tornado", "hurricane",
    "typhoon", "rain", "snow",
}  # fmt: skip
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "president", "senator", "sen", "rep", "governor", "gov",
    "mayor", "minister", "secretary", "general", "gen", "judge", "king", "queen", "prince",
    "pope", "sir", "lord", "lady", "candidate", "chancellor", "premier",
}  # fmt: skip
ORG_WORDS = {
    "party", "tribune", "times", "post", "news", "journal", "herald", "committee", "department",
    "ministry", "council", "company", "inc", "corp", "group", "foundation", "university",
    "college", "agency", "service", "bank", "association", "institute", "league", "club",
    "union", "fund", "network", "office", "campaign", "court", "republic", "review", "magazine",
}  # fmt: skip
SHAPES = {"REGION", "REGIONS", "CITY_OF"}
# A bare proper noun that names a city is taken for one only if the city is this large.
BARE_CITY_POPULATION = 100_000
COMPOUND_CITY_POPULATION = 50_000
# A city the model calls a person is taken for the city only if it is this large.
PERSON_CITY_POPULATION = 300_000
SPEECH_VERBS = {
    "say", "tell", "add", "tweet", "write", "argue", "claim", "insist", "warn", "note", "deny",
    "accuse", "announce", "urge", "praise", "criticise", "criticize", "ask", "reply", "speak",
}  # fmt: skip
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


def _beside_a_place(span: Span) -> bool:
    """ "Kiev and Odessa": a known name joined to a place the model saw is a place too."""
    root = span.root
    joined = [t for t in root.children if t.dep_ == "conj"]
    if root.dep_ == "conj":
        joined.append(root.head)
    for token in joined:
        if token.lower_ in REGION_WORDS + CITY_WORDS:
            return True  # "the Kharkiv region and Sumy"
        known = lookup(token.text) if token.pos_ == "PROPN" else None
        if token.ent_type_ in PLACE_LABELS or (known is not None and _sure_alone(known)):
            return True
    return False


def _names_a_thing_there(span: Span, place: Place) -> bool:
    """ "the Kherson bridge", "the Kharkiv mayor": a town named before a common noun."""
    root = span.root
    return (
        place.source == "city"
        and place.population >= COMPOUND_CITY_POPULATION
        and root.dep_ == "compound"
        and root.head.lemma_.lower() in PLACE_THINGS
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
        if token is not None and token.pos_ == "PROPN" and not token.ent_type:
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


def _titled(span: Span) -> bool:
    """ "Mr. Obama", "President Machado": a person, whatever the gazetteer knows."""
    i = span.start - 1
    if i >= 0 and span.doc[i].text == ".":
        i -= 1
    return i >= 0 and span.doc[i].lower_.rstrip(".") in TITLES


def _not_a_place_name(span: Span) -> bool:
    """An unknown name the model calls a place that reads as something else."""
    last = span[-1].lower_
    if last in ORG_WORDS:
        return True  # "Green Party", "Chicago Tribune"
    # "Ukrainian" on its own is a people or a language, not a place.
    return len(span) == 1 and last.endswith(("ian", "ese", "ish", "ean"))


def _spatial_context(span: Span) -> bool:
    """Whether the span is where something happens: "shot down over X", "19 over X",
    "fighting near X and Y", "residents of X", "fled from X" (not "a lead over X",
    "confidence in X", "says of X")."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if root.dep_ != "pobj":
        return False
    preposition, head = root.head, root.head.head
    word = preposition.lower_
    if word in SPATIAL:
        return head.pos_ in {"VERB", "NUM"} or head.lemma_.lower() in WHERE_NOUNS
    if word == "of":
        return head.lemma_.lower() in OF_PLACE_NOUNS
    if word in {"from", "to", "at"}:
        return head.lemma_.lower() in MOTION_VERBS
    return False


def _big_place_not_speaking(span: Span, place: Place) -> bool:
    """ "Belgorod came under fire" though the model saw a person; "Warren said" is one."""
    if place.population < PERSON_CITY_POPULATION:
        return False
    root = span.root
    return not (root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEECH_VERBS)


def _weapon_subject(span: Span) -> bool:
    """ "Drones struck X", "the storm hit X", "X was shelled": an attack, not a quarrel."""
    verb = span.root.head
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    # "14 struck the port": what is counted striking is a weapon too.
    return any(c.lemma_.lower() in WEAPONS or c.like_num for c in subjects)


def _accepted(span: Span, origin: str, place: Place | None, shape: str | None) -> bool:
    if shape is not None or origin in SHAPES:
        return True
    if _titled(span):
        return False
    if origin == "PLACE_ENT":
        return place is not None or not _not_a_place_name(span)
    names = [t for t in span if t.pos_ == "PROPN"] or list(span)
    labels = {t.ent_type_ for t in names}
    if "PERSON" in labels and len(names) > 1:
        return False  # "in Vyacheslav Gladkov"
    sure = place is not None and _sure_alone(place)
    if sure and place is not None and place.kind == "city" and labels & {"PERSON", "ORG"}:
        # "a lead over Warren", "Warren said": a city name the model reads as a person or body
        # is the city only if it is large and does not speak.
        sure = _big_place_not_speaking(span, place)
    if origin in {"LOCATIVE", "ATTACK_ON", "ATTACKED"}:
        doc = span.doc
        after = doc[span.end].text if span.end < len(doc) else ""
        if POSSESSIVE.match(after):
            return False  # "in Zelensky's office"
        cue = doc[span.start - 1]
        if (cue.is_title and not cue.is_sent_start) or (
            origin == "ATTACKED" and not _weapon_subject(span)
        ):
            return sure  # a headline's "Stealth Over Health", "Trump attacked Machado"
        if sure or (labels <= UNKNOWN_PLACE_LABELS and not _not_a_place_name(span)):
            return True
        # The small model calls many a town a person; one word where things happen is a place.
        where = origin != "LOCATIVE" or _spatial_context(span)
        return labels == {"PERSON"} and len(names) == 1 and where
    # Another entity or a bare proper noun is a place only when the gazetteer knows it.
    if place is None:
        return False
    if sure:
        return True
    return _spatial_context(span) or _beside_a_place(span) or _names_a_thing_there(span, place)


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


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    return dict(claim.facts.get("places") or find(claim.text))


KIND = CheckKind(name="places", title="Places", order=30, run=_run, from_facts=True)


__all__ = ["KIND", "find", "find_in_doc", "normalize_place"]
