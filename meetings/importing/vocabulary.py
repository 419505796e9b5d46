"""Phrase tables for the readout parser.

Everything the parser knows about diplomatic English lives here as data, so a new phrasing is
usually a one-line change to a table rather than a change to the parser's logic.
"""

import re

# Party code -> (name used when a title is built, every name, adjective or demonym that may
# stand for the party). States use ISO 3166 alpha-2; organisations a short code.
PARTIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "JP": ("Japan", ("Japan", "Japanese", "Government of Japan")),
    "CN": ("China", ("People's Republic of China", "PRC", "China", "Chinese")),
    "KR": ("ROK", ("Republic of Korea", "ROK", "South Korea", "Korea", "Korean")),
    "KP": (
        "DPRK",
        ("Democratic People's Republic of Korea", "DPRK", "North Korea", "North Korean"),
    ),
    "US": (
        "U.S.",
        ("United States of America", "United States", "U.S.A.", "U.S.", "USA", "US", "American"),
    ),
    "GB": (
        "U.K.",
        (
            "United Kingdom of Great Britain and Northern Ireland",
            "United Kingdom",
            "U.K.",
            "UK",
            "Britain",
            "British",
        ),
    ),
    "FR": ("France", ("French Republic", "France", "French")),
    "DE": ("Germany", ("Federal Republic of Germany", "Germany", "German")),
    "IT": ("Italy", ("Italian Republic", "Italy", "Italian")),
    "CA": ("Canada", ("Canada", "Canadian")),
    "AU": ("Australia", ("Commonwealth of Australia", "Australia", "Australian")),
    "NZ": ("New Zealand", ("New Zealand",)),
    "IN": ("India", ("Republic of India", "India", "Indian")),
    "ID": ("Indonesia", ("Republic of Indonesia", "Indonesia", "Indonesian")),
    "PH": ("Philippines", ("Republic of the Philippines", "Philippines", "Philippine", "Filipino")),
    "VN": ("Viet Nam", ("Socialist Republic of Viet Nam", "Viet Nam", "Vietnam", "Vietnamese")),
    "TH": ("Thailand", ("Kingdom of Thailand", "Thailand", "Thai")),
    "MY": ("Malaysia", ("Malaysia", "Malaysian")),
    "SG": ("Singapore", ("Republic of Singapore", "Singapore", "Singaporean")),
    "KH": ("Cambodia", ("Kingdom of Cambodia", "Cambodia", "Cambodian")),
    "LA": ("Laos", ("Lao People's Democratic Republic", "Lao PDR", "Laos", "Lao")),
    "MM": ("Myanmar", ("Republic of the Union of Myanmar", "Myanmar")),
    "BN": ("Brunei", ("Brunei Darussalam", "Brunei")),
    "TL": ("Timor-Leste", ("Democratic Republic of Timor-Leste", "Timor-Leste")),
    "MN": ("Mongolia", ("Mongolia", "Mongolian")),
    "RU": ("Russia", ("Russian Federation", "Russia", "Russian")),
    "UA": ("Ukraine", ("Ukraine", "Ukrainian")),
    "TR": ("Türkiye", ("Republic of Türkiye", "Türkiye", "Turkey", "Turkish")),
    "SA": ("Saudi Arabia", ("Kingdom of Saudi Arabia", "Saudi Arabia", "Saudi")),
    "AE": ("UAE", ("United Arab Emirates", "UAE")),
    "QA": ("Qatar", ("State of Qatar", "Qatar", "Qatari")),
    "IL": ("Israel", ("State of Israel", "Israel", "Israeli")),
    "IR": ("Iran", ("Islamic Republic of Iran", "Iran", "Iranian")),
    "EG": ("Egypt", ("Arab Republic of Egypt", "Egypt", "Egyptian")),
    "ZA": ("South Africa", ("Republic of South Africa", "South Africa", "South African")),
    "NG": ("Nigeria", ("Federal Republic of Nigeria", "Nigeria", "Nigerian")),
    "KE": ("Kenya", ("Republic of Kenya", "Kenya", "Kenyan")),
    "BR": ("Brazil", ("Federative Republic of Brazil", "Brazil", "Brazilian")),
    "MX": ("Mexico", ("United Mexican States", "Mexico", "Mexican")),
    "AR": ("Argentina", ("Argentine Republic", "Argentina", "Argentine")),
    "CL": ("Chile", ("Republic of Chile", "Chile", "Chilean")),
    "ES": ("Spain", ("Kingdom of Spain", "Spain", "Spanish")),
    "NL": ("Netherlands", ("Kingdom of the Netherlands", "Netherlands", "Dutch")),
    "PL": ("Poland", ("Republic of Poland", "Poland", "Polish")),
    "SE": ("Sweden", ("Kingdom of Sweden", "Sweden", "Swedish")),
    "NO": ("Norway", ("Kingdom of Norway", "Norway", "Norwegian")),
    "FI": ("Finland", ("Republic of Finland", "Finland", "Finnish")),
    "CH": ("Switzerland", ("Swiss Confederation", "Switzerland", "Swiss")),
    "PK": ("Pakistan", ("Islamic Republic of Pakistan", "Pakistan", "Pakistani")),
    "BD": ("Bangladesh", ("People's Republic of Bangladesh", "Bangladesh", "Bangladeshi")),
    "LK": ("Sri Lanka", ("Democratic Socialist Republic of Sri Lanka", "Sri Lanka", "Sri Lankan")),
    "KZ": ("Kazakhstan", ("Republic of Kazakhstan", "Kazakhstan")),
    "UZ": ("Uzbekistan", ("Republic of Uzbekistan", "Uzbekistan")),
    "ASEAN": ("ASEAN", ("Association of Southeast Asian Nations", "ASEAN")),
    "EU": ("EU", ("European Union", "EU", "European")),
    "UN": ("UN", ("United Nations", "UN", "U.N.")),
    "G7": ("G7", ("Group of Seven", "G7")),
    "NATO": ("NATO", ("North Atlantic Treaty Organization", "NATO")),
}

ORGANISATIONS = frozenset({"ASEAN", "EU", "UN", "G7", "NATO"})


def _key(name: str) -> str:
    return name.replace("’", "'").casefold()


PARTY_BY_NAME: dict[str, str] = {
    _key(name): code for code, (_, names) in PARTIES.items() for name in names
}


def _name_pattern(name: str) -> str:
    return re.escape(name).replace("'", "['’]")


# Case-sensitive on purpose: "US" the party, not "us" the pronoun. Longest names first, so
# "People's Republic of China" wins over "China" and "North Korea" over "Korea".
_ALL_NAMES = sorted(
    (name for _, names in PARTIES.values() for name in names), key=len, reverse=True
)
PARTY_NAMES_RE = "(?:{})".format("|".join(_name_pattern(name) for name in _ALL_NAMES))
PARTY_RE = re.compile(rf"(?<![\w.])(?:the\s+)?(?P<party>{PARTY_NAMES_RE})(?![\w])")


def party_code(name: str) -> str | None:
    """The code for a party name, adjective or demonym; None when unknown."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return PARTY_BY_NAME.get(_key(name))


def party_title_name(code: str) -> str:
    return PARTIES[code][0] if code in PARTIES else code


MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "twenty-five": 25,
    "thirty": 30,
    "thirty-five": 35,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "fifty-five": 55,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

ORDINALS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"\d+(?:st|nd|rd|th)"
)

HONORIFICS = (
    r"H\.\s?E\.|H\.\s?R\.\s?H\.|His\s+Excellency|Her\s+Excellency|The\s+Rt\.?\s+Hon\.?|"
    r"[Tt]he\s+Right\s+Honou?rable|[Tt]he\s+Honou?rable|[Tt]he\s+Hon\.|Hon\.|Mr\.|Mrs\.|Ms\.|"
    r"Miss|Mx\.|Dr\.|Prof\.|Professor|Sir|Dame|Sen\.|Senator"
)
# Letters after a name that are not part of it: "Anthony Albanese MP".
POST_NOMINALS = ("MP", "KC", "QC", "AO", "AC", "OBE", "CBE", "KBE", "PhD", "Jr.")

# Titles that come before a name when a person is mentioned in the body: "Minister Wang".
PERSON_TITLES = (
    r"Prime\s+Minister|Deputy\s+Prime\s+Minister|Foreign\s+Minister|State\s+Minister|"
    r"Parliamentary\s+Vice-Minister|Senior\s+Vice-Minister|Vice-Minister|Vice\s+Minister|"
    r"Deputy\s+Minister|Minister|Vice\s+President|Vice-President|President|Chancellor|Premier|"
    r"Foreign\s+Secretary|Deputy\s+Secretary|Under\s+Secretary|Assistant\s+Secretary|"
    r"Secretary-General|Secretary\s+General|Secretary|Director-General|Director\s+General|"
    r"Deputy\s+Director-General|Director|Ambassador|Special\s+Envoy|Envoy|Chair|Chairman|"
    r"Chairperson|High\s+Representative|King|Queen|Crown\s+Prince|Emir|Sultan"
)

# --- Commitment triggers ------------------------------------------------------------------

# Both (or all) sides bind themselves. A single-party subject turns these into a pledge.
JOINT_TRIGGERS = (
    r"concurred",
    r"agreed",
    r"shared\s+(?:the|their|a|the\s+same|a\s+common)\s+(?:view|views|recognition|understanding"
    r"|intention|determination)",
    r"reached\s+(?:an?\s+)?(?:agreement|consensus|understanding)",
    r"decided",
    r"reaffirmed",
    r"affirmed",
    r"confirmed",
    r"committed",
    r"pledged",
    r"resolved",
    r"vowed",
    r"were\s+determined",
    r"expressed\s+(?:their|a\s+shared|shared|a\s+joint)\s+(?:commitment|determination|intention"
    r"|resolve)",
)
# Verbs whose complement must say what will be done ("confirmed that they would ...", "to ...")
# or they are a position, not a commitment ("confirmed the importance of ...").
STRICT_JOINT_TRIGGERS = frozenset(
    {"reaffirmed", "affirmed", "confirmed", "committed", "pledged", "resolved", "vowed"}
)

REQUEST_TRIGGERS = (
    r"called\s+(?:for|on|upon)",
    r"urged",
    r"requested",
    r"asked(?!\s+(?:about|after|questions|whether))",
    r"demanded",
    r"pressed\s+for",
    r"appealed\s+(?:for|to)",
    r"sought",
)

# One side says what it wants; it becomes joint if the other side accepts in the same
# sentence or the next one, a pledge if it is an intention to act, a request if a proposal.
DESIRE_TRIGGERS = (
    r"expressed\s+(?:her|his|its|the|a|Japan['’]s|[A-Z][\w.]*['’]s)?\s*(?:strong\s+|sincere\s+)?"
    r"(desire|wish|hope|intention|willingness|readiness|determination|expectation|"
    r"commitment)\s+(?:to|for|that)",
    r"stated\s+that\s+(?:she|he|it)\s+would\s+(like)\s+to",
    r"(proposed)",
)
INTENT_WORDS = frozenset({"intention", "willingness", "readiness", "determination", "commitment"})
HOPE_WORDS = frozenset({"hope", "expectation"})

ACCEPTANCE = (
    r"expressed\s+(?:her|his|its|their|full|strong)?\s*(?:full\s+|strong\s+)?support\s+(?:for|of)",
    r"(?:welcomed|accepted|supported)\s+(?:this|the|such|that)\s+(?:proposal|idea|initiative|"
    r"cooperation|offer|invitation)",
    r"(?:agreed|concurred)(?:\s+(?:to|with)\s+(?:this|the|such|that)\b|\s*[.,;]|$)",
)

# "with Minister Wang" after a trigger is an object, not a subject.
PLURAL_SUBJECTS = (
    r"\b(?:the\s+two|both(?:\s+the)?|the|all(?:\s+the)?|all\s+\w+)\s+(?:foreign\s+|prime\s+)?"
    r"(?:ministers|leaders|sides|countries|governments|delegations|parties|presidents|heads"
    r"|participants|co-chairs|chairs|vice-ministers|directors-general|nations|partners)\b"
    r"|\bthey\b|\bboth\b|\bit\s+was\b|\bwe\b"
)

# Reporting verbs that make "she would ..." a statement of intent by the speaker.
REPORTING_VERBS = (
    r"stated|said|announced|explained|noted|conveyed|mentioned|emphasized|emphasised|indicated"
    r"|told|added|underlined|stressed|expressed|reiterated|assured|affirmed|declared|responded"
    r"|replied"
)

# Verbs after "X will" that do not undertake anything.
NON_ACTIONS = frozenset(
    {
        "like",
        "be",
        "become",
        "have",
        "leave",
        "seem",
        "appear",
        "need",
        "not",
        "soon",
        "also",
        "then",
        "mark",
    }
)

SUBORDINATORS = frozenset(
    {"as", "since", "because", "when", "while", "if", "although", "though", "whether", "once"}
)

# Complements that state a position, not an action.
POSITION_COMPLEMENTS = re.compile(
    r"^(?:on\s+|upon\s+|that\s+)?(?:the\s+|its\s+|their\s+)?(?:importance|significance|"
    r"recognition|fact|view|views|basic\s+position|position|value|necessity\s+of\s+(?:the\s+)?"
    r"(?:principle)|situation|outcome|results?)\b",
    re.I,
)

CONTINUING = re.compile(
    r"\b(?:continu(?:e|es|ed|ing|ous|ously|ation)|maintain(?:s|ed|ing)?|keep(?:s|ing)?|kept|"
    r"remain(?:s|ed|ing)?\s+in\s+(?:close\s+)?(?:communication|contact|coordination)|sustain(?:ed|"
    r"ing)?|ongoing)\b",
    re.I,
)

# Targets, as said; longest first. Adjectival ones ("immediate lifting") are handled in the
# parser, because they only count when they qualify the action.
TARGETS = (
    r"as\s+(?:early|soon)\s+as\s+possible(?:\s+(?:next|this)\s+year)?",
    r"at\s+the\s+earliest\s+(?:possible\s+)?(?:date|opportunity|time)",
    r"at\s+an\s+early\s+(?:date|stage|time|opportunity)",
    r"at\s+an?\s+(?:appropriate|suitable|convenient)\s+(?:time|timing|date|opportunity)",
    r"at\s+the\s+(?:next|upcoming)\s+[A-Z][\w'’ -]*?(?:Meeting|Summit|Dialogue)",
    r"in\s+the\s+(?:near|immediate)\s+future",
    r"by\s+the\s+end\s+of\s+(?:the|this|next)\s+(?:fiscal\s+)?(?:year|month)",
    r"by\s+the\s+end\s+of\s+(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December)(?:\s+\d{4})?",
    r"by\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)(?:\s+\d{4})?",
    r"on\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s*\d{4})?",
    r"in\s+(?:early\s+|mid-|late\s+)?(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)(?:\s+\d{4})?",
    r"(?:with)?in\s+(?:the|this)\s+(?:fiscal\s+)?year",
    r"(?:later|early|earlier)\s+this\s+year",
    r"(?:early|late)\s+next\s+year",
    r"next\s+(?:year|month|spring|summer|autumn|fall|winter)",
    r"this\s+(?:year|month|spring|summer|autumn|fall|winter)",
    r"in\s+(?:early|mid-|late\s+)?\d{4}",
    r"without\s+delay",
    r"in\s+a\s+timely\s+manner",
    r"immediately",
    r"promptly",
    r"swiftly",
)

# Adjectives that, in front of a nominalised action, are the target: "immediate lifting".
ADJECTIVE_TARGETS = {
    "immediate": "immediately",
    "early": "early",
    "prompt": "promptly",
    "swift": "swiftly",
    "speedy": "speedily",
    "rapid": "rapidly",
    "timely": "in a timely manner",
}
# Other adjectives that become an adverb in a title: "complete removal" -> "remove completely".
ADJECTIVE_ADVERBS = {
    **ADJECTIVE_TARGETS,
    "complete": "completely",
    "full": "fully",
    "steady": "steadily",
    "smooth": "smoothly",
    "unconditional": "unconditionally",
    "safe": "safely",
    "effective": "effectively",
    "further": "further",
    "thorough": "thoroughly",
    "peaceful": "peacefully",
}

# Nominalised actions -> the verb a title uses: "the lifting of X" -> "Lift X".
NOMINALISATIONS = {
    "lifting": "lift",
    "removal": "remove",
    "release": "release",
    "resumption": "resume",
    "withdrawal": "withdraw",
    "establishment": "establish",
    "holding": "hold",
    "implementation": "implement",
    "conclusion": "conclude",
    "return": "return",
    "cessation": "cease",
    "settlement": "settle",
    "resolution": "resolve",
    "strengthening": "strengthen",
    "promotion": "promote",
    "realization": "realize",
    "realisation": "realise",
    "abolition": "abolish",
    "easing": "ease",
    "elimination": "eliminate",
    "provision": "provide",
    "dispatch": "dispatch",
    "restoration": "restore",
    "reopening": "reopen",
    "expansion": "expand",
    "enhancement": "enhance",
    "improvement": "improve",
    "repatriation": "repatriate",
    "acceptance": "accept",
    "ratification": "ratify",
    "signing": "sign",
    "launch": "launch",
    "reduction": "reduce",
    "relaxation": "relax",
    "revision": "revise",
    "extension": "extend",
    "adoption": "adopt",
    "consideration": "consider",
    "completion": "complete",
    "compliance": "comply",
    "halt": "halt",
    "suspension": "suspend",
    "clarification": "clarify",
    "investigation": "investigate",
    "protection": "protect",
    "opening": "open",
    "normalization": "normalize",
    "conduct": "conduct",
}

# "Australia's continued support for X" -> "Continue to support X".
SUPPORT_NOUNS = {
    "support": "support",
    "cooperation": "cooperate",
    "assistance": "provide assistance",
    "help": "help",
    "understanding": "show understanding",
    "engagement": "engage",
    "contribution": "contribute",
    "efforts": "make efforts",
    "commitment": "commit",
}

# -ing forms whose base form the suffix rules below would get wrong.
GERUNDS = {
    "continuing": "continue",
    "utilizing": "utilize",
    "utilising": "utilise",
    "coordinating": "coordinate",
    "promoting": "promote",
    "making": "make",
    "having": "have",
    "taking": "take",
    "giving": "give",
    "cooperating": "cooperate",
    "advancing": "advance",
    "exploring": "explore",
    "considering": "consider",
    "realizing": "realize",
    "enhancing": "enhance",
    "resuming": "resume",
    "facilitating": "facilitate",
    "accelerating": "accelerate",
    "ensuring": "ensure",
    "increasing": "increase",
    "pursuing": "pursue",
    "achieving": "achieve",
    "deepening": "deepen",
    "strengthening": "strengthen",
    "developing": "develop",
    "visiting": "visit",
    "welcoming": "welcome",
    "releasing": "release",
    "removing": "remove",
    "using": "use",
    "creating": "create",
    "providing": "provide",
    "preparing": "prepare",
    "organizing": "organize",
    "organising": "organise",
    "encouraging": "encourage",
    "communicating": "communicate",
    "closing": "close",
    "producing": "produce",
    "raising": "raise",
    "reducing": "reduce",
    "collaborating": "collaborate",
    "supporting": "support",
    "implementing": "implement",
    "maintaining": "maintain",
    "keeping": "keep",
    "working": "work",
    "holding": "hold",
    "expanding": "expand",
    "establishing": "establish",
    "upgrading": "upgrade",
    "launching": "launch",
    "being": "be",
}

# Phrases that only hedge the action; a title drops them: "seek to find ways to resolve X".
HEDGES = (
    r"seek(?:ing)?\s+to",
    r"find(?:ing)?\s+ways\s+to",
    r"make\s+(?:every\s+)?efforts?\s+to",
    r"making\s+(?:every\s+)?efforts?\s+to",
    r"work(?:ing)?\s+(?:closely\s+)?(?:toward|towards)",
    r"work(?:ing)?\s+(?:closely\s+)?to(?=\s+\w)",
    r"coordinat(?:e|ing)\s+(?:closely\s+)?(?:toward|towards|on|for)",
    r"accelerat(?:e|ing)\s+coordination\s+(?:toward|towards|on|for)",
    r"aim(?:ing)?\s+to",
    r"tr(?:y|ying)\s+to",
    r"endeavou?r(?:ing)?\s+to",
    r"striv(?:e|ing)\s+to",
    r"look(?:ing)?\s+into",
    r"(?:closely\s+)?cooperat(?:e|ing)\s+(?:toward|towards)",
)

# Where a title stops: purposes, examples and references are context, not the action.
TITLE_STOPS = (
    r",?\s+in\s+order\s+to\b",
    r",?\s+so\s+as\s+to\b",
    r",?\s+with\s+a\s+view\s+to\b",
    r",\s*including\b",
    r",\s*which\b",
    r",\s*while\b",
    r",?\s+as\s+agreed\b",
    r",?\s+based\s+on\b",
    r",?\s+in\s+line\s+with\b",
    r",?\s+on\s+the\s+basis\s+of\b",
    r"\s+to\s+be\s+held\b",
    r",?\s+in\s+a\s+(?:constructive|timely|sincere)\s+manner\b",
    r",?\s+through\s+(?:such|this|these)\b",
    r"\s+accordingly\b",
    r"\s+\(\s*(?:e\.g\.|i\.e\.|see)\b",
)

# Nouns that end the name of a standing mechanism.
MECHANISM_NOUNS = (
    r"Dialogue|Consultations?|Working\s+Group|Mechanism|Joint\s+Committee|Joint\s+Commission|"
    r"Consultative\s+Committee|Policy\s+Planning\s+Talks|Talks|Strategic\s+Dialogue|"
    r"Economic\s+[\"“]?2\+2[\"”]?|[\"“]2\+2[\"”]"
)

# Lines of web-page furniture that are never part of a readout.
BOILERPLATE_LINES = (
    r"back\s+to\b.*",
    r"(?:japanese|english|日本語|other\s+languages?)",
    r"page\s+top|top\s+of\s+page|top\s+page|return\s+to\s+top|print|share|tweet",
    r"related\s+(?:links?|information|articles?|press\s+releases?)",
    r"press\s+releases?|press\s+conferences?|foreign\s+policy|countries\s*&\s*regions",
    r"home\s*[>›»].*",
    r"(?:\(|\[)?photo(?:\)|\])?(?::|\s+credit).*",
    r"(?:\(|\[)\s*photo\s*(?:\)|\])\s*",
    r"(?:[A-Z][\w.’'-]*[\s-])*relations",
    r"(?:\(|\[)?(?:reference|related\s+link)s?(?:\)|\])?\s*:?",
    r"(?:photograph|image)s?\s*:.*",
)
