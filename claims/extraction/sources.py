"""Who is speaking: names, roles, kinds, and resolving repeated mentions in one article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Span, Token

from .appositions import apposed_name, described_name, modifies_common_noun, titled
from .gazetteer import (
    BUSINESS_WORDS,
    CAPITALS,
    CORPORATE_WORDS,
    DEMONYMS,
    DOCUMENT_WORDS,
    FEMALE_NAMES,
    FEMALE_WORDS,
    GENERIC_HEADS,
    GOVERNMENT_WORDS,
    HONORIFICS,
    MALE_WORDS,
    MEDIA_NAMES,
    MEDIA_WORDS,
    OFFICIAL_GROUPS,
    PRONOUNS,
    SPEAKING_FOR,
    TITLE_EQUIVALENTS,
    TITLE_WORDS,
)
from .names import fold_name
from .records import ExtractedSource
from .text import for_matching

_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_ONE_OF_THEM = re.compile(
    r"^(?:one|two|three|some|both|each|several|most|another) of (?:them|those)$"
)


@lru_cache(maxsize=8192)
def normalize_alias(name: str) -> str:
    """Key under which every mention of one source matches (case, articles, possessives).

    Cached: an article names its sources again and again, and the registry looks each up."""
    text = for_matching(fold_name(name or "").text).lower()
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[\"\u201c\u201d]", "", text)
    text = _ARTICLE.sub("", text.strip())
    text = re.sub(r"\b(defense)\b", "defence", text)
    for country, adjective in DEMONYMS.items():
        text = re.sub(rf"^{re.escape(country)}'s?(?= )", adjective, text)
    text = re.sub(r"'s\b|(?<=s)'(?=\s|$)", "", text)
    text = re.sub(
        r"\b(defence|foreign|interior|health|finance|justice|energy|economy|"
        r"education|agriculture|emergencies) ministry\b",
        r"ministry of \1",
        text,
    )
    text = re.sub(r"\bministry of foreign affairs\b", "ministry of foreign", text)
    text = re.sub(r"[^\w' -]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Mention:
    """A speaker mention found by the attribution patterns, before resolution."""

    tokens: Span
    start: int  # offsets in the original text
    end: int
    text: str = ""  # as written in the original text


@dataclass
class Known:
    source: ExtractedSource
    gender: str = ""  # "m", "f" or ""
    plural: bool = False


@dataclass
class SourceTracker:
    """Per-article memory of sources, so "he", "Gladkov" and "the ministry" resolve."""

    publisher: str = ""
    known: list[Known] = field(default_factory=list)
    recent: list[Known] = field(default_factory=list)  # speakers and subjects, newest last

    def publisher_source(self) -> ExtractedSource:
        return ExtractedSource(
            self.publisher,
            self.publisher,
            "publisher",
            "",
            None,
            None,
            normalize_alias(self.publisher) if self.publisher else "publisher",
        )

    @staticmethod
    def unattributed() -> ExtractedSource:
        return ExtractedSource("", "", "unattributed", "", None, None, "")

    def resolve(self, mention: Mention, kind: str = "") -> tuple[ExtractedSource, float]:
        """The source behind a speaker mention, with a confidence for the resolution.

        `kind`, when given, is what the article says the mention is, over the guess made
        from the mention's own words.
        """
        span = mention.tokens
        text = mention.text or span.text
        low = for_matching(text).lower()
        if low in PRONOUNS:
            return self._pronoun(span, mention)
        if _ONE_OF_THEM.match(low):
            group = next((k for k in reversed(self.recent) if k.plural), None)
            if group is not None:
                # "Two people briefed on the talks said ... One of them said": the group.
                return replace(
                    group.source, mention=text, start=mention.start, end=mention.end
                ), 0.8
        name, role, guessed, gender = describe(span)
        kind = kind or guessed
        folded = fold_name(name)
        name = folded.text
        # The parsed copy has zero-width characters blanked, so the mention as written tells.
        disguised = folded.suspicious or fold_name(text).suspicious
        plural = span.root.tag_ in ("NNS", "NNPS")
        found = self._match(name, kind, span)
        if found is not None:
            src = found.source
            if _fuller_name(name, src):
                # "Pence" in a headline, "Gov. Mike Pence" further down: one person, who
                # keeps the fuller name from here on (and, at the end, on earlier claims).
                src = found.source = replace(src, name=name)
            merged = ExtractedSource(
                src.name,
                text,
                src.kind,
                role or src.role,
                mention.start,
                mention.end,
                src.key,
                mixed_script=disguised,
            )
            found.gender = found.gender or gender
            self._touch(found)
            return merged, 0.95
        source = ExtractedSource(
            name,
            text,
            kind,
            role,
            mention.start,
            mention.end,
            normalize_alias(name),
            mixed_script=disguised,
        )
        known = Known(source, gender, plural)
        self.known.append(known)
        self._touch(known)
        return source, 1.0

    def names_by_key(self) -> dict[str, str]:
        """The name each source is known by at the end of the article."""
        return {k.source.key: k.source.name for k in self.known}

    def note_subject(self, span: Span, start: int, end: int) -> None:
        """A person named as the subject of a sentence is a candidate for a later "he"."""
        if span.root.ent_type_ != "PERSON":
            return
        name, role, kind, gender = describe(span)
        if kind != "person":
            return
        found = self._match(name, kind, span)
        if found is None:
            found = Known(
                ExtractedSource(name, span.text, kind, role, start, end, normalize_alias(name)),
                gender,
            )
            self.known.append(found)
        self._touch(found)

    def last_speaker(self) -> ExtractedSource | None:
        return self.recent[-1].source if self.recent else None

    def _touch(self, known: Known) -> None:
        self.recent = [k for k in self.recent if k.source.key != known.source.key][-20:]
        self.recent.append(known)

    def _pronoun(self, span: Span, mention: Mention) -> tuple[ExtractedSource, float]:
        word = span.text.lower()
        want_person = word in ("he", "she", "him", "her", "i")
        gender = {"he": "m", "him": "m", "she": "f", "her": "f"}.get(word, "")
        # Newest first: a pronoun most often points at the last source that fits it in
        # person, gender and number ("they" can be a body or a group, never one person).
        for known in reversed(self.recent):
            person = known.source.kind == "person"
            if want_person != person and word not in ("they", "we"):
                continue
            if gender and known.gender and known.gender != gender:
                continue
            if word == "they" and person and not known.plural:
                continue
            src = known.source
            self._touch(known)
            return ExtractedSource(
                src.name,
                mention.text or span.text,
                src.kind,
                src.role,
                mention.start,
                mention.end,
                src.key,
            ), 0.8
        # Nothing fits: the pronoun stays the mention, with no name to put in the registry.
        kind = "person" if want_person else "unknown"
        return ExtractedSource(
            "",
            mention.text or span.text,
            kind,
            "",
            mention.start,
            mention.end,
            normalize_alias(span.text),
        ), 0.5

    def _match(self, name: str, kind: str, span: Span) -> Known | None:
        key = normalize_alias(name)
        if not key:
            return None
        for known in reversed(self.known):
            if known.source.key == key:
                return known
        # "Tariq said" after "Prime Minister Omar Tariq": a surname alone, or a person's
        # full name sharing the surname, is the person already named.
        last = key.split()[-1]
        single = len(key.split()) == 1 and _name_like(span.root)
        if kind == "person" or single:
            for known in reversed(self.known):
                if known.source.kind == "person" and known.source.key.split()[-1:] == [last]:
                    return known
        if single:
            first = [k for k in self.known if k.source.kind == "person" and _first_name(k) == key]
            # "Omar said" after "Omar Tariq": the first name alone, when only one person has it.
            if len({k.source.key for k in first}) == 1:
                return first[-1]
        if _is_generic_definite(span):
            head = span.root.lemma_.lower()
            if head in TITLE_WORDS:
                return self._described_person(span)
            for known in reversed(self.known):
                if known.source.kind != "person" and head in known.source.key.split():
                    return known
            if head in BUSINESS_WORDS:
                # "The company said" after "Northline Rail said": the last body named.
                return next((k for k in reversed(self.recent) if _business(k.source)), None)
        return None

    def _described_person(self, span: Span) -> Known | None:
        """ "The premier added" after "Prime Minister Omar Tariq said": the last person named
        whose role has the description's title (or one that means the same)."""
        wanted = {span.root.lemma_.lower(), span.root.lower_}
        for word in list(wanted):
            wanted |= TITLE_EQUIVALENTS.get(word, set())
        for known in reversed(self.recent):
            if known.source.kind != "person" or not known.source.name:
                continue
            role = for_matching(known.source.role).lower()
            if any(_has_phrase(role, title) for title in wanted):
                return known
        return None


def _titled_name(run: list[Token]) -> bool:
    bodies = GOVERNMENT_WORDS | CORPORATE_WORDS | MEDIA_WORDS | GENERIC_HEADS
    return 2 <= len(run) <= 3 and all(
        t.pos_ == "PROPN" and t.is_title and t.lower_ not in bodies for t in run
    )


def _business(source: ExtractedSource) -> bool:
    name = source.name.split()
    return (
        source.kind in ("organisation", "unknown")
        and bool(name)
        and name[0][:1].isupper()
        and name[0].lower() not in ("the", "a", "an")
    )


def _fuller_name(name: str, known: ExtractedSource) -> bool:
    """A person first named by the surname alone, now with a first name before it."""
    words, old = name.lower().split(), known.name.lower().split()
    return (
        known.kind == "person" and bool(old) and len(words) > len(old) and words[-len(old) :] == old
    )


def _has_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _first_name(known: Known) -> str:
    parts = known.source.key.split()
    return parts[0] if len(parts) > 1 else ""


def _is_generic_definite(span: Span) -> bool:
    """ "the ministry", "the agency": a definite common noun standing for a named body."""
    root = span.root
    return (
        root.pos_ == "NOUN"
        and any(t.lower_ == "the" for t in root.lefts)
        and not any(t.ent_type_ for t in span)
    )


def describe(span: Span) -> tuple[str, str, str, str]:
    """Name, role, kind and gender ("m", "f", "") of a speaker mention."""
    tokens = _trim(span)
    if not tokens:
        return span.text, "", "unknown", ""
    person = _person_name(tokens)
    gender = _gender(tokens)
    if person is not None:
        first, last = person
        name_tokens = tokens[first : last + 1]
        name = _clean_name(_text(name_tokens))
        role = _role(tokens, first, last)
        if not gender:
            first_name = name_tokens[0].lower_
            gender = "f" if first_name in FEMALE_NAMES else ""
        return name, role, "person", gender
    tokens, described = apposed_name(tokens)
    if not described:
        tokens, described = described_name(tokens)
    text = _clean_name(_text(tokens))
    low = normalize_alias(text)
    if low in CAPITALS:
        return CAPITALS[low], "", "government", ""
    head = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].root
    author = _author(head, end=tokens[-1].i + 1)
    if author is not None:
        # "A report by the audit office found": the office speaks through its report.
        name, _, kind, _ = describe(author)
        return name, text, kind, ""
    if _speaks_for_someone(head):
        # "A spokesperson for the port authority": a person, whatever body follows.
        return text, "", "person", gender
    kind = _kind(tokens, low)
    if described and kind in ("unknown", "organisation"):
        # "regional news agency Varde24": the description says what the body is.
        kind = "media" if any(t.lower_ in MEDIA_WORDS for t in described) else "organisation"
    return text, _clean_role(described), kind, gender


def _author(head: Token, end: int) -> Span | None:
    """Who wrote a document named as a speaker: "a report by X", "X's letter", "a Harlow
    Institute survey"; no further than the mention's `end`."""
    if head.lemma_.lower() not in DOCUMENT_WORDS:
        return None
    doc = head.doc
    for child in head.children:
        if child.dep_ == "poss":
            return doc[child.left_edge.i : child.i + 1]
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return doc[objects[0].left_edge.i : min(objects[0].right_edge.i + 1, end)]
    names = [
        c
        for c in head.lefts
        if c.dep_ == "compound"
        and (c.ent_type_ in ("ORG", "GPE") or (c.pos_ == "PROPN" and not c.ent_type_))
    ]
    if names:
        return doc[names[0].left_edge.i : names[-1].i + 1]
    return None


def _speaks_for_someone(head: Token) -> bool:
    return (
        head.tag_ == "NN"
        and head.lemma_.lower() in SPEAKING_FOR
        and any(c.dep_ == "prep" and c.lower_ in ("for", "of", "at") for c in head.children)
    )


def _trim(span: Span) -> list[Token]:
    tokens = list(span)
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in ("and", "but", "while")):
        tokens = tokens[1:]
    while tokens and (
        (tokens[-1].is_punct and tokens[-1].text not in ").") or tokens[-1].dep_ == "case"
    ):
        tokens = tokens[:-1]
    return tokens


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _clean_name(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)\s*", " ", name)
    name = re.sub(r"(?:'s|\u2019s|'|\u2019)$", "", name.strip())
    return re.sub(r"\s+", " ", name).strip(" ,")


# A proper noun the NER left untyped is taken for a name when a title or a short all-name
# mention backs it ("Syrskyi, commander of ...", "Costa said"); never any other label.
PERSON_OR_UNTYPED = frozenset({"PERSON", ""})


def _person_name(tokens: list[Token]) -> tuple[int, int] | None:
    """Index range of the person's name inside the mention, if it names a person."""
    for i, tok in enumerate(tokens):
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
            j = i
            while (
                j + 1 < len(tokens)
                and tokens[j + 1].ent_type_ == "PERSON"
                and (tokens[j + 1].ent_iob_ == "I")
            ):
                j += 1
            while (
                j + 1 < len(tokens)
                and tokens[j + 1].pos_ == "PROPN"
                and (tokens[j + 1].ent_type_ == "PERSON")
            ):
                j += 1
            if (
                _possessor(tokens, j)
                or modifies_common_noun(tokens[j])
                or tokens[j].lower_ in CORPORATE_WORDS
            ):
                continue
            # "Kursk governor Alexei Smirnov": a first name the NER left out of the name.
            while i > 0 and _untyped_name_word(tokens[i - 1]):
                i -= 1
            while i <= j and tokens[i].lower_.rstrip(".") in HONORIFICS | TITLE_WORDS:
                i += 1
            while j >= i and (tokens[j].is_punct or tokens[j].tag_ == "POS"):
                j -= 1
            if i <= j:
                return i, j
    # A title followed by capitalised words names a person the NER may have missed.
    for i, tok in enumerate(tokens):
        if tok.lower_.rstrip(".") in TITLE_WORDS and i + 1 < len(tokens):
            j = i + 1
            if tokens[j].pos_ != "PROPN":
                continue
            if tokens[j].ent_type_ in ("ORG", "GPE", "NORP"):
                # "Defence Minister Rustem Orlov" with the name labelled a body: a title
                # and two or three proper nouns that end the mention name a person.
                if _titled_name(tokens[j:]):
                    return j, len(tokens) - 1
                continue
            while (
                j + 1 < len(tokens)
                and tokens[j + 1].pos_ == "PROPN"
                and (tokens[j + 1].ent_type_ not in ("ORG", "GPE") or _lone_surname(tokens[j + 1]))
            ):
                j += 1
            return i + 1, j
    root = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].root
    has_title = any(c.dep_ == "appos" and titled(c) for c in root.children)
    # A person's title in apposition ("Ana Costa, the party leader") outweighs an ORG label.
    if root.pos_ == "PROPN" and has_title and root.ent_type_ in PERSON_OR_UNTYPED | {"ORG"}:
        first = root.i
        doc = root.doc
        while first - 1 >= tokens[0].i:
            before = doc[first - 1]
            # "Jean-Luc Marten": a hyphen with no space joins the parts of one first name.
            joined = before.text == "-" and not before.whitespace_ and first - 2 >= tokens[0].i
            if joined and not doc[first - 2].whitespace_:
                first -= 2
            elif before.dep_ == "compound" and before.pos_ == "PROPN":
                first -= 1
            else:
                break
        return first - tokens[0].i, root.i - tokens[0].i
    if (
        root.pos_ == "PROPN"
        and root.ent_type_ in PERSON_OR_UNTYPED
        and len(tokens) <= 3
        and (all(t.pos_ == "PROPN" or t.is_punct for t in tokens))
        and normalize_alias(root.text) not in CAPITALS
        and root.lower_ not in MEDIA_NAMES | CORPORATE_WORDS
    ):
        return 0, len(tokens) - 1
    return None


def _possessor(tokens: list[Token], last: int) -> bool:
    """ "Ana Holm's longtime aide Ivo Ruiz": a name with "'s" that another name follows
    owns the person the mention is about; the later name is the speaker's."""
    owner = tokens[last].tag_ == "POS" or (
        last + 1 < len(tokens) and tokens[last + 1].tag_ == "POS"
    )
    after = tokens[last + 1 :]
    root = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].root
    named = any(t.ent_type_ == "PERSON" and t.ent_iob_ == "B" for t in after)
    return owner and (named or (root.pos_ == "PROPN" and root.i > tokens[last].i))


def _role(tokens: list[Token], first: int, last: int) -> str:
    before = tokens[:first]
    after = tokens[last + 1 :]
    if after and after[0].text == ",":
        after = after[1:]
    elif after and after[0].text == "(":
        after = []
    return _clean_role(before) or _clean_role(after)


def _clean_role(part: list[Token]) -> str:
    while part and (part[0].pos_ == "DET" or part[0].is_punct):
        part = part[1:]
    while part and (part[-1].is_punct or part[-1].pos_ in ("DET", "CCONJ", "ADP")):
        part = part[:-1]
    if len(part) == 1 and part[0].lower_.rstrip(".") in ("mr", "mrs", "ms", "miss", "dr"):
        return ""
    return _text(part)


def _gender(tokens: list[Token]) -> str:
    words = {t.lower_.rstrip(".") for t in tokens}
    if words & FEMALE_WORDS:
        return "f"
    if words & MALE_WORDS:
        return "m"
    return ""


def _kind(tokens: list[Token], low: str) -> str:
    words = set(low.split())
    ents = {t.ent_type_ for t in tokens if t.ent_type_}
    if low in MEDIA_NAMES or any(low.endswith(" " + m) for m in MEDIA_NAMES if " " in m):
        return "media"
    if words & GOVERNMENT_WORDS or "white house" in low:
        return "government"
    if low in DEMONYMS or ents == {"GPE"}:
        return "government"
    if ents & {"ORG"} and words & MEDIA_WORDS:
        return "media"
    if ents & {"ORG", "NORP", "GPE", "FAC"}:
        return "organisation"
    # "regional officials", "Officials in the Odesa region": a government's, by the last
    # word or the phrase's head; another group ("local traders") is an organisation.
    head = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].root
    root = tokens[-1]
    if any(t.tag_ in ("NNS", "NNPS") and t.lemma_.lower() in OFFICIAL_GROUPS for t in (head, root)):
        return "government"
    if root.tag_ in ("NNS", "NNPS"):
        return "organisation"
    if root.lower_ in TITLE_WORDS or root.lemma_.lower() in TITLE_WORDS:
        return "person"
    if root.lower_ in GENERIC_HEADS or root.tag_ == "NNS":
        return "organisation"
    return "unknown"


def _name_like(token: Token) -> bool:
    """A proper noun, or a word capitalised inside a sentence that the tagger took for
    another part of speech ("..., says Pike.", tagged an adverb)."""
    return token.pos_ == "PROPN" or (
        token.is_title and token.i > token.sent.start and token.pos_ in ("ADV", "ADJ", "NOUN")
    )


def _untyped_name_word(token: Token) -> bool:
    """A capitalised word right before a person's name that the NER gave no type."""
    return (
        token.pos_ == "PROPN"
        and token.ent_type_ in ("", "PERSON")
        and token.lower_.rstrip(".") not in HONORIFICS | TITLE_WORDS
    )


def _lone_surname(token: Token) -> bool:
    """ "Governor Alexei Smirnov", the surname alone labelled a body: one word after a name."""
    doc = token.doc
    alone = token.ent_iob_ == "B" and (token.i + 1 >= len(doc) or doc[token.i + 1].ent_iob_ != "I")
    return (
        alone
        and token.i > 0
        and doc[token.i - 1].pos_ == "PROPN"
        and not doc[token.i - 1].ent_type_
    )
