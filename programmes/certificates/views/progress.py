"""The progress bar of a set of certificates being made, and the poll that keeps its page's rows live.

A page shows the bar (templates/programmes/certificates/staff/_progress.html) with a poll address that
says what the page shows: the figures (`seen`) and when it last looked (`since`). While the figures are
the same the poll is answered 204, which htmx leaves on screen and polls again; otherwise it answers
with the new bar and, swapped out of band by their ids, the rows that moved (certificates.changed_since).
Once none is left to make, the bar has no trigger and the polling stops.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from programmes.certificates.certificates import changed_since, progress_of
from programmes.models import Certificate

# A worker stamps rendered_at a moment before its transaction commits: a poll looks back this much
# further, so a row made just as the page was drawn is not missed (a row sent twice is harmless).
LOOK_BACK = timedelta(seconds=10)


def progress_context(certificates: QuerySet[Certificate], url: str) -> dict:
    """The bar's figures and its poll's address, for a page or for a poll's answer."""
    since = timezone.now() - LOOK_BACK
    progress = progress_of(certificates)
    return {"progress": progress, "progress_url": f"{url}?{urlencode({'seen': progress.seen, 'since': since.isoformat()})}"}


def _since(request) -> datetime | None:
    try:
        since = datetime.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        return None
    return since if timezone.is_aware(since) else None


def poll(request, certificates: QuerySet[Certificate], url: str, *, row_template: str, rows: QuerySet[Certificate] | None = None,
         extra: Callable[[], dict] | None = None) -> HttpResponse:
    """Answer a poll of the bar: 204 when nothing changed, else the bar and the rows that moved.

    `rows` is `certificates` with whatever the page's row template reads (select_related); `extra`
    gives more context for the template, such as the event page's buttons (called only when answering).
    """
    context = progress_context(certificates, url)
    if not context["progress"].done and request.GET.get("seen") == context["progress"].seen:
        return HttpResponse(status=204)
    moved = changed_since(rows if rows is not None else certificates, _since(request)).order_by("pk")
    context.update({"polled": True, "rows": moved, "row_template": row_template, **(extra() if extra else {})})
    return render(request, "programmes/certificates/staff/_progress.html", context)
