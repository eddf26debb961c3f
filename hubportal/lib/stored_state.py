"""Values stored on a row that other rows decide ("status as data"), and the nightly check that they still agree.

A list filters and counts through an index on a stored value rather than working it out for every row on every
view. The domain functions that change what a value comes from refresh it in their own transaction. A missed
refresh is a bug, so the nightly check works every row out afresh, corrects those that drifted and names them in a
warning for someone to find the function that forgot.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

logger = logging.getLogger(__name__)

# Drifted rows named in the warning; the count says how many in all.
DRIFT_SAMPLE = 10
# Rows corrected per UPDATE when many drifted (a migration gone wrong, a restore): few locks held at a time.
REFRESH_BATCH = 2000


@dataclass(frozen=True)
class StoredState:
    """One kind of stored value: how to find the rows where it is wrong and how to work it out again."""

    name: str  # what the warning and the command call it: "claim state"
    rows: str  # what the rows are, counted: "ECT period(s)"
    drifted: Callable[[], QuerySet]  # every row whose stored value differs from what it comes to now
    refresh: Callable[[Iterable[int]], int]  # works the value out again for these ids, in one UPDATE
    # The drifted row's field whose ids refresh takes: its own pk, or a parent's when the value of one row depends
    # on its siblings' (an induction's periods are refreshed together).
    refresh_by: str = "pk"


def ids_to_refresh(ids: Iterable[int | None]) -> list[int]:
    """The distinct ids a refresh was given, in order, without the None of a row that has no such parent."""
    return sorted({pk for pk in ids if pk is not None})


def check_stored_state(state: StoredState) -> list[int]:
    """Every row's value worked out afresh; the rows that had drifted are named in a warning and corrected.
    Returns their ids (none when every refresh was called where it should be)."""
    drifted = list(state.drifted().order_by("pk").values_list("pk", state.refresh_by))
    if not drifted:
        return []
    row_ids = [pk for pk, _ in drifted]
    logger.warning("Stored %s had drifted on %d %s, now corrected; the first: %s",
                   state.name, len(row_ids), state.rows, row_ids[:DRIFT_SAMPLE])
    refresh_ids = ids_to_refresh(key for _, key in drifted)
    for start in range(0, len(refresh_ids), REFRESH_BATCH):
        with transaction.atomic():
            state.refresh(refresh_ids[start:start + REFRESH_BATCH])
    return row_ids
