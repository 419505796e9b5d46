"""A Japanese readout from upload through review to confirmed commitments, in a real browser
whose language is Japanese (the fixtures are the staff web app's: tests/test_browser_web.py)."""

from pathlib import Path

import pytest

from meetings.models import Commitment, Meeting
from meetings.status import Review
from tests.test_browser_web import PASSWORD, browser_page, chromium, demo  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

READOUT = (
    Path(__file__).resolve().parent
    / "readouts"
    / "dev"
    / "jp-ja-2020-07-29-japan-china-fm-telephone.txt"
)


@pytest.fixture
def japanese_page(browser_page):  # noqa: F811 - the fixture imported above
    """The browser's page, asking for Japanese."""
    browser_page.context.set_extra_http_headers({"Accept-Language": "ja"})
    return browser_page


def log_in_in_japanese(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_a_manager_imports_reviews_and_confirms_a_japanese_readout(japanese_page):
    page = japanese_page
    log_in_in_japanese(page, "demo-manager")

    page.goto("/meetings/import/")
    page.get_by_label("または会談概要を貼り付け").fill(READOUT.read_text(encoding="utf-8"))
    page.get_by_role("button", name="会談概要を読み取る").click()

    page.locator("#proposals-heading").wait_for()
    assert page.get_by_label("日付").input_value() == "2020-07-29"
    draft = Meeting.objects.get(review=Review.DRAFT)
    proposals = page.locator("article.proposal")
    assert proposals.count() == draft.commitments.count() >= 3
    assert "往来の再開に向けた調整" in page.locator("#review-form").inner_text()
    page.get_by_role("button", name="確定して公開").click()

    page.get_by_role("heading", name="本会談での合意事項").wait_for()
    meeting = Meeting.objects.get(pk=draft.pk)
    assert meeting.review == Review.CONFIRMED
    confirmed = Commitment.objects.filter(meeting=meeting, review=Review.CONFIRMED)
    assert confirmed.count() == draft.commitments.count()
    made_here = page.locator("ol.commitments").inner_text()
    assert all(c.title in made_here for c in confirmed)
    assert "中国" in page.locator("dl.facts").inner_text()

    page.goto("/counterparts/CN/briefing/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert "中国" in heading
    assert "China" not in heading
    assert confirmed.first().title in page.locator("article.briefing").inner_text()
