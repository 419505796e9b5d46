"""Importing a readout in the web app: upload, review the proposals, confirm or discard.

Managers only (``roles.CAN_REVIEW_IMPORTS``). Every page is a plain form that works without
JavaScript; the writes are ``meetings.imports``' services. While a draft is being reviewed,
the choices that are not stored on the drafts themselves (rejected proposals, accepted links)
are kept in the session, so merging or splitting a proposal does not forget them.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meetings import roles, services
from meetings.importing import matching
from meetings.models import Attendance, Meeting, Readout
from meetings.status import Review
from meetings.web.forms import add_service_errors
from meetings.web.import_forms import (
    Choices,
    DraftFormSet,
    DraftMeetingForm,
    ProposedLinksForm,
    ReadoutUploadForm,
    ReportsForm,
)
from meetings.web.views import INVALID, requires

DRAFTS_SHOWN = 100
ACTIONS = ("save", "confirm", "merge", "split")


def _review_url(meeting: Meeting) -> str:
    if meeting.review == Review.DRAFT:
        return reverse("import-review", args=[meeting.pk])
    return meeting.get_absolute_url()


def _drafts_awaiting_review():
    return (
        Meeting.objects.filter(review=Review.DRAFT)
        .annotate(proposals=Count("commitments", filter=Q(commitments__review=Review.DRAFT)))
        .order_by("-created_at", "-id")[:DRAFTS_SHOWN]
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(roles.CAN_REVIEW_IMPORTS)
def import_start(request: HttpRequest) -> HttpResponseBase:
    """Upload or paste a readout; a readout read without error is stored as a draft.

    A readout of a meeting already recorded (``matching.find_recorded_meeting``) is flagged
    with a link to it and nothing is stored: the reviewer attaches it to that meeting as
    another source (``intent`` "attach:<pk>") or stores it as a new meeting all the same
    (``intent`` "new"); the text comes back in the form for that second step."""
    status, duplicate, recorded = 200, None, None
    if request.method == "POST":
        try:
            form = ReadoutUploadForm(request.POST, request.FILES)
        except RequestDataTooBig:
            form = ReadoutUploadForm({})
            form.too_big = True
        if form.is_valid():
            try:
                return _store_or_attach(request, form)
            except RecordedMeeting as found:
                recorded, status = found.meeting, 409
                form = ReadoutUploadForm(
                    initial={
                        "text": form.readout,
                        "source_url": form.cleaned_data["source_url"],
                        "publisher": form.cleaned_data.get("publisher") or "",
                    }
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "duplicate":
                    duplicate = Meeting.objects.get(pk=error.params["pk"])
                    status = 409
                else:  # the proposal broke a rule of the records; nothing was stored
                    form.add_error(None, error.messages)
                    status = INVALID
        else:
            status = INVALID
    else:
        form = ReadoutUploadForm()
    context = {
        "form": form,
        "duplicate": duplicate,
        "duplicate_url": _review_url(duplicate) if duplicate else "",
        "recorded": recorded,
        "recorded_url": _review_url(recorded) if recorded else "",
        "drafts": _drafts_awaiting_review(),
    }
    return render(request, "meetings/import_start.html", context, status=status)


class RecordedMeeting(Exception):
    def __init__(self, meeting: Meeting):
        self.meeting = meeting


def _store_or_attach(request: HttpRequest, form: ReadoutUploadForm) -> HttpResponse:
    parsed, intent = form.parsed, form.cleaned_data.get("intent") or ""
    action, _sep, target = intent.partition(":")
    source_url = form.cleaned_data["source_url"]
    if action == "attach" and target.isdigit():
        meeting = get_object_or_404(Meeting, pk=int(target))
        readout = services.attach_readout(
            meeting=meeting,
            parsed=parsed,
            text=form.readout,
            source_url=source_url,
            publisher=form.chosen_publisher(),
        )
        messages.success(
            request,
            _(
                "Attached the readout to %(m)s. Say which of its paragraphs report which "
                "commitments."
            )
            % {"m": meeting},
        )
        return redirect("readout-align", meeting.pk, readout.pk)
    if action != "new":
        duplicate = matching.find_duplicate(text_hash=parsed.text_hash, source_url=source_url)
        recorded = duplicate or matching.find_recorded_meeting(
            held_on=parsed.meeting.held_on,
            parties=parsed.meeting.parties,
            title=parsed.meeting.title,
        )
        if recorded is not None and duplicate is None:
            raise RecordedMeeting(recorded)
    meeting = services.store_draft(
        parsed=parsed,
        readout=form.readout,
        source_url=source_url,
        publisher=form.chosen_publisher(),
    )
    messages.success(
        request,
        _("Read the readout: %(n)d proposed commitment(s). Review them below.")
        % {"n": len(parsed.commitments)},
    )
    return redirect("import-review", meeting.pk)


# Review ---------------------------------------------------------------------------------------


def _session_key(meeting: Meeting) -> str:
    return f"import-review-{meeting.pk}"


@dataclass
class ReviewPage:
    """Everything the review page shows and validates, built the same way for GET and POST."""

    meeting: Meeting
    meeting_form: DraftMeetingForm
    formset: "DraftFormSet"
    links_form: ProposedLinksForm
    paragraphs: dict[str, str]
    warnings: list[str]
    references: list[matching.ReferenceLink]
    lead: str  # the readout's lead paragraph, shown folded above the proposals

    def is_valid(self) -> bool:
        # Validate all three so every error shows at once.
        results = [
            self.meeting_form.is_valid(),
            self.formset.is_valid(),
            self.links_form.is_valid(),
        ]
        return all(results)

    def rows(self) -> list[dict]:
        rows = []
        for index, form in enumerate(self.formset.forms):
            numbers = [n.strip() for n in form.commitment.paragraph.split(",") if n.strip()]
            rows.append(
                {
                    "form": form,
                    "commitment": form.commitment,
                    "sources": [
                        _marked(n, self.paragraphs.get(n, ""), form.commitment.text)
                        for n in numbers
                    ],
                    "has_next": index + 1 < len(self.formset.forms),
                }
            )
        return rows


def _marked(number: str, paragraph: str, excerpt: str) -> dict:
    """A source paragraph split around the excerpt proposed from it, to highlight it."""
    parts = [part.strip() for part in excerpt.split("\u2026")]  # merged drafts join with "…"
    for part in parts:
        start = paragraph.find(part) if part else -1
        if start >= 0:
            end = start + len(part)
            return {
                "number": number,
                "before": paragraph[:start],
                "match": paragraph[start:end],
                "after": paragraph[end:],
            }
    return {"number": number, "before": paragraph, "match": "", "after": ""}


def _build_review(request: HttpRequest, meeting: Meeting, data=None) -> ReviewPage:
    decisions = request.session.get(_session_key(meeting), {})
    choices = Choices.load()
    parsed = matching.reparse(meeting)
    paragraphs = {p.number: p.text for p in parsed.paragraphs} if parsed else {}
    drafts = matching.draft_commitments(meeting, paragraphs)
    references = matching.match_references(parsed) if parsed else []
    candidates = matching.draft_candidates(meeting)
    repeats = matching.repeats_for(meeting, drafts, candidates)
    warnings = parsed.warnings if parsed else [_("The stored readout could not be read again.")]
    if meeting.held_on is None:
        warnings = [
            _("The readout prints no date the reader could use: give the meeting's date below."),
            *warnings,
        ]
    return ReviewPage(
        meeting=meeting,
        meeting_form=DraftMeetingForm(
            data,
            meeting=meeting,
            choices=choices,
            unmatched_mechanisms=services.unmatched_mechanisms(parsed, meeting),
            prefix="meeting",
        ),
        formset=DraftFormSet(
            data,
            drafts=drafts,
            choices=choices,
            rejected=set(decisions.get("rejected", [])),
            repeats=repeats,
            repeat_choices=decisions.get("repeats", {}),
            prefix="proposal",
        ),
        links_form=ProposedLinksForm(
            data,
            references=references,
            follow_ups=matching.follow_ups_for(
                meeting,
                repeated=[repeat.commitment.pk for repeat in repeats.values()],
                candidates=candidates,
            ),
            decisions=decisions,
            prefix="link",
        ),
        paragraphs=paragraphs,
        warnings=warnings,
        references=references,
        lead=parsed.lead if parsed else "",
    )


def _draft_or_404(pk: int) -> Meeting:
    queryset = (
        Meeting.objects.filter(review=Review.DRAFT)
        .select_related("mechanism")
        .prefetch_related(
            "parties",
            Prefetch("attendances", queryset=Attendance.objects.select_related("person", "party")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def _render_review(request: HttpRequest, review: ReviewPage, status: int = 200, errors=()):
    context = {
        "meeting": review.meeting,
        "review": review,
        "rows": review.rows(),
        "page_errors": list(errors),
    }
    return render(request, "meetings/import_review.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@requires(roles.CAN_REVIEW_IMPORTS)
def import_review(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The draft beside its readout. POST ``action``: save, confirm, merge:<id> or split:<id>."""
    meeting = _draft_or_404(pk)
    if request.method != "POST":
        return _render_review(request, _build_review(request, meeting))

    action, _sep, target = request.POST.get("action", "save").partition(":")
    if action not in ACTIONS or (action in ("merge", "split") and not target.isdigit()):
        review = _build_review(request, meeting)
        return _render_review(request, review, INVALID, [_("Unknown action; nothing was saved.")])
    review = _build_review(request, meeting, data=request.POST)
    if not review.is_valid():
        return _render_review(
            request, review, INVALID, [_("Nothing was saved: correct the fields marked below.")]
        )
    try:
        result = _apply(request, review, action, int(target or 0))
    except ValidationError as error:
        _attach_errors(review, error)
        return _render_review(request, review, INVALID, error.messages)
    return result


def _apply(request: HttpRequest, review: ReviewPage, action: str, target: int) -> HttpResponseBase:
    """Carry out a valid review POST, all in one transaction; raise ValidationError to refuse."""
    meeting, formset, links = review.meeting, review.formset, review.links_form
    with transaction.atomic():
        if action == "confirm":
            confirmed = services.confirm_import(
                meeting=meeting,
                accepted=formset.accepted(),
                author=request.user,
                follow_ups=links.accepted_follow_ups(),
                follows_up=links.accepted_meetings(),
                meeting_fields=review.meeting_form.meeting_fields(),
                parties=review.meeting_form.chosen_parties(),
                edits=formset.edits(),
                reaffirmations=formset.reaffirmations(),
                create_mechanisms=review.meeting_form.mechanisms_to_create(),
            )
        else:
            services.save_review(
                meeting=meeting,
                meeting_fields=review.meeting_form.meeting_fields(),
                parties=review.meeting_form.chosen_parties(),
                edits=formset.edits(),
                create_mechanisms=review.meeting_form.mechanisms_to_create(),
            )
            if action == "merge":
                _merge(formset, target)
            elif action == "split":
                _split(formset, target)
    if action == "confirm":
        request.session.pop(_session_key(meeting), None)
        reaffirmed = sum(1 for item in formset.reaffirmations() if not item.as_new)
        messages.success(
            request,
            _(
                "Confirmed: the meeting, %(n)d commitment(s), %(r)d reaffirmed commitment(s) "
                "and %(l)d follow-up link(s)."
            )
            % {
                "n": len(formset.accepted()) - reaffirmed,
                "r": reaffirmed,
                "l": len(links.accepted_follow_ups()),
            },
        )
        return redirect(confirmed)
    request.session[_session_key(meeting)] = {
        "rejected": formset.rejected_ids(),
        "repeats": formset.repeat_decisions(),
        **links.decisions(),
    }
    messages.success(
        request,
        {
            "save": _("Draft saved; it is not published yet."),
            "merge": _("Merged the two proposals."),
            "split": _("Split the proposal in two."),
        }[action],
    )
    return redirect(reverse("import-review", args=[meeting.pk]) + _anchor(action, target))


def _anchor(action: str, target: int) -> str:
    return f"#proposal-{target}" if action in ("merge", "split") else ""


def _merge(formset, pk: int) -> None:
    ids = [form.commitment.pk for form in formset.forms]
    if pk not in ids:
        raise ValidationError(_("That proposal no longer exists; reload the page."))
    index = ids.index(pk)
    if index + 1 >= len(ids):
        raise ValidationError(_("The last proposal has no next one to merge with."))
    first, second = formset.forms[index], formset.forms[index + 1]
    services.merge_drafts(
        first=first.commitment,
        second=second.commitment,
        versions=(_seen_after_save(first), _seen_after_save(second)),
    )


def _seen_after_save(form) -> int:
    """The version of a row's draft the reviewer saw, as the save that precedes a merge or a
    split leaves it: one higher if that save edited it (accepted rows are edited)."""
    seen = form.cleaned_data["version"]
    return seen + 1 if form.cleaned_data.get("accept") else seen


def _split(formset, pk: int) -> None:
    form = formset.form_for(pk)
    if form is None:
        raise ValidationError(_("That proposal no longer exists; reload the page."))
    first_part = form.cleaned_data.get("first_part") or ""
    if not first_part.strip():
        form.add_error("first_part", _("Give the first part of its text to split it there."))
        raise ValidationError(_("Nothing was saved: say where to split the proposal."))
    try:
        services.split_draft(
            commitment=form.commitment, first_part=first_part, version=_seen_after_save(form)
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            form.add_error("first_part", error.message_dict.get("first_part", error.messages))
        raise


def _attach_errors(review: ReviewPage, error: ValidationError) -> None:
    """Put a service's field errors where they belong: on the draft's row it refused, else on
    the meeting form."""
    if isinstance(error, services.DraftRefused):
        form = review.formset.form_for(error.commitment.pk)
        if form is not None:
            add_service_errors(form, error)
        return
    if not hasattr(error, "error_dict"):
        return
    for field, field_messages in error.message_dict.items():
        if field in review.meeting_form.fields:
            review.meeting_form.add_error(field, field_messages)


@require_POST
@requires(roles.CAN_REVIEW_IMPORTS)
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _draft_or_404(pk)
    title = str(meeting)
    services.discard_import(meeting=meeting)
    request.session.pop(_session_key(meeting), None)
    messages.success(request, _("Discarded the draft %(m)s.") % {"m": title})
    return redirect("import-start")


# A readout attached to a recorded meeting: which paragraphs report which commitments -------


def _align_page(request: HttpRequest, meeting: Meeting, readout: Readout, data=None):
    parsed = matching.read_again(readout)
    reported = set(readout.excerpts.values_list("commitment_id", flat=True))
    commitments = [
        c
        for c in meeting.commitments.select_related("mechanism").prefetch_related("topics")
        if c.pk not in reported
    ]
    proposals, alone = (
        matching.propose_reports(parsed, readout.language, commitments) if parsed else ([], [])
    )
    form = ReportsForm(
        data, proposals=proposals, alone=alone, parties=Choices.load().parties, prefix="align"
    )
    return form, parsed


@require_http_methods(["GET", "HEAD", "POST"])
@requires(roles.CAN_REVIEW_IMPORTS)
def readout_align(request: HttpRequest, pk: int, readout_pk: int) -> HttpResponseBase:
    """Confirm which paragraphs of a readout attached to a recorded meeting report which of
    its commitments, and record what only this readout reports as commitments of their own."""
    meeting = get_object_or_404(Meeting.objects.prefetch_related("parties"), pk=pk)
    readout = get_object_or_404(
        Readout.objects.select_related("publisher"), pk=readout_pk, meeting=meeting
    )
    form, parsed = _align_page(request, meeting, readout, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = services.report_commitments(
                    readout=readout,
                    reports=form.reports(),
                    reported_alone=form.reported_alone(),
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
                status = INVALID
            else:
                messages.success(
                    request,
                    _(
                        "Recorded %(n)d paragraph(s) reporting commitments, and %(m)d "
                        "commitment(s) only this readout reports."
                    )
                    % {"n": len(form.reports()), "m": len(made)},
                )
                return redirect(
                    _review_url(meeting)
                    if meeting.review == Review.DRAFT
                    else meeting.get_absolute_url()
                )
        else:
            status = INVALID
    context = {
        "meeting": meeting,
        "readout": readout,
        "form": form,
        "warnings": parsed.warnings if parsed else [],
    }
    return render(request, "meetings/readout_align.html", context, status=status)
