"""Names and descriptions side by side in a speaker mention: which words name the
source, which describe it."""

from __future__ import annotations

from spacy.tokens import Token

from .gazetteer import BUSINESS_WORDS, MEDIA_WORDS, TITLE_WORDS


def apposed_name(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """ "The Harbour Institute, a local think tank" and "the city's water utility, Aqualis":
    of a name and a description set off by a comma, the name names the body and the
    description is its role (empty when the mention has no such pair)."""
    doc = tokens[0].doc
    root = doc[tokens[0].i : tokens[-1].i + 1].root
    for child in root.children:
        comma = child.left_edge.i - 1
        if child.dep_ != "appos" or child.i < root.i or doc[comma].text != ",":
            continue
        if child.right_edge.i > tokens[-1].i or comma <= tokens[0].i:
            continue
        first = [t for t in tokens if t.i < comma]
        second = [t for t in tokens if child.left_edge.i <= t.i <= child.right_edge.i]
        if root.pos_ == "PROPN" and child.pos_ != "PROPN":
            return first, second
        if root.pos_ != "PROPN" and child.pos_ == "PROPN":
            return second, first
    return tokens, []


def titled(head: Token) -> bool:
    """A noun that is a title, alone or with the words before it ("chief executive")."""
    words = [t for t in head.lefts if t.dep_ in ("amod", "compound")] + [head]
    phrase = " ".join(t.lower_ for t in words)
    return (
        head.lemma_.lower() in TITLE_WORDS
        or head.lower_ in TITLE_WORDS
        or any(phrase.endswith(title) for title in TITLE_WORDS if " " in title)
    )


def modifies_common_noun(token: Token) -> bool:
    """ "the Rostov region", "the Harlan plant": a name the NER took for a person's that
    only modifies a common noun names no one."""
    return token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head.i > token.i


# Nouns that describe a body whose name follows them: "state news agency TASS", "the grid
# operator Ukrenergo", "the monitoring group Harbour Watch".
DESCRIBING_NOUNS = MEDIA_WORDS | BUSINESS_WORDS | {"group", "watchdog", "monitor", "thinktank"}


def described_name(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """The proper name that ends a mention after a noun describing the body ("regional news
    agency Varde24": Varde24), and the description; the mention itself when none."""
    run = 0
    while run < min(3, len(tokens) - 1) and tokens[-1 - run].pos_ == "PROPN":
        run += 1
    if run == 0 or run == len(tokens):
        return tokens, []
    before = tokens[-1 - run]
    if before.pos_ != "NOUN" or before.lower_ not in DESCRIBING_NOUNS:
        return tokens, []
    return tokens[-run:], tokens[:-run]
