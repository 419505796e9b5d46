"""The briefing on paper: a PDF of the briefing page, in the page's language.

Each PDF is parsed back (pypdf): its text holds the counterpart, the commitments with their
expected-by dates, overdue marks, owners, assignees and who must act, "as of" the day on every
page, page numbers, and Japanese set in a Japanese font when the page is asked in Japanese.
"""

import datetime
import io
import os
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings.web import pdf
from tests.factories import (
    CommitmentFactory,
    DivisionFactory,
    MeetingFactory,
    PartyFactory,
    RequestFactory,
    TopicFactory,
    UpdateFactory,
    UserFactory,
    home_party,
)

pytestmark = pytest.mark.django_db

JAPANESE = {"HTTP_ACCEPT_LANGUAGE": "ja"}
# Session, user and permissions, the counts (cached), the page's ids, the rows, their last
# updates (two), topics, who must act, which sides report them (two): measured with 1 and 60
# rows alike.
PDF_CEILING = 15


@pytest.fixture
def china(db):
    home_party()
    party = PartyFactory(code="CN")
    party.name_ja = "中国"
    party.save()
    return party


@pytest.fixture
def desk(db):
    division = DivisionFactory(code="CHN", name="China and Mongolia Division")
    division.name_ja = "中国・モンゴル第一課"
    division.save()
    return division


@pytest.fixture
def overdue_request(china, desk):
    """Asked of China, due a year ago, owned by the China desk and assigned to a person."""
    topic = TopicFactory(slug="consular", name="Consular cases")
    topic.name_ja = "領事"
    topic.save()
    return RequestFactory(
        title="Release the detained Japanese nationals early",
        due_on=timezone.localdate() - datetime.timedelta(days=365),
        owner=desk,
        assignee=UserFactory(username="sato-desk"),
        topics=[topic],
    )


def pdf_of(client, code: str = "CN", **headers) -> tuple[PdfReader, list[str]]:
    response = client.get(reverse("briefing-pdf", args=[code]), **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, [page.extract_text() for page in reader.pages]


def font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            for descendant in font.get("/DescendantFonts", []):
                names.add(str(descendant.get_object()["/BaseFont"]))
    return names


def words(text: str) -> str:
    """Text as the PDF lays it out, with line breaks as spaces."""
    return " ".join(text.split())


def test_the_briefing_page_links_to_its_pdf(viewer_client, china):
    response = viewer_client.get(reverse("briefing", args=["CN"]))
    assert reverse("briefing-pdf", args=["CN"]).encode() in response.content
    assert b"Download PDF" in response.content


def test_the_pdf_carries_each_commitment_with_its_dates_owner_and_who_must_act(
    viewer_client, overdue_request
):
    reader, pages = pdf_of(viewer_client)
    text = words(" ".join(pages))
    assert len(reader.pages) == 1
    assert "Open commitments with China" in text
    assert "Release the detained Japanese nationals early" in text
    assert "overdue" in text
    expected_by = overdue_request.expected_by
    assert f"{expected_by.day} {expected_by:%b %Y} overdue" in text
    assert "China and Mongolia Division" in text
    assert "sato-desk" in text
    assert "Who must act: CN" in text
    assert f"As of {timezone.localdate():%-d %B %Y}" in text
    assert "1 / 1" in text


def test_the_pdf_is_an_attachment_that_no_cache_keeps(viewer_client, china):
    response = viewer_client.get(reverse("briefing-pdf", args=["cn"]))
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="briefing-CN-{today}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_long_briefing_numbers_its_pages_and_says_as_of_on_each(viewer_client, china, desk):
    meeting = MeetingFactory()
    for i in range(60):
        c = CommitmentFactory(meeting=meeting, title=f"Hold working-level talks round {i}")
        UpdateFactory(commitment=c, note="Raised again at working level; no date agreed yet.")
    _, pages = pdf_of(viewer_client)
    assert len(pages) >= 2
    as_of = f"As of {timezone.localdate():%-d %B %Y}"
    for number, page in enumerate(pages, start=1):
        text = words(page)
        assert f"{number} / {len(pages)}" in text
        assert as_of in text
        assert "Briefing: China" in text
    everything = words(" ".join(pages))
    assert all(f"Hold working-level talks round {i}" in everything for i in range(60))


@pytest.fixture
def japanese_fonts():
    """The IPA fonts (apt-get install fonts-ipafont-gothic): skipped locally without them,
    required in CI (REQUIRE_JAPANESE_FONTS=1)."""
    fc_list = shutil.which("fc-list")
    listed = subprocess.run([fc_list], capture_output=True, text=True).stdout if fc_list else ""
    if "IPAPGothic" not in listed:
        message = "the IPA fonts are not installed (apt-get install fonts-ipafont-gothic)"
        if os.environ.get("REQUIRE_JAPANESE_FONTS"):
            pytest.fail(message)
        pytest.skip(message)


def test_asked_in_japanese_the_pdf_is_in_japanese_set_in_a_japanese_font(
    viewer_client, overdue_request, japanese_fonts
):
    reader, pages = pdf_of(viewer_client, **JAPANESE)
    text = "".join(" ".join(pages).split())  # Japanese wraps anywhere, with no spaces
    assert "中国" in text
    assert "期限超過" in text  # overdue
    assert "中国・モンゴル第一課" in text
    assert "実施主体" in text  # who must act
    assert "ReleasethedetainedJapanesenationalsearly" in text  # titles are as recorded
    fonts = font_names(reader)
    assert any("IPA" in name for name in fonts), fonts


def test_an_unknown_counterpart_has_no_pdf(viewer_client, china):
    assert viewer_client.get(reverse("briefing-pdf", args=["ZZ"])).status_code == 404
    assert viewer_client.get(reverse("briefing-pdf", args=["JP"])).status_code == 404


def test_a_title_shaped_like_markup_is_printed_as_text(viewer_client, china):
    CommitmentFactory(title='<img src="http://127.0.0.1:9/x.png"> Restart the talks')
    _, pages = pdf_of(viewer_client)
    printed = "".join(" ".join(pages).split())  # a long word wraps anywhere
    assert '<imgsrc="http://127.0.0.1:9/x.png">Restartthetalks' in printed


@pytest.fixture
def listener():
    """A real HTTP server on loopback that notes every path asked of it."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red; }")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()
    server.server_close()


def test_the_pdf_renderer_fetches_nothing_the_html_names(listener):
    """Whatever reaches the document, no image, stylesheet or font is fetched: not from the
    network, not from a file."""
    url, asked = listener
    html = (
        f'<link rel="stylesheet" href="{url}/sheet.css">'
        f'<style>@font-face {{ font-family: x; src: url("{url}/font.ttf"); }}</style>'
        f'<p>Restart the talks<img src="{url}/image.png"><img src="file:///etc/passwd"></p>'
    )
    document = pdf.render(html, base_url=f"{url}/")
    assert document.startswith(b"%PDF")
    assert "Restart the talks" in PdfReader(io.BytesIO(document)).pages[0].extract_text()
    assert asked == []


@pytest.mark.parametrize("rows", [1, 60])
def test_the_pdf_reads_a_bounded_number_of_queries(
    viewer_client, china, desk, rows, django_assert_max_num_queries
):
    meeting = MeetingFactory()
    for i in range(rows):
        c = CommitmentFactory(meeting=meeting, owner=desk, topics=[TopicFactory(slug=f"t{i}")])
        UpdateFactory(commitment=c)
    with django_assert_max_num_queries(PDF_CEILING):
        reader, _ = pdf_of(viewer_client)
    assert len(reader.pages) >= 1
