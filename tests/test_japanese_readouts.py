"""Readouts in Japanese: dates, times, items, people and the verbs that make commitments.

The texts here are short synthetic readouts in MOFA's shapes, written for these tests (the real
readouts are in tests/readouts/dev and scored by tests/test_importer_evaluation.py).

Runs without Django: ``pytest tests/test_japanese_readouts.py -p no:django``.
"""

import datetime
import json

import pytest

from meetings.importing.parser import ReadoutError, parse_readout

LEAD = (
    "{date}\n\n"
    " {when}、茂木敏充外務大臣は、王毅(おう・き)国務委員兼外交部長との間で日中外相会談を行った"
    "ところ、概要以下のとおり。\n\n"
)
BODY = (
    "1 両外相は、引き続き緊密に意思疎通していくことで一致しました。\n"
    "2 茂木大臣から、日本産食品に対する輸入規制の早期撤廃を強く求めました。\n"
)


def readout(date: str = "令和2年11月24日", when: str = "24日午後5時30分頃から約1時間30分") -> str:
    return LEAD.format(date=date, when=when) + BODY


def commitments(text: str, **kwargs) -> list[tuple[str, str, str, list[str]]]:
    result = parse_readout(text, **kwargs)
    return [(c.paragraph, c.kind, c.requested_by, c.responsible) for c in result.commitments]


# --- Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "when", "held_on"),
    [
        ("令和2年11月24日", "24日午後5時", datetime.date(2020, 11, 24)),
        ("令和元年8月20日", "現地時間8月20日、午後5時", datetime.date(2019, 8, 20)),
        ("平成31年4月14日", "本4月14日、午後4時", datetime.date(2019, 4, 14)),
        ("2021年10月8日", "10月8日、16時30分", datetime.date(2021, 10, 8)),
        ("令和3年1月2日", "12月31日、午前9時", datetime.date(2020, 12, 31)),
    ],
    ids=["day-only", "reiwa-gannen", "heisei", "western", "across-new-year"],
)
def test_era_and_western_dates_are_read_against_the_page_date(date, when, held_on):
    assert parse_readout(readout(date, when)).meeting.held_on == held_on


def test_a_date_without_its_year_is_left_empty_with_a_warning_not_refused():
    result = parse_readout(readout(date="", when="2月15日,午後4時頃から約30分間"))

    assert result.meeting.held_on is None
    assert any("without a year" in w for w in result.warnings)
    assert result.commitments  # everything else is read


def test_the_year_may_come_from_a_date_in_the_source_address():
    url = "http://nagoya.china-consulate.gov.cn/jpn/zgxw/202111/t20211115_10448630.htm"

    result = parse_readout(readout(date="", when="10月8日、午後4時"), source_url=url)

    assert result.meeting.held_on == datetime.date(2021, 10, 8)
    assert any("source address" in w for w in result.warnings)


def test_a_readout_saying_only_today_has_no_date_and_says_so():
    text = (
        "日米首脳電話会談\n"
        "バイデン大統領は本日、日本の菅義偉首相と会談し、緊密に連携する約束をした。\n"
    )

    result = parse_readout(text)

    assert result.meeting.held_on is None
    assert any("本日" in w for w in result.warnings)


# --- Times and durations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "start", "minutes"),
    [
        ("24日午後5時30分頃から約1時間30分", (17, 30), 90),
        ("24日午前10時半(現地時間)から約50分間", (10, 30), 50),
        ("24日午後12時30分から15分間", (12, 30), 15),
        ("現地時間24日,午後5時(日本時間:午後6時)から約45分間", (17, 0), 45),
        ("24日、日本時間午後6時(現地時間午前10時)から約20分", (10, 0), 20),
        ("24日、16時00分頃から約100分間", (16, 0), 100),
        (
            "24日午後5時30分頃から、日中外相会談(約1時間30分)及びワーキング・ディナー(約1時間10分)を",
            (17, 30),
            90,
        ),
    ],
    ids=["pm", "half-local", "noon", "local-first", "japan-first", "24h", "meal"],
)
def test_start_is_the_local_time_and_duration_the_meetings_own(when, start, minutes):
    meeting = parse_readout(readout(when=when)).meeting

    assert meeting.start_time == datetime.time(*start)
    assert meeting.duration_minutes == minutes


def test_no_time_is_a_warning():
    result = parse_readout(readout(when="24日"))

    assert result.meeting.start_time is None
    assert any("start time" in w for w in result.warnings)


# --- Items and paragraphs --------------------------------------------------------------------


def test_items_sub_items_and_katakana_items_are_numbered_as_printed():
    text = readout() + (
        "3 日中関係\n"
        "(1)冒頭、王毅国務委員兼外交部長から、概要以下のとおり述べた。\n"
        " ア 日本と緊密に協力していきたい。\n"
        " イ 日中関係の未来を切り開いていきたい。\n"
        "(2)これに対し、茂木大臣から、引き続き最大限の努力をお願いしたい旨述べた。\n"
    )

    result = parse_readout(text)

    assert [p.number for p in result.paragraphs] == ["0", "1", "2", "3(1)", "3(2)"]
    assert commitments(text)[2:] == [
        ("3(1)", "pledge", "", ["CN"]),  # ア under (1) is its speaker's words
        ("3(2)", "request", "JP", ["CN"]),
    ]


@pytest.mark.parametrize(
    "marks",
    [("1. ", "2. "), ("一、", "二、"), ("１　", "２　")],
    ids=["dot", "kanji", "full-width"],
)
def test_other_item_numbers_read_the_same(marks):
    text = LEAD.format(date="令和2年11月24日", when="24日") + BODY.replace("1 ", marks[0]).replace(
        "2 ", marks[1]
    )

    assert [c[0] for c in commitments(text)] == ["1", "2"]


def test_without_item_numbers_the_lead_is_paragraph_1():
    text = readout().replace("1 両外相", "- 両外相").replace("2 茂木", "- 茂木")

    assert [p.number for p in parse_readout(text).paragraphs] == ["1", "2", "3"]
    assert [c[0] for c in commitments(text)] == ["2", "3"]


def test_inline_numbered_points_of_one_agreement_are_sub_items():
    text = readout() + (
        "3 両首脳は、(1)安全保障分野の協力を深めていくこと、(2)経済分野の協力を深めていくこと"
        "を確認しました。\n"
    )

    assert [c[:2] for c in commitments(text)[2:]] == [("3(1)", "joint"), ("3(2)", "joint")]


def test_a_reference_block_is_not_a_paragraph():
    text = readout() + "[参考]最近の日中外相会談\n 2019年8月21日 北京\n"

    assert [p.number for p in parse_readout(text).paragraphs] == ["0", "1", "2"]


# --- People and parties ----------------------------------------------------------------------


def test_attendance_names_are_as_printed_without_readings():
    text = readout().replace(
        "との間で日中外相会談を行った",
        "との間で日中外相会談を行った(先方:孔鉉佑・駐日中国大使ほか、当方:森外務審議官ほか同席。)",
    )

    attendance = parse_readout(text).meeting.attendance

    assert [(a.name, a.party) for a in attendance] == [
        ("茂木敏充", "JP"),
        ("王毅", "CN"),
        ("孔鉉佑", "CN"),
        ("森", "JP"),
    ]


def test_katakana_names_end_where_the_country_begins():
    text = (
        "令和元年11月4日\n11月4日午前11時15分(現地時間)から約45分間,安倍晋三内閣総理大臣は,ナレンドラ・"
        "モディ・インド首相(H.E. Mr. Narendra Modi, Prime Minister of India)と首脳会談を行った"
        "ところ,概要は以下のとおりです。\n1 両首脳は,緊密に連携していくことで一致しました。\n"
    )

    result = parse_readout(text)

    assert [(a.name, a.title, a.party) for a in result.meeting.attendance] == [
        ("安倍晋三", "内閣総理大臣", "JP"),
        ("ナレンドラ・モディ", "首相", "IN"),
    ]
    assert result.meeting.parties == ["JP", "IN"]


@pytest.mark.parametrize(
    ("compound", "parties"),
    [
        ("日中", ["JP", "CN"]),
        ("日米韓", ["JP", "US", "KR"]),
        ("日豪NZ韓", ["JP", "AU", "NZ", "KR"]),
    ],
)
def test_parties_are_read_from_the_meetings_name(compound, parties):
    text = (
        readout()
        .replace("王毅(おう・き)国務委員兼外交部長との間で", "")
        .replace("日中外相会談", f"{compound}外相会合")
    )

    assert parse_readout(text).meeting.parties == parties


# --- Commitments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("両外相は、引き続き緊密に連携していくことで一致しました。", [("joint", "")]),
        ("両外相は、日中間の意思疎通を継続していくことを確認しました。", [("joint", "")]),
        ("茂木大臣から、中国側の適切な対応を要請しました。", [("request", "JP")]),
        ("茂木大臣から、邦人拘束事案について改めて申し入れました。", [("request", "JP")]),
        ("茂木大臣から、拉致問題の早期解決への協力を求めました。", [("request", "JP")]),
        ("茂木大臣から、緊密に連携していきたい旨述べました。", [("pledge", "")]),
        ("茂木大臣から、100万米ドルの拠出を決定した旨表明した。", [("pledge", "")]),
        (
            "茂木大臣から、両国が共に課題に取り組んでいく必要がある旨述べました。",
            [("request", "JP")],
        ),
        ("両外相は、連携の重要性で一致しました。", []),
        ("両外相は、対話が継続されることへの期待で一致しました。", []),
        ("茂木大臣から、香港情勢に対する深刻な懸念を表明しました。", []),
        ("両外相は、北朝鮮情勢について意見交換を行いました。", []),
        ("両外相は、先般の首脳会談で協力していくことで一致したことを歓迎しました。", []),
    ],
    ids=[
        "itchi",
        "kakunin",
        "yousei",
        "moshiire",
        "motometa",
        "tai-hyomei",
        "kettei-hyomei",
        "hitsuyou",
        "juyosei",
        "kitai",
        "kenen",
        "ikenkoukan",
        "earlier-agreement",
    ],
)
def test_the_verb_and_what_precedes_it_give_the_kind(sentence, expected):
    text = LEAD.format(date="令和2年11月24日", when="24日") + f"1 {sentence}\n"

    assert [(kind, asked) for _, kind, asked, _ in commitments(text)] == expected


def test_a_request_is_of_the_side_it_names_or_else_of_the_other():
    text = LEAD.format(date="令和元年8月21日", when="21日").replace(
        "日中外相会談", "日中韓外相会議"
    ) + (
        "1 河野大臣からは,中韓に対して日本産食品等の輸入規制撤廃を求めた。\n"
        "2 河野大臣から,中国側の行動を強く求めた。\n"
    )

    assert [c[3] for c in commitments(text)] == [["CN", "KR"], ["CN"]]


def test_two_agreements_in_one_sentence_are_two_commitments():
    text = LEAD.format(date="令和3年11月18日", when="18日") + (
        "1 両外相は、対話を適切な形で進めていくことを確認するとともに、経済交流を後押しすることで"
        "一致しました。\n"
    )

    texts = [c.text for c in parse_readout(text).commitments]

    assert texts == [
        "両外相は、対話を適切な形で進めていくことを確認する",
        "経済交流を後押しすることで一致しました",
    ]
    source = parse_readout(text).paragraphs[1].text
    assert all(t in source for t in texts)


def test_the_counterparts_voice_both_sides_must_is_its_request_of_both():
    text = (
        "10月8日、習近平国家主席は、日本の岸田文雄首相と電話会談を行った。\n"
        "習氏は次のように指摘した。中日は四つの政治文書の原則を順守し、意見の相違を適切に管理しな"
        "ければならない。日本との協力を強化することを願っている。\n"
    )

    result = parse_readout(text, source_url="https://example.org/202111/t20211115_1.htm")

    assert [
        (c.paragraph, c.kind, c.requested_by, sorted(c.responsible)) for c in result.commitments
    ] == [
        ("2", "request", "CN", ["CN", "JP"]),
        ("2", "request", "CN", ["CN", "JP"]),
        ("2", "pledge", "", ["CN"]),
    ]
    assert [(a.name, a.party) for a in result.meeting.attendance] == [
        ("習近平", "CN"),
        ("岸田文雄", "JP"),
    ]


# --- Output and bad input --------------------------------------------------------------------


def test_the_json_has_the_same_shape_as_for_english():
    english = parse_readout(
        "On March 4, 2024, Ms. KAMIKAWA Yoko, Minister for Foreign Affairs of Japan, held a "
        "meeting with H.E. Mr. Wang Yi, Foreign Minister of China.\n\n"
        "1. The two ministers agreed to hold the dialogue at an early date.\n"
    ).as_dict()
    japanese = json.loads(json.dumps(parse_readout(readout()).as_dict()))

    assert set(japanese) == set(english)
    assert set(japanese["meeting"]) == set(english["meeting"])
    assert set(japanese["commitments"][0]) == set(english["commitments"][0])
    assert japanese["meeting"]["held_on"] == "2020-11-24"
    assert japanese["meeting"]["start_time"] == "17:30"


@pytest.mark.parametrize(
    "text",
    ["小麦粉200gと卵2個を混ぜます。30分寝かせてから焼きます。", "買い物リスト\n牛乳\n卵\nパン\n"],
    ids=["recipe", "list"],
)
def test_japanese_text_that_is_not_a_readout_is_refused(text):
    with pytest.raises(ReadoutError, match="does not look like a meeting readout"):
        parse_readout(text)
