"""Property-based run of the whole API against its own live schema (schemathesis).

Every operation of ``/api/schema/`` gets generated requests, valid and invalid, sent over HTTP to
the live server as a manager (who may call every operation). No answer may be a server error,
and every answer must be documented: its status code, its content type and its body's shape.

Run it alone with ``pytest tests/test_schemathesis_api.py``; ``SCHEMATHESIS_MAX_EXAMPLES``
(default 200 valid and 200 invalid requests) bounds it to about a minute in CI; raise it
for a deeper run.
"""

import datetime
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from meetings import services
from meetings.status import Effect
from tests.factories import (
    AttendanceFactory,
    CommitmentFactory,
    DivisionFactory,
    MechanismFactory,
    MeetingFactory,
    PersonFactory,
    RequestFactory,
    TopicFactory,
    home_party,
)

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "200"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
    unsupported_method,
]


@pytest.fixture
def api_token(django_db_serialized_rollback, transactional_db, manager, editor) -> str:
    """A manager's token, over a small desk so that ids and codes in requests can hit rows."""
    mechanism = MechanismFactory(name="Japan-China Security Dialogue")
    busan = MeetingFactory(mechanism=mechanism)
    AttendanceFactory(meeting=busan, person=PersonFactory(name="KAMIKAWA Yoko", party=home_party()))
    commitment = CommitmentFactory(
        meeting=busan,
        target="at an early date",
        topics=[TopicFactory(slug="security", name="Security")],
        mechanism=mechanism,
        owner=DivisionFactory(code="CMD"),
        assignee=editor,
    )
    RequestFactory(meeting=busan)
    services.record_update(
        commitment=commitment,
        author=editor,
        meeting=MeetingFactory(held_on=datetime.date(2024, 12, 25)),
        effect=Effect.REAFFIRMED,
        note="Agreed again.",
        happened_on=datetime.date(2024, 12, 25),
    )
    return services.create_api_token(user=manager, name="schemathesis")[1]


def test_no_generated_request_breaks_the_api_or_its_schema(live_server, api_token):
    # schemathesis' own pytest loader (from_fixture) does not run under pytest 9 yet, so this
    # drives its Python API: Hypothesis draws requests for any operation, valid ones first,
    # then invalid ones, each run bounded by MAX_EXAMPLES.
    auth = {"Authorization": f"Token {api_token}", "Connection": "close"}
    api = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/", headers=auth)
    # Revoking the token would leave the rest of the run anonymous; the tests cover it.
    api = api.exclude(method="DELETE", path="/api/v1/auth/token/")
    seen: set[str] = set()

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @given(case=api.as_strategy(generation_mode=mode))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],
        )
        def run(case):
            seen.add(f"{case.method} {case.path}")
            case.call_and_validate(base_url=live_server.url, headers=auth, checks=CHECKS)

        run()

    print(f"schemathesis reached {len(seen)} operations")
    assert len(seen) >= 25, sorted(seen)  # most operations were reached
