"""What names and nouns tell about a source: places, kinds of body, titles, genders.

Plain lists, kept apart from the rules in sources.py that read them.
"""

from __future__ import annotations

from .lexicon import words

DEMONYMS = {
    "afghanistan": "afghan",
    "america": "american",
    "australia": "australian",
    "belarus": "belarusian",
    "britain": "british",
    "canada": "canadian",
    "china": "chinese",
    "egypt": "egyptian",
    "france": "french",
    "georgia": "georgian",
    "germany": "german",
    "india": "indian",
    "iran": "iranian",
    "iraq": "iraqi",
    "ireland": "irish",
    "israel": "israeli",
    "italy": "italian",
    "japan": "japanese",
    "jordan": "jordanian",
    "lebanon": "lebanese",
    "mexico": "mexican",
    "moldova": "moldovan",
    "nigeria": "nigerian",
    "north korea": "north korean",
    "norway": "norwegian",
    "pakistan": "pakistani",
    "poland": "polish",
    "qatar": "qatari",
    "russia": "russian",
    "saudi arabia": "saudi",
    "south korea": "south korean",
    "spain": "spanish",
    "sweden": "swedish",
    "syria": "syrian",
    "taiwan": "taiwanese",
    "turkey": "turkish",
    "turkiye": "turkish",
    "ukraine": "ukrainian",
    "united kingdom": "british",
    "uk": "british",
    "united states": "us",
    "us": "us",
    "u.s.": "us",
    "yemen": "yemeni",
    "finland": "finnish",
    "hungary": "hungarian",
    "greece": "greek",
    "denmark": "danish",
    "netherlands": "dutch",
    "venezuela": "venezuelan",
    "cuba": "cuban",
    "brazil": "brazilian",
    "palestine": "palestinian",
    "kenya": "kenyan",
}


CAPITALS = {
    "moscow": "Russia",
    "kyiv": "Ukraine",
    "kiev": "Ukraine",
    "washington": "United States",
    "beijing": "China",
    "london": "United Kingdom",
    "paris": "France",
    "berlin": "Germany",
    "tehran": "Iran",
    "ankara": "Turkey",
    "warsaw": "Poland",
    "minsk": "Belarus",
    "tokyo": "Japan",
    "seoul": "South Korea",
    "pyongyang": "North Korea",
    "delhi": "India",
    "new delhi": "India",
    "islamabad": "Pakistan",
    "damascus": "Syria",
    "baghdad": "Iraq",
    "riyadh": "Saudi Arabia",
    "cairo": "Egypt",
    "rome": "Italy",
    "madrid": "Spain",
    "ottawa": "Canada",
    "canberra": "Australia",
    "brussels": "European Union",
    "oslo": "Norway",
    "stockholm": "Sweden",
    "helsinki": "Finland",
    "budapest": "Hungary",
    "taipei": "Taiwan",
    "caracas": "Venezuela",
    "havana": "Cuba",
    "tbilisi": "Georgia",
    "chisinau": "Moldova",
    "doha": "Qatar",
    "beirut": "Lebanon",
}


# Places a dateline may name: capitals and countries (more cities are in text.py).
PLACE_NAMES = (
    frozenset(CAPITALS) | frozenset(DEMONYMS) | frozenset(c.lower() for c in CAPITALS.values())
)


# Plural heads that name people speaking for the state.
OFFICIAL_GROUPS = {"official", "authority", "minister", "governor", "lawmaker", "diplomat"}


GOVERNMENT_WORDS = {
    "ministry",
    "ministries",
    "government",
    "kremlin",
    "pentagon",
    "cabinet",
    "army",
    "military",
    "forces",
    "navy",
    "department",
    "administration",
    "parliament",
    "congress",
    "senate",
    "presidency",
    "embassy",
    "mission",
    "council",
    "command",
    "staff",
    "police",
    "office",
    "commission",
    "court",
    "agency",
    "white house",
    "downing street",
    "state",
    "defence",
    "defense",
    "guard",
    "authorities",
    "authority",
    "prosecutor",
    "prosecutors",
    "governorate",
    "municipality",
    "mayoralty",
    "legislature",
    "duma",
    "rada",
}


MEDIA_NAMES = {
    "reuters",
    "ap",
    "associated press",
    "afp",
    "agence france-presse",
    "tass",
    "ria novosti",
    "interfax",
    "ukrinform",
    "bbc",
    "cnn",
    "fox news",
    "msnbc",
    "nbc",
    "cbs",
    "abc",
    "npr",
    "al jazeera",
    "bloomberg",
    "politico",
    "axios",
    "the hill",
    "xinhua",
    "sky news",
    "dpa",
    "kyodo",
    "yonhap",
    "anadolu",
    "efe",
    "ansa",
    "pap",
    "ukrainska pravda",
    "the guardian",
    "guardian",
    "the times",
    "financial times",
    "ft",
    "the economist",
    "new york post",
    "new york times",
    "washington post",
    "wall street journal",
    "usa today",
    "los angeles times",
    "the atlantic",
    "vox",
    "buzzfeed",
    "huffpost",
    "daily mail",
    "the telegraph",
    "the independent",
    "der spiegel",
    "le monde",
    "kommersant",
    "izvestia",
    "rt",
    "sputnik",
    "meduza",
    "kyiv independent",
    "nyt",
    "wsj",
}


MEDIA_WORDS = words(
    """
    news agency newspaper times post journal tribune herald gazette daily magazine
    broadcaster outlet television tv radio press network channel telegraph chronicle
    observer examiner wire
    """
)


TITLE_WORDS = {
    "president",
    "minister",
    "governor",
    "gov",
    "mayor",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "secretary",
    "chancellor",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "head",
    "commander",
    "general",
    "gen",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "admiral",
    "director",
    "ceo",
    "founder",
    "ambassador",
    "envoy",
    "official",
    "officer",
    "adviser",
    "advisor",
    "aide",
    "leader",
    "speaker",
    "prosecutor",
    "judge",
    "justice",
    "attorney",
    "lawyer",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "king",
    "queen",
    "prince",
    "pope",
    "premier",
    "deputy",
    "vice",
    "nominee",
    "candidate",
    "analyst",
    "expert",
    "economist",
    "researcher",
    "scientist",
    "manager",
    "pastor",
    "bishop",
    "sheriff",
    "chief executive",
    "strategist",
    "pollster",
    "correspondent",
    "reporter",
    "editor",
    "columnist",
    "activist",
    "witness",
    "resident",
    "doctor",
    "surgeon",
    "mp",
    "lawmaker",
    "legislator",
    "counsel",
    "diplomat",
    "coach",
    "captain",
    "sergeant",
    "sgt",
    "major",
    "maj",
    "capt",
    "cmdr",
    "ald",
    "alderman",
    "councillor",
    "councilman",
    "councilwoman",
    "comptroller",
    "treasurer",
    "auditor",
    "commissioner",
    "superintendent",
    "principal",
    "dean",
    "provost",
    "rabbi",
    "imam",
    "father",
    "sister",
    "brother",
    "mother",
    "wife",
    "husband",
    "son",
    "daughter",
    "author",
    "owner",
    "partner",
    "president-elect",
    "ex-president",
    "mother-in-law",
}


HONORIFICS = words(
    """
    mr mrs ms miss dr prof sir dame gov sen rep gen col lt capt sgt maj adm amb hon rev
    st
    """
)


FEMALE_WORDS = words(
    """
    mrs ms miss dame spokeswoman congresswoman chairwoman councilwoman queen princess
    she her mother wife daughter sister businesswoman madam lady actress woman
    """
)


MALE_WORDS = words(
    """
    mr sir spokesman congressman chairman councilman king prince he him his father
    husband son brother lord businessman man pope
    """
)


FEMALE_NAMES = words(
    """
     nancy  elizabeth maria anna olga irina natalia tatiana yulia angela
    ursula theresa liz kate sarah mary jennifer susan karen lisa michelle
     hope  donna debbie jill emma laura julia marine giorgia annalena kaja
    iryna oksana svetlana elena ekaterina sophie claire rachel jessica ashley emily amy
    nikki kristi sheila janet  madeleine samantha valerie  gina
    """
)


PRONOUNS = words(
    """
    he she they it we i him her them
    """
)


GENERIC_HEADS = words(
    """
    official officials source sources analyst analysts expert experts observer observers
    witness witnesses resident residents people critics supporters aides aide diplomat
    diplomats activists spokesperson spokesman spokeswoman statement report reports
    media poll survey study data figures documents authorities police
    """
)


# What a business is called once named ("the company said"): the description stands for
# the last body the article named as a source.
BUSINESS_WORDS = words(
    """
    company firm operator bank lender carrier airline insurer retailer manufacturer maker
    utility business corporation charity developer provider supplier producer chain
    """
)

# Last words that make a proper name a business's, not a person's ("Northline Rail").
CORPORATE_WORDS = words(
    """
    rail railways bank group airlines airways inc ltd plc corp corporation holdings energy
    motors partners capital systems technologies foods pharma pharmaceuticals insurance
    telecom logistics mining oil gas power living shipping steel
    """
)


# Titles a later description may use for the same office.
TITLE_EQUIVALENTS = {
    "premier": {"prime minister", "premier", "chancellor"},
    "chief": {"leader", "head", "chief", "chairman", "chairwoman", "chair"},
    "leader": {"leader", "chief", "head", "chairman", "chairwoman"},
    "head": {"head", "chief", "leader", "director"},
    "president": {"president", "president-elect"},
    "minister": {"minister", "secretary"},
    "secretary": {"secretary", "minister"},
    "spokesman": {"spokesman", "spokesperson", "spokeswoman"},
    "spokeswoman": {"spokeswoman", "spokesperson", "spokesman"},
    "spokesperson": {"spokesperson", "spokesman", "spokeswoman"},
    "governor": {"governor", "gov."},
    "senator": {"senator", "sen."},
}


# Documents that "find" or "say" things; their author, when named, is the source.
DOCUMENT_WORDS = frozenset(
    {
        "report",
        "survey",
        "study",
        "poll",
        "letter",
        "memo",
        "filing",
        "complaint",
        "lawsuit",
        "audit",
        "analysis",
        "review",
        "assessment",
        "statement",
        "document",
        "paper",
        "brief",
        # Counts and figures: "figures from the audit office", "a Ledger tally".
        "figure",
        "tally",
        "data",
        "datum",
        "count",
        "estimate",
        "forecast",
    }
)


# People named by whom they speak for: "a spokesperson for the port authority".
SPEAKING_FOR = frozenset(
    {
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "official",
        "representative",
        "lawyer",
        "attorney",
        "adviser",
        "advisor",
        "aide",
        "member",
        "officer",
        "employee",
        "executive",
        "director",
        "head",
        "chief",
    }
)
