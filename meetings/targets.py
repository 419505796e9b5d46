"""Expected-by dates for commitments whose target is said, not dated.

"At an early date" still means something: the table below turns each vague target into a
horizon from the meeting date, so vague commitments can go overdue too. An explicit ``due_on``
always wins. Deployments override the table with the ``TARGET_HORIZONS`` setting.
"""

import datetime
import re

from django.conf import settings

END_OF_YEAR = "end_of_year"
END_OF_NEXT_YEAR = "end_of_next_year"

# Longer phrases first: the first phrase found in the target decides.
DEFAULT_TARGET_HORIZONS: dict[str, int | str] = {
    "as early as possible next year": 180,
    "immediately": 30,
    "immediate": 30,
    "without delay": 30,
    "as soon as possible": 90,
    "as early as possible": 90,
    "at an early date": 180,
    "early": 180,
    "at an appropriate time": 365,
    "in the near future": 180,
    "within the year": END_OF_YEAR,
    "by the end of the year": END_OF_YEAR,
    "this year": END_OF_YEAR,
    "next year": END_OF_NEXT_YEAR,
}


def target_horizons() -> dict[str, int | str]:
    return getattr(settings, "TARGET_HORIZONS", None) or DEFAULT_TARGET_HORIZONS


def _normalise(target: str) -> str:
    return re.sub(r"\s+", " ", target.strip().lower())


def expected_by(
    *, made_on: datetime.date, due_on: datetime.date | None, target: str
) -> datetime.date | None:
    """When a commitment made on ``made_on`` is expected to be done, or None if never said."""
    if due_on is not None:
        return due_on
    phrase = _normalise(target)
    if not phrase:
        return None
    for key, horizon in target_horizons().items():
        if re.search(rf"\b{re.escape(key)}\b", phrase):
            if horizon == END_OF_YEAR:
                return datetime.date(made_on.year, 12, 31)
            if horizon == END_OF_NEXT_YEAR:
                return datetime.date(made_on.year + 1, 12, 31)
            return made_on + datetime.timedelta(days=int(horizon))
    return None
