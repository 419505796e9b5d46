"""The audit trail on the pages: a commitment's and a meeting's History tab (whoever reads
the record), and the whole audit for managers (``/audit/``), filtered by person and dates."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from meetings import roles
from meetings.audit import history
from meetings.audit.filters import AuditFilter
from meetings.models import Commitment, Meeting
from meetings.web.views import (
    CAN_VIEW_COMMITMENTS,
    CAN_VIEW_MEETINGS,
    INVALID,
    _query_without,
    _readable_filter_form,
    requires,
)

PAGE_SIZE = 50


def _page(request: HttpRequest, entries) -> dict:
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "rows": history.rows(list(page.object_list)),
        "query": _query_without(request, "page"),
    }


def _template(request: HttpRequest, page: str) -> str:
    return "meetings/_history_results.html" if request.htmx else page


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def commitment_history(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.only("pk", "title"), pk=pk)
    context = {"commitment": commitment} | _page(request, history.for_commitment(pk))
    return render(request, _template(request, "meetings/commitment_history.html"), context)


@require_safe
@requires(CAN_VIEW_MEETINGS)
def meeting_history(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.only("pk", "title", "held_on"), pk=pk)
    context = {"meeting": meeting} | _page(request, history.for_meeting(pk))
    return render(request, _template(request, "meetings/meeting_history.html"), context)


@require_safe
@requires(roles.CAN_READ_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    filterset = AuditFilter(request.GET, queryset=history.everything())
    _readable_filter_form(filterset.form)
    context = {"filter": filterset}
    if not filterset.is_valid():
        return render(
            request, _template(request, "meetings/audit_list.html"), context, status=INVALID
        )
    context |= _page(request, filterset.qs)
    return render(request, _template(request, "meetings/audit_list.html"), context)
