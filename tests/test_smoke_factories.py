from meetings.models import Commitment
from tests.factories import CommitmentFactory, RequestFactory


def test_factories_make_a_joint_commitment_and_a_request(db):
    joint = CommitmentFactory()
    request = RequestFactory(meeting=joint.meeting)
    assert sorted(p.code for p in joint.responsible.all()) == ["CN", "JP"]
    assert [p.code for p in request.responsible.all()] == ["CN"]
    assert request.requested_by.code == "JP"
    assert Commitment.objects.open().count() == 2
