"""What the checks read about a claim, computed once from a parse: its places, figures,
dates and content words. Stored with the claim, so no check parses it again, and
corroboration compares stored facts with stored facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from spacy.tokens import Doc

from claims.checks import places, quantities, similarity, timeexpr
from claims.checks.nlp import pipeline

# The keys of a claim's facts; a check whose kind is one of these reads its result here.
FACT_KINDS = ("places", "quantities", "time")


def facts_of_doc(doc: Doc, published: dt.date | None) -> dict[str, Any]:
    """A claim's facts from a parse of the claim's text made elsewhere (no parsing here)."""
    return {
        "places": places.find_in_doc(doc),
        "quantities": quantities.analyse_doc(doc),
        "time": timeexpr.resolve(doc.text, published),
        "lemmas": similarity.content_lemmas_in_doc(doc),
    }


def facts_of_texts(texts: Sequence[str], published: dt.date | None) -> list[dict[str, Any]]:
    """Facts of claims with no parse at hand: their texts parsed together, in one batch."""
    docs: Iterable[Doc] = pipeline().pipe(texts, batch_size=64)
    return [facts_of_doc(doc, published) for doc in docs]
