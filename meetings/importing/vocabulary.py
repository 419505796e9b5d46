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
    """The code for a party name, adjective or demonym, in English or Japanese ("China",
    "Chinese", "中国", "中華人民共和国"); None when unknown."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return PARTY_BY_NAME.get(_key(name)) or JA_PARTY_BY_NAME.get(name)


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
    r"Mr(?=\s+[A-Z])|Ms(?=\s+[A-Z])|Miss|Mx\.|Dr\.|Prof\.|Professor|Sir|Dame|Sen\.|Senator"
)

# Words a title printed before a name is made of ("State Councilor and Foreign Minister Wang
# Yi", "Member of the Political Bureau of the CPC Central Committee and Director of the Office of
# the Central Commission for Foreign Affairs Yang Jiechi"), and the words it may end with.
TITLE_WORDS = frozenset(
    [
        "Minister",
        "Ministers",
        "Secretary",
        "State",
        "Foreign",
        "Affairs",
        "Defence",
        "Defense",
        "Deputy",
        "Vice",
        "Prime",
        "Councilor",
        "Councillor",
        "President",
        "Vice-President",
        "Premier",
        "Chancellor",
        "Director",
        "Director-General",
        "General",
        "Office",
        "Central",
        "Commission",
        "Committee",
        "Member",
        "Political",
        "Bureau",
        "CPC",
        "Communist",
        "Party",
        "Senior",
        "Parliamentary",
        "Under",
        "Assistant",
        "Special",
        "Envoy",
        "Ambassador",
        "Trade",
        "External",
        "Federal",
        "Chief",
        "Executive",
        "Secretary-General",
        "Head",
        "Delegation",
        "Representative",
        "High",
        "Chair",
        "Chairman",
        "Chairperson",
        "Governor",
        "National",
        "Security",
        "Adviser",
        "Advisor",
        "Minister-Counsellor",
        "Counsellor",
        "Permanent",
        "Europe",
        "Finance",
        "Economy",
        "Cabinet",
        "Chief",
    ]
)
TITLE_HEADS = frozenset(
    [
        "Minister",
        "Secretary",
        "Councilor",
        "Councillor",
        "President",
        "Vice-President",
        "Premier",
        "Chancellor",
        "Director",
        "Director-General",
        "Ambassador",
        "Affairs",
        "State",
        "Defence",
        "Defense",
        "Envoy",
        "Representative",
        "Chair",
        "Chairman",
        "Chairperson",
        "Governor",
        "Adviser",
        "Advisor",
        "Secretary-General",
        "Trade",
    ]
)
# Titles that tell a person's party when none is printed beside the name.
TITLE_PARTIES = (
    (r"\bState\s+Councilor\b|\bCPC\b|Central\s+Commission\s+for\s+Foreign\s+Affairs", "CN"),
    (r"\bSecretary\s+of\s+(?:State|Defense)\b", "US"),
)

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
    r"reconfirmed",
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
    {
        "reaffirmed",
        "reconfirmed",
        "affirmed",
        "confirmed",
        "committed",
        "pledged",
        "resolved",
        "vowed",
    }
)

REQUEST_TRIGGERS = (
    r"call(?:ed|s)?\s+(?:for|on|upon)",
    r"calls\s+all\s+concerned\s+(?:for|to)",
    r"(?:his|her|its|their)\s+call\s+for",
    r"urge[sd]?",
    r"requested",
    r"ask(?:ed|s)?(?!\s+(?:about|after|questions|whether))",
    r"demanded",
    r"pressed\s+for",
    r"appealed\s+(?:for|to)",
    r"sought",
)

# One side says what both sides (or the other) should do: in its own voice ("China and Japan
# should ...", "It is hoped that the two sides will ...", "It is important for both sides to
# ...") that is a request of that side, even with no verb of asking (issue 14's decisions).
SHOULD_MODALS = r"should|must|need\s+to|needs\s+to|could"
SHOULD_OPENERS = (
    r"[Ii]t\s+is\s+hoped\s+that",
    r"(?:[Ii]t\s+is|[Ii]t['’]s)\s+(?:important|imperative|necessary|essential|vital)\s+for",
    r"the\s+(?:imperative|need|necessity)\s+for",
)
# Verbs that begin each action of a list one side says it (or both) will or should do: "... to
# actively push the implementation of the consensus, plan and coordinate the high-level exchanges,
# and ..." is split into one commitment per action at a comma or "and" before one of these.
LIST_VERBS = [
    "abide",
    "advance",
    "build",
    "carry",
    "coordinate",
    "collaborate",
    "conclude",
    "consolidate",
    "continue",
    "deepen",
    "develop",
    "enhance",
    "ensure",
    "establish",
    "expand",
    "explore",
    "facilitate",
    "follow",
    "forge",
    "handle",
    "help",
    "hold",
    "honor",
    "honour",
    "implement",
    "increase",
    "inject",
    "intensify",
    "jointly",
    "keep",
    "maintain",
    "oppose",
    "overcome",
    "plan",
    "prevent",
    "promote",
    "provide",
    "push",
    "realize",
    "realise",
    "remove",
    "respect",
    "safeguard",
    "step",
    "strengthen",
    "support",
    "take",
    "uphold",
    "work",
]

# Things one side may say it will do that concern only itself ("China will do its utmost to win
# the battle against the outbreak", "China will firmly safeguard its sovereignty"): not pledges.
OWN_AFFAIRS = re.compile(
    r"\bits\s+(?:own\s+)?(?:utmost|sovereignty|annual\s+targets|core\s+interests|national\s+"
    r"interests|development\s+interests|territorial\s+integrity)\b",
    re.I,
)
# What a pledge or request may list that asks nothing in particular of anyone: a list item
# ending in one of these is dropped ("... , overcome difficulties, and remove disturbances").
VAGUE_ACTIONS = re.compile(
    r"^(?:(?:constantly|continuously|jointly|further|also|actively|earnestly|not\s+only)\s+)*(?:"
    r"overcome\s+difficulties|remove\s+disturbances|handle\s+(?:conflicts|differences|"
    r"divergences)|consolidate\s+the\s+political\s+foundation|keep\s+opening\s+up|"
    r"inject\s+(?:more\s+)?(?:positive\s+)?energy|establish\s+the\s+awareness|cherish\b|"
    r"maintain\s+and\s+develop\s+(?:bilateral\s+)?relations|increase\s+cooperation\s+in|"
    r"bring\s+more\s+benefits|realize\s+mutual\s+benefit)",
    re.I,
)
# Words before "X will ..." that make it a belief, not an undertaking.
BELIEF_BEFORE = re.compile(
    r"\b(?:believed?|believes|confident|confidence|convinced|sure|certain|expects?|hoped?|"
    r"hopes)\s+that\s+(?:[\w’'-]+\s+){0,12}?$",
    re.I,
)

# One side says what it wants; it becomes joint if the other side accepts in the same
# sentence or the next one, a pledge if it is an intention to act, a request if a proposal.
DESIRE_TRIGGERS = (
    r"expressed\s+(?:her|his|its|the|a|Japan['’]s|[A-Z][\w.]*['’]s)?\s*(?:strong\s+|sincere\s+)?"
    r"(desire|wish|hope|intention|willingness|readiness|determination|expectation|"
    r"commitment)\s+(?:to|for|that)",
    r"stated\s+that\s+(?:she|he|it)\s+would\s+(like)\s+to",
    r"(proposed)",
    r"\b(hoped)\s+to",
)
INTENT_WORDS = frozenset(
    {"intention", "willingness", "readiness", "determination", "commitment", "hoped"}
)
HOPE_WORDS = frozenset({"hope", "expectation"})

ACCEPTANCE = (
    r"expressed\s+(?:her|his|its|their|full|strong)?\s*(?:full\s+|strong\s+)?support\s+(?:for|of)",
    r"(?:welcomed|accepted|supported)\s+(?:this|the|such|that)\s+(?:proposal|idea|initiative|"
    r"cooperation|offer|invitation)",
    r"(?:agreed|concurred)(?:\s+(?:to|with)\s+(?:this|the|such|that)\b|\s*[.,;]|$)",
)

# "with Minister Wang" after a trigger is an object, not a subject.
PLURAL_SUBJECTS = (
    r"\b(?:the\s+two|both(?:\s+the)?|the|all(?:\s+the)?|all\s+\w+|the\s+\w+)\s+"
    r"(?:foreign\s+|prime\s+)?"
    r"(?:ministers|leaders|sides|countries|governments|delegations|parties|presidents|heads"
    r"|participants|co-chairs|chairs|vice-ministers|directors-general|nations|partners"
    r"|secretaries)\b"
    r"|\b(?:the\s+)?(?:secretaries|ministers)\s+and\s+(?:the\s+)?(?:secretaries|ministers)\b"
    r"|\bthey\b|\bboth\b|\bit\s+was\b|\bwe\b"
)
# "Secretary Blinken and Foreign Minister Chung reaffirmed", "The Secretary and the Foreign
# Minister also discussed": two people named as one subject (case-sensitive).
PAIR_SUBJECT = (
    r"\b(?:The\s+|the\s+)?(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*\s+and\s+(?:the\s+)?"
    r"(?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w’'-]*(?=\s+(?:also\s+|both\s+)?(?:[a-z]+ed|should|will|"
    r"stand|commit|share)\b)"
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
        "remember",
        "get",
        "surely",
        "always",
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


# --- Japanese -----------------------------------------------------------------------------
# Readouts in Japanese (MOFA's own pages, and counterparts' Japanese texts) are read by
# meetings/importing/japanese.py with the tables below. Patterns are regular expressions over
# the text as printed (full-width and ASCII digits and punctuation alike).

# Party code -> names a Japanese text uses for the party, longest first where one holds
# another. One-character abbreviations (中, 韓, 米...) are only read inside compounds such as
# 日中, 日米韓, 日豪NZ韓 (JA_COMPOUND_PARTIES).
JA_PARTIES: dict[str, tuple[str, ...]] = {
    "JP": ("日本国", "日本", "我が国"),
    "CN": ("中華人民共和国", "中国"),
    "KR": ("大韓民国", "韓国"),
    "KP": ("朝鮮民主主義人民共和国", "北朝鮮"),
    "US": ("アメリカ合衆国", "アメリカ", "米国"),
    "GB": ("グレートブリテン及び北アイルランド連合王国", "英国", "イギリス"),
    "FR": ("フランス共和国", "フランス"),
    "DE": ("ドイツ連邦共和国", "ドイツ"),
    "IT": ("イタリア共和国", "イタリア"),
    "CA": ("カナダ",),
    "AU": ("オーストラリア連邦", "オーストラリア", "豪州"),
    "NZ": ("ニュージーランド",),
    "IN": ("インド共和国", "インド"),
    "ID": ("インドネシア共和国", "インドネシア"),
    "PH": ("フィリピン共和国", "フィリピン"),
    "VN": ("ベトナム社会主義共和国", "ベトナム"),
    "TH": ("タイ王国",),
    "MY": ("マレーシア",),
    "SG": ("シンガポール共和国", "シンガポール"),
    "KH": ("カンボジア王国", "カンボジア"),
    "LA": ("ラオス人民民主共和国", "ラオス"),
    "MM": ("ミャンマー連邦共和国", "ミャンマー"),
    "BN": ("ブルネイ・ダルサラーム国", "ブルネイ"),
    "MN": ("モンゴル国", "モンゴル"),
    "RU": ("ロシア連邦", "ロシア"),
    "UA": ("ウクライナ",),
    "TR": ("トルコ共和国", "トルコ"),
    "SA": ("サウジアラビア王国", "サウジアラビア"),
    "AE": ("アラブ首長国連邦",),
    "IL": ("イスラエル国", "イスラエル"),
    "IR": ("イラン・イスラム共和国", "イラン"),
    "EG": ("エジプト・アラブ共和国", "エジプト"),
    "BR": ("ブラジル連邦共和国", "ブラジル"),
    "MX": ("メキシコ合衆国", "メキシコ"),
    "ES": ("スペイン王国", "スペイン"),
    "NL": ("オランダ王国", "オランダ"),
    "PL": ("ポーランド共和国", "ポーランド"),
    "PK": ("パキスタン・イスラム共和国", "パキスタン"),
    "BD": ("バングラデシュ人民共和国", "バングラデシュ"),
    "LK": ("スリランカ民主社会主義共和国", "スリランカ"),
    "KZ": ("カザフスタン共和国", "カザフスタン"),
    "ASEAN": ("東南アジア諸国連合", "ASEAN"),
    "EU": ("欧州連合", "EU"),
    "UN": ("国際連合", "国連"),
    "G7": ("G7",),
    "NATO": ("北大西洋条約機構", "NATO"),
}

# The short forms that make up compounds: 日中 (JP, CN), 日米韓, 日豪NZ韓, 中日 (China's order).
JA_COMPOUND_PARTIES: dict[str, str] = {
    "日": "JP",
    "中": "CN",
    "韓": "KR",
    "朝": "KP",
    "米": "US",
    "英": "GB",
    "仏": "FR",
    "独": "DE",
    "伊": "IT",
    "加": "CA",
    "豪": "AU",
    "NZ": "NZ",
    "印": "IN",
    "尼": "ID",
    "比": "PH",
    "越": "VN",
    "泰": "TH",
    "星": "SG",
    "露": "RU",
    "宇": "UA",
    "蒙": "MN",
    "ASEAN": "ASEAN",
    "EU": "EU",
}
# What may follow a compound for it to name a meeting's parties ("日中外相会談", "日米で").
JA_COMPOUND_FOLLOWERS = (
    r"外相|首脳|外務|次官|電話|テレビ|会談|会議|会合|協議|対話|ハイレベル|高級|戦略|防衛|経済|"
    r"両国|関係|間|協力|で|が|の|共同|首相|閣僚|安全保障|外交"
)

# Eras: 令和元年 is 2019. The year of an era is its first year minus one plus the count.
JA_ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926}

# Titles. A person is printed as name, then (reading), then country, then title:
# 茂木敏充外務大臣, 王毅(おう・き)国務委員兼外交部長, マイク・ポンペオ米国国務長官.
# Where a title may start (so "茂木敏充外務大臣" splits as 茂木敏充 + 外務大臣)...
JA_TITLE_STARTS = (
    r"内閣総理大臣|総理大臣|総理|首相|副首相|大統領|副大統領|国家主席|主席|国務委員|国務長官|"
    r"国務|外務|外交|内閣|官房|防衛|国防|財務|経済|商務|事務|書記長|共産党|大臣|長官|次官|大使|"
    r"駐日|駐|審議官|局長|部長|議長|外相|首席|顧問|補佐官|特使|代表|総裁|事務総長|夫人|王|国王|"
    r"皇太子|知事|市長|[ァ-ヺー]+局長|アジア|北米|欧州|中東|中南米|アフリカ"
)
# ...and how it ends.
JA_TITLE_ENDS = (
    r"内閣総理大臣|総理大臣|大臣|総理|首相|大統領|大統領夫人|夫人|長官|次官|主席|委員|部長|大使|"
    r"審議官|局長|副長官|書記長|外相|議長|総長|総裁|代表|補佐官|首席|顧問|特使|助理|国王|皇太子|"
    r"知事|市長|委員長|国家主席"
)
# Titles that tell a person's party when no country is printed beside the name.
JA_TITLE_PARTIES = (
    ("外交部長官", "KR"),
    ("外交部", "CN"),
    ("国務委員", "CN"),
    ("国家主席", "CN"),
    ("国務長官", "US"),
    ("内閣総理大臣", "JP"),
    ("総理大臣", "JP"),
    ("総理", "JP"),
    ("外務事務次官", "JP"),
    ("外務審議官", "JP"),
    ("官房副長官", "JP"),
)

# Who speaks for several parties: 両外相は, 双方は, 三者は, 四大臣は.
JA_PLURAL_SUBJECTS = (
    r"両外相|両大臣|両首脳|両首相|両長官|両次官|両者|両代表|両議長|双方|両国|両政府|三者|四者|"
    r"[二三四五六七八九2-9]外相|[二三四五六七八九2-9]大臣|[二三四五六七八九2-9]首脳|[三四五六3-6]か国|"
    r"各国|全員|出席者|参加者|各大臣"
)
# A subject is marked by は, から, より (and からは, からも, よりも).
JA_SUBJECT_PARTICLES = r"(?:から|より)(?:は|も)?|は|も"

# The verbs that report what happened in the meeting, each with the kind of commitment it can
# make. Each is followed by a conjugation read in japanese.py (一致しました, 一致し、,
# 一致するとともに...). "agree": the sides agreed (joint); "confirm": confirmed (joint, or a
# pledge when one side confirms its own undertaking); "request": one side asked another;
# "state": one side said (a pledge, or a request of both, by what it said); "other": reported
# acts that end a clause but commit nobody.
JA_PREDICATES: dict[str, tuple[str, ...]] = {
    "agree": (
        r"(?:こと|の)で(?:も)?(?:意見が)?一致",
        r"(?:こと|の)で(?:も)?合意",
        r"ことに(?:つき|ついて)?合意",
        r"ことを決意",
        r"(?:する|いく)約束を",
        r"ことを約束",
        r"との(?:考え|認識)で一致",
        r"(?:に|で|について|につき)(?:も)?一致",
        r"で合意",
    ),
    "confirm": (
        r"を(?:改めて|再度|再び|重ねて|共に)?(?:再)?確認",
        r"(?:に|について|につき)(?:も)?(?:改めて)?確認",
        r"ことを(?:改めて)?申し合わせ",
    ),
    "request": (
        r"(?:を|よう[、,]?|ように[、,]?)(?:改めて|強く|重ねて|再度|引き続き|併せて|[、,])*(?:求め|要求)",
        r"を(?:改めて|強く|重ねて)?要請",
        r"よう(?:改めて|強く)?要請",
        r"(?:改めて|強く|重ねて|、|,)*申し入れ",
        r"を(?:強く)?促",
        r"を(?:強く)?訴え",
        r"を(?:強く)?働きかけ",
        r"の必要性を(?:改めて)?強調",
    ),
    "state": (
        r"旨(?:を)?(?:改めて)?(?:述べ|伝え|表明|伝達|発言|強調|説明|言及)",
        r"と(?:改めて)?述べ",
        r"を表明",
        r"旨の発言が",
    ),
    "other": (
        r"意見交換を(?:行|実施)",
        r"意見交換",
        r"議論を(?:行|実施)",
        r"議論",
        r"すり合わせを行",
        r"協議",
        r"提起",
        r"歓迎",
        r"評価",
        r"懸念を(?:表明|伝達|伝え)",
        r"伝達",
        r"説明",
        r"紹介",
        r"言及",
        r"強調",
        r"想起",
        r"謝意を(?:述べ|表)",
        r"感謝",
        r"期待を表明",
        r"述べ",
        r"表明",
    ),
}

# What must come after a reported verb for it to end a clause of this meeting (not a relative
# clause such as 両首脳が一致した共通認識, nor a report of an earlier agreement such as
# 確認していることを踏まえ).
JA_CONJUGATIONS = (
    r"(?:しました|した|します|する|し|して|しており|しつつ|ました|た|る|ます|て|つつ|ており|"
    r"ましたが|たが|があり(?:ました)?|がありました|が示され(?:ました)?|をした|をしました|をし|"
    r"が表明され(?:ました)?|が述べられ(?:ました)?|えました|えた|え|め|めた|めました|める|"
    r"いた|いました|いて|した上で|った|いし|い)?"
)
JA_CLAUSE_ENDS = r"[。、,，．]|$|とともに|と共に|上で|のに対|一方|ところ"

# Sentence endings that, with no reporting verb, are what the current speaker says
# (direct speech after "概要以下のとおり述べた。" or "次のように強調した。").
JA_DIRECT_ENDINGS = {
    "ask": r"(?:をお願いしたい|てほしい|ていただきたい|を求めたい)$",
    "must": r"(?:必要がある|べきである|べきだ|なければならない|ねばならない|ことが重要である|"
    r"ことを希望する|ことを望む)$",
    "wish": r"(?:たい|たく|たいと考える|たいと思う|[てで]いく考えである|[てで]いく考えだ|"
    r"ことを願っている|ことを願う)$",
}

# Content that makes a statement a pledge of its speaker (…たい旨述べた, …していく考えである).
JA_PLEDGE_ENDINGS = (
    r"たい|たく|[てで]いく考え(?:である|だ)?|する考え(?:である|だ)?|[てで]いく方針|する方針|"
    r"[てで]いく決意|する決意|を決定した|ことを決定した|決定した|を約束|していく|する用意がある|"
    r"用意がある|意向(?:である)?|所存|ことを願っている|ことを願う"
)
# Content that makes a statement a request of every side (…していく必要がある旨述べた).
JA_SHOULD_ENDINGS = (
    r"必要がある|必要である|必要性|べきである|べき|なければならない|ねばならない|"
    r"ことが重要(?:である|だ)?|ことが不可欠(?:である)?|ことを希望する|ことを望む"
)
# Requests put to every side, the asker included: an appeal, a stressed need.
JA_REQUESTS_OF_ALL = r"訴え|必要性を(?:改めて)?強調"

# Ends of content that state a position, not an action: "…の重要性で一致", "…への期待で一致",
# "…が重要であるとの点で一致", "…に強く反対することで一致".
JA_POSITIONS = (
    r"重要性",
    r"必要性",
    r"期待",
    r"認識",
    r"重要(?:である|だ)?(?:との点)?",
    r"点",
    r"立場",
    r"反対する",
    r"反対していく",
    r"懸念",
    r"歓迎",
    r"評価",
    r"支持する",
    r"支持",
    r"強く支持",
    r"一致",
    r"共有",
    r"意義",
    r"考え方",
    r"ことが重要",
)
# What an agreement may be "on" and still be an action: "…していくことの重要性で一致" and
# "…べきとの考えを確認" commit; "連携を確認" is agreement to coordinate.
JA_ACTION_IMPORTANCE = r"(?:ていく|する|させる|していく|していき)ことの重要性"
JA_SHOULD_VIEW = r"べき(?:である)?との(?:考え|認識)"
JA_COOPERATION_NOUNS = r"連携|協力|意思疎通|協調|対話|緊密な連携|緊密な意思疎通|緊密な協力"

# Words after which a clause is an action ("…していく", "…を推進する", "…を深めること").
# Content ending in one of these is not an action: "…が重要であること", "…も考え得ること".
JA_NOT_ACTIONS = (
    r"である|であり|ある|あること|いる|得る|できる|なる|なること|重要|必要|不可欠|期待|"
    r"歓迎|評価|懸念|確信|嬉しい|嬉しく思う|光栄|喜び|残念|遺憾|合致|役立つ|並存|望ましい"
)
# Wishes too general to follow up: to deepen "the relationship", to "overcome this crisis".
JA_GENERIC_WISHES = (
    r"関係を[^。、]{0,20}?(?:強化|深化|発展|強固|緊密|前進|高め)",
    r"関係(?:の)?(?:更なる|一層の)?(?:強化|深化|発展)",
    r"同盟を[^。]{0,24}?(?:強化|深化|強固)",
    r"強固なものとし",
    r"乗り越え",
    r"大切にし",
    r"未来を切り開",
    r"意見交換",
    r"議論",
    r"嬉し",
    r"光栄",
)
# Clauses that report an earlier meeting's agreement, not this meeting's.
JA_EARLIER_MEETING = (
    r"(?:先般|前回|先日|先月|昨年|先週|以前|これまで)の[^、,。]{0,30}?(?:会談|会議|会合|対話|首脳会談)"
    r"(?:で|では|において|の際)"
)
# Verbs that only talk: a "…するとともに" part ending in one of these is not an action.
JA_TALK_VERBS = (
    r"すり合わせ|意見交換|議論|協議|説明|紹介|言及|提起|伝え|伝達|述べ|発言|表明|歓迎|評価|強調|"
    r"感謝|確認"
)

JA_CONTINUING = r"引き続き|継続|今後とも|今後も|これからも|緊密に連携|意思疎通|維持|不断"
JA_TARGETS = (
    r"できるだけ早期に",
    r"できる限り早期に",
    r"一日も早い",
    r"一日も早く",
    r"早期の",
    r"早期に",
    r"早期",
    r"早急に",
    r"速やかに",
    r"即時",
    r"直ちに",
    r"年内",
    r"本年中",
    r"今年度中",
    r"来年",
    r"明年",
    r"来春",
    r"来週",
    r"来月",
    r"次回",
    r"近く",
    r"今後",
)

# Formulas in a list of what both sides must do that ask nothing in particular (as
# VAGUE_ACTIONS in English): "経験を真剣にくみ取り", "正しい方向をしっかり把握し".
JA_VAGUE_ACTIONS = (
    r"経験を[^、。]*くみ取",
    r"正しい方向",
    r"政治的基礎",
    r"大局を",
    r"ウィンウィン",
    r"幸福をもたら",
    r"利益をもたら",
    r"未来を切り開",
)

# Meals: a duration printed after one of these is the meal's, not the meeting's.
JA_MEALS = r"ディナー|ランチ|夕食会|昼食会|朝食会|晩餐会|夕食|昼食|朝食|食事"
# The words that show a line is a readout's lead: who met whom.
JA_MEETING_SIGNALS = (
    r"会談を行|会談し|会談を実施|会談した|電話会談|テレビ会談|会議を行|会合を行|協議を行|対話を行|"
    r"開催され|開催した|開催しました|行ったところ|と会談|会見を行|面会|懇談|表敬|"
    r"概要(?:は)?以下の(?:とおり|通り)"
)
# Header lines that are not the title: photo captions and page labels.
JA_CAPTIONS = (
    r"写真|様子|記念撮影|出迎え|握手|を行う|に応じる|を前に|ブリーフィングルーム|^記事$|^\*|"
    r"^※|仮翻訳|戻る$|トップ"
)
# Nouns that end the name of a meeting; with 第N回 or a name ending in 対話, 協議 or 会議 the
# meeting is a session of a standing mechanism.
JA_MEETING_NOUNS = r"会談|会議|会合|協議|対話|懇談|会見|閣僚会合|委員会"
JA_MECHANISM_NOUNS = r"対話|協議|会議|委員会"
# Lines that start a reference block, dropped from the paragraphs: (参考), [参考], 【参考】.
JA_REFERENCE_BLOCK = r"^[\[［(（【]\s*参考\s*[\]］)）】]"

JA_PARTY_BY_NAME: dict[str, str] = {
    name: code for code, names in JA_PARTIES.items() for name in names
}
