"""One spelling per username.

Usernames are stored normalised (NFKC, then case-folded: "Alice" and "alice" typed in
full-width letters are "alice"), and sign-in and the lockout normalise what is typed the same
way. A new name whose *skeleton* equals an existing name's is refused: the skeleton replaces
every non-ASCII letter that Unicode lists as a look-alike of an ASCII one (confusables.txt,
through the ``confusable_homoglyphs`` package) by that letter, so "alice" spelt with a Cyrillic
or Greek "a" cannot stand beside "alice". ASCII letters and digits are kept as they are
("user1" and "userl" may both exist), as in the readable names the ministry gives.
"""

import functools
import unicodedata

from confusable_homoglyphs import confusables
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise(name: str) -> str:
    """NFKC, case-folded, NFKC again (case folding can undo the first), outer spaces cut."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return unicodedata.normalize("NFKC", folded).strip()


@functools.lru_cache(maxsize=4096)
def _ascii_twin(ch: str) -> str:
    if ch.isascii():
        return ch
    found = confusables.is_confusable(ch, greedy=True) or []
    twins = sorted(
        glyph["c"]
        for each in found
        for glyph in each["homoglyphs"]
        if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalnum()
    )
    return twins[0].casefold() if twins else ch


def skeleton(name: str) -> str:
    """What ``name`` looks like: its normal form with look-alike letters made ASCII."""
    return "".join(_ascii_twin(ch) for ch in normalise(name))


def twin_of(name: str, *, exclude_pk: int | None = None) -> str | None:
    """The existing username that ``name`` is, or looks like, if any."""
    wanted = skeleton(name)
    others = get_user_model().objects.exclude(pk=exclude_pk).values_list("username", flat=True)
    return next((other for other in others.iterator() if skeleton(other) == wanted), None)


def clean_new_username(name: str, *, exclude_pk: int | None = None) -> str:
    """``name`` normalised, or a ``ValidationError`` if it is taken or looks like a taken one
    (``exclude_pk``: the account being renamed)."""
    normal = normalise(name)
    twin = twin_of(normal, exclude_pk=exclude_pk)
    if twin is not None:
        if normalise(twin) == normal:
            message = _("The username %(name)s is taken.")
        else:
            message = _("The username %(name)s looks like the existing %(twin)s; choose another.")
        raise ValidationError(message % {"name": normal, "twin": twin}, code="twin")
    return normal


def username_for_lockout(request, credentials) -> str | None:
    """The username django-axes counts failures under (``AXES_USERNAME_CALLABLE``)."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None and request.method == "POST":
        raw = request.POST.get("username")
    return normalise(raw) if isinstance(raw, str) else raw
