"""The list's tools for people with twenty things to do: one action on the selected rows,
"Assign to me", the "Mine" tabs and saved filters. Thin: forms validate, services write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings import roles, selectors, services
from meetings.models import Commitment, SavedFilter, as_number
from meetings.web.forms import add_service_errors
from meetings.web.list_forms import BulkForm, SavedFilterForm
from meetings.web.views import (
    CAN_VIEW_COMMITMENTS,
    INVALID,
    _acts_on_rows,
    _detail_context,
    render_list,
    requires,
    row_words,
)


def _back(address: str, params: QueryDict) -> str:
    query = params.urlencode()
    return address + (f"?{query}" if query else "")


def _posted_query(request: HttpRequest) -> QueryDict:
    """The list's query string the form was posted from (its hidden ``query``)."""
    return QueryDict(request.POST.get("query", ""))


# One action on the selected rows ------------------------------------------------------------


@require_POST
@requires(CAN_VIEW_COMMITMENTS, roles.CAN_RECORD_UPDATE, roles.CAN_ASSIGN)
def commitment_bulk(request: HttpRequest) -> HttpResponseBase:
    """Apply one action to every ticked row, or to none: without JS a redirect back to the
    list; with HTMX the list's results again. Refused: 422, each refused row named, the rows
    still ticked and what was typed kept."""
    params = _posted_query(request)
    base, scope, address = _posted_scope(request)
    form = BulkForm(request.POST, user=request.user)
    refusals: list[services.Refusal] = []
    if form.is_valid():
        try:
            count = form.save(author=request.user)
        except services.BulkRefused as refused:
            refusals = refused.refusals
            form.add_error(None, str(refused))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = ngettext("%(n)d commitment changed.", "%(n)d commitments changed.", count) % {
                "n": count
            }
            if not request.htmx:
                messages.success(request, done)
                return redirect(_back(address, params))
            return render_list(
                request, params, base=base, extra=scope | {"bulk_done": done}, fragment=True
            )
    ticked = {seen.commitment_id for seen in form.cleaned_data.get("selected") or []}
    if not ticked:
        ticked = {
            int(value.partition(":")[0])
            for value in request.POST.getlist("selected")
            if value.partition(":")[0].isdigit()
        }
    return render_list(
        request,
        params,
        base=base,
        extra=scope | {"bulk_form": form, "refusals": refusals},
        status=INVALID,
        checked=frozenset(ticked),
    )


# Assign to me -------------------------------------------------------------------------------


@require_POST
@requires(CAN_VIEW_COMMITMENTS, roles.CAN_ASSIGN)
def commitment_assign_to_me(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The person follows the commitment up from now on (its division stays), checked
    against the version their page or row showed. Without JS: back to where they were."""
    commitment = get_object_or_404(Commitment.objects.select_related("meeting"), pk=pk)
    version = as_number(request.POST.get("version"))
    notice, status = "", 200
    if version is None:
        notice, status = _("The page was out of date: reload it and try again."), INVALID
    else:
        try:
            services.assign_to_me(
                commitment=commitment, expected_version=version, person=request.user
            )
        except services.StaleVersion as stale:
            notice, status = str(stale), 409
        except ValidationError as error:
            notice, status = " ".join(error.messages), INVALID
    if request.htmx and not request.htmx.boosted:
        return _one_row(request, pk, notice=notice or _("Assigned to you."), status=status)
    if status != 200:
        messages.error(request, notice)
        fresh = get_object_or_404(selectors.commitment_detail_queryset(), pk=pk)
        return render(
            request,
            "meetings/commitment_detail.html",
            _detail_context(request, fresh),
            status=status,
        )
    messages.success(request, _("Assigned to you."))
    if "query" in request.POST:
        return redirect(_back(_posted_scope(request)[2], _posted_query(request)))
    return redirect(commitment)


def _one_row(request: HttpRequest, pk: int, *, notice: str, status: int) -> HttpResponse:
    rows = selectors.commitment_list_rows([pk], today=timezone.localdate())
    return render(
        request,
        "meetings/_commitment_row.html",
        {
            "c": rows[pk],
            "acts": _acts_on_rows(request.user),
            "notice": notice,
            "words": row_words(),
        },
        status=status,
    )


# Mine ------------------------------------------------------------------------------------------

# Each tab of "Mine" and its address's name.
MINE_TABS = {"assigned": "mine", "division": "mine-division"}


def _posted_scope(request: HttpRequest) -> tuple:
    """The list a row tool was used on (its hidden ``list``: the whole list, or a tab of
    "Mine"), as ``(base, extra, address)`` to draw it again or go back to it."""
    tab = request.POST.get("list", "")
    if tab in MINE_TABS:
        base, extra = _mine_scope(request, tab)
        return base, extra, extra["list_url"]
    return None, {}, reverse("commitment-list")


def _mine_scope(request: HttpRequest, tab: str) -> tuple:
    """What "Mine" lists before the filters (``tab``: "assigned" or "division"), and what
    its page shows beside the list: the tabs, the person's divisions, the hint when empty."""
    base, divisions = selectors.mine_queryset(request.user, tab)
    if tab == "division" and not divisions:
        hint = _(
            "You belong to no division yet, so none of its commitments can be listed "
            "here. Ask an administrator to add you to yours (in the admin, on your "
            "account)."
        )
    elif tab == "division":
        hint = _(
            "Your divisions own no commitments matching these filters. Commitments get "
            "an owner when someone assigns them: tick rows in the list and choose "
            "“Assign”, or use the form on a commitment's page."
        )
    else:
        hint = _(
            "Nothing matching these filters is assigned to you. Find a commitment in the "
            "list (or under “My division”) and press “Assign to me”, or ask the person "
            "who assigns your division's work."
        )
    extra = {
        "mine_tab": tab,
        "mine_divisions": divisions,
        "empty_hint": hint,
        "list_url": reverse(MINE_TABS[tab]),
    }
    return base, extra


@require_safe
@requires(CAN_VIEW_COMMITMENTS)
def mine(request: HttpRequest, tab: str = "assigned") -> HttpResponse:
    """The commitments assigned to the person, or owned by their divisions, through the
    list's filters (open ones unless the query says otherwise); empty, a hint of what to do."""
    params = request.GET if request.GET else QueryDict("open=true")
    base, extra = _mine_scope(request, tab)
    return render_list(request, params, base=base, extra=extra)


# Saved filters ---------------------------------------------------------------------------------


def _filters_page(request: HttpRequest, *, new_form=None, edited=None, status=200):
    divisions = selectors.divisions_of(request.user)
    visible = selectors.saved_filters_for(request.user)
    own = [saved for saved in visible if saved.owner_id == request.user.pk]
    forms_by_pk = {
        saved.pk: (
            edited
            if edited is not None and edited.saved.pk == saved.pk
            else SavedFilterForm(person=request.user, divisions=divisions, saved=saved)
        )
        for saved in own
    }
    return render(
        request,
        "meetings/saved_filters.html",
        {
            "own": [(saved, forms_by_pk[saved.pk]) for saved in own],
            "shared": [saved for saved in visible if saved.owner_id != request.user.pk],
            "new_form": new_form,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(CAN_VIEW_COMMITMENTS)
def saved_filters(request: HttpRequest) -> HttpResponseBase:
    """The person's saved filters (rename, share, delete) and those shared with them; a
    POST saves the list's current filters under a name, then shows them applied."""
    if request.method != "POST":
        return _filters_page(request)
    form = SavedFilterForm(
        request.POST, person=request.user, divisions=selectors.divisions_of(request.user)
    )
    if form.is_valid():
        try:
            saved = form.save()
        except ValidationError:
            pass
        else:
            messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
            return redirect(saved)
    return _filters_page(request, new_form=form, status=INVALID)


def _own_filter(request: HttpRequest, pk: int) -> SavedFilter:
    """The person's own saved filter; another's they can see may be used, not changed."""
    saved = get_object_or_404(
        SavedFilter.objects.visible_to(request.user, selectors.division_ids_of(request.user)),
        pk=pk,
    )
    if saved.owner_id != request.user.pk:
        raise PermissionDenied(_("Only the person who saved this filter may change it."))
    return saved


@require_POST
@requires(CAN_VIEW_COMMITMENTS)
def saved_filter_change(request: HttpRequest, pk: int) -> HttpResponseBase:
    saved = _own_filter(request, pk)
    form = SavedFilterForm(
        request.POST,
        person=request.user,
        divisions=selectors.divisions_of(request.user),
        saved=saved,
    )
    if form.is_valid():
        try:
            form.save()
        except ValidationError:
            pass
        else:
            messages.success(request, _("Saved filter changed."))
            return redirect("saved-filters")
    return _filters_page(request, edited=form, status=INVALID)


@require_POST
@requires(CAN_VIEW_COMMITMENTS)
def saved_filter_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    saved = _own_filter(request, pk)
    services.delete_saved_filter(saved=saved, person=request.user)
    messages.success(request, _("Filter “%(name)s” deleted.") % {"name": saved.name})
    return redirect("saved-filters")
