"""The staff web app: short views over ``queries`` (reads), forms and services (writes).

Every permission check goes through ``requires``; the login itself is the middleware's job.
"""

import csv
import itertools
from collections.abc import Callable, Iterator
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from meetings import caching, roles, selectors, services
from meetings.caching.paging import CountedPaginator, VersionedPaginator
from meetings.filters import CommitmentFilter, MeetingFilter
from meetings.models import Commitment, Meeting, Party, Reported, as_number
from meetings.status import Status, choice_label
from meetings.web import charts, pdf
from meetings.web.forms import (
    AssignForm,
    FollowUpForm,
    LinkMeetingForm,
    add_service_errors,
    replacement_label,
)
from meetings.web.list_forms import BulkForm

# Reading needs the view permissions every role has; a logged-in user without a role has none.
CAN_VIEW_COMMITMENTS = "meetings.view_commitment"
CAN_VIEW_MEETINGS = "meetings.view_meeting"

PAGE_SIZE = 50
# A form or filter sent back with its errors: 422, which the pages' htmx swaps in place (and
# which django-htmx's debug handler, under DEBUG, leaves alone, as it does not 400).
INVALID = 422
LINK_CANDIDATES_SHOWN = 100


def requires(*permissions: str) -> Callable:
    """Refuse (403, with the readable 403 page) unless the user holds every permission."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if not request.user.has_perms(permissions):
                raise PermissionDenied(_("Your role does not allow this."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _partial_or_page(request: HttpRequest, partial: str, page: str) -> str:
    """HTMX requests that target a fragment get the fragment; everything else the page."""
    return partial if request.htmx and not request.htmx.boosted else page


# Dashboard ------------------------------------------------------------------------------------


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    figures = selectors.cached_dashboard_figures(today=today)
    context = {
        "figures": figures,
        "grid": _dashboard_grid(figures, today=today),
        "attention": selectors.needs_attention(today=today),
    }
    return render(request, "meetings/dashboard.html", context)


def _dashboard_grid(figures: dict, *, today) -> str:
    """The dashboard's charts and tables as HTML, drawn once per state of what the figures
    read (most of the page's time once the figures are kept): the same for everyone."""

    def draw() -> str:
        context = {
            "figures": figures,
            "status_chart": charts.bar_chart(
                figures["by_status"], title=_("Commitments by status")
            ),
            "age_chart": charts.bar_chart(figures["age"], title=_("Open commitments by age")),
        }
        return render_to_string("meetings/_dashboard_grid.html", context)

    html = caching.cached(
        "dashboard-grid",
        draw,
        scopes=[caching.FIGURES, caching.ACTIVITY, caching.REFERENCE],
        varies_with=(today,),
    )
    return mark_safe(html)  # our own template's output, each value escaped as it rendered


# Commitments ---------------------------------------------------------------------------------


PRIMARY_FILTERS = (
    "q",
    "status",
    "open",
    "counterpart",
    "topic",
    "mechanism",
    "kind",
    "overdue",
    "stale",
)


def _blank_choice(field: forms.ChoiceField, label: str) -> None:
    """One blank choice, named ``label``: django-filter's fields add their own blank choice
    (``empty_label``) in front of whatever choices they are given."""
    choices = [choice for choice in field.choices if choice[0] != ""]
    if hasattr(field, "empty_label"):
        field.empty_label = label
        field.choices = choices
    else:
        field.choices = [("", label), *choices]


def _readable_filter_form(form: forms.Form) -> forms.Form:
    """Say "any" where django-filter says "---------" or "Unknown"; text boxes are searches."""
    any_label = _("any")
    for name, field in form.fields.items():
        if name == "ordering":
            _blank_choice(field, _("default"))
            continue
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = any_label
        elif isinstance(field, forms.NullBooleanField):
            field.widget = forms.Select(
                choices=[("", any_label), ("true", _("yes")), ("false", _("no"))]
            )
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            _blank_choice(field, any_label)
        elif isinstance(field, forms.CharField):
            field.widget = forms.TextInput(attrs={"type": "search"})
        elif isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return form


def _commitment_filter(params, queryset=None) -> CommitmentFilter:
    if queryset is None:
        queryset = selectors.commitment_list_queryset()
    filterset = CommitmentFilter(params, queryset=queryset)
    # Its choices are reference data: each select drawn once per value (set before any field
    # is bound, so that every one is drawn so).
    filterset.form.bound_field_class = caching.ChoicesRenderedOnce
    _readable_filter_form(filterset.form)
    filterset.form.fields["status"].widget = forms.CheckboxSelectMultiple(
        choices=filterset.form.fields["status"].choices
    )
    # A number, not a <select> of every meeting in the tracker (20,000 at ten years); the
    # meeting page links here with ``?meeting=<id>``. Mechanisms stay a select: a few dozen.
    meeting = filterset.form.fields["meeting"]
    meeting.widget = forms.NumberInput(attrs={"min": 1})
    meeting.help_text = _("The meeting's number, as on its page.")
    return filterset


def _acts_on_rows(user) -> bool:
    """Whether the list offers ``user`` its row tools (selecting rows, "Assign to me")."""
    return user.has_perm(roles.CAN_RECORD_UPDATE) and user.has_perm(roles.CAN_ASSIGN)


def _list_context(request: HttpRequest, filterset: CommitmentFilter, params=None) -> dict:
    params = request.GET if params is None else params
    acts = _acts_on_rows(request.user)
    query = _without(params, "page")
    return {
        "filter": filterset,
        "today": timezone.localdate(),
        "primary_filters": PRIMARY_FILTERS,
        "filter_fields": lambda: _filter_fields(filterset, query),
        "filter_query": query,
        "contradictions": filterset.contradictions() if filterset.is_valid() else [],
        "acts": acts,
        "bulk_form": BulkForm(user=request.user) if acts else None,
        "list_url": reverse("commitment-list"),
        "my_divisions": SimpleLazyObject(lambda: selectors.divisions_of(request.user)),
    }


def _rendered_once(kind: str, template: str, context: dict, *, varies_with: tuple) -> str:
    """``template`` rendered with ``context``, kept until reference data (people, parties,
    topics, mechanisms, divisions) changes; the language and day are in every key, the rest of
    what the HTML depends on goes in ``varies_with``."""
    html = caching.rendered(
        kind, lambda: render_to_string(template, context), varies_with=varies_with
    )
    return mark_safe(html)  # our own template's output, each value escaped as it rendered


def _filter_fields(filterset: CommitmentFilter, query: str) -> str:
    """The filter form's fields as HTML, rendered once per query string (their values come
    from it, their choices from reference data). At ten years of data rendering them is most
    of a list page's time (docs/performance.md)."""
    context = {"filter": filterset, "primary_filters": PRIMARY_FILTERS}
    return _rendered_once(
        "filter-fields", "meetings/_filter_fields.html", context, varies_with=(query,)
    )


def _bulk_fields(form: BulkForm | None) -> str:
    """The bulk form's fields as HTML. Unfilled, they depend only on the actions the person's
    role offers and on reference data: rendered once per role's actions. Filled in (a refused
    post), they are rendered afresh."""
    if form is None:
        return ""
    context = {"bulk_form": form}
    if form.is_bound:
        return mark_safe(render_to_string("meetings/_bulk_fields.html", context))
    actions = tuple(value for value, _label in form.fields["action"].choices)
    return _rendered_once(
        "bulk-fields", "meetings/_bulk_fields.html", context, varies_with=(actions,)
    )


def render_list(
    request: HttpRequest,
    params,
    *,
    base=None,
    extra: dict | None = None,
    status: int = 200,
    checked: frozenset[int] = frozenset(),
    fragment: bool | None = None,
) -> HttpResponse:
    """The commitment list for ``params`` (a query string), narrowed to ``base`` if given:
    the page, or the results fragment for HTMX (``fragment`` overrides)."""
    filterset = _commitment_filter(params, queryset=base)
    if fragment is None:
        fragment = bool(request.htmx and not request.htmx.boosted)
    template = "meetings/_commitment_results.html" if fragment else "meetings/commitment_list.html"
    context = _list_context(request, filterset, params) | (extra or {})
    context["bulk_fields"] = lambda: _bulk_fields(context["bulk_form"])
    if not filterset.is_valid():
        return render(request, template, context, status=INVALID)
    page = VersionedPaginator(
        filterset.qs, PAGE_SIZE, scopes=CommitmentFilter.count_scopes(params)
    ).get_page(params.get("page"))
    context |= {
        "page": page,
        "rows": _commitment_rows(
            page, today=context["today"], acts=context["acts"], checked=checked
        ),
        "query": _without(params, "page"),
        # A mechanism's page is the list of its commitments: it can be watched from there.
        "mechanism": filterset.form.cleaned_data.get("mechanism"),
    }
    return render(request, template, context, status=status)


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def commitment_list(request: HttpRequest) -> HttpResponse:
    return render_list(request, request.GET)


# The words every list and briefing row repeats (its cells' names on a narrow screen, its
# badges): translated once per page rather than once per row, which was a fifth of the time a
# briefing's hundred rows took to draw.
ROW_WORDS = {
    "status": gettext_lazy("Status"),
    "who_must_act": gettext_lazy("Who must act"),
    "made_at": gettext_lazy("Made at"),
    "made": gettext_lazy("Made"),
    "expected_by": gettext_lazy("Expected by"),
    "overdue": gettext_lazy("overdue"),
    "last_activity": gettext_lazy("Last activity"),
    "last_update": gettext_lazy("Last update"),
    "stale": gettext_lazy("stale"),
    "priority": gettext_lazy("Priority"),
    "owner": gettext_lazy("Owner"),
    "assign_to_me": gettext_lazy("Assign to me"),
    "draft": gettext_lazy("draft"),
    "continuing": gettext_lazy("continuing"),
    "also": gettext_lazy("also"),
    "nothing_since": gettext_lazy("nothing recorded since it was made"),
}


def row_words() -> dict[str, str]:
    """``ROW_WORDS`` in the active language, for a row template's ``words``."""
    return {name: str(word) for name, word in ROW_WORDS.items()}


def _commitment_rows(commitments, *, today, acts: bool, checked=frozenset()) -> list[str]:
    """The list's table rows, each rendered once per commitment version (``meetings.rows``)
    and per whether the rows carry their tools; rows ticked before a refusal are rendered
    afresh, ticked."""

    def build(ids: list[int]) -> dict[int, str]:
        template = get_template("meetings/_commitment_row.html")  # looked up once, not per row
        words = row_words()
        return {
            pk: template.render({"c": row, "acts": acts, "checked": pk in checked, "words": words})
            for pk, row in selectors.commitment_list_rows(ids, today=today).items()
        }

    if checked:
        built = build([c.pk for c in commitments])
        return [built[c.pk] for c in commitments if c.pk in built]
    return caching.rows("commitment-row", commitments, build=build, varies_with=(acts,))


def _without(params, *names: str) -> str:
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _query_without(request: HttpRequest, *names: str) -> str:
    return _without(request.GET, *names)


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_ROWS_PER_CHUNK = 500


def _csv_chunks(rows: Iterator[list]) -> Iterator[str]:
    """CSV text in pieces of a few hundred lines: one write to the socket per piece, not per
    line, while memory stays flat whatever the number of rows."""
    writer = csv.writer(_Echo())
    for chunk in itertools.batched(rows, CSV_ROWS_PER_CHUNK):
        yield "".join(writer.writerow(row) for row in chunk)


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def commitment_export(request: HttpRequest) -> HttpResponseBase:
    """Exactly the rows the list shows for the same query string, streamed as CSV."""
    filterset = _commitment_filter(request.GET)
    if not filterset.is_valid():
        return render(
            request,
            "meetings/commitment_list.html",
            _list_context(request, filterset),
            status=INVALID,
        )
    response = StreamingHttpResponse(
        _csv_chunks(selectors.export_rows(filterset.qs)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="commitments-{stamp}.csv"'
    return response


def _detail_context(
    request: HttpRequest, commitment: Commitment, form=None, assign_form=None
) -> dict:
    user = request.user
    can_update = user.has_perm(roles.CAN_RECORD_UPDATE)
    if form is None and can_update:
        form = _followup_form(request, commitment)
    if assign_form is None and user.has_perm(roles.CAN_ASSIGN):
        assign_form = AssignForm(commitment=commitment)
    return {
        "commitment": commitment,
        # Read only where shown: the whole page; of the panel an HTMX update swaps, only a
        # superseded one's "replaced by".
        "lineage": SimpleLazyObject(lambda: selectors.commitment_lineage(commitment)),
        "timeline": list(commitment.updates.all()),
        "form": form,
        "assign_form": assign_form,
        "can_update": can_update,
        "today": timezone.localdate(),
    }


def _followup_form(request: HttpRequest, commitment: Commitment, data=None) -> FollowUpForm:
    return FollowUpForm(
        data,
        commitment=commitment,
        can_add_meeting=request.user.has_perm(roles.CAN_ADD_FOLLOWUP_MEETING),
    )


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(selectors.commitment_detail_queryset(), pk=pk)
    return render(request, "meetings/commitment_detail.html", _detail_context(request, commitment))


def _seen_version_is_stale(request: HttpRequest, commitment: Commitment):
    """``StaleVersion`` if the posted form was drawn from an older version of ``commitment``,
    checked before the form is: a status offered then may no longer be one it can move to."""
    seen = as_number(request.POST.get("version"))
    if seen is not None and seen != commitment.version:
        return services.StaleVersion(commitment, seen)
    return None


def _kept_after_conflict(request: HttpRequest, fresh: Commitment, form_class, **kwargs):
    """What was typed, against the version now saved (so saving again is a deliberate choice
    made after seeing the other change), less a status the commitment can no longer move to."""
    data = request.POST.copy()
    data["version"] = str(fresh.version)
    form = form_class(data, commitment=fresh, **kwargs)
    field = form.fields.get("status")
    if field is not None and data.get("status") not in {value for value, _ in field.choices}:
        data["status"] = ""
        form = form_class(data, commitment=fresh, **kwargs)
    return form


@require_POST
@requires(CAN_VIEW_COMMITMENTS, roles.CAN_RECORD_UPDATE)
def commitment_record_update(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Record an update. Without JS: redirect after success; with HTMX: swap the panel."""
    commitment = get_object_or_404(Commitment.objects.select_related("meeting"), pk=pk)
    form = _followup_form(request, commitment, data=request.POST)
    conflict = _seen_version_is_stale(request, commitment)
    status = 200
    if conflict is None and form.is_valid():
        if form.creates_meeting and not request.user.has_perm(roles.CAN_ADD_FOLLOWUP_MEETING):
            raise PermissionDenied(_("Your role does not allow creating meetings."))
        try:
            form.save(author=request.user)
        except services.StaleVersion as stale:
            conflict = stale
        except ValidationError:
            status = INVALID
        else:
            messages.success(request, _("Update recorded."))
            if not request.htmx:
                return redirect(commitment)
    elif conflict is None:
        status = INVALID

    fresh = get_object_or_404(selectors.commitment_detail_queryset(), pk=pk)
    if status == 200 and conflict is None:
        form = None  # a clean form for the next update
    elif conflict is not None:
        status = 409
        form = _kept_after_conflict(
            request,
            fresh,
            FollowUpForm,
            can_add_meeting=request.user.has_perm(roles.CAN_ADD_FOLLOWUP_MEETING),
        )
    else:
        form.commitment = fresh
    context = _detail_context(request, fresh, form=form) | {"conflict": conflict}
    if request.htmx and not request.htmx.boosted:
        # The panel is swapped; the assignment form beside it is refreshed out of band, so
        # that it carries the version this update made.
        context["refresh_assign_form"] = True
        return render(request, "meetings/_commitment_live.html", context, status=status)
    return render(request, "meetings/commitment_detail.html", context, status=status)


@require_POST
@requires(CAN_VIEW_COMMITMENTS, roles.CAN_ASSIGN)
def commitment_assign(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Set the owning division and the person following the commitment up."""
    commitment = get_object_or_404(Commitment.objects.select_related("meeting"), pk=pk)
    form = AssignForm(request.POST, commitment=commitment)
    conflict = _seen_version_is_stale(request, commitment)
    status = INVALID
    if conflict is None and form.is_valid():
        try:
            form.save(actor=request.user)
        except services.StaleVersion as stale:
            conflict = stale
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect(commitment)
    fresh = get_object_or_404(selectors.commitment_detail_queryset(), pk=pk)
    if conflict is not None:
        status = 409
        form = _kept_after_conflict(request, fresh, AssignForm)
        form.add_error(None, str(conflict))
    context = _detail_context(request, fresh, assign_form=form)
    return render(request, "meetings/commitment_detail.html", context, status=status)


@require_safe
@requires(CAN_VIEW_MEETINGS, roles.CAN_RECORD_UPDATE)
def meeting_options(request: HttpRequest) -> HttpResponse:
    """``<option>``s of later meetings matching ``q``, for the update form's searchable list."""
    meetings = Meeting.objects.confirmed()
    commitment_id = as_number(request.GET.get("commitment"))
    if commitment_id is not None:
        commitment = get_object_or_404(
            Commitment.objects.select_related("meeting"), pk=commitment_id
        )
        meetings = meetings.filter(held_on__gte=commitment.meeting.held_on).exclude(
            pk=commitment.meeting_id
        )
    meetings = meetings.matching(request.GET.get("q", ""))
    return render(
        request,
        "meetings/_meeting_options.html",
        {"meetings": meetings[:100], "selected": request.GET.get("meeting", "")},
    )


@require_safe
@requires(CAN_VIEW_COMMITMENTS, roles.CAN_RECORD_UPDATE)
def replacement_options(request: HttpRequest) -> HttpResponse:
    """``<option>``s of commitments that may replace ``commitment`` and match ``q``, for the
    update form's "Replaced by" list."""
    commitment_id = as_number(request.GET.get("commitment"))
    if commitment_id is None:
        raise Http404
    commitment = get_object_or_404(Commitment.objects.select_related("meeting"), pk=commitment_id)
    found = selectors.replacements_matching(commitment, request.GET.get("find_replacement", ""))
    return render(
        request,
        "meetings/_replacement_options.html",
        {
            "options": [(c.pk, replacement_label(c)) for c in found],
            "selected": request.GET.get("superseded_by", ""),
        },
    )


# Meetings ------------------------------------------------------------------------------------


@require_safe
@requires(CAN_VIEW_MEETINGS)
def meeting_list(request: HttpRequest) -> HttpResponse:
    filterset = MeetingFilter(request.GET, queryset=selectors.meeting_list_queryset())
    _readable_filter_form(filterset.form)
    template = _partial_or_page(
        request, "meetings/_meeting_results.html", "meetings/meeting_list.html"
    )
    context = {"filter": filterset}
    if not filterset.is_valid():
        return render(request, template, context, status=INVALID)
    page = CountedPaginator(filterset.qs, PAGE_SIZE, scopes=[caching.FIGURES]).get_page(
        request.GET.get("page")
    )
    context |= {"page": page, "query": _query_without(request, "page")}
    return render(request, template, context)


def _meeting_context(request: HttpRequest, meeting: Meeting, link_form=None) -> dict:
    can_link = request.user.has_perm(roles.CAN_RECORD_UPDATE)
    candidates = selectors.link_candidates(meeting) if can_link else None
    if can_link and link_form is None:
        link_form = LinkMeetingForm(candidates=candidates)
    candidates_shown = (
        selectors.likeliest_link_candidates(meeting, LINK_CANDIDATES_SHOWN) if can_link else []
    )
    commitments = list(selectors.meeting_commitments(meeting))
    readouts = selectors.meeting_readouts(meeting)
    aligned = selectors.side_by_side(meeting, commitments, readouts)
    return {
        "meeting": meeting,
        "commitments": commitments,
        "readouts": readouts,
        "aligned": aligned,
        "can_attach": request.user.has_perm(roles.CAN_REVIEW_IMPORTS),
        "follow_ups": selectors.meeting_follow_ups(meeting),
        "can_link": can_link,
        "link_form": link_form,
        "candidates": candidates_shown,
        "candidate_rows": _candidate_rows(candidates_shown, link_form),
        "today": timezone.localdate(),
    }


def _candidate_rows(candidates: list, link_form) -> list[dict]:
    """What the link checklist shows of each candidate (``selectors.likeliest_link_candidates``),
    and whether it is ticked (a refused link keeps its ticks). Drawn afresh each time: a
    meeting's hundred candidates are rarely another's, and keeping each row cost more than
    drawing it (``docs/performance.md``)."""
    ticked = set()
    if link_form is not None and link_form.is_bound:
        ticked = {str(value) for value in link_form["commitments"].value() or []}
    return [
        {
            "pk": candidate.pk,
            "title": candidate.title,
            "held_on": candidate.held_on,
            "status_label": choice_label(Status, candidate.status),
            "same_mechanism": candidate.suggested == 0,
            "checked": str(candidate.pk) in ticked,
        }
        for candidate in candidates
    ]


@require_safe
@requires(CAN_VIEW_MEETINGS, CAN_VIEW_COMMITMENTS)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meeting_detail_queryset(), pk=pk)
    return render(request, "meetings/meeting_detail.html", _meeting_context(request, meeting))


@require_POST
@requires(CAN_VIEW_MEETINGS, roles.CAN_RECORD_UPDATE)
def meeting_link(request: HttpRequest, pk: int) -> HttpResponseBase:
    meeting = get_object_or_404(selectors.meeting_detail_queryset(), pk=pk)
    form = LinkMeetingForm(request.POST, candidates=selectors.link_candidates(meeting))
    if form.is_valid():
        try:
            with transaction.atomic():
                updates = form.save(meeting=meeting, author=request.user)
        except ValidationError:
            pass
        else:
            messages.success(
                request,
                _("Linked this meeting to %(n)d commitment(s).") % {"n": len(updates)},
            )
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        _meeting_context(request, meeting, link_form=form),
        status=INVALID,
    )


# Briefing ------------------------------------------------------------------------------------


def _briefing_context(code: str) -> dict:
    """What the briefing shows, on the page and on paper: everything open with the
    counterpart ``code``, grouped by topic, the most urgent first."""
    party = get_object_or_404(Party.objects.counterparts(), code=code.upper())
    today = timezone.localdate()
    total = caching.count(
        selectors.briefing_commitments(party, today=today), scopes=[caching.FIGURES]
    )
    page = selectors.briefing_page(party, today=today, limit=selectors.BRIEFING_SHOWN, total=total)
    one_side = caching.count(
        selectors.briefing_commitments(party, today=today).reported(Reported.ONE_SIDE),
        scopes=[caching.FIGURES],
    )

    # Each row rendered once per commitment version, with the topic it is listed under; the
    # rows themselves (and their last updates) fetched only for those that are not. The page
    # and the PDF share the rendered rows.
    def build(ids: list[int]) -> dict[int, dict]:
        template = get_template("meetings/_briefing_row.html")
        words = row_words()
        built = {}
        for pk, row in selectors.briefing_rows(ids, today=today).items():
            topics = row["topics"]
            row["other_topics"] = [topic["name"] for topic in topics[1:]]
            built[pk] = {
                "topic": topics[0] if topics else None,
                "html": template.render({"c": row, "today": today, "words": words}),
            }
        return built

    # Each commitment once, under its first topic (by name), so the count on paper adds up.
    groups: dict[str, dict] = {}
    for record, row in zip(page, caching.rows("briefing-row", page, build=build), strict=True):
        topic = row["topic"]
        group = groups.setdefault(
            topic["slug"] if topic else "", {"topic": topic, "ids": [], "rows": []}
        )
        group["ids"].append(record.pk)
        group["rows"].append(row["html"])
    ordered = sorted(
        groups.values(),
        key=lambda g: (g["topic"] is None, g["topic"]["name"] if g["topic"] else ""),
    )
    return {
        "party": party,
        "groups": ordered,
        "total": total,
        "one_side": one_side,
        "shown": len(page),
        "more": total - len(page),
        "today": today,
    }


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def briefing(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "meetings/briefing.html", _briefing_context(code))


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def briefing_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The briefing on paper: the same rows as the page, as an A4 PDF in the page's language."""
    context = _briefing_context(code)
    html = render_to_string("meetings/briefing_pdf.html", context, request=request)
    party, today = context["party"], context["today"]
    response = HttpResponse(
        pdf.render(html, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    filename = f"briefing-{party.code}-{today.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
