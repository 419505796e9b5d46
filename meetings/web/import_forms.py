"""Forms for importing a readout: the upload, and the review of what the parser proposed.

The review page shows one form per draft commitment, so every choice list (parties, topics,
divisions, mechanisms) is read once into ``Choices`` and shared: the page's query count does
not grow with the number of proposals, and validating a row asks the database nothing.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings import services
from meetings.importing import matching
from meetings.importing.parser import ParsedReadout, ReadoutError, decode_readout, parse_readout
from meetings.models import Commitment, Division, Mechanism, Meeting, Party, Topic
from meetings.status import Effect, Kind, MeetingKind, Move, check_move, requester_error

MAX_READOUT_BYTES = 1024 * 1024


class ReadoutUploadForm(forms.Form):
    """A readout as a .txt file or pasted text, read by the parser before anything is stored."""

    file = forms.FileField(
        label=_("Readout file"),
        required=False,
        help_text=_("A plain-text (.txt) file saved as UTF-8, at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    text = forms.CharField(
        label=_("Or paste the readout"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "maxlength": MAX_READOUT_BYTES}),
        help_text=_("Everything from the page title to the last numbered paragraph."),
    )
    source_url = forms.URLField(
        label=_("Source URL"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Where the readout was published; used to notice a second import, and to date a "
            "readout that prints no year."
        ),
    )

    publisher = forms.ChoiceField(
        label=_("Published by"),
        required=False,
        help_text=_(
            "Whose account this is; left blank, the side whose voice the readout speaks in."
        ),
    )
    intent = forms.CharField(required=False, widget=forms.HiddenInput)

    parsed: ParsedReadout | None = None
    readout: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = {str(p.pk): p for p in Party.objects.order_by("code")}
        self.fields["publisher"].choices = [
            ("", _("— as read —")),
            *((pk, f"{p.code} – {p}") for pk, p in self.parties.items()),
        ]

    def chosen_publisher(self) -> Party | None:
        return self.parties.get(self.cleaned_data.get("publisher") or "")

    # Set by the view when the request body was refused for its size before it was read.
    too_big = False

    def clean(self):
        cleaned = super().clean()
        if self.too_big:
            self.add_error(
                "text",
                _("The readout is over 1 MB, too big to send; a readout is much shorter."),
            )
            return cleaned
        upload, pasted = cleaned.get("file"), cleaned.get("text") or ""
        if self.errors:
            return cleaned
        if upload and pasted.strip():
            raise ValidationError(
                _("Give the readout once: upload a file or paste the text, not both."),
                code="both",
            )
        if upload:
            field = "file"
            if upload.size > MAX_READOUT_BYTES:
                self.add_error(
                    field,
                    _("The file is %(size)s KB; a readout is at most 1 MB (1024 KB).")
                    % {"size": upload.size // 1024},
                )
                return cleaned
            try:
                text = decode_readout(upload.read())
            except ReadoutError as error:
                self.add_error(field, str(error))
                return cleaned
        elif pasted.strip():
            field = "text"
            if len(pasted.encode("utf-8")) > MAX_READOUT_BYTES:
                self.add_error(field, _("The text is over 1 MB; a readout is much shorter."))
                return cleaned
            text = pasted
        else:
            self.add_error(
                "text",
                _("The readout is missing: upload a .txt file or paste its text here."),
            )
            return cleaned
        try:
            self.parsed = parse_readout(
                text,
                home_party=settings.HOME_PARTY,
                source_url=cleaned.get("source_url") or "",
            )
        except ReadoutError as error:
            self.add_error(field, str(error))
            return cleaned
        self.readout = text
        return cleaned


# Review ---------------------------------------------------------------------------------------


@dataclass
class Choices:
    """The choice lists of the review page, read once per request."""

    parties: dict[str, Party]
    mechanisms: dict[str, Mechanism]
    divisions: dict[str, Division]
    topics: dict[str, Topic]

    @classmethod
    def load(cls) -> "Choices":
        return cls(
            parties={str(p.pk): p for p in Party.objects.order_by("code")},
            mechanisms={str(m.pk): m for m in Mechanism.objects.order_by("name")},
            divisions={str(d.pk): d for d in Division.objects.order_by("name")},
            topics={str(t.pk): t for t in Topic.objects.order_by("name")},
        )

    def party_choices(self, blank: bool = False) -> list[tuple[str, str]]:
        rows = [(pk, f"{p.code} – {p}") for pk, p in self.parties.items()]
        return [("", _("— none —")), *rows] if blank else rows

    def mechanism_choices(self) -> list[tuple[str, str]]:
        return [("", _("— none —")), *((pk, str(m)) for pk, m in self.mechanisms.items())]

    def division_choices(self) -> list[tuple[str, str]]:
        return [("", _("— none —")), *((pk, str(d)) for pk, d in self.divisions.items())]

    def topic_choices(self) -> list[tuple[str, str]]:
        return [(pk, str(t)) for pk, t in self.topics.items()]


def _pk(obj) -> str:
    return str(obj.pk) if obj is not None else ""


class DraftMeetingForm(forms.Form):
    """The proposed meeting's particulars, as the reviewer corrects them. The date may stay
    empty while the draft is saved (a readout that prints none); confirming needs it."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed to confirm."),
    )
    start_time = forms.TimeField(
        label=_("Start time (local)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1, max_value=24 * 60 * 7
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    occasion = forms.CharField(
        label=_("Occasion"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    mechanism = forms.ChoiceField(label=_("Mechanism"), required=False)
    parties = forms.MultipleChoiceField(label=_("Parties"), widget=forms.CheckboxSelectMultiple)
    create_mechanisms = forms.MultipleChoiceField(
        label=_("Mechanisms the readout names that are not recorded"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick one to record it as a new mechanism; left unticked, nothing is created "
            "(choose a recorded mechanism above instead)."
        ),
    )

    def __init__(
        self,
        *args,
        meeting: Meeting,
        choices: Choices,
        unmatched_mechanisms: list[str] = (),
        **kwargs,
    ):
        kwargs["initial"] = {
            "title": meeting.title,
            "kind": meeting.kind,
            "held_on": meeting.held_on,
            "start_time": meeting.start_time,
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "occasion": meeting.occasion,
            "mechanism": _pk(meeting.mechanism),
            "parties": [str(p.pk) for p in meeting.parties.all()],
        }
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["mechanism"].choices = choices.mechanism_choices()
        self.fields["parties"].choices = choices.party_choices()
        self.fields["create_mechanisms"].choices = [(name, name) for name in unmatched_mechanisms]
        if not unmatched_mechanisms:
            del self.fields["create_mechanisms"]

    def mechanisms_to_create(self) -> list[str]:
        return list(self.cleaned_data.get("create_mechanisms") or [])

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "held_on": data["held_on"],
            "start_time": data["start_time"],
            "duration_minutes": data["duration_minutes"],
            "place": data["place"],
            "occasion": data["occasion"],
            "mechanism": self.choices.mechanisms.get(data["mechanism"]),
        }

    def chosen_parties(self) -> list[Party]:
        return [self.choices.parties[pk] for pk in self.cleaned_data["parties"]]


# What a reviewer makes of a draft that repeats an open commitment (``matching.Repeat``).
REAFFIRM, NEW_REAFFIRMING, SEPARATE = "reaffirm", "new", "separate"


class DraftCommitmentForm(forms.Form):
    """One proposed commitment: accept or reject it, and correct what the parser proposed.

    A rejected row is not checked (it will be deleted), so only accepted rows must be complete.
    """

    draft = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    accept = forms.BooleanField(label=_("Accept"), required=False)
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    requested_by = forms.ChoiceField(
        label=_("Requested by"), required=False, help_text=_("For a request: the side that asked.")
    )
    responsible = forms.MultipleChoiceField(
        label=_("Responsible"), required=False, widget=forms.CheckboxSelectMultiple
    )
    continuing = forms.BooleanField(
        label=_("Continuing (reviewed, never fulfilled)"), required=False
    )
    target = forms.CharField(label=_("Target, as said"), required=False, max_length=200)
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    owner = forms.ChoiceField(label=_("Owner (division)"), required=False)
    mechanism = forms.ChoiceField(label=_("Mechanism"), required=False)
    first_part = forms.CharField(
        label=_("To split: the first part of its text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Copy the words the first commitment ends with; the rest becomes another."),
    )

    def __init__(
        self,
        *args,
        commitment: Commitment,
        choices: Choices,
        accepted: bool = True,
        repeat: matching.Repeat | None = None,
        repeat_choice: str = REAFFIRM,
        **kwargs,
    ):
        kwargs["initial"] = {
            "draft": commitment.pk,
            "version": commitment.version,
            "accept": accepted,
            "title": commitment.title,
            "kind": commitment.kind,
            "requested_by": _pk(commitment.requested_by),
            "responsible": [str(p.pk) for p in commitment.responsible.all()],
            "continuing": commitment.continuing,
            "target": commitment.target,
            "due_on": commitment.due_on,
            "topics": [str(t.pk) for t in commitment.topics.all()],
            "owner": _pk(commitment.owner),
            "mechanism": _pk(commitment.mechanism),
        }
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.choices = choices
        self.fields["requested_by"].choices = choices.party_choices(blank=True)
        self.fields["responsible"].choices = choices.party_choices()
        self.fields["topics"].choices = choices.topic_choices()
        self.fields["owner"].choices = choices.division_choices()
        self.fields["mechanism"].choices = choices.mechanism_choices()
        self.repeat = repeat
        if repeat is not None:
            number = repeat.commitment.pk
            self.fields["repeats"] = forms.ChoiceField(
                label=_("It repeats #%(pk)s") % {"pk": number},
                choices=[
                    (
                        REAFFIRM,
                        _("Record it as #%(pk)s reaffirmed at this meeting") % {"pk": number},
                    ),
                    (
                        NEW_REAFFIRMING,
                        _("Make it a new commitment that reaffirms #%(pk)s") % {"pk": number},
                    ),
                    (
                        SEPARATE,
                        _("Make it a new commitment, unrelated to #%(pk)s") % {"pk": number},
                    ),
                ],
                initial=repeat_choice,
                widget=forms.RadioSelect,
            )

    def reaffirmation(self) -> "services.Reaffirmation | None":
        choice = self.cleaned_data.get("repeats")
        if self.repeat is None or choice not in (REAFFIRM, NEW_REAFFIRMING):
            return None
        return services.Reaffirmation(
            draft=self.commitment,
            commitment=self.repeat.commitment,
            as_new=choice == NEW_REAFFIRMING,
        )

    def clean_draft(self) -> int:
        draft = self.cleaned_data["draft"]
        if draft != self.commitment.pk:
            raise ValidationError(_("This row no longer matches the stored proposal."))
        return draft

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("accept"):
            return cleaned
        if not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Give the accepted commitment a short title."))
        if not cleaned.get("responsible"):
            self.add_error("responsible", _("Choose at least one party that must act."))
        wrong_requester = requester_error(
            kind=cleaned.get("kind"), has_requester=bool(cleaned.get("requested_by"))
        )
        if wrong_requester and cleaned.get("kind"):
            self.add_error("requested_by", wrong_requester)
        return cleaned

    def edit(self) -> services.DraftEdit:
        data = self.cleaned_data
        kind = data["kind"]
        return services.DraftEdit(
            commitment=self.commitment,
            fields={
                "title": data["title"].strip() or self.commitment.title,
                "kind": kind,
                "requested_by": (
                    self.choices.parties.get(data["requested_by"]) if kind == Kind.REQUEST else None
                ),
                "continuing": data["continuing"],
                "target": data["target"],
                "due_on": data["due_on"],
                "owner": self.choices.divisions.get(data["owner"]),
                "mechanism": self.choices.mechanisms.get(data["mechanism"]),
            },
            responsible=[self.choices.parties[pk] for pk in data["responsible"]],
            topics=[self.choices.topics[pk] for pk in data["topics"]],
            version=data["version"],
        )


class BaseDraftFormSet(forms.BaseFormSet):
    """One form per draft, in reading order; a draft merged or split elsewhere is noticed."""

    def __init__(
        self,
        *args,
        drafts,
        choices: Choices,
        rejected: set[int] = frozenset(),
        repeats: dict[int, matching.Repeat] | None = None,
        repeat_choices: dict[str, str] | None = None,
        **kw,
    ):
        self.drafts = drafts
        self.choices = choices
        self.rejected = rejected
        self.repeats = repeats or {}
        self.repeat_choices = repeat_choices or {}
        kw.setdefault("initial", [{} for _ in drafts])
        super().__init__(*args, **kw)

    def total_form_count(self) -> int:
        return len(self.drafts)

    def get_form_kwargs(self, index):
        commitment = self.drafts[index]
        return {
            "commitment": commitment,
            "choices": self.choices,
            "accepted": commitment.pk not in self.rejected,
            "repeat": self.repeats.get(commitment.pk),
            "repeat_choice": self.repeat_choices.get(str(commitment.pk), REAFFIRM),
        }

    def clean(self):
        if self.is_bound:
            sent = self.management_form.cleaned_data.get("TOTAL_FORMS")
            if sent != len(self.drafts):
                raise ValidationError(
                    _(
                        "The proposals changed since this page was loaded (merged, split or "
                        "discarded elsewhere). Nothing was saved; reload the page."
                    ),
                    code="stale",
                )

    def accepted(self) -> list[Commitment]:
        return [form.commitment for form in self.forms if form.cleaned_data.get("accept")]

    def edits(self) -> list[services.DraftEdit]:
        return [form.edit() for form in self.forms if form.cleaned_data.get("accept")]

    def reaffirmations(self) -> list[services.Reaffirmation]:
        chosen = [form.reaffirmation() for form in self.forms if form.cleaned_data.get("accept")]
        return [item for item in chosen if item is not None]

    def repeat_decisions(self) -> dict[str, str]:
        return {
            str(form.commitment.pk): form.cleaned_data["repeats"]
            for form in self.forms
            if form.repeat is not None and form.cleaned_data.get("repeats")
        }

    def rejected_ids(self) -> list[int]:
        return [form.commitment.pk for form in self.forms if not form.cleaned_data.get("accept")]

    def form_for(self, pk: int) -> DraftCommitmentForm | None:
        return next((form for form in self.forms if form.commitment.pk == pk), None)


DraftFormSet = forms.formset_factory(DraftCommitmentForm, formset=BaseDraftFormSet, extra=0)


@dataclass
class LinkRow:
    link: matching.FollowUpLink
    accept: forms.BoundField
    effect: forms.BoundField


class ProposedLinksForm(forms.Form):
    """Accept or reject each proposed link: earlier meetings this one follows up, and open
    commitments it appears to follow up (each with the effect to record)."""

    follows_up = forms.MultipleChoiceField(
        label=_("Earlier meetings this meeting follows up"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args,
        references: list[matching.ReferenceLink],
        follow_ups: list[matching.FollowUpLink],
        decisions: dict | None = None,
        **kwargs,
    ):
        decisions = decisions or {}
        super().__init__(*args, **kwargs)
        self.references = references
        self.follow_ups = follow_ups
        self.meetings = {
            str(ref.meeting.pk): ref.meeting for ref in references if ref.meeting is not None
        }
        self.fields["follows_up"].choices = [
            (pk, str(meeting)) for pk, meeting in self.meetings.items()
        ]
        self.fields["follows_up"].initial = [
            pk for pk in decisions.get("follows_up", []) if pk in self.meetings
        ]
        accepted = decisions.get("follow_ups", {})
        for link in follow_ups:
            key = str(link.commitment.pk)
            self.fields[f"accept_{key}"] = forms.BooleanField(
                label=_("Accept"), required=False, initial=key in accepted
            )
            self.fields[f"effect_{key}"] = forms.ChoiceField(
                label=_("What this meeting did"),
                choices=Effect.choices,
                initial=accepted.get(key, link.effect),
            )

    def rows(self) -> Iterator[LinkRow]:
        for link in self.follow_ups:
            key = link.commitment.pk
            yield LinkRow(link, self[f"accept_{key}"], self[f"effect_{key}"])

    def clean(self):
        cleaned = super().clean()
        for link in self.follow_ups:
            key = link.commitment.pk
            effect = cleaned.get(f"effect_{key}")
            if not cleaned.get(f"accept_{key}") or not effect:
                continue
            commitment = link.commitment
            try:
                check_move(
                    Move(
                        current=commitment.status,
                        new=matching.follow_up_status(commitment, effect),
                        continuing=commitment.continuing,
                        note="accepted",
                        has_meeting=True,
                        effect=effect,
                    )
                )
            except ValidationError as error:
                self.add_error(f"effect_{key}", error.messages)
        return cleaned

    def accepted_follow_ups(self) -> list[tuple[Commitment, str]]:
        data = self.cleaned_data
        return [
            (link.commitment, data[f"effect_{link.commitment.pk}"])
            for link in self.follow_ups
            if data.get(f"accept_{link.commitment.pk}")
        ]

    def accepted_meetings(self) -> list[Meeting]:
        return [self.meetings[pk] for pk in self.cleaned_data["follows_up"]]

    def decisions(self) -> dict:
        """What to remember of the choices while the draft is edited further."""
        return {
            "follows_up": list(self.cleaned_data["follows_up"]),
            "follow_ups": {
                str(commitment.pk): effect for commitment, effect in self.accepted_follow_ups()
            },
        }


class ReportsForm(forms.Form):
    """Which paragraphs of an attached readout report which commitments of its meeting (each
    proposed, ticked, its words editable), and which of what only this readout proposes to
    record as commitments of their own (unticked)."""

    def __init__(
        self,
        *args,
        proposals: list[matching.ReportProposal],
        alone: list,
        parties: dict[str, Party],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        self.alone = alone
        self.by_code = {party.code: party for party in parties.values()}
        for proposal in proposals:
            key = proposal.commitment.pk
            self.fields[f"report_{key}"] = forms.BooleanField(
                label=_("Reports it"), required=False, initial=True
            )
            self.fields[f"paragraph_{key}"] = forms.CharField(
                label=_("Paragraph"), max_length=20, required=False, initial=proposal.paragraph
            )
            self.fields[f"text_{key}"] = forms.CharField(
                label=_("Their words"),
                initial=proposal.text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for index, proposal in enumerate(alone):
            self.fields[f"alone_{index}"] = forms.BooleanField(
                label=_("Record as a commitment only this readout reports"),
                required=False,
                initial=False,
            )
            self.fields[f"alone_title_{index}"] = forms.CharField(
                label=_("Title"), max_length=300, required=False, initial=proposal.title
            )

    def clean(self):
        cleaned = super().clean()
        for proposal in self.proposals:
            key = proposal.commitment.pk
            if cleaned.get(f"report_{key}") and not (cleaned.get(f"text_{key}") or "").strip():
                self.add_error(f"text_{key}", _("Give the readout's words that report it."))
        for index, _proposal in enumerate(self.alone):
            if (
                cleaned.get(f"alone_{index}")
                and not (cleaned.get(f"alone_title_{index}") or "").strip()
            ):
                self.add_error(f"alone_title_{index}", _("Give the commitment a short title."))
        return cleaned

    def rows(self):
        for proposal in self.proposals:
            key = proposal.commitment.pk
            yield proposal, self[f"report_{key}"], self[f"paragraph_{key}"], self[f"text_{key}"]

    def alone_rows(self):
        for index, proposal in enumerate(self.alone):
            yield proposal, self[f"alone_{index}"], self[f"alone_title_{index}"]

    def reports(self) -> list[services.Report]:
        data = self.cleaned_data
        return [
            services.Report(
                commitment=proposal.commitment,
                paragraph=data[f"paragraph_{proposal.commitment.pk}"],
                text=data[f"text_{proposal.commitment.pk}"],
            )
            for proposal in self.proposals
            if data.get(f"report_{proposal.commitment.pk}")
        ]

    def reported_alone(self) -> list[services.ReportedAlone]:
        data = self.cleaned_data
        chosen = []
        for index, proposal in enumerate(self.alone):
            if not data.get(f"alone_{index}"):
                continue
            responsible = [self.by_code[c] for c in proposal.responsible if c in self.by_code]
            requested_by = self.by_code.get(proposal.requested_by)
            kind = proposal.kind
            if kind == Kind.REQUEST and requested_by is None:
                kind = Kind.PLEDGE
            chosen.append(
                services.ReportedAlone(
                    paragraph=proposal.paragraph,
                    text=proposal.text,
                    title=data[f"alone_title_{index}"].strip(),
                    kind=kind,
                    requested_by=requested_by,
                    responsible=responsible,
                    continuing=proposal.continuing,
                    target=proposal.target,
                )
            )
        return chosen
