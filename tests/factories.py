"""Factories for the tracker's records. Tests say only what matters to them."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from meetings.importing.records import text_hash
from meetings.models import (
    Attendance,
    Commitment,
    Division,
    Mechanism,
    Meeting,
    Party,
    Person,
    Readout,
    ReadoutExcerpt,
    Topic,
    Update,
)
from meetings.status import Kind, MeetingKind, Status


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            from meetings.services import set_role

            set_role(user=self, role=extracted)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ["code"]

    code = "CN"
    name = factory.LazyAttribute(
        lambda party: {
            "JP": "Japan",
            "CN": "China",
            "KR": "Republic of Korea",
            "US": "United States",
        }.get(party.code, f"Party {party.code}")
    )


def home_party() -> Party:
    return PartyFactory(code="JP")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"SPEAKER Number{n}")
    party = factory.SubFactory(PartyFactory)


class MechanismFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mechanism
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Japan-China Dialogue No. {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Division {n}")
    code = factory.Sequence(lambda n: f"DIV{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    """A confirmed meeting between Japan and China, unless ``parties=[...]`` says otherwise."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title = "Japan-China Foreign Ministers' Meeting"
    kind = MeetingKind.FOREIGN_MINISTERS
    held_on = datetime.date(2023, 11, 25)
    place = "Busan"

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create:
            self.parties.set(extracted or [home_party(), PartyFactory(code="CN")])

    @factory.post_generation
    def readout(self, create, extracted, **kwargs):
        """``readout="..."`` (and ``readout__source_url``): its first readout, ours."""
        if create and (extracted or kwargs.get("source_url")):
            ReadoutFactory(meeting=self, text=extracted or "", **kwargs)


class ReadoutFactory(factory.django.DjangoModelFactory):
    """A readout of a meeting, ours in English unless ``publisher`` and ``language`` say
    otherwise."""

    class Meta:
        model = Readout

    meeting = factory.SubFactory(MeetingFactory)
    publisher = factory.LazyFunction(home_party)
    language = "en"
    text = "Foreign Minister Kamikawa held a meeting with Mr. Wang Yi."
    text_hash = factory.LazyAttribute(lambda r: text_hash(r.text))
    order = factory.LazyAttribute(lambda r: r.meeting.readouts.count())


class ExcerptFactory(factory.django.DjangoModelFactory):
    """A paragraph of a readout that reports a commitment."""

    class Meta:
        model = ReadoutExcerpt

    readout = factory.SubFactory(ReadoutFactory)
    commitment = factory.SubFactory(
        "tests.factories.CommitmentFactory", meeting=factory.SelfAttribute("..readout.meeting")
    )
    paragraph = "3"
    text = factory.LazyAttribute(lambda e: e.commitment.text)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    party = factory.SelfAttribute("person.party")
    title = "Foreign Minister"


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A confirmed, open, joint commitment of both parties to its meeting."""

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    paragraph = "3"
    title = factory.Sequence(lambda n: f"Hold dialogue number {n} at an early date")
    text = factory.LazyAttribute(
        lambda c: f"The two Ministers shared the view to {c.title.lower()}."
    )
    kind = Kind.JOINT
    status = Status.OPEN

    @factory.post_generation
    def responsible(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is not None:
            self.responsible.set(extracted)
        else:
            self.responsible.set(self.meeting.parties.all())

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class RequestFactory(CommitmentFactory):
    """Japan asked the counterpart to act."""

    kind = Kind.REQUEST
    requested_by = factory.LazyFunction(home_party)
    title = factory.Sequence(lambda n: f"Release detained nationals, case {n}")

    @factory.post_generation
    def responsible(self, create, extracted, **kwargs):
        if not create:
            return
        self.responsible.set(extracted or self.meeting.parties.exclude(code="JP"))


class UpdateFactory(factory.django.DjangoModelFactory):
    """A raw timeline entry. Tests of behaviour record updates through the service instead."""

    class Meta:
        model = Update

    commitment = factory.SubFactory(CommitmentFactory)
    happened_on = factory.LazyAttribute(lambda u: u.commitment.meeting.held_on)
    previous_status = factory.LazyAttribute(lambda u: u.commitment.status)
    note = "Raised again at working level."
    author = factory.SubFactory(UserFactory)


def role_group(name: str) -> Group:
    return Group.objects.get(name=name)
