"""Hub staff's event pages: list, create, edit, copy, invite an audience and watch the sending.

Only hub staff (participants.access.is_hub_staff) see these; anyone else gets 404, so the
pages do not reveal they exist. Every change goes through a domain function
(programmes.events, programmes.event_invitations).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubportal.lib.forms import add_domain_error
from hubportal.lib.outbox import EmailState
from participants import access
from programmes.events.audiences import resolve
from programmes.events.events import cancel_event, copy_event, create_event, event_history, update_event
from programmes.events.forms import AudienceForm, EventForm
from programmes.events.invitations import invite_audience, resend_event_invitation
from programmes.events.replies import REPLY_GROUPS, ReplyGroup, invitations_counted, reply_count_aggregates, reply_group
from programmes.models import Event, EventInvitation, Place

RECIPIENTS_PER_PAGE = 100
# Domain errors are keyed by model field; the form shows them on the input at fault.
FORM_FIELD_FOR = {"starts_at": "start_time", "ends_at": "end_time"}


def _event_for(user, public_id) -> Event:
    access.require_hub_staff(user)
    return get_object_or_404(Event.objects.select_related("cohort__programme"), public_id=public_id)


PAST_EVENTS_PER_PAGE = 25
UPCOMING_EVENTS_PER_PAGE = 25


def _with_reply_counts(events):
    """Each event's invited, accepted and waiting counts, worked out only for the rows the page shows.

    A subquery per row rather than a join: with a join the database counts every event's invitations
    before it sorts and keeps a page; a subquery in the selected columns runs after the page is cut.
    """
    return events.annotate(
        invited=invitations_counted(),
        accepted=invitations_counted(place=Place.CONFIRMED),
        waiting=invitations_counted(place=Place.WAITING),
    )


@login_required
@require_GET
def event_list(request):
    access.require_hub_staff(request.user)
    now = timezone.now()
    # Both lists a page at a time (a database shared by many hubs holds hundreds of events to come), upcoming
    # soonest first, past newest first; both lists' sizes in one query, each page's rows with their counts in one.
    sizes = Event.objects.aggregate(upcoming=Count("pk", filter=Q(ends_at__gte=now)), past=Count("pk", filter=Q(ends_at__lt=now)))
    upcoming = _CountedPaginator(_with_reply_counts(Event.objects.filter(ends_at__gte=now)).order_by("starts_at", "pk"),
                                 UPCOMING_EVENTS_PER_PAGE, sizes["upcoming"]).get_page(request.GET.get("upcoming"))
    past = _CountedPaginator(_with_reply_counts(Event.objects.filter(ends_at__lt=now)).order_by("-starts_at", "-pk"),
                             PAST_EVENTS_PER_PAGE, sizes["past"]).get_page(request.GET.get("page"))
    return render(request, "programmes/events/list.html", {"upcoming": upcoming, "past": past, "page": past})


class _CountedPaginator(Paginator):
    """A paginator given its number of rows, so two lists on one page are sized by one query."""

    def __init__(self, object_list, per_page: int, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    access.require_hub_staff(request.user)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = create_event(form.event_data(), actor=request.user)
        except ValidationError as error:
            add_domain_error(form, error, FORM_FIELD_FOR)
        else:
            messages.success(request, f"Event “{event.title}” created. Now choose who to invite.")
            return redirect("programmes:event_detail", event=event.public_id)
    return render(request, "programmes/events/form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, event):
    event = _event_for(request.user, event)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        try:
            update = update_event(event, form.event_data(), actor=request.user)
        except ValidationError as error:
            add_domain_error(form, error, FORM_FIELD_FOR)
        else:
            messages.success(request, _saved_message(update.told))
            event = update.event
            return redirect("programmes:event_detail", event=event.public_id)
    return render(request, "programmes/events/form.html", {"form": form, "event": event})


def _saved_message(told: int) -> str:
    if not told:
        return "Event details saved."
    people = "1 person with a place or on the waiting list is" if told == 1 else f"{told} people with a place or on the waiting list are"
    return f"Event details saved. {people} being emailed the new time or place."


@require_POST
@login_required
def event_copy(request, event):
    event = _event_for(request.user, event)
    copy = copy_event(event, actor=request.user)
    messages.success(request, f"Copied “{event.title}” to {timezone.localtime(copy.starts_at):%A %-d %B %Y}. Check the details and save.")
    return redirect("programmes:event_edit", event=copy.public_id)


@require_POST
@login_required
def event_cancel(request, event):
    event = _event_for(request.user, event)
    try:
        told = cancel_event(event, reason=request.POST.get("reason", ""), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{event.title}” is cancelled. {told} {'person is' if told == 1 else 'people are'} being told.")
    return redirect("programmes:event_detail", event=event.public_id)


def _progress(counts: dict) -> dict:
    """The sending's figures for the bar, from the counts of _counts."""
    progress = {key: counts[key] for key in ("total", "sent", "failed", "pending")}
    done = progress["sent"] + progress["failed"]
    progress["percent"] = round(100 * done / progress["total"]) if progress["total"] else 100
    # What the page shows now: a poll that finds the same answers "nothing new" (_poll_answer).
    progress["seen"] = f"{progress['sent']}-{progress['failed']}-{progress['total']}"
    return progress


def _counts(event: Event, *, replies: bool = False) -> dict:
    """How the invitations' emails are going, and (for the page) how people replied: one query either way."""
    aggregates = {
        "total": Count("pk"),
        "sent": Count("pk", filter=Q(email_state=EmailState.SENT)),
        "failed": Count("pk", filter=Q(email_state=EmailState.FAILED)),
        "pending": Count("pk", filter=Q(email_state__in=[EmailState.QUEUED, EmailState.SENDING])),
    }
    return event.invitations.aggregate(**aggregates, **(reply_count_aggregates() if replies else {}))


def _invitee_page(request, event: Event) -> tuple[Page, ReplyGroup | None]:
    """The page of invitees the address asks for, filtered by reply (?reply=accepted); an unknown reply shows everyone."""
    group = reply_group(request.GET.get("reply"))
    invitations = event.invitations.select_related("school").order_by("last_name", "first_name", "email")
    if group:
        invitations = invitations.filter(group.condition)
    return Paginator(invitations, RECIPIENTS_PER_PAGE).get_page(request.GET.get("page")), group


def _poll_url(event: Event, page: Page, group: ReplyGroup | None, progress: dict) -> str:
    """The progress poll's address: the page of rows on screen (to send back updated) and the figures it shows."""
    query = {"page": page.number, "seen": progress["seen"]}
    if group:
        query["reply"] = group.key
    return f"{reverse('programmes:event_progress', kwargs={'event': event.public_id})}?{urlencode(query)}"


def _render_detail(request, event: Event, audience_form: AudienceForm, check: dict | None = None):
    counts = _counts(event, replies=True)
    progress = _progress(counts)
    page, group = _invitee_page(request, event)
    context = {
        "event": event, "audience_form": audience_form, "form": audience_form, "check": check, "page": page,
        "facilitators": event.facilitators.order_by("last_name", "first_name"),
        "progress": progress, "poll_url": _poll_url(event, page, group, progress),
        "is_open": not event.cancelled_at and event.ends_at > timezone.now(),
        "history": event_history(event),
        "reply_filter": group,
        # The lapsed offers' group shows only when someone is in it (or it is the filter).
        "replies": [(g, counts[f"reply_{g.key}"]) for g in REPLY_GROUPS
                    if g.key != "lapsed" or counts["reply_lapsed"] or g == group],
    }
    return render(request, "programmes/events/detail.html", context)


@login_required
@require_GET
def event_detail(request, event):
    """The event, who to invite ("Check how many" is a GET of this page), and who is invited."""
    event = _event_for(request.user, event)
    check = None
    if "check" in request.GET:
        audience_form = AudienceForm(request.GET)
        if audience_form.is_valid():
            rules, extras = audience_form.audience()
            emails = [r.email.lower() for r in resolve(rules, extras, today=timezone.localdate())]
            already = event.invitations.filter(email__in=emails).count() if emails else 0
            check = {"matched": len(emails), "already": already, "new": len(emails) - already, "extras_text": "\n".join(extras)}
    else:
        audience_form = AudienceForm()
    return _render_detail(request, event, audience_form, check)


@require_POST
@login_required
def event_invite(request, event):
    event = _event_for(request.user, event)
    audience_form = AudienceForm(request.POST)
    if not audience_form.is_valid():
        return _render_detail(request, event, audience_form)
    rules, extras = audience_form.audience()
    try:
        created = invite_audience(event, rules, extras, actor=request.user, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(request, f"{created} invitation{'s' if created != 1 else ''} queued to send.")
        else:
            messages.info(request, "Everyone in that audience has already been invited. Nobody new was added.")
    return redirect("programmes:event_detail", event=event.public_id)


@require_POST
@login_required
def event_invitation_resend(request, event, invitation):
    event = _event_for(request.user, event)
    invitation = get_object_or_404(EventInvitation, event=event, public_id=invitation)
    if resend_event_invitation(invitation):
        messages.success(request, f"The invitation to {invitation.email} is queued to send again.")
    else:
        messages.error(request, f"Only a failed invitation can be re-sent; the one to {invitation.email} is {invitation.get_email_state_display().lower()}.")
    return redirect("programmes:event_detail", event=event.public_id)


@login_required
@require_GET
def event_progress(request, event):
    """The progress bar, which htmx polls while invitations are still to be sent, with the rows on screen.

    The poll names the page of invitees on screen (page, reply) and the figures it shows (seen). While
    nothing has changed it is answered 204, which htmx leaves on screen (so the live region stays quiet)
    and polls again; otherwise with the new bar and, swapped out of band, that page's rows in their new
    states. The bar's answer once nothing is left to send has no trigger, so the polling stops there.
    """
    event = _event_for(request.user, event)
    progress = _progress(_counts(event))
    if progress["pending"] and request.GET.get("seen") == progress["seen"]:
        return HttpResponse(status=204)
    page, group = _invitee_page(request, event)
    context = {"event": event, "progress": progress, "poll_url": _poll_url(event, page, group, progress), "rows": page}
    return render(request, "programmes/events/_progress.html", context)
