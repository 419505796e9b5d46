"""Names in both languages: parties, people, topics, mechanisms and divisions carry an English
and a Japanese name; pages show the page language's, the API both by field, the admin and the
API accept both, and a readout names the same person in either language."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from meetings import services
from meetings.importing.parser import parse_readout
from meetings.models import Division, Mechanism, Party, Person, Topic
from tests.conftest import forget_cached_reads
from tests.factories import CommitmentFactory, MeetingFactory, PartyFactory, PersonFactory

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

JAPANESE = {"HTTP_ACCEPT_LANGUAGE": "ja"}


@pytest.fixture
def named(db):
    """China with both its names, a commitment filed under a topic and a mechanism with both
    names, owned by a division with both names."""
    china = services.save_reference(
        record=Party.objects.get_or_create(code="CN", defaults={"name": "China"})[0],
        fields={"name": "China", "name_ja": "中国"},
    )
    japan = services.save_reference(
        record=Party.objects.get_or_create(code="JP", defaults={"name": "Japan"})[0],
        fields={"name": "Japan", "name_ja": "日本"},
    )
    topic = services.save_reference(
        record=Topic(), fields={"name": "Security", "name_ja": "安全保障", "slug": "security"}
    )
    mechanism = services.save_reference(
        record=Mechanism(),
        fields={"name": "Japan-China Security Dialogue", "name_ja": "日中安全保障対話"},
    )
    division = services.save_reference(
        record=Division(),
        fields={
            "name": "China and Mongolia Division",
            "name_ja": "中国・モンゴル第一課",
            "code": "CMD",
        },
    )
    meeting = MeetingFactory(parties=[japan, china])
    commitment = CommitmentFactory(
        meeting=meeting, mechanism=mechanism, owner=division, topics=[topic]
    )
    return {"china": china, "topic": topic, "mechanism": mechanism, "commitment": commitment}


def test_the_japanese_briefing_says_chugoku_not_china(viewer_client, named):
    response = viewer_client.get(reverse("briefing", args=["CN"]), **JAPANESE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "中国" in html
    assert "日中安全保障対話" in html
    assert "安全保障" in html
    assert "China" not in html.split("<main", 1)[-1].split("</h1>")[0]


def test_the_english_briefing_says_china(viewer_client, named):
    response = viewer_client.get(reverse("briefing", args=["CN"]))

    html = response.content.decode()
    assert "Open commitments with China" in html
    assert "Japan-China Security Dialogue" in html


def test_a_list_row_shows_the_topic_and_parties_in_the_page_language(viewer_client, named):
    english = viewer_client.get(reverse("commitment-list")).content.decode()
    japanese = viewer_client.get(reverse("commitment-list"), **JAPANESE).content.decode()

    assert '<span class="tag">Security</span>' in english
    assert '<span class="tag">安全保障</span>' in japanese
    assert '<abbr title="中国">CN</abbr>' in japanese
    assert '<abbr title="China">CN</abbr>' in english


def test_the_list_filters_offer_names_in_the_page_language(viewer_client, named):
    response = viewer_client.get(reverse("commitment-list"), **JAPANESE)

    html = response.content.decode()
    assert ">日中安全保障対話</option>" in html
    assert ">中国・モンゴル第一課</option>" in html


def test_the_dashboard_counts_by_counterpart_in_the_page_language(viewer_client, named):
    response = viewer_client.get(reverse("dashboard"), **JAPANESE)

    assert response.status_code == 200
    assert {row["name"] for row in response.context["figures"]["by_counterpart"]} == {"中国"}


def test_a_commitment_and_meeting_page_name_parties_in_the_page_language(viewer_client, named):
    commitment = named["commitment"]

    detail = viewer_client.get(commitment.get_absolute_url(), **JAPANESE).content.decode()
    meeting = viewer_client.get(commitment.meeting.get_absolute_url(), **JAPANESE)

    assert "中国" in detail
    assert "日中安全保障対話" in detail
    assert "中国" in meeting.content.decode()


def test_the_csv_gives_the_mechanism_in_the_page_language(viewer_client, named):
    response = viewer_client.get(reverse("commitment-export"), **JAPANESE)

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "日中安全保障対話" in body


def test_a_name_changed_through_the_services_shows_at_once(cache_on, viewer_client, named):
    """With a real cache: the rows drawn before the change are keyed by the REFERENCE scope,
    which ``save_reference`` moves."""
    viewer_client.get(reverse("commitment-list"), **JAPANESE)

    services.save_reference(record=named["topic"], fields={"name_ja": "安保"})

    html = viewer_client.get(reverse("commitment-list"), **JAPANESE).content.decode()
    assert '<span class="tag">安保</span>' in html


def test_a_name_without_its_japanese_shows_the_english_one(viewer_client, db):
    party = PartyFactory(code="KR", name="Republic of Korea")
    MeetingFactory(parties=[PartyFactory(code="JP"), party])
    forget_cached_reads()

    response = viewer_client.get(reverse("briefing", args=["KR"]), **JAPANESE)

    assert "Republic of Korea" in response.content.decode()


# The API: both names, by field ----------------------------------------------------------------


def test_the_api_gives_both_names_by_field(viewer_api, named):
    party = viewer_api.get("/api/v1/parties/").json()
    commitment = viewer_api.get(f"/api/v1/commitments/{named['commitment'].pk}/").json()

    china = next(row for row in party["results"] if row["code"] == "CN")
    assert (china["name"], china["name_ja"]) == ("China", "中国")
    assert commitment["mechanism"]["name_ja"] == "日中安全保障対話"
    assert commitment["owner"]["name_ja"] == "中国・モンゴル第一課"


@pytest.mark.parametrize(
    "path, body",
    [
        ("/api/v1/parties/", {"code": "KR", "name": "Republic of Korea", "name_ja": "韓国"}),
        ("/api/v1/topics/", {"name": "Visits", "name_ja": "要人往来", "slug": "visits"}),
        (
            "/api/v1/divisions/",
            {"name": "Northeast Asia Division", "name_ja": "北東アジア第一課", "code": "NEAD"},
        ),
        (
            "/api/v1/mechanisms/",
            {"name": "Japan-ROK Strategic Dialogue", "name_ja": "日韓戦略対話"},
        ),
    ],
)
def test_the_api_accepts_both_names(manager_api, path, body):
    response = manager_api.post(path, body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["name_ja"] == body["name_ja"]


def test_the_api_accepts_a_persons_japanese_name(manager_api, db):
    PartyFactory(code="JP")

    response = manager_api.post(
        "/api/v1/people/",
        {"name": "KAMIKAWA Yoko", "name_ja": "上川陽子", "party": "JP"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Person.objects.get().name_ja == "上川陽子"


def test_the_api_refuses_a_japanese_name_too_long(manager_api, db):
    response = manager_api.post(
        "/api/v1/topics/",
        {"name": "Visits", "name_ja": "長" * 201, "slug": "visits"},
        format="json",
    )

    assert response.status_code == 400
    assert "name_ja" in response.json()


# The admin ------------------------------------------------------------------------------------


def test_the_admin_saves_a_partys_japanese_name(manager_client, db):
    response = manager_client.post(
        reverse("admin:meetings_party_add"),
        {"code": "AU", "name": "Australia", "name_ja": "豪州", "kind": "state"},
    )

    assert response.status_code == 302
    assert Party.objects.get(code="AU").name_ja == "豪州"


def test_the_admin_finds_a_person_by_the_japanese_name(manager_client, db):
    PersonFactory(name="KAMIKAWA Yoko", name_ja="上川陽子", party=PartyFactory(code="JP"))

    response = manager_client.get(reverse("admin:meetings_person_changelist"), {"q": "上川"})

    assert response.status_code == 200
    assert "KAMIKAWA Yoko" in response.content.decode()


# Readouts name the same person in either language ---------------------------------------------


def test_a_person_known_in_english_is_the_same_person_in_a_japanese_readout(db):
    japan = PartyFactory(code="JP")
    known = PersonFactory(name="KAMIKAWA Yoko", name_ja="上川陽子", party=japan)

    assert services.person_named("上川陽子", japan) == known
    assert services.person_named("Yoko Kamikawa", japan) == known
    assert services.person_named("KAMIKAWA Yoko", japan) == known
    assert Person.objects.count() == 1


def test_a_person_first_read_in_japanese_keeps_the_japanese_name(db):
    china = PartyFactory(code="CN")

    person = services.person_named("王毅", china)

    assert (person.name, person.name_ja) == ("王毅", "王毅")


def test_a_japanese_readout_attends_the_people_recorded_in_english(db):
    japan, china = PartyFactory(code="JP"), PartyFactory(code="CN")
    motegi = PersonFactory(name="MOTEGI Toshimitsu", name_ja="茂木敏充", party=japan)
    wang = PersonFactory(name="Wang Yi", name_ja="王毅", party=china)
    text = (
        "日中外相会談\n\n令和2年11月24日\n\n"
        "11月24日、午後4時から約2時間、茂木敏充外務大臣は、王毅中国国務委員兼外交部長と"
        "日中外相会談を行ったところ、概要は以下のとおりです。\n\n"
        "1 両外相は、日中ハイレベル経済対話を開催することで一致しました。\n"
    )

    meeting = services.store_draft(parsed=parse_readout(text), readout=text)

    assert set(meeting.attendances.values_list("person", flat=True)) == {motegi.pk, wang.pk}
    assert Person.objects.count() == 2


def test_a_new_party_gets_its_japanese_name_from_the_vocabulary(db):
    party = services.party_for_code("KR")

    assert (party.name, party.name_ja) == ("ROK", "韓国")


def test_the_demo_data_holds_both_names(db):
    call_command("seed_demo", force=True, as_of=datetime.date(2024, 1, 1), stdout=io.StringIO())

    assert Party.objects.get(code="CN").name_ja == "中国"
    assert Topic.objects.get(slug="security").name_ja == "安全保障"
    assert Mechanism.objects.get(name="Japan-China Security Dialogue").name_ja == "日中安全保障対話"
    assert Division.objects.get(code="CMD").name_ja
    assert Person.objects.get(name="KAMIKAWA Yoko").name_ja == "上川陽子"
    assert not Party.objects.filter(name_ja="").exists()
    assert not Topic.objects.filter(name_ja="").exists()
