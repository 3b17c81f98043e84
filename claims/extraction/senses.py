"""When a verb of saying reports no one's words: it names or compares, it follows a verb
of refusing with nothing said, or it is a set phrase that links the writer's sentences."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .cues import COMPARING_CUES, NAMING_CUES, REFUSAL_VERBS

# A participle with a subject or an auxiliary is a verb in its own clause, not a name.
_SUBJECTS = ("nsubj", "nsubjpass", "aux", "auxpass")


def reports_nothing(token: Token, lemma: str) -> bool:
    """Whether the cue `token` (its lemma `lemma`) reports nothing said."""
    return _other_sense(token, lemma) or _refused(token) or _discourse_idiom(token)


# Set phrases built on "say" that link the writer's sentences and report no one's words:
# "That said, ...", "That being said, ...", "Having said that, ...", "It goes without
# saying that ...", "needless to say", "so to speak".
_IDIOM_INFINITIVES = ("needless", "so")


def _discourse_idiom(token: Token) -> bool:
    doc, i = token.doc, token.i
    before = [t.lower_ for t in doc[max(0, i - 2) : i]]
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if token.lower_ == "said" and before[-1:] == ["having"]:
        return nxt == "that"
    if token.lower_ == "said" and nxt == ",":
        # Only at the head of a clause: "a sign that said, '...'" reports the sign's words.
        lead = i - 2 if before[-1:] == ["being"] else i - 1
        return lead >= 0 and doc[lead].lower_ in ("that", "this") and _clause_head(doc, lead)
    if token.lower_ == "saying" and before[-1:] == ["without"]:
        return len(before) == 2 and doc[i - 2].lemma_.lower() == "go"
    return (
        token.lower_ in ("say", "speak")
        and len(before) == 2
        and before[0] in _IDIOM_INFINITIVES
        and before[1] == "to"
    )


def _clause_head(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i].is_sent_start or doc[i - 1].is_punct or doc[i - 1].dep_ == "cc"


def _other_sense(token: Token, lemma: str) -> bool:
    """A participle of a cue that reports nothing: one that names ("a group called Open
    Doors", "the so-called plan") or compares figures ("earned $90,000, compared with
    $60,000")."""
    if token.tag_ != "VBN" or any(c.dep_ in _SUBJECTS for c in token.children):
        return False
    if lemma in NAMING_CUES:
        if token.i > 0 and token.doc[token.i - 1].lower_ in ("so", "so-"):
            return True
        complements = [c for c in token.children if c.dep_ in ("dobj", "oprd")]
        return token.dep_ == "acl" and len(complements) == 1
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return lemma in COMPARING_CUES and nxt is not None and nxt.lower_ in ("with", "to")


# What a cue says after a verb of refusing: a clause, an object, a quotation run on after it
# (content.CONTENT_DEPS is narrower: the complements a cue takes as its content).
_SAID_DEPS = ("ccomp", "dobj", "parataxis", "xcomp", "advcl")


def _refused(token: Token) -> bool:
    """ "declined to comment", "refused to comment on the report": a cue after a verb of
    refusing with nothing said after it reports that no statement was made."""
    return (
        token.dep_ == "xcomp"
        and token.head.lemma_.lower() in REFUSAL_VERBS
        and not any(c.dep_ in _SAID_DEPS for c in token.children)
    )
